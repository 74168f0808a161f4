"""Nobody in: what a user typed never leaks into an error, even with --debug.

Every writer in lib.writers.WRITERS carries SENTINEL in a free-text field (the intake through an
answers file). Each is made to fail in the ways a real run can fail: the database locked past
the busy timeout, read-only, the disk full, and a bad flag next to the note. Neither the
one-line message nor the --debug traceback may contain the sentinel: SQLAlchemy runs with
hide_parameters=True, and goalcli's messages never quote a note.
(The modes of the database, -wal and -shm under umask 022 are in test_storage.py.)
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from lib.database import connect, dump
from lib.encryption import BOTH, PASSPHRASE, encrypt_if, plain_and_encrypted
from lib.files import mode, obeying_file_modes
from lib.paths import MOOD_PLAN
from lib.writers import (
    OWN_CODE_PATHS,
    SENTINEL,
    SENTINEL_EXPORT,
    WRITERS,
    Writer,
    prepare,
    writer_params,
)

Run = Callable[..., Result]

# goalcli with a 300 ms busy timeout, so a lock test need not wait 5 seconds.
SHORT_TIMEOUT = (
    "import sys, goalcli.storage.probe; goalcli.storage.probe.BUSY_TIMEOUT_MS = 300; "
    "from goalcli.cli import main; sys.argv[0] = 'goal'; main()"
)


@pytest.fixture
def sentinel_plan(tmp_path: Path) -> str:
    """The elevate-mood answers with the sentinel in the client's own words."""
    path = tmp_path / "sentinel-plan.toml"
    text = Path(MOOD_PLAN).read_text(encoding="utf-8")
    path.write_text(text.replace('motivations = "', f'motivations = "{SENTINEL} ', 1))
    return str(path)


def _with_sentinel(writer: Writer, plan: str) -> tuple[str, ...]:
    """The writer's flags, with the intake's answers file swapped for the sentinel one. (A
    writer with no free text to carry the sentinel still runs: nothing of it may leak either.)"""
    return tuple(plan if arg == MOOD_PLAN else arg for arg in writer.args)


def _run(*args: str, preexec_fn: object = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload]
        [sys.executable, "-c", SHORT_TIMEOUT, *args],
        capture_output=True,
        text=True,
        timeout=30,
        env=dict(os.environ),
        preexec_fn=preexec_fn,
    )


def _no_leak(result: subprocess.CompletedProcess[str], *, debug: bool) -> None:
    assert result.returncode in (1, 2), (result.returncode, result.stderr)
    assert SENTINEL not in result.stderr
    assert SENTINEL not in result.stdout
    assert PASSPHRASE not in result.stderr + result.stdout  # on an encrypted database
    if debug:
        assert "Traceback (most recent call last)" in result.stderr  # --debug did show it


@pytest.fixture
def locked(
    planned_fast: Run, db_path: Path, encryption: str | None
) -> Iterator[sqlite3.Connection]:
    encrypt_if(encryption, db_path)
    other = connect(db_path)
    other.isolation_level = None
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        other.execute("ROLLBACK")
        other.close()


# Commands with no free text to leak (the rest of their failure paths are shared with others).
NO_FREE_TEXT = frozenset({"delete", "backup"})
# These read what they would change first, to show it before asking; without their setup
# (a check-in, a change) there is nothing, so they refuse (exit 2) before the lock is met.
SHOWN_BEFORE_ASKING = frozenset({"checkin-remove", "undo", "undo-step-remove", "reviews-remove"})
LOCKABLE = tuple(
    writer
    for writer in WRITERS
    if not writer.database_only_read and writer.id not in SHOWN_BEFORE_ASKING
)


def _both_ways(writers: tuple[Writer, ...], also_slow: frozenset[str] = frozenset()) -> Any:
    """Each writer on a plain database, those with their own way in on an encrypted one too."""
    return pytest.mark.parametrize(
        ("writer", "encryption"),
        plain_and_encrypted(writer_params(writers, also_slow), OWN_CODE_PATHS - NO_FREE_TEXT),
        indirect=["encryption"],
    )


@_both_ways(LOCKABLE, NO_FREE_TEXT)
def test_locked_database_with_debug(
    locked: sqlite3.Connection, sentinel_plan: str, writer: Writer
) -> None:
    """With --debug: the traceback holds the one-line message too, so both are checked."""
    result = _run("--debug", *_with_sentinel(writer, sentinel_plan))

    _no_leak(result, debug=True)
    assert "in use" in result.stderr or "locked" in result.stderr


@_both_ways(LOCKABLE, NO_FREE_TEXT)
def test_read_only_database_with_debug(
    planned_fast: Run, db_path: Path, sentinel_plan: str, writer: Writer, encryption: str | None
) -> None:
    ordinary_user = obeying_file_modes()
    encrypt_if(encryption, db_path)
    prepare(writer)
    dump(db_path)  # checkpointed: only goals.db in the folder
    db_path.chmod(0o400)
    try:
        result = _run("--debug", *_with_sentinel(writer, sentinel_plan), preexec_fn=ordinary_user)
    finally:
        db_path.chmod(0o600)

    _no_leak(result, debug=True)


