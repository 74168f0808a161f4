"""Export and import: one versioned JSON document with everything a person wrote, and a CSV
of check-ins for spreadsheets.

Reading (`export_document`, `checkin_rows`) and writing (`import_document`) speak plain SQL
to the connection of a transaction the caller opened (see store.SqlConnection); what a document
may hold, and the pure check of one before it is imported, are in export_format.py.
`write_csv` turns any iterable of rows into CSV as it goes, so an export never holds the whole
history in memory.

Identities used when merging into a database that already holds data (nothing is duplicated,
nothing already there is changed): an intake is the same when every field matches; a goal when
title and start date match; a step by its goal and position; a check-in and a review by goal and
day; a mood by day; a goal change when all of its fields match. Intakes, goals and changes are
matched one to one (the same answers run twice on one day gives two equal goals, and both come
back); steps, check-ins, reviews and moods are unique by their identity.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Generator, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from goalcli.core import gas, history
from goalcli.core.export_format import (
    CHANGE_FIELDS,
    CHANGE_IDENTITY,
    CHECKIN_FIELDS,
    EXCUSED_FIELDS,
    FORMAT,
    GOAL_FIELDS,
    GOAL_LISTS,
    INTAKE_FIELDS,
    REVIEW_FIELDS,
    SCHEDULE_FIELDS,
    STEP_FIELDS,
    VERSION,
    Document,
    spreadsheet_safe,
)
from goalcli.core.limits import MAX_GOALS, name_form, name_key
from goalcli.core.text import number  # exact, so a round trip changes nothing
from goalcli.errors import InputError
from goalcli.storage.store import SqlConnection

if TYPE_CHECKING:
    from goalcli.storage.store import Store

# The goal table's columns for GOAL_FIELDS, in order: the intake is intake_id, and the GAS guide
# (last in GOAL_FIELDS) is one column per level.
assert GOAL_FIELDS[-1] == "gas_levels"
GOAL_COLUMNS = (
    *("intake_id" if name == "intake" else name for name in GOAL_FIELDS[:-1]),
    *gas.FIELDS,
)

# New columns go at the end (pleasure and mastery came with issue 28): a spreadsheet or script
# reading the older columns by place keeps working.
CSV_COLUMNS = (
    "goal_id",
    "goal_title",
    "unit",
    "day",
    "value",
    "note",
    "mood",
    "pleasure",
    "mastery",
)

# --- what the commands call ------------------------------------------------------------------


def export_json(database: Store | None, exported_at: str) -> dict[str, Any]:
    """The export document of `database`, read in one snapshot (no database: an empty one)."""
    from goalcli.storage.database import sqlite_connection
    from goalcli.storage.migrations import schema_version

    if database is None:
        return empty_document(exported_at, schema_version())
    with database.read() as session:
        return export_document(sqlite_connection(session), exported_at, schema_version())


def display_name(database: Store | None) -> str | None:
    """The profile's display name (`goal profile name`), or None."""
    from goalcli.storage.profiles import display_name as read_display_name

    if database is None:
        return None
    with database.read() as session:
        return read_display_name(session)


@contextmanager
def exported_checkins(database: Store | None) -> Iterator[Generator[tuple[Any, ...]]]:
    """The check-in rows of `database` for a CSV, streamed from one snapshot that stays open
    while the caller writes them (no database: no rows)."""
    from goalcli.storage.database import sqlite_connection

    if database is None:
        yield _no_rows()
        return
    # The rows are closed while the database is still open, also when the reader went away.
    with database.read() as session, closing(checkin_rows(sqlite_connection(session))) as rows:
        yield rows


def _no_rows() -> Generator[tuple[Any, ...]]:
    """No check-ins, as a generator like checkin_rows (it can be closed the same way)."""
    yield from ()


def import_into(database: Store, document: Document, *, replace: bool, stamp: str) -> Counts:
    """Import a validated document into `database` in one write transaction (see
    import_document)."""
    from goalcli.storage.database import sqlite_connection

    with database.write() as session:
        return import_document(sqlite_connection(session), document, replace=replace, stamp=stamp)


