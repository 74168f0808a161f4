"""Encrypting, decrypting and re-keying a whole database: one checked copy, swapped in whole.

The copy is written beside the database by SQLCipher's sqlcipher_export while the database is
held in a read transaction (out of WAL mode, so no other goalcli can commit meanwhile); it must
pass `PRAGMA integrity_check` and hold the same rows in every table before one rename puts it in
place. The old file's name then points to the new file; its old blocks are freed, not wiped
(see docs/your-data.md).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from goalcli.errors import StorageError
from goalcli.storage.backup import sync_dir
from goalcli.storage.files import PRIVATE_FILE
from goalcli.storage.probe import (
    connect,
    describe_sqlite_error,
    keyed_kdf,
    leave_wal,
    sql_errors,
)


def _counts(connection: sqlite3.Connection, schema: str = "main") -> dict[str, int]:
    tables = [
        row[0]
        for row in connection.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' ORDER BY name"
        )
    ]
    return {
        table: int(
            connection.execute(
                f'SELECT count(*) FROM {schema}."{table.replace(chr(34), chr(34) * 2)}"'
            ).fetchone()[0]
        )
        for table in tables
    }


def _export(path: Path, old: str | None, staged: Path, new: str | None) -> None:
    """Write every table, index, row and the header marks of `path` into the new file `staged`,
    keyed with `new` (an empty key: plain)."""
    descriptor = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    os.close(descriptor)
    reader = connect(path, old, cipher=True)
    try:
        # Bound parameters: the passphrase is never part of a statement's text.
        reader.execute("ATTACH DATABASE ? AS rewritten KEY ?", (str(staged), new or ""))
        if new:
            keyed_kdf(reader, "rewritten")
        reader.execute("SELECT sqlcipher_export('rewritten')").fetchall()
        # sqlcipher_export copies the schema and rows, not the header's marks.
        application_id = reader.execute("PRAGMA main.application_id").fetchone()[0]
        version = reader.execute("PRAGMA main.user_version").fetchone()[0]
        reader.execute(f"PRAGMA rewritten.application_id = {int(application_id)}")
        reader.execute(f"PRAGMA rewritten.user_version = {int(version)}")
        # WAL, as every goalcli database: left in rollback-journal mode, the file would make
        # the next goalcli switch it, which needs the file to itself, so a reader would fail
        # while another program holds the write lock.
        reader.execute("PRAGMA rewritten.journal_mode = WAL").fetchall()
        reader.execute("DETACH DATABASE rewritten")
    finally:
        reader.close()
    with open(staged, "rb+") as handle:
        os.fsync(handle.fileno())


def _verify(staged: Path, new: str | None, expected: dict[str, int]) -> None:
    check = connect(staged, new)
    try:
        result = [row[0] for row in check.execute("PRAGMA integrity_check")]
        counts = _counts(check)
    finally:
        check.close()
    if result != ["ok"] or counts != expected:
        raise StorageError(
            "The rewritten copy did not match the database (integrity or row counts); "
            "nothing was changed."
        )


def rewrite(path: Path, old: str | None, new: str | None) -> dict[str, int]:
    """Replace the database `path` (keyed with `old`, None: plain) by a checked copy keyed with
    `new` (None: plain), atomically. Returns the rows kept in each table."""
    staged = path.with_name(f".{path.name}.{os.getpid()}.rewriting")
    try:
        lock = connect(path, old)
        try:
            leave_wal(lock, path)
            # SHARED on a rollback-journal file: no other connection can commit until we are
            # done, so the copy is the whole database and nothing written meanwhile is lost.
            lock.execute("BEGIN")
            replaced = False
            try:
                expected = _counts(lock)
                _export(path, old, staged, new)
                _verify(staged, new, expected)
                for suffix in ("-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
                os.chmod(staged, PRIVATE_FILE)
                os.replace(staged, path)
                replaced = True
                sync_dir(path.parent)
            finally:
                with contextlib.suppress(*sql_errors()):
                    lock.execute("ROLLBACK")
                if not replaced:
                    # Nothing was changed means the file too: back to WAL, as it was (left in
                    # rollback-journal mode, a reader would fail beside a writer).
                    with contextlib.suppress(*sql_errors()):
                        lock.execute("PRAGMA journal_mode = WAL").fetchall()
        finally:
            lock.close()
    except sql_errors() as error:
        raise StorageError(describe_sqlite_error(error, path)) from None
    except OSError as error:
        raise StorageError(
            f"Can't replace {path} ({error.strerror}); nothing was changed."
        ) from None
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            leftover = Path(f"{staged}{suffix}")
            leftover.unlink(missing_ok=True)
    return expected
