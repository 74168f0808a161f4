"""goalcli in a real terminal (pexpect)."""

from __future__ import annotations

import os
import sys
from typing import Any

# How long a real-terminal test waits for one prompt. Generous: on a loaded machine one Python
# start-up can take seconds, and a wait that times out proves nothing.
TERMINAL_TIMEOUT = 60


def spawn_goal(*args: str, columns: int = 120) -> Any:
    """`python -m goalcli ARGS` in a real terminal (pexpect), in the test's environment; what
    the terminal showed collects in `child.logfile_read`."""
    import io

    import pexpect

    child = pexpect.spawn(
        sys.executable,
        ["-m", "goalcli", *args],
        env=dict(os.environ, TERM="xterm"),
        encoding="utf-8",
        timeout=TERMINAL_TIMEOUT,
        dimensions=(40, columns),
    )
    child.logfile_read = io.StringIO()
    return child