# --- export ------------------------------------------------------------------------------------


def empty_document(exported_at: str, schema_version: int) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema_version": schema_version,
        "exported_at": exported_at,
        "intakes": [],
        "goals": [],
        "moods": [],
        "measures": [],
        "mood_changes": [],
        "measure_schedule": [],
        "crisis_line": None,
        "members": [],
        "risk_events": [],
    }


def export_document(
    connection: SqlConnection, exported_at: str, schema_version: int
) -> dict[str, Any]:
    """Everything a person wrote, in a stable order with stable keys (ids as in `goal list`)."""
    document = empty_document(exported_at, schema_version)
    # A check-in or mood logged is carried by the check-in or mood itself; its change record
    # is there only for this database's `goal undo`.
    not_logged = f"field NOT IN ({', '.join(repr(kind) for kind in history.LOGGED_KINDS)})"
    document["intakes"] = [
        dict(zip(INTAKE_FIELDS, row, strict=True))
        for row in connection.execute(f"SELECT {', '.join(INTAKE_FIELDS)} FROM intake ORDER BY id")
    ]
    children: dict[str, dict[int, list[dict[str, Any]]]] = {
        "steps": _grouped(connection, "step", STEP_FIELDS, "position"),
        "checkins": _grouped(connection, "checkin", CHECKIN_FIELDS, "day"),
        "reviews": _grouped(connection, "review", REVIEW_FIELDS, "day, member IS NOT NULL, id"),
        "changes": _grouped(
            connection, "goal_change", CHANGE_FIELDS, "day, created_at, id", not_logged
        ),
        # A day done later (a check-in logged on an excused day) is done, not excused.
        "excused_days": _grouped(
            connection, "excused_day", EXCUSED_FIELDS, "day", EXCUSED_STANDING
        ),
    }
    for row in connection.execute(f"SELECT {', '.join(GOAL_COLUMNS)} FROM goal ORDER BY id"):
        goal = dict(zip(GOAL_FIELDS[:-1], row[: -len(gas.FIELDS)], strict=True))
        goal["gas_levels"] = gas.guide(row[-len(gas.FIELDS) :])
        goal["baseline"], goal["target"] = number(goal["baseline"]), number(goal["target"])
        for name in GOAL_LISTS:
            goal[name] = children[name].get(goal["id"], [])
        document["goals"].append(goal)
    document["moods"] = [
        {"day": day, "mood": mood}
        for day, mood in connection.execute("SELECT day, mood FROM mood ORDER BY day")
    ]
    document["measures"] = measure_records(connection)
    document["mood_changes"] = [
        dict(zip(CHANGE_FIELDS, row, strict=True))
        for row in connection.execute(
            f"SELECT {', '.join(CHANGE_FIELDS)} FROM goal_change WHERE goal_id IS NULL "
            f"AND {not_logged} ORDER BY day, created_at, id"
        )
    ]
    document["measure_schedule"] = [
        dict(zip(SCHEDULE_FIELDS, row, strict=True))
        for row in connection.execute(
            f"SELECT {', '.join(SCHEDULE_FIELDS)} FROM measure_schedule ORDER BY measure"
        )
    ]
    document["crisis_line"] = _crisis_line(connection)
    document["members"] = [
        name for (name,) in connection.execute("SELECT name FROM member ORDER BY id")
    ]
    document["risk_events"] = [
        {
            "measure": which,
            "day": day,
            "answers": [int(part) for part in answers.split(",")],
            "why": why,
        }
        for which, day, answers, why in connection.execute(
            "SELECT measure, day, answers, why FROM risk_event ORDER BY day, measure, id"
        )
    ]
    return document


def _crisis_line(connection: SqlConnection) -> str | None:
    from goalcli.storage.measures import CRISIS_LINE

    row = connection.execute("SELECT value FROM setting WHERE key = ?", (CRISIS_LINE,)).fetchone()
    return None if row is None else str(row[0])


