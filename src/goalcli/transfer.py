"""Export and import: one versioned JSON document with everything a person wrote, and a CSV
of check-ins for spreadsheets.

Three layers, so each can be tested alone:
- reading (`export_document`, `checkin_rows`) and writing (`import_document`) speak plain SQL
  to the sqlite3 connection of a transaction the caller opened (see db.Database);
- `validate` is pure: it checks a whole parsed document and returns it normalised, or raises
  InputError naming the first bad field by its path (`goals[1].checkins[3].day`, counted from 1);
- `write_csv` turns any iterable of rows into CSV as it goes, so an export never holds the
  whole history in memory.

Identities used when merging into a database that already holds data (nothing is duplicated,
nothing already there is changed): an intake is the same when every field matches; a goal when
title and start date match; a step by its goal and position; a check-in and a review by goal and
day; a mood by day; a goal change when all of its fields match. Intakes, goals and changes are
matched one to one (the same answers run twice on one day gives two equal goals, and both come
back); steps, check-ins, reviews and moods are unique by their identity.
"""

from __future__ import annotations

import csv
import math
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from goalcli.errors import InputError, quote
from goalcli.history import STATUSES as GOAL_STATUSES
from goalcli.plan import THERAPY_TYPES, check_frequency

FORMAT = "goalcli-export"
VERSION = 1

INTAKE_FIELDS = (
    "id",
    "therapy_type",
    "expectations",
    "obstacles",
    "success_feels_like",
    "motivations",
    "support_contact",
    "created_on",
)
GOAL_FIELDS = (
    "id",
    "intake",
    "title",
    "specific",
    "measure",
    "unit",
    "baseline",
    "target",
    "relevant",
    "confidence",
    "frequency",
    "weight",
    "start_date",
    "target_date",
    "status",
    "created_at",
)
GOAL_LISTS = ("steps", "checkins", "reviews", "changes")
STEP_FIELDS = ("position", "text", "due_on", "done_on")
CHECKIN_FIELDS = ("day", "value", "note")
REVIEW_FIELDS = ("day", "gas", "gbo", "weight", "helped", "hindered", "next_step", "note")
CHANGE_FIELDS = ("day", "field", "old_value", "new_value", "reason", "created_at")
MOOD_FIELDS = ("day", "mood")
TOP_FIELDS = ("format", "version", "schema_version", "exported_at", "intakes", "goals", "moods")

CSV_COLUMNS = ("goal_id", "goal_title", "unit", "day", "value", "note", "mood")

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MAX_ID = 2**62


# --- export ------------------------------------------------------------------------------------


