"""Waivers keep a finding visible but stop it failing the run; stale waivers are reported."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.cli import main
from audit.errors import ConfigError
from audit.pipeline import check
from audit.waivers import load_waivers
from tests.conftest import SEED_2022, seed
from tests.hardening.hardening_support import series_texts

WAIVER = """waivers:
  - rule: completed_le_accepted
    serial_no: 389
    metric: other_powers.completed
    reason: 含上年结转，见统计说明
    approved_by: 张三
    expires: {expires}
"""


def _waivers(tmp_path: Path, text: str, name: str = "waivers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_waived_finding_does_not_fail_the_run(tmp_path: Path) -> None:
    path = _waivers(tmp_path, WAIVER.format(expires="2030-01-01"))
    result = check([seed(SEED_2022)], waivers=path, today=date(2026, 1, 1))
    assert [(f.rule, f.waived, f.waiver) for f in result.findings.itertuples()] == [
        ("completed_le_accepted", True, "含上年结转，见统计说明（张三）")
    ]
    assert result.exit_code("error") == 0
    assert result.to_dict()["summary"]["waived"] == 1


def test_expired_waiver_no_longer_applies_and_is_reported(tmp_path: Path) -> None:
    path = _waivers(tmp_path, WAIVER.format(expires="2025-01-01"))
    result = check([seed(SEED_2022)], waivers=path, today=date(2026, 1, 1))
    assert [(f.rule, f.severity, f.waived) for f in result.findings.itertuples()] == [
        ("completed_le_accepted", "error", False),
        ("waiver", "warning", False),
    ]
    assert "过期" in result.findings.iloc[1]["message_zh"]
    assert result.exit_code("error") == 1


def test_unmatched_waiver_is_reported(tmp_path: Path) -> None:
    path = _waivers(tmp_path, WAIVER.format(expires="2030-01-01").replace("389", "390"))
    result = check([seed(SEED_2022)], waivers=path, today=date(2026, 1, 1))
    assert [(f.rule, f.waived) for f in result.findings.itertuples()] == [
        ("completed_le_accepted", False),
        ("waiver", False),
    ]
    assert "未匹配" in result.findings.iloc[1]["message_zh"]


def test_toml_waivers_match_by_source_name(tmp_path: Path) -> None:
    text = (
        '[[waivers]]\nrule = "completed_le_accepted"\nsource = "000_*.txt"\n'
        'reason = "口径说明"\napproved_by = "李四"\n'
    )
    result = check([seed(SEED_2022)], waivers=_waivers(tmp_path, text, "waivers.toml"))
    assert result.findings["waived"].tolist() == [True]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("waivers:\n  - rule: completed_le_accepted\n    reason: x\n", "lacks approved_by"),
        ("waivers:\n  - rule: nope\n    reason: x\n    approved_by: y\n", "unknown rule 'nope'"),
        (
            "waivers:\n  - rule: period_valid\n    reason: x\n    approved_by: y\n    expires: soon\n",
            "not a YYYY-MM-DD",
        ),
        ("waivers: [\n", "invalid waivers file"),
        ("waivers: 3\n", "expected a list"),
    ],
)
def test_bad_waivers_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_waivers(_waivers(tmp_path, text))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


BASE = "waivers:\n  - rule: completed_le_accepted\n    reason: x\n    approved_by: y\n    serial_no: 389\n"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("    expires: 2026-13-45\n", "invalid waivers file: month must be in 1..12"),
        ("    expires: 20300101\n", "waiver 1 expires: must be a YYYY-MM-DD date (got 20300101)"),
        ("    expires: 2030-01-01 10:00:00\n", "waiver 1 expires: must be a YYYY-MM-DD date"),
        ("    metric: [a]\n", "waiver 1 metric: Input should be a valid string (got ['a'])"),
        ("    fingerprint: 12\n", "waiver 1 fingerprint: Input should be a valid string (got 12)"),
        ("    colour: red\n", "waiver 1 has unknown key 'colour'"),
        ("    scope: some\n", "waiver 1 scope: Input should be 'all' (got 'some')"),
    ],
)
def test_every_bad_waiver_value_names_its_key(tmp_path: Path, extra: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_waivers(_waivers(tmp_path, BASE + extra))
    assert message in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("serial_no: abc", "waiver 1 serial_no: Input should be a valid integer (got 'abc')"),
        ("serial_no: 0", "waiver 1 serial_no: Input should be greater than or equal to 1 (got 0)"),
        ("serial_no: true", "waiver 1 serial_no: Input should be a valid integer (got True)"),
    ],
)
def test_a_bad_serial_number_is_a_usage_error(tmp_path: Path, field: str, message: str) -> None:
    path = _waivers(tmp_path, BASE.replace("serial_no: 389", field))
    issue = tmp_path / "issue.md"
    issue.write_text(series_texts(1)[0], encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(issue), "--waivers", str(path), "-j", "1"])
    assert result.exit_code == 2
    assert result.stderr == f"audit: {path}: {message}; every waiver needs rule, reason, approved_by\n"


@pytest.mark.parametrize("scope", ["", "    source: '*'\n", "    source: '**/*'\n"])
def test_a_waiver_of_a_whole_rule_needs_scope_all_and_is_listed(tmp_path: Path, scope: str) -> None:
    text = "waivers:\n  - rule: completed_le_accepted\n    reason: x\n    approved_by: y\n" + scope
    with pytest.raises(ConfigError) as caught:
        load_waivers(_waivers(tmp_path, text))
    assert "waiver 1 would waive every completed_le_accepted finding" in str(caught.value)
    path = _waivers(tmp_path, text + "    scope: all\n")
    result = check([seed(SEED_2022)], waivers=path, today=date(2026, 1, 1))
    assert [(f.rule, f.variant, f.severity, f.waived) for f in result.findings.itertuples()] == [
        ("completed_le_accepted", "exceeds", "error", True),
        ("waiver", "all", "info", False),
    ]


@pytest.mark.parametrize(
    ("keys", "waived"),
    [
        ("series: 窗口工作周报\n    serial_no: 389\n", True),
        (
            "series: 窗口工作周报\n    publisher: 四川省政府政务服务和公共资源交易服务中心\n    serial_no: 389\n",
            True,
        ),
        ("series: 窗口工作周报\n    year: 2022\n    issue_no: 14\n", True),
        ("series: 政务服务周报\n    serial_no: 389\n", False),
        ("series: 窗口工作周报\n    publisher: 某市政务服务中心\n    serial_no: 389\n", False),
        ("series: 窗口工作周报\n    year: 2022\n    issue_no: 15\n", False),
    ],
)
def test_waivers_keyed_on_the_issue_not_the_file(tmp_path: Path, keys: str, waived: bool) -> None:
    text = (
        f"waivers:\n  - rule: completed_le_accepted\n    {keys}    reason: 口径说明\n    approved_by: 李四\n"
    )
    renamed = tmp_path / "2022-第14期-定稿.md"
    renamed.write_bytes(seed(SEED_2022).read_bytes())
    result = check([renamed], waivers=_waivers(tmp_path, text))
    assert result.findings.loc[result.findings["rule"] == "completed_le_accepted", "waived"].tolist() == [
        waived
    ]


@pytest.mark.parametrize(
    ("keys", "waives_all"),
    [
        ("    year: 2022\n", True),
        ("    issue_no: 14\n", True),
        ("    year: 2022\n    issue_no: 14\n", False),
        ("    series: 窗口工作周报\n", False),
        ("    publisher: 某市政务服务中心\n", False),
        ("    fingerprint: abc\n", False),
    ],
)
def test_the_issue_keys_narrow_a_waiver(tmp_path: Path, keys: str, waives_all: bool) -> None:
    text = "waivers:\n  - rule: completed_le_accepted\n    reason: x\n    approved_by: y\n" + keys
    if waives_all:
        with pytest.raises(ConfigError, match="would waive every completed_le_accepted finding"):
            load_waivers(_waivers(tmp_path, text))
    else:
        assert [w.rule for w in load_waivers(_waivers(tmp_path, text))] == ["completed_le_accepted"]


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("year: '2022'", "waiver 1 year: Input should be a valid integer (got '2022')"),
        ("issue_no: 0", "waiver 1 issue_no: Input should be greater than or equal to 1 (got 0)"),
        ("series: 12", "waiver 1 series: Input should be a valid string (got 12)"),
    ],
)
def test_a_bad_issue_key_names_itself(tmp_path: Path, field: str, message: str) -> None:
    text = "waivers:\n  - rule: completed_le_accepted\n    reason: x\n    approved_by: y\n    " + field + "\n"
    with pytest.raises(ConfigError) as caught:
        load_waivers(_waivers(tmp_path, text))
    assert message in str(caught.value)
