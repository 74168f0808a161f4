"""Where the database lives, how it is opened, and the transactions every command uses.

Rules kept here (see README "Your data"):
- a missing database is created whole or not at all (built beside the target, then linked in);
- an existing file is used only if its header says it is a goalcli database of this version or
  older; anything else is refused before SQLite touches it;
- every write is one BEGIN IMMEDIATE transaction, so two writers queue instead of racing;
- SQL errors become one plain StorageError that never carries a user's data;
- an encrypted database (SQLCipher, optional extra) is opened by connections goalcli makes
  itself, keyed with `PRAGMA key` (never a URL): the passphrase stays out of messages,
  tracebacks and argument lists. Its header is unreadable, so a file that is not plain SQLite
  is taken for an encrypted goalcli database only once a passphrase opens it and it carries
  goalcli's application_id; until then it is left untouched.
"""

from __future__ import annotations

import contextlib
import math
import os
import sqlite3
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from goalcli.errors import InputError, StorageError
from goalcli.storage.files import PRIVATE_FILE, remove_stale_copies
from goalcli.storage.migrations import APPLICATION_ID, migrate, schema_version
from goalcli.storage.paths import private_dirs

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlmodel import Session

    from goalcli.storage.passphrase import Passphrases

BUSY_TIMEOUT_MS = 5000
SQLITE_MAGIC = b"SQLite format 3\x00"
PRIVATE_DIR = 0o700
# SQLCipher's page size: an encrypted database is a whole number of these (and so of 512).
ENCRYPTED_PAGE_MULTIPLE = 512
# TEST ONLY: SQLCipher's key derivation with this many PBKDF2 iterations instead of its own
# 256,000, so a test suite opening thousands of encrypted databases does not spend minutes
# deriving keys. Read from the environment only (no option, no config file, no profile knows
# it) and only when set; a file written with it opens only with the same value. The test
# suites set it (tests/conftest.py); the encryption robustness suites unset it. See
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


def encryption_available() -> bool:
    try:
        sqlcipher_module()
    except StorageError:
        return False
    return True


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
        _pragmas(connection)
    else:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return connection


def _pragmas(connection: sqlite3.Connection) -> None:
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA journal_mode = WAL")
    # FULL: a check-in the tool said was saved survives a power cut, not only a crash.
    connection.execute("PRAGMA synchronous = FULL")
    # Deleted notes are overwritten, not left readable in free pages.
    connection.execute("PRAGMA secure_delete = ON")


def _functions(connection: sqlite3.Connection) -> None:
    """SQL functions the queries use that a SQLite build may lack (math functions are optional)."""
    try:
        connection.execute("SELECT pow(2.0, 1.0)")
    except sql_errors():  # SQLCipher's build lacks them too
        connection.create_function("pow", 2, _pow, deterministic=True)


def _pow(base: float | None, exponent: float | None) -> float | None:
    if base is None or exponent is None:
        return None
    return math.pow(base, exponent)


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


def check_database_file(path: Path, passphrase: str | None = None) -> int:
    """Refuse anything that is not a goalcli database we can read; return its schema version.

    Reads only the header (and a -wal through a read-only connection): nothing is created or
    changed, so it is safe on a file that is about to be backed up, restored or listed. An
    encrypted database is read through a read-only keyed connection (see `unlock`)."""
    if path.is_file() and is_encrypted(path):
        if passphrase is None:
            raise StorageError(
                f"{path} is encrypted (or not a goalcli database); it was left as it was."
            )
        connection, version = open_encrypted(path, passphrase, read_only=True)
        connection.close()
        return version
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
        version = _version_through_sqlite(path)
    if version > schema_version():
        raise StorageError(
            f"{path} was written by a newer goalcli; upgrade goalcli to use it "
            "(it was left as it was)."
        )
    return version


class WrongPassphrase(StorageError):
    """The passphrase does not open the file (or the file is not an encrypted database)."""


def open_encrypted(
    path: Path, passphrase: str, *, read_only: bool = False
) -> tuple[sqlite3.Connection, int]:
    """A keyed connection to the encrypted goalcli database `path`, and its schema version.

    Refuses (WrongPassphrase) a passphrase that does not open it, and a file of another program
    or a newer goalcli; a read-only connection changes nothing."""
    try:
        connection = connect(path, passphrase, read_only=read_only)
        try:
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        except BaseException:
            connection.close()
            raise
    except sql_errors() as error:
        if "not a database" in str(error).lower():
            raise WrongPassphrase(
                f"The passphrase does not open {path} (or it is not a goalcli database); "
                "it was left as it was."
            ) from None
        raise StorageError(describe_sqlite_error(error, path)) from None
    if application_id != APPLICATION_ID or version > schema_version():
        connection.close()
        if application_id != APPLICATION_ID:
            raise StorageError(
                f"{path} is a database of another program, not goalcli's; it was left as it was."
            )
        raise StorageError(
            f"{path} was written by a newer goalcli; upgrade goalcli to use it "
            "(it was left as it was)."
        )
    return connection, version


