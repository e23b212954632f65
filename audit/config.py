"""Load rule settings from ``[tool.audit]`` in pyproject.toml, an ``audit.toml``, or ``--config FILE``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from audit.calendar_config import calendar_from
from audit.errors import ConfigError
from schemas.rules import RULES_BY_ID
from schemas.settings import SEVERITIES, Settings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

NUMBERS = {"max_period_days": int, "max_publish_delay_days": int, "ytd_tolerance": float}
KEYS = {"disable", "severity", "carryover_words", "calendar", *NUMBERS}


def find_config(start: Path | None = None) -> Path | None:
    """Return the nearest audit.toml, or pyproject.toml with a [tool.audit] table, from ``start`` upward."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / "audit.toml").is_file():
            return candidate / "audit.toml"
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and "audit" in _read(pyproject).get("tool", {}):
            return pyproject
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(str(path), f"cannot read ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(str(path), f"invalid TOML: {error}", "fix the syntax") from None


def _rule_ids(path: Path, names: list[Any], what: str) -> None:
    for name in names:
        if str(name).split(".")[0] not in RULES_BY_ID:
            raise ConfigError(
                str(path), f"{what} names unknown rule {name!r}", "see `audit rules` for the ids"
            )


def settings_from(table: dict[str, Any], path: Path) -> Settings:
    """Return the settings described by a ``[tool.audit]`` table."""
    unknown = set(table) - KEYS
    if unknown:
        raise ConfigError(
            str(path), f"unknown setting {sorted(unknown)[0]!r}", f"known settings: {', '.join(sorted(KEYS))}"
        )
    disabled = list(table.get("disable", []))
    severity = dict(table.get("severity", {}))
    _rule_ids(path, disabled, "disable")
    _rule_ids(path, list(severity), "severity")
    for name, level in severity.items():
        if level not in SEVERITIES:
            raise ConfigError(
                str(path), f"severity of {name} is {level!r}", f"use one of {', '.join(SEVERITIES)}"
            )
    values: dict[str, Any] = {}
    for key, kind in NUMBERS.items():
        if key in table:
            try:
                values[key] = kind(table[key])
            except (TypeError, ValueError):
                raise ConfigError(str(path), f"{key} must be a number") from None
    if "carryover_words" in table:
        words = table["carryover_words"]
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise ConfigError(str(path), "carryover_words must be a list of words")
        values["carryover_words"] = tuple(words)
    if "calendar" in table:
        values["calendar"] = calendar_from(table["calendar"], path)
    return Settings(disabled=frozenset(disabled), severity=severity, **values)


def load_settings(config: str | Path | None = None, start: Path | None = None) -> Settings:
    """Return the settings from ``config``, or from the nearest configuration file, or the defaults."""
    path = Path(config) if config else find_config(start)
    if path is None:
        return Settings()
    if not path.is_file():
        raise ConfigError(str(path), "no such configuration file")
    data = _read(path)
    table = (
        data.get("tool", {}).get("audit", {})
        if path.name == "pyproject.toml"
        else data.get("tool", {}).get("audit", data)
    )
    return settings_from(table, path)
