"""Profiles as files: opened read-only for listings and the caseload, renamed, removed.

Nothing here creates or migrates a database: a listing must never change what it lists.
Settings kept inside a profile (display name, review interval) live in `profile_detail`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from goalcli.errors import InputError, StorageError, quote

if TYPE_CHECKING:
    from sqlmodel import Session

    from goalcli.storage.server import PortableConnection

    # A profile read as it is: a SQLite file's connection, or a server schema's (Snapshot).
    Reader = sqlite3.Connection | PortableConnection

DEFAULT_REVIEW_EVERY = 14
LOCKED = "locked"
NOT_READABLE = "not readable"


class Unopened(Exception):
    """A profile that could not be opened read-only; `reason` is LOCKED or NOT_READABLE."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the goalcli database `path`, closed afterwards.

    An encrypted one is opened only with its passphrase command, never a prompt per profile:
    without one it is Unopened(LOCKED); a file that is not a goalcli database we can read is
    Unopened(NOT_READABLE)."""
    from goalcli.storage.database import check_database_file
    from goalcli.storage.passphrase import from_command
    from goalcli.storage.probe import connect, is_encrypted, sql_errors
    from goalcli.storage.sqlcipher import WrongPassphrase, open_encrypted

    try:
        if path.is_file() and is_encrypted(path):
            passphrase = from_command(path)
            if passphrase is None:
                raise Unopened(LOCKED)
            try:
                connection, _ = open_encrypted(path, passphrase, read_only=True)
            except WrongPassphrase:  # the command gives another profile's passphrase
                raise Unopened(LOCKED) from None
        else:
            check_database_file(path)
            connection = connect(path, None, read_only=True)
    except (StorageError, *sql_errors()):  # type: ignore[misc]  # mypy can't see a built tuple
        raise Unopened(NOT_READABLE) from None
    try:
        yield connection
    finally:
        connection.close()


def has_table(connection: Reader, table: str) -> bool:
    """Whether an (older, unmigrated) database has `table`: read-only views never migrate."""
    return bool(columns(connection, table))


def columns(connection: Reader, table: str) -> set[str]:
    """The columns of `table` (none when there is no such table), on either engine."""
    from goalcli.storage.server import PortableConnection

    if isinstance(connection, PortableConnection):
        return connection.columns(table)
    # sqlite3's, or SQLCipher's for an encrypted file (not a sqlite3.Connection).
    return {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}


def details(connection: Reader) -> tuple[str | None, int]:
    """The profile's display name and review interval in days (defaults when never set)."""
    if not has_table(connection, "profile_detail"):
        return None, DEFAULT_REVIEW_EVERY
    row = connection.execute(
        "SELECT display_name, review_every FROM profile_detail WHERE id = 1"
    ).fetchone()
    if row is None:
        return None, DEFAULT_REVIEW_EVERY
    return row[0], int(row[1])


def contents(connection: Reader) -> dict[str, object]:
    """What a database holds, in the words a person recognises it by: its goals, the therapy
    type of its intake, and the days its check-ins span."""
    # A day with only a mood is a check-in too.
    goals, first, last = connection.execute(
        "SELECT (SELECT count(*) FROM goal), "
        "(SELECT min(day) FROM (SELECT min(day) AS day FROM checkin "
        "                       UNION ALL SELECT min(day) FROM mood) AS firsts), "
        "(SELECT max(day) FROM (SELECT max(day) AS day FROM checkin "
        "                       UNION ALL SELECT max(day) FROM mood) AS lasts)"
    ).fetchone()
    intake = connection.execute(
        "SELECT therapy_type FROM intake ORDER BY id DESC LIMIT 1"
    ).fetchone()
    display_name, review_every = details(connection)
    return {
        "display_name": display_name,
        "therapy_type": intake[0] if intake else None,
        "goals": int(goals),
        "first_checkin": first,
        "last_checkin": last,
        "review_every": review_every,
    }


def not_described(size_bytes: int) -> dict[str, object]:
    """A profile's description before its contents are read (they stay None if it can't be)."""
    return {
        "display_name": None,
        "therapy_type": None,
        "goals": None,
        "first_checkin": None,
        "last_checkin": None,
        "review_every": None,
        "size_bytes": size_bytes,
        "problem": None,
    }


def describe(path: Path) -> dict[str, object]:
    """`contents` of the database at `path`, read-only, plus its size and `problem` (None, or
    LOCKED / NOT_READABLE with the contents left None)."""
    described = not_described(path.stat().st_size)
    from goalcli.storage.probe import sql_errors

    try:
        with read_only(path) as connection:
            described.update(contents(connection))
    except Unopened as unopened:
        described["problem"] = unopened.reason
    except sql_errors():
        described["problem"] = NOT_READABLE
    return described


