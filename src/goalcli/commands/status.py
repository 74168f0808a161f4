"""`goal status`: one short line for a shell prompt, whether today has a check-in."""

from __future__ import annotations

from typing import Annotated

import typer

from goalcli.cli import app_state
from goalcli.core import dates
from goalcli.errors import StorageError
from goalcli.render.screens import LOGGED, NOT_LOGGED
from goalcli.storage.glance import Unreadable, last_checkin_day, last_checkin_on

EXAMPLES = {
    "status": """
goal status
PS1='$(goal status --short 2>/dev/null) \\$ '   in ~/.bashrc
"""
}
"""Shown at the end of `goal status --help`."""


def status(
    ctx: typer.Context,
    short: Annotated[bool, typer.Option("--short", help="Only the mark: ✓ or ○.")] = False,
) -> None:
    """One line for a shell prompt: ✓ logged today, or ○ not logged today."""
    today = dates.today()
    if app_state(ctx).server_url is not None:  # no file to glance at: one read on the server
        database = app_state(ctx).database(create=False)
        last = None
        if database is not None:
            with database.read() as session:
                last = last_checkin_on(session, today)
    else:
        try:
            last = last_checkin_day(app_state(ctx).db_path, today, encrypted_too=True)
        except Unreadable:
            raise StorageError(
                "Could not read the database quickly (busy, or encrypted and no passphrase "
                "command or keyring gives its passphrase); try `goal report`."
            ) from None
    line = LOGGED if last == today else NOT_LOGGED
    typer.echo(line.split()[0] if short else line)
