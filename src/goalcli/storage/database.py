"""A goalcli database file: checked, created whole, upgraded, and the transactions every
command uses (the Database class, a store.Store).

Rules kept here (see docs/your-data.md):
- a missing database is created whole or not at all (built beside the target, then linked in);
- every write is one BEGIN IMMEDIATE transaction, so two writers queue instead of racing;
- SQL errors become one plain StorageError that never carries a user's data.

Opening connections and probing files is probe.py's; unlocking an encrypted one sqlcipher.py's.
"""

from __future__ import annotations

import contextlib
import math
import os
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, cast

from goalcli.errors import StorageError
from goalcli.storage import probe
from goalcli.storage.files import PRIVATE_FILE, remove_stale_copies
from goalcli.storage.migrations import migrate, schema_version
from goalcli.storage.probe import (
    apply_pragmas,
    check_plain_file,
    connect,
    describe_sqlite_error,
    is_encrypted,
    make_private_dir,
    sql_errors,
    sqlcipher_module,
    tighten,
)
from goalcli.storage.saving import interrupts_held
from goalcli.storage.sqlcipher import open_encrypted, unlock
from goalcli.storage.store import LocalConnection, SqlConnection

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlmodel import Session

    from goalcli.storage.passphrase import Passphrases
    from goalcli.storage.store import Store


def check_database_file(path: Path, passphrase: str | None = None) -> int:
    """Refuse anything that is not a goalcli database we can read; return its schema version.

    Reads only the header (and a -wal through a read-only connection): nothing is created or
    changed, so it is safe on a file that is about to be backed up, restored or listed. An
    encrypted database is read through a read-only keyed connection (see sqlcipher.unlock)."""
    if path.is_file() and is_encrypted(path):
        if passphrase is None:
            raise StorageError(
                f"{path} is encrypted (or not a goalcli database); it was left as it was."
            )
        connection, version = open_encrypted(path, passphrase, read_only=True)
        connection.close()
        return version
    return check_plain_file(path)


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
                apply_pragmas(dbapi_connection)
                _functions(dbapi_connection)

            @event.listens_for(engine, "begin")
            def _on_begin(connection: Connection) -> None:
                options = connection.get_execution_options()
                write = options.get("goalcli_write", False)
                # Set on every transaction: the pooled connection keeps it otherwise.
                wait = probe.BUSY_TIMEOUT_MS if options.get("goalcli_wait", True) else 0
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
                    with interrupts_held():  # no Ctrl-C between saving and noting it
                        session.commit()
                        self.committed = self.committed or not bookkeeping
                # A read ends by closing: objects keep what they loaded (a rollback would
                # expire them and break their use after the session).
        except DBAPIError as error:
            raise StorageError(describe_sqlite_error(error, self.path)) from error
        except sql_errors() as error:  # raw SQL (export, import) raises the driver's own
            raise StorageError(describe_sqlite_error(error, self.path)) from error
        finally:
            if write:
                tighten(self.path)

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


if TYPE_CHECKING:
    _: type[Store] = Database  # mypy checks that it offers the whole interface


def sqlite_connection(session: Session) -> SqlConnection:
    """The connection under the session's open transaction, for modules that speak plain SQL
    (export and import); what it reads and writes is part of that one transaction. On a
    PostgreSQL server, psycopg's, taking the same SQL (see server.PortableConnection)."""
    raw = session.connection().connection.driver_connection
    if session.get_bind().dialect.name == "postgresql":
        from goalcli.storage.server import PortableConnection

        return PortableConnection(raw)
    return LocalConnection(cast(sqlite3.Connection, raw))


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
            tighten(path)
            return Database(path, passphrase, opened)
        if check_database_file(path) < schema_version():
            _upgrade(path, None)
    elif create:
        if encrypt:
            from goalcli.storage.passphrase import Passphrases

            sqlcipher_module()  # say how to add encryption before asking for a passphrase
            passphrase = (passphrases or Passphrases()).new(path)
            _create(path, passphrase)
            tighten(path)
            return Database(path, passphrase)
        _create(path, None)
    else:
        return None
    tighten(path)
    return Database(path)
