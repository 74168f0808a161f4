"""`goal show`: everything about one goal — its SMART parts, steps, recent check-ins, where it
stands, and its history of changes."""

from __future__ import annotations

import typer

from goalcli.commands._shared import GoalArgument, TableOrJson, TableOrJsonOption, find
from goalcli.core import dates
from goalcli.core.text import to_json
from goalcli.render import goal as render_goal
from goalcli.render import widgets

# Imported inside the functions that use them: SQLModel (the storage entity modules, views)
# and Rich, which completion and --help must not load (tests/cli/test_startup.py).

EXAMPLES = {
    "show": """
goal show 1
goal show walk --format json
"""
}
"""Shown at the end of `goal show --help`."""


def show(
    ctx: typer.Context,
    goal: GoalArgument,
    output_format: TableOrJsonOption = TableOrJson.table,
) -> None:
    """Show everything about one goal: its parts, steps, recent check-ins and changes."""
    from goalcli.views.goal import goal_document

    today = dates.today()
    database, chosen = find(ctx, goal)
    with database.read() as session:
        document = goal_document(session, chosen, today)
    if output_format is TableOrJson.json:
        typer.echo(to_json(document))
        return
    widgets.console().print(render_goal.goal_detail(document))
