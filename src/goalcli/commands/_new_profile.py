"""A profile that does not exist yet is created only when asked for: the one question
`goal intake`, `goal add`, `goal import` and `goal restore` ask before they would create one."""

from __future__ import annotations

import typer

from goalcli import prompts
from goalcli.cli import app_state
from goalcli.errors import InputError, quote
from goalcli.storage.paths import close_name, close_profile, default_data_dir
from goalcli.storage.schemas import snapshot
from goalcli.storage.server import schema_name


def confirm_new_profile(
    ctx: typer.Context, *, yes: bool, flag: str = "--yes", on_server: bool = False
) -> str | None:
    """A profile that does not exist yet is created only when asked for: a mistyped name must
    not quietly start an empty client. At a terminal it asks; otherwise `flag` (--yes) says
    so. With `on_server`, a profile on a PostgreSQL server (a schema) is asked about too.
    The name of the profile to be created, or None when it exists."""
    if on_server and app_state(ctx).server_url is not None:
        name, known = _missing_server_profile(ctx)
        close = close_name(name, known) if name is not None else None
    else:
        name = app_state(ctx).new_profile
        close = close_profile(name, default_data_dir()) if name is not None else None
    if name is None:
        return None
    if not yes:
        if not prompts.stdin_is_terminal():
            also = f" (or did you mean {quote(close)}?)" if close is not None else ""
            raise InputError(
                f"There is no profile {quote(name)} yet; add {flag} to create it{also}."
            )
        if close is not None:
            prompts.explain(f"A profile with a close name exists: {quote(close)}.")
        if not prompts.confirm(f"There is no profile {quote(name)} yet. Create it?", default=False):
            raise InputError(f"No profile was created; {quote(name)} was left alone.")
    app_state(ctx).allow_new_profile = True
    return name


def _missing_server_profile(ctx: typer.Context) -> tuple[str | None, list[str]]:
    """The profile the options choose on the server when it has no schema yet (else None),
    and the server's profiles (for "did you mean"); read in one read-only transaction."""
    # As AppState.database picks the schema: --profile, else GOALCLI_PROFILE.
    location = app_state(ctx).location
    name = location.server_profile
    if name is None or location.server_url is None:
        return None, []
    with snapshot(location.server_url) as server:
        known = server.profiles()
    return (None if schema_name(name) in known else name), known