def unlock(
    path: Path,
    passphrases: Passphrases | None,
    *,
    known: Iterable[str] = (),
    read_only: bool = False,
) -> tuple[sqlite3.Connection, str, int]:
    """Open the encrypted database `path` with the first passphrase that works: those already
    `known` (e.g. the database's, for its backup), then each source in turn (three tries at a
    terminal). Returns the keyed connection, the passphrase and the schema version."""
    from goalcli.storage.passphrase import Passphrases

    sources = passphrases if passphrases is not None else Passphrases(interactive=False)
    for passphrase in known:
        try:
            connection, version = open_encrypted(path, passphrase, read_only=read_only)
        except WrongPassphrase:
            continue
        return connection, passphrase, version
    last: WrongPassphrase | None = None
    for passphrase in sources.candidates(path):
        try:
            connection, version = open_encrypted(path, passphrase, read_only=read_only)
        except WrongPassphrase as error:
            last = error
            continue
        return connection, passphrase, version
    assert last is not None  # candidates() yields at least once or raises
    raise last


def _version_through_sqlite(path: Path) -> int:
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


def _create(path: Path, passphrase: str | None) -> None:
    """Build a fresh database beside `path` and link it in, so a crash never leaves half a file."""
    make_private_dir(path.parent)
    building = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        connection = connect(building, passphrase, pragmas=True)
        try:
            os.chmod(building, PRIVATE_FILE)
            connection.execute("BEGIN IMMEDIATE")
            migrate(connection)
            connection.execute("COMMIT")
        finally:
            connection.close()
        with contextlib.suppress(FileExistsError):  # another goalcli created it first: use theirs
            os.link(building, path)
    except sql_errors() as error:
        raise StorageError(describe_sqlite_error(error, path)) from error
    except OSError as error:
        raise StorageError(describe_sqlite_error(error, path)) from error
    finally:
        for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
            leftover.unlink(missing_ok=True)


def _upgrade(path: Path, passphrase: str | None) -> None:
    """Run the migrations an older database lacks, all in one transaction."""
    try:
        connection = connect(path, passphrase, pragmas=True)
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                current = connection.execute("PRAGMA user_version").fetchone()[0]
                if current > schema_version():
                    raise StorageError(f"{path} was written by a newer goalcli; upgrade goalcli.")
                migrate(connection)
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        finally:
            connection.close()
    except sql_errors() as error:
        raise StorageError(describe_sqlite_error(error, path)) from error


def _tighten(path: Path) -> None:
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