def measure_records(connection: SqlConnection) -> list[dict[str, Any]]:
    """Every questionnaire taken with every answer, and its total's LOINC code where it has one."""
    from goalcli.core.measures import measure

    records = []
    query = "SELECT measure, day, answers, followup, total, risk FROM measure_score ORDER BY day, measure"
    for which, day, answers, followup, total, risk in connection.execute(query):
        records.append(
            {
                "measure": which,
                "day": day,
                "answers": [int(part) for part in answers.split(",")],
                "followup": followup,
                "total": total,
                "risk": bool(risk),
                "loinc": measure(which).loinc or None,
            }
        )
    return records


EXCUSED_STANDING = (
    "NOT EXISTS (SELECT 1 FROM checkin WHERE checkin.goal_id = excused_day.goal_id "
    "AND checkin.day = excused_day.day)"
)
"""The excused days that stand: those whose goal has no check-in that day."""


def _grouped(
    connection: SqlConnection,
    table: str,
    fields: tuple[str, ...],
    order: str,
    where: str = "1 = 1",
) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = {}
    query = (
        f"SELECT goal_id, {', '.join(fields)} FROM {table} WHERE {where} ORDER BY goal_id, {order}"
    )
    for goal_id, *values in connection.execute(query):
        record = dict(zip(fields, values, strict=True))
        if "value" in record:
            record["value"] = number(record["value"])
        grouped.setdefault(goal_id, []).append(record)
    return grouped


def checkin_rows(connection: SqlConnection) -> Generator[tuple[Any, ...]]:
    """Every check-in with its goal, that day's mood and the check-in's pleasure and mastery
    ratings (empty when not rated), one row at a time from SQLite.

    Ordered by (goal_id, day), which the UNIQUE (goal_id, day) index already provides, so
    SQLite streams rows without sorting them in memory first.
    """
    cursor = connection.execute(
        "SELECT c.goal_id, g.title, g.unit, c.day, c.value, c.note, m.mood, c.pleasure, "
        "c.mastery "
        "FROM checkin AS c JOIN goal AS g ON g.id = c.goal_id "
        "LEFT JOIN mood AS m ON m.day = c.day "
        "ORDER BY c.goal_id, c.day"
    )
    try:
        yield from cursor
    finally:
        cursor.close()