def number(value: float | None) -> int | float | None:
    """A stored REAL as a person writes it (30, not 30.0); exact, so a round trip changes nothing."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def empty_document(exported_at: str, schema_version: int) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema_version": schema_version,
        "exported_at": exported_at,
        "intakes": [],
        "goals": [],
        "moods": [],
    }


def export_document(
    connection: sqlite3.Connection, exported_at: str, schema_version: int
) -> dict[str, Any]:
    """Everything a person wrote, in a stable order with stable keys (ids as in `goal list`)."""
    document = empty_document(exported_at, schema_version)
    document["intakes"] = [
        dict(zip(INTAKE_FIELDS, row, strict=True))
        for row in connection.execute(f"SELECT {', '.join(INTAKE_FIELDS)} FROM intake ORDER BY id")
    ]
    children: dict[str, dict[int, list[dict[str, Any]]]] = {
        "steps": _grouped(connection, "step", STEP_FIELDS, "position"),
        "checkins": _grouped(connection, "checkin", CHECKIN_FIELDS, "day"),
        "reviews": _grouped(connection, "review", REVIEW_FIELDS, "day"),
        "changes": _grouped(connection, "goal_change", CHANGE_FIELDS, "day, created_at, id"),
    }
    columns = ["intake_id" if name == "intake" else name for name in GOAL_FIELDS]
    for row in connection.execute(f"SELECT {', '.join(columns)} FROM goal ORDER BY id"):
        goal = dict(zip(GOAL_FIELDS, row, strict=True))
        goal["baseline"], goal["target"] = number(goal["baseline"]), number(goal["target"])
        for name in GOAL_LISTS:
            goal[name] = children[name].get(goal["id"], [])
        document["goals"].append(goal)
    document["moods"] = [
        {"day": day, "mood": mood}
        for day, mood in connection.execute("SELECT day, mood FROM mood ORDER BY day")
    ]
    return document


def _grouped(
    connection: sqlite3.Connection, table: str, fields: tuple[str, ...], order: str
) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = {}
    query = f"SELECT goal_id, {', '.join(fields)} FROM {table} ORDER BY goal_id, {order}"
    for goal_id, *values in connection.execute(query):
        record = dict(zip(fields, values, strict=True))
        if "value" in record:
            record["value"] = number(record["value"])
        grouped.setdefault(goal_id, []).append(record)
    return grouped


def checkin_rows(connection: sqlite3.Connection) -> Iterator[tuple[Any, ...]]:
    """Every check-in with its goal and that day's mood, one row at a time from SQLite.

    Ordered by (goal_id, day), which the UNIQUE (goal_id, day) index already provides, so
    SQLite streams rows without sorting them in memory first.
    """
    cursor = connection.execute(
        "SELECT c.goal_id, g.title, g.unit, c.day, c.value, c.note, m.mood "
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
    for goal_id, title, unit, day, value, note, mood in rows:
        writer.writerow((goal_id, title, unit, day, number(value), note, mood))
        written += 1
    return written


# --- validation (pure) -------------------------------------------------------------------------


@dataclass
class Document:
    """A validated export: values normalised (dates as ISO text, numbers as float)."""

    schema_version: int
    intakes: list[dict[str, Any]] = field(default_factory=list)
    goals: list[dict[str, Any]] = field(default_factory=list)
    moods: list[dict[str, Any]] = field(default_factory=list)


class _Bad(Exception):
    def __init__(self, path: str, problem: str) -> None:
        super().__init__(problem)
        self.path = path
        self.problem = problem


def validate(document: Any, *, current_schema: int) -> Document:
    """Check the whole document; InputError names the first bad field by its path."""
    try:
        return _validate(document, current_schema)
    except _Bad as bad:
        where = f"{bad.path}: " if bad.path else ""
        raise InputError(f"{where}{bad.problem}") from None


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _object(value: Any, path: str, fields: tuple[str, ...], what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(path, f"expected {what} (an object), found {_kind(value)}")
    for key in value:
        if key not in fields:
            raise _Bad(path, f"unknown field {quote(key)}")
    for key in fields:
        if key not in value:
            raise _Bad(f"{path}.{key}" if path else key, "missing")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise _Bad(path, f"expected a list, found {_kind(value)}")
    return value


def _text(value: Any, path: str, *, optional: bool = False, required: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise _Bad(path, f"expected text{' or null' if optional else ''}, found {_kind(value)}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _Bad(path, "the text holds an invalid character (a lone surrogate)") from None
    if "\x00" in value:
        raise _Bad(path, "the text holds a NUL character")
    if required and not value.strip():
        raise _Bad(path, "can't be empty")
    return value


def _day(value: Any, path: str, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise _Bad(path, f"expected a date (YYYY-MM-DD), found {_kind(value)}")
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError
        parsed = date.fromisoformat(value)
    except ValueError:
        raise _Bad(path, f"{quote(value)} is not a date (YYYY-MM-DD)") from None
    return parsed.isoformat()


def _stamp(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _Bad(path, f"expected a date and time (ISO 8601), found {_kind(value)}")
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise _Bad(path, f"{quote(value)} is not a date and time (ISO 8601)") from None
    return value


def _whole(value: Any, path: str, low: int, high: int, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(path, f"expected a whole number from {low} to {high}, found {_kind(value)}")
    if not low <= value <= high:
        raise _Bad(path, f"{value} is out of range ({low} to {high})")
    return value


def _real(value: Any, path: str, *, optional: bool = False) -> float | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad(path, f"expected a number, found {_kind(value)}")
    try:
        converted = float(value)
    except OverflowError:
        raise _Bad(path, "the number is too large") from None
    if not math.isfinite(converted):
        raise _Bad(path, "the number is too large")
    return converted


def _choice(value: Any, path: str, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        shown = quote(value) if isinstance(value, str) else _kind(value)
        raise _Bad(path, f"{shown} is not one of {', '.join(choices)}")
    return value


def _unique(items: list[dict[str, Any]], key: Callable[[dict[str, Any]], Any], path: str) -> None:
    seen: set[Any] = set()
    for number_, item in enumerate(items, start=1):
        identity = key(item)
        if identity in seen:
            raise _Bad(f"{path}[{number_}]", "appears twice in the file")
        seen.add(identity)


def _validate(raw: Any, current_schema: int) -> Document:
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise _Bad("", 'this is not a goalcli export (no "format": "goalcli-export" marker)')
    version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise _Bad("version", f"expected a whole number, found {_kind(version)}")
    if version > VERSION:
        raise _Bad("version", f"export format {version} is newer than this goalcli; upgrade it")
    if version < 1:
        raise _Bad("version", f"{version} is not an export format version")
    top = _object(raw, "", TOP_FIELDS, "an export")
    schema = _whole(top["schema_version"], "schema_version", 1, 10**6)
    assert schema is not None
    if schema > current_schema:
        raise _Bad("schema_version", "written by a newer goalcli; upgrade goalcli to import it")
    if top["exported_at"] is not None:
        _stamp(top["exported_at"], "exported_at")
    result = Document(schema_version=schema)

    result.intakes = _each(top["intakes"], "intakes", INTAKE_FIELDS, "an intake", _intake)
    _unique(result.intakes, lambda intake: intake["id"], "intakes")
    intake_ids = {intake["id"] for intake in result.intakes}

    result.goals = _each(
        top["goals"],
        "goals",
        (*GOAL_FIELDS, *GOAL_LISTS),
        "a goal",
        lambda item, path: _goal(item, path, intake_ids),
    )
    _unique(result.goals, lambda goal: goal["id"], "goals")

    result.moods = _each(top["moods"], "moods", MOOD_FIELDS, "a mood", _mood)
    _unique(result.moods, lambda mood: mood["day"], "moods")
    return result


def _goal(item: dict[str, Any], path: str, intake_ids: set[int]) -> dict[str, Any]:
    goal: dict[str, Any] = {"id": _whole(item["id"], f"{path}.id", 1, _MAX_ID)}
    intake = _whole(item["intake"], f"{path}.intake", 1, _MAX_ID, optional=True)
    if intake is not None and intake not in intake_ids:
        raise _Bad(f"{path}.intake", f"no intake with id {intake} in the file")
    goal["intake"] = intake
    goal["title"] = _text(item["title"], f"{path}.title", required=True)
    for name in ("specific", "measure", "unit", "relevant"):
        goal[name] = _text(item[name], f"{path}.{name}")
    goal["baseline"] = _real(item["baseline"], f"{path}.baseline")
    goal["target"] = _real(item["target"], f"{path}.target")
    if goal["target"] == goal["baseline"]:
        raise _Bad(f"{path}.target", "must differ from the baseline")
    goal["confidence"] = _whole(item["confidence"], f"{path}.confidence", 0, 10)
    frequency = _text(item["frequency"], f"{path}.frequency", required=True)
    try:
        goal["frequency"] = check_frequency(frequency or "")
    except InputError:
        raise _Bad(f"{path}.frequency", f"{quote(frequency)} is not a frequency") from None
    goal["weight"] = _whole(item["weight"], f"{path}.weight", 1, 3)
    goal["start_date"] = _day(item["start_date"], f"{path}.start_date")
    goal["target_date"] = _day(item["target_date"], f"{path}.target_date")
    goal["status"] = _choice(item["status"], f"{path}.status", GOAL_STATUSES)
    goal["created_at"] = _stamp(item["created_at"], f"{path}.created_at")

    goal["steps"] = _each(item["steps"], f"{path}.steps", STEP_FIELDS, "a step", _step)
    _unique(goal["steps"], lambda step: step["position"], f"{path}.steps")
    goal["checkins"] = _each(
        item["checkins"], f"{path}.checkins", CHECKIN_FIELDS, "a check-in", _checkin
    )
    _unique(goal["checkins"], lambda checkin: checkin["day"], f"{path}.checkins")
    goal["reviews"] = _each(item["reviews"], f"{path}.reviews", REVIEW_FIELDS, "a review", _review)
    _unique(goal["reviews"], lambda review: review["day"], f"{path}.reviews")
    # Not unique: the same change twice is possible (an edit undone and redone).
    goal["changes"] = _each(
        item["changes"], f"{path}.changes", CHANGE_FIELDS, "a goal change", _change
    )
    return goal


def _each(
    value: Any,
    path: str,
    fields: tuple[str, ...],
    what: str,
    check: Callable[[dict[str, Any], str], dict[str, Any]],
) -> list[dict[str, Any]]:
    """Check every object of the list `value` with `check(item, its path)`, in order."""
    return [
        check(_object(item, f"{path}[{number_}]", fields, what), f"{path}[{number_}]")
        for number_, item in enumerate(_list(value, path), start=1)
    ]


def _intake(item: dict[str, Any], path: str) -> dict[str, Any]:
    intake = {
        "id": _whole(item["id"], f"{path}.id", 1, _MAX_ID),
        "therapy_type": _choice(item["therapy_type"], f"{path}.therapy_type", THERAPY_TYPES),
    }
    for name in ("expectations", "obstacles", "success_feels_like", "motivations"):
        intake[name] = _text(item[name], f"{path}.{name}")
    intake["support_contact"] = _text(
        item["support_contact"], f"{path}.support_contact", optional=True
    )
    intake["created_on"] = _day(item["created_on"], f"{path}.created_on")
    return intake


def _mood(item: dict[str, Any], path: str) -> dict[str, Any]:
    return {
        "day": _day(item["day"], f"{path}.day"),
        "mood": _whole(item["mood"], f"{path}.mood", 0, 10),
    }


def _step(item: dict[str, Any], path: str) -> dict[str, Any]:
    return {
        "position": _whole(item["position"], f"{path}.position", 1, 100_000),
        "text": _text(item["text"], f"{path}.text"),
        "due_on": _day(item["due_on"], f"{path}.due_on", optional=True),
        "done_on": _day(item["done_on"], f"{path}.done_on", optional=True),
    }


def _checkin(item: dict[str, Any], path: str) -> dict[str, Any]:
    return {
        "day": _day(item["day"], f"{path}.day"),
        "value": _real(item["value"], f"{path}.value", optional=True),
        "note": _text(item["note"], f"{path}.note", optional=True),
    }


def _review(item: dict[str, Any], path: str) -> dict[str, Any]:
    review: dict[str, Any] = {
        "day": _day(item["day"], f"{path}.day"),
        "gas": _whole(item["gas"], f"{path}.gas", -2, 2, optional=True),
        "gbo": _whole(item["gbo"], f"{path}.gbo", 0, 10, optional=True),
        "weight": _whole(item["weight"], f"{path}.weight", 1, 3),
    }
    for name in ("helped", "hindered", "next_step", "note"):
        review[name] = _text(item[name], f"{path}.{name}", optional=True)
    return review


def _change(item: dict[str, Any], path: str) -> dict[str, Any]:
    return {
        "day": _day(item["day"], f"{path}.day"),
        "field": _text(item["field"], f"{path}.field", required=True),
        "old_value": _text(item["old_value"], f"{path}.old_value", optional=True),
        "new_value": _text(item["new_value"], f"{path}.new_value", optional=True),
        "reason": _text(item["reason"], f"{path}.reason", optional=True),
        "created_at": _stamp(item["created_at"], f"{path}.created_at"),
    }


# --- import ------------------------------------------------------------------------------------


@dataclass
class Counts:
    """What an import added, and what it skipped because the database already had it."""

    added: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)


KINDS = ("intakes", "goals", "steps", "checkins", "reviews", "changes", "moods")
USER_TABLES = ("goal_change", "review", "checkin", "step", "goal", "intake", "mood")


def import_document(
    connection: sqlite3.Connection, document: Document, *, replace: bool, stamp: str
) -> Counts:
    """Write a validated document inside the caller's transaction (merge, or wipe and load).

    Ids from the file are kept where the database has no row with that id (always so in an
    empty database), so an export of the result reads the same as the file.
    """
    counts = Counts()
    if replace:
        for table in USER_TABLES:
            connection.execute(f"DELETE FROM {table}")

    # Rows already there before this import, by identity; each matches at most one row of the
    # file, so a history holding the same intake twice (the same answers file run twice on one
    # day) comes back with both.
    intake_columns = ", ".join(INTAKE_FIELDS[1:])
    earlier_intakes = _by_identity(connection, f"SELECT id, {intake_columns} FROM intake")
    earlier_goals = _by_identity(connection, "SELECT id, title, start_date FROM goal")

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
            columns = tuple("intake_id" if name == "intake" else name for name in GOAL_FIELDS)
            goal_id = _insert(connection, "goal", columns, row)
            counts.added["goals"] += 1
        _merge_children(connection, goal_id, goal, counts, stamp)

    have = {row[0] for row in connection.execute("SELECT day FROM mood")}
    fresh = [mood for mood in document.moods if mood["day"] not in have]
    connection.executemany(
        "INSERT INTO mood (day, mood, updated_at) VALUES (?, ?, ?)",
        [(mood["day"], mood["mood"], stamp) for mood in fresh],
    )
    counts.added["moods"] += len(fresh)
    counts.skipped["moods"] += len(document.moods) - len(fresh)
    return counts


def _by_identity(connection: sqlite3.Connection, query: str) -> dict[tuple[Any, ...], list[int]]:
    """Ids of existing rows grouped by the rest of the selected columns, in id order."""
    grouped: dict[tuple[Any, ...], list[int]] = {}
    for row_id, *identity in connection.execute(f"{query} ORDER BY id"):
        grouped.setdefault(tuple(identity), []).append(row_id)
    return grouped


def _insert(
    connection: sqlite3.Connection, table: str, columns: tuple[str, ...], row: dict[str, Any]
) -> int:
    """Insert keeping the file's id when it is free; return the row's id."""
    taken = connection.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row["id"],)).fetchone()
    names = columns if not taken else columns[1:]
    values = [row[name] for name in names]
    cursor = connection.execute(
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        values,
    )
    return int(cursor.lastrowid or 0)


def _merge_children(
    connection: sqlite3.Connection,
    goal_id: int,
    goal: dict[str, Any],
    counts: Counts,
    stamp: str,
) -> None:
    def existing(sql: str) -> set[Any]:
        return {row[0] for row in connection.execute(sql, (goal_id,))}

    positions = existing("SELECT position FROM step WHERE goal_id = ?")
    steps = [step for step in goal["steps"] if step["position"] not in positions]
    connection.executemany(
        "INSERT INTO step (goal_id, position, text, due_on, done_on) VALUES (?, ?, ?, ?, ?)",
        [(goal_id, *(step[name] for name in STEP_FIELDS)) for step in steps],
    )
    _count(counts, "steps", len(steps), len(goal["steps"]))

    days = existing("SELECT day FROM checkin WHERE goal_id = ?")
    checkins = [checkin for checkin in goal["checkins"] if checkin["day"] not in days]
    connection.executemany(
        "INSERT INTO checkin (goal_id, day, value, note, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(goal_id, c["day"], c["value"], c["note"], stamp, stamp) for c in checkins],
    )
    _count(counts, "checkins", len(checkins), len(goal["checkins"]))

    days = existing("SELECT day FROM review WHERE goal_id = ?")
    reviews = [review for review in goal["reviews"] if review["day"] not in days]
    connection.executemany(
        f"INSERT INTO review (goal_id, {', '.join(REVIEW_FIELDS)}, created_at, updated_at) "
        f"VALUES ({', '.join('?' * (len(REVIEW_FIELDS) + 3))})",
        [(goal_id, *(r[name] for name in REVIEW_FIELDS), stamp, stamp) for r in reviews],
    )
    _count(counts, "reviews", len(reviews), len(goal["reviews"]))

    # Changes may repeat exactly, so they are matched as a multiset: only the surplus is added.
    already = Counter(
        tuple(row)
        for row in connection.execute(
            f"SELECT {', '.join(CHANGE_FIELDS)} FROM goal_change WHERE goal_id = ?", (goal_id,)
        )
    )
    changes = []
    for change in goal["changes"]:
        identity = tuple(change[name] for name in CHANGE_FIELDS)
        if already[identity] > 0:
            already[identity] -= 1
        else:
            changes.append(identity)
    connection.executemany(
        f"INSERT INTO goal_change (goal_id, {', '.join(CHANGE_FIELDS)}) "
        f"VALUES ({', '.join('?' * (len(CHANGE_FIELDS) + 1))})",
        [(goal_id, *change) for change in changes],
    )
    _count(counts, "changes", len(changes), len(goal["changes"]))


def _count(counts: Counts, kind: str, added: int, total: int) -> None:
    counts.added[kind] += added
    counts.skipped[kind] += total - added
