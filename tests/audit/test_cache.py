"""The extraction cache changes how fast a run is, never what it finds, and never runs or trusts a planted entry."""

from __future__ import annotations

import json
import os
import pickle
import stat
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import audit.pipeline
from audit.cache import ENTRY_SUFFIX, Cache, clear_cache, extractor_version, file_digest, key_file
from audit.cache_entry import MAGIC, seal
from audit.cli import main
from audit.extract.records import BodyDate, Enumeration, Extraction, Fact, Header, Heading
from audit.generate import generate_series, render, write_text
from audit.ingest.document import Document, ReadNote, Table
from audit.pipeline import PARALLEL_FROM, check, read_paths

KEY = b"test key " + b"k" * 32  # the key tests/conftest.py gives every test


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("archive")
    for spec in generate_series(PARALLEL_FROM + 8, seed=6, start=date(2024, 6, 3), style="mixed"):
        write_text(folder / f"{spec.serial_no}.md", render(spec))
    return folder


@pytest.fixture(scope="module")
def fresh(archive: Path) -> dict[str, Any]:
    """The result of the archive read with no cache: what every cached run must equal."""
    return check([archive]).to_dict()


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    original = audit.pipeline.extract_document

    def counting(document):  # type: ignore[no-untyped-def]
        parsed.append(document.source)
        return original(document)

    monkeypatch.setattr(audit.pipeline, "extract_document", counting)
    return parsed


def _entry(cache: Cache, path: Path) -> Path:
    digest = file_digest(path)
    assert digest
    return cache.folder / digest[:2] / f"{digest}{ENTRY_SUFFIX}"


def _parts(data: bytes) -> list[bytes]:
    """Return the seal and JSON of an entry's masthead, then of its whole extraction."""
    assert data.startswith(MAGIC)
    return data[len(MAGIC) :].split(b"\n", 3)


def _body(entry: Path) -> dict[str, Any]:
    return json.loads(_parts(entry.read_bytes())[3])


def _sealed(body: dict[str, Any], key: bytes = KEY, seals: tuple[bytes, bytes] | None = None) -> bytes:
    """Return an entry holding ``body``, sealed with ``key`` (or keeping the given ``seals``)."""
    head = {"digest": body["digest"], "version": body["version"], "header": body["extractions"][-1]["header"]}
    head_raw = json.dumps(head, ensure_ascii=False).encode()
    raw = json.dumps(body, ensure_ascii=False).encode()
    head_seal, body_seal = seals or (seal(key, head_raw), seal(key, raw))
    return MAGIC + head_seal + b"\n" + head_raw + b"\n" + body_seal + b"\n" + raw


def test_unchanged_files_are_not_parsed_again(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: dict[str, Any]
) -> None:
    cache = Cache(tmp_path)
    parsed = _count_parses(monkeypatch)
    assert check([archive], cache=cache).to_dict() == fresh
    assert len(parsed) == PARALLEL_FROM + 8
    (archive / "copy.md").write_bytes(next(archive.glob("*.md")).read_bytes())
    second = check([archive], cache=cache)
    assert len(parsed) == PARALLEL_FROM + 8  # the copy has the same content: a cache hit too
    assert "copy.md" in " ".join(second.tables.issues["source"])
    (archive / "copy.md").unlink()
    assert check([archive], cache=cache).to_dict() == fresh