def write_csv(rows: Iterable[tuple[Any, ...]], handle: IO[str]) -> int:
    """Write a header and the rows as CSV as they come; returns how many rows were written."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    written = 0
    for goal_id, title, unit, day, value, note, mood, pleasure, mastery in rows:
        writer.writerow(
            (
                goal_id,
                spreadsheet_safe(title),
                spreadsheet_safe(unit),
                day,
                number(value),
                None if note is None else spreadsheet_safe(note),
                mood,
                pleasure,
                mastery,
            )
        )
        written += 1
    return written


# --- import ------------------------------------------------------------------------------------


@dataclass
class Counts:
    """What an import added, and what it skipped because the database already had it."""

    added: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    # Questionnaires of a day this database has too, with other answers: (name, day), for which
    # the file's risk answer was kept as a risk event beside the one here.
    risks_kept: list[tuple[str, str]] = field(default_factory=list)


KINDS = (
    "intakes",
    "goals",
    "steps",
    "checkins",
    "reviews",
    "changes",
    "moods",
    "measures",
    "schedules",
    "settings",
    "risk events",
    "excused days",
)
USER_TABLES = (
    "excused_day",
    "goal_change",
    "review",
    "checkin",
    "step",
    "goal",
    "intake",
    "mood",
    "measure_score",
    "measure_schedule",
    "member",
    "risk_event",
)


def import_document(
    connection: SqlConnection, document: Document, *, replace: bool, stamp: str
) -> Counts:
    """Write a validated document inside the caller's transaction (merge, or wipe and load).

    Ids from the file are kept where the database has no row with that id (always so in an
    empty database), so an export of the result reads the same as the file.
    """
    counts = Counts()
    connection.one_import_at_a_time()
    if replace:
        from goalcli.storage.measures import CRISIS_LINE

        for table in USER_TABLES:
            connection.execute(f"DELETE FROM {table}")
        # Only the settings an export carries: one added later and not exported stays.
        connection.execute("DELETE FROM setting WHERE key = ?", (CRISIS_LINE,))

    # Rows already there before this import, by identity; each matches at most one row of the
    # file, so a history holding the same intake twice (the same answers file run twice on one
    # day) comes back with both.
    intake_columns = ", ".join(INTAKE_FIELDS[1:])
    earlier_intakes = _by_identity(connection, f"SELECT id, {intake_columns} FROM intake")
    earlier_goals: dict[tuple[Any, ...], list[int]] = {}
    for (title, start), ids in _by_identity(
        connection, "SELECT id, title, start_date FROM goal"
    ).items():
        # Titles in the name form the file's are in: one stored by an earlier goalcli
        # decomposed ("José" as "e" and an accent) is the same goal.
        earlier_goals.setdefault((name_form(title), start), []).extend(ids)
    # A member of the file already here under another spelling of the name keeps this one.
    spelling = {name_key(name): name for (name,) in connection.execute("SELECT name FROM member")}

    intake_ids: dict[int, int] = {}
    for intake in document.intakes:
        matches = earlier_intakes.get(tuple(intake[name] for name in INTAKE_FIELDS[1:]))
        if matches:
            intake_ids[intake["id"]] = matches.pop(0)
            counts.skipped["intakes"] += 1
            continue
        intake_ids[intake["id"]] = _insert(connection, "intake", INTAKE_FIELDS, intake)
        counts.added["intakes"] += 1

    for goal in document.goals:
        matches = earlier_goals.get((goal["title"], goal["start_date"]))
        if matches:
            goal_id = matches.pop(0)
            counts.skipped["goals"] += 1
        else:
            row = dict(goal, intake_id=intake_ids.get(goal["intake"]) if goal["intake"] else None)
            row |= dict(
                zip(gas.FIELDS, goal["gas_levels"] or [None] * len(gas.FIELDS), strict=True)
            )
            goal_id = _insert(connection, "goal", GOAL_COLUMNS, row)
            counts.added["goals"] += 1
        _merge_children(connection, goal_id, goal, counts, stamp, spelling)

    have = {row[0] for row in connection.execute("SELECT day FROM mood")}
    fresh = [mood for mood in document.moods if mood["day"] not in have]
    connection.executemany(
        "INSERT INTO mood (day, mood, updated_at) VALUES (?, ?, ?)",
        [(mood["day"], mood["mood"], stamp) for mood in fresh],
    )
    counts.added["moods"] += len(fresh)
    counts.skipped["moods"] += len(document.moods) - len(fresh)
    _merge_measures(connection, document, counts, stamp)
    _merge_risk_events(connection, document, counts, stamp)
    _merge_changes(connection, None, document.mood_changes, counts, stamp)
    _merge_schedule_and_crisis_line(connection, document, counts)
    connection.executemany(
        "INSERT INTO member (name) VALUES (?)",
        [(name,) for name in document.members if name_key(name) not in spelling],
    )
    connection.realign_ids()  # a server's id sequences follow the ids written here
    (total,) = connection.execute("SELECT count(*) FROM goal").fetchone()
    if total > MAX_GOALS:  # raised inside the caller's transaction: nothing is kept
        raise InputError(
            f"Merged with the goals already here, this import would make {total} goals; "
            f"a database keeps at most {MAX_GOALS}. Nothing was imported."
        )
    return counts


def _merge_measures(
    connection: SqlConnection, document: Document, counts: Counts, stamp: str
) -> None:
    """Questionnaires by (measure, day): one already taken that day is kept as it is."""
    from goalcli.core.measures import measure

    have = {
        (which, day): answers
        for which, day, answers in connection.execute(
            "SELECT measure, day, answers FROM measure_score"
        )
    }
    for taken in document.measures:
        scored = measure(taken["measure"])
        answers = taken["answers"]
        here = have.get((taken["measure"], taken["day"]))
        if here is not None:
            counts.skipped["measures"] += 1
            # The day's answers here stay; the file's risk answer is never dropped.
            text = ",".join(str(answer) for answer in answers)
            if here != text and scored.risk(answers):
                _keep_risk(connection, taken["measure"], taken["day"], text, "imported", stamp)
                counts.risks_kept.append((scored.name, taken["day"]))
            continue
        connection.execute(
            "INSERT INTO measure_score (measure, day, answers, total, followup, risk, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                taken["measure"],
                taken["day"],
                ",".join(str(answer) for answer in answers),
                scored.total(answers),
                taken["followup"],
                int(scored.risk(answers)),
                stamp,
            ),
        )
        counts.added["measures"] += 1


def _keep_risk(
    connection: SqlConnection, which: str, day: str, answers: str, why: str, stamp: str
) -> bool:
    """A risk event, unless this one is kept already; whether it was added."""
    known = connection.execute(
        "SELECT 1 FROM risk_event WHERE measure = ? AND day = ? AND answers = ?",
        (which, day, answers),
    ).fetchone()
    if known is None:
        connection.execute(
            "INSERT INTO risk_event (measure, day, answers, recorded_at, why) "
            "VALUES (?, ?, ?, ?, ?)",
            (which, day, answers, stamp, why),
        )
    return known is None


def _merge_risk_events(
    connection: SqlConnection, document: Document, counts: Counts, stamp: str
) -> None:
    for event in document.risk_events:
        text = ",".join(str(answer) for answer in event["answers"])
        added = _keep_risk(connection, event["measure"], event["day"], text, event["why"], stamp)
        _count(counts, "risk events", int(added), 1)


def _merge_schedule_and_crisis_line(
    connection: SqlConnection, document: Document, counts: Counts
) -> None:
    """A measure scheduled here keeps its schedule, and a crisis line set here stays; the
    file's fill in only what is missing."""
    from goalcli.storage.measures import CRISIS_LINE

    have = {row[0] for row in connection.execute("SELECT measure FROM measure_schedule")}
    fresh = [item for item in document.measure_schedule if item["measure"] not in have]
    connection.executemany(
        f"INSERT INTO measure_schedule ({', '.join(SCHEDULE_FIELDS)}) VALUES (?, ?, ?)",
        [tuple(item[name] for name in SCHEDULE_FIELDS) for item in fresh],
    )
    _count(counts, "schedules", len(fresh), len(document.measure_schedule))
    if document.crisis_line is not None:
        added = _crisis_line(connection) is None
        if added:
            connection.execute(
                "INSERT INTO setting (key, value) VALUES (?, ?)",
                (CRISIS_LINE, document.crisis_line),
            )
        _count(counts, "settings", int(added), 1)


