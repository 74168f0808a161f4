"""Storage promises: private files, refusal of foreign files, pragmas, transactions (locking,
with real processes holding the database, is tests/robustness/test_locks.py).

Commands that must behave like a real run (umask, tracebacks, a second process holding the
database) run as a subprocess with `python -m goalcli`; the rest use the in-process `goal`
fixture, which is faster.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import Result

from goalcli.errors import StorageError
from goalcli.storage.database import open_database
from lib.files import mode

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MOOD_PLAN = str(EXAMPLES / "elevate-mood.toml")
SENTINEL = "SENTINEL-7f3a"


def cli(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """Run goalcli as a real process; the environment carries GOALCLI_DB and GOALCLI_TODAY."""
    return subprocess.run(
        [sys.executable, "-m", "goalcli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(os.environ),
    )


def count(db_path: Path, sql: str) -> int:
    db = sqlite3.connect(db_path)
    try:
        return db.execute(sql).fetchone()[0]
    finally:
        db.close()


@pytest.fixture(autouse=True)
def keep_umask() -> Iterator[None]:
    """The in-process CLI sets umask 077; put the test process's umask back afterwards."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield
    os.umask(previous)


# --- private files -----------------------------------------------------------------------------


def test_files_are_private_under_umask_022(umask_022: None, db_path: Path) -> None:
    created = cli("intake", "--answers", MOOD_PLAN)
    assert created.returncode == 0, created.stderr
    assert mode(db_path.parent) == 0o700
    assert mode(db_path) == 0o600

    logged = cli("log", "1", "--value", "12", "--mood", "6", "--note", "a good walk")
    assert logged.returncode == 0, logged.stderr
    assert mode(db_path.parent) == 0o700
    for entry in db_path.parent.iterdir():
        assert mode(entry) == 0o600, entry.name
    # No half-built database is left beside the real one.
    assert sorted(p.name for p in db_path.parent.iterdir() if p.name.startswith(".")) == []


def test_wal_and_shm_are_private_while_open(umask_022: None, db_path: Path) -> None:
    database = open_database(db_path, create=True)
    assert database is not None
    try:
        from goalcli.storage.models import Mood

        with database.write() as session:
            session.add(Mood(day=date(2026, 11, 20), mood=5, updated_at="x"))
            session.flush()
            wal, shm = Path(f"{db_path}-wal"), Path(f"{db_path}-shm")
            assert wal.exists()
            assert shm.exists()
            assert mode(wal) == 0o600
            assert mode(shm) == 0o600
        assert mode(db_path) == 0o600
        assert mode(db_path.parent) == 0o700
    finally:
        database.close()


def test_default_data_directory_is_private(
    umask_022: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GOALCLI_DB")
    xdg = tmp_path / "xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(xdg))
    (xdg / "goalcli").mkdir(parents=True, mode=0o755)  # e.g. made by hand, before goalcli
    assert mode(xdg / "goalcli") == 0o755

    result = cli("intake", "--answers", MOOD_PLAN)

    assert result.returncode == 0, result.stderr
    assert mode(xdg / "goalcli") == 0o700
    assert mode(xdg / "goalcli" / "goals.db") == 0o600


def test_a_loosened_database_is_tightened_when_opened(
    goal: Callable[..., Result], db_path: Path
) -> None:
    assert goal("intake", "--answers", MOOD_PLAN).exit_code == 0
    db_path.chmod(0o644)
    assert goal("report").exit_code == 0
    assert mode(db_path) == 0o600


def test_a_read_only_database_is_not_made_writable(
    goal: Callable[..., Result], db_path: Path
) -> None:
    assert goal("intake", "--answers", MOOD_PLAN).exit_code == 0
    db_path.chmod(0o400)
    goal("report")
    assert mode(db_path) == 0o400


# --- reading never creates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("report",),
        ("report", "--format", "json"),
        ("report", "--format", "markdown"),
        ("list",),
        ("list", "--all", "--format", "json"),
    ],
)
def test_reading_without_a_database_creates_nothing(
    goal: Callable[..., Result], db_path: Path, args: tuple[str, ...]
) -> None:
    result = goal(*args)
    assert result.exit_code == 0, result.output
    assert not db_path.exists()
    assert not db_path.parent.exists()


