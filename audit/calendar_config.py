"""The user's holiday schedule: ``[tool.audit.calendar]`` and the TOML files it includes.

.. code-block:: toml

    [tool.audit.calendar]
    include = ["holidays-2027.toml"]        # optional; paths relative to the configuration file

    [tool.audit.calendar.2027]
    holidays = [2027-01-01, [2027-02-05, 2027-02-11]]   # a day, or a first and last day
    workdays = [2027-02-14]                              # make-up working days (调休)

An included file holds the same year tables at its top level (``[2027]``). A year given here
replaces the library's calendar for that year.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from audit.errors import ConfigError
from schemas.calendar import Calendar

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_HINT = "write each year as [tool.audit.calendar.2027] with holidays = [...] and workdays = [...]"


def _day(value: Any, path: Path, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(
            str(path), f"{where}: {value!r} is not a date", "write dates as 2027-02-05"
        ) from None


def _days(values: Any, path: Path, year: int, kind: str) -> set[date]:
    if not isinstance(values, list):
        raise ConfigError(str(path), f"calendar {year} {kind} must be a list of dates", _HINT)
    days: set[date] = set()
    where = f"calendar {year} {kind}"
    for value in values:
        first, last = value if isinstance(value, list) and len(value) == 2 else (value, value)
        first, last = _day(first, path, where), _day(last, path, where)
        if not (first.year == last.year == year and first <= last):
            raise ConfigError(str(path), f"{where}: {first}..{last} is not within {year}")
        days.update(first + timedelta(days=i) for i in range((last - first).days + 1))
    return days


def _years(table: dict[str, Any], path: Path, into: dict[int, tuple[set[date], set[date]]]) -> None:
    for key, value in table.items():
        if key == "include":
            continue
        if not str(key).isdigit() or not isinstance(value, dict) or set(value) - {"holidays", "workdays"}:
            raise ConfigError(
                str(path), f"calendar entry {key!r} is not a year of holidays and workdays", _HINT
            )
        year = int(key)
        holidays = _days(value.get("holidays", []), path, year, "holidays")
        workdays = _days(value.get("workdays", []), path, year, "workdays")
        both = sorted(holidays & workdays)
        if both:
            raise ConfigError(str(path), f"calendar {year}: {both[0]} is both a holiday and a workday")
        into[year] = (holidays, workdays)


def calendar_from(table: Any, path: Path) -> Calendar:
    """Return the calendar described by a ``[tool.audit.calendar]`` table read from ``path``."""
    if not isinstance(table, dict):
        raise ConfigError(str(path), "calendar must be a table", _HINT)
    years: dict[int, tuple[set[date], set[date]]] = {}
    includes = table.get("include", [])
    if not isinstance(includes, list) or not all(isinstance(name, str) for name in includes):
        raise ConfigError(str(path), "calendar include must be a list of file names")
    for name in includes:
        included = path.parent / name
        try:
            data = tomllib.loads(included.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(str(included), f"cannot read ({error})", f"named in {path}") from None
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(str(included), f"invalid TOML: {error}", "fix the syntax") from None
        _years(data, included, years)
    _years(table, path, years)  # the configuration's own years win over an included file's
    return Calendar(
        years=frozenset(years),
        holidays=frozenset(d for holidays, _ in years.values() for d in holidays),
        workdays=frozenset(d for _, workdays in years.values() for d in workdays),
    )
