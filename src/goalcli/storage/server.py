"""goalcli on a PostgreSQL server: the same schema, commands and transactions as on SQLite.

A database given as a URL (`postgresql+psycopg://USER@HOST/DB`, in --db or GOALCLI_DB) is a
server's; everything else is a SQLite file (database.py). A profile on a server is a schema of
that database (`--profile maya` -> schema `maya`), so one database holds a practice's clients.

Rules kept here (see docs/devices.md):
- the password in a URL is never printed: every message shows the URL masked;
- the recorded migrations (migrations.py) run here too, in one transaction, recorded in the
  same `_migrations` table, which is also the version table (PostgreSQL has no user_version);
- every write is one transaction (READ COMMITTED, locking the rows it changes): a check-in is
  one row per goal and day (UNIQUE, saved with ON CONFLICT), so two devices never make two;
  a read is one REPEATABLE READ snapshot, as a SQLite read is;
- a server error, a refused login or a dropped connection is one plain StorageError.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any

from goalcli.errors import InputError, StorageError, quote
from goalcli.storage.saving import interrupts_held

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

    from goalcli.storage.store import Dialect, Store

SERVER_SCHEMES = ("postgresql://", "postgresql+psycopg://", "postgres://")
DEFAULT_SCHEMA = "public"
NEEDS_EXTRA = (
    "Using a PostgreSQL server needs the optional driver: pip install 'goalcli[postgres]'."
)
# Seconds a write waits for a row or table lock another device holds before giving up.
LOCK_TIMEOUT_S = 5
CONNECT_TIMEOUT_S = 10


def is_server_url(target: str | None) -> bool:
    return bool(target) and str(target).lower().startswith(SERVER_SCHEMES)


def masked(url: str) -> str:
    """The URL with any password replaced by ***, for every message that shows it."""
    return re.sub(r"(://[^/@:]*):[^/@]*@", r"\1:***@", url)


# PostgreSQL cuts a longer name to this many bytes without a word, so two profiles whose names
# begin alike would share one schema: such a name is refused instead.
MAX_SCHEMA_BYTES = 63
# Schemas the server keeps for itself: a profile there would be the server's, or the default
# database (`public`); PostgreSQL reserves every name beginning with pg_.
SYSTEM_SCHEMAS = ("public", "information_schema")


def schema_name(profile: str | None) -> str:
    """The schema a profile lives in: its name in lower case (PostgreSQL folds unquoted names,
    and a client's role is granted by that name; so on a server `Maya` and `maya` are one
    profile); the default database uses `public`. Profile names are ASCII (paths.check_name),
    so the lower-case name is the schema's exactly, byte for byte: one that would not fit, or
    would be a system schema's, is refused (exit 2), so two profiles never share a schema."""
    if profile is None:
        return DEFAULT_SCHEMA
    schema = profile.lower()
    if schema in SYSTEM_SCHEMAS or schema.startswith("pg_"):
        raise InputError(
            f"{quote(profile)} can't be a profile on a server: PostgreSQL keeps that name for "
            "its own schemas; choose another."
        )
    if len(schema.encode()) > MAX_SCHEMA_BYTES:
        raise InputError(
            f"{quote(profile)} is too long for a profile on a server: PostgreSQL keeps "
            f"schema names to {MAX_SCHEMA_BYTES} characters; choose a shorter one."
        )
    return schema


def _engine_url(url: str) -> str:
    if url.lower().startswith("postgresql+psycopg://"):
        return url
    return "postgresql+psycopg://" + url.split("://", 1)[1]


# What psycopg and the server say when a connection went away under a command.
LOST_CONNECTION = (
    "server closed the connection",
    "consuming input failed",
    "connection is closed",
    "terminating connection",
    "ssl syscall",
    "connection is lost",
)


def _lost(text: str) -> bool:
    return any(phrase in text for phrase in LOST_CONNECTION)


