"""Load rule settings from ``[tool.audit]`` in pyproject.toml, an ``audit.toml``, or ``--config FILE``."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from audit.calendar_config import calendar_from
from audit.errors import ConfigError
from schemas.settings import Settings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


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


def settings_from(table: dict[str, Any], path: Path) -> Settings:
    """Return the settings described by a ``[tool.audit]`` table; any bad value is a ConfigError."""
    from schemas.files import SettingsFile, ValidationError, first_problem  # pydantic: only for a file

    try:
        parsed = SettingsFile.model_validate(table)
    except ValidationError as error:
        problem = first_problem(error, unknown="setting")
        known = f"known settings: {', '.join(sorted(SettingsFile.model_fields))}"
        raise ConfigError(str(path), problem, known if problem.startswith("unknown") else "") from None
    values = parsed.model_dump(exclude_none=True, exclude={"disable", "severity", "calendar", "profiles"})
    if parsed.profiles is not None:
        # Relative to the settings file, so that a project's profiles travel with it.
        values["profiles"] = tuple(
            str(path.parent / f) if not Path(f).is_absolute() else f for f in parsed.profiles
        )
    for name in ("carryover_words", "versions"):
        if name in values:
            values[name] = tuple(values[name])
    if parsed.calendar is not None:
        values["calendar"] = calendar_from(parsed.calendar, path)
    return Settings(disabled=frozenset(parsed.disable), severity=dict(parsed.severity), **values)


def load_settings(
    config: str | Path | None = None, start: Path | None = None, profiles: tuple[str, ...] = ()
) -> Settings:
    """Return the settings from ``config``, or from the nearest configuration file, or the defaults.

    ``profiles`` (``--profile FILE``) are added after those the settings file names.
    """
    settings = _load(config, start)
    return replace(settings, profiles=(*settings.profiles, *profiles)) if profiles else settings


def _load(config: str | Path | None, start: Path | None) -> Settings:
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