def review_interval(session: Session) -> int:
    """The profile's review interval in days, from an open (migrated) database."""
    from sqlalchemy import text

    row = session.execute(text("SELECT review_every FROM profile_detail WHERE id = 1")).first()
    return DEFAULT_REVIEW_EVERY if row is None else int(row[0])


def display_name(session: Session) -> str | None:
    """The profile's display name ("Alex R."), from an open (migrated) database; None unset."""
    from sqlalchemy import text

    row = session.execute(text("SELECT display_name FROM profile_detail WHERE id = 1")).first()
    return None if row is None else row[0]


def save_details(session: Session, *, display_name: str | None, review_every: int | None) -> None:
    """Set the display name ("" clears it) and/or review interval, inside the caller's
    transaction; what is None stays as it was."""
    from sqlalchemy import text

    session.execute(text("INSERT INTO profile_detail (id) VALUES (1) ON CONFLICT DO NOTHING"))
    if display_name is not None:
        session.execute(
            text("UPDATE profile_detail SET display_name = :name WHERE id = 1"),
            {"name": display_name or None},
        )
    if review_every is not None:
        session.execute(
            text("UPDATE profile_detail SET review_every = :days WHERE id = 1"),
            {"days": review_every},
        )


def companions(path: Path) -> tuple[Path, Path, Path]:
    """A database file and the -wal and -shm files SQLite keeps beside it."""
    return path, Path(f"{path}-wal"), Path(f"{path}-shm")


def rename(old: Path, new: Path, passphrase: str | None = None) -> None:
    """Move the profile database `old` to `new` (which must not exist): checkpointed first so
    that nothing is left in a -wal beside the old name, then linked (never overwriting) and the
    old name removed. Refused while another program holds it."""
    from goalcli.storage.backup import sync_dir
    from goalcli.storage.probe import connect, describe_sqlite_error, sql_errors

    if new.exists():
        raise InputError(f"A profile named {quote(new.stem)} already exists; nothing was changed.")
    try:
        connection = connect(old, passphrase)
        try:
            busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            connection.close()
    except sql_errors() as error:
        raise StorageError(describe_sqlite_error(error, old)) from error
    if busy:
        raise StorageError(
            f"The profile {quote(old.stem)} is in use by another program; close it and try again."
        )
    try:
        os.link(old, new)
    except FileExistsError:
        raise InputError(
            f"A profile named {quote(new.stem)} already exists; nothing was changed."
        ) from None
    except OSError as error:
        raise StorageError(f"Can't rename the profile ({error.strerror}).") from None
    for leftover in companions(old):
        leftover.unlink(missing_ok=True)
    sync_dir(new.parent)


def remove(path: Path) -> None:
    """Delete the profile database and its companions."""
    from goalcli.storage.backup import sync_dir

    try:
        for part in companions(path):
            part.unlink(missing_ok=True)
    except OSError as error:
        raise StorageError(f"Can't remove {path} ({error.strerror}).") from None
    sync_dir(path.parent)


def caseload_facts(connection: Reader, today: date) -> dict[str, Any]:
    """What the caseload shows of one profile, read in a few indexed queries (no ORM: fifty
    profiles must cost little more than one): the facts core.caseload judges, and the GAS
    T-score of the latest review with each active goal's GBO change (a couple's or family's
    from each member's own ratings when the goal has no shared one)."""
    from goalcli.core import signals

    as_of = today.isoformat()
    display_name, review_every = details(connection)
    intake = connection.execute(
        "SELECT therapy_type FROM intake ORDER BY id DESC LIMIT 1"
    ).fetchone()
    last_checkin = connection.execute(
        "SELECT max(day) FROM (SELECT max(day) AS day FROM checkin WHERE day <= ? "
        "UNION ALL SELECT max(day) FROM mood WHERE day <= ?) AS latest",
        (as_of, as_of),
    ).fetchone()[0]
    read = _ProfileRead(
        connection,
        today,
        # Before m010 there were no members' own ratings: every review was the shared rating.
        review_member="member" if "member" in columns(connection, "review") else "NULL",
        excused_kept=has_table(connection, "excused_day"),  # since m012 (issue 28)
    )
    # Before m004 every goal was a reading.
    kind = "kind" if "kind" in columns(connection, "goal") else "'reading'"
    active = connection.execute(
        f"SELECT id, title, {kind}, baseline, target, start_date, target_date FROM goal "
        "WHERE status = 'active' ORDER BY id"
    ).fetchall()
    judged = _GoalsJudged(signals=measure_signals(connection, as_of))
    for goal in active:
        _judge_goal(read, goal, judged)
    last_review = connection.execute(
        "SELECT max(day) FROM review WHERE day <= ?", (as_of,)
    ).fetchone()[0]
    started = min((date.fromisoformat(goal[5]) for goal in active), default=None)
    quiet_since = last_checkin or (started.isoformat() if started else as_of)
    return {
        "display_name": display_name,
        "therapy_type": intake[0] if intake else None,
        "review_every": review_every,
        "last_checkin": last_checkin,
        "moods": _last_moods(connection, as_of),
        "statuses": judged.statuses,
        "unknown": judged.unknown,
        "gbo": judged.gbo,
        "gbo_changes": judged.gbo_changes,
        "last_review": last_review,
        "gas_t_score": _gas_t_score(read, last_review),
        "started": started,
        "excused": _excused_since(read, quiet_since),
        "measures": measure_facts(connection, as_of),
        "signals": [signal.as_json() for signal in signals.ordered(judged.signals)],
    }


