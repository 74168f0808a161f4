"""Pleasure and mastery ratings on check-ins and steps, and a step's predicted pleasure: saving
them as a change of their own (undoable, in the change log). Inside the caller's session."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from goalcli.core.activation import Rated, ratings_words
from goalcli.storage.changes import record_change
from goalcli.storage.models import CheckIn, Goal, Step

Ratings = dict[str, int | None]


def _changed(
    row: CheckIn | Step, given: Ratings, cleared: Collection[str]
) -> tuple[Ratings, Ratings, list[str]] | None:
    """The row's ratings before and after setting those `given` (None: leave it) and removing
    those `cleared`, and the names of those that were there and are removed; None when
    nothing changes. Sets them on the row."""
    names = [*given, *(name for name in cleared if name not in given)]
    before = {name: getattr(row, name) for name in names}
    after = {name: _after(given.get(name), before[name], name in cleared) for name in names}
    if after == before:
        return None
    for name, value in after.items():
        setattr(row, name, value)
    removed = [name for name in cleared if before[name] is not None]
    return before, after, removed


def _after(value: int | None, before: int | None, cleared: bool) -> int | None:
    if cleared:
        return None
    return value if value is not None else before  # a rating of 0 is a rating


def rate_checkin(
    session: Session,
    checkin: CheckIn,
    today: date,
    pleasure: int | None,
    mastery: int | None,
    cleared: Collection[str] = (),
) -> bool:
    """Give a check-in its ratings (those not None) and remove those `cleared`; recorded as
    "checkin_rated" when it changes anything. True when something changed."""
    change = _changed(checkin, {"pleasure": pleasure, "mastery": mastery}, cleared)
    if change is None:
        return False
    before, after, removed = change
    session.add(checkin)
    record_change(
        session,
        checkin.goal_id,
        today,
        "checkin_rated",
        ratings_words(before),
        ratings_words(after, removed),
        detail={"date": checkin.day.isoformat(), "before": before, "after": after},
    )
    return True


def rate_step(
    session: Session, step: Step, today: date, cleared: Collection[str] = (), **given: int | None
) -> bool:
    """Give a step its ratings or its predicted pleasure (those given and not None) and remove
    those `cleared`; recorded as "step_rated" (the step's text as the reason, its place in the
    detail)."""
    change = _changed(step, dict(given), cleared)
    if change is None:
        return False
    before, after, removed = change
    session.add(step)
    detail: dict[str, Any] = {"position": step.position, "before": before, "after": after}
    record_change(
        session,
        step.goal_id,
        today,
        "step_rated",
        ratings_words(before),
        ratings_words(after, removed),
        reason=step.text,
        detail=detail,
    )
    return True


def rated_between(
    session: Session, goals: list[Goal], since: date | None, until: date
) -> list[Rated]:
    """Every rated check-in and rated step of `goals` from `since` (None: from the start) to
    `until`: what core.activation summarises. Two queries, whatever the number of goals."""
    titles = {goal.id or 0: goal.title for goal in goals}
    if not titles:
        return []
    first = since or date.min
    checkins = session.exec(
        select(CheckIn).where(
            col(CheckIn.goal_id).in_(titles),
            CheckIn.day >= first,
            CheckIn.day <= until,
            or_(col(CheckIn.pleasure).is_not(None), col(CheckIn.mastery).is_not(None)),
        )
    )
    found = [
        Rated(
            entry.goal_id,
            titles[entry.goal_id],
            titles[entry.goal_id],
            entry.day,
            entry.pleasure,
            entry.mastery,
        )
        for entry in checkins
    ]
    steps = session.exec(
        select(Step).where(
            col(Step.goal_id).in_(titles),
            col(Step.done_on).is_not(None),
            col(Step.done_on) >= first,
            col(Step.done_on) <= until,
            or_(col(Step.pleasure).is_not(None), col(Step.mastery).is_not(None)),
        )
    )
    found.extend(
        Rated(
            step.goal_id,
            titles[step.goal_id],
            step.text,
            step.done_on or until,
            step.pleasure,
            step.mastery,
            step.expected_pleasure,
            step=step.position,
        )
        for step in steps
    )
    return found


def excuse_day(session: Session, goal: Goal, day: date, reason: str | None, today: date) -> bool:
    """Mark `day` excused for `goal` (ill, away, a crisis), recorded as "day_excused"; False
    when it was excused already. Refused on a day with a check-in: a day is done or excused,
    never both."""
    from goalcli.errors import InputError
    from goalcli.storage.models import ExcusedDay

    found = session.exec(
        select(CheckIn).where(CheckIn.goal_id == goal.id, CheckIn.day == day)
    ).first()
    if found is not None:
        raise InputError(
            f"Goal {goal.id} has a check-in on {day.isoformat()}, so that day cannot be excused; "
            f"`goal checkin remove {goal.id} --date {day.isoformat()}` removes the check-in first."
        )
    if excused_on(session, goal.id or 0, day) is not None:
        return False
    session.add(ExcusedDay(goal_id=goal.id or 0, day=day, reason=reason, created_at=_stamp()))
    record_change(
        session,
        goal.id,
        today,
        "day_excused",
        None,
        day.isoformat(),
        reason,
        detail={"date": day.isoformat()},
    )
    return True


def excused_on(session: Session, goal_id: int, day: date) -> Any:
    from goalcli.storage.models import ExcusedDay

    return session.exec(
        select(ExcusedDay).where(ExcusedDay.goal_id == goal_id, ExcusedDay.day == day)
    ).first()


def _not_done() -> Any:
    """An excused day stands only while its goal has no check-in that day: a check-in logged on
    an excused day later makes the day done (a day is done or excused, never both), and every
    reader, the export included, leaves that excuse out."""
    from sqlalchemy import exists

    from goalcli.storage.models import ExcusedDay

    return ~exists().where(
        col(CheckIn.goal_id) == col(ExcusedDay.goal_id), col(CheckIn.day) == col(ExcusedDay.day)
    )


def excused_of(session: Session, goal_id: int) -> list[Any]:
    """Every excused day of a goal (ExcusedDay rows), oldest first."""
    from goalcli.storage.models import ExcusedDay

    return list(
        session.exec(
            select(ExcusedDay)
            .where(ExcusedDay.goal_id == goal_id, _not_done())
            .order_by(col(ExcusedDay.day))
        )
    )


def excused_days(session: Session, goal_id: int, since: date, until: date) -> set[date]:
    """The days of a goal excused from `since` to `until`."""
    from goalcli.storage.models import ExcusedDay

    rows = session.exec(
        select(col(ExcusedDay.day)).where(
            ExcusedDay.goal_id == goal_id,
            ExcusedDay.day >= since,
            ExcusedDay.day <= until,
            _not_done(),
        )
    )
    return set(rows)


def excused_days_of_goals(
    session: Session, goal_ids: Collection[int], since: date, until: date
) -> dict[int, set[date]]:
    """The days excused from `since` to `until` of each goal of `goal_ids` (an empty set for a
    goal with none): one statement whatever the number of goals, as excused_days per goal."""
    from goalcli.storage.models import ExcusedDay

    found: dict[int, set[date]] = {goal_id: set() for goal_id in goal_ids}
    if not found:
        return found
    rows = session.exec(
        select(col(ExcusedDay.goal_id), col(ExcusedDay.day)).where(
            col(ExcusedDay.goal_id).in_(found),
            ExcusedDay.day >= since,
            ExcusedDay.day <= until,
            _not_done(),
        )
    )
    for goal_id, day in rows:
        found[goal_id].add(day)
    return found


def _stamp() -> str:
    from goalcli.storage.saving import now_stamp

    return now_stamp()
