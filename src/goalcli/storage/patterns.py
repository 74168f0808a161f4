"""The days `goal patterns` and the report's patterns compare (core.patterns): the moods of a
period and every factor, read inside the caller's session."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from goalcli.core import patterns as core
from goalcli.storage.activation import rated_between
from goalcli.storage.models import CheckIn, Goal, Mood, Step


def pattern_days(
    session: Session, first: date, today: date
) -> tuple[dict[date, int], list[core.Factor]]:
    """The moods from `first` to today, and every factor: a step done, each active goal's
    check-ins, each #tag of the notes, an activity rated pleasure or mastery HIGH_RATING or
    more."""
    moods = {
        row.day: row.mood
        for row in session.exec(select(Mood).where(Mood.day >= first, Mood.day <= today))
    }
    done_steps = session.exec(
        select(Step).where(
            col(Step.done_on).is_not(None), col(Step.done_on) >= first, col(Step.done_on) <= today
        )
    )
    step_days = frozenset(step.done_on for step in done_steps if step.done_on is not None)
    factors = [core.Factor("a step done", step_days)]
    checkins = session.exec(
        select(CheckIn).where(CheckIn.day >= first, CheckIn.day <= today).order_by(col(CheckIn.day))
    ).all()
    goals = session.exec(select(Goal).order_by(col(Goal.id))).all()
    # Grouped once, in day order: a scan of every check-in per goal grew as goals × check-ins.
    readings_of: dict[int, list[tuple[date, float]]] = {}
    for checkin in checkins:
        if checkin.value is not None:
            readings_of.setdefault(checkin.goal_id, []).append((checkin.day, checkin.value))
    for goal in goals:
        if goal.status != "active":
            continue
        readings = readings_of.get(goal.id or 0, [])
        factors.append(
            core.goal_factor(goal.title, goal.kind, goal.baseline, goal.target, readings)
        )
    tagged: dict[str, set[date]] = {}
    for checkin in checkins:
        for tag in core.tags(checkin.note or ""):
            tagged.setdefault(tag, set()).add(checkin.day)
    factors += [core.Factor(f"#{tag}", frozenset(days)) for tag, days in sorted(tagged.items())]
    rated = rated_between(session, list(goals), first, today)
    factors.append(
        core.rating_factor(
            "pleasure",
            [(entry.day, entry.pleasure) for entry in rated if entry.pleasure is not None],
        )
    )
    factors.append(
        core.rating_factor(
            "mastery", [(entry.day, entry.mastery) for entry in rated if entry.mastery is not None]
        )
    )
    return moods, factors
