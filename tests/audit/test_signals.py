"""A signal is never lost: one handled inside a finalizer is delivered again in ordinary code."""

from __future__ import annotations

import signal
import sys

import pytest

from audit.signals import Terminated, raise_pending, signals_raise


class _Finalised:
    """An object whose finalizer is where a SIGTERM happens to be handled."""

    def __del__(self) -> None:
        raise Terminated(signal.SIGTERM)


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or sys.platform == "win32", reason="POSIX signals")
def test_a_signal_swallowed_by_a_finalizer_is_raised_again() -> None:
    seen: list[object] = []
    previous = sys.unraisablehook
    sys.unraisablehook = seen.append
    try:
        with pytest.raises(Terminated) as raised, signals_raise():
            _Finalised()  # the finalizer runs at once; its exception cannot propagate from there
            ran_on = True
            raise_pending()  # where the run can stop cleanly (each file read, the end of the block)
            ran_on = False
    finally:
        sys.unraisablehook = previous
    assert raised.value.signum == signal.SIGTERM
    assert ran_on  # not stopped half-way through ordinary code
    assert seen == []  # not printed as an ignored exception


def test_a_swallowed_signal_is_raised_at_the_end_of_the_block_at_the_latest() -> None:
    previous = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        with pytest.raises(Terminated), signals_raise():
            _Finalised()
    finally:
        sys.unraisablehook = previous


def test_other_unraisable_exceptions_are_reported_as_before() -> None:
    seen: list[object] = []
    previous = sys.unraisablehook
    sys.unraisablehook = seen.append
    try:
        with signals_raise():

            class Broken:
                def __del__(self) -> None:
                    raise ValueError("boom")

            Broken()
    finally:
        sys.unraisablehook = previous
    assert [type(u.exc_value) for u in seen] == [ValueError]  # type: ignore[attr-defined]
