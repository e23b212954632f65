"""The review cycle around the Excel workbook: carry review data over, write atomically, export waivers.

Reviewers write into the workbook (复核状态, 复核人, 复核日期, 备注). A new run reads the workbook
it is about to replace, carries every review over by fingerprint, and moves findings that are
gone to the Resolved sheet, so nothing a reviewer wrote is lost.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import yaml

from audit.errors import AuditError, ConfigError, OutputError, UnreadableInput
from audit.keep import Layout, additions, describe
from audit.messages import Joined, Text, text
from audit.output import real_target, write_atomic, write_text
from audit.targets import lock_files
from reports.xlsx import write_workbook
from reports.xlsx_keep import SHEET_COLUMNS
from reports.xlsx_layout import Review, sheet_name, status_key, word
from reports.xlsx_signoff import SignOff, SignOffBlock, carry_sign_off, findings_digest, read_sign_off
from schemas.facts import METRIC_LABELS
from schemas.rules import RULES_BY_ID

if TYPE_CHECKING:  # the readers load only when there is a workbook to read
    from openpyxl.workbook import Workbook

    from audit.readback import Values

MOVE_AWAY = text("move_away")
RESULT_KEYS = ("tool", "issues", "facts", "findings", "summary")


@dataclass(frozen=True)
class Previous:
    """What the workbook about to be replaced holds: its findings (by fingerprint) and resolved rows.

    Each row maps column keys (``reports.xlsx_layout``) to the cell values, ``row`` to its row number.
    """

    findings: dict[str, dict[str, Any]] = field(default_factory=dict)
    resolved: list[dict[str, Any]] = field(default_factory=list)
    sign_off: SignOff | None = None
    sign_offs: list[SignOff] = field(default_factory=list)


@contextmanager
def _opened(path: Path, error: type[AuditError]) -> Iterator[tuple[Workbook, Layout, Values]]:
    """Open an audit workbook read-only; anything else raises ``error`` with a one-line reason.

    Yields the workbook (openpyxl, read-only: names, headers, fills), where the toolkit's sheets and
    columns are, and the sheets' values (python-calamine, see ``audit.readback``).
    """
    from openpyxl import load_workbook

    from audit.readback import Values

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
        values = None
        try:
            layout = Layout.of(workbook)
            if "findings" not in layout.sheets:
                wanted = "/".join(sheet_name("findings", lang) for lang in ("zh", "en"))
                raise error(str(path), f"is not an audit workbook (no {wanted} sheet)", MOVE_AWAY)
            values = Values(
                path, workbook, lambda: error(str(path), "exists but is not an Excel workbook", MOVE_AWAY)
            )
            yield workbook, layout, values
        finally:
            if values is not None:
                values.close()
            workbook.close()


def _rows(
    values: Values,
    layout: Layout,
    key: str,
    path: Path,
    error: type[AuditError],
    orphans: list[str] | None = None,
    required: str = "fingerprint",
) -> list[dict[str, Any]]:
    """Return the rows of a table sheet by column key, each with its sheet ``row`` number.

    Rows without a ``required`` value are skipped; a sheet without that column is an error. A row
    holding something else but no ``required`` value (a reviewer's own row) is named in ``orphans``.
    """
    name = layout.sheets.get(key)
    if name is None:
        return []
    every = values.rows(name)
    first = layout.header_row(key)
    if orphans is not None and first > 1:
        # Rows a reviewer inserted above the header (a title, a note): not written again either.
        for number, row in enumerate(every[: first - 1], start=1):
            if any(v is not None and str(v).strip() for v in row):
                orphans.append(f"row {number} on {name}")
    rows = iter(every[first - 1 :])
    positions = layout.positions(key, list(next(rows, ())))
    if required not in positions:
        wanted = next(c for c in SHEET_COLUMNS[key] if c.key == required)
        raise error(str(path), f"sheet {name} has no {wanted.en.lower()} ({wanted.zh}) column", MOVE_AWAY)
    found = []
    for number, row in enumerate(rows, start=first + 1):
        cells = {k: row[i] if i < len(row) else None for k, i in positions.items()}
        if cells[required]:
            cells[required] = str(cells[required]).strip()
            found.append({**cells, "row": number})
        elif orphans is not None and _own_row(row, positions):
            orphans.append(f"row {number} on {name}")
    return found


_NO_FINDINGS = {word("no_findings", lang) for lang in ("zh", "en")}


def _own_row(row: Sequence[Any], positions: dict[str, int]) -> bool:
    """Return True when a row without a fingerprint holds something the toolkit did not write.

    The one row the toolkit writes so (未发现问题 in the message column of a clean run) is not.
    """
    filled = {i for i, v in enumerate(row) if v is not None and str(v).strip()}
    message = positions.get("message")
    if message is not None and filled == {message} and str(row[message]).strip() in _NO_FINDINGS:
        return False
    return bool(filled)


def read_previous(path: str | Path) -> Previous | None:
    """Return the review data of the audit workbook at ``path``, None when there is none yet.

    Raises OutputError when the file is open elsewhere, unreadable, or not an audit workbook.
    """
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise OutputError(str(target), "the workbook name must end in .xlsx")
    if target.is_dir():
        raise OutputError(str(target), "is a folder", "give a file name ending in .xlsx")
    locks = lock_files(target)
    if locks:
        raise OutputError(
            str(target),
            "is open in Excel, WPS or LibreOffice",
            f"close it and run again (or delete {locks[0].name})",
        )
    if not target.exists():
        return None
    with _opened(target, OutputError) as (workbook, layout, values):
        lost = additions(target, workbook, layout)
        rows = _rows(values, layout, "findings", target, OutputError, lost)
        resolved = _rows(values, layout, "resolved", target, OutputError, lost)
        if lost:
            raise OutputError(
                str(target),
                text("workbook_additions", found=describe(lost)),
                text("workbook_additions.hint"),
            )
        sign_off, sign_offs = _sign_off(values, layout)
    return Previous(
        findings={row["fingerprint"]: row for row in rows},
        resolved=resolved,
        sign_off=sign_off,
        sign_offs=sign_offs,
    )


def _sign_off(values: Values, layout: Layout) -> tuple[SignOff | None, list[SignOff]]:
    """Return the sign-off and the earlier sign-offs written on the Summary sheet."""
    name = layout.sheets.get("summary")
    if name is None:
        return None, []
    return read_sign_off(values.rows(name))


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

    A reviewer may save the workbook while the run renders it: just before the rename the file on
    disk is compared with the one that was read (size, time and hash), and a change or a new lock
    file keeps the new workbook beside it instead (``audit.new-20240105-093000.xlsx``), OutputError.
    """
    target = real_target(path)
    read = _snapshot(target)
    previous = read_previous(path)
    reviews, resolved = carry_over(data, previous, today or date.today())
    block = sign_off_block(data, previous, generated or datetime.now())

    def unchanged(temporary: Path) -> None:
        if _snapshot(target) == read and not lock_files(target):
            return
        beside = target.with_name(f"{target.stem}.new-{datetime.now():%Y%m%d-%H%M%S}{target.suffix}")
        os.replace(temporary, beside)
        raise OutputError(
            str(path),
            text("workbook_changed"),
            text("workbook_changed.hint", name=beside.name),
        )

    write_atomic(
        path,
        lambda temporary: write_workbook(
            data, temporary, lang, reviews=reviews, resolved=resolved, generated=generated, sign_off=block
        ),
        before_replace=unchanged,
    )


def _snapshot(path: Path) -> tuple[int, int, str] | None:
    """Return the size, modification time and SHA-256 of ``path``, None when it does not exist."""
    try:
        info = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, digest


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
    with _opened(target, ConfigError) as (_, layout, values):
        rows = _rows(values, layout, "findings", target, ConfigError)
        sheet = layout.sheets["findings"]
        series = {
            _text(issue.get("source")): (_text(issue.get("publisher")), _text(issue.get("title")))
            for issue in _rows(values, layout, "issues", target, ConfigError, required="source")
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
