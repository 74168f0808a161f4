"""Opening SQLite files and probing them before anything is changed: the connections goalcli
makes itself (keyed with SQLCipher's `PRAGMA key` when there is a passphrase, never a URL), the
pragmas every connection gets, what a file's header and -wal say, and a plain sentence for
every SQLite failure.

Rules kept here (see README "Your data"):
- an existing file is used only if its header says it is a goalcli database of this version or
  older; anything else is refused before SQLite touches it;
- SQL errors become one plain sentence that never carries a user's data;
- the passphrase stays out of messages, tracebacks and argument lists.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import sys
import time
from pathlib import Path
from typing import Any, cast

from goalcli.errors import InputError, StorageError
from goalcli.storage.migrations import APPLICATION_ID, schema_version
from goalcli.storage.paths import private_dirs

BUSY_TIMEOUT_MS = 5000
SQLITE_MAGIC = b"SQLite format 3\x00"
PRIVATE_DIR = 0o700
# SQLCipher's page size: an encrypted database is a whole number of these (and so of 512).
ENCRYPTED_PAGE_MULTIPLE = 512
# TEST ONLY: SQLCipher's key derivation with this many PBKDF2 iterations instead of its own
# 256,000, so a test suite opening thousands of encrypted databases does not spend minutes
# deriving keys. Read from the environment only (no option, no config file, no profile knows
# it) and only when set; a file written with it opens only with the same value. The test
# suites set it (tests/lib/encryption.py); the encryption robustness suites unset it. See
# docs/development.md.
TEST_KDF_ITER_ENV = "GOALCLI_TEST_KDF_ITER"


def sql_errors() -> tuple[type[Exception], ...]:
    """The DB-API error classes a connection of ours can raise: sqlite3's, and SQLCipher's once
    it is loaded (it is only imported for an encrypted database)."""
    cipher = sys.modules.get("sqlcipher3.dbapi2")
    if cipher is None:
        return (sqlite3.Error,)
    return (sqlite3.Error, cast(type[Exception], cipher.Error))


def sqlcipher_module() -> Any:
    from goalcli.storage.passphrase import NEEDS_EXTRA

    try:
        from sqlcipher3 import dbapi2  # type: ignore[import-untyped]
    except ImportError:
        raise StorageError(NEEDS_EXTRA) from None
    return dbapi2


def test_kdf_iterations() -> int | None:
    """The test-only iteration count (TEST_KDF_ITER_ENV), or None: SQLCipher's own."""
    value = os.environ.get(TEST_KDF_ITER_ENV)
    if value is None:
        return None
    if not (value.isascii() and value.isdigit() and 0 < int(value) <= 10_000_000):
        raise InputError(
            f"{TEST_KDF_ITER_ENV} must be a whole number of iterations, not {value[:20]!r}."
        )
    return int(value)


def keyed_kdf(connection: sqlite3.Connection, schema: str = "main") -> None:
    """Apply the test-only key derivation to a keyed database of `connection` (nothing when
    unset). Before the first page is read: SQLCipher derives the key then."""
    iterations = test_kdf_iterations()
    if iterations is not None:
        connection.execute(f"PRAGMA {schema}.kdf_iter = {iterations}")


def _sql_string(text: str) -> str:
    if "\x00" in text:
        raise InputError("A passphrase can't contain a NUL character.")
    return "'" + text.replace("'", "''") + "'"


def connect(
    path: Path,
    passphrase: str | None,
    *,
    read_only: bool = False,
    pragmas: bool = False,
    cipher: bool = False,
) -> sqlite3.Connection:
    """A connection of ours (autocommit: we BEGIN ourselves); keyed when there is a passphrase
    (cipher=True: SQLCipher's even for a plain file, for sqlcipher_export).

    SQLCipher's connection speaks the same DB-API as sqlite3's, so it is typed as one. Keying
    happens before anything is read; a wrong key shows only when a page is read."""
    target: str | Path = f"{path.absolute().as_uri()}?mode=ro" if read_only else path
    timeout = BUSY_TIMEOUT_MS / 1000
    if passphrase is None and not cipher:
        connection = sqlite3.connect(target, uri=read_only, isolation_level=None, timeout=timeout)
    else:
        connection = sqlcipher_module().connect(
            target, uri=read_only, isolation_level=None, timeout=timeout
        )
        # Its own log goes to stderr ("hmac check failed ..."): a wrong passphrase is ours to word.
        connection.execute("PRAGMA cipher_log_level = NONE")
        if passphrase is not None:
            connection.execute(f"PRAGMA key = {_sql_string(passphrase)}")
            keyed_kdf(connection)
    if pragmas:
        apply_pragmas(connection)
    else:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return connection


