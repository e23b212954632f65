"""Check every output target before any work starts, so that nothing is written and then refused.

Each command names its targets (``-o``, ``--report``, the waivers file) and calls ``check_targets``
first: a wrong extension, a folder that cannot be written, a workbook open in Excel, WPS or
LibreOffice, an audit workbook given where another output goes, or two targets that are one file,
each end the run with one line before a file is read.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from audit.errors import OutputError
from audit.messages import Text, text
from audit.output import is_stream, real_target

MOVE_AWAY = text("move_away")
#: ``audit check -o``: the format each suffix means; other suffixes take text or github annotations.
CHECK_SUFFIXES = {".json": "json", ".xml": "junit"}
#: Never a text output: spreadsheets, documents and the formats a run reads as issues.
NOT_TEXT = frozenset({".xlsx", ".xls", ".xlsm", ".csv", ".docx", ".doc", ".wps", ".pdf", ".json", ".xml"})
# The sheet names of the audit workbook, and the hidden defined names it carries (``reports.xlsx_keep``).
_AUDIT_SHEETS = re.compile('<sheet [^>]*name="(问题清单|Findings)"'.encode())
_AUDIT_NAMES = re.compile(rb'definedName [^>]*name="_audit\.sheet\.')


@dataclass(frozen=True)
class Target:
    """One output a command will write: the path given, the option that named it, what it may be."""

    path: str
    option: str
    suffixes: tuple[str, ...] = ()
    workbook: bool = False


def check_output_format(path: str, fmt: str, explicit: bool) -> str:
    """Return the format ``audit check -o PATH`` writes: the one its suffix names, else ``fmt``.

    A format given with --format that the suffix contradicts (json into ``.xlsx``) is refused.
    """
    if is_stream(path):
        return fmt
    suffix = Path(path).suffix.lower()
    implied = CHECK_SUFFIXES.get(suffix)
    if implied and (not explicit or fmt == implied):
        return implied
    # A suffix naming another format is a mistake; one naming none (.txt, .log, .junit) takes --format.
    if implied or suffix in NOT_TEXT:
        wanted = {v: k for k, v in CHECK_SUFFIXES.items()}.get(fmt, "another suffix (such as .txt)")
        extra = "; the Excel workbook is written with --report FILE.xlsx" if suffix == ".xlsx" else ""
        raise OutputError(
            path,
            text("wrong_suffix", suffix=suffix or text("no_suffix"), fmt=fmt),
            text("use_suffix", wanted=wanted, extra=text("use_report") if extra else ""),
        )
    return fmt


def is_audit_workbook(path: str | Path) -> bool:
    """Return True when ``path`` is an audit workbook (by its sheets or its hidden ids), read cheaply."""
    try:
        with zipfile.ZipFile(path) as archive:
            text = archive.read("xl/workbook.xml")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, RuntimeError):
        return False
    return bool(_AUDIT_SHEETS.search(text) or _AUDIT_NAMES.search(text))


def lock_files(path: Path) -> list[Path]:
    """Return the lock files Excel/WPS (``~$name``) and LibreOffice (``.~lock.name#``) keep beside an open file."""
    return [
        p for p in (path.with_name(f"~${path.name}"), path.with_name(f".~lock.{path.name}#")) if p.exists()
    ]


def _writable_folder(path: Path) -> bool:
    folder = path.parent.absolute()
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def check_target(target: Target) -> None:
    """Raise OutputError when ``target`` cannot or must not be written."""
    path = Path(target.path)
    if is_stream(path):
        if target.workbook:
            raise OutputError(target.path, text("not_regular_file"), text("give_xlsx_name"))
        return
    real = real_target(path)
    if real.is_dir():
        raise OutputError(target.path, text("is_a_folder"), text("give_file_name"))
    suffix = real.suffix.lower() if path.is_symlink() else path.suffix.lower()
    if target.suffixes and suffix not in target.suffixes:
        names = ", ".join(target.suffixes[:-1])
        names = f"{names} or {target.suffixes[-1]}" if names else target.suffixes[0]
        raise OutputError(
            target.path,
            text("unknown_output_format", suffix=suffix or text("no_suffix"), option=target.option),
            text("use_suffix", wanted=names, extra=""),
        )
    if not _writable_folder(real):
        raise OutputError(target.path, text("folder_not_writable"), text("choose_folder"))
    if target.workbook:
        locks = lock_files(real)
        if locks:
            raise OutputError(
                target.path, text("workbook_open"), text("workbook_open.hint", lock=locks[0].name)
            )
        if real.exists() and not is_audit_workbook(real):
            raise OutputError(target.path, text("not_audit_workbook"), MOVE_AWAY)
        if real.exists():
            from audit.review import read_previous  # openpyxl: only when a workbook is there to read

            # Refused now rather than after the run: a reviewer's own sheet, column, comment or fill.
            read_previous(target.path)
    elif real.exists() and is_audit_workbook(real):
        raise OutputError(
            target.path,
            text("never_overwrite_workbook", option=target.option),
            text("choose_file_name"),
        )


def _identity(path: str) -> object:
    try:
        info = os.stat(path)
    except OSError:
        return os.path.realpath(path)
    return (info.st_dev, info.st_ino)


def check_targets(targets: Iterable[Target], inputs: Iterable[str] = ()) -> None:
    """Check each target, then that no two targets, nor a target and an input file, are one file."""
    chosen = [t for t in targets if t.path and (t.path != "-" or t.workbook)]
    for target in chosen:
        check_target(target)
    seen: dict[object, str | Text] = {_identity(i): text("the_input", path=i) for i in inputs}
    for target in chosen:
        if is_stream(target.path):
            continue
        key = _identity(target.path)
        if key in seen:
            raise OutputError(
                target.path, text("same_file", option=target.option, other=seen[key]), text("choose_name")
            )
        seen[key] = target.option
