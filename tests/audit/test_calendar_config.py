"""A user's holiday schedule for a year the library does not know, from the configuration."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.cli import main
from audit.config import load_settings
from audit.errors import ConfigError
from audit.generate import generate_series, render, write_text

SCHEDULE_2099 = """
[2099]
holidays = [2099-01-01, ["2099-01-26", "2099-01-30"]]
workdays = ["2099-01-24"]
"""


def test_years_from_the_table_and_an_included_file(tmp_path: Path) -> None:
    (tmp_path / "holidays.toml").write_text(SCHEDULE_2099, encoding="utf-8")
    (tmp_path / "audit.toml").write_text(
        '[tool.audit.calendar]\ninclude = ["holidays.toml"]\n'
        "[tool.audit.calendar.2098]\nholidays = [[2098-10-01, 2098-10-07]]\nworkdays = [2098-10-10]\n",
        encoding="utf-8",
    )
    calendar = load_settings(start=tmp_path).calendar
    assert calendar.years == {2098, 2099}
    assert calendar.covers(2024) and not calendar.covers(2100)
    expected = {
        date(2099, 1, 1): False,  # a listed holiday
        date(2099, 1, 2): True,  # a Friday
        date(2099, 1, 3): False,  # a Saturday
        date(2099, 1, 24): True,  # a Saturday made a working day
        date(2099, 1, 28): False,  # within a listed range
        date(2098, 10, 10): True,
        date(2098, 10, 7): False,
        date(2100, 1, 4): None,  # a Monday of a year nobody knows
    }
    assert {day: calendar.is_workday(day) for day in expected} == expected


def test_a_users_year_replaces_the_librarys(tmp_path: Path) -> None:
    (tmp_path / "audit.toml").write_text("[calendar.2024]\nholidays = []\n", encoding="utf-8")
    calendar = load_settings(start=tmp_path).calendar
    assert calendar.is_workday(date(2024, 10, 1)) is True  # National Day, not in the user's list
    assert load_settings(start=tmp_path.parent / "elsewhere").calendar.is_workday(date(2024, 10, 1)) is False


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[calendar.2099]\nholidays = [2098-12-31]\n", "not within 2099"),
        (
            "[calendar.2099]\nholidays = [2099-01-05]\nworkdays = [2099-01-05]\n",
            "both a holiday and a workday",
        ),
        ('[calendar.2099]\nholidays = ["5 Jan"]\n', "is not a date"),
        ("[calendar.2099]\nholidays = 2099-01-05\n", "must be a list of dates"),
        ("[calendar.next]\nholidays = []\n", "is not a year"),
        ("[calendar.2099]\nholiday = []\n", "is not a year"),
        ('[calendar]\ninclude = ["missing.toml"]\n', "cannot read"),
        ("calendar = 2099\n", "must be a table"),
    ],
)
def test_a_malformed_schedule_names_the_file(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "audit.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(start=tmp_path)


def test_check_says_once_when_a_year_is_unknown_and_the_schedule_settles_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "issues"
    folder.mkdir()
    for spec in generate_series(6, seed=3, start=date(2099, 3, 2)):
        write_text(folder / f"{spec.serial_no}.md", render(spec))
    monkeypatch.chdir(tmp_path)
    before = CliRunner().invoke(main, ["check", "issues", "--format", "json", "--no-cache"])
    notices = [f for f in json.loads(before.stdout)["findings"] if f["rule"] == "period_contiguous"]
    assert [(f["severity"], f["message"].count("2099")) for f in notices] == [("info", 1)]
    (tmp_path / "audit.toml").write_text("[calendar.2099]\nholidays = []\n", encoding="utf-8")
    after = CliRunner().invoke(main, ["check", "issues", "--format", "json", "--no-cache"])
    assert [f for f in json.loads(after.stdout)["findings"] if f["rule"] == "period_contiguous"] == []
