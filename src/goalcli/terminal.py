"""Whether a person is at the keyboard: asked in one place, so tests can answer it."""

from __future__ import annotations

import sys


def stdin_is_terminal() -> bool:
    """True when standard input is a terminal (not a pipe, a file or a test runner)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):  # replaced or closed stdin
        return False
