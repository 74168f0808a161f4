"""The goal_change log: every edit and status change of a goal, recorded in the transaction that
makes it, and read back as the goal's history."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from goalcli.core import history
from goalcli.storage.models import GoalChange
from goalcli.storage.saving import now_stamp

HISTORY_LIMIT = 50


def record_change(
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
            )
            + (" (undone)" if change.undone_at is not None else ""),
        }
        for change in changes
    ]


# What `goal undo` can reverse: edits, status changes and removed check-ins. Step changes are
# recorded in the history but not reversed (their positions may have moved since).
UNDOABLE = (*history.EDITABLE, "status", "checkin_removed")


def undoable_changes(session: Session, limit: int = 10) -> list[GoalChange]:
    """The latest changes `goal undo` can reverse, newest first."""
    query = (
        select(GoalChange)
        .where(col(GoalChange.field).in_(UNDOABLE), col(GoalChange.undone_at).is_(None))
        .order_by(col(GoalChange.id).desc())
        .limit(limit)
    )
    return list(session.exec(query))


def undo_change(session: Session, change_id: int) -> GoalChange:
    """Put back what the change replaced, and mark it undone (it stays in the history)."""
    from goalcli.errors import InputError
    from goalcli.storage.models import CheckIn, Goal

    # Locked (on a server): a second `goal undo` at once waits, then finds it undone.
    change = session.get(GoalChange, change_id, with_for_update=True, populate_existing=True)
    if change is None or change.undone_at is not None:
        raise InputError("That change was undone or removed meanwhile; nothing was changed.")
    goal = session.get(Goal, change.goal_id, with_for_update=True, populate_existing=True)
    if goal is None:
        raise InputError("The goal of that change no longer exists; nothing was changed.")
    if change.field == "checkin_removed":
        day = date.fromisoformat(change.new_value or "")
        stamp = now_stamp()
        session.add(
            CheckIn(
                goal_id=goal.id or 0,
                day=day,
                value=float(change.old_value) if change.old_value is not None else None,
                note=change.reason,
                created_at=stamp,
                updated_at=stamp,
            )
        )
    else:
        setattr(goal, change.field, _stored_value(change.field, change.old_value))
        session.add(goal)
    change.undone_at = now_stamp()
    session.add(change)
    return change


def _stored_value(field: str, text: str | None) -> Any:
    """A value as the goal keeps it, from the text the history recorded."""
    if text is None:
        return None
    if field in ("target", "baseline"):
        return float(text)
    if field == "confidence":
        return int(text)
    if field in ("target_date", "start_date"):
        return date.fromisoformat(text)
    return text