def test_log_without_a_database_creates_nothing(goal: Callable[..., Result], db_path: Path) -> None:
    result = goal("log", "1", "--value", "3")
    assert result.exit_code == 1, result.output
    assert "goal intake" in result.stderr
    assert not db_path.parent.exists()


# --- foreign files -----------------------------------------------------------------------------


def _other_programs_database(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE foo (id INTEGER PRIMARY KEY, bar TEXT)")
    db.execute("INSERT INTO foo (bar) VALUES ('theirs')")
    db.commit()
    db.close()


FOREIGN = {
    "text": lambda path: path.write_text("Dear diary,\nthis is not a database.\n"),
    "empty": lambda path: path.write_bytes(b""),
    "random": lambda path: path.write_bytes(bytes(range(256)) * 64),
    "sqlite-header-only": lambda path: path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 50),
    "other-program": _other_programs_database,
}

WRITERS_AND_READERS = [
    ("report",),
    ("list",),
    ("log", "1", "--value", "3"),
    ("intake", "--answers", MOOD_PLAN),
]


def _snapshot(path: Path) -> tuple[bytes | None, list[str]]:
    contents = path.read_bytes() if path.is_file() else None
    return contents, sorted(p.name for p in path.parent.iterdir())


@pytest.mark.parametrize("args", WRITERS_AND_READERS, ids=lambda a: a[0])
@pytest.mark.parametrize("kind", sorted(FOREIGN))
def test_foreign_files_are_refused_untouched(
    goal: Callable[..., Result], db_path: Path, kind: str, args: tuple[str, ...]
) -> None:
    db_path.parent.mkdir(parents=True)
    FOREIGN[kind](db_path)
    before = _snapshot(db_path)

    result = goal(*args)

    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("goal: ")
    assert str(db_path) in result.stderr
    assert "Traceback" not in result.output
    assert _snapshot(db_path) == before  # same bytes, and no -wal, -shm or -journal beside it


@pytest.mark.parametrize("args", WRITERS_AND_READERS, ids=lambda a: a[0])
def test_a_directory_at_the_database_path_is_refused(
    goal: Callable[..., Result], db_path: Path, args: tuple[str, ...]
) -> None:
    db_path.mkdir(parents=True)
    (db_path / "keep.txt").write_text("mine")

    result = goal(*args)

    assert result.exit_code == 1, result.output
    assert "folder" in result.stderr
    assert "Traceback" not in result.output
    assert sorted(p.name for p in db_path.iterdir()) == ["keep.txt"]
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["goals.db"]


