"""A database made by every earlier schema, full of data, upgraded along the whole chain.

For each point k of the migration chain (m001 only, m001+m002, ...; a new migration adds a
case by itself) a database is built with the first k migrations and filled with the rows
that schema can hold. The current goalcli must upgrade it to exactly the schema a new
database gets, keep every row and column it had, accept new writes, and change nothing when
opened again. (The failing migration that leaves the old schema whole, and the exact schema,
are in test_migrations.py.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from goalcli.storage import migrations
from goalcli.storage.database import open_database
from lib.database import connect, dump, integrity, rows
from lib.encryption import BOTH, encrypt_if, is_plain_sqlite

Run = Callable[..., Result]
EVERY_EARLIER_SCHEMA = pytest.mark.parametrize(
    "known",
    range(1, len(migrations.MIGRATIONS)),
    ids=[name for name, _ in migrations.MIGRATIONS[:-1]],
)


def _build(db_path: Path, known: int, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:known])
        database = open_database(db_path, create=True)
        assert database is not None
        database.close()


def _tables(db: sqlite3.Connection) -> set[str]:
    return {
        row[0]
        for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not row[0].startswith("sqlite_")
    }


def _fill(db_path: Path) -> None:
    """Rows in every table this schema has (columns from m001 on, plus later ones if there)."""
    db = sqlite3.connect(db_path, isolation_level=None)
    try:
        tables = _tables(db)
        db.execute("BEGIN")
        db.execute(
            "INSERT INTO intake VALUES (1, 'couples', 'hope ✓', 'tired', 'calm', 'kids', "
            "'Sam, 555-0100', '2026-10-01')"
        )
        for goal_id, title, baseline, target in [
            (1, "Walk outside", 0, 30),
            (2, "Fewer rows", 6, 1),
        ]:
            db.execute(
                "INSERT INTO goal (id, intake_id, title, specific, measure, unit, baseline, "
                "target, relevant, confidence, start_date, target_date, created_at) VALUES "
                "(?, 1, ?, 'after lunch', 'count', 'times', ?, ?, 'mood', 7, '2026-10-01', "
                "'2027-02-01', '2026-10-01T09:00:00')",
                (goal_id, title, baseline, target),
            )
            for position in (1, 2, 3):
                db.execute(
                    "INSERT INTO step (goal_id, position, text, due_on, done_on) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (goal_id, position, f"step {position} [b]x[/b]", "2026-10-02", None),
                )
        for offset in range(1, 40):
            day = f"2026-10-{offset:02d}" if offset <= 31 else f"2026-11-{offset - 31:02d}"
            db.execute(
                "INSERT INTO checkin (goal_id, day, value, note, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, 'x', 'x')",
                (1 + offset % 2, day, offset * 0.5, f"note \x1b {offset} 🙂"),
            )
            db.execute("INSERT INTO mood VALUES (?, ?, 'x')", (day, offset % 11))
        if "review" in tables:
            db.execute(
                "INSERT INTO review (goal_id, day, gas, gbo, weight, note, created_at, "
                "updated_at) VALUES (1, '2026-11-01', 1, 6, 2, 'session', 'x', 'x')"
            )
        if "notice" in tables:
            db.execute("INSERT INTO notice VALUES ('low-mood', '2026-11-01')")
        if "goal_change" in tables:
            db.execute(
                "INSERT INTO goal_change (goal_id, day, field, old_value, new_value, created_at) "
                "VALUES (1, '2026-11-02', 'target', '25', '30', 'x')"
            )
        db.execute("COMMIT")
    finally:
        db.close()


def _contents(db_path: Path) -> dict[str, tuple[list[str], list[tuple[object, ...]]]]:
    """Each table's columns and rows (ordered), without the migration log."""
    db = connect(db_path)
    try:
        result = {}
        for table in sorted(_tables(db) - {"_migrations"}):
            columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
            result[table] = (columns, db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall())
        return result
    finally:
        db.close()


