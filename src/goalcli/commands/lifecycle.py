"""`goal done`, `goal pause`, `goal resume`, `goal drop`: a goal's status, recorded in its
history. Paused, done and dropped goals leave the daily check-in and the default report."""

from __future__ import annotations

from typing import Annotated

import typer

from goalcli.commands._shared import GoalArgument, find
from goalcli.core import dates, history, limits
from goalcli.render import widgets

AFTER = {
    "done": "It leaves the daily check-in; `goal report --all` still shows it.",
    "paused": "It leaves the daily check-in until `goal resume`.",
    "dropped": "It leaves the daily check-in; `goal report --all` still shows it.",
    "active": "It is back in the daily check-in and the report.",
}


def _change(ctx: typer.Context, reference: str, action: str, reason: str | None = None) -> None:
    from goalcli.storage import goals  # SQLModel: deferred to keep --help and completion light

    today = dates.today()
    database, chosen = find(ctx, reference)
    with database.write() as session:
        change = goals.change_status(session, chosen.id or 0, action, today, reason)
    text = history.describe("status", change.old_value, change.new_value, change.day)
    out = widgets.console()
    out.print(widgets.user_text(f"Goal {chosen.id} {text}."))
    out.print(AFTER.get(change.new_value or "", ""), style="dim")


def done(ctx: typer.Context, goal: GoalArgument) -> None:
    """Mark a goal as done (reached, or finished with)."""
    _change(ctx, goal, "done")


def pause(ctx: typer.Context, goal: GoalArgument) -> None:
    """Pause a goal: it leaves the daily check-in until you resume it."""
    _change(ctx, goal, "pause")


def resume(ctx: typer.Context, goal: GoalArgument) -> None:
    """Resume a paused goal, or reopen one that is done or dropped."""
    _change(ctx, goal, "resume")


def drop(
    ctx: typer.Context,
    goal: GoalArgument,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why you are letting it go (kept in history).")
    ] = None,
) -> None:
    """Drop a goal you are letting go of; its history is kept."""
    cleaned = (limits.check_text(reason, "reason", required=False) or None) if reason else None
    _change(ctx, goal, "drop", cleaned)
