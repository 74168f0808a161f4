"""The flag form of `goal log` (`goal log GOAL --value N --mood M --note T --date WHEN`) over the
standard library's sqlite3 (SQLCipher's DB-API module for an encrypted file), without
SQLAlchemy, SQLModel or Pydantic, whose import alone costs more than the whole check-in
(issue 26).

It writes what storage/checkins.py writes (the check-in, the mood, their change-log rows that
`goal undo` reads), in one BEGIN IMMEDIATE transaction with the same pragmas, and reads the
goal's standing from the same statements (figure_queries) through the same code
(views/standing.py); steps ticked off (--done) as storage/steps.py marks them. It handles one
plain case and gives way (returns None, having written nothing) to the full path for
everything else: a database on a server, needing a migration or written by a newer goalcli,
with a column it does not know, a leftover copy beside it, a goal named by title, a step number
the goal lacks, a goal not active or not started on the day, a day that would show the low-mood
safety note, a measure schedule, a lock. An encrypted file is unlocked the full path's way, and
when it gives way there the keyed connection goes to the full path (open_connection). The
contract test (tests/cli/test_quick_log.py) runs both paths on the same inputs and compares the
databases.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from goalcli.core import dates, limits, safety
from goalcli.core.text import number_text
from goalcli.errors import InputError, StorageError
from goalcli.storage.figure_queries import (
    GOAL_FIGURES,
    GOAL_WINDOW,
    GoalFigures,
    figure_bounds,
    figures_from_rows,
    figures_parameters,
    goal_streak_query,
    streak_parameters,
    window_parameters,
)
from goalcli.storage.migrations import schema_version
from goalcli.storage.probe import (
    SQLITE_MAGIC,
    apply_pragmas,
    check_plain_file,
    connect,
    describe_sqlite_error,
    is_encrypted,
    sql_errors,
    tighten,
)
from goalcli.storage.saving import Saved, interrupts_held, now_stamp

DISABLE_ENV = "GOALCLI_FULL_PATH"
"""Set (to anything) to send every command down the full path: for bench/run.py and tests."""

# The columns this module's SQL reads and writes, table by table. A database whose tables
# have any other column (a later migration's) is left to the full path, which knows them;
# tests/cli/test_quick_log.py checks these against the SQLModel metadata.
KNOWN_COLUMNS: dict[str, dict[str, str]] = {
    "goal": {
        "id": "INTEGER",
        "title": "VARCHAR",
        "specific": "VARCHAR",
        "measure": "VARCHAR",
        "unit": "VARCHAR",
        "baseline": "FLOAT",
        "target": "FLOAT",
        "relevant": "VARCHAR",
        "confidence": "INTEGER",
        "start_date": "VARCHAR",
        "target_date": "VARCHAR",
        "status": "VARCHAR",
        "frequency": "VARCHAR",
        "kind": "VARCHAR",
    },
    "checkin": {
        "id": "INTEGER",
        "goal_id": "INTEGER",
        "day": "VARCHAR",
        "value": "FLOAT",
        "note": "VARCHAR",
        "created_at": "VARCHAR",
        "updated_at": "VARCHAR",
        "pleasure": "INTEGER",  # ratings (issue 28): the flag form leaves them as they are
        "mastery": "INTEGER",
    },
    "mood": {"day": "VARCHAR", "mood": "INTEGER", "updated_at": "VARCHAR"},
    "goal_change": {
        "id": "INTEGER",
        "goal_id": "INTEGER",
        "day": "VARCHAR",
        "field": "VARCHAR",
        "old_value": "VARCHAR",
        "new_value": "VARCHAR",
        "reason": "VARCHAR",
        "undone_at": "VARCHAR",
        "created_at": "VARCHAR",
        "detail": "VARCHAR",
        "imported_at": "VARCHAR",
    },
    "review": {
        "goal_id": "INTEGER",
        "day": "VARCHAR",
        "gas": "INTEGER",
        "gbo": "INTEGER",
        "member": "VARCHAR",
    },
    "step": {
        "id": "INTEGER",
        "goal_id": "INTEGER",
        "position": "INTEGER",
        "text": "VARCHAR",
        "done_on": "VARCHAR",
    },
    "notice": {"kind": "VARCHAR", "day": "VARCHAR"},
    "measure_schedule": {},
    "excused_day": {"goal_id": "INTEGER"},
}
"""Every table the SQL below names, and the columns it names with their SQLModel types (a Day
is stored as ISO text, VARCHAR). Tables whose every column must be known: FULL_TABLES."""

FULL_TABLES = ("checkin", "mood", "goal_change")
"""The tables this module writes rows of: a column there it does not know (a later migration's,
e.g. a check-in's new field) means giving way, since its rows would lack it."""


@dataclass(frozen=True)
class GoalRow:
    """The goal's fields the check-in and its feedback read (views.standing.GoalFields)."""

    id: int
    title: str
    unit: str
    kind: str
    baseline: float
    target: float
    start_date: date
    target_date: date
    frequency: str
    specific: str
    measure: str
    confidence: int
    relevant: str
    status: str


@dataclass(frozen=True)
class Logged:
    """What the flag form saved, and what its feedback shows."""

    goal: GoalRow
    mood_saved: Saved | None
    saved: Saved
    figures: GoalFigures  # the report's figures of the goal after the save (views.standing)
    steps_done: int
    steps_total: int
    day_value: float | None  # the goal's value on the day after the save
    as_of: date  # the day the figures were read for


class _GiveWay(Exception):
    """This case is the full path's: roll back and let it do the whole command."""


def log_flags(
    path: Path,
    reference: str,
    day: date,
    mood: int | None,
    value: float | None,
    note: str | None,
    *,
    committed: Callable[[], None],
    done: Sequence[int] = (),
) -> Logged | None:
    """Save the flag form's check-in (and the steps `done`, by number) over sqlite3 (or
    SQLCipher's DB-API module); None (nothing written) to give way. `committed` is called right
    after the commit, as Database.write marks it, so an interrupt or a failed output after it is
    never told as nothing saved."""
    if os.environ.get(DISABLE_ENV):
        return None
    if not (reference.isascii() and reference.isdecimal() and len(reference) <= 18):
        return None  # a title, or digits that may be one: find_goal's rules, on the full path
    opened = open_connection(path)
    if opened is None:
        return None
    connection = opened.connection
    gave_way = False
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            logged = _log(connection, int(reference), day, mood, value, note, done)
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        with interrupts_held():  # committed is what it says: an interrupt can't part them
            connection.execute("COMMIT")
            committed()
        return logged
    except _GiveWay:
        gave_way = True
        return None
    except sql_errors() as error:
        _refuse_if_stuck(error, path)
        return None  # anything unforeseen: the full path meets it and words it
    finally:
        opened.close(path, gave_way=gave_way)
        tighten(path)


STUCK = ("locked", "busy", "full", "disk i/o", "readonly", "read-only", "permission")
"""What a SQLite error says when the full path would meet the same obstacle: a lock it has
already waited out (the busy timeout), a full disk, a read-only file."""


def _refuse_if_stuck(error: Exception, path: Path) -> None:
    """Say what the full path says (storage/database.py), instead of waiting a second time."""
    if any(word in str(error).lower() for word in STUCK):
        raise StorageError(describe_sqlite_error(error, path)) from error


@dataclass(frozen=True)
class Opened:
    """The flag form's connection, and the passphrase that keyed it (None: a plain file)."""

    connection: sqlite3.Connection
    passphrase: str | None = None
    version: int = 0

    def close(self, path: Path, *, gave_way: bool) -> None:
        """Close it; but when giving way on an encrypted file, hand the keyed connection to
        the full path (sqlcipher.unlock), which would otherwise ask for the passphrase again
        and derive the key (deliberately slow) a second time. Only in this process's memory."""
        if gave_way and self.passphrase is not None:
            from goalcli.storage.sqlcipher import hand_over

            hand_over(path, self.passphrase, self.connection, self.version)
            return
        self.connection.close()


def open_connection(path: Path) -> Opened | None:
    """The connection the flag form writes through, with the pragmas every connection of the
    full path gets (probe.apply_pragmas); None to give way, having changed nothing.

    A plain goalcli database file at this goalcli's schema: sqlite3's connection. An encrypted
    one: SQLCipher's, unlocked exactly as the full path unlocks it (sqlcipher.unlock: the
    passphrase command, the keyring or a prompt; the same refusals of a wrong passphrase, a
    missing SQLCipher, another program's file), so the key is derived once in the command.
    A symlink, a leftover copy beside the file (a killed encrypt's or restore's, which the full
    path tidies) or anything odd about the file: the full path's."""
    kind = _file_kind(path)
    if kind == "encrypted":
        return _unlocked(path)
    if kind is None:
        return None
    try:
        return Opened(connect(path, None, pragmas=True))
    except sqlite3.Error as error:
        _refuse_if_stuck(error, path)
        return None


def plain_and_current(path: Path) -> bool:
    """A plain goalcli database file at this goalcli's schema, with nothing left beside it
    (what the interactive check-in's early question needs: hot/checkin.py)."""
    return _file_kind(path) == "plain"


def _file_kind(path: Path) -> Literal["plain", "encrypted"] | None:
    """ "plain": a plain goalcli database at this goalcli's schema; "encrypted": a file that may
    be an encrypted one (unlocking tells); None for anything the full path should look at."""
    try:
        if path.is_symlink() or not path.is_file():
            return None
        prefix = f".{path.name}."
        if any(entry.name.startswith(prefix) for entry in os.scandir(path.parent)):
            return None  # a killed encrypt/restore's copy: the full path tidies it
        with path.open("rb") as handle:
            plain = handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
        if plain:
            return "plain" if check_plain_file(path) == schema_version() else None
        return "encrypted" if is_encrypted(path) else None
    except Exception:  # the full path says what is wrong with the file
        return None


def _unlocked(path: Path) -> Opened | None:
    """The encrypted database's keyed connection (GoalErrors as the full path raises them)."""
    from goalcli.storage.passphrase import Passphrases
    from goalcli.storage.sqlcipher import hand_over, unlock

    connection, passphrase, version = unlock(path, Passphrases())
    if version != schema_version():
        hand_over(path, passphrase, connection, version)  # the full path migrates it
        return None
    try:
        apply_pragmas(connection)
    except sql_errors() as error:
        connection.close()
        hand_over(path, passphrase, None, version)
        _refuse_if_stuck(error, path)
        return None
    return Opened(connection, passphrase, version)


def _log(
    db: sqlite3.Connection,
    goal_id: int,
    day: date,
    mood: int | None,
    value: float | None,
    note: str | None,
    done: Sequence[int],
) -> Logged:
    _check_columns(db)
    if db.execute("SELECT count(*) FROM measure_schedule").fetchone()[0]:
        raise _GiveWay  # a questionnaire may be due: commands/log.py says so
    goal = _goal(db, goal_id)
    if goal is None or goal.status != "active" or day < goal.start_date:
        raise _GiveWay  # the full path refuses these in its own words
    if db.execute("SELECT 1 FROM excused_day WHERE goal_id = ? LIMIT 1", (goal.id,)).fetchone():
        raise _GiveWay  # excused days change the streak and strength: the full path's figures
    today = dates.today()
    mood_saved = _save_mood(db, day, mood) if mood is not None else None
    saved = _save_checkin(db, goal, day, value, note)
    _mark_steps_done(db, goal.id, done, day)
    if _safety_note_due(db, today):
        raise _GiveWay  # the note, shown once a day, is the full path's
    day_value = _value_on(db, goal.id, day)
    figures, steps_done, steps_total = _figures(db, goal, today)
    return Logged(goal, mood_saved, saved, figures, steps_done, steps_total, day_value, today)


def _check_columns(db: sqlite3.Connection) -> None:
    # Read again inside the transaction: another goalcli may have migrated it meanwhile.
    if db.execute("PRAGMA user_version").fetchone()[0] != schema_version():
        raise _GiveWay
    for table in FULL_TABLES:
        found = {row[1] for row in db.execute("SELECT * FROM pragma_table_info(?)", (table,))}
        if found != set(KNOWN_COLUMNS[table]):
            raise _GiveWay


def _goal(db: sqlite3.Connection, goal_id: int) -> GoalRow | None:
    row = db.execute(
        "SELECT id, title, unit, kind, baseline, target, start_date, target_date, frequency,"
        " specific, measure, confidence, relevant, status FROM goal WHERE id = ?",
        (goal_id,),
    ).fetchone()
    if row is None:
        return None
    return GoalRow(
        id=row[0],
        title=row[1],
        unit=row[2],
        kind=row[3],
        baseline=row[4],
        target=row[5],
        start_date=date.fromisoformat(row[6]),
        target_date=date.fromisoformat(row[7]),
        frequency=row[8],
        specific=row[9],
        measure=row[10],
        confidence=row[11],
        relevant=row[12],
        status=row[13],
    )


def _record_change(
    db: sqlite3.Connection,
    goal_id: int | None,
    field: str,
    old: str | None,
    new: str | None,
    detail: dict[str, Any],
    day: date | None = None,
) -> None:
    """storage.changes.record_change's row, of `day` (today unless given)."""
    db.execute(
        "INSERT INTO goal_change (goal_id, day, field, old_value, new_value, reason, created_at,"
        " detail) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)",
        (
            goal_id,
            (day or dates.today()).isoformat(),
            field,
            old,
            new,
            now_stamp(),
            json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else None,
        ),
    )


def _save_mood(db: sqlite3.Connection, day: date, mood: int) -> Saved:
    """storage.checkins.save_mood, on SQLite."""
    found = db.execute("SELECT mood FROM mood WHERE day = ?", (day.isoformat(),)).fetchone()
    if found is None:
        db.execute(
            "INSERT INTO mood (day, mood, updated_at) VALUES (?, ?, ?)",
            (day.isoformat(), mood, now_stamp()),
        )
        _record_change(db, None, "mood_logged", None, str(mood), {"date": day.isoformat()})
        return Saved(created=True)
    earlier: int = found[0]
    replaced = earlier if earlier != mood else None
    if replaced is not None:
        _record_change(
            db, None, "mood_replaced", str(replaced), str(mood), {"date": day.isoformat()}
        )
    db.execute(
        "UPDATE mood SET mood = ?, updated_at = ? WHERE day = ?",
        (mood, now_stamp(), day.isoformat()),
    )
    return Saved(created=False, replaced=replaced)


def _save_checkin(
    db: sqlite3.Connection, goal: GoalRow, day: date, value: float | None, note: str | None
) -> Saved:
    """storage.checkins.save_checkin, on SQLite (see there for why each row is written)."""
    stamp = now_stamp()
    existing = db.execute(
        "SELECT id, value, note FROM checkin WHERE goal_id = ? AND day = ?",
        (goal.id, day.isoformat()),
    ).fetchone()
    if existing is None:
        db.execute(
            "INSERT INTO checkin (goal_id, day, value, note, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (goal.id, day.isoformat(), value, note, stamp, stamp),
        )
        _record_change(
            db,
            goal.id,
            "checkin_logged",
            None,
            _value_text(value),
            {"date": day.isoformat(), "note_after": _note_digest(note)},
        )
        return Saved(created=True)
    row_id, before_value, before_note = existing
    new_value, new_note = before_value, before_note
    replaced = None
    added = None
    if value is not None:
        if goal.kind == "weekly_total" and before_value is not None:
            total = round(before_value + value, limits.DECIMALS) + 0.0
            problem = limits.number_problem(total)
            if problem is not None:
                raise InputError(
                    f"Adding {number_text(value)} to the day's {number_text(before_value)} "
                    f"gives a total goalcli cannot keep (it {problem})."
                )
            new_value = total
            added = value
        else:
            if before_value != value:
                replaced = before_value
            new_value = value
    if note is not None:
        new_note = note
    db.execute(
        "UPDATE checkin SET value = ?, note = ?, updated_at = ? WHERE id = ?",
        (new_value, new_note, stamp, row_id),
    )
    detail: dict[str, Any] = {
        "date": day.isoformat(),
        "value": before_value,
        "note": before_note,
        "note_after": _note_digest(new_note),
    }
    if added is not None:
        _record_change(
            db,
            goal.id,
            "checkin_logged",
            _value_text(before_value),
            _value_text(new_value),
            detail | {"added": added},
        )
    elif (new_value, new_note) != (before_value, before_note):
        _record_change(
            db,
            goal.id,
            "checkin_replaced",
            _value_text(before_value),
            _value_text(new_value),
            detail,
        )
    return Saved(created=False, replaced=replaced)


def _mark_steps_done(
    db: sqlite3.Connection, goal_id: int, positions: Sequence[int], day: date
) -> None:
    """storage.steps.mark_steps_done, on SQLite: each step done on `day` (the check-in's),
    recorded for undo; a step already done keeps its first day."""
    for position in positions:
        found = db.execute(
            "SELECT id, text, done_on FROM step WHERE goal_id = ? AND position = ?",
            (goal_id, position),
        ).fetchone()
        if found is None:
            raise _GiveWay  # the full path refuses it, naming the steps there are
        step_id, text, done_on = found
        if done_on is None:
            db.execute("UPDATE step SET done_on = ? WHERE id = ?", (day.isoformat(), step_id))
            _record_change(db, goal_id, "step_done", None, text, {"position": position}, day)


def _note_digest(note: str | None) -> str | None:
    """storage.checkins.note_digest: a digest of the note, never its words."""
    if note is None:
        return None
    return hashlib.sha256(note.encode()).hexdigest()[:16]


def _value_text(value: float | None) -> str | None:
    return number_text(value) if value is not None else None


def _value_on(db: sqlite3.Connection, goal_id: int, day: date) -> float | None:
    found = db.execute(
        "SELECT value FROM checkin WHERE goal_id = ? AND day = ?", (goal_id, day.isoformat())
    ).fetchone()
    return None if found is None else found[0]


def _safety_note_due(db: sqlite3.Connection, today: date) -> bool:
    """Whether commands.log would show the low-mood note now (maybe_show_safety_note)."""
    recent = [
        (date.fromisoformat(day), mood)
        for day, mood in db.execute(
            "SELECT day, mood FROM mood WHERE day <= ? ORDER BY day DESC LIMIT ?",
            (today.isoformat(), safety.LOW_DAYS),
        )
    ]
    if not safety.needs_note(recent, today):
        return False
    shown = db.execute(
        "SELECT 1 FROM notice WHERE kind = ? AND day = ?",
        (safety.NOTICE_KIND, today.isoformat()),
    ).fetchone()
    return shown is None


def _figures(db: sqlite3.Connection, goal: GoalRow, as_of: date) -> tuple[GoalFigures, int, int]:
    """What views.report.goal_entry reads, over sqlite3: the same statements; the command turns
    them into the standing with the same code (views.standing.goal_standing)."""
    bounds = figure_bounds(goal, as_of, None)
    row = db.execute(
        GOAL_FIGURES, figures_parameters(goal.id, as_of, bounds.period_start)
    ).fetchone()
    window = db.execute(GOAL_WINDOW, window_parameters(goal.id, bounds, as_of)).fetchall()
    figures, further = figures_from_rows(
        tuple(row),
        window,
        start=goal.start_date,
        as_of=as_of,
        bounds=bounds,
    )
    if further is not None:  # a run older than the window: counted on in SQL, as the report does
        (more,) = db.execute(
            goal_streak_query("sqlite"),
            streak_parameters(goal.id, goal.start_date, as_of, bounds, further),
        ).fetchone()
        figures = replace(figures, streak=figures.streak + int(more))
    done, total = db.execute(
        "SELECT coalesce(sum(done_on <= ?), 0), count(*) FROM step WHERE goal_id = ?",
        (as_of.isoformat(), goal.id),
    ).fetchone()
    return figures, int(done), int(total)
