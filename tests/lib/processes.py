"""goalcli as a real process (`python -m goalcli`), and what its refusals must look like."""

from __future__ import annotations

import os
import subprocess
import sys


def goal_process(
    *args: str,
    input: str | None = None,
    timeout: float = 30,
    env: dict[str, str] | None = None,
    **popen: object,
) -> subprocess.CompletedProcess[str]:
    """`python -m goalcli ARGS` in the test's environment (GOALCLI_DB, GOALCLI_TODAY)."""
    return subprocess.run(  # type: ignore[call-overload]
        [sys.executable, "-m", "goalcli", *args],
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        **popen,
    )


def assert_one_plain_line(stderr: str) -> None:
    """goalcli's promise for every refusal: one sentence on stderr, no traceback, no escape."""
    lines = stderr.strip("\n").splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("goal: "), stderr
    assert "Traceback" not in stderr
    assert "\x1b" not in stderr and "\x00" not in stderr