def _disk_full() -> None:  # pragma: no cover - child
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))


@_both_ways(WRITERS, NO_FREE_TEXT)
def test_full_disk_with_debug(
    planned_fast: Run, db_path: Path, sentinel_plan: str, writer: Writer, encryption: str | None
) -> None:
    encrypt_if(encryption, db_path)
    prepare(writer)
    dump(db_path)
    result = _run("--debug", *_with_sentinel(writer, sentinel_plan), preexec_fn=_disk_full)

    _no_leak(result, debug=True)


BAD_FLAGS = {
    "log": ("--date", "tomorrow-ish"),
    "review": ("--gbo", "11"),
}


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
@pytest.mark.parametrize("command", list(BAD_FLAGS))
def test_bad_input_next_to_a_note(planned_fast: Run, command: str, debug: bool) -> None:
    writer = next(w for w in WRITERS if w.id == command)
    result = planned_fast(*(["--debug"] if debug else []), *writer.args, *BAD_FLAGS[command])

    assert result.exit_code != 0
    trace = traceback.format_exception(result.exception) if result.exception else []
    shown = result.output + "".join(trace)
    assert SENTINEL not in shown


def test_an_answers_file_error_does_not_quote_the_answers(
    planned_fast: Run, tmp_path: Path
) -> None:
    text = Path(MOOD_PLAN).read_text(encoding="utf-8")
    path = tmp_path / "bad.toml"
    path.write_text(
        text.replace('motivations = "', f'motivations = "{SENTINEL} ', 1).replace(
            "confidence = 7", "confidence = 70", 1
        )
    )

    result = planned_fast("intake", "--answers", str(path))

    assert result.exit_code == 2
    assert "goals[1].confidence" in result.stderr
    assert SENTINEL not in result.output


def test_a_goal_title_stays_out_of_a_step_error(planned_fast: Run, tmp_path: Path) -> None:
    """Titles are the client's own words: errors name goals by id (as ambiguous GOALs do)."""
    result = planned_fast("log", "1", "--value", "3", "--done", "9")

    assert result.exit_code == 2
    assert "Goal 1 has no step 9" in result.stderr
    assert "Do one thing I enjoy" not in result.stderr


# --- modes of everything goalcli writes for the user (issue 4's commands) ----------------------


@BOTH
def test_files_and_folders_written_for_the_user_are_private(
    umask_022: None, planned_fast: Run, db_path: Path, tmp_path: Path, encryption: str | None
) -> None:
    from lib.processes import goal_process

    encrypt_if(encryption, db_path)
    new_profile = ("intake", "--yes", *(("--encrypt",) if encryption else ()))
    from lib.writers import SENTINEL_BACKUP

    out = tmp_path / "out"
    out.mkdir()
    written = {
        "export.json": ("export", "--output", str(out / "export.json")),
        "export.csv": ("export", "--format", "csv", "--output", str(out / "export.csv")),
        "report.md": ("report", "--format", "markdown", "--output", str(out / "report.md")),
        "report.html": ("report", "--format", "html", "--output", str(out / "report.html")),
        "backup.db": ("backup", str(out / "backup.db")),
    }
    for name, args in written.items():
        result = goal_process(*args)
        assert result.returncode == 0, (name, result.stderr)
        assert mode(out / name) == 0o600, name
    assert goal_process("backup").returncode == 0
    assert goal_process("restore", "--yes", SENTINEL_BACKUP).returncode == 0
    backups = db_path.parent / "backups"
    assert mode(backups) == 0o700
    assert len(list(backups.iterdir())) == 2  # the plain backup and restore's safety copy
    for kept in backups.iterdir():
        assert mode(kept) == 0o600, kept.name
    assert mode(db_path) == 0o600

    xdg = tmp_path / "xdg"
    # A profile is created only by intake (issue 14); import then merges into it.
    assert goal_process("--profile", "alice", *new_profile, "--answers", MOOD_PLAN).returncode == 0
    assert goal_process("--profile", "alice", "import", SENTINEL_EXPORT).returncode == 0
    assert goal_process("--profile", "alice", "backup").returncode == 0
    for folder in (xdg / "goalcli", xdg / "goalcli" / "profiles", xdg / "goalcli" / "profiles"
                   / "backups"):  # fmt: skip
        assert mode(folder) == 0o700, folder
    for file in (xdg / "goalcli" / "profiles").rglob("*"):
        if file.is_file():
            assert mode(file) == 0o600, file