@dataclass(frozen=True)
class _ProfileRead:
    """One profile read for the caseload on `today`, with what its schema version holds."""

    connection: Reader
    today: date
    review_member: str
    """The review's member column, or NULL (before m010)."""
    excused_kept: bool
    """Whether the profile has excused days (the table came with m012)."""

    @property
    def as_of(self) -> str:
        return self.today.isoformat()


@dataclass
class _GoalsJudged:
    """What the caseload gathers over the active goals, one goal at a time."""

    signals: list[Any]
    statuses: list[str] = field(default_factory=list)
    unknown: list[dict[str, Any]] = field(default_factory=list)
    """The goals too thin to judge, with their days known."""
    gbo: list[dict[str, Any]] = field(default_factory=list)
    gbo_changes: list[int | None] = field(default_factory=list)
    """Per goal, its lowest rater's change."""


def _last_moods(connection: Reader, as_of: str) -> list[tuple[date, int]]:
    """The last seven moods up to as_of, newest first."""
    return [
        (date.fromisoformat(day), int(mood))
        for day, mood in connection.execute(
            "SELECT day, mood FROM mood WHERE day <= ? ORDER BY day DESC LIMIT 7", (as_of,)
        )
    ]


def _judge_goal(read: _ProfileRead, goal: Any, judged: _GoalsJudged) -> None:
    """One active goal's standing, signals and GBO changes, added to `judged`."""
    from goalcli.core import caseload, signals
    from goalcli.core.progress import levels

    goal_id, title, goal_kind, baseline, target, start, target_date = goal
    kind = levels.as_kind(goal_kind)
    goal_start = date.fromisoformat(start)
    lookback_first = read.today - timedelta(
        days=levels.WEEK_DAYS * signals.LOOKBACK_WEEKS + levels.READING_WINDOW_DAYS
    )
    # The goal's excused days (`goal skip`): its week is judged over the others.
    excused = _goal_excused_days(read, goal_id, lookback_first)
    standing = levels.standing(
        kind,
        _standing_readings(read, goal_id),
        baseline,
        target,
        goal_start,
        date.fromisoformat(target_date),
        read.today,
        excused,
    )
    judged.statuses.append(standing.status)
    judged.signals += signals.goal_signals(
        title,
        kind,
        _readings_between(read, goal_id, max(goal_start, lookback_first).isoformat()),
        baseline=baseline,
        target=target,
        start=goal_start,
        target_date=date.fromisoformat(target_date),
        as_of=read.today,
        goal_id=goal_id,
        excused=excused,
    )
    if standing.status == levels.UNKNOWN:
        judged.unknown.append(
            {
                "goal": title,
                "days_known": standing.level.days_known,
                "days_counted": standing.level.days_counted,
                "days_excused": standing.level.days_excused,
            }
        )
    rated = read.connection.execute(
        f"SELECT {read.review_member}, gbo FROM review WHERE goal_id = ? AND day <= ? "
        "AND gbo IS NOT NULL ORDER BY day",
        (goal_id, read.as_of),
    ).fetchall()
    changes = caseload.gbo_by_rater([(rater, int(rating)) for rater, rating in rated])
    judged.gbo += [{"goal": title, "member": rater, "change": change} for rater, change in changes]
    judged.gbo_changes.append(caseload.lowest_change(changes))


def _goal_excused_days(read: _ProfileRead, goal_id: int, first: date) -> set[date]:
    """The goal's excused days from `first` on that have no check-in (one given counts)."""
    if not read.excused_kept:
        return set()
    return {
        date.fromisoformat(day)
        for (day,) in read.connection.execute(
            "SELECT day FROM excused_day WHERE goal_id = ? AND day BETWEEN ? AND ? "
            "AND NOT EXISTS (SELECT 1 FROM checkin WHERE checkin.goal_id = "
            "excused_day.goal_id AND checkin.day = excused_day.day)",
            (goal_id, first.isoformat(), read.as_of),
        )
    }


