"""Recorded schema migrations.

A user's database outlives versions, so the schema only ever changes here: each migration
runs once, inside the caller's transaction, and is recorded by name. `PRAGMA user_version`
holds how many have run, so a database from a newer goalcli can be recognised and refused.

The same migrations build a PostgreSQL schema (storage/server.py), where the `_migrations`
table is the version table. So a migration is SQL in the subset both engines share, run one
statement an execute(): `INTEGER PRIMARY KEY` and `REAL` are translated there, PRAGMAs are
skipped; no SQLite-only functions (date(), printf, strftime), no `?` outside parameters, no
executescript, no ALTER TABLE tricks PostgreSQL lacks (SQLite's table rebuilds are fine there as
plain CREATE/INSERT/DROP/RENAME).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from goalcli.storage.store import LocalConnection, SqlConnection, sql_connection

# 'GOAL' in ASCII: marks a SQLite file as goalcli's, so another program's database is refused.
APPLICATION_ID = 0x474F414C

Migration = Callable[[SqlConnection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(function: Migration) -> Migration:
    MIGRATIONS.append((function.__name__, function))
    return function


@migration
def m001_initial(db: SqlConnection) -> None:
    # One execute() per statement: executescript() would commit the caller's transaction.
    for statement in _M001:
        db.execute(statement)


_M001 = [
    """CREATE TABLE intake (
        id INTEGER PRIMARY KEY,
        therapy_type TEXT NOT NULL CHECK (therapy_type IN ('individual', 'couples', 'family')),
        expectations TEXT NOT NULL,
        obstacles TEXT NOT NULL,
        success_feels_like TEXT NOT NULL,
        motivations TEXT NOT NULL,
        support_contact TEXT,
        created_on TEXT NOT NULL
    )""",
    """CREATE TABLE goal (
        id INTEGER PRIMARY KEY,
        intake_id INTEGER REFERENCES intake (id) ON DELETE SET NULL,
        title TEXT NOT NULL,
        specific TEXT NOT NULL,
        measure TEXT NOT NULL,
        unit TEXT NOT NULL,
        baseline REAL NOT NULL,
        target REAL NOT NULL CHECK (target <> baseline),
        relevant TEXT NOT NULL,
        confidence INTEGER NOT NULL CHECK (confidence BETWEEN 0 AND 10),
        start_date TEXT NOT NULL,
        target_date TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active'
            CHECK (status IN ('active', 'done', 'paused', 'dropped')),
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE step (
        id INTEGER PRIMARY KEY,
        goal_id INTEGER NOT NULL REFERENCES goal (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        due_on TEXT,
        done_on TEXT,
        UNIQUE (goal_id, position)
    )""",
    """CREATE TABLE checkin (
        id INTEGER PRIMARY KEY,
        goal_id INTEGER NOT NULL REFERENCES goal (id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        value REAL,
        note TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (goal_id, day)
    )""",
    """CREATE TABLE mood (
        day TEXT PRIMARY KEY,
        mood INTEGER NOT NULL CHECK (mood BETWEEN 0 AND 10),
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX checkin_day ON checkin (day)",
]


@migration
def m002_reviews_and_habits(db: SqlConnection) -> None:
    """Check-in frequency and review weight per goal; session reviews; shown notices."""
    for statement in _M002:
        db.execute(statement)


_M002 = [
    "ALTER TABLE goal ADD COLUMN frequency TEXT NOT NULL DEFAULT 'daily'",
    "ALTER TABLE goal ADD COLUMN weight INTEGER NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 3)",
    """CREATE TABLE review (
        id INTEGER PRIMARY KEY,
        goal_id INTEGER NOT NULL REFERENCES goal (id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        gas INTEGER CHECK (gas BETWEEN -2 AND 2),
        gbo INTEGER CHECK (gbo BETWEEN 0 AND 10),
        weight INTEGER NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 3),
        helped TEXT,
        hindered TEXT,
        next_step TEXT,
        note TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (goal_id, day)
    )""",
    "CREATE INDEX review_day ON review (day)",
    """CREATE TABLE notice (
        kind TEXT NOT NULL,
        day TEXT NOT NULL,
        PRIMARY KEY (kind, day)
    )""",
]


@migration
def m003_goal_changes(db: SqlConnection) -> None:
    """A goal's history: every edit and status change with its day, old and new value."""
    for statement in _M003:
        db.execute(statement)


_M003 = [
    """CREATE TABLE goal_change (
        id INTEGER PRIMARY KEY,
        goal_id INTEGER NOT NULL REFERENCES goal (id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        field TEXT NOT NULL,
        old_value TEXT,
        new_value TEXT,
        reason TEXT,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX goal_change_goal ON goal_change (goal_id, day)",
]


@migration
def m004_goal_kind(db: SqlConnection) -> None:
    """What a goal's check-ins measure: a reading of where the person stands, or occurrences
    that add up to a weekly total. Every goal made before this knew only readings."""
    db.execute(
        "ALTER TABLE goal ADD COLUMN kind TEXT NOT NULL DEFAULT 'reading' "
        "CHECK (kind IN ('reading', 'weekly_total'))"
    )


@migration
def m005_measures(db: SqlConnection) -> None:
    """Standard measures (PHQ-9, GAD-7, WHO-5): each one taken, with every answer and the risk
    flag; which ones a person takes and how often; and small settings (the crisis line)."""
    for statement in _M005:
        db.execute(statement)


_M005 = [
    # answers: every item's answer, comma-separated in item order ("1,0,2,..."); total and risk
    # are kept as well so a flag is never lost to a later change in how a file is scored.
    """CREATE TABLE measure_score (
        id INTEGER PRIMARY KEY,
        measure TEXT NOT NULL,
        day TEXT NOT NULL,
        answers TEXT NOT NULL,
        total INTEGER NOT NULL CHECK (total >= 0),
        followup INTEGER,
        risk INTEGER NOT NULL DEFAULT 0 CHECK (risk IN (0, 1)),
        created_at TEXT NOT NULL,
        UNIQUE (measure, day)
    )""",
    "CREATE INDEX measure_score_day ON measure_score (day)",
    """CREATE TABLE measure_schedule (
        measure TEXT PRIMARY KEY,
        every_days INTEGER NOT NULL CHECK (every_days BETWEEN 1 AND 365),
        since TEXT NOT NULL
    )""",
    """CREATE TABLE setting (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
]


@migration
def m006_profile_detail(db: SqlConnection) -> None:
    """What a therapist keeps about a profile as a whole: a display name for the caseload and
    how many days apart reviews are due. One row at most."""
    db.execute(
        """CREATE TABLE profile_detail (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        display_name TEXT,
        review_every INTEGER NOT NULL DEFAULT 14 CHECK (review_every BETWEEN 1 AND 365)
    )"""
    )


@migration
def m007_change_undone(db: SqlConnection) -> None:
    """`goal undo`: a change it reversed stays in the history, marked with when it was undone.
    Every change recorded before this keeps its row, as not undone."""
    db.execute("ALTER TABLE goal_change ADD COLUMN undone_at TEXT")


@migration
def m008_change_log(db: SqlConnection) -> None:
    """One change log for everything a person changes: goal_change's goal becomes optional (a
    day's mood belongs to no goal) and each change may keep `detail`, what undoing it needs that
    the sentence leaves out (a removed step's place, a replaced review's ratings), as JSON.

    SQLite cannot drop a NOT NULL, so the table is rebuilt as plain CREATE/INSERT/DROP (the same
    SQL runs on PostgreSQL): copied aside, made anew under its own name (so its constraints and
    index keep their names on both engines) and filled again, every row with its id."""
    columns = "id, goal_id, day, field, old_value, new_value, reason, created_at, undone_at"
    db.execute(f"CREATE TABLE goal_change_copy AS SELECT {columns} FROM goal_change")
    db.execute("DROP TABLE goal_change")
    db.execute(
        """CREATE TABLE goal_change (
        id INTEGER PRIMARY KEY,
        goal_id INTEGER REFERENCES goal (id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        field TEXT NOT NULL,
        old_value TEXT,
        new_value TEXT,
        reason TEXT,
        created_at TEXT NOT NULL,
        undone_at TEXT,
        detail TEXT
    )"""
    )
    db.execute(
        f"INSERT INTO goal_change ({columns}) SELECT {columns} FROM goal_change_copy ORDER BY id"
    )
    db.execute("DROP TABLE goal_change_copy")
    db.execute("CREATE INDEX goal_change_goal ON goal_change (goal_id, day)")
    db.realign_ids()  # a server numbers the next change after the ids copied here


@migration
def m009_gas_levels(db: SqlConnection) -> None:
    """GAS follow-up guides: each goal may describe its five levels, -2 to +2, in advance.
    Goals made before this have no guide (every column NULL)."""
    for column in ("gas_minus_2", "gas_minus_1", "gas_0", "gas_plus_1", "gas_plus_2"):
        db.execute(f"ALTER TABLE goal ADD COLUMN {column} TEXT")


@migration
def m010_review_members(db: SqlConnection) -> None:
    """Couples and families: a profile's members, and reviews one per goal, day and member
    (member NULL: the shared rating, or the only one). The review table is rebuilt (SQLite
    cannot drop its UNIQUE (goal_id, day)); every row is kept, with its id, as a shared rating."""
    db.execute(
        """CREATE TABLE member (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
    )"""
    )
    db.execute(
        """CREATE TABLE review_new (
        id INTEGER PRIMARY KEY,
        goal_id INTEGER NOT NULL REFERENCES goal (id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        gas INTEGER CHECK (gas BETWEEN -2 AND 2),
        gbo INTEGER CHECK (gbo BETWEEN 0 AND 10),
        weight INTEGER NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 3),
        helped TEXT,
        hindered TEXT,
        next_step TEXT,
        note TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        member TEXT,
        UNIQUE (goal_id, day, member)
    )"""
    )
    columns = (
        "id, goal_id, day, gas, gbo, weight, helped, hindered, next_step, note, "
        "created_at, updated_at"
    )
    db.execute(f"INSERT INTO review_new ({columns}) SELECT {columns} FROM review")
    db.execute("DROP TABLE review")
    db.execute("ALTER TABLE review_new RENAME TO review")
    db.execute("CREATE INDEX review_day ON review (day)")
    # UNIQUE treats NULLs as distinct on both engines: one shared rating per goal and day.
    db.execute("CREATE UNIQUE INDEX review_shared ON review (goal_id, day) WHERE member IS NULL")
    db.realign_ids()  # a server numbers the next review after the ids copied here


@migration
def m011_changes_kept_apart(db: SqlConnection) -> None:
    """Issue 24: an undo that never overwrites what it did not write, and risk answers that stay.

    - goal_change ids are never handed out twice: `goal undo` names the change it showed by its
      id, and `goal delete` (which takes a goal's changes with it) must not let a later change
      take that id. SQLite gives that only to an AUTOINCREMENT key, so the table is rebuilt
      there (every row with its id); a PostgreSQL identity never goes back already (its realign
      after an import only moves it on, see server.PortableConnection).
    - imported_at: when `goal import` brought the change in (NULL: made on this database), so
      undo takes the latest change made here, never another device's history.
    - risk_event: a questionnaire's risk answer (PHQ-9 item 9 above 0) that was replaced,
      removed, or met a different one on import, with its day, so reports and the caseload
      keep showing it."""
    if db.dialect == "sqlite":  # a server has an identity already
        columns = (
            "id, goal_id, day, field, old_value, new_value, reason, created_at, undone_at, detail"
        )
        db.execute(f"CREATE TABLE goal_change_copy AS SELECT {columns} FROM goal_change")
        db.execute("DROP TABLE goal_change")
        db.execute(
            """CREATE TABLE goal_change (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            goal_id INTEGER REFERENCES goal (id) ON DELETE CASCADE,
            day TEXT NOT NULL,
            field TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT,
            reason TEXT,
            created_at TEXT NOT NULL,
            undone_at TEXT,
            detail TEXT,
            imported_at TEXT
        )"""
        )
        db.execute(
            f"INSERT INTO goal_change ({columns}) SELECT {columns} FROM goal_change_copy "
            "ORDER BY id"
        )
        db.execute("DROP TABLE goal_change_copy")
        db.execute("CREATE INDEX goal_change_goal ON goal_change (goal_id, day)")
    else:
        db.execute("ALTER TABLE goal_change ADD COLUMN imported_at TEXT")
    db.execute(
        """CREATE TABLE risk_event (
        id INTEGER PRIMARY KEY,
        measure TEXT NOT NULL,
        day TEXT NOT NULL,
        answers TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        why TEXT NOT NULL,
        UNIQUE (measure, day, answers)
    )"""
    )
    db.execute("CREATE INDEX risk_event_day ON risk_event (day)")


@migration
def m012_behavioural_activation(db: SqlConnection) -> None:
    """Issue 28, behavioural activation: how an activity felt, and days that are excused.

    - pleasure and mastery, 0-10, on a check-in and on a step (rated when it is ticked off);
      a step may also carry the pleasure predicted when it was planned (expected_pleasure).
      Every row made before this has none (NULL: not rated, never 0).
    - excused_day: a goal's day marked ill, away or a crisis (`goal skip`), one per goal and
      day, with the reason given. Habit strength freezes on it and a week is judged without it."""
    for table, columns in (
        ("checkin", ("pleasure", "mastery")),
        ("step", ("pleasure", "mastery", "expected_pleasure")),
    ):
        for column in columns:
            db.execute(
                f"ALTER TABLE {table} ADD COLUMN {column} INTEGER CHECK ({column} BETWEEN 0 AND 10)"
            )
    db.execute(
        """CREATE TABLE excused_day (
        id INTEGER PRIMARY KEY,
        goal_id INTEGER NOT NULL REFERENCES goal (id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        reason TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (goal_id, day)
    )"""
    )


@migration
def m013_rated_checkins_index(db: SqlConnection) -> None:
    """Issue 26, the report at scale: an index of the check-ins that carry a rating (pleasure
    or mastery), by goal and day. The report's activation section and the patterns read the
    rated check-ins of every goal since its start, which without it meant reading every
    check-in of the history (about 10 ms for 100,000); rated ones are few, and so is the index.
    Only an index: no table or row changes."""
    db.execute(
        "CREATE INDEX checkin_rated ON checkin (goal_id, day) "
        "WHERE pleasure IS NOT NULL OR mastery IS NOT NULL"
    )


def schema_version() -> int:
    """The number of migrations this goalcli knows: the user_version of an up-to-date database."""
    return len(MIGRATIONS)


def migrate(connection: SqlConnection | sqlite3.Connection) -> list[str]:
    """Apply the migrations this database lacks, inside the caller's open transaction.

    Returns the names applied. Running it on an up-to-date database does nothing.
    """
    db = sql_connection(connection)
    db.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in db.execute("SELECT name FROM _migrations")}
    applied = []
    for name, function in MIGRATIONS:
        if name in done:
            continue
        function(db)
        db.execute(
            "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
            (name, datetime.now(UTC).isoformat(timespec="seconds")),
        )
        applied.append(name)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {schema_version()}")
    return applied


def tables_and_columns(db: sqlite3.Connection) -> dict[str, set[str]]:
    """Each table of a database (SQLite's own aside) with the names of its columns."""
    tables = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        table: {row[1] for row in db.execute("SELECT * FROM pragma_table_info(?)", (table,))}
        for table in tables
    }


def expected_tables(version: int) -> dict[str, set[str]]:
    """The tables and columns a goalcli database of schema `version` has: the first `version`
    migrations, run on an empty database in memory."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    try:
        db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        for _name, function in MIGRATIONS[:version]:
            function(LocalConnection(db))
        return tables_and_columns(db)
    finally:
        db.close()


def missing_parts(db: sqlite3.Connection, version: int) -> list[str]:
    """What a database that claims schema `version` lacks of it ("goal.title", "checkin"),
    sorted; empty when every table and column is there (extra ones are allowed)."""
    found = tables_and_columns(db)
    missing = []
    for table, columns in expected_tables(version).items():
        if table not in found:
            missing.append(table)
        else:
            missing.extend(f"{table}.{column}" for column in columns - found[table])
    return sorted(missing)
