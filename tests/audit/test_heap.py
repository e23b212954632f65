"""Objects held out of garbage collection for a block, and given back when the outermost block ends."""

from __future__ import annotations

import gc

import pytest

from audit.heap import held


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


def test_objects_made_before_are_frozen_and_given_back_after() -> None:
    before = Node()
    with held():
        assert gc.get_freeze_count() > 0
        inner = Node()
        with held():  # nested: nothing more is frozen, nothing is given back at its end
            frozen = gc.get_freeze_count()
        assert gc.get_freeze_count() == frozen > 0
        assert gc.is_tracked(inner)
    assert gc.get_freeze_count() == 0
    del before, inner
    assert gc.collect() >= 2  # both cycles are collectable again


def test_an_error_in_the_block_gives_the_objects_back() -> None:
    with pytest.raises(ValueError), held():
        raise ValueError("boom")
    assert gc.get_freeze_count() == 0
