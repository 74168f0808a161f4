"""`goal skip`: mark a day excused for a goal (ill, away, a crisis): habit strength freezes and
the streak is not broken, as Loop Habit Tracker's skip does."""

from __future__ import annotations

from typing import Annotated

import typer

from goalcli.commands._shared import GoalArgument, check_started, complete_when, find, past_day
from goalcli.core import dates, limits


def skip(
    ctx: typer.Context,
    goal: GoalArgument,
    when: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="WHEN", autocompletion=complete_when, help="The day, if not today."
        ),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option("--reason", metavar="TEXT", help="Why, in a few words (ill, away)."),
    ] = None,
) -> None:
    """Excuse a day for a goal (ill, away, a crisis): it neither counts nor breaks the habit."""
    from goalcli.storage import activation  # SQLModel: deferred to keep --help light

    today = dates.today()
    day = past_day(when, today, in_the_future="excuse a day once it has come")
    said = limits.check_text(reason, "reason", required=False) or None if reason else None
    database, chosen = find(ctx, goal)
    check_started(chosen, day)
    with database.write() as session:
        added = activation.excuse_day(session, chosen, day, said, today)
    if added:
        typer.echo(
            f"{day.isoformat()} is excused for goal {chosen.id}: its habit strength holds and "
            "its streak is not broken (`goal undo` takes it back)."
        )
    else:
        typer.echo(f"{day.isoformat()} was already excused for goal {chosen.id}; nothing changed.")
