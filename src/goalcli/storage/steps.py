"""A goal's steps: the plan's first ones, steps added later, reading them, and ticking them done
and undone. Every function works inside a session the caller opened (see database.Database); a
write is one `database.write()` transaction, so an InputError raised here saves nothing."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, func, select

from goalcli.core import limits
from goalcli.core.plan import GoalPlan
from goalcli.errors import InputError
from goalcli.storage.changes import record_change
from goalcli.storage.models import Goal, Step


def add_planned_steps(session: Session, goal_id: int, goal_plan: GoalPlan) -> None:
    """The steps an intake plans for a new goal; only the one taken first gets a due date."""
    for position, text in enumerate(goal_plan.steps, start=1):
        due = goal_plan.first_step_on if position == goal_plan.first_step else None
        session.add(
            Step(
                goal_id=goal_id,
                position=position,
                text=text,
                due_on=due,
                expected_pleasure=goal_plan.predicted_pleasure.get(text),
            )
        )


def _lock_goal(session: Session, goal_id: int) -> None:
    """Every change to a goal's steps first locks the goal's row until the transaction ends.
    On a server two devices' writes run at once: the second waits here for the first, and
    what it reads after (positions, done dates) is what the first left, as on SQLite, whose
    BEGIN IMMEDIATE lets one writer in at a time (there FOR UPDATE is not sent at all)."""
    session.exec(select(Goal.id).where(Goal.id == goal_id).with_for_update()).first()


def add_step(session: Session, goal: Goal, text: str, due_on: date | None = None) -> Step:
    _lock_goal(session, goal.id or 0)
    last = session.exec(select(func.max(Step.position)).where(Step.goal_id == goal.id)).one()
    position = (last or 0) + 1
    if position > limits.MAX_STEPS:
        raise InputError(
            f"Goal {goal.id} has {limits.MAX_STEPS} steps, as many as goalcli keeps for one goal."
        )
    step = Step(goal_id=goal.id or 0, position=position, text=text, due_on=due_on)
    session.add(step)
    record_change(
        session, goal.id or 0, _today(), "step_added", None, text, detail={"position": position}
    )
    return step


def _today() -> date:
    from goalcli.core.dates import today

    return today()


def steps_of(session: Session, goal_id: int) -> list[Step]:
    return list(
        session.exec(select(Step).where(Step.goal_id == goal_id).order_by(col(Step.position)))
    )


def steps_of_goals(session: Session, goal_ids: list[int]) -> dict[int, list[Step]]:
    """Several goals' steps in one query, each goal's in position order."""
    found: dict[int, list[Step]] = {goal_id: [] for goal_id in goal_ids}
    if goal_ids:
        query = (
            select(Step)
            .where(col(Step.goal_id).in_(goal_ids))
            .order_by(col(Step.goal_id), col(Step.position))
        )
        for step in session.exec(query):
            found[step.goal_id].append(step)
    return found


def step_at(session: Session, goal_id: int, position: int) -> Step:
    step = session.exec(
        select(Step)
        .where(Step.goal_id == goal_id, Step.position == position)
        .execution_options(populate_existing=True)
    ).first()
    if step is not None:
        return step
    total = session.exec(select(func.count()).where(Step.goal_id == goal_id)).one()
    if not total:
        raise InputError(f"Goal {goal_id} has no steps yet; `goal step add` adds one.")
    raise InputError(f"Goal {goal_id} has no step {position}; its steps are 1 to {total}.")


def mark_steps_done(session: Session, goal_id: int, positions: list[int], day: date) -> None:
    """Mark steps done on `day` (the check-in's --done); steps already done keep their first date."""
    _lock_goal(session, goal_id)
    for position in positions:
        step = step_at(session, goal_id, position)
        if step.done_on is None:
            step.done_on = day
            session.add(step)
            _record_done(session, step, day)


def mark_step(session: Session, goal_id: int, position: int, day: date) -> tuple[Step, bool]:
    """Mark a step done on `day`; a step already done keeps its date (False: nothing changed)."""
    _lock_goal(session, goal_id)
    step = step_at(session, goal_id, position)
    if step.done_on is not None:
        return step, False
    step.done_on = day
    session.add(step)
    _record_done(session, step, day)
    return step, True


def _record_done(session: Session, step: Step, day: date) -> None:
    record_change(
        session, step.goal_id, day, "step_done", None, step.text, detail={"position": step.position}
    )


def undo_step(session: Session, goal_id: int, position: int) -> tuple[Step, date | None]:
    """Mark a done step as not done; returns the day it had been done (None: it was open)."""
    _lock_goal(session, goal_id)
    step = step_at(session, goal_id, position)
    was = step.done_on
    if was is not None:
        step.done_on = None
        session.add(step)
        record_change(
            session,
            goal_id,
            _today(),
            "step_undone",
            step.text,
            None,
            detail={"position": step.position, "done_on": was.isoformat()},
        )
    return step, was


def edit_step(session: Session, goal_id: int, position: int, text: str, day: date) -> str | None:
    """Reword a step; the old wording (None: it already read like that, nothing recorded)."""
    _lock_goal(session, goal_id)
    step = step_at(session, goal_id, position)
    old = step.text
    if old == text:
        return None
    step.text = text
    session.add(step)
    record_change(session, goal_id, day, "step_text", old, text, detail={"position": position})
    return old


def remove_step(session: Session, goal_id: int, position: int, day: date) -> Step:
    """Remove a step; the later ones move up one place. Returns the removed step."""
    _lock_goal(session, goal_id)
    step = step_at(session, goal_id, position)
    remaining = [other for other in steps_of(session, goal_id) if other.id != step.id]
    session.delete(step)
    session.flush()
    _renumber(session, remaining)
    record_change(
        session,
        goal_id,
        day,
        "step_removed",
        step.text,
        None,
        detail={
            "position": position,
            "due_on": step.due_on.isoformat() if step.due_on else None,
            "done_on": step.done_on.isoformat() if step.done_on else None,
        },
    )
    return step


def move_step(session: Session, goal_id: int, position: int, to: int, day: date) -> Step:
    """Move a step to place `to`; the steps between shift by one."""
    _lock_goal(session, goal_id)
    ordered = steps_of(session, goal_id)
    step = step_at(session, goal_id, position)
    if not 1 <= to <= len(ordered):
        raise InputError(f"Goal {goal_id} has steps 1 to {len(ordered)}; --to {to} is not one.")
    if to != position:
        ordered.remove(step)
        ordered.insert(to - 1, step)
        _renumber(session, ordered)
        record_change(session, goal_id, day, "step_moved", str(position), str(to), step.text)
    return step


def _renumber(session: Session, ordered: list[Step]) -> None:
    """Positions 1, 2, ... in this order; through negative places first, because a goal's
    positions are unique at every moment (UNIQUE (goal_id, position))."""
    for place, step in enumerate(ordered, start=1):
        step.position = -place
        session.add(step)
    session.flush()
    for place, step in enumerate(ordered, start=1):
        step.position = place
        session.add(step)
    session.flush()


def put_back_step(
    session: Session,
    goal_id: int,
    position: int,
    text: str,
    due_on: date | None,
    done_on: date | None,
) -> Step:
    """Put a removed step back at `position` (the steps from there move down one place); its
    `goal undo`, so nothing is recorded."""
    ordered = steps_of(session, goal_id)
    if len(ordered) >= limits.MAX_STEPS:
        raise InputError(
            f"Goal {goal_id} has {limits.MAX_STEPS} steps, as many as goalcli keeps for one goal."
        )
    place = min(max(position, 1), len(ordered) + 1)
    # Out of the way of every place _renumber passes through (-1 down to -MAX_STEPS).
    step = Step(
        goal_id=goal_id,
        position=-(limits.MAX_STEPS + 1),
        text=text,
        due_on=due_on,
        done_on=done_on,
    )
    session.add(step)
    session.flush()
    ordered.insert(place - 1, step)
    _renumber(session, ordered)
    return step


def take_out_step(session: Session, step: Step) -> None:
    """Remove a step without recording it (`goal undo` of its adding); later ones move up."""
    remaining = [other for other in steps_of(session, step.goal_id) if other.id != step.id]
    session.delete(step)
    session.flush()
    _renumber(session, remaining)


def place_step(session: Session, step: Step, to: int) -> None:
    """Move a step to place `to` without recording it (`goal undo` of a move)."""
    ordered = [other for other in steps_of(session, step.goal_id) if other.id != step.id]
    ordered.insert(min(max(to, 1), len(ordered) + 1) - 1, step)
    _renumber(session, ordered)
