"""The sign-off block of the Summary sheet: what a reviewer signs, what it covered, and earlier sign-offs.

A sign-off covers one set of findings. The block states a digest of that set, so a later run can
tell whether the findings it signs are still the ones signed: when they are, the sign-off is kept;
when they are not, it moves to the history block (who, when, what it covered) and the current run
is marked unsigned. Nothing a reviewer signed is ever erased.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reports.xlsx_layout import pick

#: The cells a reviewer fills in, by key: (zh, en) labels in column A, the entry in column B.
SIGN_FIELDS: dict[str, tuple[str, str]] = {
    "conclusion": ("复核结论", "Conclusion"),
    "signer": ("复核人签字", "Reviewed by (signature)"),
    "signed": ("日期", "Date"),
}
#: Rows the toolkit writes beside them: what the signature covers and its digest.
COVER_FIELDS: dict[str, tuple[str, str]] = {
    "covers": ("签署范围", "Sign-off covers"),
    "digest": ("问题摘要值", "Findings digest"),
    "state": ("签署状态", "Sign-off state"),
}
HISTORY_TITLE = ("以往签署（签署后问题已变化）", "Earlier sign-offs (the findings changed since)")
# Superseded first: column A of the history must not repeat a label of the cells a reviewer fills.
# The Summary's columns C–F are sized for counts: the digest spills into the empty F, and what the
# sign-off covered (a sentence) sits in the wide column G.
HISTORY_FIELDS: tuple[str | None, ...] = (
    "superseded",
    "conclusion",
    "signer",
    "signed",
    "digest",
    None,
    "covers",
)
HISTORY_HEADS: dict[str, tuple[str, str]] = {
    **SIGN_FIELDS,
    **{key: COVER_FIELDS[key] for key in ("covers", "digest")},
    "superseded": ("失效时间", "Superseded on"),
}
STATES: dict[str, tuple[str, str]] = {
    "unsigned": ("未签署", "Not signed"),
    "signed": ("已签署，签署后问题未变化", "Signed; the findings are unchanged since"),
    "changed": (
        "未签署：上次签署后问题已变化，请重新复核签署（上次签署见下方）",
        "Not signed: the findings changed after the last sign-off; review and sign again (see below)",
    ),
}
# What identifies the findings a reviewer saw: a changed figure or severity changes the digest.
_DIGEST_KEYS = ("fingerprint", "severity", "observed", "expected", "waived")


@dataclass(frozen=True)
class SignOff:
    """A reviewer's sign-off and the set of findings it covers (``superseded`` once it no longer applies)."""

    conclusion: Any = None
    signer: Any = None
    signed: Any = None
    covers: Any = None
    digest: Any = None
    superseded: Any = None

    def filled(self) -> bool:
        """Return True when the reviewer wrote anything in the sign-off cells."""
        return any(_blank(getattr(self, key)) is not None for key in SIGN_FIELDS)


def _blank(value: Any) -> Any:
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


def findings_digest(findings: Sequence[Mapping[str, Any]]) -> str:
    """Return a 16-hex digest of the findings a sign-off covers, independent of their order."""
    rows = sorted(json.dumps([f.get(k) for k in _DIGEST_KEYS], ensure_ascii=False) for f in findings)
    return hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()[:16]


def coverage(data: Mapping[str, Any], lang: str) -> str:
    """Return what a sign-off of ``data`` covers, in words: how many findings of which severity."""
    summary = data["summary"]
    total = len(data["findings"])
    if lang == "en":
        noun = "finding" if total == 1 else "findings"
        return (
            f"{total} {noun} on {summary['issues']} issue{'s' if summary['issues'] != 1 else ''} "
            f"(errors {summary['errors']}, warnings {summary['warnings']}, infos {summary['infos']}, "
            f"waived {summary['waived']})"
        )
    return (
        f"{summary['issues']} 期的 {total} 条问题（错误 {summary['errors']}、警告 {summary['warnings']}、"
        f"提示 {summary['infos']}、已豁免 {summary['waived']}）"
    )


