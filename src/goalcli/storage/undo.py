"""`goal undo`: reverse one recorded change (storage/changes.py) inside the caller's transaction.

Undo never overwrites what it did not write: the change is read again inside the write
transaction by its id (never reused, see migration m011) and must be the one undo showed, made
on this database; and each kind's function first compares what is there now with what the change
left (its new value). When they differ (another device's import, another process, a later
check-in) it refuses with "Changed since: ..." (exit 1) before anything is written.

Each kind of change is put back by its own function, which also checks that what it restores
still fits the plan as it is now (a start date with no check-ins before it, a step where a step
can go, a day that has no new entry since); a refusal is an InputError raised before anything
is written, so the transaction saves nothing. The change stays in the log, marked undone; an
undone "goal added" removes the goal, and its history with it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlmodel import Session, func, select

from goalcli.core import history, limits
from goalcli.core.text import number_text
from goalcli.errors import GoalError, InputError
from goalcli.storage import changes, checkins, goals, reviews, steps
from goalcli.storage.models import CheckIn, Goal, GoalChange, Mood, Review, Step
from goalcli.storage.saving import now_stamp

NOTHING_CHANGED = "nothing was changed"


def undo_change(session: Session, change_id: int, shown: GoalChange | None = None) -> GoalChange:
    """Put back what the change replaced, and mark it undone (it stays in the history).
    `shown`: the change as undo showed it; the one read here must be that very change."""
    # Locked (on a server): a second `goal undo` at once waits, then finds it undone.
    change = session.get(GoalChange, change_id, with_for_update=True, populate_existing=True)
    if change is None or change.undone_at is not None:
        raise InputError("That change was undone or removed meanwhile; nothing was changed.")
    if shown is not None and not changes.same_change(change, shown):
        raise GoalError("That change is not the one shown any more; nothing was changed.")
    if change.imported_at is not None:
        raise GoalError(
            "That change was brought in by `goal import`; undo takes only changes made here, "
            "so nothing was changed."
        )
    goal = (
        session.get(Goal, change.goal_id, with_for_update=True, populate_existing=True)
        if change.goal_id is not None
        else None
    )
    if change.goal_id is not None and goal is None:
        raise InputError("The goal of that change no longer exists; nothing was changed.")
    detail = history.detail_of(change.detail)
    try:
        if goal is None and change.field in _MEASURE_UNDOERS:
            _MEASURE_UNDOERS[change.field](session, change, detail)
        elif goal is None and change.field in _MOOD_UNDOERS:
            _MOOD_UNDOERS[change.field](session, change, detail)
        elif goal is not None and change.field in history.EDITABLE:
            _undo_edit(session, goal, change)
        elif goal is not None and change.field == "goal_added":
            _undo_goal_added(session, goal)
            return change  # the goal and its history are gone
        elif goal is not None and change.field in _GOAL_UNDOERS:
            _GOAL_UNDOERS[change.field](session, goal, change, detail)
        else:
            raise KeyError(change.field)
    except (KeyError, ValueError, TypeError):
        # Only a record written by hand (an edited export) lacks what its kind needs.
        raise InputError(
            f"The record of that change is incomplete, so it cannot be undone; {NOTHING_CHANGED}."
        ) from None
    change.undone_at = now_stamp()
    session.add(change)
    return change


def _refuse(why: str) -> InputError:
    return InputError(f"Undoing it would {why}; {NOTHING_CHANGED}.")


def _changed_since(what: str) -> GoalError:
    """What is there now is not what the change left: undo would overwrite someone's later
    change, so it refuses (could not: exit 1)."""
    return GoalError(f"Changed since: {what}; {NOTHING_CHANGED}.")


def _shown(value: object) -> str:
    if value is None:
        return "empty"
    return number_text(value) if isinstance(value, float) else history.as_text(value)


def _same_number(found: float | None, recorded: str | None) -> bool:
    if found is None or recorded is None:
        return found is None and recorded is None
    return abs(found - float(recorded)) < 10.0**-limits.DECIMALS / 2


def _day(text: Any) -> date | None:
    return date.fromisoformat(text) if isinstance(text, str) else None


def _stored_value(field: str, text: str | None) -> Any:
    """A value as the goal keeps it, from the text the history recorded."""
    if text is None:
        return None
    if field in ("target", "baseline"):
        return float(text)
    if field == "confidence":
        return int(text)
    if field in ("target_date", "start_date"):
        return date.fromisoformat(text)
    return text


def _undo_edit(session: Session, goal: Goal, change: GoalChange) -> None:
    now = getattr(goal, change.field)
    left = _stored_value(change.field, change.new_value)
    if (now != left) if not isinstance(now, float) else not _same_number(now, change.new_value):
        name = history.FIELD_WORDS.get(change.field, change.field)
        raise _changed_since(f"goal {goal.id}'s {name} is now {_shown(now)}")
    value = _stored_value(change.field, change.old_value)
    after = {"baseline": goal.baseline, "target": goal.target, change.field: value}
    gap = limits.gap_problem(after["baseline"], after["target"])
    if gap is not None:
        raise _refuse(f"leave goal {goal.id}'s target {gap}")
    start = value if change.field == "start_date" else goal.start_date
    end = value if change.field == "target_date" else goal.target_date
    if start >= end:
        raise _refuse(
            f"leave goal {goal.id} starting on {start.isoformat()}, not before its target date "
            f"{end.isoformat()}"
        )
    if change.field == "start_date":
        first = _first_checkin(session, goal.id or 0)
        if first is not None and first < value:
            raise _refuse(
                f"leave goal {goal.id}'s check-in of {first.isoformat()} before its start date "
                f"{value.isoformat()}"
            )
    setattr(goal, change.field, value)
    session.add(goal)


def _first_checkin(session: Session, goal_id: int) -> date | None:
    first: date | None = session.exec(
        select(func.min(CheckIn.day)).where(CheckIn.goal_id == goal_id)
    ).one()
    return first


def _undo_goal_added(session: Session, goal: Goal) -> None:
    contents = goals.contents_of(session, goal.id or 0)
    if contents.checkins or contents.reviews:
        raise InputError(
            f"Goal {goal.id} has check-ins or reviews since it was added, so undo leaves it; "
            f"`goal delete {goal.id}` removes it with them."
        )
    goals.delete_goal(session, goal.id or 0)


def _undo_status(session: Session, goal: Goal, change: GoalChange, detail: dict[str, Any]) -> None:
    if goal.status != change.new_value:
        raise _changed_since(f"goal {goal.id} is now {goal.status}")
    goal.status = change.old_value or "active"
    session.add(goal)


def _the_step(session: Session, goal: Goal, text: str | None, position: Any, wanted: str) -> Step:
    """The step a change was about: at its recorded place with its text, else the first with
    that text; refused when the goal no longer has it."""
    found = steps.steps_of(session, goal.id or 0)
    for step in found:
        if step.position == position and step.text == text:
            return step
    for step in found:
        if step.text == text:
            return step
    raise _refuse(f"need the step goal {goal.id} had then ({wanted}), which is no longer there")


def _undo_step_added(
    session: Session, goal: Goal, change: GoalChange, detail: dict[str, Any]
) -> None:
    step = _the_step(session, goal, change.new_value, detail.get("position"), "added")
    steps.take_out_step(session, step)


def _undo_step_text(
    session: Session, goal: Goal, change: GoalChange, detail: dict[str, Any]
) -> None:
    step = _the_step(session, goal, change.new_value, detail.get("position"), "reworded")
    step.text = change.old_value or step.text
    session.add(step)


def _undo_step_removed(
    session: Session, goal: Goal, change: GoalChange, detail: dict[str, Any]
) -> None:
    last = len(steps.steps_of(session, goal.id or 0)) + 1
    position = detail.get("position")
    steps.put_back_step(
        session,
        goal.id or 0,
        position if isinstance(position, int) else last,
        change.old_value or "",
        _day(detail.get("due_on")),
        _day(detail.get("done_on")),
    )


def _undo_step_moved(
    session: Session, goal: Goal, change: GoalChange, detail: dict[str, Any]
) -> None:
    step = _the_step(session, goal, change.reason, int(change.new_value or 0), "moved")
    if str(step.position) != change.new_value:
        raise _changed_since(f"step \u201c{step.text}\u201d is now in place {step.position}")
    steps.place_step(session, step, int(change.old_value or step.position))


def _undo_step_done(
    session: Session, goal: Goal, change: GoalChange, detail: dict[str, Any]
) -> None:
    step = _the_step(session, goal, change.new_value, detail.get("position"), "done")
    if step.done_on is None:
        raise _changed_since(f"step \u201c{step.text}\u201d is open again")
    step.done_on = None
    session.add(step)


def _undo_step_undone(
    session: Session, goal: Goal, change: GoalChange, detail: dict[str, Any]
) -> None:
    step = _the_step(session, goal, change.old_value, detail.get("position"), "opened again")
    if step.done_on is not None:
        raise _changed_since(f"step \u201c{step.text}\u201d is done again")
    step.done_on = _day(detail.get("done_on")) or change.day
    session.add(step)


def _undo_checkin_removed(
    session: Session, goal: Goal, change: GoalChange, detail: dict[str, Any]
) -> None:
    day = date.fromisoformat(change.new_value or "")
    _check_checkin_day(session, goal, day)
    stamp = now_stamp()
    session.add(
        CheckIn(
            goal_id=goal.id or 0,
            day=day,
            value=float(change.old_value) if change.old_value is not None else None,
            note=change.reason,
            created_at=stamp,
            updated_at=stamp,
            # Recorded since m012 (absent from an older change: not rated).
            pleasure=_rating(detail.get("pleasure")),
            mastery=_rating(detail.get("mastery")),
        )
    )


def _rating(value: Any) -> int | None:
    """A rating a change's detail recorded, checked as every door checks one."""
    if value is None:
        return None
    if limits.rating_problem(value) is not None:
        raise ValueError(value)
    return int(value)


