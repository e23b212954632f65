"""Text and Markdown reports: encodings, line splitting, and the ways a text file can be unreadable."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.errors import AuditError, UnreadableInput
from audit.ingest import Input, read
from audit.ingest import text as text_module

# Shaped like the real reports: blank lines, indentation, full-width spaces and punctuation, symbols
# outside the plain hanzi block, and trailing spaces that must survive.
LINES = (
    "",
    "窗口工作周报",
    "2023 年第 34 期（总第 454 期）",
    "## 一、综窗改革攻坚行动",
    "  本周，共计咨询 1724 人次、受理 774 件；今年以来，累计受理 12658 件。",
    "\t占比 54.91%，面积 120㎡，气温 25℃。  ",
    "　　（1）近日，省卫健委印发《重点任务清单》——“放管服”改革①。",
    "",
    "四川省政府政务服务和公共资源交易服务中心",
)


def _write(path: Path, data: bytes) -> Input:
    path.write_bytes(data)
    return Input(path=path, source=path.name)


@pytest.mark.parametrize(
    ("codec", "prefix", "expected_encoding"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
        ("gb18030", b"", "gb18030"),
        ("gbk", b"", "gb18030"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
        ("utf-32-le", codecs.BOM_UTF32_LE, "utf-32"),
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_chinese_text_round_trips(
    tmp_path: Path, codec: str, prefix: bytes, expected_encoding: str, newline: str
) -> None:
    item = _write(tmp_path / "report.txt", prefix + newline.join(LINES).encode(codec))

    document = read(item)

    assert (document.lines, document.encoding, document.format, document.source) == (
        LINES,
        expected_encoding,
        "txt",
        "report.txt",
    )


@pytest.mark.parametrize(
    ("name", "expected_format"),
    [("a.md", "md"), ("a.MARKDOWN", "md"), ("a.txt", "txt"), ("a.csv", "txt"), ("README", "txt")],
)
def test_format_follows_the_name(tmp_path: Path, name: str, expected_format: str) -> None:
    assert read(_write(tmp_path / name, "# 周报\n".encode())).format == expected_format


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("a\nb\n", ("a", "b")),
        ("a\nb", ("a", "b")),
        ("a\n\n", ("a", "")),
        ("\n\na", ("", "", "a")),
        ("a\r\nb\rc\nd", ("a", "b", "c", "d")),
        ("a\r\rb", ("a", "", "b")),
        ("a\r\n\r\nb", ("a", "", "b")),
        # Only CR and LF end a line: these separators stay inside it, as an editor shows them.
        ("a\x0bb\x0cc\u2028d\x85e", ("a\x0bb\x0cc\u2028d\x85e",)),
        ("  padded  \n", ("  padded  ",)),
    ],
)
def test_lines_split_on_cr_lf_only(tmp_path: Path, content: str, expected: tuple[str, ...]) -> None:
    assert read(_write(tmp_path / "a.txt", content.encode())).lines == expected


def test_big5_falls_back_to_charset_normalizer(tmp_path: Path) -> None:
    line = "窗口工作周報，本週共計諮詢 1724 人次、受理 774 件；今年以來，累計諮詢 46612 人次。"
    document = read(_write(tmp_path / "big5.txt", "\n".join([line] * 3).encode("big5")))
    assert (document.lines, document.encoding) == ((line,) * 3, "big5")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n", "empty file"),
        ("\u3000\n".encode(), "empty file"),
        (codecs.BOM_UTF8, "empty file"),
        (codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"), "empty file"),
        ("周报\x00\x00数据".encode(), "binary data, not a text, .docx or .pdf report"),
        (bytes(range(1, 32)) * 4, "binary data, not a text, .docx or .pdf report"),
        (codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le"), "binary data, not a text, .docx or .pdf report"),
        (codecs.BOM_UTF16_LE + "周报".encode("utf-16-le") + b"\x00", "damaged UTF-16 text"),
        (("本周受理 774 件。\n" * 30).encode() + b"\xff\xfe bad\n", "invalid UTF-8 on line 31"),
    ],
)
def test_unreadable_text(tmp_path: Path, data: bytes, reason: str) -> None:
    item = _write(tmp_path / "bad.txt", data)
    with pytest.raises(UnreadableInput) as caught:
        read(item)
    assert str(caught.value).startswith(f"bad.txt: {reason}")


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    # A sparse file of NULs: had it been read, it would be reported as binary, not as too large.
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(text_module.MAX_TEXT_BYTES + 1)
    with pytest.raises(UnreadableInput, match=r"^huge\.txt: file too large \(64 MiB, limit 64 MiB\)$"):
        read(Input(path=path, source="huge.txt"))


def test_size_cap_is_a_module_constant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_module, "MAX_TEXT_BYTES", 10)
    item = _write(tmp_path / "a.txt", b"0123456789\n")
    with pytest.raises(UnreadableInput, match=r"^a\.txt: file too large \(11 bytes, limit 10 bytes\)$"):
        read(item)


_PROSE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff"), min_size=1
).filter(lambda s: s.strip() != "")


@settings(max_examples=60, deadline=None)
@given(lines=st.lists(_PROSE, min_size=1, max_size=5), newline=st.sampled_from(["\n", "\r\n", "\r"]))
def test_any_utf8_text_round_trips(lines: list[str], newline: str) -> None:
    text, encoding = text_module.decode(newline.join(lines).encode(), "p.txt")
    assert (text_module.split_lines(text), encoding) == (tuple(lines), "utf-8")


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_never_escape_as_a_traceback(data: bytes) -> None:
    try:
        text, _ = text_module.decode(data, "p.txt")
    except AuditError as error:
        assert str(error).startswith("p.txt: ")
    else:
        assert text.strip()


@pytest.mark.parametrize(
    ("text", "cells", "headers"),
    [
        (
            "| 事项 | 受理 | 办结 |\n|:---|---:|---|\n| 行政许可事项 | 1 | 2 |",
            (("事项", "受理", "办结"), ("行政许可事项", "1", "2")),
            1,
        ),
        (
            "| 事项 | 今年以来 | |\n| --- | --- | --- |\n| | 受理 | 办结 |\n| 行政许可事项 | 1 | 2 |",
            (("事项", "今年以来", "今年以来"), ("", "受理", "办结"), ("行政许可事项", "1", "2")),
            2,
        ),
        (
            "事项 | 受理 | 办结\n行政许可事项 | 1 | 2",
            (("事项", "受理", "办结"), ("行政许可事项", "1", "2")),
            1,
        ),
    ],
    ids=["markdown", "two-heading-rows", "pasted-bars"],
)
def test_pipe_tables_become_grids(text: str, cells: tuple[tuple[str, ...], ...], headers: int) -> None:
    from audit.ingest.text import pipe_tables

    lines = tuple(("前文。\n" + text + "\n后文。").split("\n"))
    (table,), notes = pipe_tables(lines)
    assert (table.cells, table.header_rows, notes) == (cells, headers, ())
    assert [lines[n - 1].count("|") >= 2 for n in table.lines] == [True] * len(cells)


def test_bars_in_prose_are_no_table() -> None:
    from audit.ingest.text import pipe_tables

    assert pipe_tables(("甲 | 乙", "丙 | 丁")) == ((), ())
