"""Nobody in: what a user typed never leaks into an error, even with --debug.

Every writer in helpers.WRITERS carries SENTINEL in a free-text field (the intake through an
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

import pytest
from typer.testing import Result

from helpers import (
    MOOD_PLAN,
    SENTINEL,
    WRITERS,
    Writer,
    dump,
    obeying_file_modes,
    prepare,
    writer_ids,
)

Run = Callable[..., Result]

# goalcli with a 300 ms busy timeout, so a lock test need not wait 5 seconds.
SHORT_TIMEOUT = (
    "import sys, goalcli.db; goalcli.db.BUSY_TIMEOUT_MS = 300; "
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
    if debug:
        assert "Traceback (most recent call last)" in result.stderr  # --debug did show it


@pytest.fixture
def locked(planned_fast: Run, db_path: Path) -> Iterator[sqlite3.Connection]:
    other = sqlite3.connect(db_path, isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        other.execute("ROLLBACK")
        other.close()


LOCKABLE = tuple(writer for writer in WRITERS if not writer.database_only_read)


@pytest.mark.parametrize("writer", LOCKABLE, ids=writer_ids(LOCKABLE))
def test_locked_database_with_debug(
    locked: sqlite3.Connection, sentinel_plan: str, writer: Writer
) -> None:
    """With --debug: the traceback holds the one-line message too, so both are checked."""
    result = _run("--debug", *_with_sentinel(writer, sentinel_plan))

    _no_leak(result, debug=True)
    assert "in use" in result.stderr or "locked" in result.stderr


@pytest.mark.parametrize("writer", LOCKABLE, ids=writer_ids(LOCKABLE))
def test_read_only_database_with_debug(
    planned_fast: Run, db_path: Path, sentinel_plan: str, writer: Writer
) -> None:
    ordinary_user = obeying_file_modes()
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


@pytest.mark.parametrize("writer", WRITERS, ids=writer_ids())
def test_full_disk_with_debug(
    planned_fast: Run, db_path: Path, sentinel_plan: str, writer: Writer
) -> None:
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