def _schema_sql(db_path: Path) -> list[tuple[str, str]]:
    return sorted(
        (name, sql or "") for name, sql in rows(db_path, "SELECT name, sql FROM sqlite_master")
    )


def _encrypt_as_it_is(db_path: Path, passphrase: str | None) -> None:
    """In an encrypted run: encrypt the database at its old schema (goalcli's own rewrite,
    which `goal encrypt` runs only after upgrading), so the migrations meet an encrypted file."""
    if passphrase is None:
        return
    from goalcli.storage.encryption import rewrite

    version = rows(db_path, "PRAGMA user_version")
    rewrite(db_path, None, passphrase)
    assert not is_plain_sqlite(db_path)
    assert rows(db_path, "PRAGMA user_version") == version


@BOTH
@EVERY_EARLIER_SCHEMA
def test_an_earlier_database_full_of_data_is_upgraded_whole(
    goal: Run,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    known: int,
    encryption: str | None,
) -> None:
    _build(db_path, known, monkeypatch)
    _fill(db_path)
    _encrypt_as_it_is(db_path, encryption)
    before = _contents(db_path)
    fresh = tmp_path / "fresh.db"
    _build(fresh, len(migrations.MIGRATIONS), monkeypatch)

    result = goal("report", "--format", "json")

    assert result.exit_code == 0, result.output
    assert '"Walk outside"' in result.stdout
    assert _schema_sql(db_path) == _schema_sql(fresh)
    assert rows(db_path, "PRAGMA user_version") == [(len(migrations.MIGRATIONS),)]
    assert [name for (name,) in rows(db_path, "SELECT name FROM _migrations ORDER BY rowid")] == [
        name for name, _ in migrations.MIGRATIONS
    ]
    after = _contents(db_path)
    for table, (columns, old_rows) in before.items():
        new_columns, new_rows = after[table]
        assert new_columns[: len(columns)] == columns, table  # columns only ever added
        assert [row[: len(columns)] for row in new_rows] == old_rows, table
    # Every goal made before goals had a kind was measured by readings.
    assert rows(db_path, "SELECT id, kind FROM goal ORDER BY id") == [
        (1, "reading"),
        (2, "reading"),
    ]
    assert '"kind": "reading"' in result.stdout
    assert integrity(db_path) == "ok"
    assert rows(db_path, "PRAGMA foreign_key_check") == []


@EVERY_EARLIER_SCHEMA
def test_an_upgraded_database_takes_writes_and_opens_again_unchanged(
    goal: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch, known: int
) -> None:
    _build(db_path, known, monkeypatch)
    _fill(db_path)

    logged = goal("log", "1", "--value", "21", "--mood", "7", "--note", "after the upgrade")
    reviewed = goal("review", "2", "--gas", "0", "--gbo", "4")

    assert logged.exit_code == 0, logged.output
    assert reviewed.exit_code == 0, reviewed.output
    settled = dump(db_path)
    for args in (("report",), ("list", "--all"), ("report", "--format", "json")):
        assert goal(*args).exit_code == 0
    assert dump(db_path) == settled  # migrating again is a no-op: not even a timestamp moves


@pytest.mark.parametrize("encryption", ["encrypted"], indirect=True)
def test_the_oldest_database_encrypted_by_goal_encrypt_is_upgraded_first(
    goal: Run, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encryption: str
) -> None:
    """`goal encrypt` on a database from the first schema: upgraded, then encrypted, every row
    kept; the encrypted file then opens as any other."""
    _build(db_path, 1, monkeypatch)
    _fill(db_path)
    before = _contents(db_path)
    fresh = tmp_path / "fresh.db"
    _build(fresh, len(migrations.MIGRATIONS), monkeypatch)

    encrypt_if(encryption, db_path)

    assert _schema_sql(db_path) == _schema_sql(fresh)
    after = _contents(db_path)
    for table, (columns, old_rows) in before.items():
        assert [row[: len(columns)] for row in after[table][1]] == old_rows, table
    result = goal("report", "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"Walk outside"' in result.stdout
