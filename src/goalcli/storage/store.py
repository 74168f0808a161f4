"""The one interface both databases offer: `Store` for the commands, `SqlConnection` for the
modules that speak plain SQL (migrations, export and import).

A database is a SQLite file (database.Database, also encrypted with SQLCipher) or a schema on
a PostgreSQL server (server.ServerDatabase). The commands hold a `Store` and never ask which
one it is; where the two engines differ under plain SQL (a server needs its id sequences moved
on after rows were written with their own ids, and a lock so two imports queue), the
connection says so through a method that is a no-op on SQLite.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

if TYPE_CHECKING:
    from sqlmodel import Session


class Store(Protocol):
    """A goalcli database as the commands use it: read and write transactions, and what they
    need to know about it afterwards."""

    @property
    def committed(self) -> bool:
        """Whether a write of this process was committed: what goes wrong afterwards (printing
        the confirmation, a note) must not be reported as if nothing had been saved."""
        ...

    @property
    def encrypted(self) -> bool: ...

    @property
    def passphrase(self) -> str | None: ...

    def read(self) -> AbstractContextManager[Session]:
        """A read-only view; it sees one consistent snapshot."""
        ...

    def write(self, *, bookkeeping: bool = False) -> AbstractContextManager[Session]:
        """One transaction: all of it is saved on success, none of it otherwise."""
        ...

    def forget(self) -> None:
        """After deleting private data: make sure it leaves the files too."""
        ...

    def close(self) -> None:
        """Release the connections; called only by the command's state (cli.AppState)."""
        ...


Dialect = Literal["sqlite", "postgresql"]


@runtime_checkable
class SqlConnection(Protocol):
    """The connection under a transaction, speaking SQLite's SQL (the subset both engines
    share, see migrations.py): LocalConnection over sqlite3 (or SQLCipher), or
    server.PortableConnection over psycopg."""

    @property
    def dialect(self) -> Dialect: ...

    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...

    def executemany(self, sql: str, rows: Iterable[Any], /) -> Any: ...

    def one_import_at_a_time(self) -> None:
        """Make a second import into this database wait until this one is committed."""
        ...

    def realign_ids(self) -> None:
        """After rows were written with their own ids: the next id handed out follows the
        largest."""
        ...


class LocalConnection:
    """A SQLite (or SQLCipher) connection as a SqlConnection."""

    dialect: Dialect = "sqlite"

    def __init__(self, raw: sqlite3.Connection) -> None:
        self.raw = raw

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        return self.raw.execute(sql, parameters)

    def executemany(self, sql: str, rows: Iterable[Any], /) -> sqlite3.Cursor:
        return self.raw.executemany(sql, rows)

    def one_import_at_a_time(self) -> None:
        """Nothing to do: the write's BEGIN IMMEDIATE already lets one writer in at a time."""

    def realign_ids(self) -> None:
        """Nothing to do: SQLite numbers a new row after the largest id by itself."""


def sql_connection(connection: SqlConnection | sqlite3.Connection) -> SqlConnection:
    """`connection` as a SqlConnection: a plain sqlite3 (or SQLCipher) one is wrapped."""
    if isinstance(connection, SqlConnection):
        return connection
    return LocalConnection(connection)
