"""An intake plan as plain data: what the client answered, checked, before anything is stored.

Both the interactive intake and the answers file build an IntakePlan; storage only ever sees
a plan that passed every check here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from goalcli.core import limits
from goalcli.core.progress.habit import format_frequency, parse_frequency
from goalcli.errors import InputError, quote

THERAPY_TYPES = ("individual", "couples", "family")


@dataclass
class GoalPlan:
    title: str
    specific: str
    measure: str
    unit: str
    baseline: float
    target: float
    relevant: str
    confidence: int
    target_date: date
    steps: list[str]
    first_step: int  # 1-based position of the step the client takes first
    first_step_on: date
    frequency: str = "daily"
    kind: str = "reading"  # progress.levels.KINDS: a reading, or a count adding up over a week
    # When the person started working on it; None: when the plan starts (the intake's day).
    start_date: date | None = None
    # The GAS follow-up guide (core.gas): five descriptions, -2 to +2; None without one.
    gas_levels: tuple[str, ...] | None = None
    # A step's predicted pleasure (0-10, behavioural activation) by its text, from a template.
    predicted_pleasure: dict[str, int] = field(default_factory=dict)

    @property
    def direction(self) -> str:
        return "decrease" if self.target < self.baseline else "increase"


@dataclass
class IntakePlan:
    therapy_type: str
    expectations: str
    obstacles: str
    success_feels_like: str
    motivations: str
    support_contact: str | None
    start_date: date
    goals: list[GoalPlan] = field(default_factory=list)
    # The standard questionnaires chosen to take regularly (core/measures ids); None: not asked
    # (an answers file without the key), so a schedule set earlier stays as it is.
    measures: list[str] | None = None
    # A couple's or family's members (core.members), who can each rate goals at a review.
    members: list[str] = field(default_factory=list)


# The parts of a plan the end of the intake numbers, so that one can be answered again: the
# assessment's, then each goal's, in the order the summary shows them.
ASSESSMENT_PARTS = (
    "therapy_type",
    "expectations",
    "obstacles",
    "success_feels_like",
    "motivations",
    "support_contact",
    "measures",
)
GOAL_PARTS = (
    "title",
    "specific",
    "measurable",  # what is measured, its unit, the start point and the target
    "achievable",
    "relevant",
    "start_date",
    "target_date",
    "frequency",
    "kind",
    "steps",
    "first_step",  # which step comes first, and on which day
)


class Part(NamedTuple):
    """One numbered part of the plan: `goal` is the goal's index in the plan (from 0), None
    for the assessment; `name` is one of ASSESSMENT_PARTS or GOAL_PARTS."""

    goal: int | None
    name: str


def summary_parts(plan: IntakePlan) -> list[Part]:
    """Every part of the plan in the summary's order; part N is at index N - 1."""
    parts = [Part(None, name) for name in ASSESSMENT_PARTS]
    for index in range(len(plan.goals)):
        parts += [Part(index, name) for name in GOAL_PARTS]
    return parts


def check_therapy_type(value: str) -> str:
    cleaned = value.strip().lower()
    if cleaned not in THERAPY_TYPES:
        raise InputError(
            f"{quote(value)} is not a therapy type; choose individual, couples or family."
        )
    return cleaned


def check_steps(steps: list[str]) -> list[str]:
    cleaned = [step.strip() for step in steps if step.strip()]
    if not cleaned:
        raise InputError("A goal needs at least one step towards it.")
    if len(cleaned) > limits.MAX_STEPS:
        raise InputError(f"A goal keeps at most {limits.MAX_STEPS} steps (got {len(cleaned)}).")
    for position, step in enumerate(cleaned, start=1):
        problem = limits.text_problem(step, limits.FIELD_LIMITS["step"])
        if problem is not None:
            raise InputError(f"Step {position} {problem}.")
    return cleaned


def check_first_step(position: int, steps: list[str]) -> int:
    if not 1 <= position <= len(steps):
        raise InputError(
            f"The first step must be one of the steps, 1 to {len(steps)} (got {position})."
        )
    return position


def check_first_step_on(day: date, start: date, target_date: date) -> date:
    if day < start:
        raise InputError(f"The first step's date {day} is before the plan starts ({start}).")
    if day > target_date:
        raise InputError(f"The first step's date {day} is after the target date ({target_date}).")
    return day


KIND_WORDS = {
    "reading": "reading",
    "weekly_total": "weekly_total",
    "weekly total": "weekly_total",
    "weekly-total": "weekly_total",
    "total": "weekly_total",
}


def check_start_date(day: date, today: date) -> date:
    """When the person started working on a goal: today or a past day, never a future one."""
    if day > today:
        raise InputError(f"The start date {day} is in the future; say today or a past day.")
    return day


def check_kind(value: str) -> str:
    """What a goal's values are: "reading" (where you stand that day) or "weekly_total" (counts
    that add up over a week); "weekly total" and "total" are read as weekly_total."""
    kind = KIND_WORDS.get(" ".join(str(value).lower().split()))
    if kind is None:
        raise InputError(
            f"{quote(value)} is not a kind of measure; say reading (where you stand each day, "
            "like a 0-10 rating) or weekly total (counts that add up, like calls made)."
        )
    return kind


def check_frequency(value: str) -> str:
    """A check-in frequency in its normal words ("daily", "weekly", "3 per week")."""
    return format_frequency(parse_frequency(value))