@pytest.mark.parametrize("args", [("intake", "--answers", MOOD_PLAN), ("log", "1", "--value", "3")])
def test_a_path_under_a_regular_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("my notes")
    monkeypatch.setenv("GOALCLI_DB", str(blocker / "sub" / "goals.db"))

    result = cli(*args)

    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("goal: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert blocker.read_text() == "my notes"


def test_no_traceback_without_debug_and_one_with_it(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_text("not a database")

    plain = cli("report")
    debug = cli("--debug", "report")

    assert plain.returncode == 1
    assert plain.stderr.startswith("goal: ")
    assert "Traceback" not in plain.stderr + plain.stdout
    assert debug.returncode != 0
    assert "Traceback (most recent call last)" in debug.stderr
    assert "StorageError" in debug.stderr
    assert db_path.read_text() == "not a database"


def _write_lock_is_free(db_path: Path) -> bool:
    probe = sqlite3.connect(db_path, isolation_level=None, timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return False
    else:
        probe.execute("ROLLBACK")
        return True
    finally:
        probe.close()


def test_write_transactions_begin_immediate(db_path: Path) -> None:
    """A write takes the write lock at its start, before its first statement writes anything."""
    from sqlalchemy import text

    database = open_database(db_path, create=True)
    assert database is not None
    try:
        with database.write() as session:
            assert session.execute(text("SELECT count(*) FROM goal")).scalar() == 0
            assert not _write_lock_is_free(db_path)
        assert _write_lock_is_free(db_path)
        with database.read() as session:
            assert session.execute(text("SELECT count(*) FROM goal")).scalar() == 0
            assert _write_lock_is_free(db_path)
    finally:
        database.close()


# --- the engine --------------------------------------------------------------------------------


def test_pragmas_on_every_engine_connection(db_path: Path) -> None:
    database = open_database(db_path, create=True)
    assert database is not None
    try:
        first = database.engine.connect()
        second = database.engine.connect()  # a second pooled connection gets them too
        try:
            for connection in (first, second):

                def pragma(name: str, connection=connection) -> object:
                    return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

                assert pragma("foreign_keys") == 1
                assert str(pragma("journal_mode")).lower() == "wal"
                assert int(pragma("busy_timeout")) >= 5000  # type: ignore[arg-type]
                assert pragma("secure_delete") == 1
        finally:
            first.close()
            second.close()
        assert database.engine.hide_parameters is True
    finally:
        database.close()


def test_a_failed_write_writes_nothing(db_path: Path) -> None:
    from goalcli.storage.models import Mood

    database = open_database(db_path, create=True)
    assert database is not None
    try:
        with pytest.raises(RuntimeError, match="midway"), database.write() as session:
            session.add(Mood(day=date(2026, 11, 20), mood=4, updated_at="x"))
            session.flush()
            assert count_in(session, "mood") == 1  # the first insert did happen...
            raise RuntimeError("midway")
            session.add(Mood(day=date(2026, 11, 21), mood=5, updated_at="x"))  # never reached
        assert count(db_path, "SELECT count(*) FROM mood") == 0  # ...and was undone

        with database.write() as session:  # the same two inserts, uninterrupted, both land
            session.add(Mood(day=date(2026, 11, 20), mood=4, updated_at="x"))
            session.flush()
            session.add(Mood(day=date(2026, 11, 21), mood=5, updated_at="x"))
        assert count(db_path, "SELECT count(*) FROM mood") == 2
    finally:
        database.close()


def count_in(session: object, table: str) -> int:
    from sqlalchemy import text

    return session.execute(text(f"SELECT count(*) FROM {table}")).scalar()  # type: ignore[attr-defined]


def test_foreign_keys_are_enforced_and_parameters_hidden(db_path: Path) -> None:
    from goalcli.storage.models import CheckIn

    database = open_database(db_path, create=True)
    assert database is not None
    try:
        with pytest.raises(StorageError) as caught, database.write() as session:
            session.add(
                CheckIn(
                    goal_id=999,
                    day=date(2026, 11, 20),
                    value=1,
                    note=SENTINEL,
                    created_at="x",
                    updated_at="x",
                )
            )
        error = caught.value
        assert SENTINEL not in str(error)
        assert error.__cause__ is not None
        assert SENTINEL not in str(error.__cause__)  # what --debug would print
        assert "FOREIGN KEY" in str(error.__cause__)
    finally:
        database.close()
    assert count(db_path, "SELECT count(*) FROM checkin") == 0


def test_deleted_text_does_not_linger_in_the_file(
    goal: Callable[..., Result], db_path: Path
) -> None:
    from sqlalchemy import text

    assert goal("intake", "--answers", MOOD_PLAN).exit_code == 0
    assert goal("log", "1", "--value", "3", "--note", f"{SENTINEL} private words").exit_code == 0
    assert SENTINEL.encode() in db_path.read_bytes()  # checkpointed into the file on close

    database = open_database(db_path, create=False)
    assert database is not None
    try:
        with database.write() as session:
            session.execute(text("DELETE FROM checkin"))
    finally:
        database.close()

    assert not Path(f"{db_path}-wal").exists()
    assert SENTINEL.encode() not in db_path.read_bytes()
