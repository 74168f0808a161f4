"""Issue 24: `kill -9` during `goal decrypt`, `goal encrypt` or `goal passphrase` leaves no copy
behind that survives the next command, and the database is whole, with every row, under the
passphrase of the side of the swap the kill fell on.

Each run starts from a copy of one history (a few MB of notes holding a sentinel, so the
rewrite takes long enough to be caught in the middle), starts the real command, waits for its
rewrite file to appear beside the database and kills it at once or a moment later. Then the
next command (`goal status`, the fastest one) runs, and nothing but the database (and its
-wal/-shm) may be left; no file but a plain database may hold the sentinel; a plain copy the
kill left is overwritten before it goes (read through a descriptor the test kept open).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lib.encryption import OTHER_PASSPHRASE, PASSPHRASE, is_plain_sqlite, keyed, passphrase_script
from lib.paths import EXAMPLES
from lib.processes import goal_process

SENTINEL = "PLAINTEXT-SENTINEL-c41e"
DAYS = 2500  # check-ins per goal: about 3 MB of notes
COUNTS = "SELECT (SELECT count(*) FROM goal), (SELECT count(*) FROM checkin)"
KILLS_PER_COMMAND = 4

# What users get: SQLCipher's real key derivation, not the suites' cheap one.
pytestmark = pytest.mark.usefixtures("real_key_derivation")


@pytest.fixture(scope="module")
def histories(
    tmp_path_factory: pytest.TempPathFactory, real_key_derivation: None
) -> dict[str, Path]:
    """A plain and an encrypted (PASSPHRASE) copy of one long history, made once."""
    folder = tmp_path_factory.mktemp("histories")
    plain = folder / "plain.db"
    env = {
        "GOALCLI_DB": str(plain),
        "GOALCLI_PASSPHRASE_COMMAND": str(passphrase_script(folder, PASSPHRASE)),
    }
    made = goal_process("intake", "--answers", str(EXAMPLES / "elevate-mood.toml"), env=env)
    assert made.returncode == 0, made.stderr
    connection = sqlite3.connect(plain)
    with connection:
        connection.executemany(
            "INSERT INTO checkin (goal_id, day, value, note, created_at, updated_at) "
            "VALUES (?, date('2000-01-01', ?), 1, ?, '2000-01-01T00:00:00', '2000-01-01T00:00:00')",
            [
                (goal, f"+{day} days", f"{SENTINEL} {day} " + "x" * 600)
                for goal in (1, 2)
                for day in range(DAYS)
            ],
        )
    connection.close()
    encrypted = folder / "encrypted.db"
    shutil.copy(plain, encrypted)
    done = goal_process("--db", str(encrypted), "encrypt", env=env)
    assert done.returncode == 0, done.stderr
    return {"plain": plain, "encrypted": encrypted}


def _staged(folder: Path) -> list[Path]:
    return [path for path in folder.iterdir() if path.name.endswith(".rewriting")]


def _kill_during(argv: list[str], folder: Path, delay: float) -> bool:
    """Run `goal ARGV`, SIGKILL it `delay` seconds after its rewrite file appears; True when
    it was killed (False: it finished first)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "goalcli", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while process.poll() is None and not _staged(folder):
            time.sleep(0.0005)
        if delay:
            time.sleep(delay)
        if process.poll() is not None:
            return False
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        return True
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _opens_with(db: Path) -> str | None:
    """The passphrase that opens `db` (None: it is plain)."""
    if is_plain_sqlite(db):
        return None
    for passphrase in (PASSPHRASE, OTHER_PASSPHRASE):
        connection = keyed(db, passphrase)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except Exception:
            continue
        finally:
            connection.close()
        return passphrase
    raise AssertionError(f"{db} opens with neither passphrase")


@pytest.mark.parametrize(
    ("command", "start"),
    [("decrypt", "encrypted"), ("encrypt", "plain"), ("passphrase", "encrypted")],
)
def test_a_kill_during_a_rewrite_leaves_nothing_plain_after_the_next_command(
    histories: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    start: str,
) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    db = folder / "goals.db"
    monkeypatch.setenv("GOALCLI_DB", str(db))
    monkeypatch.setenv("GOALCLI_PASSPHRASE_COMMAND", str(passphrase_script(tmp_path, PASSPHRASE)))
    monkeypatch.setenv(
        "GOALCLI_NEW_PASSPHRASE_COMMAND",
        str(passphrase_script(tmp_path, OTHER_PASSPHRASE, "new-passphrase")),
    )
    plain = sqlite3.connect(histories["plain"])
    expected = plain.execute(COUNTS).fetchone()
    plain.close()
    assert expected[1] >= 2 * DAYS
    rng = random.Random(24)
    left_behind = 0
    for kill in range(KILLS_PER_COMMAND):
        for path in folder.iterdir():
            path.unlink()
        shutil.copy(histories[start], db)
        delay = 0.0 if kill == 0 else rng.uniform(0.0, 0.25)
        argv = [command, "--yes"] if command == "decrypt" else [command]
        killed = _kill_during(argv, folder, delay)
        stale = _staged(folder)
        witnesses = []
        for path in stale:  # held open: after the next command it reads what is left of it
            if is_plain_sqlite(path):
                witnesses.append(os.open(path, os.O_RDONLY))
        left_behind += bool(stale)
        assert killed or not stale
        try:
            after = goal_process("status")
            assert "Traceback" not in after.stderr
            for descriptor in witnesses:
                size = os.fstat(descriptor).st_size
                assert os.pread(descriptor, size, 0) == bytes(size), "a plain copy not overwritten"
        finally:
            for descriptor in witnesses:
                os.close(descriptor)
        names = sorted(path.name for path in folder.iterdir())
        assert set(names) <= {"goals.db", "goals.db-wal", "goals.db-shm"}, names
        passphrase = _opens_with(db)
        for path in folder.iterdir():
            if path != db or passphrase is not None:
                assert SENTINEL.encode() not in path.read_bytes(), path.name
        connection = keyed(db, passphrase) if passphrase else sqlite3.connect(db)
        try:
            counts = connection.execute(COUNTS).fetchone()
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        finally:
            connection.close()
        assert counts == expected
    # Some kill must have landed mid-rewrite, or the loop proved nothing.
    assert left_behind >= 1


def test_a_running_goals_copy_and_one_linked_to_the_database_are_not_wiped(
    db_path: Path,
) -> None:
    """Only a dead process's copy goes, and zeros never land in a file another name holds:
    `_create` links its new database in before removing its own name for it."""
    made = goal_process("intake", "--answers", str(EXAMPLES / "elevate-mood.toml"))
    assert made.returncode == 0, made.stderr
    ended = subprocess.Popen(["true"])
    ended.wait()
    linked = db_path.with_name(f".{db_path.name}.{ended.pid}.new")
    os.link(db_path, linked)
    running = subprocess.Popen(["sleep", "30"])
    try:
        busy = db_path.with_name(f".{db_path.name}.{running.pid}.rewriting")
        busy.write_bytes(b"SQLite format 3\x00" + SENTINEL.encode())
        assert goal_process("status").returncode == 0
        assert busy.read_bytes().endswith(SENTINEL.encode())
    finally:
        running.kill()
        running.wait()
    assert not linked.exists()
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM goal").fetchone() == (2,)
    finally:
        connection.close()
    assert goal_process("list").returncode == 0
    assert not busy.exists()  # its process gone: the next command removes it
