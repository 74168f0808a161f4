"""Backups and restores: consistent, private, checked, and never losing the current database."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from goalcli.storage import migrations, probe
from goalcli.storage.database import open_database
from lib.database import dump_read_only
from lib.files import mode
from lib.terminal import spawn_goal

BACKUP_LINE = re.compile(r"to (\S+\.db)")


def moods(path: Path) -> list[tuple[str, int]]:
    connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return list(connection.execute("SELECT day, mood FROM mood ORDER BY day"))
    finally:
        connection.close()


def written_to(result: Result) -> Path:
    match = BACKUP_LINE.search(result.output)
    assert match, result.output
    return Path(match.group(1))


def make_backup(goal: Callable[..., Result]) -> Path:
    result = goal("backup")
    assert result.exit_code == 0, result.output
    return written_to(result)


@pytest.fixture
def logged(planned: Callable[..., Result]) -> Callable[..., Result]:
    assert planned("log", "1", "--value", "10", "--mood", "4", "--date", "today").exit_code == 0
    return planned


# --- backup ------------------------------------------------------------------------------------


def test_backup_is_a_private_self_contained_copy(
    logged: Callable[..., Result], db_path: Path, umask_022: None
) -> None:
    result = logged("backup")
    assert result.exit_code == 0, result.output
    target = written_to(result)
    assert target.parent == db_path.parent / "backups"
    assert re.fullmatch(r"goals-\d{8}-\d{6}\.db", target.name)
    assert mode(target) == 0o600
    assert mode(target.parent) == 0o700
    assert "readable only by you" in result.output
    assert dump_read_only(target) == dump_read_only(db_path)
    header = target.read_bytes()[:100]
    assert header[18] == header[19] == 1  # rollback journal: no -wal needed to read it
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


def test_two_backups_in_one_second_get_two_names(
    logged: Callable[..., Result], db_path: Path
) -> None:
    first, second = make_backup(logged), make_backup(logged)
    assert first != second
    assert first.exists() and second.exists()


def test_backup_to_a_path_or_folder_never_overwrites(
    logged: Callable[..., Result], tmp_path: Path
) -> None:
    chosen = tmp_path / "mine.db"
    assert logged("backup", str(chosen)).exit_code == 0
    assert mode(chosen) == 0o600
    folder = tmp_path / "folder"
    folder.mkdir()
    into_folder = logged("backup", str(folder))
    assert into_folder.exit_code == 0
    assert written_to(into_folder).parent == folder
    existing = tmp_path / "keep.txt"
    existing.write_text("mine")
    refused = logged("backup", str(existing))
    assert refused.exit_code == 2
    assert existing.read_text() == "mine"


def test_backup_without_a_database_creates_nothing(
    goal: Callable[..., Result], db_path: Path
) -> None:
    result = goal("backup")
    assert result.exit_code == 1
    assert "nothing to back up" in result.output
    assert not db_path.parent.exists()


def test_backup_is_consistent_while_another_connection_is_writing(
    logged: Callable[..., Result], db_path: Path
) -> None:
    committed = moods(db_path)
    writer = sqlite3.connect(db_path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO mood (day, mood, updated_at) VALUES ('2026-11-01', 9, 'x')")
        target = make_backup(logged)  # does not wait for, nor see, the open transaction
        writer.execute("COMMIT")
    finally:
        writer.close()
    assert moods(target) == committed
    connection = sqlite3.connect(target)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        connection.close()
    assert ("2026-11-01", 9) in moods(db_path)


# --- restore -----------------------------------------------------------------------------------


def test_restore_asks_keeps_the_current_database_and_replaces_it(
    logged: Callable[..., Result], db_path: Path
) -> None:
    saved = make_backup(logged)
    saved_dump = dump_read_only(saved)
    assert logged("log", "2", "--value", "3", "--mood", "8", "--date", "yesterday").exit_code in (
        0,
        2,
    )
    assert logged("log", "1", "--value", "12").exit_code == 0
    current_dump = dump_read_only(db_path)
    assert current_dump != saved_dump

    refused = logged("restore", str(saved))
    assert refused.exit_code == 2
    assert "--yes" in refused.output
    assert dump_read_only(db_path) == current_dump

    result = logged("restore", "--yes", str(saved))
    assert result.exit_code == 0, result.output
    kept = written_to(result)
    assert "first" in result.output
    assert dump_read_only(kept) == current_dump
    assert mode(kept) == 0o600
    assert dump_read_only(db_path) == saved_dump
    assert mode(db_path) == 0o600
    assert [p.name for p in db_path.parent.iterdir() if p.name.startswith(".")] == []
    listed = logged("list", "--format", "json")
    assert listed.exit_code == 0
    assert len(json.loads(listed.output)) == 2


def _corrupt_copy(source: Path, target: Path) -> None:
    """Overwrite the cells of the check-in table's page, leaving the file header valid."""
    shutil.copyfile(source, target)
    connection = sqlite3.connect(target)
    try:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'step'"
        ).fetchone()[0]
    finally:
        connection.close()
    start = (root - 1) * page_size
    with target.open("r+b") as handle:
        handle.seek(start + 5)
        content = int.from_bytes(handle.read(2), "big")  # where the page's cells begin
        handle.seek(start + content)
        handle.write(b"\xa5" * (page_size - content))
    header = target.read_bytes()[:100]
    assert header == source.read_bytes()[:100]


