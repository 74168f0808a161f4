"""What the console script's quick answers share (goalcli/hot/): the database file the
options choose, and failures said as the CLI boundary (cli.GoalGroup, cli._say_error) says
them, without Typer."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

from goalcli.errors import SAVED_NOTE, GoalError, silence_stdout


def local_file(db: str | None) -> Path | None:
    """The database file the options and the environment choose, as cli.AppState.db_path
    finds it; None when that is the full path's to say (a server, a bad profile name, a
    profile with no database yet)."""
    from goalcli.storage.paths import PROFILE_ENV, check_name, resolve_location

    try:
        if os.environ.get(PROFILE_ENV):
            check_name(os.environ[PROFILE_ENV], source=PROFILE_ENV)
        location = resolve_location(db, None)
    except GoalError:
        return None
    if location.server_url is not None or location.file is None:
        return None
    if location.profile is not None and not location.file.exists():
        return None
    return location.file


def output_failed(error: OSError, *, saved: bool) -> int:
    """cli.GoalGroup's words when the output fails (a pipe closed early, stdout closed)."""
    silence_stdout()
    if saved:
        say_error(f"{SAVED_NOTE}, but the confirmation could not be shown.")
        return 0
    if error.errno not in (errno.EPIPE, errno.EBADF):
        say_error(f"Could not finish: {error.strerror or type(error).__name__}.")
    return 1


def say_error(message: str, *, own_line: bool = False) -> None:
    """cli._say_error, without Typer: one line on stderr, no control character in it."""
    import contextlib

    from goalcli.core.text import visible
    from goalcli.prompts import fitted

    with contextlib.suppress(OSError, ValueError):
        text = fitted(f"goal: {visible(message)}", err=True)
        if own_line and sys.stderr.isatty():
            text = "\n" + text
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
