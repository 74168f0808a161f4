"""`goal delete`: remove a goal and everything under it, after the client types its title."""

from __future__ import annotations

from typing import Annotated

import typer

from goalcli import prompts
from goalcli.commands._shared import GoalArgument, find
from goalcli.core.text import plural
from goalcli.errors import InputError
from goalcli.render import widgets

# Imported inside the functions that use them: SQLModel (the storage entity modules, views)
# and Rich, which completion and --help must not load (tests/cli/test_startup.py).


def delete(
    ctx: typer.Context,
    goal: GoalArgument,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Delete without asking (for scripts).")
    ] = False,
) -> None:
    """Delete a goal with its steps, check-ins, reviews and history. This cannot be undone."""
    from goalcli.storage import goals

    database, chosen = find(ctx, goal)
    goal_id = chosen.id or 0
    if not yes:
        if not prompts.stdin_is_terminal():
            raise InputError(
                f"Deleting goal {goal_id} needs you to confirm by typing its title in a "
                "terminal, or --yes; nothing was deleted."
            )
        with database.read() as session:
            contents = goals.contents_of(session, goal_id)
        out = widgets.console()
        heading = widgets.user_text(f"This deletes goal {goal_id}, ")
        heading.append(widgets.user_text(chosen.title, "bold"))
        heading.append(
            f", with its {plural(contents.steps, 'step')}, {plural(contents.checkins, 'check-in')}, "
            f"{plural(contents.reviews, 'review')} and "
            f"{plural(contents.changes, 'recorded change')}. "
            "It cannot be undone."
        )
        out.print(heading)
        out.print("To keep a copy first, run `goal export`.", style="dim")
        typed = typer.prompt("Type the goal's title to delete it", default="", show_default=False)
        if typed.strip() != chosen.title:
            raise InputError("That is not the goal's title; nothing was deleted.")
    with database.write() as session:
        goals.delete_goal(session, goal_id)
    database.forget()  # no copy of what was deleted left in the file or its -wal
    typer.echo(f"Deleted goal {goal_id} and everything recorded under it.")