def _by_identity(connection: SqlConnection, query: str) -> dict[tuple[Any, ...], list[int]]:
    """Ids of existing rows grouped by the rest of the selected columns, in id order."""
    grouped: dict[tuple[Any, ...], list[int]] = {}
    for row_id, *identity in connection.execute(f"{query} ORDER BY id"):
        grouped.setdefault(tuple(identity), []).append(row_id)
    return grouped


def _insert(
    connection: SqlConnection, table: str, columns: tuple[str, ...], row: dict[str, Any]
) -> int:
    """Insert keeping the file's id when it is free; return the row's id."""
    taken = connection.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row["id"],)).fetchone()
    # A taken id gives way to the next after the largest, as SQLite would number the row; chosen
    # here so that both engines give the same ids.
    row_id = row["id"]
    if taken:
        (row_id,) = connection.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()
    values = [row_id, *(row[name] for name in columns[1:])]
    connection.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        values,
    )
    return int(row_id)


def _merge_children(
    connection: SqlConnection,
    goal_id: int,
    goal: dict[str, Any],
    counts: Counts,
    stamp: str,
    spelling: dict[str, str],
) -> None:
    def existing(sql: str) -> set[Any]:
        return {row[0] for row in connection.execute(sql, (goal_id,))}

    positions = existing("SELECT position FROM step WHERE goal_id = ?")
    steps = [step for step in goal["steps"] if step["position"] not in positions]
    connection.executemany(
        f"INSERT INTO step (goal_id, {', '.join(STEP_FIELDS)}) "
        f"VALUES ({', '.join('?' * (len(STEP_FIELDS) + 1))})",
        [(goal_id, *(step[name] for name in STEP_FIELDS)) for step in steps],
    )
    _count(counts, "steps", len(steps), len(goal["steps"]))

    days = existing("SELECT day FROM checkin WHERE goal_id = ?")
    checkins = [checkin for checkin in goal["checkins"] if checkin["day"] not in days]
    connection.executemany(
        f"INSERT INTO checkin (goal_id, {', '.join(CHECKIN_FIELDS)}, created_at, updated_at) "
        f"VALUES ({', '.join('?' * (len(CHECKIN_FIELDS) + 3))})",
        [(goal_id, *(c[name] for name in CHECKIN_FIELDS), stamp, stamp) for c in checkins],
    )
    _count(counts, "checkins", len(checkins), len(goal["checkins"]))

    # A day is done or excused, never both: a day with a check-in here stays done.
    taken = existing("SELECT day FROM excused_day WHERE goal_id = ?") | existing(
        "SELECT day FROM checkin WHERE goal_id = ?"
    )
    excused = [entry for entry in goal["excused_days"] if entry["day"] not in taken]
    connection.executemany(
        "INSERT INTO excused_day (goal_id, day, reason, created_at) VALUES (?, ?, ?, ?)",
        [(goal_id, entry["day"], entry["reason"], stamp) for entry in excused],
    )
    _count(counts, "excused days", len(excused), len(goal["excused_days"]))

    rated = {
        (day, None if member is None else name_key(member))
        for day, member in connection.execute(
            "SELECT day, member FROM review WHERE goal_id = ?", (goal_id,)
        )
    }
    reviews = [
        dict(
            r,
            member=None
            if r["member"] is None
            else spelling.get(name_key(r["member"]), r["member"]),
        )
        for r in goal["reviews"]
        if (r["day"], None if r["member"] is None else name_key(r["member"])) not in rated
    ]
    connection.executemany(
        f"INSERT INTO review (goal_id, {', '.join(REVIEW_FIELDS)}, created_at, updated_at) "
        f"VALUES ({', '.join('?' * (len(REVIEW_FIELDS) + 3))})",
        [(goal_id, *(r[name] for name in REVIEW_FIELDS), stamp, stamp) for r in reviews],
    )
    _count(counts, "reviews", len(reviews), len(goal["reviews"]))

    _merge_changes(connection, goal_id, goal["changes"], counts, stamp)


