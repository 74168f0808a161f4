"""What the commands about one goal share: the GOAL argument, the database that must exist,
and the goal GOAL names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from goalcli.storage.database import Database
    from goalcli.storage.models import Goal

GOAL_HELP = "Goal id or the start of its title."
GoalArgument = Annotated[str, typer.Argument(help=GOAL_HELP, show_default=False)]


def existing_database(ctx: typer.Context) -> Database:
    """The database; none yet is a plain "set up your goals first" (exit 1, nothing created)."""
    from goalcli.errors import GoalError

    database = ctx.obj.database(create=False)
    if database is None:
        raise GoalError("There are no goals yet; set them up with `goal intake`.")
    return database


def find(ctx: typer.Context, reference: str) -> tuple[Database, Goal]:
    """The database and the goal GOAL names (id or unique title prefix), or exit 2."""
    from goalcli.storage import goals

    database = existing_database(ctx)
    with database.read() as session:
        return database, goals.find_goal(session, reference)
