"""Stage timings (AUDIT_TIMINGS): a nested stage's time is not counted twice."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from audit import timing


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    ticks: list[float] = []
    monkeypatch.setattr(timing, "_clock", lambda: ticks.pop(0))
    monkeypatch.setattr(timing, "_STAGES", {})
    yield ticks


def test_nested_stage_is_charged_to_itself_only(clock: list[float]) -> None:
    clock += [0.0, 2.0, 5.0, 6.0, 7.0, 8.0]  # extract 0–2, validate 2–5, extract 5–6 and 7–8
    with timing.stage("extract"), timing.stage("validate"):
        pass
    with timing.stage("extract"):
        pass
    assert timing._STAGES == {"extract": 4.0, "validate": 3.0}
