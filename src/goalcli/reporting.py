"""Builds the report as plain data: the JSON document of DESIGN.md, from which the table and
the Markdown are rendered. Aggregates come from indexed SQL; only recent rows are loaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from goalcli import progress, store
from goalcli.models import Goal

MOOD_WINDOW_DAYS = 30


def number(value: float) -> int | float:
    """Whole numbers as ints (30, not 30.0), as a person would write them."""
    return int(value) if float(value).is_integer() else round(value, 4)


@dataclass(frozen=True)
class GoalExtras:
    """What the table and Markdown show beyond the JSON fields."""

    latest_note: tuple[date, str] | None


def _streak(session: Session, goal_id: int, as_of: date) -> int:
    # Load a window of days; widen only for a streak longer than the window.
    window = 64
    while True:
        since = as_of - timedelta(days=window)
        days = store.checkin_days(session, goal_id, since, as_of)
        length = progress.streak(days, as_of)
        if length < window - 1 or since.year <= 1900:
            return length
        window *= 4


def goal_entry(session: Session, goal: Goal, as_of: date, since: date | None) -> dict[str, Any]:
    goal_id = goal.id or 0
    value = store.latest_value(session, goal_id, as_of)
    current = goal.baseline if value is None else value
    standing = progress.standing(
        goal.baseline, goal.target, current, goal.start_date, goal.target_date, as_of
    )
    period_start = max(goal.start_date, since) if since else goal.start_date
    count, last = store.checkin_summary(session, goal_id, period_start, as_of)
    steps = store.steps_of(session, goal_id)
    return {
        "id": goal_id,
        "title": goal.title,
        "unit": goal.unit,
        "direction": standing.direction,
        "baseline": number(goal.baseline),
        "target": number(goal.target),
        "current": number(current),
        "progress": round(standing.progress, 2),
        "expected_progress": round(standing.expected_progress, 2),
        "status": standing.status,
        "start_date": goal.start_date.isoformat(),
        "target_date": goal.target_date.isoformat(),
        "days_left": standing.days_left,
        "streak": _streak(session, goal_id, as_of),
        "checkins": count,
        "steps_done": sum(1 for step in steps if step.done_on and step.done_on <= as_of),
        "steps_total": len(steps),
        "last_checkin": last.isoformat() if last else None,
    }


def mood_section(session: Session, as_of: date, since: date | None) -> dict[str, Any]:
    first = since if since else as_of - timedelta(days=MOOD_WINDOW_DAYS - 1)
    window_start = min(first, as_of - timedelta(days=MOOD_WINDOW_DAYS - 1))
    moods = store.moods_between(session, window_start, as_of)
    return {
        "last_7_avg": progress.mood_average(moods, as_of, 7),
        "last_30_avg": progress.mood_average(moods, as_of, 30),
        "series": [
            {"date": day.isoformat(), "mood": mood}
            for day, mood in sorted(moods.items())
            if day >= first
        ],
    }


def build_report(
    session: Session, as_of: date, *, goals: list[Goal], since: date | None = None
) -> tuple[dict[str, Any], dict[int, GoalExtras]]:
    """The report document and, per goal id, the extras only people read."""
    entries = []
    extras = {}
    for goal in goals:
        entries.append(goal_entry(session, goal, as_of, since))
        period_start = max(goal.start_date, since) if since else goal.start_date
        extras[goal.id or 0] = GoalExtras(
            latest_note=store.latest_note(session, goal.id or 0, period_start, as_of)
        )
    document = {
        "as_of": as_of.isoformat(),
        "mood": mood_section(session, as_of, since),
        "goals": entries,
    }
    return document, extras