def leave_wal(lock: sqlite3.Connection, path: Path) -> None:
    """Switch `path` to a rollback journal, waiting up to the busy timeout for other programs
    to let go: SQLite leaves WAL mode only with no other connection, and fails at once (its
    busy handler is not called for this), so the wait is ours."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            mode = lock.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
            if str(mode).lower() == "delete":
                return
        except sql_errors() as error:
            text = str(error).lower()
            if "locked" not in text and "busy" not in text:
                raise
        if time.monotonic() >= deadline:
            raise StorageError(
                f"The database {path} is in use by another program and stayed in use for "
                f"{BUSY_TIMEOUT_MS // 1000} seconds; nothing was changed. Close it and try again."
            )
        time.sleep(0.05)


def apply_pragmas(connection: sqlite3.Connection) -> None:
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA journal_mode = WAL")
    # FULL: a check-in the tool said was saved survives a power cut, not only a crash.
    connection.execute("PRAGMA synchronous = FULL")
    # Deleted notes are overwritten, not left readable in free pages.
    connection.execute("PRAGMA secure_delete = ON")


def describe_sqlite_error(error: BaseException, path: Path) -> str:
    """One plain sentence for a SQLite failure at `path`; never the SQL or its parameters.

    Every module that talks to SQLite (backups, import, export) words its failures with this,
    so the user reads the same sentence whichever command hit it."""
    text = str(getattr(error, "orig", None) or error).lower()
    if "locked" in text or "busy" in text:
        return (
            f"The database {path} is in use by another program and stayed locked for "
            f"{BUSY_TIMEOUT_MS // 1000} seconds; nothing was changed. Try again in a moment."
        )
    if "full" in text:
        return f"There is no room left to write to {path}; nothing was changed."
    read_only = "readonly" in text or "read-only" in text or "permission" in text
    if "disk i/o error" in text:
        # e.g. write() failing with ENOSPC or EFBIG (a full disk, a file-size limit); but
        # leaving WAL mode (encrypt, decrypt, a new passphrase) on a file it may not write
        # fails the same way, and then the file is the obstacle, not the disk.
        if not (path.is_file() and not os.access(path, os.W_OK)):
            return f"Writing to {path} failed (is the disk full?); nothing was changed."
        read_only = True
    if read_only:
        return f"Can't write to {path} (it is read-only); nothing was changed."
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return f"{path} is damaged or not a goalcli database; it was left as it was."
    if "unable to open" in text:
        folder = path.parent
        if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
            # SQLite needs to write beside the file (its journal): the folder is the obstacle.
            return f"Can't write in the folder {folder} (it is read-only); nothing was changed."
        return f"Can't open the database {path}; check that its folder exists and is yours."
    return f"The database {path} could not be used; nothing was changed. (--debug shows why)"


def is_encrypted(path: Path) -> bool:
    """True when `path` may be an encrypted goalcli database: not plain SQLite, but whole pages.

    Only a passphrase can tell it from random bytes; check_database_file refuses anything else
    (a text file, an empty file) without asking for one."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
        size = path.stat().st_size
    except OSError:
        return False
    return header != SQLITE_MAGIC and size > 0 and size % ENCRYPTED_PAGE_MULTIPLE == 0


def check_plain_file(path: Path) -> int:
    """Refuse anything that is not a plain goalcli database of this version or older; return
    its schema version. Reads only the header (and a -wal through a read-only connection)."""
    if not path.is_file() and not path.is_dir():
        # A FIFO would block the read below forever; a device is no place for a database.
        raise StorageError(f"{path} is not a regular file, so not a goalcli database.")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except IsADirectoryError:
        raise StorageError(f"{path} is a folder, not a goalcli database.") from None
    except OSError:
        raise StorageError(f"Can't read {path}; check its permissions.") from None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise StorageError(f"{path} is not a goalcli database; it was left as it was.")
    application_id = int.from_bytes(header[68:72], "big")
    if application_id != APPLICATION_ID:
        raise StorageError(
            f"{path} is a database of another program, not goalcli's; it was left as it was."
        )
    version = int.from_bytes(header[60:64], "big")
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        # A committed migration may still sit in the WAL, newer than the header says.
        version = version_through_sqlite(path)
    if version > schema_version():
        raise StorageError(
            f"{path} was written by a newer goalcli; upgrade goalcli to use it "
            "(it was left as it was)."
        )
    return version


def version_through_sqlite(path: Path) -> int:
    """user_version as SQLite sees it, read-only (no checkpoint, so the file stays as it was)."""
    try:
        connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        try:
            return int(connection.execute("PRAGMA user_version").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise StorageError(describe_sqlite_error(error, path)) from error


def make_private_dir(directory: Path) -> None:
    """Create `directory` (and its parents) as 0700; goalcli's own folders on the way (the data
    folder, profiles/, backups/) are made 0700 even if they already existed."""
    if not directory.is_dir():
        try:
            directory.mkdir(parents=True, mode=PRIVATE_DIR)
        except FileExistsError:
            if not directory.is_dir():
                raise StorageError(
                    f"Can't create the folder {directory}: a file is in the way."
                ) from None
        except NotADirectoryError:
            raise StorageError(
                f"Can't create the folder {directory}: a file is in the way."
            ) from None
        except PermissionError:
            raise StorageError(
                f"Can't create the folder {directory}: the folder it goes in is read-only."
            ) from None
        except OSError:
            raise StorageError(
                f"Can't create the folder {directory}; check its permissions."
            ) from None
        os.chmod(directory, PRIVATE_DIR)
    for owned in private_dirs():
        if (owned == directory or owned in directory.parents) and owned.is_dir():
            with contextlib.suppress(OSError):  # not ours to change: reading still works
                os.chmod(owned, PRIVATE_DIR)


def tighten(path: Path) -> None:
    """Take group and other permissions off the database and its companions.

    Only ever removes bits: a database the user made read-only stays read-only.
    """
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            current = stat.S_IMODE(name.stat().st_mode)
            if current & 0o077:
                os.chmod(name, current & ~0o077)
        except FileNotFoundError:
            continue
        except OSError:
            continue  # not ours to change (e.g. a read-only copy); reading still works
