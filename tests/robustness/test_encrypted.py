"""Issue 17 with real processes: the key robustness promises kept on an encrypted database
(racing writers, kills mid-write, held locks, foreign files, file modes, upgrades, backups),
and a sentinel passphrase searched for everywhere goalcli prints or writes, including the
argument lists of running goal processes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lib.encryption import (
    CHEAP_KDF_ITER,
    PASSPHRASE,
    REAL_KDF_ITER,
    TEST_KDF_ITER_ENV,
    decrypted_pages,
    encrypted_rows,
    is_plain_sqlite,
    keyed,
    passphrase_script,
)
from lib.paths import EXAMPLES
from lib.processes import assert_one_plain_line, goal_process

SECRET_NOTE = "NOTE-SENTINEL-5b2d"

# What users get: SQLCipher's real key derivation, not the suites' cheap one.
pytestmark = pytest.mark.usefixtures("real_key_derivation")


@pytest.fixture
def encrypted_plan(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GOALCLI_PASSPHRASE_COMMAND", str(passphrase_script(tmp_path, PASSPHRASE)))
    result = goal_process("intake", "--encrypt", "--answers", str(EXAMPLES / "elevate-mood.toml"))
    assert result.returncode == 0, result.stderr
    return db_path


def _files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def test_the_passphrase_appears_nowhere(encrypted_plan: Path, tmp_path: Path) -> None:
    db = encrypted_plan
    secret = PASSPHRASE.encode()
    outputs: list[str] = []
    for args in (
        ("log", "1", "--value", "4", "--note", SECRET_NOTE),
        ("--debug", "log", "1", "--value", "not-a-number"),
        ("backup",),
        ("report",),
        ("--debug", "restore", "--yes", str(tmp_path / "missing.db")),
    ):
        result = goal_process(*args)
        outputs += [result.stdout, result.stderr]
    # a wrong passphrase with --debug: the traceback names no passphrase either
    wrong = passphrase_script(tmp_path, "wrong-one", "wrong")
    result = goal_process("--debug", "list", env={"GOALCLI_PASSPHRASE_COMMAND": str(wrong)})
    assert result.returncode == 1
    outputs += [result.stdout, result.stderr]
    # a goal process waiting at a prompt: its argument list and environment hold no passphrase
    waiting = subprocess.Popen(
        [sys.executable, "-m", "goalcli", "log"],  # reads its answers from the pipe
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        time.sleep(1.5)
        cmdlines = [
            Path(f"/proc/{pid}/cmdline").read_bytes()
            for pid in os.listdir("/proc")
            if pid.isdigit()
            and Path(f"/proc/{pid}").exists()
            and _readable(Path(f"/proc/{pid}/cmdline"))
        ]
        assert waiting.poll() is None, "the goal process should be waiting for an answer"
        environ = Path(f"/proc/{waiting.pid}/environ").read_bytes()
    finally:
        waiting.kill()
        waiting.wait()
    assert not any(secret in line for line in cmdlines)
    assert secret not in environ
    assert not any(PASSPHRASE in text for text in outputs), outputs
    written = _files_under(db.parent)
    assert len(written) >= 2  # the database and a backup
    for path in written:
        content = path.read_bytes()
        assert secret not in content, path
        assert SECRET_NOTE.encode() not in content, path  # encrypted, -wal included
    assert encrypted_rows(db, f"SELECT count(*) FROM checkin WHERE note = '{SECRET_NOTE}'") == [
        (1,)
    ]


def _readable(path: Path) -> bool:
    try:
        path.read_bytes()
    except OSError:
        return False
    return True


def test_racing_writers_on_an_encrypted_database_all_land(encrypted_plan: Path) -> None:
    steps_before = encrypted_rows(encrypted_plan, "SELECT count(*) FROM step")[0][0]
    writers = (
        ("log", "1", "--value", "3"),
        ("log", "2", "--value", "1"),
        ("step", "add", "1", "racing step one"),
        ("step", "add", "2", "racing step two"),
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "goalcli", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for args in writers
    ]
    for process in processes:
        assert process.wait(timeout=90) == 0, process.stderr.read() if process.stderr else ""
    assert encrypted_rows(encrypted_plan, "SELECT count(*) FROM checkin") == [(2,)]
    assert encrypted_rows(encrypted_plan, "SELECT count(*) FROM step") == [(steps_before + 2,)]


def test_a_held_write_lock_is_waited_for_then_reported(encrypted_plan: Path) -> None:
    holder = keyed(encrypted_plan)
    holder.isolation_level = None
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = goal_process("log", "1", "--value", "3", timeout=60)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1
    assert_one_plain_line(result.stderr)
    assert "locked" in result.stderr


def test_killed_mid_write_an_encrypted_database_stays_whole(encrypted_plan: Path) -> None:
    for attempt in range(6):
        process = subprocess.Popen(
            [sys.executable, "-m", "goalcli", "log", "1", "--value", str(attempt)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.3 + 0.15 * attempt)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert encrypted_rows(encrypted_plan, "PRAGMA integrity_check") == [("ok",)]
    assert goal_process("list").returncode == 0


def test_file_modes_of_an_encrypted_database_and_its_backup(encrypted_plan: Path) -> None:
    assert goal_process("log", "1", "--value", "3").returncode == 0
    assert goal_process("backup").returncode == 0
    for path in _files_under(encrypted_plan.parent):
        assert path.stat().st_mode & 0o077 == 0, path
    assert (encrypted_plan.parent / "backups").stat().st_mode & 0o777 == 0o700


def test_an_older_encrypted_database_is_upgraded(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An encrypted database at schema version 1 gets the later migrations on its next open."""
    from goalcli.storage.migrations import MIGRATIONS, schema_version
    from goalcli.storage.probe import connect

    db_path.parent.mkdir(mode=0o700)
    connection = connect(db_path, PASSPHRASE, pragmas=True)
    connection.execute("BEGIN IMMEDIATE")
    name, first = MIGRATIONS[0]
    first(connection)
    connection.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    connection.execute("INSERT INTO _migrations VALUES (?, '2026-01-01T00:00:00+00:00')", (name,))
    connection.execute("PRAGMA application_id = 1196376396")
    connection.execute("PRAGMA user_version = 1")
    connection.execute("COMMIT")
    connection.close()
    monkeypatch.setenv("GOALCLI_PASSPHRASE_COMMAND", str(passphrase_script(tmp_path, PASSPHRASE)))
    result = goal_process("list")
    assert result.returncode == 0, result.stderr
    assert encrypted_rows(db_path, "PRAGMA user_version") == [(schema_version(),)]
    assert not is_plain_sqlite(db_path)