def _merge_changes(
    connection: SqlConnection,
    goal_id: int | None,
    changes: list[dict[str, Any]],
    counts: Counts,
    stamp: str,
) -> None:
    """A goal's changes (goal_id None: the moods'). Changes may repeat exactly, so they are
    matched as a multiset, by what they changed (CHANGE_IDENTITY: not whether one was undone
    since, so a change undone here is not brought back as a new one): only the surplus is added."""
    mine = "goal_id IS NULL" if goal_id is None else "goal_id = ?"
    already = Counter(
        tuple(row)
        for row in connection.execute(
            f"SELECT {', '.join(CHANGE_IDENTITY)} FROM goal_change WHERE {mine}",
            () if goal_id is None else (goal_id,),
        )
    )
    fresh = []
    for change in changes:
        identity = tuple(change[name] for name in CHANGE_IDENTITY)
        if already[identity] > 0:
            already[identity] -= 1
        else:
            fresh.append(tuple(change[name] for name in CHANGE_FIELDS))
    # Marked as brought in: history here, never the next thing `goal undo` takes.
    connection.executemany(
        f"INSERT INTO goal_change (goal_id, {', '.join(CHANGE_FIELDS)}, imported_at) "
        f"VALUES ({', '.join('?' * (len(CHANGE_FIELDS) + 2))})",
        [(goal_id, *change, stamp) for change in fresh],
    )
    _count(counts, "changes", len(fresh), len(changes))


def _count(counts: Counts, kind: str, added: int, total: int) -> None:
    counts.added[kind] += added
    counts.skipped[kind] += total - added
