"""Backups and restores of the whole database, through SQLite's online backup API.

- A backup is one consistent snapshot even while another goalcli writes (it reads under one
  WAL read transaction), stored as a single self-contained 0600 file (journal_mode=DELETE)
  in a 0700 `backups/` folder beside the database, and never over an existing file.
- A restore is checked before anything changes: the file must be a goalcli database of this
  version or older (db.py's header checks), and a private copy of it must pass
  `PRAGMA integrity_check`. Only then is the current database backed up and replaced in one
  rename, with its -wal/-shm folded in and gone first, so no stale WAL can be replayed onto the
  restored file. An older backup is upgraded by the migrations on its next open.
- A backup of an encrypted database is encrypted with the same passphrase (SQLCipher's backup
  copies the encrypted pages), and a restore unlocks it the same way.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from goalcli.errors import InputError, StorageError
from goalcli.storage.database import check_database_file
from goalcli.storage.files import PRIVATE_FILE
from goalcli.storage.migrations import APPLICATION_ID, missing_parts, schema_version
from goalcli.storage.probe import (
    connect,
    describe_sqlite_error,
    leave_wal,
    make_private_dir,
    sql_errors,
)

BACKUPS_FOLDER = "backups"


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / BACKUPS_FOLDER


def default_backup_path(
    db_path: Path, now: datetime, folder: Path | None = None, *, suffix: str = ".db"
) -> Path:
    """`<name>-YYYYMMDD-HHMMSS.db` (or `suffix`) in `folder` (default: backups/ beside the
    database); a free name, never an existing file."""
    folder = folder if folder is not None else backups_dir(db_path)
    base = f"{db_path.stem}-{now:%Y%m%d-%H%M%S}"
    candidate = folder / f"{base}{suffix}"
    serial = 2
    while candidate.exists():
        candidate = folder / f"{base}-{serial}{suffix}"
        serial += 1
    return candidate


def _companions(path: Path) -> tuple[Path, ...]:
    return tuple(Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal"))


def _copy(source: Path, target: Path, passphrase: str | None) -> None:
    """Copy the database file `source` (keyed with `passphrase`, None: plain) into the new
    private file `target`, keyed the same."""
    reader = connect(source, passphrase, read_only=True)
    try:
        _copy_from(reader, target, passphrase)
    finally:
        reader.close()


def _copy_from(reader: sqlite3.Connection, target: Path, passphrase: str | None) -> None:
    """Copy what `reader` sees, page by page and in one snapshot, into the new file `target`."""
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    os.close(descriptor)
    os.chmod(target, PRIVATE_FILE)
    writer = connect(target, passphrase)
    try:
        reader.backup(writer)  # all pages in one step: one consistent snapshot
        # One self-contained file: no -wal needed to read it, wherever it is copied.
        writer.execute("PRAGMA journal_mode = DELETE")
    finally:
        writer.close()
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())


def backup_database(
    source: Path, target: Path, *, any_free_name: bool = False, passphrase: str | None = None
) -> Path:
    """Back up the goalcli database `source` (encrypted: with `passphrase`, which the backup
    keeps) to `target` (which must not exist yet); with any_free_name (a name goalcli chose), to
    the next free name if another goalcli takes it first. Returns where it went."""
    if not source.exists():
        raise StorageError(f"There is no database at {source} yet; nothing to back up.")
    check_database_file(source, passphrase)
    try:
        return _write_backup(
            lambda partial: _copy(source, partial, passphrase),
            target,
            any_free_name=any_free_name,
        )
    except sql_errors() as error:
        # A full disk while writing the copy is about the copy, not the database.
        raise StorageError(
            describe_sqlite_error(error, target if _is_write_failure(error) else source)
        ) from error


def _write_backup(
    copy: Callable[[Path], None], target: Path, *, any_free_name: bool = False
) -> Path:
    """Run `copy` into a partial file beside `target`, then link it in whole (under the next
    free name if `target` was taken meanwhile and any_free_name: two backups in one second)."""
    if target.exists():
        raise InputError(f"{target} already exists; choose another name (it was left as it was).")
    make_private_dir(target.parent)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        copy(partial)
        serial = 2
        while True:
            try:
                os.link(partial, target)  # never replaces a file that appeared meanwhile
                break
            except FileExistsError:
                if not any_free_name or serial > 1000:
                    raise
                base = target.stem.rsplit("-", 1)[0] if serial > 2 else target.stem
                target = target.with_name(f"{base}-{serial}{target.suffix}")
                serial += 1
        sync_dir(target.parent)
    except FileExistsError:
        raise InputError(f"{target} already exists; choose another name.") from None
    except OSError as error:
        raise StorageError(f"Can't write the backup {target} ({error.strerror}).") from None
    finally:
        for leftover in (partial, *_companions(partial)):
            leftover.unlink(missing_ok=True)
    return target


def stage_restore(backup: Path, db_path: Path, passphrase: str | None = None) -> Path:
    """A checked private copy of `backup` (encrypted: with `passphrase`) beside `db_path`, ready
    to be put in its place.

    Raises InputError for a missing file, StorageError for one that is not a goalcli database,
    is newer, or fails the integrity check; nothing is changed then.
    """
    if not backup.exists():
        raise InputError(f"There is no backup at {backup}.")
    if not backup.is_file():
        raise InputError(f"{backup} is not a file.")
    check_database_file(backup, passphrase)  # foreign or newer: refused before SQLite reads it
    make_private_dir(db_path.parent)
    staged = db_path.with_name(f".{db_path.name}.{os.getpid()}.restoring")
    try:
        _copy(backup, staged, passphrase)
        _verify(staged, backup, passphrase)
    except sql_errors() as error:
        discard(staged)
        # e.g. a full disk or a read-only folder while copying: not the backup's fault
        if _is_write_failure(error) or not os.access(staged.parent, os.W_OK | os.X_OK):
            raise StorageError(describe_sqlite_error(error, db_path)) from error
        raise StorageError(
            f"{backup} is damaged (SQLite could not read it); nothing was changed."
        ) from error
    except PermissionError:
        discard(staged)
        raise StorageError(
            f"Can't write in the folder {staged.parent} (it is read-only); nothing was changed."
        ) from None
    except BaseException:
        discard(staged)
        raise
    return staged


def _is_write_failure(error: Exception) -> bool:
    """A failure writing the staged copy (disk full, file-size limit, read-only folder)."""
    text = str(error).lower()
    return any(words in text for words in ("disk i/o", "full", "readonly", "read-only"))


def _verify(staged: Path, backup: Path, passphrase: str | None) -> None:
    connection = connect(staged, passphrase)
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if application_id != APPLICATION_ID:
            raise StorageError(f"{backup} is not a goalcli database; nothing was changed.")
        if version > schema_version():
            raise StorageError(
                f"{backup} was written by a newer goalcli; upgrade goalcli to restore it "
                "(nothing was changed)."
            )
        result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        missing = missing_parts(connection, version) if result == ["ok"] else []
    finally:
        connection.close()
    if result != ["ok"]:
        raise StorageError(f"{backup} failed SQLite's integrity check; nothing was changed.")
    if missing:
        # Its header says goalcli, its tables do not: restoring it would break every command.
        raise StorageError(
            f"{backup} lacks goalcli's {missing[0]}"
            + (f" and {len(missing) - 1} more" if len(missing) > 1 else "")
            + "; it is not a goalcli backup, and nothing was changed."
        )


def discard(staged: Path) -> None:
    """Remove a staged copy and the -wal/-shm/-journal a look at it may have left."""
    for leftover in (staged, *_companions(staged)):
        leftover.unlink(missing_ok=True)


def install(
    staged: Path, db_path: Path, keep_as: Path, passphrase: str | None = None
) -> Path | None:
    """Put the staged copy in place of `db_path` in one rename; return where the database it
    replaced was backed up (`keep_as`), or None when there was none.

    The current database is first taken out of WAL mode (which folds its -wal in and removes
    it) and held in a read transaction; under that lock it is backed up and replaced, so no
    other goalcli writes to it meanwhile and no stale -wal is left to be replayed onto the new
    file.
    """
    try:
        if not db_path.exists():
            _replace(staged, db_path)
            return None
        if not os.access(db_path, os.W_OK):
            # A database the user made read-only is not replaced behind their back (SQLite
            # would otherwise fail below with a misleading "disk I/O error").
            raise StorageError(f"Can't write to {db_path} (it is read-only); nothing was changed.")
        connection = connect(db_path, passphrase)  # the current database's passphrase
        try:
            leave_wal(connection, db_path)
            # A read transaction holds SHARED: with the file back in rollback mode, no other
            # connection can commit a write until we are done. (The backup API can't read
            # through this same connection once it holds a write lock, so no more than that.)
            connection.execute("BEGIN")
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            try:
                kept = _write_backup(
                    lambda partial: _copy_from(connection, partial, passphrase),
                    keep_as,
                    any_free_name=True,
                )
                _replace(staged, db_path)
            finally:
                connection.execute("ROLLBACK")
        finally:
            connection.close()
        return kept
    except sql_errors() as error:
        raise StorageError(describe_sqlite_error(error, db_path)) from error
    except OSError as error:
        raise StorageError(f"Can't replace {db_path} ({error.strerror}).") from None


def _replace(staged: Path, db_path: Path) -> None:
    # Companions of the old file (none after leaving WAL mode, unless left by a crash) must not
    # meet the new one: a -wal would be replayed onto it.
    for companion in _companions(db_path):
        if companion.name.endswith("-journal"):
            continue  # only exists mid-write, and no one can write while we hold the lock
        companion.unlink(missing_ok=True)
    os.chmod(staged, PRIVATE_FILE)
    os.replace(staged, db_path)
    sync_dir(db_path.parent)


def sync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
