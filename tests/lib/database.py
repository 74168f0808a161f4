"""Reading a database behind goalcli's back, with the standard library's sqlite3."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def dump(db_path: Path) -> list[str] | None:
    """Every row and schema statement, as SQL (None when there is no database)."""
    if not db_path.exists():
        return None
    # A plain connection, so that closing it removes the -wal and -shm (a read-only one can
    # leave them behind, and tests that look at the folder must find only goals.db).
    db = sqlite3.connect(db_path)
    try:
        return list(db.iterdump())
    finally:
        db.close()


def dump_read_only(path: Path) -> list[str]:
    """Every row and schema statement of the database at `path`, read without changing it
    (for backups and exports, which must stay byte for byte as they were written)."""
    connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def integrity(db_path: Path) -> str:
    db = sqlite3.connect(db_path)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


def rows(db_path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    db = sqlite3.connect(db_path)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


@contextmanager
def write_lock_held(db_path: Path, statement: str) -> Iterator[sqlite3.Connection]:
    """Another program holds the database's write lock, with `statement` run but not committed."""
    other = sqlite3.connect(db_path, isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    other.execute(statement)
    try:
        yield other
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()
