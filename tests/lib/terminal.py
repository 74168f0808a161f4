"""goalcli in a real terminal (pexpect)."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lib.processes import noting_argv

# How long a real-terminal test waits for one prompt. Generous: on a loaded machine one Python
# start-up can take seconds, and a wait that times out proves nothing.
TERMINAL_TIMEOUT = 60


def _default_sigint() -> None:  # pragma: no cover - runs in the child, before exec
    # An ignored signal stays ignored across exec, and Python then never raises
    # KeyboardInterrupt. A parent that ignores Ctrl-C (`trap '' INT`, nohup, some CI runners)
    # would make every Ctrl-C test wait out its timeout; a person's shell never does that.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def spawn_goal(*args: str, columns: int = 120, noting: Path | None = None) -> Any:
    """`python -m goalcli ARGS` in a real terminal (pexpect), in the test's environment, with
    Ctrl-C at its default as in a person's shell; what the terminal showed collects in
    `child.logfile_read`. `noting`: the file the process notes its path in (see
    lib.processes.NOTING_MAIN)."""
    import io

    import pexpect

    child = pexpect.spawn(
        sys.executable,
        ["-m", "goalcli", *args] if noting is None else noting_argv(noting, *args)[1:],
        # The terminal's own size, not a $COLUMNS or $LINES another test left in the
        # environment: goalcli wraps its questions to $COLUMNS first, as Rich does.
        env={
            **{key: value for key, value in os.environ.items() if key not in {"COLUMNS", "LINES"}},
            "TERM": "xterm",
        },
        encoding="utf-8",
        timeout=TERMINAL_TIMEOUT,
        dimensions=(40, columns),
        preexec_fn=_default_sigint,
    )
    child.logfile_read = io.StringIO()
    return child


@contextmanager
def goal_terminal(*args: str, columns: int = 120, noting: Path | None = None) -> Iterator[Any]:
    """spawn_goal(ARGS) for a `with` block; the child is ended whatever the test does."""
    child = spawn_goal(*args, columns=columns, noting=noting)
    try:
        yield child
    finally:
        if child.isalive():
            child.terminate(force=True)


def finish(child: Any) -> str:
    """Wait for the program to end and close its terminal; what the terminal showed."""
    import pexpect

    child.expect(pexpect.EOF)
    child.close()
    return str(child.logfile_read.getvalue())