def _error_text(error: BaseException) -> str:
    """What the driver said (SQLAlchemy wraps it as `orig`), in lower case."""
    return str(getattr(error, "orig", None) or error).lower()


def connection_lost(error: BaseException) -> bool:
    """Whether `error` says the connection went away (rather than a refusal or a bad query)."""
    return bool(getattr(error, "connection_invalidated", False)) or _lost(_error_text(error))


def describe_server_error(error: BaseException, url: str) -> str:
    """One plain sentence for a server failure; never the SQL, its parameters or a password."""
    text = _error_text(error)
    where = f"the PostgreSQL database {masked(url)}"
    if "password authentication failed" in text or "no password supplied" in text:
        return f"The server refused the login to {where} (check the password or ~/.pgpass)."
    if "does not exist" in text and "database" in text:
        return f"There is no {where}; create it first (createdb)."
    if "connection refused" in text or "could not connect" in text or "timeout expired" in text:
        return f"Can't reach {where}; is the server running? Nothing was changed."
    if "permission denied" in text or "must be owner" in text:
        return f"Your role may not use this part of {where}; nothing was changed."
    if "lock timeout" in text or "could not serialize" in text or "deadlock" in text:
        return (
            f"Another device kept {where} busy for {LOCK_TIMEOUT_S} seconds; nothing was "
            "changed. Try again in a moment."
        )
    if _lost(text):
        return f"The connection to {where} was lost; nothing of this command was saved."
    return (
        f"{where[0].upper()}{where[1:]} could not be used; nothing was changed. (--debug shows why)"
    )


class ServerDatabase:
    """A goalcli database in one schema of a PostgreSQL database: a store.Store, as
    database.Database is."""

    encrypted = False
    passphrase = None

    def __init__(self, url: str, schema: str, engine: Engine) -> None:
        self.url = url
        self.schema = schema
        self._engine: Engine | None = engine
        self.committed = False

    @property
    def path(self) -> str:
        """How messages name the database: the URL, password masked, and the schema."""
        shown = masked(self.url)
        return shown if self.schema == DEFAULT_SCHEMA else f"{shown} (profile {self.schema})"

    @property
    def engine(self) -> Engine:
        assert self._engine is not None
        return self._engine

    @contextmanager
    def _session(self, write: bool, bookkeeping: bool = False) -> Iterator[Session]:
        from sqlalchemy.exc import DBAPIError
        from sqlmodel import Session

        try:
            with Session(self.engine, expire_on_commit=False) as session:
                if not write:
                    # One consistent snapshot for a read, as SQLite's BEGIN gives.
                    session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
                yield session
                if write:
                    with interrupts_held():  # no Ctrl-C between saving and noting it
                        session.commit()
                        self.committed = self.committed or not bookkeeping
        except DBAPIError as error:
            raise StorageError(describe_server_error(error, self.url)) from error
        except Exception as error:
            # Raw SQL (export, import) raises psycopg's own errors, not SQLAlchemy's.
            if type(error).__module__.startswith("psycopg"):
                raise StorageError(describe_server_error(error, self.url)) from error
            raise

    def read(self) -> AbstractContextManager[Session]:
        return self._session(write=False)

    def write(self, *, bookkeeping: bool = False) -> AbstractContextManager[Session]:
        """One transaction: all of it is saved on success, none of it otherwise."""
        return self._session(write=True, bookkeeping=bookkeeping)

    def forget(self) -> None:
        """Nothing to fold in: the server reclaims deleted rows itself (VACUUM)."""

    def close(self) -> None:
        """Let go of the engine; its idle connection stays in the process's pool for the next
        command of this process (see make_engine), and is closed when the process ends."""
        self._engine = None


# One engine per database and schema for the life of the process. `goal` runs one command per
# process, where this changes nothing; a process that runs several (the test suite, a program
# that embeds goalcli) connects once (a new connection costs the server a process and cold
# caches) and compiles each statement once; a kept connection the server ended meanwhile is
# replaced when the next command opens the database. Connections left idle are closed at exit.
_ENGINES: dict[tuple[str, str], Engine] = {}