def test_restore_refuses_a_backup_that_fails_the_integrity_check(
    logged: Callable[..., Result], db_path: Path, tmp_path: Path
) -> None:
    saved = make_backup(logged)
    damaged = tmp_path / "damaged.db"
    _corrupt_copy(saved, damaged)
    before = db_path.read_bytes()
    backups_before = sorted((db_path.parent / "backups").iterdir())
    result = logged("restore", "--yes", str(damaged))
    assert result.exit_code == 1, result.output
    assert "integrity check" in result.output or "damaged" in result.output
    assert "nothing was changed" in result.output
    assert db_path.read_bytes() == before
    assert sorted((db_path.parent / "backups").iterdir()) == backups_before
    assert [p.name for p in db_path.parent.iterdir() if p.name.startswith(".")] == []


def test_restore_refuses_foreign_newer_and_missing_files(
    logged: Callable[..., Result], db_path: Path, tmp_path: Path
) -> None:
    before = db_path.read_bytes()
    foreign = tmp_path / "other.db"
    other = sqlite3.connect(foreign)
    other.execute("CREATE TABLE t (x)")
    other.commit()
    other.close()
    assert logged("restore", "--yes", str(foreign)).exit_code == 1
    newer = tmp_path / "newer.db"
    shutil.copyfile(make_backup(logged), newer)
    connection = sqlite3.connect(newer)
    connection.execute(f"PRAGMA user_version = {migrations.schema_version() + 1}")
    connection.commit()
    connection.close()
    newer_result = logged("restore", "--yes", str(newer))
    assert newer_result.exit_code == 1
    assert "newer goalcli" in newer_result.output
    assert logged("restore", "--yes", str(tmp_path / "missing.db")).exit_code == 2
    assert db_path.read_bytes() == before


@pytest.mark.parametrize(
    ("damage", "named"),
    [
        ("DROP TABLE checkin", "lacks goalcli's checkin"),
        ("ALTER TABLE goal DROP COLUMN unit", "lacks goalcli's goal.unit"),
    ],
)
def test_restore_refuses_a_file_with_goalcli_header_numbers_but_not_its_tables(
    logged: Callable[..., Result], db_path: Path, tmp_path: Path, damage: str, named: str
) -> None:
    """The header's numbers are easy to copy; the tables and columns are what commands need."""
    before = db_path.read_bytes()
    impostor = tmp_path / "impostor.db"
    shutil.copyfile(make_backup(logged), impostor)
    connection = sqlite3.connect(impostor)
    connection.execute(damage)
    connection.commit()
    connection.close()
    result = logged("restore", "--yes", str(impostor))
    assert result.exit_code == 1, result.output
    assert named in result.stderr and "nothing was changed" in result.stderr
    assert db_path.read_bytes() == before


