"""The shape `goal reviews`, `goal checkin` and `goal step` share for a goal's rows: `list`
finds the goal, reads its rows and shows them as a table or JSON; `remove` asks first (--yes
answers for a script, and without a terminal it is refused), then removes in one write
transaction, where storage records the removal in the goal's history.

Each command keeps what is its own: which rows, their JSON fields, their table, the words."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from goalcli import prompts
from goalcli.commands._shared import TableOrJson, find
from goalcli.core.text import to_json
from goalcli.render import widgets

if TYPE_CHECKING:
    from rich.console import RenderableType
    from sqlmodel import Session

    from goalcli.storage.models import Goal
    from goalcli.storage.store import Store

Row = TypeVar("Row")
Removed = TypeVar("Removed")


def list_rows(
    ctx: typer.Context,
    reference: str,
    output_format: TableOrJson,
    *,
    heading: str,
    fetch: Callable[[Session, Goal], list[Row]],
    as_json: Callable[[Row], dict[str, Any]],
    table: Callable[[list[Row]], RenderableType],
    none_yet: str | None = None,
    in_json: Callable[[Row], bool] | None = None,
) -> None:
    """The rows `fetch` reads for the goal GOAL names (in one read transaction): JSON (those
    `in_json` keeps, if given), or under "HEADING of goal ID: TITLE" a table (`none_yet` said
    instead when there are none)."""
    database, chosen = find(ctx, reference)
    with database.read() as session:
        found = fetch(session, chosen)
    if output_format is TableOrJson.json:
        kept = found if in_json is None else [row for row in found if in_json(row)]
        typer.echo(to_json([as_json(row) for row in kept]))
        return
    out = widgets.console()
    title = widgets.user_text(f"{heading} of goal {chosen.id}: ", "bold")
    title.append(widgets.user_text(chosen.title, "bold"))
    out.print(title)
    if not found and none_yet is not None:
        out.print(none_yet)
        return
    out.print(table(found))


def remove_after_asking(
    database: Store,
    question: str,
    *,
    yes: bool,
    what: str,
    remove: Callable[[Session], Removed],
) -> Removed | None:
    """Ask `question` (or --yes; refused without a terminal, `what` naming the act), then
    `remove` in one write transaction: what it returns, or None (said) when declined."""
    if not prompts.confirm_destructive(question, yes=yes, what=what):
        typer.echo("Nothing was removed.")
        return None
    with database.write() as session:
        return remove(session)
