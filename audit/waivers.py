"""Waivers: approved exceptions that keep a finding visible but stop it failing the run."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath
from typing import Any

import pandas as pd

from audit.errors import ConfigError
from audit.findings import fingerprint

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: Between the publisher and the title in a finding's series (schemas.derive.series_key).
SERIES_JOIN = "｜"


@dataclass(frozen=True)
class Waiver:
    """One approved exception: which findings it covers, why, by whom, until when."""

    rule: str
    reason: str
    approved_by: str
    source: str | None = None
    serial_no: int | None = None
    metric: str | None = None
    expires: date | None = None
    fingerprint: str | None = None
    index: int = 0
    scope: str | None = None
    series: str | None = None
    publisher: str | None = None
    year: int | None = None
    issue_no: int | None = None

    def covers(self, finding: dict[str, Any]) -> bool:
        """Return True when this waiver names ``finding``.

        A waiver names the issue by its series (title, publisher) and numbering, so renaming or
        converting the file keeps it; the fingerprint, when given, checks it is the same finding.
        ``source`` (a file name or glob) is for waivers meant for one file whatever it holds.
        """
        if finding["rule"] != self.rule or (self.metric and finding["metric"] != self.metric):
            return False
        if self.fingerprint and finding["fingerprint"] != self.fingerprint:
            return False
        publisher, _, title = str(finding.get("series") or "").rpartition(SERIES_JOIN)
        if self.series is not None and title != self.series:
            return False
        if self.publisher is not None and publisher != self.publisher:
            return False
        for key in ("serial_no", "year", "issue_no"):
            wanted = getattr(self, key)
            if wanted is not None and (_number(finding.get(key)) != wanted):
                return False
        if self.source is not None:
            source = str(finding["source"])
            if (
                source != self.source
                and PurePath(source).name != self.source
                and not PurePath(source).match(self.source)
            ):
                return False
        return True


def _number(value: Any) -> int | None:
    try:
        return None if value is None or pd.isna(value) else int(value)
    except (TypeError, ValueError):
        return None


def _entries(path: Path) -> list[Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(str(path), f"cannot read waivers ({error})") from None
    import yaml

    try:
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else yaml.safe_load(text)
    # PyYAML builds an unquoted 2026-13-45 as a date and fails with a plain ValueError.
    except (tomllib.TOMLDecodeError, yaml.YAMLError, ValueError) as error:
        raise ConfigError(
            str(path), f"invalid waivers file: {str(error).splitlines()[0]}", "fix the syntax"
        ) from None
    if data is None:
        return []
    entries = data.get("waivers", data.get("waiver")) if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise ConfigError(str(path), "expected a list of waivers under 'waivers'")
    return entries


def load_waivers(path: str | Path) -> list[Waiver]:
    """Return the waivers in a YAML or TOML file; any bad value is a ConfigError naming the key.

    A waiver that names nothing narrower than its rule (no source, serial_no, metric or fingerprint,
    or a source of wildcards only) would waive every finding of that rule: it needs ``scope: all``.
    """
    from schemas.files import ValidationError, WaiverEntry, first_problem  # pydantic: only for a file

    path = Path(path)
    waivers = []
    for index, entry in enumerate(_entries(path), start=1):
        if not isinstance(entry, dict):
            raise ConfigError(str(path), f"waiver {index} is not a mapping")
        try:
            parsed = WaiverEntry.model_validate(entry)
        except ValidationError as error:
            hint = "every waiver needs rule, reason, approved_by"
            raise ConfigError(str(path), first_problem(error, f"waiver {index}"), hint) from None
        if parsed.waives_all() and parsed.scope != "all":
            raise ConfigError(
                str(path),
                f"waiver {index} would waive every {parsed.rule} finding",
                "narrow it with series, serial_no (or year and issue_no), metric, fingerprint or source,"
                " or write scope: all",
            )
        waivers.append(
            Waiver(
                rule=parsed.rule,
                reason=parsed.reason,
                approved_by=parsed.approved_by,
                source=parsed.source,
                series=parsed.series,
                publisher=parsed.publisher,
                serial_no=parsed.serial_no,
                year=parsed.year,
                issue_no=parsed.issue_no,
                metric=parsed.metric,
                expires=parsed.expires,
                fingerprint=parsed.fingerprint,
                index=index,
                scope=parsed.scope,
            )
        )
    return waivers


def _notice(
    path: str, waiver: Waiver, variant: str, zh: str, en: str, severity: str = "warning"
) -> dict[str, Any]:
    return {
        "rule": "waiver",
        "variant": variant,
        "severity": severity,
        "source": path,
        "series": "",
        "year": None,
        "issue_no": None,
        "serial_no": waiver.serial_no,
        "metric": waiver.metric,
        "scope": None,
        "observed": waiver.rule,
        "expected": None,
        "message_zh": zh,
        "message_en": en,
        "line": None,
        "evidence": waiver.reason,
        "other": None,
        "other_source": None,
        "other_line": None,
        "fingerprint": fingerprint({"waiver": waiver.index, "rule": waiver.rule, "variant": variant}),
        "waived": False,
        "waiver": None,
    }


def apply_waivers(findings: pd.DataFrame, waivers: list[Waiver], path: str, today: date) -> pd.DataFrame:
    """Return ``findings`` with waived ones marked, plus a finding per expired or unmatched waiver."""
    findings = findings.copy()
    rows = findings.to_dict(orient="records")
    notices = []
    for waiver in waivers:
        matched = [i for i, row in enumerate(rows) if waiver.covers(row)]
        if waiver.expires is not None and waiver.expires < today:
            notices.append(
                _notice(
                    path,
                    waiver,
                    "expired",
                    f"豁免第 {waiver.index} 条（{waiver.rule}）已于 {waiver.expires} 过期，不再生效",
                    f"Waiver {waiver.index} ({waiver.rule}) expired on {waiver.expires} and no longer applies",
                )
            )
            continue
        if waiver.scope == "all":
            # Said in the output every run, so a waiver of a whole rule is never forgotten.
            notices.append(
                _notice(
                    path,
                    waiver,
                    "all",
                    f"豁免第 {waiver.index} 条（{waiver.rule}）豁免该规则的全部问题（scope: all）",
                    f"Waiver {waiver.index} ({waiver.rule}) waives every finding of its rule (scope: all)",
                    severity="info",
                )
            )
        if not matched:
            notices.append(
                _notice(
                    path,
                    waiver,
                    "unmatched",
                    f"豁免第 {waiver.index} 条（{waiver.rule}）未匹配任何问题，可删除",
                    f"Waiver {waiver.index} ({waiver.rule}) matches no finding; remove it",
                )
            )
        for i in matched:
            findings.iat[i, findings.columns.get_loc("waived")] = True
            findings.iat[i, findings.columns.get_loc("waiver")] = f"{waiver.reason}（{waiver.approved_by}）"
    if notices:
        findings = pd.concat([findings, pd.DataFrame(notices, columns=findings.columns)], ignore_index=True)
    return findings
