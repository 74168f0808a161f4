"""Changing a goal once it is set: edits and status changes (each recorded in goal_change, and
read back as its history), ticking steps done and undone, and deletion.

Creating records and querying what the client logged is store.py's. Like store.py, every
function works inside a session the caller opened; a write is one `database.write()`
transaction, so an InputError raised here saves nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, func, select

from goalcli.core import history
from goalcli.errors import InputError
from goalcli.storage.models import CheckIn, Goal, GoalChange, Review, Step
from goalcli.storage.store import now_stamp

HISTORY_LIMIT = 50


def _fresh(session: Session, goal_id: int) -> Goal:
    """The goal as this transaction sees it (it may have been deleted since it was found)."""
    goal = session.get(Goal, goal_id)
    if goal is None:
        raise InputError(f"Goal {goal_id} no longer exists; nothing was changed.")
    return goal


def _record(
    session: Session,
    goal_id: int,
    day: date,
    field: str,
    old: str | None,
    new: str | None,
    reason: str | None = None,
) -> GoalChange:
    change = GoalChange(
        goal_id=goal_id,
        day=day,
        field=field,
        old_value=old,
        new_value=new,
        reason=reason,
        created_at=now_stamp(),
    )
    session.add(change)
    return change


def edit_goal(
    session: Session, goal_id: int, proposed: dict[str, Any], day: date
) -> list[GoalChange]:
    """Apply the proposed values (already checked) and record each one that differs.

    Values equal to the current ones record nothing; an empty result means nothing changed.
    """
    unknown = set(proposed) - set(history.EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    goal = _fresh(session, goal_id)
    changes = []
    for field in history.EDITABLE:
        if field not in proposed or proposed[field] is None:
            continue
        old, new = getattr(goal, field), proposed[field]
        if old == new:
            continue
        setattr(goal, field, new)
        changes.append(
            _record(session, goal_id, day, field, history.as_text(old), history.as_text(new))
        )
    if changes:
        session.add(goal)
    return changes


def change_status(
    session: Session, goal_id: int, action: str, day: date, reason: str | None = None
) -> GoalChange:
    """Move the goal to the status `action` leads to, and record it (with a reason, if any)."""
    goal = _fresh(session, goal_id)
    new = history.transition(action, goal.status, goal_id)
    old = goal.status
    goal.status = new
    session.add(goal)
    return _record(session, goal_id, day, "status", old, new, reason)


def changes_of(
    session: Session,
    goal_id: int,
    *,
    since: date | None = None,
    limit: int = HISTORY_LIMIT,
) -> list[GoalChange]:
    """The latest `limit` recorded changes of a goal (from `since`), oldest first."""
    query = select(GoalChange).where(GoalChange.goal_id == goal_id)
    if since is not None:
        query = query.where(GoalChange.day >= since)
    query = query.order_by(col(GoalChange.day).desc(), col(GoalChange.id).desc()).limit(limit)
    return list(session.exec(query))[::-1]


def change_entries(changes: list[GoalChange]) -> list[dict[str, Any]]:
    """Recorded changes as plain data, each with its sentence (see history.describe)."""
    return [
        {
            "date": change.day.isoformat(),
            "field": change.field,
            "old": change.old_value,
            "new": change.new_value,
            "reason": change.reason,
            "text": history.describe(
                change.field, change.old_value, change.new_value, change.day, change.reason
            ),
        }
        for change in changes
    ]


@dataclass(frozen=True)
class Contents:
    """What deleting a goal would remove with it."""

    checkins: int
    steps: int
    reviews: int
    changes: int


def contents_of(session: Session, goal_id: int) -> Contents:
    def count(model: Any) -> int:
        return int(session.exec(select(func.count()).where(model.goal_id == goal_id)).one())

    return Contents(
        checkins=count(CheckIn), steps=count(Step), reviews=count(Review), changes=count(GoalChange)
    )


def delete_goal(session: Session, goal_id: int) -> None:
    """Remove the goal; its steps, check-ins, reviews and history go with it (ON DELETE
    CASCADE), and secure_delete overwrites what they held."""
    session.delete(_fresh(session, goal_id))


def step_at(session: Session, goal_id: int, position: int) -> Step:
    step = session.exec(
        select(Step).where(Step.goal_id == goal_id, Step.position == position)
    ).first()
    if step is not None:
        return step
    total = session.exec(select(func.count()).where(Step.goal_id == goal_id)).one()
    if not total:
        raise InputError(f"Goal {goal_id} has no steps yet; `goal step add` adds one.")
    raise InputError(f"Goal {goal_id} has no step {position}; its steps are 1 to {total}.")


def mark_steps_done(session: Session, goal_id: int, positions: list[int], day: date) -> None:
    """Mark steps done on `day` (the check-in's --done); steps already done keep their first date."""
    for position in positions:
        step = step_at(session, goal_id, position)
        if step.done_on is None:
            step.done_on = day
            session.add(step)


def mark_step(session: Session, goal_id: int, position: int, day: date) -> tuple[Step, bool]:
    """Mark a step done on `day`; a step already done keeps its date (False: nothing changed)."""
    step = step_at(session, goal_id, position)
    if step.done_on is not None:
        return step, False
    step.done_on = day
    session.add(step)
    return step, True


def undo_step(session: Session, goal_id: int, position: int) -> tuple[Step, date | None]:
    """Mark a done step as not done; returns the day it had been done (None: it was open)."""
    step = step_at(session, goal_id, position)
    was = step.done_on
    if was is not None:
        step.done_on = None
        session.add(step)
    return step, was
