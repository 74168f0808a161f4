"""The schema a database gets, how it is recorded, and what happens around upgrades.

The expected schema is written out literally: any change to the tables must come with a new
migration and an update here (in the style of simonw/llm tests/test_migrate.py).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from goalcli.errors import StorageError
from goalcli.storage import migrations
from goalcli.storage.database import open_database

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# PRAGMA table_info rows as (name, declared type, notnull, default, pk).
EXPECTED_COLUMNS: dict[str, list[tuple[str, str, int, str | None, int]]] = {
    "_migrations": [
        ("name", "TEXT", 0, None, 1),
        ("applied_at", "TEXT", 1, None, 0),
    ],
    "intake": [
        ("id", "INTEGER", 0, None, 1),
        ("therapy_type", "TEXT", 1, None, 0),
        ("expectations", "TEXT", 1, None, 0),
        ("obstacles", "TEXT", 1, None, 0),
        ("success_feels_like", "TEXT", 1, None, 0),
        ("motivations", "TEXT", 1, None, 0),
        ("support_contact", "TEXT", 0, None, 0),
        ("created_on", "TEXT", 1, None, 0),
    ],
    "goal": [
        ("id", "INTEGER", 0, None, 1),
        ("intake_id", "INTEGER", 0, None, 0),
        ("title", "TEXT", 1, None, 0),
        ("specific", "TEXT", 1, None, 0),
        ("measure", "TEXT", 1, None, 0),
        ("unit", "TEXT", 1, None, 0),
        ("baseline", "REAL", 1, None, 0),
        ("target", "REAL", 1, None, 0),
        ("relevant", "TEXT", 1, None, 0),
        ("confidence", "INTEGER", 1, None, 0),
        ("start_date", "TEXT", 1, None, 0),
        ("target_date", "TEXT", 1, None, 0),
        ("status", "TEXT", 1, "'active'", 0),
        ("created_at", "TEXT", 1, None, 0),
        # m002_reviews_and_habits
        ("frequency", "TEXT", 1, "'daily'", 0),
        ("weight", "INTEGER", 1, "1", 0),
        # m004_goal_kind
        ("kind", "TEXT", 1, "'reading'", 0),
        # m009_gas_levels
        ("gas_minus_2", "TEXT", 0, None, 0),
        ("gas_minus_1", "TEXT", 0, None, 0),
        ("gas_0", "TEXT", 0, None, 0),
        ("gas_plus_1", "TEXT", 0, None, 0),
        ("gas_plus_2", "TEXT", 0, None, 0),
    ],
    "step": [
        ("id", "INTEGER", 0, None, 1),
        ("goal_id", "INTEGER", 1, None, 0),
        ("position", "INTEGER", 1, None, 0),
        ("text", "TEXT", 1, None, 0),
        ("due_on", "TEXT", 0, None, 0),
        ("done_on", "TEXT", 0, None, 0),
        # m012_behavioural_activation: NULL when not rated
        ("pleasure", "INTEGER", 0, None, 0),
        ("mastery", "INTEGER", 0, None, 0),
        ("expected_pleasure", "INTEGER", 0, None, 0),
    ],
    "checkin": [
        ("id", "INTEGER", 0, None, 1),
        ("goal_id", "INTEGER", 1, None, 0),
        ("day", "TEXT", 1, None, 0),
        ("value", "REAL", 0, None, 0),
        ("note", "TEXT", 0, None, 0),
        ("created_at", "TEXT", 1, None, 0),
        ("updated_at", "TEXT", 1, None, 0),
        # m012_behavioural_activation: NULL when not rated
        ("pleasure", "INTEGER", 0, None, 0),
        ("mastery", "INTEGER", 0, None, 0),
    ],
    # m012_behavioural_activation
    "excused_day": [
        ("id", "INTEGER", 0, None, 1),
        ("goal_id", "INTEGER", 1, None, 0),
        ("day", "TEXT", 1, None, 0),
        ("reason", "TEXT", 0, None, 0),
        ("created_at", "TEXT", 1, None, 0),
    ],
    "mood": [
        # notnull 0: SQLite lets a non-INTEGER PRIMARY KEY hold NULL unless it says NOT NULL.
        ("day", "TEXT", 0, None, 1),
        ("mood", "INTEGER", 1, None, 0),
        ("updated_at", "TEXT", 1, None, 0),
    ],
    "review": [
        ("id", "INTEGER", 0, None, 1),
        ("goal_id", "INTEGER", 1, None, 0),
        ("day", "TEXT", 1, None, 0),
        ("gas", "INTEGER", 0, None, 0),
        ("gbo", "INTEGER", 0, None, 0),
        ("weight", "INTEGER", 1, "1", 0),
        ("helped", "TEXT", 0, None, 0),
        ("hindered", "TEXT", 0, None, 0),
        ("next_step", "TEXT", 0, None, 0),
        ("note", "TEXT", 0, None, 0),
        ("created_at", "TEXT", 1, None, 0),
        ("updated_at", "TEXT", 1, None, 0),
        # m010_review_members
        ("member", "TEXT", 0, None, 0),
    ],
    # m010_review_members
    "member": [
        ("id", "INTEGER", 0, None, 1),
        ("name", "TEXT", 1, None, 0),
    ],
    "notice": [
        ("kind", "TEXT", 1, None, 1),
        ("day", "TEXT", 1, None, 2),
    ],
    # m006_profile_detail
    "profile_detail": [
        ("id", "INTEGER", 0, None, 1),
        ("display_name", "TEXT", 0, None, 0),
        ("review_every", "INTEGER", 1, "14", 0),
    ],
    # m003_goal_changes
    "goal_change": [
        ("id", "INTEGER", 0, None, 1),
        # m008_change_log: NULL for a change that belongs to no goal (a day's mood)
        ("goal_id", "INTEGER", 0, None, 0),
        ("day", "TEXT", 1, None, 0),
        ("field", "TEXT", 1, None, 0),
        ("old_value", "TEXT", 0, None, 0),
        ("new_value", "TEXT", 0, None, 0),
        ("reason", "TEXT", 0, None, 0),
        ("created_at", "TEXT", 1, None, 0),
        # m007_change_undone
        ("undone_at", "TEXT", 0, None, 0),
        # m008_change_log
        ("detail", "TEXT", 0, None, 0),
        # m011_changes_kept_apart: NULL for a change made on this database
        ("imported_at", "TEXT", 0, None, 0),
    ],
    # m011_changes_kept_apart
    "risk_event": [
        ("id", "INTEGER", 0, None, 1),
        ("measure", "TEXT", 1, None, 0),
        ("day", "TEXT", 1, None, 0),
        ("answers", "TEXT", 1, None, 0),
        ("recorded_at", "TEXT", 1, None, 0),
        ("why", "TEXT", 1, None, 0),
    ],
    # m005_measures
    "measure_score": [
        ("id", "INTEGER", 0, None, 1),
        ("measure", "TEXT", 1, None, 0),
        ("day", "TEXT", 1, None, 0),
        ("answers", "TEXT", 1, None, 0),
        ("total", "INTEGER", 1, None, 0),
        ("followup", "INTEGER", 0, None, 0),
        ("risk", "INTEGER", 1, "0", 0),
        ("created_at", "TEXT", 1, None, 0),
    ],
    "measure_schedule": [
        ("measure", "TEXT", 0, None, 1),
        ("every_days", "INTEGER", 1, None, 0),
        ("since", "TEXT", 1, None, 0),
    ],
    "setting": [
        ("key", "TEXT", 0, None, 1),
        ("value", "TEXT", 1, None, 0),
    ],
}

# PRAGMA index_list + index_info: name -> (unique, origin, columns). Origin: pk, u(nique), c(reate).
EXPECTED_INDEXES: dict[str, dict[str, tuple[int, str, tuple[str, ...]]]] = {
    "_migrations": {"sqlite_autoindex__migrations_1": (1, "pk", ("name",))},
    "intake": {},
    "goal": {},
    "step": {"sqlite_autoindex_step_1": (1, "u", ("goal_id", "position"))},
    "checkin": {
        "sqlite_autoindex_checkin_1": (1, "u", ("goal_id", "day")),
        "checkin_day": (0, "c", ("day",)),
        "checkin_rated": (0, "c", ("goal_id", "day")),  # WHERE pleasure or mastery IS NOT NULL
    },
    "excused_day": {"sqlite_autoindex_excused_day_1": (1, "u", ("goal_id", "day"))},
    "mood": {"sqlite_autoindex_mood_1": (1, "pk", ("day",))},
    "review": {
        "sqlite_autoindex_review_1": (1, "u", ("goal_id", "day", "member")),
        "review_day": (0, "c", ("day",)),
        "review_shared": (1, "c", ("goal_id", "day")),  # WHERE member IS NULL
    },
    "member": {"sqlite_autoindex_member_1": (1, "u", ("name",))},
    "notice": {"sqlite_autoindex_notice_1": (1, "pk", ("kind", "day"))},
    "goal_change": {"goal_change_goal": (0, "c", ("goal_id", "day"))},
    "risk_event": {
        "sqlite_autoindex_risk_event_1": (1, "u", ("measure", "day", "answers")),
        "risk_event_day": (0, "c", ("day",)),
    },
    "measure_score": {
        "sqlite_autoindex_measure_score_1": (1, "u", ("measure", "day")),
        "measure_score_day": (0, "c", ("day",)),
    },
    "measure_schedule": {"sqlite_autoindex_measure_schedule_1": (1, "pk", ("measure",))},
    "setting": {"sqlite_autoindex_setting_1": (1, "pk", ("key",))},
}

# PRAGMA foreign_key_list rows as (column, parent table, parent column, on_update, on_delete).
EXPECTED_FOREIGN_KEYS: dict[str, list[tuple[str, str, str, str, str]]] = {
    "_migrations": [],
    "intake": [],
    "goal": [("intake_id", "intake", "id", "NO ACTION", "SET NULL")],
    "step": [("goal_id", "goal", "id", "NO ACTION", "CASCADE")],
    "checkin": [("goal_id", "goal", "id", "NO ACTION", "CASCADE")],
    "excused_day": [("goal_id", "goal", "id", "NO ACTION", "CASCADE")],
    "mood": [],
    "review": [("goal_id", "goal", "id", "NO ACTION", "CASCADE")],
    "member": [],
    "notice": [],
    "goal_change": [("goal_id", "goal", "id", "NO ACTION", "CASCADE")],
    "risk_event": [],
    "measure_score": [],
    "measure_schedule": [],
    "setting": [],
    "profile_detail": [],
}


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def _tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [row[0] for row in rows]


def _columns(db: sqlite3.Connection, table: str) -> list[tuple[str, str, int, str | None, int]]:
    return [
        (name, declared, notnull, default, pk)
        for _cid, name, declared, notnull, default, pk in db.execute(f"PRAGMA table_info({table})")
    ]


def _indexes(db: sqlite3.Connection, table: str) -> dict[str, tuple[int, str, tuple[str, ...]]]:
    found = {}
    for _seq, name, unique, origin, _partial in db.execute(f"PRAGMA index_list({table})"):
        columns = tuple(row[2] for row in db.execute(f"PRAGMA index_info({name})"))
        found[name] = (unique, origin, columns)
    return found


def _foreign_keys(db: sqlite3.Connection, table: str) -> list[tuple[str, str, str, str, str]]:
    return [
        (column, parent, parent_column, on_update, on_delete)
        for _id, _seq, parent, column, parent_column, on_update, on_delete, _match in db.execute(
            f"PRAGMA foreign_key_list({table})"
        )
    ]


def _schema(path: Path) -> dict[str, Any]:
    """Everything about the schema that the tests pin down, as plain data."""
    db = _connect(path)
    try:
        tables = _tables(db)
        return {
            "tables": tables,
            "columns": {table: _columns(db, table) for table in tables},
            "indexes": {table: _indexes(db, table) for table in tables},
            "foreign_keys": {table: _foreign_keys(db, table) for table in tables},
            "sql": sorted(
                (row[0], row[1] or "") for row in db.execute("SELECT name, sql FROM sqlite_master")
            ),
            "user_version": db.execute("PRAGMA user_version").fetchone()[0],
            "application_id": db.execute("PRAGMA application_id").fetchone()[0],
        }
    finally:
        db.close()


@pytest.fixture
def fresh(db_path: Path) -> Path:
    """A database exactly as a first run of goalcli creates it."""
    database = open_database(db_path, create=True)
    assert database is not None
    database.close()
    return db_path


def test_fresh_database_has_exactly_these_tables(fresh: Path) -> None:
    assert _schema(fresh)["tables"] == sorted(EXPECTED_COLUMNS)


@pytest.mark.parametrize("table", sorted(EXPECTED_COLUMNS))
def test_fresh_database_columns(fresh: Path, table: str) -> None:
    assert _schema(fresh)["columns"][table] == EXPECTED_COLUMNS[table]


@pytest.mark.parametrize("table", sorted(EXPECTED_INDEXES))
def test_fresh_database_indexes(fresh: Path, table: str) -> None:
    assert _schema(fresh)["indexes"][table] == EXPECTED_INDEXES[table]


@pytest.mark.parametrize("table", sorted(EXPECTED_FOREIGN_KEYS))
def test_fresh_database_foreign_keys(fresh: Path, table: str) -> None:
    assert _schema(fresh)["foreign_keys"][table] == EXPECTED_FOREIGN_KEYS[table]


@pytest.mark.parametrize(
    ("statement", "allowed"),
    [
        ("UPDATE goal SET confidence = 10", True),
        ("UPDATE goal SET confidence = 11", False),
        ("UPDATE goal SET confidence = -1", False),
        ("UPDATE goal SET target = baseline", False),
        ("UPDATE goal SET status = 'paused'", True),
        ("UPDATE goal SET weight = 3", True),
        ("UPDATE goal SET weight = 4", False),
        ("UPDATE goal SET frequency = NULL", False),
        ("UPDATE goal SET kind = 'weekly_total'", True),
        ("UPDATE goal SET kind = 'total'", False),
        ("UPDATE goal SET kind = NULL", False),
        ("UPDATE goal SET status = 'finished'", False),
        ("UPDATE intake SET therapy_type = 'family'", True),
        ("UPDATE intake SET therapy_type = 'group'", False),
        ("INSERT INTO mood (day, mood, updated_at) VALUES ('2026-11-20', 0, 'x')", True),
        ("INSERT INTO mood (day, mood, updated_at) VALUES ('2026-11-20', 11, 'x')", False),
        (
            "INSERT INTO review (goal_id, day, gas, gbo, created_at, updated_at) "
            "VALUES (1, '2026-11-20', -2, 10, 'x', 'x')",
            True,
        ),
        (
            "INSERT INTO review (goal_id, day, gas, created_at, updated_at) "
            "VALUES (1, '2026-11-20', 3, 'x', 'x')",
            False,
        ),
        (
            "INSERT INTO review (goal_id, day, gbo, created_at, updated_at) "
            "VALUES (1, '2026-11-20', 11, 'x', 'x')",
            False,
        ),
        # One shared rating per goal and day (the partial unique index), and one per member
        # (UNIQUE (goal_id, day, member)).
        (
            "INSERT INTO review (goal_id, day, created_at, updated_at) VALUES "
            "(1, '2026-11-21', 'x', 'x'), (1, '2026-11-21', 'x', 'x')",
            False,
        ),
        (
            "INSERT INTO review (goal_id, day, member, created_at, updated_at) VALUES "
            "(1, '2026-11-21', NULL, 'x', 'x'), (1, '2026-11-21', 'Sam', 'x', 'x'), "
            "(1, '2026-11-21', 'Alex', 'x', 'x')",
            True,
        ),
        (
            "INSERT INTO review (goal_id, day, member, created_at, updated_at) VALUES "
            "(1, '2026-11-21', 'Sam', 'x', 'x'), (1, '2026-11-21', 'Sam', 'x', 'x')",
            False,
        ),
        ("INSERT INTO member (name) VALUES ('Sam'), ('Sam')", False),
        ("INSERT INTO notice (kind, day) VALUES ('x', NULL)", False),
        ("INSERT INTO step (goal_id, position, text) VALUES (1, 1, 'duplicate position')", False),
        (
            "INSERT INTO checkin (goal_id, day, created_at, updated_at) "
            "VALUES (1, '2026-11-20', 'x', 'x')",
            True,
        ),
        (
            "INSERT INTO checkin (goal_id, day, created_at, updated_at) "
            "VALUES (999, '2026-11-20', 'x', 'x')",
            False,
        ),
        # m012_behavioural_activation: ratings are 0-10, one excused day per goal and day
        (
            "INSERT INTO checkin (goal_id, day, pleasure, mastery, created_at, updated_at) "
            "VALUES (1, '2026-11-20', 10, 0, 'x', 'x')",
            True,
        ),
        (
            "INSERT INTO checkin (goal_id, day, pleasure, created_at, updated_at) "
            "VALUES (1, '2026-11-20', 11, 'x', 'x')",
            False,
        ),
        ("UPDATE step SET mastery = -1", False),
        ("UPDATE step SET expected_pleasure = 11", False),
        ("UPDATE step SET pleasure = 7, mastery = 6, expected_pleasure = 3", True),
        (
            "INSERT INTO excused_day (goal_id, day, created_at) VALUES "
            "(1, '2026-11-20', 'x'), (1, '2026-11-20', 'x')",
            False,
        ),
        (
            "INSERT INTO excused_day (goal_id, day, created_at) VALUES (999, '2026-11-20', 'x')",
            False,
        ),
    ],
)
def test_constraints_the_schema_enforces(
    planned: Callable[..., Result], db_path: Path, statement: str, allowed: bool
) -> None:
    """The CHECK, UNIQUE and FOREIGN KEY clauses, which PRAGMA table_info does not show."""
    db = _connect(db_path)
    db.execute("PRAGMA foreign_keys = ON")
    try:
        if allowed:
            db.execute(statement)
        else:
            with pytest.raises(sqlite3.IntegrityError):
                db.execute(statement)
    finally:
        db.close()


# The same schema on a PostgreSQL server (storage/server.py translates the two types that differ).
PG_TYPES = {"TEXT": "text", "INTEGER": "integer", "REAL": "double precision"}


def _pg_schema(url: str) -> dict[str, Any]:
    """The PostgreSQL schema as the same plain data as _schema's, where the engines agree:
    columns (name, type, not null, default, primary key), unique sets and foreign keys."""
    from lib.postgres import admin

    with admin(url) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' ORDER BY table_name"
            )
        ]
        columns = {}
        for table in tables:
            primary = {
                row[0]
                for row in db.execute(
                    "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                    "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                    "WHERE i.indrelid = %s::regclass AND i.indisprimary",
                    (table,),
                )
            }
            columns[table] = [
                (
                    name,
                    kind,
                    None if name in primary else int(nullable == "NO"),
                    default.split("::")[0] if default else None,
                    1 if name in primary else 0,
                )
                for name, kind, nullable, default in db.execute(
                    "SELECT column_name, data_type, is_nullable, column_default "
                    "FROM information_schema.columns WHERE table_schema = 'public' "
                    "AND table_name = %s ORDER BY ordinal_position",
                    (table,),
                )
            ]
        indexes = {
            table: sorted(
                (bool(unique), tuple(cols.split(",")))
                for unique, cols in db.execute(
                    "SELECT i.indisunique, string_agg(a.attname, ',' ORDER BY k.n) "
                    "FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(att, n) "
                    "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.att "
                    "WHERE i.indrelid = %s::regclass AND NOT (i.indisprimary AND a.attname = 'id') "
                    "GROUP BY i.indexrelid, i.indisunique",
                    (table,),
                )
            )
            for table in tables
        }
        rules = {"a": "NO ACTION", "c": "CASCADE", "n": "SET NULL", "r": "RESTRICT"}
        foreign_keys = {
            table: [
                (column, parent, "id", rules[on_update], rules[on_delete])
                for column, parent, on_update, on_delete in db.execute(
                    "SELECT a.attname, c.confrelid::regclass::text, c.confupdtype, c.confdeltype "
                    "FROM pg_constraint c JOIN pg_attribute a "
                    "ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
                    "WHERE c.conrelid = %s::regclass AND c.contype = 'f'",
                    (table,),
                )
            ]
            for table in tables
        }
        (count,) = db.execute("SELECT count(*) FROM _migrations").fetchone()
    return {
        "tables": tables,
        "columns": columns,
        "indexes": indexes,
        "foreign_keys": foreign_keys,
        "version": count,
    }


def test_a_fresh_postgresql_database_has_exactly_the_same_schema(pg_url: str) -> None:
    from goalcli.storage.server import open_server_database

    database = open_server_database(pg_url, None, create=True)
    assert database is not None
    database.close()
    found = _pg_schema(pg_url)
    assert found["tables"] == sorted(EXPECTED_COLUMNS)
    for table, columns in EXPECTED_COLUMNS.items():
        # A primary key is NOT NULL on PostgreSQL whatever was declared; its position in a
        # composite key is SQLite's detail: keys compare as "part of the primary key".
        assert found["columns"][table] == [
            (name, PG_TYPES[declared], None if pk else notnull, default, min(pk, 1))
            for name, declared, notnull, default, pk in columns
        ], table
    for table, indexes in EXPECTED_INDEXES.items():
        assert found["indexes"][table] == sorted(
            (bool(unique), columns) for unique, _origin, columns in indexes.values()
        ), table
    assert found["foreign_keys"] == EXPECTED_FOREIGN_KEYS
    assert found["version"] == migrations.schema_version()


EXPECTED_MIGRATIONS = [
    "m001_initial",
    "m002_reviews_and_habits",
    "m003_goal_changes",
    "m004_goal_kind",
    "m005_measures",
    "m006_profile_detail",
    "m007_change_undone",
    "m008_change_log",
    "m009_gas_levels",
    "m010_review_members",
    "m011_changes_kept_apart",
    "m012_behavioural_activation",
    "m013_rated_checkins_index",
]


def test_the_known_migrations_in_order() -> None:
    assert [name for name, _ in migrations.MIGRATIONS] == EXPECTED_MIGRATIONS


def test_every_migration_is_recorded(fresh: Path) -> None:
    db = _connect(fresh)
    try:
        recorded = [row[0] for row in db.execute("SELECT name FROM _migrations ORDER BY rowid")]
        stamps = [row[0] for row in db.execute("SELECT applied_at FROM _migrations")]
    finally:
        db.close()
    assert recorded == [name for name, _ in migrations.MIGRATIONS]
    assert recorded[0] == "m001_initial"
    assert all(stamps)


def test_migration_names_are_unique_and_ordered() -> None:
    names = [name for name, _ in migrations.MIGRATIONS]
    assert len(names) == len(set(names))
    assert names == sorted(names)
    assert all(name[:1] == "m" and name[1:4].isdigit() for name in names)


def test_user_version_counts_the_migrations(fresh: Path) -> None:
    schema = _schema(fresh)
    assert schema["user_version"] == len(migrations.MIGRATIONS) >= 1
    assert schema["application_id"] == migrations.APPLICATION_ID


def test_migrating_twice_is_a_no_op(fresh: Path) -> None:
    before = _schema(fresh)
    db = _connect(fresh)
    try:
        db.execute("BEGIN IMMEDIATE")
        applied = migrations.migrate(db)
        db.execute("COMMIT")
        rows = db.execute("SELECT count(*) FROM _migrations").fetchone()[0]
    finally:
        db.close()
    assert applied == []
    assert rows == len(migrations.MIGRATIONS)
    assert _schema(fresh) == before


def test_migrate_on_an_empty_database_applies_everything(tmp_path: Path) -> None:
    db = _connect(tmp_path / "bare.db")
    try:
        db.execute("BEGIN IMMEDIATE")
        applied = migrations.migrate(db)
        db.execute("COMMIT")
    finally:
        db.close()
    assert applied == [name for name, _ in migrations.MIGRATIONS]
    assert _schema(tmp_path / "bare.db")["columns"] == EXPECTED_COLUMNS


def test_reopening_an_up_to_date_database_changes_nothing(
    planned: Callable[..., Result], db_path: Path
) -> None:
    before = _schema(db_path)
    database = open_database(db_path, create=False)
    assert database is not None
    database.close()
    assert _schema(db_path) == before


def _make_newer(db_path: Path) -> bytes:
    """Turn the database at db_path into one from a future goalcli; return its bytes."""
    db = _connect(db_path)
    try:
        db.execute(f"PRAGMA user_version = {len(migrations.MIGRATIONS) + 1}")
    finally:
        db.close()
    assert not Path(f"{db_path}-wal").exists()
    return db_path.read_bytes()


@pytest.mark.parametrize(
    "args",
    [
        ("report",),
        ("report", "--format", "json"),
        ("list",),
        ("log", "1", "--value", "3"),
        ("log", "1", "--value", "3", "--note", "SENTINEL-7f3a"),
    ],
)
def test_database_from_a_newer_goalcli_is_refused_untouched(
    planned: Callable[..., Result], db_path: Path, args: tuple[str, ...]
) -> None:
    goal = planned
    before = _make_newer(db_path)

    result = goal(*args)

    assert result.exit_code == 1, result.output
    assert "newer goalcli" in result.stderr
    assert "Traceback" not in result.output
    assert "SENTINEL-7f3a" not in result.output
    assert db_path.read_bytes() == before
    assert not Path(f"{db_path}-wal").exists()
    assert not Path(f"{db_path}-shm").exists()


def test_newer_database_is_refused_by_intake_too(
    planned: Callable[..., Result], db_path: Path
) -> None:
    before = _make_newer(db_path)
    result = planned("intake", "--answers", str(EXAMPLES / "substance-use.toml"))
    assert result.exit_code == 1, result.output
    assert "newer goalcli" in result.stderr
    assert db_path.read_bytes() == before


def test_newer_version_still_in_the_wal_is_refused_untouched(
    planned: Callable[..., Result], db_path: Path
) -> None:
    import subprocess
    import sys

    newer = len(migrations.MIGRATIONS) + 1
    # A newer goalcli commits its migration, then dies before closing (no checkpoint).
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sqlite3, sys; "
            "db = sqlite3.connect(sys.argv[1], isolation_level=None); "
            f"db.execute('PRAGMA user_version = {newer}'); os._exit(0)",
            str(db_path),
        ],
        check=True,
        timeout=30,
    )
    assert Path(f"{db_path}-wal").stat().st_size > 0
    before = db_path.read_bytes(), Path(f"{db_path}-wal").read_bytes()

    result = planned("log", "1", "--value", "3")

    assert result.exit_code == 1, result.output
    assert "newer goalcli" in result.stderr
    assert (db_path.read_bytes(), Path(f"{db_path}-wal").read_bytes()) == before


def _failing_migration(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
    db.execute("ALTER TABLE goal ADD COLUMN half_done_flag INTEGER")
    raise RuntimeError("migration broke halfway")


def test_a_failing_migration_leaves_the_old_schema_whole(
    planned: Callable[..., Result], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _schema(db_path)
    db = _connect(db_path)
    goals_before = db.execute("SELECT * FROM goal ORDER BY id").fetchall()
    db.close()
    monkeypatch.setattr(
        migrations,
        "MIGRATIONS",
        [*migrations.MIGRATIONS, ("m999_broken", _failing_migration)],
    )

    with pytest.raises((StorageError, RuntimeError)):
        open_database(db_path, create=False)

    after = _schema(db_path)
    assert "half_done" not in after["tables"]
    assert after["user_version"] == before["user_version"]
    assert after == before
    db = _connect(db_path)
    try:
        names = [row[0] for row in db.execute("SELECT name FROM _migrations")]
        assert "m999_broken" not in names
        assert db.execute("SELECT * FROM goal ORDER BY id").fetchall() == goals_before
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()


def test_a_failing_migration_through_the_cli_exits_1_without_traceback(
    planned: Callable[..., Result], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _schema(db_path)
    monkeypatch.setattr(
        migrations,
        "MIGRATIONS",
        [*migrations.MIGRATIONS, ("m999_broken", _failing_migration)],
    )
    result = planned("report")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "migration broke halfway" not in result.output
    assert _schema(db_path) == before


def _m999_add_probe(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE upgrade_probe (id INTEGER PRIMARY KEY)")
    db.execute("ALTER TABLE goal ADD COLUMN probe_note TEXT")


def test_an_up_to_date_database_gets_a_new_migration_with_every_row_intact(
    planned: Callable[..., Result], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    goal = planned
    assert goal("log", "1", "--value", "12", "--mood", "6", "--note", "kept").exit_code == 0
    db = _connect(db_path)
    dump_before = {
        table: db.execute(f"SELECT * FROM {table}").fetchall()
        for table in ("intake", "step", "checkin", "mood")
    }
    goals_before = db.execute("SELECT id, title, baseline, target FROM goal").fetchall()
    db.close()
    assert len(dump_before["checkin"]) == 1
    monkeypatch.setattr(
        migrations, "MIGRATIONS", [*migrations.MIGRATIONS, ("m999_add_probe", _m999_add_probe)]
    )

    result = goal("report", "--format", "json")

    assert result.exit_code == 0, result.output
    after = _schema(db_path)
    assert after["user_version"] == len(migrations.MIGRATIONS)
    assert "upgrade_probe" in after["tables"]
    assert ("probe_note", "TEXT", 0, None, 0) in after["columns"]["goal"]
    db = _connect(db_path)
    try:
        assert [row[0] for row in db.execute("SELECT name FROM _migrations ORDER BY rowid")] == [
            name for name, _ in migrations.MIGRATIONS
        ]
        for table, rows in dump_before.items():
            assert db.execute(f"SELECT * FROM {table}").fetchall() == rows
        assert db.execute("SELECT id, title, baseline, target FROM goal").fetchall() == goals_before
    finally:
        db.close()


def test_a_first_schema_database_full_of_data_is_upgraded_intact(
    db_path: Path, goal: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database made by the first released schema (m001 only) keeps every row."""
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
        database = open_database(db_path, create=True)
        assert database is not None
        database.close()
    db = _connect(db_path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
        db.execute("BEGIN")
        db.execute(
            "INSERT INTO intake VALUES (1, 'individual', 'hope', 'tired', 'calm', 'kids', "
            "NULL, '2026-11-01')"
        )
        db.execute(
            "INSERT INTO goal (id, intake_id, title, specific, measure, unit, baseline, target, "
            "relevant, confidence, start_date, target_date, created_at) VALUES "
            "(1, 1, 'Walk outside', 'after lunch', 'minutes', 'minutes', 0, 30, 'mood', 7, "
            "'2026-11-01', '2027-02-01', '2026-11-01T09:00:00')"
        )
        db.execute("INSERT INTO step VALUES (1, 1, 1, 'Shoes by the door', '2026-11-02', NULL)")
        db.execute("INSERT INTO step VALUES (2, 1, 2, 'Walk 10 minutes', NULL, '2026-11-20')")
        for day, value in [("2026-11-20", 10), ("2026-11-24", 15), ("2026-11-25", 18)]:
            db.execute(
                "INSERT INTO checkin (goal_id, day, value, note, created_at, updated_at) "
                "VALUES (1, ?, ?, ?, 'x', 'x')",
                (day, value, f"note {day}"),
            )
        db.execute("INSERT INTO mood VALUES ('2026-11-25', 6, 'x')")
        db.execute("COMMIT")
        dump_before = {
            table: db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("intake", "goal", "step", "checkin", "mood")
        }
    finally:
        db.close()

    result = goal("report", "--format", "json")

    assert result.exit_code == 0, result.output
    assert '"Walk outside"' in result.stdout
    schema = _schema(db_path)
    assert schema["user_version"] == len(migrations.MIGRATIONS)
    assert schema["columns"] == EXPECTED_COLUMNS
    db = _connect(db_path)
    try:
        names = [row[0] for row in db.execute("SELECT name FROM _migrations ORDER BY rowid")]
        assert names == [name for name, _ in migrations.MIGRATIONS]
        assert db.execute("SELECT * FROM intake").fetchall() == dump_before["intake"]
        assert db.execute("SELECT * FROM mood").fetchall() == dump_before["mood"]
        # Steps and check-ins keep every old column; m012's ratings are NULL (not rated, never 0).
        for table, rated in (("step", 3), ("checkin", 2)):
            rows = db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            assert [row[:-rated] for row in rows] == dump_before[table]
            assert {row[-rated:] for row in rows} == {(None,) * rated}
        # The goal keeps every old column; new columns take their defaults.
        old_columns = [column[0] for column in EXPECTED_COLUMNS["goal"]][:14]
        assert (
            db.execute(f"SELECT {', '.join(old_columns)} FROM goal").fetchall()
            == dump_before["goal"]
        )
        assert db.execute("SELECT frequency, weight, kind FROM goal").fetchone() == (
            "daily",
            1,
            "reading",
        )
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.close()


# Changes as m007 kept them: (id, goal_id, day, field, old, new, reason, created_at, undone_at);
# ids with a gap, as a goal deleted in between leaves them.
M007_CHANGES = [
    (3, 1, "2026-11-20", "target", "30", "25", None, "2026-11-20T09:00:00+00:00", None),
    (7, 1, "2026-11-21", "status", "active", "paused", "Flu", "2026-11-21T09:00:00+00:00", None),
    (9, 2, "2026-11-22", "baseline", "5", "4", None, "2026-11-22T09:00:00+00:00", "2026-11-22"),
]


def _changes_before_m008(execute: Callable[..., Any]) -> None:
    for goal_id in (1, 2):
        execute(
            "INSERT INTO goal (id, title, specific, measure, unit, baseline, target, relevant, "
            "confidence, start_date, target_date, created_at) VALUES "
            "(?, ?, 's', 'm', 'u', 0, 4, 'r', 7, '2026-10-01', '2027-01-01', 'x')",
            (goal_id, f"Goal {goal_id}"),
        )
    for row in M007_CHANGES:
        execute(
            "INSERT INTO goal_change (id, goal_id, day, field, old_value, new_value, reason, "
            "created_at, undone_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )


def _upgrade_keeps_the_changes(
    goal: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
    make: Callable[[], Any],
    write: Callable[[], None],
) -> None:
    # The database as m007 left it (today's models write columns later migrations add, so its
    # goals and changes are written as rows).
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:7])
        made = make()
        assert made is not None
        made.close()
    write()

    shown = goal("show", "1", "--format", "json")  # opening it runs m008_change_log

    assert shown.exit_code == 0, shown.output
    assert [change["text"] for change in json.loads(shown.stdout)["changes"]] == [
        "target lowered from 30 to 25 on 2026-11-20",
        "paused on 2026-11-21 (reason: Flu)",
    ]
    # A change made now is numbered after the ones copied, on either engine.
    assert goal("edit", "2", "--target", "9").exit_code == 0
    undoable = json.loads(goal("undo", "--list", "--format", "json").stdout)
    assert [(entry["goal"], entry["field"]) for entry in undoable] == [
        (2, "target"),
        (1, "status"),
        (1, "target"),
    ]


