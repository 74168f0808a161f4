"""The one error family of goalcli.

Everything the user can cause or the machine can refuse is raised as a GoalError;
the CLI boundary turns it into one plain sentence on stderr and an exit code.
"""

from __future__ import annotations

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
