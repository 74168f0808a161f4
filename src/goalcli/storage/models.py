"""SQLModel tables. The schema itself is owned by migrations.py; these classes map onto it."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class Day(TypeDecorator[date]):
    """A calendar day kept as ISO text ('2026-11-26') on every engine: the schema's columns are
    TEXT on SQLite and PostgreSQL alike, so a day compares, sorts and exports the same on both
    (PostgreSQL would refuse comparing its text with a typed date parameter)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: date | None, dialect: Any) -> str | None:
        return None if value is None else value.isoformat()

    def process_result_value(self, value: Any, dialect: Any) -> date | None:
        return None if value is None else date.fromisoformat(value)


def day_field(**options: Any) -> Any:
    return Field(sa_type=Day, **options)


class Flag(TypeDecorator[bool]):
    """A yes/no kept as 0 or 1 on every engine (the schema's INTEGER ... CHECK IN (0, 1)):
    PostgreSQL would refuse a boolean parameter for an integer column."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: bool | None, dialect: Any) -> int | None:
        return None if value is None else int(value)

    def process_result_value(self, value: Any, dialect: Any) -> bool | None:
        return None if value is None else bool(value)


class Intake(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    therapy_type: str
    expectations: str
    obstacles: str
    success_feels_like: str
    motivations: str
    support_contact: str | None = None
    created_on: date = day_field()


class Goal(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    intake_id: int | None = Field(default=None, foreign_key="intake.id")
    title: str
    specific: str
    measure: str
    unit: str
    baseline: float
    target: float
    relevant: str
    confidence: int
    start_date: date = day_field()
    target_date: date = day_field()
    status: str = "active"
    created_at: str
    frequency: str = "daily"
    weight: int = 1
    kind: str = "reading"  # core.progress.KINDS: "reading" or "weekly_total"
    # The GAS follow-up guide (core.gas): what each level -2..+2 looks like; all NULL without one.
    gas_minus_2: str | None = None
    gas_minus_1: str | None = None
    gas_0: str | None = None
    gas_plus_1: str | None = None
    gas_plus_2: str | None = None


class Step(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id")
    position: int
    text: str
    due_on: date | None = day_field(default=None)
    done_on: date | None = day_field(default=None)
    # Behavioural activation, 0-10 each, None when not rated: how it felt once ticked off, and
    # the pleasure predicted when it was planned.
    pleasure: int | None = None
    mastery: int | None = None
    expected_pleasure: int | None = None


class CheckIn(SQLModel, table=True):
    __tablename__ = "checkin"

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id")
    day: date = day_field()
    value: float | None = None
    note: str | None = None
    created_at: str
    updated_at: str
    pleasure: int | None = None  # how it felt, 0-10; None: not rated
    mastery: int | None = None  # the sense of achievement, 0-10; None: not rated


class ExcusedDay(SQLModel, table=True):
    """A goal's day marked excused (ill, away, a crisis): neither done nor missed."""

    __tablename__ = "excused_day"

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id")
    day: date = day_field()
    reason: str | None = None
    created_at: str


class Mood(SQLModel, table=True):
    day: date = day_field(primary_key=True)
    mood: int
    updated_at: str


class Review(SQLModel, table=True):
    """One goal's ratings at a session; the ratings given on one date form one review."""

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id")
    day: date = day_field()
    gas: int | None = None  # Goal Attainment Scaling level, -2..+2
    gbo: int | None = None  # Goal-Based Outcomes rating, 0..10
    weight: int = 1
    helped: str | None = None
    hindered: str | None = None
    next_step: str | None = None
    note: str | None = None
    created_at: str
    updated_at: str
    member: str | None = None  # a couple's or family's member; None: the shared or only rating


class Member(SQLModel, table=True):
    """A person taking part in couples or family therapy, rating goals at reviews."""

    id: int | None = Field(default=None, primary_key=True)
    name: str


class Notice(SQLModel, table=True):
    """A note already shown on a day (the safety note appears at most once a day)."""

    kind: str = Field(primary_key=True)
    day: date = day_field(primary_key=True)


class GoalChange(SQLModel, table=True):
    """One recorded change a person made (the change log): a goal's field edited (old and new
    value, as text), a status change (field "status", with the reason given), a goal added, a
    step, check-in, review or mood changed or removed (core/history.py names the kinds)."""

    __tablename__ = "goal_change"

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int | None = Field(default=None, foreign_key="goal.id")  # None: a day's mood
    day: date = day_field()
    field: str
    old_value: str | None = None
    new_value: str | None = None
    reason: str | None = None
    undone_at: str | None = None  # when `goal undo` reversed it (it stays in the history)
    created_at: str
    # What undoing needs that the sentence leaves out, as JSON: the day a check-in, mood or
    # review was of, a removed step's place and dates, a replaced review's ratings.
    detail: str | None = None
    # When `goal import` brought it in from another database (None: made here). Imported
    # changes are history: `goal undo` takes the latest change made on this database.
    imported_at: str | None = None


class RiskEvent(SQLModel, table=True):
    """A questionnaire's risk answer kept after its score was replaced or removed, or when an
    import brought a different one for the same day: reports and the caseload still show it."""

    __tablename__ = "risk_event"

    id: int | None = Field(default=None, primary_key=True)
    measure: str
    day: date = day_field()
    answers: str  # the answers that carried the risk, as MeasureScore keeps them
    recorded_at: str
    why: str  # "replaced", "removed" or "imported"


class MeasureScore(SQLModel, table=True):
    """One standard measure taken on a day: every answer, its total and the risk flag."""

    __tablename__ = "measure_score"

    id: int | None = Field(default=None, primary_key=True)
    measure: str  # core.measures.IDS
    day: date = day_field()
    answers: str  # each item's answer in order, comma-separated
    total: int
    followup: int | None = None  # PHQ-9's difficulty question, recorded, not scored
    risk: bool = Field(default=False, sa_type=Flag)
    created_at: str


class MeasureSchedule(SQLModel, table=True):
    """A measure this person takes regularly, every so many days."""

    __tablename__ = "measure_schedule"

    measure: str = Field(primary_key=True)
    every_days: int
    since: date = day_field()


class Setting(SQLModel, table=True):
    """A small named preference (the person's own crisis line)."""

    key: str = Field(primary_key=True)
    value: str