def make_engine(url: str, schema: str) -> Engine:
    engine = _ENGINES.get((url, schema))
    if engine is not None:
        return engine
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise StorageError(NEEDS_EXTRA) from None
    from sqlmodel import create_engine

    engine = create_engine(
        _engine_url(url), hide_parameters=True, connect_args=_connect_args(schema)
    )
    if not _ENGINES:
        import atexit

        atexit.register(release_connections)
    _ENGINES[(url, schema)] = engine
    return engine


def release_connections() -> None:
    """Close every connection the process keeps to a server (its engines stay, with their
    compiled statements, and connect again when next used)."""
    for engine in _ENGINES.values():
        engine.dispose()


def _connect_args(schema: str) -> dict[str, Any]:
    return {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "application_name": "goalcli",
        # Every statement names tables unqualified: the profile's schema comes first.
        "options": f"-c search_path={quoted(schema)} -c lock_timeout={LOCK_TIMEOUT_S}s "
        "-c TimeZone=UTC -c DateStyle=ISO",
    }


def open_server_database(url: str, profile: str | None, *, create: bool) -> ServerDatabase | None:
    """Open (creating the profile's schema and running the migrations when asked) the goalcli
    database in `url`, schema of `profile`. None when reading and the schema has no goalcli
    tables yet, as for a missing file."""
    from sqlalchemy.exc import DBAPIError

    schema = schema_name(profile)
    kept = (url, schema) in _ENGINES
    engine = make_engine(url, schema)
    try:
        try:
            found = _prepare(engine, url, schema, create=create)
        except Exception as error:
            if not (kept and connection_lost(error)):
                raise
            # The connection kept from this process's last command was ended since (the
            # server restarted, an administrator ended it): nothing of this command was sent
            # on it but the check below, rolled back with it; once more, on a new one.
            engine.dispose()
            found = _prepare(engine, url, schema, create=create)
    except DBAPIError as error:
        engine.dispose()
        raise StorageError(describe_server_error(error, url)) from error
    except StorageError:
        engine.dispose()
        raise
    except Exception as error:
        engine.dispose()
        if type(error).__module__.startswith("psycopg"):
            raise StorageError(describe_server_error(error, url)) from error
        raise
    return ServerDatabase(url, schema, engine) if found else None


def _prepare(engine: Engine, url: str, schema: str, *, create: bool) -> bool:
    """In one transaction: check that the role may use the schema, create it and run the
    migrations when asked; whether goalcli's tables are there (False: none yet, not created)."""
    from goalcli.storage.migrations import migrate, schema_version

    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        with raw.transaction():
            # One migrator at a time per database: two devices upgrading together queue.
            raw.execute("SELECT pg_advisory_xact_lock(hashtext('goalcli migrations'))")
            usable = raw.execute(
                "SELECT has_schema_privilege(oid, 'USAGE') FROM pg_namespace WHERE nspname = %s",
                (schema,),
            ).fetchone()
            if usable is not None and not usable[0]:
                # Another client's profile: say so rather than show it as empty.
                raise StorageError(
                    f"Your role may not use the profile {schema} in {masked(url)}; "
                    "nothing was read or changed."
                )
            present = raw.execute(
                "SELECT 1 FROM information_schema.tables "
                "WHERE table_schema = %s AND table_name = '_migrations'",
                (schema,),
            ).fetchone()
            if present is None and not create:
                return False
            if present is not None:
                (count,) = raw.execute(
                    f"SELECT count(*) FROM {quoted(schema)}._migrations"
                ).fetchone()
                if count > schema_version():
                    raise StorageError(
                        f"{masked(url)} was written by a newer goalcli; upgrade goalcli "
                        "to use it (it was left as it was)."
                    )
                if count == schema_version():
                    return True
            raw.execute(f"CREATE SCHEMA IF NOT EXISTS {quoted(schema)}")
            migrate(PortableConnection(raw))
    return True


