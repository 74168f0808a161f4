"""Pleasure and mastery ratings on check-ins and steps, and a step's predicted pleasure: saving
them as a change of their own (undoable, in the change log). Inside the caller's session."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from goalcli.core.activation import ratings_words
from goalcli.storage.changes import record_change
from goalcli.storage.models import CheckIn, Step

Ratings = dict[str, int | None]


def _changed(row: CheckIn | Step, given: Ratings) -> tuple[Ratings, Ratings] | None:
    """The row's ratings before and after setting those `given` (None: leave it); None when
    nothing changes. Sets them on the row."""
    before = {name: getattr(row, name) for name in given}
    after = {name: (value if value is not None else before[name]) for name, value in given.items()}
    if after == before:
        return None
    for name, value in after.items():
        setattr(row, name, value)
    return before, after


def rate_checkin(
    session: Session, checkin: CheckIn, today: date, pleasure: int | None, mastery: int | None
) -> bool:
    """Give a check-in its ratings (those not None); recorded as "checkin_rated" when it
    changes anything. True when something changed."""
    change = _changed(checkin, {"pleasure": pleasure, "mastery": mastery})
    if change is None:
        return False
    before, after = change
    session.add(checkin)
    record_change(
        session,
        checkin.goal_id,
        today,
        "checkin_rated",
        ratings_words(before),
        ratings_words(after),
        detail={"date": checkin.day.isoformat(), "before": before, "after": after},
    )
    return True


def rate_step(session: Session, step: Step, today: date, **given: int | None) -> bool:
    """Give a step its ratings or its predicted pleasure (those given and not None); recorded
    as "step_rated" (the step's text as the reason, its place in the detail)."""
    change = _changed(step, dict(given))
    if change is None:
        return False
    before, after = change
    session.add(step)
    detail: dict[str, Any] = {"position": step.position, "before": before, "after": after}
    record_change(
        session,
        step.goal_id,
        today,
        "step_rated",
        ratings_words(before),
        ratings_words(after),
        reason=step.text,
        detail=detail,
    )
    return True
