"""Work done in a forked process while the main one goes on, and its errors brought back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from audit.background import BackgroundDied, BackgroundFailed, forks, in_background
from audit.errors import OutputError
from audit.messages import text
from audit.signals import Terminated, exit_code

pytestmark = pytest.mark.skipif(not forks(), reason="processes are not forked here")


def _note_pid(path: Path) -> None:
    path.write_text(str(os.getpid()), encoding="utf-8")


class Unrebuildable(Exception):
    def __init__(self, detail: str, code: int) -> None:
        super().__init__(f"{detail} ({code})")  # pickled args no longer match the signature


@pytest.mark.parametrize(("parallel", "elsewhere"), [(True, True), (False, False)])
def test_the_work_is_done_by_the_time_it_is_waited_for(
    tmp_path: Path, parallel: bool, elsewhere: bool
) -> None:
    done = tmp_path / "pid"
    with in_background(lambda: _note_pid(done), parallel=parallel) as wait:
        wait()
    assert (int(done.read_text(encoding="utf-8")) != os.getpid()) is elsewhere


def test_without_a_second_process_the_work_waits_for_the_caller(tmp_path: Path) -> None:
    done = tmp_path / "pid"
    with in_background(lambda: _note_pid(done), parallel=False) as wait:
        assert not done.exists()
        wait()
    assert done.exists()


def test_no_work_is_nothing_to_wait_for() -> None:
    with in_background(None, parallel=True) as wait:
        wait()


@pytest.mark.parametrize("parallel", [True, False])
def test_the_works_error_is_raised_where_it_is_waited_for(parallel: bool) -> None:
    def fail() -> None:
        raise OutputError("audit.xlsx", text("cannot_write", reason="disk full"))

    with pytest.raises(OutputError) as raised, in_background(fail, parallel=parallel) as wait:
        wait()
    assert raised.value.source == "audit.xlsx"
    assert str(raised.value) == str(OutputError("audit.xlsx", text("cannot_write", reason="disk full")))


def test_an_error_that_cannot_be_rebuilt_comes_back_as_its_traceback() -> None:
    def fail() -> None:
        raise Unrebuildable("no room", 28)

    with (
        pytest.raises(BackgroundFailed, match=r"Unrebuildable: no room \(28\)"),
        in_background(fail, parallel=True) as wait,
    ):
        wait()


def test_a_process_killed_outright_is_reported_by_name() -> None:
    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    with (
        pytest.raises(BackgroundDied) as raised,
        in_background(die, parallel=True, name="audit.xlsx") as wait,
    ):
        wait()
    assert raised.value.source == "audit.xlsx"
    assert "SIGKILL" in str(raised.value)


def test_a_failing_caller_still_lets_the_work_finish(tmp_path: Path) -> None:
    done = tmp_path / "pid"

    def slow() -> None:
        import time

        time.sleep(0.3)
        _note_pid(done)

    with pytest.raises(ZeroDivisionError), in_background(slow, parallel=True):
        1 / 0  # noqa: B018 - the caller's own failure
    assert done.exists()


def test_output_buffered_before_the_fork_is_written_once(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys
        from audit.background import in_background
        sys.stdout.write("before|")  # buffered: a pipe is not a terminal
        with in_background(lambda: None, parallel=True) as wait:
            sys.stdout.write("during|")
            wait()
        print("after")
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout == "before|during|after\n"


def test_a_signal_that_ended_the_work_comes_back_as_that_signal() -> None:
    def terminated() -> None:
        raise Terminated(signal.SIGTERM)

    with pytest.raises(Terminated) as raised, in_background(terminated, parallel=True) as wait:
        wait()
    assert (raised.value.signum, exit_code(raised.value)) == (signal.SIGTERM, 143)