def test_restoring_an_older_backup_upgrades_it_on_next_use(
    goal: Callable[..., Result], db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "old.db"
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
        database = open_database(old, create=True)
        assert database is not None
        database.close()
    result = goal("restore", "--yes", str(old))
    assert result.exit_code == 0, result.output
    assert goal("list").exit_code == 0
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == (
            migrations.schema_version()
        )
    finally:
        connection.close()


def test_a_stale_wal_of_the_old_database_is_not_replayed_onto_the_restored_one(
    logged: Callable[..., Result], db_path: Path, tmp_path: Path
) -> None:
    saved = make_backup(logged)
    saved_dump = dump_read_only(saved)
    # Leave committed but un-checkpointed pages in goals.db-wal, as after a crash.
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("INSERT INTO mood (day, mood, updated_at) VALUES ('2026-10-01', 1, 'x')")
    for name in (db_path.name, f"{db_path.name}-wal"):
        shutil.copyfile(db_path.parent / name, crashed / name)
    writer.close()
    for name in (db_path.name, f"{db_path.name}-wal"):
        shutil.copyfile(crashed / name, db_path.parent / name)
    Path(f"{db_path}-shm").unlink(missing_ok=True)
    assert Path(f"{db_path}-wal").stat().st_size > 0

    result = logged("restore", "--yes", str(saved))
    assert result.exit_code == 0, result.output
    assert ("2026-10-01", 1) in moods(written_to(result))  # the WAL's data is in the safety copy
    assert not Path(f"{db_path}-wal").exists()
    assert dump_read_only(db_path) == saved_dump


def test_restore_refuses_while_another_program_holds_the_database(
    logged: Callable[..., Result], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = make_backup(logged)
    # backup.py's connections come from probe.connect, which reads the timeout there.
    monkeypatch.setattr(probe, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("BEGIN")
        holder.execute("SELECT count(*) FROM goal").fetchone()
        before = dump_read_only(db_path)
        result = logged("restore", "--yes", str(saved))
    finally:
        holder.close()
    assert result.exit_code == 1, result.output
    assert "nothing was changed" in result.output
    assert "Backed up" not in result.output
    assert dump_read_only(db_path) == before
    assert sorted(p.name for p in (db_path.parent / "backups").iterdir()) == [saved.name]


def test_restore_waits_for_a_program_that_lets_go_within_the_busy_timeout(
    logged: Callable[..., Result], db_path: Path
) -> None:
    """SQLite leaves WAL mode only when no other connection is open, and fails at once (its
    busy handler is not called for that): a `watch goal report` open at the wrong moment made
    restore refuse at once (CI, 2026-12-06). probe.leave_wal waits for it, as encrypt does."""
    saved = make_backup(logged)
    holder = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    holder.execute("SELECT count(*) FROM goal").fetchone()  # open, idle, in WAL mode
    letting_go = threading.Timer(0.6, holder.close)
    letting_go.start()
    try:
        started = time.monotonic()
        result = logged("restore", "--yes", str(saved))
        waited = time.monotonic() - started
    finally:
        letting_go.join()
    assert result.exit_code == 0, result.output
    assert "Restored" in result.output
    assert waited >= 0.5  # it did meet the open connection, and waited for it
    assert dump_read_only(db_path) == dump_read_only(saved)


def test_restore_asks_in_a_real_terminal(logged: Callable[..., Result], db_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    saved = make_backup(logged)
    assert logged("log", "1", "--value", "12", "--note", "after the backup").exit_code == 0
    current = dump_read_only(db_path)

    def restore_answering(answer: str) -> tuple[int, str]:
        child = spawn_goal("restore", str(saved))
        child.expect(r"(?s)Replace the database .*\[y/N\]")  # wrapped to the terminal
        child.sendline(answer)
        child.expect(pexpect.EOF)
        child.close()
        return child.exitstatus, child.before

    status, output = restore_answering("n")
    assert status == 0 and "Nothing was changed" in output
    assert dump_read_only(db_path) == current
    status, output = restore_answering("y")
    assert status == 0, output
    assert "Restored" in output
    assert dump_read_only(db_path) == dump_read_only(saved)
