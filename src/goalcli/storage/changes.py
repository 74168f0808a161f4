"""The change log (table goal_change): everything a person changes, recorded in the transaction
that makes it, read back as a goal's history and by `goal undo` (storage/undo.py reverses)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from goalcli.core import history
from goalcli.storage.models import GoalChange
from goalcli.storage.saving import now_stamp

HISTORY_LIMIT = 50


def record_change(
    session: Session,
    goal_id: int | None,
    day: date,
    field: str,
    old: str | None,
    new: str | None,
    reason: str | None = None,
    detail: dict[str, Any] | None = None,
) -> GoalChange:
    """Record one change (goal_id None: a day's mood); `detail` is what undoing it needs."""
    change = GoalChange(
        goal_id=goal_id,
        day=day,
        field=field,
        old_value=old,
        new_value=new,
        reason=reason,
        created_at=now_stamp(),
        detail=json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else None,
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
            "text": describe(change) + (" (undone)" if change.undone_at is not None else ""),
        }
        for change in changes
    ]


def describe(change: GoalChange) -> str:
    """The change in plain words (history.describe)."""
    return history.describe(
        change.field, change.old_value, change.new_value, change.day, change.reason, change.detail
    )


# What `goal undo` can reverse: every kind of change the log records.
UNDOABLE = (*history.EDITABLE, *history.UNDOABLE_KINDS)


def undoable_changes(session: Session, limit: int = 10) -> list[GoalChange]:
    """The latest changes `goal undo` can reverse, newest first."""
    query = (
        select(GoalChange)
        .where(col(GoalChange.field).in_(UNDOABLE), col(GoalChange.undone_at).is_(None))
        .order_by(col(GoalChange.id).desc())
        .limit(limit)
    )
    return list(session.exec(query))
