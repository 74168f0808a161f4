"""Histories that many tests start from, built once per session and copied for each test.

A fixture that builds a history through the real commands (an intake, a fortnight of check-ins,
a few edits) hands the building to `snapshot(KEY, build)`. The first test of the session (per
xdist worker: each has its own) that asks runs `build()` against its own database, exactly as
before; the database it leaves is then kept. Every later test that asks for the same KEY gets a
fresh copy of that database instead of running the commands again: on SQLite a copy of the file
(shutil.copy2: the same bytes and the same 0600 mode the commands gave it); on PostgreSQL the
rows of every table (COPY, binary: the same values) and where each sequence stood, loaded into
the test's database after emptying it, or, when the builder changed more than rows (a profile's
schema), a database made with `CREATE DATABASE ... TEMPLATE` put in place of the test's. Each
test still owns its copy, so the tests stay independent of each other and of their order.

What a builder may do: run goal commands against the database GOALCLI_DB names (set by the
`isolated` fixture, or by `engine` on a server) and read or write input files of its own. It may
not leave anything else in the data folder (a backup, a second profile, a WAL file): that would
not be in the copy, so `snapshot` refuses it with an AssertionError naming the files. The KEY
names what is built; goalcli's settings in the environment (the fixed today, a passphrase
command, ...), the umask and the engine are part of it, so a builder run under other
circumstances is built again.
"""

from __future__ import annotations

import os
import shutil
import stat
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from lib.pg_reuse import SavedRows

# The `snapshot` fixture: snapshot(KEY, build).
Snapshot = Callable[[str, Callable[[], object]], None]


def _circumstances() -> str:
    """What else a builder's commands depend on: goalcli's settings in the environment (today,
    a passphrase command, the test-only key derivation...; not the database's own path) and the
    umask the files are made under."""
    umask = os.umask(0o077)
    os.umask(umask)
    settings = sorted(
        (name, value)
        for name, value in os.environ.items()
        if name.startswith("GOALCLI_") and name != "GOALCLI_DB"
    )
    return f"{settings!r} umask={umask:o}"


def _only_the_database(key: str, db: Path, may_be_missing: bool = False) -> None:
    others = sorted(path.name for path in db.parent.glob("*") if path != db)
    assert (db.is_file() or may_be_missing) and not others, (
        f"snapshot {key!r}: {others or 'no database'} beside {db.name} in {db.parent}; "
        "a snapshot holds the database file only"
    )


def _database_name(url: str) -> str:
    return url.partition("?")[0].rsplit("/", 1)[1]


class Snapshots:
    """The databases built so far this session: SQLite files in `folder`, and the names of
    template databases on the test server (dropped at the end of the session)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: dict[tuple[str, str], tuple[Path, int]] = {}
        # On the server: the rows saved (lib/pg_reuse.py), or the name of a copy of the database.
        self.server: dict[tuple[str, ...], SavedRows | str] = {}

    def restore_or_build(self, key: str, build: Callable[[], object]) -> None:
        target = os.environ.get("GOALCLI_DB")
        if not target:  # the default location or a profile: nothing to copy into
            build()
            return
        full_key = (key, _circumstances())
        if "://" in target:
            self._on_server(full_key, target, build)
        else:
            self._on_file(full_key, Path(target), build)

    def _on_file(self, key: tuple[str, str], db: Path, build: Callable[[], object]) -> None:
        saved = self.files.get(key)
        if saved is not None:
            # In place of what the test's database holds so far: nothing, or the history this
            # one builds on (such as `planned`'s), closed and whole (no WAL file beside it).
            _only_the_database(key[0], db, may_be_missing=True)
            copy, folder_mode = saved
            db.parent.mkdir(parents=True, exist_ok=True)
            db.parent.chmod(folder_mode)  # as the commands left the data folder
            shutil.copy2(copy, db)
            return
        build()
        _only_the_database(key[0], db)
        copy = self.folder / f"{len(self.files)}.db"
        shutil.copy2(db, copy)
        self.files[key] = (copy, stat.S_IMODE(db.parent.stat().st_mode))

    def _on_server(self, key: tuple[str, ...], url: str, build: Callable[[], object]) -> None:
        from lib.pg_reuse import LENT

        reused = LENT.get(_database_name(url))
        # Rows saved from one kind of database (empty, migrated) fit that kind only.
        key = (*key, reused.baseline.fingerprint if reused is not None else "")
        saved = self.server.get(key)
        if saved is not None:
            if isinstance(saved, str):
                if reused is not None:
                    reused.release()
                self._database_in_place(url, saved)
            else:
                assert reused is not None
                reused.restore_rows(saved)
            return
        build()
        rows = reused.save_rows() if reused is not None else None
        if rows is None and reused is not None:
            reused.release()
        self.server[key] = rows if rows is not None else self._copy_of_database(url)

    def _database_in_place(self, url: str, saved: str) -> None:
        """Put a copy of the saved database in place of the test's, under the same name and
        URL (for a history that made more than rows: a profile's schema...)."""
        from lib.postgres import PG_URL_ENV, admin, copy_database

        name = _database_name(url)
        with admin(os.environ[PG_URL_ENV]) as connection:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            connection.execute(copy_database(connection, name, saved))

    def _copy_of_database(self, url: str) -> str:
        from lib.postgres import PG_URL_ENV, admin, copy_database

        # goal's commands close their connections (the engine is disposed); PostgreSQL copies a
        # database only while nobody is connected, and waits a few seconds for them to leave.
        copy = f"goalcli_snapshot_{uuid.uuid4().hex[:12]}"
        with admin(os.environ[PG_URL_ENV]) as connection:
            connection.execute(copy_database(connection, copy, _database_name(url)))
        return copy

    def drop_server_copies(self) -> None:
        if not self.server:
            return
        from lib.postgres import PG_URL_ENV, admin

        with admin(os.environ[PG_URL_ENV]) as connection:
            for name in self.server.values():
                if isinstance(name, str):
                    connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def _snapshots(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Snapshots]:
    snapshots = Snapshots(tmp_path_factory.mktemp("snapshots"))
    try:
        yield snapshots
    finally:
        snapshots.drop_server_copies()


@pytest.fixture
def snapshot(_snapshots: Snapshots) -> Snapshot:
    """`snapshot(KEY, build)`: give this test's (still empty) database the history `build()`
    makes, built through the real commands once per session and copied afterwards."""

    return _snapshots.restore_or_build
