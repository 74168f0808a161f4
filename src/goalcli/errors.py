"""The one error family of goalcli.

Everything the user can cause or the machine can refuse is raised as a GoalError;
the CLI boundary turns it into one plain sentence on stderr and an exit code.
"""

from __future__ import annotations

import errno
import os
import signal
import sys
import threading

# The one escaper (also used by every renderer), here for messages and the CLI boundary.
from goalcli.core.text import visible as visible

EXIT_OK = 0
EXIT_COULD_NOT = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


class GoalError(Exception):
    """Something goalcli could not do; the message is one plain sentence for the user."""

    exit_code: int = EXIT_COULD_NOT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(GoalError):
    """The user gave something goalcli cannot accept; nothing was written."""

    exit_code = EXIT_BAD_INPUT


class StorageError(GoalError):
    """The database could not be read or written (locked, foreign, newer, unwritable)."""

    exit_code = EXIT_COULD_NOT


class Interrupted(GoalError):
    """The user pressed Ctrl-C or Ctrl-D; nothing was saved."""

    exit_code = EXIT_INTERRUPTED


QUOTE_LIMIT = 40


def quote(text: object) -> str:
    """User input as it may appear in a message: short, in quotes, and visible (see above)."""
    shown = str(text)
    if len(shown) > QUOTE_LIMIT:
        shown = shown[:QUOTE_LIMIT] + "..."
    return "'" + visible(shown) + "'"


# What the CLI boundary shares between the whole application (cli.py) and the flag form of
# `goal log` read before it (hot.py): the words a failure after a commit begins with, and the
# standard streams made safe to print to.

SAVED_NOTE = "Your changes were saved"
"""How every failure after a commit begins, so a person never retries a write that happened."""


class _ClosedOutput:
    """Stands in for stdout when the program started with it closed (`goal list >&-`): Python
    then has no sys.stdout and every print would vanish as if it had worked. Writing raises
    the error a closed descriptor gives, which the boundary turns into a true exit status."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, _text: str) -> int:
        raise OSError(errno.EBADF, "stdout is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def prepare_streams() -> None:
    """Output that the terminal's encoding cannot show (an emoji in a Latin-1 terminal) is
    replaced, not fatal: failing to print must never undo or disguise a saved change."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()


_own_process = False
"""Whether goalcli's console script runs this process (set by its entry points); an
in-process caller (a test runner, a script importing goalcli) keeps its own Ctrl-C."""


def owning_the_process() -> None:
    """Called by the console script's entry points (goalcli.hot.main, goalcli.cli.main)."""
    global _own_process
    _own_process = True


def settled() -> None:
    """The command has finished and said how it ended. From here to the process's end (the
    context closing the database, the interpreter's exit) a Ctrl-C could only turn that into
    a silent exit 130 (Typer's conversion outside the command), a traceback at exit, or a
    second sentence contradicting the first: it is ignored. Only in goalcli's own process,
    and from the main thread (the only one that may set a signal handler)."""
    if _own_process and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def silence_stdout() -> None:
    """Point stdout at /dev/null, so the flush at exit cannot fail again and print
    "Exception ignored ... BrokenPipeError" (the recipe in Python's signal documentation)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # stdout had no file descriptor (closed at start-up): nothing will flush