@dataclass(frozen=True)
class SignOffBlock:
    """What the block shows: the current sign-off (empty when unsigned), its state and earlier ones."""

    current: SignOff = SignOff()
    state: str = "unsigned"
    history: tuple[SignOff, ...] = ()


def carry_sign_off(
    previous: SignOff | None, history: Sequence[SignOff], digest: str, now: Any
) -> SignOffBlock:
    """Return the block of a new run whose findings have ``digest``.

    The previous sign-off is kept when it covers the same findings; otherwise it joins the
    history (marked superseded ``now``) and the run is unsigned until signed again.
    """
    if previous is None or not previous.filled():
        return SignOffBlock(history=tuple(history))
    if previous.digest is not None and str(previous.digest).strip() == digest:
        return SignOffBlock(current=previous, state="signed", history=tuple(history))
    moved = SignOff(**{**previous.__dict__, "superseded": now})
    return SignOffBlock(state="changed", history=(moved, *history))


def sign_off_rows(
    block: SignOffBlock, data: Mapping[str, Any], lang: str
) -> list[tuple[str, list[tuple[Any, str | None]]]]:
    """Return the block's rows as (kind, [(value, style)]): kind is "field", "blank", "title" or "header"."""
    rows: list[tuple[str, list[tuple[Any, str | None]]]] = []
    for key, pair in SIGN_FIELDS.items():
        rows.append(("field", [(pick(pair, lang), "header"), (getattr(block.current, key), "review")]))
    rows.append(("field", [(pick(COVER_FIELDS["covers"], lang), "header"), (coverage(data, lang), None)]))
    rows.append(
        ("field", [(pick(COVER_FIELDS["digest"], lang), "header"), (findings_digest(data["findings"]), None)])
    )
    state_fill = {"signed": "pass", "changed": "warning"}.get(block.state)
    rows.append(
        (
            "field",
            [(pick(COVER_FIELDS["state"], lang), "header"), (pick(STATES[block.state], lang), state_fill)],
        )
    )
    if block.history:
        rows.append(("blank", []))
        rows.append(("title", [(pick(HISTORY_TITLE, lang), "header")]))
        rows.append(
            ("header", [(pick(HISTORY_HEADS[key], lang) if key else "", None) for key in HISTORY_FIELDS])
        )
        for entry in block.history:
            rows.append(("field", [(getattr(entry, key) if key else None, None) for key in HISTORY_FIELDS]))
    return rows


def read_sign_off(rows: Sequence[Sequence[Any]]) -> tuple[SignOff | None, list[SignOff]]:
    """Return the sign-off and the history found in the Summary sheet's ``rows`` (values, either language)."""
    labels = {text: key for key, pair in {**SIGN_FIELDS, **COVER_FIELDS}.items() for text in pair}
    titles = set(HISTORY_TITLE)
    heads = {text: key for key, pair in HISTORY_HEADS.items() for text in pair}
    found: dict[str, Any] = {}
    history: list[SignOff] = []
    columns: dict[str, int] | None = None
    in_history = False
    for row in rows:
        first = row[0] if row else None
        if isinstance(first, str) and first.strip() in titles:
            in_history, columns = True, None
            continue
        if in_history:
            if columns is None:
                columns = {
                    heads[v.strip()]: i
                    for i, v in enumerate(row)
                    if isinstance(v, str) and v.strip() in heads
                }
                continue
            if not any(_blank(v) is not None for v in row):
                in_history = False
                continue
            history.append(SignOff(**{k: row[i] if i < len(row) else None for k, i in columns.items()}))
        elif isinstance(first, str) and first.strip() in labels:
            found[labels[first.strip()]] = row[1] if len(row) > 1 else None
    if not any(key in found for key in SIGN_FIELDS):
        return None, history
    return SignOff(**{k: v for k, v in found.items() if k in SignOff.__dataclass_fields__}), history
