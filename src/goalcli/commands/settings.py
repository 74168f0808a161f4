"""`goal settings crisis-line`: small preferences kept in the database."""

from __future__ import annotations

from typing import Annotated

import typer

from goalcli._lazy import GoalCommand, GoalSubGroup
from goalcli.cli import app_state
from goalcli.core import limits
from goalcli.errors import InputError
from goalcli.render import widgets

# Imported inside the functions that use them: SQLModel (the storage entity modules, views)
# and Rich, which completion and --help must not load (tests/cli/test_startup.py).

app = typer.Typer(
    name="settings",
    cls=GoalSubGroup,
    add_completion=False,
    help="Show or change your settings (the crisis line shown with a risk answer).",
    no_args_is_help=True,
)


@app.callback()
def settings() -> None:
    """Show or change your settings (the crisis line shown with a risk answer)."""
    # A callback keeps `settings` a group while it has one command (Typer would fold it).


@app.command("crisis-line", cls=GoalCommand)
def crisis_line(
    ctx: typer.Context,
    text: Annotated[
        str | None,
        typer.Argument(
            metavar="[TEXT]",
            help="Your crisis line, in your words (e.g. a name and a number).",
            show_default=False,
        ),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Forget the crisis line.")] = False,
) -> None:
    """Show, set or --clear the crisis line goalcli shows when you answer a risk question."""
    from goalcli.storage import measures as store

    if clear and text is not None:
        raise InputError("Give a crisis line or --clear, not both.")
    if text is None and not clear:
        database = app_state(ctx).database(create=False)
        current = None
        if database is not None:
            with database.read() as session:
                current = store.get_setting(session, store.CRISIS_LINE)
        if current is None:
            typer.echo("No crisis line set. Set one with `goal settings crisis-line TEXT`.")
        else:
            widgets.console().print(widgets.user_text(f"Crisis line: {current}"))
        return
    cleaned = (
        None if clear else limits.check_text(text or "", "support_contact", what="crisis line")
    )
    database = app_state(ctx).database(create=True)
    with database.write() as session:
        store.set_setting(session, store.CRISIS_LINE, cleaned)
    if cleaned is None:
        typer.echo("Crisis line cleared.")
    else:
        widgets.console().print(widgets.user_text(f"Crisis line set: {cleaned}"))