def _undo_rated(row: CheckIn | Step, detail: dict[str, Any], what: str) -> None:
    """Put back the ratings a "checkin_rated" or "step_rated" change replaced, when the row
    still holds what the change left."""
    before, after = detail["before"], detail["after"]
    if not isinstance(before, dict) or not isinstance(after, dict) or set(before) != set(after):
        raise ValueError(detail)
    for name, value in after.items():
        if getattr(row, name) != _rating(value):
            raise _changed_since(f"the {name.replace('_', ' ')} of {what} was changed again")
    for name, value in before.items():
        setattr(row, name, _rating(value))


def _undo_checkin_rated(
    session: Session, goal: Goal, change: GoalChange, detail: dict[str, Any]
) -> None:
    day = date.fromisoformat(detail["date"])
    found = checkins.checkin_on(session, goal.id or 0, day)
    if found is None:
        raise _changed_since(f"goal {goal.id} has no check-in on {day.isoformat()} any more")
    _undo_rated(found, detail, f"the check-in of {day.isoformat()}")
    session.add(found)


def _undo_day_excused(
    session: Session, goal: Goal, change: GoalChange, detail: dict[str, Any]
) -> None:
    from goalcli.storage.activation import excused_on

    day = date.fromisoformat(detail["date"])
    found = excused_on(session, goal.id or 0, day)
    if found is None:
        raise _changed_since(f"{day.isoformat()} is no longer excused for goal {goal.id}")
    session.delete(found)