def _readings_between(read: _ProfileRead, goal_id: int, first: str) -> list[tuple[date, float]]:
    """The goal's check-ins with a value from `first` to as_of, oldest first."""
    return [
        (date.fromisoformat(day), float(value))
        for day, value in read.connection.execute(
            "SELECT day, value FROM checkin WHERE goal_id = ? AND value IS NOT NULL "
            "AND day BETWEEN ? AND ? ORDER BY day",
            (goal_id, first, read.as_of),
        )
    ]


def _standing_readings(read: _ProfileRead, goal_id: int) -> list[tuple[date, float]]:
    """The readings the goal's standing is judged from: those of its reading window, else its
    latest reading before it (none: the standing is unknown)."""
    from goalcli.core.progress import levels

    window_first = read.today - timedelta(days=levels.READING_WINDOW_DAYS - 1)
    readings = _readings_between(read, goal_id, window_first.isoformat())
    if readings:
        return readings
    latest = read.connection.execute(
        "SELECT day, value FROM checkin WHERE goal_id = ? AND value IS NOT NULL "
        "AND day <= ? ORDER BY day DESC LIMIT 1",
        (goal_id, read.as_of),
    ).fetchone()
    return [(date.fromisoformat(latest[0]), float(latest[1]))] if latest else []


def _gas_t_score(read: _ProfileRead, last_review: str | None) -> float | None:
    """The GAS T-score of the latest review day (None with no review)."""
    from goalcli.core.progress import review_scores

    if last_review is None:
        return None
    # A couple's or family's goals count at the mean of their members' levels.
    return review_scores.mean_level_t_score(
        review_scores.levels_by_goal(
            read.connection.execute(
                f"SELECT goal_id, {read.review_member}, gas, weight FROM review "
                "WHERE day = ? AND gas IS NOT NULL",
                (last_review,),
            )
        )
    )


def _excused_since(read: _ProfileRead, quiet_since: str) -> list[date]:
    """The days after quiet_since excused for an active goal: not silences (core.caseload)."""
    if not read.excused_kept:
        return []
    return [
        date.fromisoformat(day)
        for (day,) in read.connection.execute(
            "SELECT DISTINCT excused_day.day FROM excused_day "
            "JOIN goal ON goal.id = excused_day.goal_id "
            "WHERE goal.status = 'active' AND excused_day.day > ? AND excused_day.day <= ? "
            "ORDER BY excused_day.day",
            (quiet_since, read.as_of),
        )
    ]


def measure_signals(connection: Reader, as_of: str) -> list[Any]:
    """The questionnaire signals (core.signals) from every score up to as_of; none for a
    database from before questionnaires."""
    from goalcli.core import signals
    from goalcli.core.measures import Taken, measure

    if not has_table(connection, "measure_score"):
        return []
    taken: dict[str, list[Taken]] = {}
    for measure_id, day, total in connection.execute(
        "SELECT measure, day, total FROM measure_score WHERE day <= ? ORDER BY measure, day",
        (as_of,),
    ):
        taken.setdefault(measure_id, []).append(Taken(date.fromisoformat(day), int(total)))
    found: list[Any] = []
    for measure_id, scores in taken.items():
        found += signals.measure_signals(measure(measure_id), scores)
    return found


def measure_facts(connection: Reader, as_of: str) -> list[dict[str, Any]]:
    """Each questionnaire's latest score and band, and the days its risk item was answered
    above 0, oldest first (storage.measures.latest_scores_and_risks, read without the ORM).
    Empty for a database from before questionnaires (the caseload never migrates one)."""
    from goalcli.core.measures import measure

    if not has_table(connection, "measure_score"):
        return []
    latest: dict[str, dict[str, Any]] = {}
    for measure_id, day, total, risk in connection.execute(
        "SELECT measure, day, total, risk FROM measure_score WHERE day <= ? ORDER BY measure, day",
        (as_of,),
    ):
        entry = latest.setdefault(measure_id, {"measure": measure_id, "risk": []})
        entry.update({"date": day, "total": total, "band": measure(measure_id).band(total)})
        if risk:
            entry["risk"].append(day)
    if has_table(connection, "risk_event"):  # risk answers replaced since, or met on import
        for measure_id, day in connection.execute(
            "SELECT DISTINCT measure, day FROM risk_event WHERE day <= ?", (as_of,)
        ):
            if measure_id in latest:
                risks = latest[measure_id]["risk"]
                risks[:] = sorted({*risks, day})
    return list(latest.values())