# --- the passphrase asked at a real terminal ---------------------------------------------------


def test_three_tries_at_a_terminal_then_one_sentence(
    encrypted_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lib.terminal import finish, goal_terminal

    monkeypatch.delenv("GOALCLI_PASSPHRASE_COMMAND")
    before = encrypted_plan.read_bytes()
    with goal_terminal("list") as child:
        for attempt in range(3):
            child.expect_exact("Passphrase for ")
            child.sendline(f"wrong-{attempt}")
            if attempt < 2:
                child.expect_exact("try again")
        shown = finish(child)
    assert child.exitstatus == 1
    assert "The passphrase does not open" in shown
    assert "wrong-" not in shown  # typed without echo
    assert "Traceback" not in shown
    assert encrypted_plan.read_bytes() == before


def test_the_right_passphrase_on_the_last_try_opens_it(
    encrypted_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lib.terminal import finish, goal_terminal

    monkeypatch.delenv("GOALCLI_PASSPHRASE_COMMAND")
    with goal_terminal("list") as child:
        for answer in ("wrong-1", "wrong-2", PASSPHRASE):
            child.expect_exact("Passphrase for ")
            child.sendline(answer)
        shown = finish(child)
    assert child.exitstatus == 0, shown
    assert "Do one thing" in shown
    assert PASSPHRASE not in shown and "wrong-" not in shown


def test_encrypt_at_a_terminal_asks_twice_and_refuses_a_mismatch(db_path: Path) -> None:
    from lib.terminal import finish, goal_terminal

    made = goal_process("intake", "--answers", str(EXAMPLES / "elevate-mood.toml"))
    assert made.returncode == 0, made.stderr
    with goal_terminal("encrypt") as child:
        child.expect_exact("cannot be recovered")
        child.expect_exact("New passphrase: ")
        child.sendline("first-try-A")
        child.expect_exact("Repeat it: ")
        child.sendline("first-try-B")
        child.expect_exact("did not match")
        child.expect_exact("New passphrase: ")
        child.sendline(PASSPHRASE)
        child.expect_exact("Repeat it: ")
        child.sendline(PASSPHRASE)
        shown = finish(child)
    assert child.exitstatus == 0, shown
    assert "Encrypted" in shown
    assert PASSPHRASE not in shown and "first-try" not in shown  # typed without echo
    assert not is_plain_sqlite(db_path)
    assert encrypted_rows(db_path, "SELECT count(*) FROM goal") == [(2,)]


def test_encrypt_at_a_terminal_gives_up_after_three_mismatches_changing_nothing(
    db_path: Path,
) -> None:
    from lib.terminal import finish, goal_terminal

    made = goal_process("intake", "--answers", str(EXAMPLES / "elevate-mood.toml"))
    assert made.returncode == 0, made.stderr
    before = db_path.read_bytes()
    with goal_terminal("encrypt") as child:
        for attempt in range(3):
            child.expect_exact("New passphrase: ")
            child.sendline(f"one-{attempt}")
            child.expect_exact("Repeat it: ")
            child.sendline(f"other-{attempt}")
        shown = finish(child)
    assert child.exitstatus == 2, shown
    assert "No passphrase was chosen; nothing was changed." in shown
    assert is_plain_sqlite(db_path) and db_path.read_bytes() == before


def test_a_backup_from_before_a_passphrase_change_is_restored_with_the_old_one_typed(
    encrypted_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lib.encryption import OTHER_PASSPHRASE
    from lib.terminal import finish, goal_terminal

    db = encrypted_plan
    old_backup = tmp_path / "before-change.db"
    assert goal_process("backup", str(old_backup)).returncode == 0
    new = passphrase_script(tmp_path, OTHER_PASSPHRASE, "new")
    changed = goal_process("passphrase", env={"GOALCLI_NEW_PASSPHRASE_COMMAND": str(new)})
    assert changed.returncode == 0, changed.stderr
    assert goal_process("delete", "1", "--yes", env={"GOALCLI_PASSPHRASE_COMMAND": str(new)})
    monkeypatch.setenv("GOALCLI_PASSPHRASE_COMMAND", str(new))
    with goal_terminal("restore", "--yes", str(old_backup)) as child:
        child.expect_exact("type the one it was made with")
        child.expect_exact("Passphrase for ")
        child.sendline(PASSPHRASE)
        shown = finish(child)
    assert child.exitstatus == 0, shown
    assert PASSPHRASE not in shown
    # Restored whole, and keyed with the current passphrase: the command still opens it.
    assert encrypted_rows(db, "SELECT count(*) FROM goal", OTHER_PASSPHRASE) == [(2,)]
    listed = goal_process("list")
    assert listed.returncode == 0 and "Do one thing" in listed.stdout, listed.stderr


def test_add_encrypt_on_a_new_profile_at_a_terminal_asks_then_takes_a_passphrase_twice(
    tmp_path: Path,
) -> None:
    """`goal add --encrypt` starts a profile the way `intake --encrypt` does: it asks before
    creating the profile, then for the new passphrase twice (no passphrase command here)."""
    from lib.terminal import finish, goal_terminal

    profile = tmp_path / "xdg" / "goalcli" / "profiles" / "ana.db"
    args = ("--profile", "ana", "add", "--encrypt", "--template", "elevate-mood")
    with goal_terminal(*args, "--confidence", "6") as child:
        child.expect_exact("Create it?")
        child.sendline("y")
        child.expect_exact("cannot be recovered")
        child.expect_exact("New passphrase: ")
        child.sendline(PASSPHRASE)
        child.expect_exact("Repeat it: ")
        child.sendline(PASSPHRASE)
        shown = finish(child)
    assert child.exitstatus == 0, shown
    assert "Added goal 1." in shown
    assert PASSPHRASE not in shown  # typed without echo
    assert not is_plain_sqlite(profile)
    assert encrypted_rows(profile, "SELECT count(*) FROM goal") == [(1,)]


HOLD_THEN_LET_GO = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("ROLLBACK")
connection.close()
"""


@pytest.mark.parametrize("held", [1.5, 8.0], ids=["let-go-in-time", "held-too-long"])
def test_encrypt_against_a_held_lock_waits_5_seconds_then_says_so(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held: float
) -> None:
    """Issue 24: SQLite leaves WAL mode only with the file to itself and does not wait for it;
    `goal encrypt` waits the busy timeout (5 s) as every writer does, and says so if in vain."""
    made = goal_process("intake", "--answers", str(EXAMPLES / "elevate-mood.toml"))
    assert made.returncode == 0, made.stderr
    monkeypatch.setenv("GOALCLI_PASSPHRASE_COMMAND", str(passphrase_script(tmp_path, PASSPHRASE)))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THEN_LET_GO, str(db_path), str(held)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        began = time.monotonic()
        result = goal_process("encrypt", timeout=60)
        took = time.monotonic() - began
    finally:
        holder.kill()
        holder.wait()
    if held < 5:
        assert result.returncode == 0, result.stderr
        assert took >= held - 0.5
        assert not is_plain_sqlite(db_path)
    else:
        assert result.returncode == 1
        assert_one_plain_line(result.stderr)
        assert "in use by another program and stayed in use for 5 seconds" in result.stderr
        assert 4.5 <= took < 8
        assert is_plain_sqlite(db_path)
        connection = sqlite3.connect(db_path)
        try:  # as it was: in WAL mode, not left in the rollback-journal mode of the attempt
            assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        finally:
            connection.close()


def test_a_hanging_passphrase_command_is_given_up_after_10_seconds(encrypted_plan: Path) -> None:
    began = time.monotonic()
    result = goal_process("list", env={"GOALCLI_PASSPHRASE_COMMAND": "sleep 60"}, timeout=60)
    took = time.monotonic() - began
    assert result.returncode == 1
    assert_one_plain_line(result.stderr)
    assert "gave no answer within 10 seconds" in result.stderr
    assert 9.5 <= took < 20


def test_a_database_written_with_the_real_key_derivation_is_read_with_it(
    encrypted_plan: Path,
) -> None:
    """This suite runs without the test-only cheap derivation: the file's key is derived with
    SQLCipher's 256,000 iterations, goalcli reads it back so, and the cheap count opens nothing."""
    assert TEST_KDF_ITER_ENV not in os.environ
    schema = b"CREATE TABLE checkin"
    assert any(schema in page for page in decrypted_pages(encrypted_plan, iterations=REAL_KDF_ITER))
    assert not any(
        schema in page for page in decrypted_pages(encrypted_plan, iterations=CHEAP_KDF_ITER)
    )
    read = goal_process("list")
    assert read.returncode == 0, read.stderr
    assert "Do one thing" in read.stdout
    cheap = goal_process("list", env={TEST_KDF_ITER_ENV: str(CHEAP_KDF_ITER)})
    assert cheap.returncode == 1
    assert "passphrase does not open" in cheap.stderr