def connect_raw(url: str, *, read_only: bool = False) -> Any:
    """A psycopg connection of its own (no SQLAlchemy pool) for the whole-database work below:
    listing, reading and renaming profiles, which span several schemas."""
    try:
        import psycopg
    except ImportError:
        raise StorageError(NEEDS_EXTRA) from None
    try:
        raw = psycopg.connect(
            "postgresql://" + url.split("://", 1)[1], **_connect_args(DEFAULT_SCHEMA)
        )
    except psycopg.Error as error:
        raise StorageError(describe_server_error(error, url)) from error
    if read_only:
        # The server itself refuses any write, and every schema is read in one snapshot.
        raw.read_only = True
        raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    return raw


def quoted(identifier: str) -> str:
    """An identifier for SQL text; names come from check_name, so quoting is a second fence."""
    if '"' in identifier or "\x00" in identifier:
        raise InputError(f"{quote(identifier)} can't be a schema name.")
    return f'"{identifier}"'


class PortableConnection:
    """A psycopg connection that takes the SQL the migrations are written in (SQLite's dialect,
    the common subset of both): `?` placeholders, and the two types that differ.

    - `INTEGER PRIMARY KEY` is SQLite's row id (numbered by the database): an identity column;
    - `REAL` is an 8-byte float in SQLite but 4 bytes in PostgreSQL: DOUBLE PRECISION;
    - PRAGMA statements are SQLite's own and are skipped."""

    dialect: Dialect = "postgresql"

    def __init__(self, raw: Any) -> None:
        self._raw = raw

    def execute(self, sql: str, parameters: Any = ()) -> Any:
        if sql.lstrip().upper().startswith("PRAGMA"):
            return self._raw.execute("SELECT 1")
        return self._raw.execute(postgres_sql(sql), parameters)

    def executemany(self, sql: str, rows: Any) -> None:
        rows = list(rows)
        if rows:
            self._raw.cursor().executemany(postgres_sql(sql), rows)

    def columns(self, table: str) -> set[str]:
        """The columns of `table` in the schema first on the search path (none: no table)."""
        found = self._raw.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s",
            (table,),
        )
        return {row[0] for row in found}

    def one_import_at_a_time(self) -> None:
        """An import first locks the intake and goal tables against other writers of them
        (reads go on): two devices importing one file at once would each see none of it there
        and both add it. The second waits, then finds the first's rows and skips them, as on
        SQLite, whose BEGIN IMMEDIATE lets one writer in at a time."""
        self._raw.execute("LOCK TABLE intake, goal IN SHARE ROW EXCLUSIVE MODE")

    def realign_ids(self) -> None:
        """After rows were written with their own ids (an import): the next id the server
        hands out follows the largest, as SQLite's row ids do. A migration calls it too, before
        later migrations have made every table: those are left out."""
        for table in ID_TABLES:
            if not self.columns(table):
                continue
            # A change's id is never handed out twice (`goal undo` names the change it showed):
            # its sequence only moves on, even when `goal delete` took the largest ids.
            never_back = (
                f", coalesce(pg_sequence_last_value(pg_get_serial_sequence('{table}', 'id')"
                "::regclass), 0) + 1"
                if table == "goal_change"
                else ""
            )
            self._raw.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"greatest(coalesce(max(id), 0) + 1{never_back}), false) FROM {table}"
            )


# The tables whose id the database numbers (INTEGER PRIMARY KEY).
ID_TABLES = ("intake", "goal", "step", "checkin", "review", "goal_change", "member")


def postgres_sql(sql: str) -> str:
    sql = re.sub(
        r"\bINTEGER PRIMARY KEY\b",
        "INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
        sql,
    )
    sql = re.sub(r"\bREAL\b", "DOUBLE PRECISION", sql)
    return sql.replace("%", "%%").replace("?", "%s")


if TYPE_CHECKING:
    _: type[Store] = ServerDatabase  # mypy checks that it offers the whole interface