def test_m008_keeps_every_recorded_change_with_its_id(
    goal: Callable[..., Result], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def write() -> None:
        db = _connect(db_path)
        try:
            _changes_before_m008(db.execute)
        finally:
            db.close()

    _upgrade_keeps_the_changes(
        goal, monkeypatch, lambda: open_database(db_path, create=True), write
    )
    db = _connect(db_path)
    try:
        rows = db.execute(
            "SELECT id, goal_id, day, field, old_value, new_value, reason, created_at, undone_at "
            "FROM goal_change WHERE id <= 9 ORDER BY id"
        ).fetchall()
        assert rows == M007_CHANGES
        assert db.execute("SELECT max(id) FROM goal_change").fetchone() == (10,)
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.close()
    assert _schema(db_path)["columns"]["goal_change"] == EXPECTED_COLUMNS["goal_change"]


def test_m008_keeps_every_recorded_change_on_postgresql(
    goal: Callable[..., Result], pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lib.postgres import admin

    monkeypatch.setenv("GOALCLI_DB", pg_url)

    def write() -> None:
        with admin(pg_url) as db:
            _changes_before_m008(lambda sql, row: db.execute(sql.replace("?", "%s"), row))

    from goalcli.storage.server import open_server_database

    _upgrade_keeps_the_changes(
        goal, monkeypatch, lambda: open_server_database(pg_url, None, create=True), write
    )
    with admin(pg_url) as db:
        rows = db.execute(
            "SELECT id, goal_id, day, field, old_value, new_value, reason, created_at, undone_at "
            "FROM goal_change WHERE id <= 9 ORDER BY id"
        ).fetchall()
        assert [tuple(row) for row in rows] == M007_CHANGES
        assert db.execute("SELECT max(id) FROM goal_change").fetchone() == (10,)


def test_the_member_migration_keeps_every_review_as_a_shared_rating(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """m010_review_members rebuilds the review table: every row comes back with its id and
    values, as the shared rating (member NULL), and new ids follow the largest."""
    with monkeypatch.context() as patch:
        known = [name for name, _ in migrations.MIGRATIONS].index("m010_review_members")
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:known])
        database = open_database(db_path, create=True)
        assert database is not None
        database.close()
    db = _connect(db_path)
    try:
        db.execute(
            "INSERT INTO goal (id, title, specific, measure, unit, baseline, target, relevant, "
            "confidence, start_date, target_date, created_at) VALUES "
            "(1, 'Talk', 's', 'm', 'u', 0, 4, 'r', 7, '2026-10-01', '2027-01-01', 'x')"
        )
        db.execute(
            "INSERT INTO review (id, goal_id, day, gas, gbo, weight, helped, hindered, "
            "next_step, note, created_at, updated_at) VALUES "
            "(7, 1, '2026-10-15', -1, 3, 2, 'h', 'x', 'n', 'note', 'c1', 'u1'), "
            "(9, 1, '2026-11-01', 1, 6, 1, NULL, NULL, NULL, NULL, 'c2', 'u2')"
        )
        before = db.execute("SELECT * FROM review ORDER BY id").fetchall()
    finally:
        db.close()

    database = open_database(db_path, create=False)
    assert database is not None
    database.close()

    db = _connect(db_path)
    try:
        after = db.execute("SELECT * FROM review ORDER BY id").fetchall()
        db.execute(
            "INSERT INTO review (goal_id, day, member, created_at, updated_at) "
            "VALUES (1, '2026-11-01', 'Sam', 'x', 'x')"
        )
        newest = db.execute("SELECT max(id) FROM review").fetchone()[0]
    finally:
        db.close()
    assert [row[:-1] for row in after] == before
    assert [row[-1] for row in after] == [None, None]
    assert newest == 10


def test_the_member_migration_keeps_every_review_on_postgresql(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same rebuild on a server: rows and ids kept, and the server numbers the next review
    after the largest id copied (its identity sequence is realigned)."""
    from goalcli.storage.server import open_server_database
    from lib.postgres import admin

    with monkeypatch.context() as patch:
        known = [name for name, _ in migrations.MIGRATIONS].index("m010_review_members")
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:known])
        database = open_server_database(pg_url, None, create=True)
        assert database is not None
        database.close()
    with admin(pg_url) as db:
        db.execute(
            "INSERT INTO goal (id, title, specific, measure, unit, baseline, target, relevant, "
            "confidence, start_date, target_date, created_at) VALUES "
            "(1, 'Talk', 's', 'm', 'u', 0, 4, 'r', 7, '2026-10-01', '2027-01-01', 'x')"
        )
        db.execute(
            "INSERT INTO review (id, goal_id, day, gas, gbo, weight, note, created_at, "
            "updated_at) VALUES (7, 1, '2026-10-15', -1, 3, 2, 'note', 'c1', 'u1'), "
            "(9, 1, '2026-11-01', 1, 6, 1, NULL, 'c2', 'u2')"
        )

    database = open_server_database(pg_url, None, create=False)
    assert database is not None
    database.close()

    with admin(pg_url) as db:
        kept = db.execute(
            "SELECT id, day, gas, gbo, weight, note, member FROM review ORDER BY id"
        ).fetchall()
        (newest,) = db.execute(
            "INSERT INTO review (goal_id, day, member, created_at, updated_at) "
            "VALUES (1, '2026-11-01', 'Sam', 'x', 'x') RETURNING id"
        ).fetchone()
    assert kept == [
        (7, "2026-10-15", -1, 3, 2, "note", None),
        (9, "2026-11-01", 1, 6, 1, None, None),
    ]
    assert newest == 10


def _before_m011(open_it: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patch:
        known = [name for name, _ in migrations.MIGRATIONS].index("m011_changes_kept_apart")
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:known])
        database = open_it()
        assert database is not None
        database.close()


_A_CHANGE = (
    "INSERT INTO goal_change (goal_id, day, field, old_value, new_value, created_at) "
    "VALUES (NULL, '2026-11-01', 'mood_replaced', '4', '6', 'x')"
)


def test_m011_keeps_every_change_and_never_hands_an_id_out_twice(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """m011 rebuilds goal_change on SQLite with an AUTOINCREMENT key: every row keeps its id and
    values (as imported_at NULL: made here), and an id taken by a removed change stays taken."""
    _before_m011(lambda: open_database(db_path, create=True), monkeypatch)
    db = _connect(db_path)
    try:
        for _ in range(3):
            db.execute(_A_CHANGE)
        db.execute("DELETE FROM goal_change WHERE id = 2")
        before = db.execute("SELECT * FROM goal_change ORDER BY id").fetchall()
    finally:
        db.close()

    database = open_database(db_path, create=False)
    assert database is not None
    database.close()

    db = _connect(db_path)
    try:
        after = db.execute("SELECT * FROM goal_change ORDER BY id").fetchall()
        db.execute("DELETE FROM goal_change WHERE id = 3")  # the largest: as `goal delete` does
        db.execute(_A_CHANGE)
        newest = db.execute("SELECT max(id) FROM goal_change").fetchone()[0]
    finally:
        db.close()
    assert [row[:-1] for row in after] == before
    assert [row[-1] for row in after] == [None, None]
    assert newest == 4


def test_m011_on_postgresql_keeps_the_changes_and_their_sequence(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from goalcli.storage.server import open_server_database
    from lib.postgres import admin

    _before_m011(lambda: open_server_database(pg_url, None, create=True), monkeypatch)
    with admin(pg_url) as db:
        for _ in range(3):
            db.execute(_A_CHANGE)
        db.execute("DELETE FROM goal_change WHERE id = 3")

    database = open_server_database(pg_url, None, create=False)
    assert database is not None
    database.close()

    with admin(pg_url) as db:
        kept = db.execute("SELECT id, imported_at FROM goal_change ORDER BY id").fetchall()
        (newest,) = db.execute(f"{_A_CHANGE} RETURNING id").fetchone()
    assert [tuple(row) for row in kept] == [(1, None), (2, None)]
    assert newest == 4


def test_m013_indexes_the_rated_checkins_and_the_report_reads_them_through_it(
    db_path: Path, goal: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """m013 adds an index of the check-ins with a rating (pleasure or mastery), by goal and
    day: a database from before it keeps every row, and the report reads its rated check-ins
    through the index instead of reading every check-in of the history."""
    with monkeypatch.context() as patch:
        known = [name for name, _ in migrations.MIGRATIONS].index("m013_rated_checkins_index")
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:known])
        answers = Path(__file__).resolve().parents[2] / "examples" / "elevate-mood.toml"
        early = {"GOALCLI_TODAY": "2026-11-01"}
        intake = goal("--db", str(db_path), "intake", "--answers", str(answers), env=early)
        assert intake.exit_code == 0, intake.output
        for day, rating in (("2026-11-20", []), ("2026-11-21", ["--pleasure", "7"])):
            args = ["log", "1", "--value", "3", "--date", day, *rating]
            result = goal("--db", str(db_path), *args, env={"GOALCLI_TODAY": "2026-11-22"})
            assert result.exit_code == 0, result.output
    db = _connect(db_path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == known
        before = db.execute("SELECT * FROM checkin ORDER BY id").fetchall()
    finally:
        db.close()

    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "pleasure IS NOT NULL" in statement and "FROM checkin" in statement:
            statements.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", record)
    try:
        later = {"GOALCLI_TODAY": "2026-11-23"}
        result = goal("--db", str(db_path), "report", env=later)
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    assert result.exit_code == 0, result.output
    document = goal("--db", str(db_path), "report", "--format", "json", env=later)
    ratings = json.loads(document.stdout)["activation"]["ratings"]
    assert [(rating["date"], rating["pleasure"]) for rating in ratings] == [("2026-11-21", 7)]
    db = _connect(db_path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(migrations.MIGRATIONS)
        assert db.execute("SELECT * FROM checkin ORDER BY id").fetchall() == before
        assert statements  # the activation section and the patterns read rated check-ins
        for statement, parameters in statements:
            plan = " ".join(
                row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            )
            assert "USING INDEX checkin_rated" in plan, (plan, statement)
    finally:
        db.close()
