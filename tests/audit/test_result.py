"""The result object: what the workbook is given is the JSON contract, less the numbers a rule checked."""

from __future__ import annotations

from pathlib import Path

from audit.pipeline import check
from schemas.figures import UNDERSTOOD

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_unclassified_only_keeps_the_numbers_no_rule_checked(tmp_path: Path) -> None:
    for source in sorted(EXAMPLES.glob("*.md"))[:2]:
        text = source.read_text(encoding="utf-8")
        (tmp_path / source.name).write_text(
            text.replace("\n\n", "\n\n本周受理 3.69861e5 件。\n\n", 1), encoding="utf-8"
        )
    result = check([tmp_path])
    whole, listed = result.to_dict(), result.to_dict(unclassified_only=True)
    assert [(f["raw"], f["role"]) for f in listed["figures"]] == [("3.69861e5", "unreadable")] * 2
    assert listed["figures"] == [f for f in whole["figures"] if f["role"] not in UNDERSTOOD]
    assert len(whole["figures"]) > 20
    assert {k: v for k, v in listed.items() if k != "figures"} == {
        k: v for k, v in whole.items() if k != "figures"
    }
