"""`goal list`: goals with their ids and status."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from goalcli.cli import app_state
from goalcli.commands._shared import TableOrJson, TableOrJsonOption
from goalcli.core.text import number, to_json
from goalcli.render import screens, widgets

# Imported inside the functions that use them: SQLModel (the storage entity modules, views)
# and Rich, which completion and --help must not load (tests/cli/test_startup.py).

EXAMPLES = {
    "list": """
goal list
goal list --all --format json
"""
}
"""Shown at the end of `goal list --help`."""


def list_goals(
    ctx: typer.Context,
    show_all: Annotated[
        bool, typer.Option("--all", "-a", help="Include finished, paused and dropped goals.")
    ] = False,
    output_format: TableOrJsonOption = TableOrJson.table,
) -> None:
    """List goals with their ids (use an id or the start of a title wherever GOAL is asked)."""
    from goalcli.storage import goals

    database = app_state(ctx).database(create=False)
    rows: list[dict[str, Any]] = []
    if database is not None:
        with database.read() as session:
            rows = [
                {
                    "id": goal.id,
                    "title": goal.title,
                    "status": goal.status,
                    "unit": goal.unit,
                    "baseline": number(goal.baseline),
                    "target": number(goal.target),
                    "start_date": goal.start_date.isoformat(),
                    "target_date": goal.target_date.isoformat(),
                }
                for goal in goals.goals(session, include_all=show_all)
            ]
    if output_format is TableOrJson.json:
        typer.echo(to_json(rows))
        return
    out = widgets.console()
    if not rows:
        out.print("No goals yet. Start with `goal intake`." if not show_all else "No goals yet.")
        return
    out.print(screens.goal_list(rows))
