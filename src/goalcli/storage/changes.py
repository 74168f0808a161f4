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
            ),
        }
        for change in changes
    ]
