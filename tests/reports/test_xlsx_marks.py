"""The 【】 mark lands on the figure in whatever form the sentence prints it."""

from __future__ import annotations

import pytest

from reports.xlsx_marks import mark_evidence


@pytest.mark.parametrize(
    ("evidence", "observed", "marked"),
    [
        ("受理９４９４件，办结１０３５９件。", "10359", "受理９４９４件，办结【１０３５９】件。"),
        ("受理9,494件，办结10,359件。", "10359", "受理9,494件，办结【10,359】件。"),
        ("受理9，494件，办结10，359件。", "10359", "受理9，494件，办结【10，359】件。"),
        ("办结一万零三百五十九件", "10359", "办结【一万零三百五十九】件"),
        ("其它九类行权事项受理", "9", "其它【九】类行权事项受理"),
        ("累计办结1.0359万件", "10359", "累计办结【1.0359万】件"),
        ("累计办结 1.2 万件", "12000", "累计办结 【1.2 万】件"),
        ("占比５４．９１％", "54.91", "占比【５４．９１】％"),
        ("总第3890期，总第389期", "389", "总第3890期，总第【389】期"),
        ("受理 1200 件", "1201", "受理 1200 件"),
    ],
)
def test_every_printed_form_is_marked(evidence: str, observed: str, marked: str) -> None:
    assert mark_evidence(evidence, observed) == marked
