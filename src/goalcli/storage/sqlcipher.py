"""Unlocking an encrypted database (SQLCipher, the optional extra): trying passphrases until
one opens it, and refusing a file that is not an encrypted goalcli database.

Its header is unreadable, so a file that is not plain SQLite is taken for an encrypted goalcli
database only once a passphrase opens it and it carries goalcli's application_id; until then it
is left untouched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from goalcli.errors import StorageError
from goalcli.storage.migrations import APPLICATION_ID, schema_version
from goalcli.storage.probe import connect, describe_sqlite_error, sql_errors

if TYPE_CHECKING:
    from goalcli.storage.passphrase import Passphrases


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


_handed_over: dict[Path, tuple[str, sqlite3.Connection | None, int]] = {}
"""Unlocked databases the flag form of `goal log` (storage/quick.py) gave way on, by path: in
this process's memory only, for the one command it runs."""


def hand_over(
    path: Path, passphrase: str, connection: sqlite3.Connection | None, version: int
) -> None:
    """Leave the passphrase that opened `path` (and its keyed connection, unless None) to the
    next `unlock` of it in this process: the full path then neither asks for the passphrase
    again nor derives the key a second time."""
    _handed_over[path.absolute()] = (passphrase, connection, version)


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

    handed = _handed_over.pop(path.absolute(), None)
    if handed is not None:
        passphrase, connection, version = handed
        if connection is not None and not read_only:
            return connection, passphrase, version
        if connection is not None:
            connection.close()
        known = (passphrase, *known)
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
