"""Which files ``discover`` lists, in which order, under which names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from audit.errors import UnreadableInput
from audit.ingest import Input, discover, read

TREE = [
    "examples/2023/a.md",
    "examples/2023/b.TXT",
    "examples/2023/c.docx",
    "examples/2023/d.PDF",
    "examples/2023/e.markdown",
    "examples/2023-extra/f.txt",
    "examples/legacy/g.doc",
    "examples/legacy/h.wps",
    "examples/legacy/i.wpt",
    "examples/legacy/j.rtf",
    "examples/legacy/k.odt",
    "examples/legacy/l.docm",
    "examples/legacy/m.dot",
    "examples/top.md",
    # never taken from a directory:
    "examples/2023/data.csv",
    "examples/2023/README",
    "examples/2023/.hidden.md",
    "examples/2023/~$c.docx",
    "examples/.git/notes.md",
    "examples/.cache/deep/report.txt",
]
TAKEN = [
    "examples/2023-extra/f.txt",
    "examples/2023/a.md",
    "examples/2023/b.TXT",
    "examples/2023/c.docx",
    "examples/2023/d.PDF",
    "examples/2023/e.markdown",
    "examples/legacy/g.doc",
    "examples/legacy/h.wps",
    "examples/legacy/i.wpt",
    "examples/legacy/j.rtf",
    "examples/legacy/k.odt",
    "examples/legacy/l.docm",
    "examples/legacy/m.dot",
    "examples/top.md",
]


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in TREE:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _sources(found: list[Input]) -> list[str]:
    return [item.source for item in found]


@pytest.mark.parametrize("given", ["examples", "examples/", Path("examples")])
def test_directory_is_walked_in_source_order(tree: Path, given: str | Path) -> None:
    found = discover([given])
    assert _sources(found) == TAKEN
    assert all(item.path == Path(item.source) for item in found)


def test_sources_keep_the_prefix_given(tree: Path) -> None:
    assert _sources(discover(["./examples/legacy"]))[:2] == [
        "./examples/legacy/g.doc",
        "./examples/legacy/h.wps",
    ]
    assert _sources(discover([str(tree / "examples" / "2023-extra")])) == [
        str(tree / "examples/2023-extra/f.txt")
    ]


@pytest.mark.parametrize(
    "given",
    ["examples/2023/data.csv", "examples/2023/README", "examples/2023/.hidden.md", "./examples/top.md"],
)
def test_named_files_are_taken_whatever_their_name(tree: Path, given: str) -> None:
    assert discover([given]) == [Input(path=Path(given), source=given)]


def test_arguments_keep_their_order_and_each_file_is_listed_once(tree: Path) -> None:
    found = discover(
        ["examples/top.md", "examples/2023-extra", "examples/", "examples/top.md", "examples/./top.md"]
    )
    assert _sources(found) == ["examples/top.md", "examples/2023-extra/f.txt"] + [
        source for source in TAKEN if source not in ("examples/top.md", "examples/2023-extra/f.txt")
    ]


def test_a_lone_string_is_one_path(tree: Path) -> None:
    assert _sources(discover("examples/2023-extra")) == ["examples/2023-extra/f.txt"]  # type: ignore[arg-type]


def test_directory_symlinks_are_not_followed_and_file_symlinks_are_deduplicated(tree: Path) -> None:
    os.symlink("../..", "examples/2023/loop")  # a cycle back to the root of the tree
    os.symlink("../top.md", "examples/2023/zz-link.md")
    os.symlink("missing.md", "examples/2023/zz-dangling.md")
    found = _sources(discover(["examples/2023"]))
    # The dangling link stays in the list so that reading it reports it, rather than losing it silently.
    assert found == [
        "examples/2023/a.md",
        "examples/2023/b.TXT",
        "examples/2023/c.docx",
        "examples/2023/d.PDF",
        "examples/2023/e.markdown",
        "examples/2023/zz-dangling.md",
        "examples/2023/zz-link.md",
    ]
    # top.md reached first through its own name, then through the link: read once.
    assert "examples/2023/zz-link.md" not in _sources(discover(["examples/top.md", "examples/2023"]))


@pytest.mark.parametrize("given", ["missing.md", "examples/nope/", "examples/2023/zz-dangling.md"])
def test_missing_path_is_an_error_naming_it(tree: Path, given: str) -> None:
    os.symlink("missing.md", "examples/2023/zz-dangling.md")
    items = discover(["examples/top.md", given])
    assert _sources(items) == ["examples/top.md", given]
    with pytest.raises(UnreadableInput) as caught:
        read(items[1])
    assert str(caught.value) == f"{given}: no such file or directory; check the path"


def test_empty_directory_gives_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert discover([tmp_path / "empty"]) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may list any folder")
def test_unlistable_folder_is_kept_to_be_reported(tree: Path) -> None:
    locked = tree / "examples" / "legacy"
    locked.chmod(0)
    try:
        found = _sources(discover(["examples"]))
    finally:
        locked.chmod(0o755)
    assert "examples/legacy" in found


def test_folder_that_cannot_be_listed_is_kept_even_as_root(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if str(path).endswith("legacy"):
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = _sources(discover(["examples"]))
    # Read later, it says why it could not be listed, instead of the audit silently shrinking.
    assert found == sorted([source for source in TAKEN if "/legacy/" not in source] + ["examples/legacy"])