def _undo_step_rated(
    session: Session, goal: Goal, change: GoalChange, detail: dict[str, Any]
) -> None:
    step = _the_step(session, goal, change.reason, detail.get("position"), "rated")
    _undo_rated(step, detail, f"step \u201c{step.text}\u201d")
    session.add(step)


def _check_checkin_day(session: Session, goal: Goal, day: date) -> None:
    if day < goal.start_date:
        raise _refuse(
            f"put a check-in on {day.isoformat()}, before goal {goal.id}'s start date "
            f"{goal.start_date.isoformat()}"
        )
    found = checkins.checkin_on(session, goal.id or 0, day)
    if found is not None:
        raise _changed_since(
            f"goal {goal.id} has a check-in on {day.isoformat()} again ({_shown(found.value)}; "
            f"`goal checkin remove {goal.id} --date {day.isoformat()}` removes it first)"
        )


def _checkin_as_left(
    session: Session, goal: Goal, change: GoalChange, detail: dict[str, Any], *, value: bool
) -> CheckIn:
    """The check-in the change was of, as the change left it (its value too, when `value`);
    else undo refuses: someone changed it since."""
    day = date.fromisoformat(str(detail["date"]))
    found = checkins.checkin_on(session, goal.id or 0, day)
    on = f"goal {goal.id}'s check-in on {day.isoformat()}"
    if found is None:
        raise _changed_since(f"{on} was removed")
    if value and not _same_number(found.value, change.new_value):
        raise _changed_since(f"{on} is now {_shown(found.value)}")
    if "note_after" in detail and checkins.note_digest(found.note) != detail["note_after"]:
        raise _changed_since(f"{on} has another note now")
    return found


def _undo_checkin_replaced(
    session: Session, goal: Goal, change: GoalChange, detail: dict[str, Any]
) -> None:
    # A note changed alone (a weekly total's count went on by adding): the note only comes
    # back, never the day's count as it was then.
    note_only = change.old_value == change.new_value
    found = _checkin_as_left(session, goal, change, detail, value=not note_only)
    if not note_only:
        value = detail.get("value")
        found.value = float(value) if isinstance(value, int | float) else None
    found.note = detail.get("note")
    found.updated_at = now_stamp()
    session.add(found)


