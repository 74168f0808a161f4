"""goalcli as a real process (`python -m goalcli`), and what its refusals must look like."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


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


# The flag form of `goal log` has two paths (issue 26): storage/quick.py over sqlite3 or
# SQLCipher's module, and the full path over SQLModel (forced with GOALCLI_FULL_PATH). The
# robustness suites run it both ways as a writer; LOG_PATHS is each way's environment.
LOG_PATHS: dict[str, dict[str, str]] = {"quick": {}, "full": {"GOALCLI_FULL_PATH": "1"}}
# Runs goalcli, then (at a normal exit, not a kill) appends to the file named by argv[1] the
# path the command took: "full" when SQLModel was loaded, "quick" when it was not.
NOTING_MAIN = """
import atexit, sys
note = sys.argv.pop(1)
def noted():
    with open(note, "a", encoding="ascii") as handle:
        handle.write(("full" if "sqlmodel" in sys.modules else "quick") + "\\n")
atexit.register(noted)
from goalcli.cli import main
sys.argv[0] = "goal"
main()
"""


def noting_argv(note: Path | str, *args: str, before: str = "") -> list[str]:
    """The argument list of `goal ARGS` that notes its path in the file `note` (NOTING_MAIN);
    `before`: Python run first (e.g. a shorter busy timeout)."""
    return [sys.executable, "-c", before + NOTING_MAIN, str(note), *args]


def paths_taken(note: Path) -> list[str]:
    """The paths the runs noting into `note` took, in the order they ended."""
    return note.read_text(encoding="ascii").split() if note.exists() else []
