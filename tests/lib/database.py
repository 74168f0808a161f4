"""Reading a database behind goalcli's back: with the standard library's sqlite3, or with
SQLCipher keyed with lib.encryption.PASSPHRASE when the file is an encrypted one (so the
robustness suites read both kinds the same way)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def _connect(path: Path, read_only: bool = False, **options: Any) -> sqlite3.Connection:
    from lib.encryption import is_plain_sqlite, keyed

    if path.is_file() and path.stat().st_size > 0 and not is_plain_sqlite(path):
        if read_only:
            return keyed(f"{path.absolute().as_uri()}?mode=ro", uri=True, **options)
        return keyed(path, **options)
    if read_only:
        return sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, **options)
    return sqlite3.connect(path, **options)


def connect(path: Path, **options: Any) -> sqlite3.Connection:
    """A connection to the database at `path`, plain or encrypted (the caller closes it);
    `options` as for sqlite3.connect."""
    return _connect(path, **options)


def _iterdump(connection: sqlite3.Connection) -> list[str]:
    # SQLCipher's connection has no iterdump; sqlite3's own (plain Python over execute) reads it.
    from sqlite3.dump import _iterdump as iterdump  # type: ignore[import-not-found]

    return list(iterdump(connection))


def dump(db_path: Path) -> list[str] | None:
    """Every row and schema statement, as SQL (None when there is no database)."""
    if not db_path.exists():
        return None
    # A plain connection, so that closing it removes the -wal and -shm (a read-only one can
    # leave them behind, and tests that look at the folder must find only goals.db).
    db = _connect(db_path)
    try:
        return _iterdump(db)
    finally:
        db.close()


def dump_read_only(path: Path) -> list[str]:
    """Every row and schema statement of the database at `path`, read without changing it
    (for backups and exports, which must stay byte for byte as they were written)."""
    connection = _connect(path, read_only=True)
    try:
        return _iterdump(connection)
    finally:
        connection.close()


def integrity(db_path: Path) -> str:
    db = _connect(db_path)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


def rows(db_path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    db = _connect(db_path)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


@contextmanager
def write_lock_held(db_path: Path, statement: str) -> Iterator[sqlite3.Connection]:
    """Another program holds the database's write lock, with `statement` run but not committed."""
    other = _connect(db_path, isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    other.execute(statement)
    try:
        yield other
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()


def copy_database(source: Path, target: Path) -> Path:
    """A private (0600) copy of the whole plain database at `source` (its WAL folded in), at
    `target`, replacing what is there."""
    target.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    target.chmod(0o600)
    return target