class Database:
    """One goalcli database: opened once per process, with read and write transactions."""

    def __init__(
        self,
        path: Path,
        passphrase: str | None = None,
        opened: sqlite3.Connection | None = None,
    ) -> None:
        self.path = path
        self._passphrase = passphrase
        # A keyed connection made while checking the file: the engine's first one, so a
        # command derives the key (PBKDF2, deliberately slow) once, not twice.
        self._opened = opened
        self._engine: Engine | None = None
        self.committed = False
        """Whether a write of this process was committed: what goes wrong afterwards (printing
        the confirmation, a note) must not be reported as if nothing had been saved."""

    @property
    def encrypted(self) -> bool:
        return self._passphrase is not None

    @property
    def passphrase(self) -> str | None:
        return self._passphrase

    def _new_connection(self) -> sqlite3.Connection:
        if self._opened is not None:
            connection, self._opened = self._opened, None
            return connection
        return connect(self.path, self._passphrase)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from sqlalchemy import event
            from sqlmodel import create_engine

            if self._passphrase is None:
                engine = create_engine(f"sqlite:///{self.path}", hide_parameters=True)
            else:
                # Connections made by us (keyed with PRAGMA key), never a key in the URL; the
                # pysqlite dialect over SQLCipher's module, so its errors are DBAPIErrors.
                engine = create_engine(
                    "sqlite://",
                    module=sqlcipher_module(),
                    creator=self._new_connection,
                    hide_parameters=True,
                )

            @event.listens_for(engine, "connect")
            def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
                dbapi_connection.isolation_level = None
                _pragmas(dbapi_connection)
                _functions(dbapi_connection)

            @event.listens_for(engine, "begin")
            def _on_begin(connection: Connection) -> None:
                options = connection.get_execution_options()
                write = options.get("goalcli_write", False)
                # Set on every transaction: the pooled connection keeps it otherwise.
                wait = BUSY_TIMEOUT_MS if options.get("goalcli_wait", True) else 0
                connection.exec_driver_sql(f"PRAGMA busy_timeout = {wait}")
                connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

            self._engine = engine
        return self._engine

    @contextmanager
    def _session(self, write: bool, bookkeeping: bool = False) -> Iterator[Session]:
        from sqlalchemy.exc import DBAPIError
        from sqlmodel import Session

        bind = self.engine.execution_options(goalcli_write=write, goalcli_wait=not bookkeeping)
        try:
            with Session(bind, expire_on_commit=False) as session:
                yield session
                if write:
                    session.commit()
                    self.committed = self.committed or not bookkeeping
                # A read ends by closing: objects keep what they loaded (a rollback would
                # expire them and break their use after the session).
        except DBAPIError as error:
            raise StorageError(describe_sqlite_error(error, self.path)) from error
        finally:
            if write:
                _tighten(self.path)

    def read(self) -> AbstractContextManager[Session]:
        """A read-only view; it sees one consistent snapshot."""
        return self._session(write=False)

    def write(self, *, bookkeeping: bool = False) -> AbstractContextManager[Session]:
        """One BEGIN IMMEDIATE transaction: all of it is saved on success, none of it otherwise.

        bookkeeping=True is for goalcli's own notes (a notice was shown), not the person's
        data: it fails at once instead of after the busy timeout when another program holds
        the lock, and does not count as a change in `committed`."""
        return self._session(write=True, bookkeeping=bookkeeping)

    def forget(self) -> None:
        """After deleting private data: fold the WAL into the file and truncate it.

        secure_delete zeroes freed cells, but only in the pages a commit writes to the WAL; the
        database file keeps the old pages (and the WAL keeps them after a later write) until a
        checkpoint copies the new ones over. Another program with the database open stops the
        checkpoint at close from doing this, so it is done here, waiting (busy timeout) for
        readers to move on; if one still holds an old snapshot, the rest waits for the next
        checkpoint.
        """
        raw = self.engine.raw_connection()  # outside any transaction: a checkpoint needs that
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()  # type: ignore[union-attr]
        except sql_errors():  # the deletion itself is committed; only the tidying failed
            pass
        finally:
            raw.close()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        if self._opened is not None:
            self._opened.close()
            self._opened = None


def sqlite_connection(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under the session's open transaction, for modules that speak plain
    SQL (export and import); what it reads and writes is part of that one transaction. On a
    PostgreSQL server, psycopg's, taking the same SQL (see server.PortableConnection)."""
    raw = session.connection().connection.driver_connection
    if session.get_bind().dialect.name == "postgresql":
        from goalcli.storage.server import PortableConnection

        return PortableConnection(raw)  # type: ignore[return-value]  # the same DB-API subset
    return raw  # type: ignore[return-value]


def open_database(
    path: Path,
    *,
    create: bool,
    passphrases: Passphrases | None = None,
    encrypt: bool = False,
) -> Database | None:
    """Open the database at `path`, upgrading an older schema; an encrypted one is unlocked
    with `passphrases` (see storage/passphrase.py).

    With create=False a missing database gives None (reading commands show an empty state
    instead of leaving files behind). With encrypt=True a database created now is encrypted
    with a new passphrase (asked twice, or the passphrase command's).
    """
    # A copy a killed encrypt, decrypt, passphrase change or restore left (maybe plain).
    remove_stale_copies(path)
    if path.is_symlink() and not path.exists():
        # SQLite would create the link's target as an empty, unmarked database.
        raise StorageError(f"{path} is a link to a file that does not exist; nothing was created.")
    if path.exists():
        if path.is_file() and is_encrypted(path):
            opened, passphrase, version = unlock(path, passphrases)
            if version < schema_version():
                opened.close()
                _upgrade(path, passphrase)
                opened = connect(path, passphrase)
            _tighten(path)
            return Database(path, passphrase, opened)
        if check_database_file(path) < schema_version():
            _upgrade(path, None)
    elif create:
        if encrypt:
            from goalcli.storage.passphrase import Passphrases

            sqlcipher_module()  # say how to add encryption before asking for a passphrase
            passphrase = (passphrases or Passphrases()).new(path)
            _create(path, passphrase)
            _tighten(path)
            return Database(path, passphrase)
        _create(path, None)
    else:
        return None
    _tighten(path)
    return Database(path)
