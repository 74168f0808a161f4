"""SQLModel tables. The schema itself is owned by migrations.py; these classes map onto it."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel


class Intake(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    therapy_type: str
    expectations: str
    obstacles: str
    success_feels_like: str
    motivations: str
    support_contact: str | None = None
    created_on: date


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
    start_date: date
    target_date: date
    status: str = "active"
    created_at: str
    frequency: str = "daily"
    weight: int = 1
    kind: str = "reading"  # core.progress.KINDS: "reading" or "weekly_total"


class Step(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id")
    position: int
    text: str
    due_on: date | None = None
    done_on: date | None = None


class CheckIn(SQLModel, table=True):
    __tablename__ = "checkin"

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id")
    day: date
    value: float | None = None
    note: str | None = None
    created_at: str
    updated_at: str


class Mood(SQLModel, table=True):
    day: date = Field(primary_key=True)
    mood: int
    updated_at: str


class Review(SQLModel, table=True):
    """One goal's ratings at a session; the ratings given on one date form one review."""

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id")
    day: date
    gas: int | None = None  # Goal Attainment Scaling level, -2..+2
    gbo: int | None = None  # Goal-Based Outcomes rating, 0..10
    weight: int = 1
    helped: str | None = None
    hindered: str | None = None
    next_step: str | None = None
    note: str | None = None
    created_at: str
    updated_at: str


class Notice(SQLModel, table=True):
    """A note already shown on a day (the safety note appears at most once a day)."""

    kind: str = Field(primary_key=True)
    day: date = Field(primary_key=True)


class GoalChange(SQLModel, table=True):
    """One recorded change to a goal: a field edited (old and new value, as text) or a status
    change (field "status", with the reason given for dropping it)."""

    __tablename__ = "goal_change"

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id")
    day: date
    field: str
    old_value: str | None = None
    new_value: str | None = None
    reason: str | None = None
    undone_at: str | None = None  # when `goal undo` reversed it (it stays in the history)
    created_at: str
