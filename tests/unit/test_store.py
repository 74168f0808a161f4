"""The one database interface (storage/store.py): what plain-SQL modules get as a connection,
and the plain sentence a raw SQL failure becomes inside a transaction."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from goalcli.errors import StorageError
from goalcli.storage import transfer
from goalcli.storage.database import open_database, sqlite_connection
from goalcli.storage.migrations import migrate, schema_version
from goalcli.storage.store import LocalConnection, SqlConnection, sql_connection


def test_a_raw_sqlite_connection_is_wrapped_and_a_wrapped_one_kept() -> None:
    raw = sqlite3.connect(":memory:")
    try:
        assert not isinstance(raw, SqlConnection)  # it lacks what a server needs
        wrapped = sql_connection(raw)
        assert isinstance(wrapped, LocalConnection) and wrapped.raw is raw
        assert sql_connection(wrapped) is wrapped
        assert wrapped.dialect == "sqlite"
    finally:
        raw.close()


def test_the_server_needs_are_no_ops_on_sqlite() -> None:
    """Nothing to lock or realign on SQLite: the calls change nothing, and ids go on after
    the largest as before."""
    raw = sqlite3.connect(":memory:", isolation_level=None)
    try:
        connection = LocalConnection(raw)
        migrate(connection)
        connection.execute("INSERT INTO member (id, name) VALUES (?, ?)", (41, "Sam"))
        connection.one_import_at_a_time()
        connection.realign_ids()
        connection.execute("INSERT INTO member (name) VALUES (?)", ("Alex",))
        assert [row[0] for row in raw.execute("SELECT id FROM member ORDER BY id")] == [41, 42]
        assert raw.execute("PRAGMA user_version").fetchone()[0] == schema_version()
    finally:
        raw.close()


def test_a_raw_sql_failure_in_a_transaction_is_a_plain_storage_error(tmp_path: Path) -> None:
    """Export and import speak plain SQL: a failure there reads like any other storage one,
    with no SQL in it, and the transaction is rolled back."""
    database = open_database(tmp_path / "goals.db", create=True)
    assert database is not None
    try:
        with pytest.raises(StorageError) as caught, database.write() as session:
            connection = sqlite_connection(session)
            connection.execute("INSERT INTO member (name) VALUES (?)", ("Sam",))
            connection.execute("SELECT secret_column FROM no_such_table")
        assert "no_such_table" not in caught.value.message
        assert "could not be used; nothing was changed" in caught.value.message
        assert transfer.export_json(database, "2026-01-01T00:00:00+00:00")["members"] == []
    finally:
        database.close()


def test_export_of_no_database_is_the_empty_document() -> None:
    document = transfer.export_json(None, "2026-01-01T00:00:00+00:00")
    assert document["goals"] == [] and document["schema_version"] == schema_version()
    with transfer.exported_checkins(None) as rows:
        assert list(rows) == []


def test_a_server_connection_says_it_is_one() -> None:
    """m011 rebuilds goal_change only where the database is SQLite: a server's connection
    answers for itself (its identity never hands an id out twice)."""
    from goalcli.storage.server import PortableConnection

    connection = PortableConnection(raw=None)
    assert isinstance(connection, SqlConnection)
    assert connection.dialect == "postgresql"