def test_entries_are_named_by_version_and_content(archive: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    read_paths([archive], cache=cache)
    entries = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert len(entries) == PARALLEL_FROM + 8
    digests = {file_digest(p) for p in archive.glob("*.md")}
    for entry in entries:
        version, shard, name = entry.parts
        assert version == f"extractor-{extractor_version()}"
        assert name.endswith(ENTRY_SUFFIX) and name.removesuffix(ENTRY_SUFFIX) in digests
        assert shard == name[:2]
        assert _body(tmp_path / entry)["digest"] == name.removesuffix(ENTRY_SUFFIX)


def _pickle_that_runs(marker: Path) -> bytes:
    class Payload:
        def __reduce__(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
            return (os.system, (f"touch {marker}",))

    return pickle.dumps(Payload()) * 2  # as the old entries held two pickles


def _foreign_entry(cache: Cache, archive: Path, target: Path) -> bytes:
    """A genuine entry of another issue of the archive, planted under ``target``'s key."""
    other = next(p for p in sorted(archive.glob("*.md")) if p != target)
    return _entry(cache, other).read_bytes()


def _figures_changed(body: dict[str, Any], key: bytes, seals: tuple[bytes, bytes] | None = None) -> bytes:
    for fact in body["extractions"][0]["facts"]:
        fact["value"] = fact["value"] + 1000
    return _sealed(body, key, seals)


def _nul_in_a_string(data: bytes) -> bytes:
    """Bytes overwritten inside a string: the entry is still valid JSON of the right shape."""
    at = data.index(b'"evidence":"') + len(b'"evidence":"')
    return data[:at] + b"\x00\x00\x00" + data[at + 3 :]


POISONS: dict[str, Callable[[bytes, dict[str, Any], Cache, Path, Path], bytes]] = {
    "pickle that runs code": lambda data, body, cache, archive, target: _pickle_that_runs(
        archive.parent / "ran"
    ),
    "other issue's entry": lambda data, body, cache, archive, target: _foreign_entry(cache, archive, target),
    "figures changed, sealed without the key": lambda data, body, cache, archive, target: _figures_changed(
        body, b"a key guessed by whoever planted it"
    ),
    "figures changed, old seals kept": lambda data, body, cache, archive, target: _figures_changed(
        body, KEY, seals=(_parts(data)[0], _parts(data)[2])
    ),
    "damaged inside a string": lambda data, body, cache, archive, target: _nul_in_a_string(data),
    "truncated": lambda data, body, cache, archive, target: data[: len(data) // 2],
    "empty": lambda data, body, cache, archive, target: b"",
    "json without the seal": lambda data, body, cache, archive, target: json.dumps(body).encode(),
}


@pytest.mark.parametrize("poison", list(POISONS))
def test_a_planted_or_damaged_entry_is_a_miss_and_runs_nothing(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: dict[str, Any], poison: str
) -> None:
    cache = Cache(tmp_path)
    read_paths([archive], cache=cache)
    target = sorted(archive.glob("*.md"))[3]
    entry = _entry(cache, target)
    entry.write_bytes(POISONS[poison](entry.read_bytes(), _body(entry), cache, archive, target))
    # The old pickle name too, in case anything still looked there.
    (tmp_path / extractor_version()).mkdir(exist_ok=True)
    (tmp_path / extractor_version() / f"{file_digest(target)}.pickle").write_bytes(
        _pickle_that_runs(archive.parent / "ran")
    )
    parsed = _count_parses(monkeypatch)
    assert cache.get(file_digest(target) or "", str(target)) is None
    assert check([archive], cache=cache).to_dict() == fresh  # the document's own figures
    assert parsed == [str(target)]  # the planted entry was not used: the file was read again
    assert not (archive.parent / "ran").exists()
    assert check([archive], cache=cache).to_dict() == fresh  # and the entry was rewritten


# What is changed in a sealed entry, and whether its masthead alone still matches the records
# (a masthead only decides whether a history issue is read; the entry itself is then a miss).
MISMATCHES: dict[str, tuple[Callable[[dict[str, Any]], None], bool]] = {
    "fact field missing": (lambda body: body["extractions"][0]["facts"][0].pop("value"), True),
    "fact value a string": (lambda body: body["extractions"][0]["facts"][0].update(value="12"), True),
    "facts not a list": (lambda body: body["extractions"][0].update(facts={"a": 1}), True),
    "document missing": (lambda body: body["extractions"][0].pop("document"), True),
    "year a string": (lambda body: body["extractions"][0]["header"].update(year="2024"), False),
    "date not a date": (lambda body: body["extractions"][0]["header"].update(published="yesterday"), False),
    "other content hash": (lambda body: body.update(digest="0" * 64), False),
    "other extractor": (lambda body: body.update(version="0" * 16), False),
}


@pytest.mark.parametrize("mismatch", list(MISMATCHES))
def test_a_sealed_entry_that_does_not_match_the_records_is_a_miss(
    archive: Path, tmp_path: Path, mismatch: str
) -> None:
    cache = Cache(tmp_path)
    read_paths([archive], cache=cache)
    target = sorted(archive.glob("*.md"))[0]
    entry, digest = _entry(cache, target), file_digest(target) or ""
    assert cache.get(digest, "x.md") is not None
    body = _body(entry)
    change, masthead_matches = MISMATCHES[mismatch]
    change(body)
    entry.write_bytes(_sealed(body))
    assert cache.get(digest, "x.md") is None
    assert (cache.header(digest) is not None) == masthead_matches


def test_every_record_field_round_trips(tmp_path: Path) -> None:
    document = Document(
        "a.pdf",
        (),
        "pdf",
        "utf-8",
        pages=(1, 1, 2),
        tables=(Table(cells=(("受理", "办结"), ("1", "2")), header_rows=1, lines=(2, 3), page=1),),
        notes=(ReadNote(3, "ragged", "表格不齐", "ragged table"),),
    )
    extraction = Extraction(
        document,
        Header(
            publisher="某中心",
            title="窗口工作周报",
            kind="combined",
            year=2024,
            year_inferred=True,
            issue_no=3,
            issue_no_end=4,
            serial_no=500,
            serial_no_end=501,
            published=date(2024, 1, 22),
            masthead="m",
            header_line=1,
        ),
        [Fact("window.accepted", "week", 12.5, "件", 3, "ev", "12.5", "clause", True, 3)],
        [Heading(4, "一、", 1, "一、概况", 0)],
        [BodyDate(5, date(2024, 1, 20), "event", "1月20日")],
        [Enumeration(6, 3, 3, False, "A、B、C三项")],
    )
    cache = Cache(tmp_path)
    cache.put("ab" * 32, [extraction])
    assert cache.get("ab" * 32, "a.pdf") == [extraction]
    renamed = Extraction(
        Document("b.pdf", (), "pdf", "utf-8", document.pages, document.tables, document.notes),
        *(extraction.header, extraction.facts, extraction.headings, extraction.dates),
        extraction.enumerations,
    )
    assert cache.get("ab" * 32, "b.pdf") == [renamed]
    assert cache.header("ab" * 32) == extraction.header
    # Read as history context: the masthead and facts, none of the body's records.
    context = replace(extraction, headings=[], dates=[], enumerations=[])
    assert cache.get("ab" * 32, "a.pdf", context=True) == [context]
    # A file holding two issues: both come back, named FILE#1 and FILE#2; the masthead is the last's.
    later = replace(extraction, header=replace(extraction.header, serial_no=455))
    cache.put("ef" * 32, [extraction, later])
    assert [e.document.source for e in cache.get("ef" * 32, "q.pdf") or []] == ["q.pdf#1", "q.pdf#2"]
    assert cache.header("ef" * 32) == later.header
    assert cache.get("cd" * 32, "a.pdf") is None  # sealed for its own content hash only


def test_folders_are_private_whatever_the_umask(archive: Path, tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        cache = Cache(tmp_path / "new" / "cache")
        read_paths([archive], cache=cache)
    finally:
        os.umask(old)
    folders = [cache.root, *(p for p in cache.root.rglob("*") if p.is_dir())]
    assert len(folders) > 2
    assert {stat.S_IMODE(p.stat().st_mode) for p in folders} == {0o700}
    assert {stat.S_IMODE(p.stat().st_mode) & 0o077 for p in cache.root.rglob("*") if p.is_file()} == {0}


def _writable_by_others(root: Path) -> None:
    root.mkdir()
    root.chmod(0o777)


def _someone_elses(root: Path) -> None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("giving a folder to another user needs root")
    root.mkdir(mode=0o700)
    os.chown(root, 4242, 4242)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
@pytest.mark.parametrize("make", [_writable_by_others, _someone_elses])
def test_an_unsafe_cache_folder_is_not_used_with_one_notice(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Callable[[Path], None]
) -> None:
    root = tmp_path / "shared-cache"
    make(root)
    monkeypatch.setenv("AUDIT_CACHE_DIR", str(root))
    fresh = CliRunner().invoke(main, ["check", str(archive), "--format", "json", "--no-cache"])
    result = CliRunner().invoke(main, ["check", str(archive), "--format", "json"])
    assert (result.exit_code, result.stdout) == (fresh.exit_code, fresh.stdout)
    assert result.stderr.count("\n") == 1
    assert f"提取缓存 {root}" in result.stderr and f"extraction cache {root} not used" in result.stderr
    assert list(root.rglob("*")) == []
    quiet = CliRunner().invoke(main, ["check", str(archive), "--format", "json", "--quiet"])
    assert quiet.stderr == ""


def test_the_key_is_made_private_and_a_readable_key_is_refused(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AUDIT_CACHE_KEY")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path))  # the key's folder on macOS and Windows
    cache = Cache(tmp_path / "cache")
    assert cache.enabled and cache.notices == []
    key = key_file()
    assert key.is_file() and stat.S_IMODE(key.stat().st_mode) == 0o600 and len(key.read_bytes()) == 64
    assert tmp_path / "cache" not in key.parents  # a restored cache folder does not bring its key
    read_paths([archive], cache=cache)
    assert Cache(tmp_path / "cache").get(file_digest(next(archive.glob("*.md"))) or "", "a.md")
    if hasattr(os, "getuid"):
        key.chmod(0o644)
        refused = Cache(tmp_path / "cache")
        assert not refused.enabled and "readable by others" in refused.notices[0]


def test_another_key_makes_every_entry_a_miss(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_paths([archive], cache=Cache(tmp_path))
    monkeypatch.setenv("AUDIT_CACHE_KEY", "the key of another machine, or of nobody")
    parsed = _count_parses(monkeypatch)
    read_paths([archive], cache=Cache(tmp_path))
    assert len(parsed) == PARALLEL_FROM + 8


def test_no_cache_writes_nothing(archive: Path, private_cache: Path) -> None:
    result = CliRunner().invoke(
        main, ["extract", str(archive), "--no-cache", "-o", str(private_cache / "x.json")]
    )
    assert result.exit_code == 0
    assert not list(private_cache.rglob(f"*{ENTRY_SUFFIX}"))


def test_cache_clear(archive: Path, private_cache: Path) -> None:
    CliRunner().invoke(main, ["extract", str(archive)])
    assert list(private_cache.rglob(f"*{ENTRY_SUFFIX}"))
    result = CliRunner().invoke(main, ["cache", "clear"])
    assert result.exit_code == 0 and str(private_cache) in result.stdout
    assert not private_cache.exists() or not list(private_cache.rglob(f"*{ENTRY_SUFFIX}"))
    assert clear_cache(private_cache) == (private_cache, 0)


def test_parallel_output_is_identical(archive: Path) -> None:
    serial = CliRunner().invoke(
        main, ["check", str(archive), "--format", "json", "--jobs", "1", "--no-cache"]
    )
    parallel = CliRunner().invoke(
        main, ["check", str(archive), "--format", "json", "--jobs", "2", "--no-cache"]
    )
    assert serial.exit_code == parallel.exit_code
    assert serial.stdout == parallel.stdout


def test_an_entry_packed_now_and_stored_later_is_the_entry_put_stores(archive: Path, tmp_path: Path) -> None:
    # A run holds the entries of parsed files as bytes until their tables pass validation.
    source = next(archive.glob("*.md"))
    extractions = read_paths([source])[0]
    digest = file_digest(source)
    put, later = Cache(tmp_path / "put"), Cache(tmp_path / "later")
    put.put(digest, extractions)
    data = later.pack(digest, extractions)
    assert data is not None and not later.has(digest)
    later.store(digest, data)
    assert later.get(digest, str(source)) == put.get(digest, str(source)) == extractions
    assert Cache(enabled=False).pack(digest, extractions) is None


@pytest.mark.parametrize("context", [False, True])
def test_figures_read_from_the_cache_share_their_sentence(tmp_path: Path, context: bool) -> None:
    # As the extractor leaves them: one string per sentence, not a copy per figure (memory of a warm run).
    sentence = "据统计，受理 12 件，办结 10 件。"
    facts = [
        Fact(metric, "week", value, "件", 3, sentence, str(value), "clause", False, None)
        for metric, value in (("window.accepted", 12), ("window.completed", 10))
    ]
    header = Header(publisher="某中心", title="窗口工作周报", year=2024, issue_no=3, serial_no=500)
    extraction = Extraction(Document("a.md", (), "md", "utf-8"), header, facts, [], [], [])
    cache = Cache(tmp_path)
    cache.put("ab" * 32, [extraction])
    (read,) = cache.get("ab" * 32, "a.md", context=context) or []
    assert read.facts == facts
    assert read.facts[0].evidence is read.facts[1].evidence
