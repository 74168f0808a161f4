"""Builds the typed document of one goal that `goal show` prints as JSON and draws as a table:
its SMART parts, where it stands, its steps, the latest check-ins, its history of changes, its
weekly level against the road and its reviews."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from goalcli.core.text import number
from goalcli.views.report import ChangeEntry, change_entries, goal_entry
from goalcli.views.standing import GoalStanding
from goalcli.views.timeline import (
    CHART_WEEKS,
    ReviewEntry,
    WeekEntry,
    goal_weeks,
    review_entries,
)

if TYPE_CHECKING:
    from datetime import date

    from sqlmodel import Session

    from goalcli.core.activation import ActivationSection
    from goalcli.storage.models import CheckIn, ExcusedDay, Goal

SHOWN_CHECKINS = 10  # the latest check-ins `goal show` lists


class StepEntry(TypedDict):
    position: int
    text: str
    due: str | None
    done: str | None


class CheckinEntry(TypedDict):
    date: str
    value: int | float | None
    note: str | None


class ExcusedEntry(TypedDict):
    """A day excused for the goal (`goal skip`: ill, away), with the reason given (or None)."""

    date: str
    reason: str | None


class GoalDocument(TypedDict):
    """`goal show --format json`."""

    id: int
    title: str
    goal_status: str
    specific: str
    measure: str
    unit: str
    baseline: int | float
    target: int | float
    relevant: str
    confidence: int
    start_date: str
    target_date: str
    frequency: str
    gas_levels: list[str] | None  # the GAS follow-up guide, -2 to +2 (core.gas)
    standing: GoalStanding
    steps: list[StepEntry]
    recent_checkins: list[CheckinEntry]
    # The days excused from the oldest of those check-ins on (every one while fewer than
    # SHOWN_CHECKINS are shown), newest first: listed among them.
    recent_excused: list[ExcusedEntry]
    changes: list[ChangeEntry]
    weeks: list[WeekEntry]
    reviews: list[ReviewEntry]
    # Pleasure and mastery over the goal's whole history (core.activation); None: never rated.
    activation: ActivationSection | None


def goal_document(session: Session, goal: Goal, today: date) -> GoalDocument:
    """The goal as of `today`, with its whole history of changes."""
    from goalcli.core import activation, gas
    from goalcli.storage import activation as activation_store
    from goalcli.storage import changes as change_store
    from goalcli.storage import checkins
    from goalcli.storage import steps as step_store

    goal_id = goal.id or 0
    steps = step_store.steps_of(session, goal_id)
    guide = gas.guide_of(goal)
    recent = checkins.recent_checkins(session, goal_id, SHOWN_CHECKINS)
    return {
        "id": goal_id,
        "title": goal.title,
        "goal_status": goal.status,
        "specific": goal.specific,
        "measure": goal.measure,
        "unit": goal.unit,
        "baseline": number(goal.baseline),
        "target": number(goal.target),
        "relevant": goal.relevant,
        "confidence": goal.confidence,
        "start_date": goal.start_date.isoformat(),
        "target_date": goal.target_date.isoformat(),
        "frequency": goal.frequency,
        "gas_levels": guide,
        "standing": goal_entry(session, goal, today, None, steps),
        "steps": [
            {
                "position": step.position,
                "text": step.text,
                "due": step.due_on.isoformat() if step.due_on else None,
                "done": step.done_on.isoformat() if step.done_on else None,
            }
            for step in steps
        ],
        "recent_checkins": [
            {
                "date": checkin.day.isoformat(),
                "value": number(checkin.value),
                "note": checkin.note,
            }
            for checkin in recent
        ],
        "recent_excused": _recent_excused(activation_store.excused_of(session, goal_id), recent),
        "changes": change_entries(change_store.changes_of(session, goal_id)),
        "weeks": goal_weeks(session, goal, today, CHART_WEEKS),
        "reviews": review_entries(session, goal_id, today, guide),
        "activation": activation.activation_section(
            activation_store.rated_between(session, [goal], None, today)
        ),
    }


def _recent_excused(excused: list[ExcusedDay], recent: list[CheckIn]) -> list[ExcusedEntry]:
    """The excused days as far back as the check-ins shown reach (all of them while fewer than
    SHOWN_CHECKINS check-ins are shown), newest first."""
    oldest = recent[-1].day if len(recent) >= SHOWN_CHECKINS else None
    return [
        {"date": entry.day.isoformat(), "reason": entry.reason}
        for entry in reversed(excused)
        if oldest is None or entry.day >= oldest
    ]