def _undo_checkin_logged(
    session: Session, goal: Goal, change: GoalChange, detail: dict[str, Any]
) -> None:
    """A check-in logged: removed again; an addition to a weekly total: exactly that taken away
    (and the note put back as it was)."""
    found = _checkin_as_left(session, goal, change, detail, value=True)
    added = detail.get("added")
    if added is None:
        session.delete(found)
        return
    if found.value is None or not isinstance(added, int | float):
        raise ValueError("an addition without its number")
    found.value = round(found.value - added, limits.DECIMALS) + 0.0
    found.note = detail.get("note")
    found.updated_at = now_stamp()
    session.add(found)


def _undo_review(session: Session, goal: Goal, change: GoalChange, detail: dict[str, Any]) -> None:
    """Put back a replaced or removed review as it was."""
    day = date.fromisoformat(str(detail["date"]))
    member = detail.get("member")
    member = member if isinstance(member, str) else None
    found = reviews.review_on(session, goal.id or 0, day, member)
    on = f"goal {goal.id}'s review of {day.isoformat()}"
    if change.field == "review_removed":
        if found is not None:
            raise _changed_since(f"{on} was made again")
        stamp = now_stamp()
        found = Review(
            goal_id=goal.id or 0, day=day, member=member, created_at=stamp, updated_at=stamp
        )
    elif found is None:
        raise _changed_since(f"{on} was removed")
    else:
        now = history.review_summary(reviews.review_parts(found))
        if now != change.new_value:
            raise _changed_since(f"{on} is now {now}")
    for name in history.REVIEW_PARTS:
        setattr(found, name, detail.get(name))
    found.weight = found.weight or 1
    found.updated_at = now_stamp()
    session.add(found)


def _undo_mood(session: Session, change: GoalChange, detail: dict[str, Any]) -> None:
    """Put back a replaced or removed mood as it was."""
    day = date.fromisoformat(str(detail["date"]))
    found = session.get(Mood, day, with_for_update=True, populate_existing=True)
    if change.field == "mood_removed" and found is not None:
        raise _changed_since(f"the mood of {day.isoformat()} was logged again ({found.mood})")
    if change.field != "mood_removed":
        if found is None:
            raise _changed_since(f"the mood of {day.isoformat()} was removed")
        if str(found.mood) != change.new_value:
            raise _changed_since(f"the mood of {day.isoformat()} is now {found.mood}")
    if change.field == "mood_logged":
        session.delete(found)
        return
    mood = int(change.old_value or 0)
    if found is None:
        found = Mood(day=day, mood=mood, updated_at=now_stamp())
    found.mood, found.updated_at = mood, now_stamp()
    session.add(found)


_GOAL_UNDOERS: dict[str, Callable[[Session, Goal, GoalChange, dict[str, Any]], None]] = {
    "status": _undo_status,
    "step_added": _undo_step_added,
    "step_text": _undo_step_text,
    "step_removed": _undo_step_removed,
    "step_moved": _undo_step_moved,
    "step_done": _undo_step_done,
    "step_undone": _undo_step_undone,
    "checkin_removed": _undo_checkin_removed,
    "checkin_replaced": _undo_checkin_replaced,
    "checkin_logged": _undo_checkin_logged,
    "checkin_rated": _undo_checkin_rated,
    "step_rated": _undo_step_rated,
    "day_excused": _undo_day_excused,
    "review_replaced": _undo_review,
    "review_removed": _undo_review,
}
_MOOD_UNDOERS: dict[str, Callable[[Session, GoalChange, dict[str, Any]], None]] = {
    "mood_replaced": _undo_mood,
    "mood_removed": _undo_mood,
    "mood_logged": _undo_mood,
}


def _undo_measure(session: Session, change: GoalChange, detail: dict[str, Any]) -> None:
    """Put back the answers of a questionnaire replaced or removed (its risk event stays)."""
    from goalcli.core.measures import measure
    from goalcli.storage import measures

    taken = measure(str(detail["measure"]))
    day = date.fromisoformat(str(detail["date"]))
    found = measures.score_on(session, taken.id, day)
    on = f"the {taken.name} of {day.isoformat()}"
    if change.field == "measure_removed":
        if found is not None:
            raise _changed_since(f"{on} was taken again (score {found.total})")
    elif found is None:
        raise _changed_since(f"{on} was removed")
    elif found.answers != detail["new_answers"]:
        raise _changed_since(f"{on} now has other answers (score {found.total})")
    answers = [int(part) for part in str(detail["answers"]).split(",")]
    followup = detail.get("followup")
    measures.put_score(
        session, taken, day, answers, followup if isinstance(followup, int) else None
    )


_MEASURE_UNDOERS: dict[str, Callable[[Session, GoalChange, dict[str, Any]], None]] = {
    "measure_replaced": _undo_measure,
    "measure_removed": _undo_measure,
}
