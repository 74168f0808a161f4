"""`goal show`: everything about one goal — its SMART parts, steps, recent check-ins, where it
stands, and its history of changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from goalcli.commands._shared import GoalArgument, TableOrJson, TableOrJsonOption

if TYPE_CHECKING:
    from datetime import date

    from sqlmodel import Session

    from goalcli.storage.models import Goal

SHOWN_CHECKINS = 10  # the latest check-ins `goal show` lists


def show(
    ctx: typer.Context,
    goal: GoalArgument,
    output_format: TableOrJsonOption = TableOrJson.table,
) -> None:
    """Show everything about one goal: its parts, steps, recent check-ins and changes."""
    from goalcli import render
    from goalcli.commands._shared import find
    from goalcli.core import dates
    from goalcli.render import goal as render_goal

    today = dates.today()
    database, chosen = find(ctx, goal)
    with database.read() as session:
        document = goal_document(session, chosen, today)
    if output_format is TableOrJson.json:
        typer.echo(render.to_json(document))
        return
    render.console().print(render_goal.goal_detail(document))


def goal_document(session: Session, goal: Goal, today: date) -> dict[str, Any]:
    """The goal as plain data: what `--format json` prints and the table is drawn from."""
    from goalcli.render import number
    from goalcli.storage import goal_store, store
    from goalcli.views import report as reporting

    goal_id = goal.id or 0
    steps = store.steps_of(session, goal_id)
    return {
        "id": goal_id,
        "title": goal.title,
        "goal_status": goal.status,
        "specific": goal.specific,
        "measure": goal.measure,
        "unit": goal.unit,
        "baseline": number(goal.baseline),
        "target": number(goal.target),
        "relevant": goal.relevant,
        "confidence": goal.confidence,
        "start_date": goal.start_date.isoformat(),
        "target_date": goal.target_date.isoformat(),
        "frequency": goal.frequency,
        "standing": reporting.goal_entry(session, goal, today, None, steps),
        "steps": [
            {
                "position": step.position,
                "text": step.text,
                "due": step.due_on.isoformat() if step.due_on else None,
                "done": step.done_on.isoformat() if step.done_on else None,
            }
            for step in steps
        ],
        "recent_checkins": [
            {
                "date": checkin.day.isoformat(),
                "value": None if checkin.value is None else number(checkin.value),
                "note": checkin.note,
            }
            for checkin in store.recent_checkins(session, goal_id, SHOWN_CHECKINS)
        ],
        "changes": goal_store.change_entries(goal_store.changes_of(session, goal_id)),
    }
