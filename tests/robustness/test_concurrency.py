"""Two goalcli processes at once, and readers beside a writer.

For every writer in lib.writers.WRITERS, two copies started together must both finish (the second
waits its turn through BEGIN IMMEDIATE and the busy timeout) and leave exactly what running
them one after the other leaves. Two intakes racing to create the very first database both
land in the one file. Readers read while another program holds the write lock.
(Two `goal log` at once and the lock-timeout exit are in test_locks.py.)
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from lib.database import integrity, rows, write_lock_held
from lib.encryption import BOTH, encrypt_if, is_plain_sqlite
from lib.paths import MOOD_PLAN
from lib.processes import LOG_PATHS, goal_process, noting_argv, paths_taken
from lib.writers import FLAG_LOG, SENTINEL, WRITERS, Writer, prepare, writer_params

Run = Callable[..., Result]
ENCRYPTED = pytest.mark.parametrize("encryption", ["encrypted"], indirect=True)
TABLES = ("intake", "goal", "step", "checkin", "mood", "review", "goal_change")


def _counts(db_path: Path) -> dict[str, int]:
    return {table: rows(db_path, f"SELECT count(*) FROM {table}")[0][0] for table in TABLES}


def _at_once(*commands: tuple[str, ...]) -> list[tuple[str, str, int]]:
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "goalcli", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        for args in commands
    ]
    return [(*process.communicate(timeout=60), process.returncode) for process in processes]


@pytest.mark.parametrize("writer", writer_params())
def test_two_at_once_leave_what_two_in_a_row_leave(
    planned_fast: Run, db_path: Path, tmp_path: Path, writer: Writer
) -> None:
    _two_at_once(planned_fast, db_path, tmp_path, writer)


# Issue 17: the writers with their own code paths race on an encrypted database too (each
# process derives the key first, so the race starts later but must end the same way). Not
# restore: an encrypted one holds the database through several key derivations, and on a
# loaded machine the second of two at once can outlast the busy timeout (it then changes
# nothing and says so, exit 1).
ENCRYPTED_RACERS = tuple(
    writer
    for writer in WRITERS
    if writer.id in {"intake", "log", "review", "edit", "delete", "step-add", "import"}
)


@ENCRYPTED
@pytest.mark.parametrize("writer", writer_params(ENCRYPTED_RACERS))
def test_two_at_once_on_an_encrypted_database(
    planned_fast: Run, db_path: Path, tmp_path: Path, writer: Writer, encryption: str | None
) -> None:
    encrypt_if(encryption, db_path)
    _two_at_once(planned_fast, db_path, tmp_path, writer)


def _two_at_once(planned_fast: Run, db_path: Path, tmp_path: Path, writer: Writer) -> None:
    in_a_row = tmp_path / "in-a-row.db"
    assert planned_fast("--db", str(in_a_row), "intake", "--answers", MOOD_PLAN).exit_code == 0
    prepare(writer, in_a_row)
    prepare(writer)
    codes = [planned_fast("--db", str(in_a_row), *writer.args).exit_code for _ in range(2)]
    # A second `done`, `delete`... in a row is refused (exit 2): so must the loser of a race be.
    assert codes == ([0, 0] if writer.repeatable else [0, 2])

    outcomes = _at_once(writer.args, writer.args)

    assert sorted(returncode for _, _, returncode in outcomes) == codes, outcomes
    for stdout, stderr, _ in outcomes:
        assert "Traceback" not in stdout + stderr
    assert integrity(db_path) == "ok"
    assert _counts(db_path) == _counts(in_a_row)


def test_two_intakes_racing_to_create_the_first_database(db_path: Path) -> None:
    outcomes = _at_once(("intake", "--answers", MOOD_PLAN), ("intake", "--answers", MOOD_PLAN))

    for stdout, stderr, returncode in outcomes:
        assert returncode == 0, stderr
        assert "Saved 2 goals" in stdout
    assert rows(db_path, "SELECT count(*) FROM intake") == [(2,)]
    assert rows(db_path, "SELECT count(*) FROM goal") == [(4,)]
    assert integrity(db_path) == "ok"
    # Only the database itself is left: no half-built copy from the one that lost the race.
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["goals.db"]


@pytest.fixture
def held(planned_fast: Run, db_path: Path) -> Iterator[sqlite3.Connection]:
    """Another program holds the write lock with a check-in it has not committed."""
    assert planned_fast("log", "1", "--value", "9", "--note", "committed").exit_code == 0
    with write_lock_held(db_path, "UPDATE checkin SET value = 99, note = 'uncommitted'") as other:
        yield other


@pytest.mark.parametrize(
    "args",
    [
        ("report", "--format", "json"),
        ("report", "--format", "markdown"),
        ("report", "--format", "html"),
        ("report",),
        ("list", "--format", "json"),
        ("list", "--all"),
    ],
    ids=" ".join,
)
def test_readers_read_the_last_commit_while_a_writer_holds_the_lock(
    held: sqlite3.Connection, planned_fast: Run, args: tuple[str, ...]
) -> None:
    started = time.monotonic()
    result = planned_fast(*args)

    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 2.5  # did not wait for the 5-second busy timeout
    assert "uncommitted" not in result.stdout
    if args[:3] == ("report", "--format", "json"):
        assert json.loads(result.stdout)["goals"][0]["current"] == 9
    assert held.in_transaction


# --- backup and restore beside other processes -------------------------------------------------

WRITING_LOOP = r"""
import sys
from goalcli.cli import app
for number in range(int(sys.argv[1])):
    try:
        app(["log", "1", "--value", str(number), "--note", "x" * 3000], standalone_mode=False)
    except SystemExit:
        pass
