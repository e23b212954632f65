"""The review cycle around the Excel workbook: carry review data over, write atomically, export waivers.

Reviewers write into the workbook (复核状态, 复核人, 复核日期, 备注). A new run reads the workbook
it is about to replace, carries every review over by fingerprint, and moves findings that are
gone to the Resolved sheet, so nothing a reviewer wrote is lost.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import Any

import yaml
from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from audit.errors import AuditError, ConfigError, OutputError, UnreadableInput
from audit.messages import Joined, Text, text
from audit.output import write_atomic, write_text
from reports.xlsx import write_workbook
from reports.xlsx_layout import (
    FINDING_COLUMNS,
    ISSUE_COLUMNS,
    RESOLVED_COLUMN,
    REVIEW_COLUMNS,
    Column,
    Review,
    column_keys,
    find_sheet,
    sheet_name,
    status_key,
)
from reports.xlsx_signoff import SignOff, SignOffBlock, carry_sign_off, findings_digest, read_sign_off
from schemas.facts import METRIC_LABELS
from schemas.rules import RULES_BY_ID

MOVE_AWAY = "move it away or choose another file name; the toolkit never overwrites a file it did not write"
RESULT_KEYS = ("tool", "issues", "facts", "findings", "summary")
_FINDING_SHEET = (*FINDING_COLUMNS, *REVIEW_COLUMNS)
_RESOLVED_SHEET = (RESOLVED_COLUMN, *FINDING_COLUMNS, *REVIEW_COLUMNS)


@dataclass(frozen=True)
class Previous:
    """What the workbook about to be replaced holds: its findings (by fingerprint) and resolved rows.

    Each row maps column keys (``reports.xlsx_layout``) to the cell values, ``row`` to its row number.
    """

    findings: dict[str, dict[str, Any]] = field(default_factory=dict)
    resolved: list[dict[str, Any]] = field(default_factory=list)
    sign_off: SignOff | None = None
    sign_offs: list[SignOff] = field(default_factory=list)


def _lock_files(path: Path) -> list[Path]:
    """Return the lock files Excel/WPS (``~$name``) and LibreOffice (``.~lock.name#``) keep beside an open file."""
    return [
        p for p in (path.with_name(f"~${path.name}"), path.with_name(f".~lock.{path.name}#")) if p.exists()
    ]


@contextmanager
def _opened(path: Path, error: type[AuditError]) -> Iterator[Workbook]:
    """Open an audit workbook read-only; anything else raises ``error`` with a one-line reason."""
    try:
        handle = path.open("rb")
    except OSError as problem:
        raise error(
            str(path), f"cannot read ({problem.strerror or problem})", "close it in Excel or WPS"
        ) from None
    with handle:
        try:
            workbook = load_workbook(handle, read_only=True, data_only=True)
        # A damaged or foreign file can fail anywhere inside openpyxl, zipfile or lxml.
        except Exception:
            raise error(str(path), "exists but is not an Excel workbook", MOVE_AWAY) from None
        try:
            if find_sheet(workbook.sheetnames, "findings") is None:
                wanted = "/".join(sheet_name("findings", lang) for lang in ("zh", "en"))
                raise error(str(path), f"is not an audit workbook (no {wanted} sheet)", MOVE_AWAY)
            yield workbook
        finally:
            workbook.close()


def _rows(
    workbook: Workbook,
    key: str,
    columns: tuple[Column, ...],
    path: Path,
    error: type[AuditError],
    required: str = "fingerprint",
) -> list[dict[str, Any]]:
    """Return the rows of a table sheet by column key, each with its sheet ``row`` number.

    Rows without a ``required`` value are skipped; a sheet without that column is an error.
    """
    name = find_sheet(workbook.sheetnames, key)
    if name is None:
        return []
    sheet = workbook[name]
    # A file saved by another program may state a wrong size or none, which costs openpyxl a second pass.
    sheet.reset_dimensions()
    rows = sheet.iter_rows(values_only=True)
    positions = column_keys(list(next(rows, ())), columns)
    if required not in positions:
        wanted = next(c for c in columns if c.key == required)
        raise error(str(path), f"sheet {name} has no {wanted.en.lower()} ({wanted.zh}) column", MOVE_AWAY)
    found = []
    for number, row in enumerate(rows, start=2):
        values = {k: row[i] if i < len(row) else None for k, i in positions.items()}
        if values[required]:
            values[required] = str(values[required]).strip()
            found.append({**values, "row": number})
    return found


def read_previous(path: str | Path) -> Previous | None:
    """Return the review data of the audit workbook at ``path``, None when there is none yet.

    Raises OutputError when the file is open elsewhere, unreadable, or not an audit workbook.
    """
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise OutputError(str(target), "the workbook name must end in .xlsx")
    if target.is_dir():
        raise OutputError(str(target), "is a folder", "give a file name ending in .xlsx")
    locks = _lock_files(target)
    if locks:
        raise OutputError(
            str(target),
            "is open in Excel, WPS or LibreOffice",
            f"close it and run again (or delete {locks[0].name})",
        )
    if not target.exists():
        return None
    with _opened(target, OutputError) as workbook:
        findings = {
            row["fingerprint"]: row
            for row in _rows(workbook, "findings", _FINDING_SHEET, target, OutputError)
        }
        resolved = _rows(workbook, "resolved", _RESOLVED_SHEET, target, OutputError)
        sign_off, sign_offs = _sign_off(workbook)
    return Previous(findings=findings, resolved=resolved, sign_off=sign_off, sign_offs=sign_offs)


def _sign_off(workbook: Workbook) -> tuple[SignOff | None, list[SignOff]]:
    """Return the sign-off and the earlier sign-offs written on the Summary sheet."""
    name = find_sheet(workbook.sheetnames, "summary")
    if name is None:
        return None, []
    sheet = workbook[name]
    sheet.reset_dimensions()
    return read_sign_off([list(row) for row in sheet.iter_rows(values_only=True)])


def sign_off_block(data: Mapping[str, Any], previous: Previous | None, now: datetime) -> SignOffBlock:
    """Return the sign-off block of a new run: the previous sign-off kept while the findings are those signed."""
    if previous is None:
        return SignOffBlock()
    digest = findings_digest(data["findings"])
    return carry_sign_off(previous.sign_off, previous.sign_offs, digest, now.replace(microsecond=0))


def review_of(row: Mapping[str, Any]) -> Review:
    """Return the review written in one row; a status that is none of the drop-down's is kept as typed."""
    status = row.get("status")
    text = str(status).strip() if status is not None else ""
    return Review(
        status=status_key(text) or text or "pending",
        reviewer=row.get("reviewer"),
        reviewed=row.get("reviewed"),
        note=row.get("note"),
    )


def carry_over(
    data: Mapping[str, Any], previous: Previous | None, today: date
) -> tuple[dict[str, Review], list[dict[str, Any]]]:
    """Return the reviews of the current findings and the Resolved rows.

    A finding gone since the previous workbook moves to Resolved (dated ``today``) with its review;
    rows already on Resolved stay, unless their finding is back, when it returns with its review.
    """
    if previous is None:
        return {}, []
    current = {finding["fingerprint"] for finding in data["findings"]}
    reviews: dict[str, Review] = {}
    resolved = []
    for row in previous.resolved:
        if row["fingerprint"] in current:
            reviews[row["fingerprint"]] = review_of(row)
        else:
            resolved.append(row)
    for fingerprint, row in previous.findings.items():
        if fingerprint in current:
            reviews[fingerprint] = review_of(row)
        else:
            resolved.append({**row, "resolved": today})
    return reviews, resolved


def write_review_workbook(
    data: Mapping[str, Any],
    path: str | Path,
    lang: str = "zh",
    *,
    generated: datetime | None = None,
    today: date | None = None,
) -> None:
    """Write the audit workbook of a result object to ``path`` atomically, keeping the reviews already in it.

    Row reviews follow their findings; the overview's sign-off stays while the findings are those
    it covered, and otherwise moves to the history of earlier sign-offs.
    """
    previous = read_previous(path)
    reviews, resolved = carry_over(data, previous, today or date.today())
    block = sign_off_block(data, previous, generated or datetime.now())
    write_atomic(
        path,
        lambda temporary: write_workbook(
            data, temporary, lang, reviews=reviews, resolved=resolved, generated=generated, sign_off=block
        ),
    )


def read_result(path: str | Path) -> dict[str, Any]:
    """Return the result object saved by ``audit check --format json``."""
    source = str(path)
    hint = "give the output of `audit check --format json -o RESULT.json`"
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise UnreadableInput(source, f"cannot read ({error.strerror or error})") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UnreadableInput(source, "is not a JSON file", hint) from None
    missing = [key for key in RESULT_KEYS if key not in data] if isinstance(data, dict) else list(RESULT_KEYS)
    if missing or not all(isinstance(f, dict) and "fingerprint" in f for f in data["findings"]):
        raise UnreadableInput(source, "is not an audit result", hint)
    return data


# --- waivers export ----------------------------------------------------------------------------

_METRIC_IDS = {label: metric for metric, labels in METRIC_LABELS.items() for label in (metric, *labels)}


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _issue_keys(row: Mapping[str, Any], series: tuple[str, str] | None) -> dict[str, Any]:
    """Return what names the issue of a Findings row in a waiver: its series and numbering, not its file.

    Renaming 2024-第49期.md to .txt or …-定稿.docx keeps such a waiver; only an issue with no
    numbering at all falls back to its file name.
    """
    keys: dict[str, Any] = {}
    publisher, title = series or ("", "")
    if title:
        keys["series"] = title
    if publisher:
        keys["publisher"] = publisher
    if row.get("serial_no") is not None:
        keys["serial_no"] = int(row["serial_no"])
    elif row.get("year") is not None and row.get("issue_no") is not None:
        keys.update(year=int(row["year"]), issue_no=int(row["issue_no"]))
    elif _text(row.get("source")):
        # The file name, not the path: the run that reads the waivers may be in another folder.
        keys["source"] = PurePath(_text(row["source"])).name
    return keys


def waiver_entries(
    path: str | Path, approved_by: str | None = None, expires: date | None = None
) -> list[dict[str, Any]]:
    """Return a waiver entry per Findings row whose 复核状态 is 已豁免, in the ``load_waivers`` format.

    The reason is the row's 备注 (required), the approver its 复核人 or else ``approved_by``.
    """
    target = Path(path)
    if not target.is_file():
        raise ConfigError(str(target), "no such workbook")
    with _opened(target, ConfigError) as workbook:
        rows = _rows(workbook, "findings", _FINDING_SHEET, target, ConfigError)
        sheet = find_sheet(workbook.sheetnames, "findings")
        series = {
            _text(issue.get("source")): (_text(issue.get("publisher")), _text(issue.get("title")))
            for issue in _rows(workbook, "issues", ISSUE_COLUMNS, target, ConfigError, required="source")
        }
    entries: list[dict[str, Any]] = []
    problems: list[Text] = []
    for row in rows:
        if status_key(row.get("status")) != "waived":
            continue
        reason, approver = _text(row.get("note")), _text(row.get("reviewer")) or _text(approved_by)
        rule = _text(row.get("rule"))
        problem = (
            text("waiver_bad_rule", row=row["row"], rule=repr(rule))
            if rule not in RULES_BY_ID
            else text("waiver_no_reason", row=row["row"])
            if not reason
            else text("waiver_no_approver", row=row["row"])
            if not approver
            else None
        )
        if problem:
            problems.append(problem)
            continue
        entry: dict[str, Any] = {"rule": rule, **_issue_keys(row, series.get(_text(row.get("source"))))}
        if _text(row.get("metric")) in _METRIC_IDS:
            entry["metric"] = _METRIC_IDS[_text(row["metric"])]
        entry.update(fingerprint=row["fingerprint"], reason=reason, approved_by=approver)
        if expires is not None:
            entry["expires"] = expires
        entries.append(entry)
    if problems:
        raise ConfigError(f"{target} ({sheet})", Joined(problems), text("fill_in"))
    return entries


def render_waivers(entries: list[dict[str, Any]], workbook: str | Path) -> str:
    """Return ``entries`` as the YAML waivers file ``audit check --waivers`` reads."""
    header = f"# Waivers exported by `audit waivers` from {PurePath(workbook).name} on {date.today().isoformat()}.\n"
    return header + yaml.safe_dump({"waivers": entries}, allow_unicode=True, sort_keys=False, width=1000)


def export_waivers(
    workbook: str | Path, output: str | Path, approved_by: str | None = None, expires: date | None = None
) -> int:
    """Write the waivers marked in ``workbook`` to the YAML file ``output`` atomically; return how many."""
    entries = waiver_entries(workbook, approved_by, expires)
    write_text(output, render_waivers(entries, workbook))
    return len(entries)
