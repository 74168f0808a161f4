"""The change log (table goal_change): everything a person changes, recorded in the transaction
that makes it, read back as a goal's history and by `goal undo` (storage/undo.py reverses)."""

from __future__ import annotations

import json
from collections.abc import Collection
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
    query = select(GoalChange).where(
        GoalChange.goal_id == goal_id, col(GoalChange.field).not_in(history.LOGGED_KINDS)
    )
    if since is not None:
        query = query.where(GoalChange.day >= since)
    query = query.order_by(col(GoalChange.day).desc(), col(GoalChange.id).desc()).limit(limit)
    return list(session.exec(query))[::-1]


def changes_of_goals(
    session: Session, goal_ids: Collection[int], *, since: date, limit: int = HISTORY_LIMIT
) -> dict[int, list[GoalChange]]:
    """changes_of for each goal of `goal_ids` (an empty list for a goal with none), in one
    statement whatever their number: each goal's latest `limit` changes from `since`, oldest
    first."""
    found: dict[int, list[GoalChange]] = {goal_id: [] for goal_id in goal_ids}
    if not found:
        return found
    query = (
        select(GoalChange)
        .where(
            col(GoalChange.goal_id).in_(found),
            col(GoalChange.field).not_in(history.LOGGED_KINDS),
            GoalChange.day >= since,
        )
        .order_by(col(GoalChange.goal_id), col(GoalChange.day), col(GoalChange.id))
    )
    for change in session.exec(query):
        found[change.goal_id or 0].append(change)
    return {goal_id: changes[-limit:] if limit else [] for goal_id, changes in found.items()}


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
    """The latest changes of the kinds `goal undo` can reverse, not undone yet, newest first in
    the order they were recorded here (ids are never reused, see m011). Changes brought in by
    `goal import` are among them as history (`imported_at` set): undo never takes those."""
    query = (
        select(GoalChange)
        .where(col(GoalChange.field).in_(UNDOABLE), col(GoalChange.undone_at).is_(None))
        .order_by(col(GoalChange.id).desc())
        .limit(limit)
    )
    return list(session.exec(query))


def latest_undoable(session: Session) -> GoalChange | None:
    """The change `goal undo` takes: the latest made on this database (never an imported one)."""
    query = (
        select(GoalChange)
        .where(
            col(GoalChange.field).in_(UNDOABLE),
            col(GoalChange.undone_at).is_(None),
            col(GoalChange.imported_at).is_(None),
        )
        .order_by(col(GoalChange.id).desc())
        .limit(1)
    )
    return session.exec(query).first()


def same_change(found: GoalChange, shown: GoalChange) -> bool:
    """Whether the change read again inside the write is the one undo showed, in every part."""
    parts = ("goal_id", "day", "field", "old_value", "new_value", "reason", "created_at", "detail")
    return all(getattr(found, name) == getattr(shown, name) for name in parts)
