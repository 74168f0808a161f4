"""The intake and its goals: saving a plan, finding a goal by id or title, editing it, changing
its status and deleting it. Every function works inside a session the caller opened (see
database.Database); a write is one `database.write()` transaction, so an InputError raised here
saves nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, func, select

from goalcli.core import gas, history, limits
from goalcli.core.plan import GoalPlan, IntakePlan
from goalcli.errors import InputError, quote
from goalcli.storage.changes import record_change
from goalcli.storage.models import CheckIn, Goal, GoalChange, Intake, Review, Step
from goalcli.storage.saving import now_stamp
from goalcli.storage.steps import add_planned_steps


def save_intake(session: Session, plan: IntakePlan) -> list[Goal]:
    check_room_for_goals(session, len(plan.goals))
    intake = Intake(
        therapy_type=plan.therapy_type,
        expectations=plan.expectations,
        obstacles=plan.obstacles,
        success_feels_like=plan.success_feels_like,
        motivations=plan.motivations,
        support_contact=plan.support_contact,
        created_on=plan.start_date,
    )
    session.add(intake)
    session.flush()
    if plan.members:
        from goalcli.storage import members

        known = {limits.name_key(name) for name in members.members(session)}
        members.add_members(session, [n for n in plan.members if limits.name_key(n) not in known])
    return [
        _create_goal(session, intake.id, goal_plan, plan.start_date) for goal_plan in plan.goals
    ]


def add_goal(session: Session, goal_plan: GoalPlan, today: date) -> Goal:
    """One more goal in the latest intake's plan (`goal add`); it starts on its own start
    date, else today."""
    check_room_for_goals(session, 1)
    intake = latest_intake(session)
    goal = _create_goal(
        session, intake.id if intake is not None else None, goal_plan, goal_plan.start_date or today
    )
    record_change(session, goal.id, today, "goal_added", None, goal.title)
    return goal


def _create_goal(
    session: Session, intake_id: int | None, goal_plan: GoalPlan, plan_start: date
) -> Goal:
    goal = Goal(
        intake_id=intake_id,
        title=goal_plan.title,
        specific=goal_plan.specific,
        measure=goal_plan.measure,
        unit=goal_plan.unit,
        baseline=goal_plan.baseline,
        target=goal_plan.target,
        relevant=goal_plan.relevant,
        confidence=goal_plan.confidence,
        start_date=goal_plan.start_date or plan_start,
        target_date=goal_plan.target_date,
        created_at=now_stamp(),
        frequency=goal_plan.frequency,
        kind=goal_plan.kind,
    )
    for field, description in zip(gas.FIELDS, goal_plan.gas_levels or (), strict=False):
        setattr(goal, field, description)
    session.add(goal)
    session.flush()  # gives the goal its id, for its steps
    add_planned_steps(session, goal.id or 0, goal_plan)
    return goal


def check_room_for_goals(session: Session, adding: int) -> None:
    """Refuse (exit 2) more goals than a database keeps (core/limits.MAX_GOALS)."""
    existing = session.exec(select(func.count()).select_from(Goal)).one()
    if existing + adding > limits.MAX_GOALS:
        raise InputError(
            f"A database keeps at most {limits.MAX_GOALS} goals; this one has {existing}, "
            f"and {adding} more would not fit. Delete goals you no longer need first."
        )


def latest_intake(session: Session) -> Intake | None:
    return session.exec(select(Intake).order_by(col(Intake.id).desc()).limit(1)).first()


def goals(session: Session, *, include_all: bool = False) -> list[Goal]:
    query = select(Goal).order_by(col(Goal.id))
    if not include_all:
        query = query.where(Goal.status == "active")
    return list(session.exec(query))


def find_goal(session: Session, reference: str, *, include_all: bool = True) -> Goal:
    """The one goal GOAL names, or InputError (exit 2). GOAL means one thing:

    - digits are an id; when no goal has that id, only a goal whose whole title is those
      digits is taken, never one whose title merely starts with them;
    - otherwise a title: an exact title wins, else a prefix that fits exactly one title.

    Titles compare as a person reads them: regardless of case and of Unicode normalisation
    (an "é" typed as one character or as "e" and an accent is the same letter)."""
    text = reference.strip()
    candidates = goals(session, include_all=include_all)
    if not text:
        raise InputError("GOAL is empty; give a goal id or the start of its title.")
    wanted = title_key(text)
    exact = [goal for goal in candidates if title_key(goal.title) == wanted]
    # isdecimal and short, not isdigit: int() refuses '²' and numbers of over 4300 digits.
    if text.isascii() and text.isdecimal():
        by_id = [goal for goal in candidates if len(text) <= 18 and goal.id == int(text)]
        chosen = by_id or exact
        if len(chosen) == 1:
            return chosen[0]
        if not chosen:
            raise InputError(
                f"No goal has the id {quote(text)}; `goal list` shows the goals and their ids."
            )
        raise _several(reference, chosen)
    if len(exact) == 1:
        return exact[0]
    matches = exact or [goal for goal in candidates if title_key(goal.title).startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise _several(reference, matches)
    raise InputError(
        f"No goal matches {quote(reference)}; `goal list` shows the goals and their ids."
    )


def title_key(title: str) -> str:
    """A title as it is compared: stripped, case folded, in one Unicode normal form (the
    canonical caseless match of the Unicode standard): limits.name_key, so a title an earlier
    goalcli kept with spaces around it or decomposed is still found by typing it."""
    return limits.name_key(title)


def _several(reference: str, matches: list[Goal]) -> InputError:
    # Ids only: goal titles are the client's own words and stay out of error messages.
    ids = ", ".join(str(goal.id) for goal in matches)
    return InputError(
        f"{quote(reference)} matches several goals (ids {ids}); use the id or more of the title."
    )


def _fresh(session: Session, goal_id: int) -> Goal:
    """The goal as this transaction sees it (it may have been deleted since it was found),
    its row locked until the transaction ends: on a server, where two devices' writes run at
    once, the second edit, status change or deletion of a goal waits for the first and then
    sees what it left (SQLite's BEGIN IMMEDIATE already lets one writer in at a time)."""
    goal = session.get(Goal, goal_id, with_for_update=True, populate_existing=True)
    if goal is None:
        raise InputError(f"Goal {goal_id} no longer exists; nothing was changed.")
    return goal


def edit_goal(
    session: Session, goal_id: int, proposed: dict[str, Any], day: date
) -> list[GoalChange]:
    """Apply the proposed values (already checked) and record each one that differs.

    Values equal to the current ones record nothing; an empty result means nothing changed.
    """
    unknown = set(proposed) - set(history.EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    goal = _fresh(session, goal_id)
    if proposed.get("start_date") is not None:
        check_no_checkins_before(session, goal_id, proposed["start_date"])
    changes = []
    for field in history.EDITABLE:
        if field not in proposed or proposed[field] is None:
            continue
        old, new = getattr(goal, field), proposed[field]
        if old == new:
            continue
        setattr(goal, field, new)
        # A GAS description may be set where there was none (None is kept as NULL, not "None").
        before = None if old is None else history.as_text(old)
        changes.append(record_change(session, goal_id, day, field, before, history.as_text(new)))
    if changes:
        session.add(goal)
    return changes


def check_no_checkins_before(session: Session, goal_id: int, start: date) -> None:
    """A later start may not leave check-ins before it: they would count for nothing."""
    first = session.exec(select(func.min(CheckIn.day)).where(CheckIn.goal_id == goal_id)).one()
    if first is not None and first < start:
        raise InputError(
            f"Goal {goal_id} has check-ins from {first.isoformat()}, before the start date "
            f"{start.isoformat()}; keep an earlier start, or remove those check-ins first."
        )


def change_status(
    session: Session, goal_id: int, action: str, day: date, reason: str | None = None
) -> GoalChange:
    """Move the goal to the status `action` leads to, and record it (with a reason, if any)."""
    goal = _fresh(session, goal_id)
    new = history.transition(action, goal.status, goal_id)
    old = goal.status
    goal.status = new
    session.add(goal)
    return record_change(session, goal_id, day, "status", old, new, reason)


@dataclass(frozen=True)
class Contents:
    """What deleting a goal would remove with it."""

    checkins: int
    steps: int
    reviews: int
    changes: int


def contents_of(session: Session, goal_id: int) -> Contents:
    def count(model: Any) -> int:
        return int(session.exec(select(func.count()).where(model.goal_id == goal_id)).one())

    return Contents(
        checkins=count(CheckIn), steps=count(Step), reviews=count(Review), changes=count(GoalChange)
    )


def delete_goal(session: Session, goal_id: int) -> None:
    """Remove the goal; its steps, check-ins, reviews and history go with it (ON DELETE
    CASCADE), and secure_delete overwrites what they held."""
    session.delete(_fresh(session, goal_id))
