"""The real-terminal tests hold even when pytest's parent ignores Ctrl-C (`trap '' INT`, nohup,
some CI runners): spawn_goal gives the child Ctrl-C at its default, as a person's shell does.

An ignored SIGINT is inherited across exec, and Python then never raises KeyboardInterrupt, so
without the reset every Ctrl-C test would wait out its timeout and fail.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from lib.terminal import finish, goal_terminal

pexpect = pytest.importorskip("pexpect")


@pytest.fixture
def parent_ignores_ctrl_c() -> Iterator[None]:
    """This test process ignores SIGINT, as if pytest were started under `trap '' INT`."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def ignores_sigint(pid: int) -> bool:
    """Whether the process ignores SIGINT, from the SigIgn mask in /proc/PID/status."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("SigIgn:"):
                return bool(int(line.split()[1], 16) & (1 << (signal.SIGINT - 1)))
    raise AssertionError(f"no SigIgn line for process {pid}")


def test_a_plain_spawn_would_inherit_the_ignored_ctrl_c(parent_ignores_ctrl_c: None) -> None:
    """The premise: without the reset, a child of such a parent ignores Ctrl-C."""
    child = pexpect.spawn("sleep", ["30"])
    try:
        assert ignores_sigint(child.pid)
    finally:
        child.terminate(force=True)


def test_spawn_goal_gives_the_child_ctrl_c_back(parent_ignores_ctrl_c: None) -> None:
    with goal_terminal("intake") as child:
        assert not ignores_sigint(child.pid)
        child.expect(r": $")  # the first question
        child.sendintr()
        output = finish(child)

    assert child.exitstatus == 130, output
    assert "nothing was saved" in output.lower()


def test_the_suite_started_with_ctrl_c_ignored_gives_it_back(tmp_path: Path) -> None:
    """pytest itself started as a background job of a shell without job control (SIGINT
    ignored, inherited): the interrupt tests still see their Ctrl-C (tests/conftest.py)."""
    import subprocess
    import sys

    tests = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-n",
            "0",
            "-p",
            "no:cacheprovider",
            f"--basetemp={tmp_path / 'run'}",
            str(tests / "cli" / "test_commit_interrupt.py") + "::"
            "test_an_interrupt_during_the_commit_comes_after_the_commit_is_noted[sqlite]",
        ],
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tests.parent,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
