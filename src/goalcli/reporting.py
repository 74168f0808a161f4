"""Builds the report as plain data: the JSON document of DESIGN.md, from which the table and
the Markdown are rendered. Aggregates come from indexed SQL; only recent rows are loaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from goalcli import progress, smart, store
from goalcli.models import Goal, Step
from goalcli.render import number

MOOD_WINDOW_DAYS = 30


TREND_POINTS = 14
SESSION_NOTES = 20


@dataclass(frozen=True)
class GoalExtras:
    """What the table and Markdown show beyond the JSON fields."""

    latest_note: tuple[date, str] | None
    trend: list[float]
    notes: list[tuple[date, str]]  # written in the period, newest first
    steps: list[tuple[int, str, date | None, date | None]]  # position, text, due, done


@dataclass(frozen=True)
class Brief:
    """The intake in brief, for the session report."""

    therapy_type: str
    expectations: str
    obstacles: str
    success_feels_like: str
    motivations: str


def _recent_days(session: Session, goal: Goal, as_of: date) -> tuple[int, float]:
    """Streak and habit strength from one read of the check-in days in the strength window."""
    goal_id = goal.id or 0
    window_start = max(goal.start_date, as_of - timedelta(days=progress.STRENGTH_HORIZON_DAYS))
    days = store.checkin_days(session, goal_id, window_start, as_of)
    strength = progress.habit_strength(
        days, goal.start_date, as_of, progress.parse_frequency(goal.frequency)
    )
    streak = progress.streak(days, as_of)
    if window_start > goal.start_date and streak >= (as_of - window_start).days:
        # A streak longer than the window: read the rest of the goal's history, rarely needed.
        streak = progress.streak(
            store.checkin_days(session, goal_id, goal.start_date, as_of), as_of
        )
    return streak, strength


def _reviews(session: Session, goal: Goal, as_of: date) -> dict[str, Any]:
    reviews = store.reviews_of(session, goal.id or 0, as_of)
    gas = [review.gas for review in reviews if review.gas is not None]
    gbo = [review.gbo for review in reviews if review.gbo is not None]
    return {
        "gas": gas[-1] if gas else None,
        "gbo": gbo[-1] if gbo else None,
        "gbo_change": progress.gbo_change(gbo) if gbo else None,
    }


def _smart(goal: Goal) -> dict[str, bool]:
    return smart.smart_checklist(
        goal.specific,
        goal.measure,
        goal.unit,
        goal.confidence,
        goal.relevant,
        goal.target_date,
        goal.start_date,
    )


def goal_entry(
    session: Session,
    goal: Goal,
    as_of: date,
    since: date | None,
    steps: list[Step] | None = None,
) -> dict[str, Any]:
    """One goal's entry in the JSON report; pass `steps` when the caller has already read them."""
    goal_id = goal.id or 0
    value = store.latest_value(session, goal_id, as_of)
    current = goal.baseline if value is None else value
    standing = progress.standing(
        goal.baseline, goal.target, current, goal.start_date, goal.target_date, as_of
    )
    period_start = max(goal.start_date, since) if since else goal.start_date
    count, last = store.checkin_summary(session, goal_id, period_start, as_of)
    if steps is None:
        steps = store.steps_of(session, goal_id)
    streak, strength = _recent_days(session, goal, as_of)
    return {
        "id": goal_id,
        "title": goal.title,
        "unit": goal.unit,
        "direction": standing.direction,
        "baseline": number(goal.baseline),
        "target": number(goal.target),
        "current": number(current),
        "progress": round(standing.progress, 2) + 0.0,  # + 0.0 turns -0.0 into 0.0
        "expected_progress": round(standing.expected_progress, 2),
        "status": standing.status,
        "start_date": goal.start_date.isoformat(),
        "target_date": goal.target_date.isoformat(),
        "days_left": standing.days_left,
        "streak": streak,
        "checkins": count,
        "steps_done": sum(1 for step in steps if step.done_on and step.done_on <= as_of),
        "steps_total": len(steps),
        "last_checkin": last.isoformat() if last else None,
        "frequency": goal.frequency,
        "strength": round(strength, 2),
        **_reviews(session, goal, as_of),
        "smart": _smart(goal),
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


def review_section(session: Session, as_of: date) -> dict[str, Any] | None:
    """The latest review: its date and GAS T-score over the goals rated in it."""
    day = store.latest_review_day(session, as_of)
    if day is None:
        return None
    ratings = [
        (review.gas, review.weight)
        for review in store.reviews_on(session, day)
        if review.gas is not None
    ]
    score = progress.gas_t_score(ratings)
    return {"date": day.isoformat(), "gas_t_score": None if score is None else round(score, 1)}


def build_report(
    session: Session, as_of: date, *, goals: list[Goal], since: date | None = None
) -> tuple[dict[str, Any], dict[int, GoalExtras]]:
    """The report document and, per goal id, the extras only people read."""
    entries = []
    extras = {}
    for goal in goals:
        goal_id = goal.id or 0
        steps = store.steps_of(session, goal_id)
        entries.append(goal_entry(session, goal, as_of, since, steps))
        period_start = max(goal.start_date, since) if since else goal.start_date
        notes = store.notes_between(session, goal_id, period_start, as_of, SESSION_NOTES)
        extras[goal_id] = GoalExtras(
            latest_note=notes[0] if notes else None,
            trend=store.recent_values(session, goal_id, as_of, TREND_POINTS),
            notes=notes,
            steps=[(step.position, step.text, step.due_on, step.done_on) for step in steps],
        )
    document = {
        "as_of": as_of.isoformat(),
        "mood": mood_section(session, as_of, since),
        "review": review_section(session, as_of),
        "goals": entries,
    }
    return document, extras


def intake_brief(session: Session) -> Brief | None:
    intake = store.latest_intake(session)
    if intake is None:
        return None
    return Brief(
        therapy_type=intake.therapy_type,
        expectations=intake.expectations,
        obstacles=intake.obstacles,
        success_feels_like=intake.success_feels_like,
        motivations=intake.motivations,
    )
