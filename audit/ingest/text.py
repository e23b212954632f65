"""Plain-text and Markdown reports: encoding detected from the bytes, lines kept as written."""

from __future__ import annotations

import codecs
import functools
import re
from typing import BinaryIO

from audit import messages
from audit.errors import UnreadableInput
from audit.ingest.document import Document, ReadNote, Table
from audit.ingest.tabular import header_rows, is_data_table, make_table

#: Text files larger than this are refused before being read.
MAX_TEXT_BYTES = 64 * 1024 * 1024

BINARY_REASON = messages.text("binary_file")
SAVE_AS_UTF8 = messages.text("save_as_utf8")

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls a text file does not contain (tab, LF, VT, FF, CR, SUB and ESC are tolerated).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0E, 0x0F, *range(0x10, 0x1A), *range(0x1C, 0x20), 0x7F])
_CONTROL_CHARS = frozenset(_CONTROL_BYTES.decode("ascii"))
_MAX_CONTROL_SHARE = 0.05
# GB18030 decodes most byte soup without error, so its result must look like Chinese prose.
_MIN_COMMON_SHARE = 0.9
_SAMPLE_CHARS = 20_000
_COMMON_RANGES = (
    (0x2000, 0x206F),  # general punctuation: — “ ” …
    (0x2100, 0x218F),  # letterlike symbols, number forms: ℃ Ⅱ
    (0x2460, 0x24FF),  # enclosed alphanumerics: ① ⑴
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。《》
    (0x3200, 0x33FF),  # enclosed CJK, CJK compatibility: ㎡
    (0xFF00, 0xFFEF),  # full-width forms: （），％
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def read_text(stream: BinaryIO, size: int, source: str, fmt: str) -> Document:
    """Read a text report of ``size`` bytes (as stat says) from ``stream``."""
    if size > MAX_TEXT_BYTES:
        raise UnreadableInput(
            source, messages.text("file_too_large", size=human_size(size), limit=human_size(MAX_TEXT_BYTES))
        )
    data = stream.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        # The file grew since stat, or it is a pipe whose size stat cannot tell.
        raise UnreadableInput(source, messages.text("file_too_large.over", limit=human_size(MAX_TEXT_BYTES)))
    text, encoding = decode(data, source)
    lines = split_lines(text)
    tables, notes = pipe_tables(lines)
    return Document(source=source, lines=lines, format=fmt, encoding=encoding, tables=tables, notes=notes)


def pipe_tables(lines: tuple[str, ...]) -> tuple[tuple[Table, ...], tuple[ReadNote, ...]]:
    """Return the Markdown pipe tables of ``lines`` (a heading row, a ``|---|`` rule, then rows)."""
    tables: list[Table] = []
    notes: list[ReadNote] = []
    # Most reports hold no bar at all: only lines with one can start a table.
    barred = [number for number, line in enumerate(lines) if "|" in line]
    if not barred:
        return (), ()
    index = barred[0]
    while index < len(lines):
        if "|" not in lines[index]:
            index = next((n for n in barred if n > index), len(lines))
            continue
        if _PIPE_ROW.match(lines[index]) and index + 1 < len(lines) and _PIPE_RULE.match(lines[index + 1]):
            numbers = [index + 1]
            end = index + 2
            while end < len(lines) and _PIPE_ROW.match(lines[end]):
                numbers.append(end + 1)
                end += 1
        else:
            # A table pasted as text keeps its cells between bars without Markdown's rule line.
            end = index
            while end < len(lines) and "|" in lines[end] and not _PIPE_RULE.match(lines[end]):
                end += 1
            numbers = list(range(index + 1, end + 1))
            bare = [_cells(lines[n - 1]) for n in numbers]
            if len(bare) < 2 or min(map(len, bare)) < 2 or not is_data_table(bare):
                index = max(end, index + 1)
                continue
        rows = [_cells(lines[n - 1]) for n in numbers]
        # Markdown cannot merge cells: a second heading row under a first one with gaps
        # (| 受理（件） | | 办结（件） | |) means the gaps repeat the label on their left.
        count = max(1, header_rows(rows))
        for row in rows[: count - 1]:
            for column in range(2, len(row)):
                row[column] = row[column] or row[column - 1]
        table, found = make_table(rows, numbers, headers=count)
        tables.append(table)
        notes.extend(found)
        index = end
    return tuple(tables), tuple(notes)


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip().replace("\\|", "|") for cell in _CELL_SPLIT.split(inner)]


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode ``data``, returning the text and the codec used; raise UnreadableInput if it is not text."""
    if not data.strip():
        raise UnreadableInput(source, messages.text("empty_file"))
    text, encoding = _decode(data, source)
    text = text.removeprefix("\ufeff")  # a GB18030 BOM decodes to U+FEFF; it is not content
    if not text.strip():
        raise UnreadableInput(source, messages.text("empty_file"))
    return text, encoding


def split_lines(text: str) -> tuple[str, ...]:
    """Split on CRLF, CR and LF only; a final terminator does not start another line."""
    lines = _LINE_BREAK.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return tuple(lines)


def _decode(data: bytes, source: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise UnreadableInput(
                    source,
                    messages.text("damaged_encoding", encoding=encoding.upper(), byte=exc.start),
                    SAVE_AS_UTF8,
                ) from exc
            if "\x00" in text or _control_share(text) > _MAX_CONTROL_SHARE:
                raise UnreadableInput(source, BINARY_REASON)
            return text, encoding
    if b"\x00" in data or _control_byte_share(data) > _MAX_CONTROL_SHARE:
        raise UnreadableInput(source, BINARY_REASON)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        _refuse_damaged_utf8(data, exc, source)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        if _looks_chinese(text):
            return text, "gb18030"
    import charset_normalizer  # the last resort; slow to import

    best = charset_normalizer.from_bytes(data).best()
    if best is not None and best.encoding:
        text = str(best)
        if _control_share(text) <= _MAX_CONTROL_SHARE:
            return text, best.encoding
    raise UnreadableInput(source, messages.text("unknown_encoding"), SAVE_AS_UTF8)


def _refuse_damaged_utf8(data: bytes, exc: UnicodeDecodeError, source: str) -> None:
    """A UTF-8 file with a few bad bytes is damaged; decoding it as anything else would garble all of it."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    # Valid multi-byte UTF-8 sequences hardly ever occur by chance in GBK text (~1 in 9 characters).
    if non_ascii >= 20 and bad * 20 <= non_ascii:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UnreadableInput(
            source,
            messages.text("invalid_utf8", line=line, byte=exc.start),
            SAVE_AS_UTF8,
        ) from exc


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _looks_chinese(text: str) -> bool:
    """Ensure most non-ASCII characters are ones Chinese prose actually uses."""
    sample = _NON_ASCII.findall(text, 0, _SAMPLE_CHARS * 4)[:_SAMPLE_CHARS]
    if not sample:
        return True
    common = sum(map(_is_common, sample))
    return common >= _MIN_COMMON_SHARE * len(sample) and _control_share(text) <= _MAX_CONTROL_SHARE


@functools.lru_cache(maxsize=8192)
def _is_common(char: str) -> bool:
    code = ord(char)
    if any(low <= code <= high for low, high in _COMMON_RANGES):
        return True
    try:
        char.encode("gb2312")  # the 6763 everyday hanzi plus the usual symbols
    except UnicodeEncodeError:
        return False
    return True


def _control_byte_share(data: bytes) -> float:
    return (len(data) - len(data.translate(None, _CONTROL_BYTES))) / len(data)


def _control_share(text: str) -> float:
    sample = text[: _SAMPLE_CHARS * 4]
    if not sample:
        return 0.0
    return sum(1 for c in sample if c in _CONTROL_CHARS) / len(sample)


def human_size(size: int) -> str:
    """``64 MiB`` for big sizes, ``100 bytes`` for small ones."""
    return f"{size / 2**20:.0f} MiB" if size >= 2**20 else f"{size} bytes"