"""


@BOTH
def test_backups_taken_while_another_process_writes_pass_integrity_check(
    planned_fast: Run, db_path: Path, tmp_path: Path, encryption: str | None
) -> None:
    encrypt_if(encryption, db_path)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITING_LOOP, "400"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=dict(os.environ),
    )
    time.sleep(0.5)  # it is writing by now
    try:
        copies = []
        for number in range(3):
            copy = tmp_path / f"copy-{number}.db"
            outcome = _at_once(("backup", str(copy)))[0]
            assert outcome[2] == 0, outcome[1]
            copies.append(copy)
        assert writer.poll() is None, "the writer finished before the backups: nothing tested"
    finally:
        writer.kill()
        writer.wait(timeout=30)
    for copy in copies:
        # Encrypted with the same passphrase (lib.database reads it keyed) or plain, as the
        # database is.
        assert is_plain_sqlite(copy) == (encryption is None), copy.name
        assert integrity(copy) == "ok", copy.name
        assert rows(copy, "SELECT count(*) FROM goal") == [(2,)]
        assert not Path(f"{copy}-wal").exists()  # self-contained
    assert integrity(db_path) == "ok"


@BOTH
def test_restore_while_a_reader_reads(
    planned_fast: Run, db_path: Path, tmp_path: Path, encryption: str | None
) -> None:
    """Readers that come and go (a `watch goal report`) do not stop a restore: it waits for a
    moment between them. None of them fails or sees a mix. (A reader that never lets go makes
    restore refuse after the busy timeout: test_backup.py.) Encrypted: the database and the
    backup restored, with the same passphrase."""
    import shutil

    from lib.writers import SENTINEL_BACKUP

    backup = tmp_path / "backup.db"
    shutil.copy(SENTINEL_BACKUP, backup)
    encrypt_if(encryption, backup)
    encrypt_if(encryption, db_path)

    reading = (
        "import time\nfrom goalcli.cli import app\n"
        "for _ in range(8):\n"
        "    try:\n"
        "        app(['report', '--format', 'json'], standalone_mode=False)\n"
        "    except SystemExit as exit:\n"
        "        assert exit.code in (0, None), exit.code\n"
        f"    time.sleep({0.4 if encryption is None else 1.0})\n"
    )
    # Pauses between reads well above SQLite's longest busy-handler sleep (100 ms): a loaded
    # machine still leaves the restore a moment between two readers. An encrypted reader
    # holds its read lock longer (SQLCipher derives the key at the first page it reads), so
    # its pauses are longer too, as a `watch goal report` (every 2 s) would be.
    reader = subprocess.Popen(
        [sys.executable, "-c", reading],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    try:
        time.sleep(0.5)
        _, stderr, returncode = _at_once(("restore", "--yes", str(backup)))[0]
    finally:
        _, err = reader.communicate(timeout=120)
    assert returncode == 0, stderr
    assert reader.returncode == 0, err
    assert "Traceback" not in err
    assert integrity(db_path) == "ok"
    assert is_plain_sqlite(db_path) == (encryption is None)
    assert rows(db_path, "SELECT note FROM checkin") == [(f"{SENTINEL} felt low",)]


@BOTH
def test_quick_and_full_check_ins_at_once_queue_and_record_each(
    planned_fast: Run, db_path: Path, tmp_path: Path, encryption: str | None
) -> None:
    """Issue 26: the flag form over sqlite3 or SQLCipher's module (storage/quick.py) is one
    more writer beside the full path. Six check-ins of one goal's day at once, half of them
    forced down the full path: all finish, each on the path meant (noted by the process), the
    day keeps one check-in, and each left its change-log row (the first logged it, every other
    one replaced a different value), so `goal undo` sees all six."""
    encrypt_if(encryption, db_path)
    commands = [("log", "1", "--value", str(value)) for value in range(1, 7)]
    notes = [tmp_path / f"path-{index}" for index in range(len(commands))]
    processes = [
        subprocess.Popen(
            noting_argv(notes[index], *args),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **LOG_PATHS["full" if index % 2 else "quick"]},
        )
        for index, args in enumerate(commands)
    ]
    results = [(*process.communicate(timeout=120), process.returncode) for process in processes]
    assert all(code == 0 for _, _, code in results), results
    assert [paths_taken(note) for note in notes] == [["quick"], ["full"]] * 3
    assert rows(db_path, "SELECT count(*) FROM checkin WHERE goal_id = 1") == [(1,)]
    fields = rows(
        db_path, "SELECT field FROM goal_change WHERE goal_id = 1 AND field LIKE 'checkin_%'"
    )
    assert sorted(field for (field,) in fields) == ["checkin_logged"] + ["checkin_replaced"] * 5
    assert integrity(db_path) == "ok"


@BOTH
@pytest.mark.parametrize("log_path", list(LOG_PATHS))
def test_two_flag_form_check_ins_at_once_leave_what_two_in_a_row_leave(
    planned_fast: Run, db_path: Path, tmp_path: Path, encryption: str | None, log_path: str
) -> None:
    """The flag form with a mood and a note (FLAG_LOG) as a racer, on each of its paths: both
    finish and leave the rows two in a row leave."""
    encrypt_if(encryption, db_path)
    in_a_row = tmp_path / "in-a-row.db"
    assert planned_fast("--db", str(in_a_row), "intake", "--answers", MOOD_PLAN).exit_code == 0
    env = {**os.environ, **LOG_PATHS[log_path]}
    for _ in range(2):
        done = goal_process("--db", str(in_a_row), *FLAG_LOG, env=LOG_PATHS[log_path])
        assert done.returncode == 0, done.stderr
    note = tmp_path / "path"
    processes = [
        subprocess.Popen(
            noting_argv(note, *FLAG_LOG),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    results = [(*process.communicate(timeout=120), process.returncode) for process in processes]
    assert [code for _, _, code in results] == [0, 0], results
    for stdout, stderr, _ in results:
        assert "Traceback" not in stdout + stderr
    assert paths_taken(note) == [log_path] * 2
    assert integrity(db_path) == "ok"
    assert _counts(db_path) == _counts(in_a_row)
    assert rows(db_path, "SELECT value, note FROM checkin") == [(12.0, SENTINEL)]