@BOTH
def test_read_only_commands_leave_no_readable_wal_or_shm(
    umask_022: None, planned_fast: Run, db_path: Path, tmp_path: Path, encryption: str | None
) -> None:
    """`goal profiles` and `goal backup` only read; the -wal/-shm SQLite may leave are 0600."""
    from lib.processes import goal_process

    encrypt_if(encryption, db_path)
    new_profile = ("intake", "--yes", *(("--encrypt",) if encryption else ()))
    assert goal_process("--profile", "bob", *new_profile, "--answers", MOOD_PLAN).returncode == 0
    assert goal_process("--profile", "bob", "import", SENTINEL_EXPORT).returncode == 0
    profile = tmp_path / "xdg" / "goalcli" / "profiles" / "bob.db"
    holder = connect(profile)  # keeps the -wal and -shm in place while they run
    holder.execute("SELECT count(*) FROM goal").fetchone()
    try:
        for args in (("profiles",), ("--profile", "bob", "backup"), ("backup",)):
            result = goal_process(*args)
            assert result.returncode == 0, (args, result.stderr)
        for db in (profile, db_path):
            for suffix in ("-wal", "-shm"):
                companion = Path(f"{db}{suffix}")
                if companion.exists():
                    assert mode(companion) == 0o600, companion
    finally:
        holder.close()


# --- what a deletion leaves in the file's bytes ------------------------------------------------


def _bytes_hold(folder: Path, secret: bytes) -> list[str]:
    """Names of files in `folder` (not backups/) whose bytes hold `secret`."""
    return [
        path.name for path in folder.iterdir() if path.is_file() and secret in path.read_bytes()
    ]


def _private_goal(goal: Run) -> None:
    for args in (
        ("step", "add", "1", f"step {SENTINEL}"),
        ("log", "1", "--value", "3", "--note", f"note {SENTINEL}" + " long" * 1000),
        ("review", "1", "--gbo", "5", "--note", f"review {SENTINEL}"),
        ("edit", "1", "--title", f"title {SENTINEL}"),
        ("drop", "1", "--reason", f"reason {SENTINEL}"),
    ):
        assert goal(*args).exit_code == 0, args


def _pages_hold(db_path: Path, secret: bytes, encrypted: bool) -> list[str]:
    """Like _bytes_hold for the database: its files' bytes, and for an encrypted one (whose
    bytes never hold it) every page decrypted, free space and freed cells included."""
    from lib.encryption import decrypted_pages

    assert not encrypted or _bytes_hold(db_path.parent, secret) == []
    if not encrypted:
        return _bytes_hold(db_path.parent, secret)
    return [db_path.name] if any(secret in page for page in decrypted_pages(db_path)) else []


@BOTH
@pytest.mark.parametrize("reader", [False, True], ids=["alone", "beside-a-reader"])
def test_a_deleted_goal_leaves_no_trace_in_the_database_bytes(
    planned_fast: Run, db_path: Path, reader: bool, encryption: str | None
) -> None:
    """secure_delete zeroes freed cells in the database; the -wal would still hold the old
    pages while another program keeps it open, so delete checkpoints it away too. Encrypted,
    the file's bytes never show the words; its pages decrypted must not either (secure_delete
    zeroes them before they are encrypted)."""
    from lib.processes import goal_process

    encrypt_if(encryption, db_path)
    encrypted = encryption is not None
    _private_goal(planned_fast)
    assert _pages_hold(db_path, SENTINEL.encode(), encrypted)  # it was there
    other = connect(db_path) if reader else None
    if other is not None:
        other.execute("SELECT count(*) FROM goal").fetchone()  # an open connection, no snapshot
    try:
        result = goal_process("delete", "1", "--yes")
        assert result.returncode == 0, result.stderr
        assert _pages_hold(db_path, SENTINEL.encode(), encrypted) == []
    finally:
        if other is not None:
            other.close()
    assert _pages_hold(db_path, SENTINEL.encode(), encrypted) == []


@pytest.mark.parametrize("encryption", ["encrypted"], indirect=True)
def test_secure_delete_is_on_for_an_encrypted_database(
    planned_fast: Run, db_path: Path, encryption: str | None
) -> None:
    from goalcli.storage.database import open_database, sqlite_connection
    from goalcli.storage.passphrase import Passphrases

    encrypt_if(encryption, db_path)
    database = open_database(db_path, create=False, passphrases=Passphrases(interactive=False))
    assert database is not None and database.encrypted
    try:
        with database.write() as session:
            connection = sqlite_connection(session)
            assert connection.execute("PRAGMA secure_delete").fetchone()[0] == 1
            assert connection.execute("PRAGMA cipher_version").fetchone()  # SQLCipher's
    finally:
        database.close()


def test_import_replace_leaves_no_trace_of_the_old_data_except_its_safety_backup(
    planned_fast: Run, db_path: Path, tmp_path: Path
) -> None:
    from lib.processes import goal_process

    _private_goal(planned_fast)
    empty = tmp_path / "empty.json"
    assert (
        goal_process("--db", str(tmp_path / "e.db"), "export", "--output", str(empty)).returncode
        == 0
    )

    result = goal_process("import", "--replace", "--yes", str(empty))

    assert result.returncode == 0, result.stderr
    assert _bytes_hold(db_path.parent, SENTINEL.encode()) == []
    # The safety backup keeps the old data on purpose (docs/your-data.md).
    assert _bytes_hold(db_path.parent / "backups", SENTINEL.encode())
