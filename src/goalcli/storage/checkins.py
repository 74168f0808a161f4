"""Check-ins (a goal's value and note for a day) and moods (one per day): saving them and reading
them back. Every function works inside a session the caller opened (see database.Database)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from goalcli.core import limits
from goalcli.core.text import number_text
from goalcli.errors import InputError
from goalcli.storage.changes import record_change
from goalcli.storage.models import CheckIn, Goal, Mood
from goalcli.storage.saving import Saved, now_stamp


def save_checkin(
    session: Session, goal: Goal, day: date, value: float | None, note: str | None
) -> Saved:
    """One check-in per goal per day: a second one on the same day updates what was given. For
    a weekly_total goal a second value ADDS to the day's (occurrences logged as they happen); for
    a reading goal it replaces it."""
    stamp = now_stamp()
    claimed = _claimed(
        session, CheckIn, goal_id=goal.id, day=day, value=value, note=note, stamp=stamp
    )
    existing = None
    if not claimed:
        existing = session.exec(
            select(CheckIn).where(CheckIn.goal_id == goal.id, CheckIn.day == day).with_for_update()
        ).first()
    if existing is None:
        if not claimed:
            session.add(
                CheckIn(
                    goal_id=goal.id or 0,
                    day=day,
                    value=value,
                    note=note,
                    created_at=stamp,
                    updated_at=stamp,
                )
            )
        # Logged, not only replaced: "I just logged 11 instead of 1" is undone like any change.
        record_change(
            session,
            goal.id,
            _today(),
            "checkin_logged",
            None,
            _value_text(value),
            detail={"date": day.isoformat(), "note_after": note_digest(note)},
        )
        return Saved(created=True)
    replaced = None
    added = None
    before = (existing.value, existing.note)
    if value is not None:
        if goal.kind == "weekly_total" and existing.value is not None:
            # Rounded as typed numbers are (0.1 + 0.2 is not 0.3 in floats), and within the
            # same limits as every number, so the day's total exports and imports again.
            total = round(existing.value + value, limits.DECIMALS) + 0.0
            problem = limits.number_problem(total)
            if problem is not None:
                raise InputError(
                    f"Adding {number_text(value)} to the day's {number_text(existing.value)} "
                    f"gives a total goalcli cannot keep (it {problem})."
                )
            existing.value = total
            added = value
        else:
            if existing.value != value:
                replaced = existing.value
            existing.value = value
    if note is not None:
        existing.note = note
    existing.updated_at = stamp
    session.add(existing)
    # What undo needs: the check-in as it was, and as this left it (undo refuses when it is
    # no longer so). Adding to a weekly total is logging, so it is a change of its own kind
    # that undo takes away exactly (`added`).
    detail = {"date": day.isoformat(), "value": before[0], "note": before[1]}
    detail["note_after"] = note_digest(existing.note)
    if added is not None:
        record_change(
            session,
            goal.id,
            _today(),
            "checkin_logged",
            _value_text(before[0]),
            _value_text(existing.value),
            detail=detail | {"added": added},
        )
    elif (existing.value, existing.note) != before:
        record_change(
            session,
            goal.id,
            _today(),
            "checkin_replaced",
            _value_text(before[0]),
            _value_text(existing.value),
            detail=detail,
        )
    return Saved(created=False, replaced=replaced)


def note_digest(note: str | None) -> str | None:
    """What the change log keeps of the note a change left: enough for undo to see whether it
    is still there, never the words (a note deleted later does not linger in the log)."""
    if note is None:
        return None
    import hashlib

    return hashlib.sha256(note.encode()).hexdigest()[:16]


def _value_text(value: float | None) -> str | None:
    return number_text(value) if value is not None else None


def _today() -> date:
    from goalcli.core.dates import today

    return today()


def save_mood(session: Session, day: date, mood: int) -> Saved:
    claimed = _claimed(session, Mood, day=day, mood=mood, stamp=now_stamp())
    existing = None if claimed else session.get(Mood, day, with_for_update=True)
    if existing is None:
        if not claimed:
            session.add(Mood(day=day, mood=mood, updated_at=now_stamp()))
        record_change(
            session,
            None,
            _today(),
            "mood_logged",
            None,
            str(mood),
            detail={"date": day.isoformat()},
        )
        return Saved(created=True)
    replaced = existing.mood if existing.mood != mood else None
    if replaced is not None:
        record_change(
            session,
            None,
            _today(),
            "mood_replaced",
            str(replaced),
            str(mood),
            detail={"date": day.isoformat()},
        )
    existing.mood = mood
    existing.updated_at = now_stamp()
    session.add(existing)
    return Saved(created=False, replaced=replaced)


def checkin_on(session: Session, goal_id: int, day: date) -> CheckIn | None:
    return session.exec(
        select(CheckIn).where(CheckIn.goal_id == goal_id, CheckIn.day == day)
    ).first()


def mood_on(session: Session, day: date) -> int | None:
    found = session.get(Mood, day)
    return found.mood if found is not None else None


def checkins_of(session: Session, goal_id: int) -> list[CheckIn]:
    """Every check-in of a goal, newest first."""
    query = select(CheckIn).where(CheckIn.goal_id == goal_id).order_by(col(CheckIn.day).desc())
    return list(session.exec(query))


def remove_checkin(session: Session, goal_id: int, day: date, today: date) -> CheckIn:
    """Remove a goal's check-in of `day`, recorded in its history (value, and note as reason)."""
    # Locked (on a server): a second removal at once waits, then finds none, as in a row.
    found = session.exec(
        select(CheckIn)
        .where(CheckIn.goal_id == goal_id, CheckIn.day == day)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if found is None:
        raise InputError(f"Goal {goal_id} has no check-in on {day.isoformat()}; nothing removed.")
    old = number_text(found.value) if found.value is not None else None
    # Its ratings go in the detail, so that undoing the removal puts them back too.
    ratings = {"pleasure": found.pleasure, "mastery": found.mastery}
    record_change(
        session,
        goal_id,
        today,
        "checkin_removed",
        old,
        day.isoformat(),
        found.note,
        detail=ratings if any(value is not None for value in ratings.values()) else None,
    )
    session.delete(found)
    return found


def remove_mood(session: Session, day: date) -> int:
    """Remove the mood of `day`, recorded in the change log; the mood it was."""
    found = session.get(Mood, day, with_for_update=True, populate_existing=True)
    if found is None:
        raise InputError(f"There is no mood on {day.isoformat()}; nothing removed.")
    record_change(
        session,
        None,
        _today(),
        "mood_removed",
        str(found.mood),
        None,
        detail={"date": day.isoformat()},
    )
    session.delete(found)
    return found.mood


def _claimed(session: Session, table: type[CheckIn] | type[Mood], stamp: str, **row: Any) -> bool:
    """On a PostgreSQL server, insert the day's row unless one is there (ON CONFLICT DO
    NOTHING); True when this inserted it. Two devices checking in at once then meet on the
    unique (goal, day) row: the second waits for the first to commit and updates its row, never
    making a second one. SQLite needs none of this: BEGIN IMMEDIATE lets one writer in at a time.
    """
    if session.get_bind().dialect.name != "postgresql":
        return False
    from sqlalchemy.dialects.postgresql import insert

    stamps = {"updated_at": stamp} if table is Mood else {"created_at": stamp, "updated_at": stamp}
    keys = ["day"] if table is Mood else ["goal_id", "day"]
    statement = (
        insert(table)
        .values(**row, **stamps)
        .on_conflict_do_nothing(index_elements=keys)
        .returning(table.__table__.c.day)  # type: ignore[union-attr]
    )
    return session.execute(statement).first() is not None


def latest_value(session: Session, goal_id: int, until: date) -> float | None:
    return session.exec(
        select(CheckIn.value)
        .where(CheckIn.goal_id == goal_id, CheckIn.day <= until, col(CheckIn.value).is_not(None))
        .order_by(col(CheckIn.day).desc())
        .limit(1)
    ).first()


def values_between(
    session: Session, goal_id: int, since: date, until: date
) -> list[tuple[date, float]]:
    """A goal's (day, value) check-ins with a value from `since` to `until`, oldest first."""
    rows = session.exec(
        select(col(CheckIn.day), col(CheckIn.value))
        .where(
            CheckIn.goal_id == goal_id,
            CheckIn.day >= since,
            CheckIn.day <= until,
            col(CheckIn.value).is_not(None),
        )
        .order_by(col(CheckIn.day))
    )
    return [(day, value) for day, value in rows if value is not None]


# values_between for many goals: plain SQL, for the ORM costs about 10 µs a row more (a
# report's signals read a few thousand).
_VALUES_OF_GOALS = """
SELECT goal_id, day, value FROM checkin
 WHERE goal_id IN :goals AND day BETWEEN :since AND :until AND value IS NOT NULL
 ORDER BY goal_id, day
"""


def values_of_goals(
    session: Session, goal_ids: Collection[int], since: date, until: date
) -> dict[int, list[tuple[date, float]]]:
    """Each goal's (day, value) check-ins with a value from `since` to `until`, oldest first
    (an empty list for a goal with none): values_between for every goal in one statement."""
    from sqlalchemy import bindparam, text

    found: dict[int, list[tuple[date, float]]] = {goal_id: [] for goal_id in goal_ids}
    if not found:
        return found
    rows = session.execute(
        text(_VALUES_OF_GOALS).bindparams(bindparam("goals", expanding=True)),
        {"goals": list(found), "since": since.isoformat(), "until": until.isoformat()},
    ).all()  # in one fetch: row by row costs more
    for goal_id, day, value in rows:
        found[goal_id].append((date.fromisoformat(day), value))
    return found


def value_on(session: Session, goal_id: int, day: date) -> float | None:
    """The value logged for a goal on one day (a point lookup on UNIQUE(goal_id, day))."""
    return session.exec(
        select(CheckIn.value).where(CheckIn.goal_id == goal_id, CheckIn.day == day)
    ).first()


def recent_checkins(session: Session, goal_id: int, limit: int) -> list[CheckIn]:
    """The latest `limit` check-ins of a goal, newest first (an index range, never all)."""
    return list(
        session.exec(
            select(CheckIn)
            .where(CheckIn.goal_id == goal_id)
            .order_by(col(CheckIn.day).desc())
            .limit(limit)
        )
    )


def moods_between(session: Session, since: date, until: date) -> dict[date, int]:
    rows = session.exec(
        select(col(Mood.day), col(Mood.mood)).where(Mood.day >= since, Mood.day <= until)
    )
    return {day: mood for day, mood in rows}


def recent_moods(session: Session, until: date, limit: int) -> list[tuple[date, int]]:
    """The latest `limit` logged moods up to `until`, newest first."""
    rows = session.exec(
        select(col(Mood.day), col(Mood.mood))
        .where(Mood.day <= until)
        .order_by(col(Mood.day).desc())
        .limit(limit)
    )
    return [(day, mood) for day, mood in rows]
