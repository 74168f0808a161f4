"""Locking: a second program holding the database makes a writer wait its busy timeout and then
give up plainly, saving nothing and quoting nothing; readers never wait; two writers at once
both finish. Real processes; the in-process storage promises are tests/unit/test_storage.py."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from goalcli.storage import probe
from lib.database import rows, write_lock_held
from lib.encryption import BOTH, encrypt_if
from lib.paths import MOOD_PLAN
from lib.processes import LOG_PATHS, noting_argv, paths_taken

SENTINEL = "SENTINEL-7f3a"

# Runs goalcli with a short busy timeout, for lock tests that need not wait 5 seconds.
SHORT_TIMEOUT = "import goalcli.storage.probe; goalcli.storage.probe.BUSY_TIMEOUT_MS = 300\n"
SHORT_TIMEOUT_MAIN = (
    SHORT_TIMEOUT + "import sys\nfrom goalcli.cli import main\nsys.argv[0] = 'goal'\nmain()"
)
# The flag form of `goal log` as a writer on both its paths (issue 26; lib.processes).
LOG_PATH = pytest.mark.parametrize("log_path", list(LOG_PATHS))


def cli_noted(
    note: Path, log_path: str, *args: str, before: str = ""
) -> subprocess.CompletedProcess[str]:
    """goal ARGS on the path `log_path` ("quick" or "full"), noting the path it took in `note`."""
    return subprocess.run(
        noting_argv(note, *args, before=before),
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, **LOG_PATHS[log_path]},
    )


def count(db_path: Path, sql: str) -> int:
    return rows(db_path, sql)[0][0]  # type: ignore[return-value]


# --- locking -----------------------------------------------------------------------------------


@pytest.fixture
def held(
    goal: Callable[..., Result], db_path: Path, encryption: str | None
) -> Iterator[sqlite3.Connection]:
    """The elevate-mood plan (encrypted too, under BOTH), with another program holding the
    write lock (not yet committed)."""
    assert goal("intake", "--answers", MOOD_PLAN).exit_code == 0
    encrypt_if(encryption, db_path)
    insert = "INSERT INTO mood (day, mood, updated_at) VALUES ('2026-11-25', 9, 'other')"
    with write_lock_held(db_path, insert) as other:
        yield other


@BOTH
@LOG_PATH
def test_a_writer_gives_up_on_a_locked_database_after_the_busy_timeout(
    held: sqlite3.Connection, db_path: Path, tmp_path: Path, log_path: str
) -> None:
    """The one slow test: the real 5-second busy timeout, waited out once, on either path of
    the flag form (the quick one does not hand the lock to the full path to wait again)."""
    note = tmp_path / "path"
    started = time.monotonic()
    result = cli_noted(note, log_path, "log", "1", "--value", "3", "--note", SENTINEL)
    elapsed = time.monotonic() - started
    held.execute("ROLLBACK")

    assert paths_taken(note) == [log_path]
    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        f"goal: The database {db_path} is in use by another program and stayed locked for 5 "
        "seconds; nothing was changed. Try again in a moment.\n"
    )
    assert SENTINEL not in result.stderr + result.stdout
    assert elapsed >= probe.BUSY_TIMEOUT_MS / 1000 - 0.5  # it did wait the timeout out...
    assert elapsed < probe.BUSY_TIMEOUT_MS / 1000 + 3  # ...once, and then gave up
    assert count(db_path, "SELECT count(*) FROM checkin") == 0
    assert SENTINEL.encode() not in db_path.read_bytes()


@BOTH
@LOG_PATH
def test_the_lock_message_hides_the_note_even_with_debug(
    held: sqlite3.Connection, db_path: Path, tmp_path: Path, log_path: str
) -> None:
    note = tmp_path / "path"
    args = ("--debug", "log", "1", "--value", "3", "--note", SENTINEL)
    result = cli_noted(note, log_path, *args, before=SHORT_TIMEOUT)
    held.execute("ROLLBACK")

    assert paths_taken(note) == [log_path]
    assert result.returncode != 0
    assert "Traceback" in result.stderr  # --debug shows it...
    assert SENTINEL not in result.stderr + result.stdout  # ...but never the user's note
    assert count(db_path, "SELECT count(*) FROM checkin") == 0


@BOTH
def test_an_interactive_log_on_a_locked_database_writes_nothing(
    held: sqlite3.Connection, db_path: Path
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SHORT_TIMEOUT_MAIN, "log"],
        input=f"7\n14\n\n\n\n{SENTINEL}\n\n",
        capture_output=True,
        text=True,
        timeout=30,
        env=dict(os.environ),
    )
    held.execute("ROLLBACK")

    assert result.returncode == 1, result.stderr
    assert "in use" in result.stderr or "locked" in result.stderr
    assert "Traceback" not in result.stderr
    assert SENTINEL not in result.stderr
    assert count(db_path, "SELECT count(*) FROM checkin") == 0
    assert count(db_path, "SELECT count(*) FROM mood") == 0


@BOTH
def test_a_reader_works_while_another_program_holds_the_write_lock(
    held: sqlite3.Connection, goal: Callable[..., Result]
) -> None:
    started = time.monotonic()
    result = goal("report", "--format", "json")
    elapsed = time.monotonic() - started

    assert result.exit_code == 0, result.output
    assert '"Do one thing I enjoy each day"' in result.stdout
    assert '"last_7_avg": null' in result.stdout  # the uncommitted mood is not visible
    assert elapsed < probe.BUSY_TIMEOUT_MS / 1000 / 2  # it did not wait for the lock
    assert held.in_transaction


@BOTH
@LOG_PATH
def test_two_writers_at_once_leave_exactly_one_checkin(
    goal: Callable[..., Result],
    db_path: Path,
    tmp_path: Path,
    encryption: str | None,
    log_path: str,
) -> None:
    """Two flag-form check-ins at once, on either path: both finish (the second waits its turn),
    the day keeps one check-in and one mood, and the change log holds both (so nothing is lost
    to `goal undo`)."""
    assert goal("intake", "--answers", MOOD_PLAN).exit_code == 0
    encrypt_if(encryption, db_path)
    note = tmp_path / "path"
    writers = [
        subprocess.Popen(
            noting_argv(note, "log", "1", "--value", value, "--mood", "5"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **LOG_PATHS[log_path]},
        )
        for value in ("3", "4")
    ]
    outcomes = [(*writer.communicate(timeout=30), writer.returncode) for writer in writers]

    for stdout, stderr, returncode in outcomes:
        assert returncode == 0, stderr
        assert "Traceback" not in stdout + stderr
    assert paths_taken(note) == [log_path] * 2
    assert count(db_path, "SELECT count(*) FROM checkin") == 1
    assert count(db_path, "SELECT count(*) FROM mood") == 1
    assert count(db_path, "SELECT value FROM checkin") in (3, 4)
    fields = rows(db_path, "SELECT field FROM goal_change WHERE field LIKE 'checkin_%'")
    assert sorted(field for (field,) in fields) == ["checkin_logged", "checkin_replaced"]
