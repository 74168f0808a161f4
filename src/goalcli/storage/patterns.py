"""The days `goal patterns` and the report's patterns compare (core.patterns): the moods of a
period and every factor, read inside the caller's session."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlmodel import Session, col, select

from goalcli.core import patterns as core
from goalcli.storage.activation import rated_between
from goalcli.storage.models import Goal, Mood, Step

_CHECKINS = text("""
SELECT goal_id, day, value, note FROM checkin WHERE day BETWEEN :first AND :today ORDER BY day
""")


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
    # Plain columns, not CheckIn rows: the ORM costs about 10 µs more a row, and a period
    # of 8 weeks has a few thousand check-ins with 50 goals.
    checkins = [
        (goal_id, date.fromisoformat(day), value, note)
        for goal_id, day, value, note in session.execute(
            _CHECKINS, {"first": first.isoformat(), "today": today.isoformat()}
        )
    ]
    goals = session.exec(select(Goal).order_by(col(Goal.id))).all()
    # Grouped once, in day order: a scan of every check-in per goal grew as goals × check-ins.
    readings_of: dict[int, list[tuple[date, float]]] = {}
    for goal_id, day, value, _ in checkins:
        if value is not None:
            readings_of.setdefault(goal_id, []).append((day, value))
    for goal in goals:
        if goal.status != "active":
            continue
        readings = readings_of.get(goal.id or 0, [])
        factors.append(
            core.goal_factor(goal.title, goal.kind, goal.baseline, goal.target, readings)
        )
    tagged: dict[str, set[date]] = {}
    for _, day, _, note in checkins:
        for tag in core.tags(note or ""):
            tagged.setdefault(tag, set()).add(day)
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
