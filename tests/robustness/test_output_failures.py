"""Output that fails must not change what the exit status and messages say was saved.

Real processes, because the failures live in the process's own streams: a terminal whose
encoding cannot show the text (PYTHONIOENCODING=latin-1, as a Latin-1 locale gives), stdout
closed at start-up (`>&-`), a pipe whose reader has gone (`| head -1`). And the low-mood safety
note, which must reach the person whatever happens when goalcli records that it was shown.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from lib.database import connect, rows
from lib.encryption import BOTH, encrypt_if
from lib.files import obeying_file_modes
from lib.paths import MOOD_PLAN
from lib.processes import LOG_PATHS, goal_process, noting_argv, paths_taken
from lib.writers import FLAG_LOG, SENTINEL

LATIN_1 = {"PYTHONIOENCODING": "latin-1"}
TITLE = "Gehen 🚶 jeden Tag"  # the emoji has no Latin-1 form
READERS = {
    "list": ["list"],
    "report": ["report"],
    "report json": ["report", "--format", "json"],
    "show": ["show", "1"],
    "export json": ["export"],
    "export csv": ["export", "--format", "csv"],
}
NOISE = ("Traceback", "Exception ignored", "Error")


def _answers(tmp_path: Path) -> Path:
    plan = Path(MOOD_PLAN).read_text(encoding="utf-8")
    first_title = plan.split('title = "', 1)[1].split('"', 1)[0]
    answers = tmp_path / "answers.toml"
    answers.write_text(plan.replace(first_title, TITLE, 1), encoding="utf-8")
    return answers


def _count(db_path: Path, sql: str) -> int:
    connection = sqlite3.connect(db_path)
    try:
        return int(connection.execute(sql).fetchone()[0])
    finally:
        connection.close()


def _quiet(stderr: str) -> None:
    assert not any(word in stderr for word in NOISE), stderr


def _with_stdout(
    stdout: int | None, *args: str, note: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`goal ARGS` with stdout on the descriptor given, or closed (None) as `>&-` leaves it;
    `note`: the file it notes the path it took in (lib.processes.NOTING_MAIN); `env`: added."""

    def close_stdout() -> None:  # pragma: no cover - runs in the child, before exec
        os.close(1)

    return subprocess.run(
        [sys.executable, "-m", "goalcli", *args] if note is None else noting_argv(note, *args),
        env={**os.environ, **(env or {})},
        stdout=stdout if stdout is not None else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        preexec_fn=close_stdout if stdout is None else None,
    )


@pytest.fixture
def broken_pipe() -> Iterator[int]:
    """The writing end of a pipe whose reader has already gone: every write fails with EPIPE."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    yield write_end
    os.close(write_end)


# --- an encoding that cannot show the text -------------------------------------------------------


def test_an_intake_in_a_latin_1_terminal_is_saved_once_and_says_so(
    tmp_path: Path, db_path: Path
) -> None:
    result = goal_process("intake", "--answers", str(_answers(tmp_path)), env=LATIN_1)
    assert result.returncode == 0, result.stderr
    assert "Saved 2 goals (ids 1, 2)" in result.stdout
    assert "Gehen ? jeden Tag" in result.stdout  # shown with what cannot be shown replaced
    assert result.stderr == ""
    assert _count(db_path, "SELECT count(*) FROM goal") == 2


@pytest.mark.parametrize("args", READERS.values(), ids=READERS.keys())
def test_readers_work_in_a_latin_1_terminal(tmp_path: Path, args: list[str]) -> None:
    assert goal_process("intake", "--answers", str(_answers(tmp_path))).returncode == 0
    assert goal_process("log", "1", "--value", "12", "--note", "schön 🚶").returncode == 0
    result = goal_process(*args, env=LATIN_1, encoding="latin-1")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Gehen" in result.stdout


def test_an_export_into_a_file_keeps_every_character_whatever_the_locale(tmp_path: Path) -> None:
    """Data for a file or a program is UTF-8, as `goal import` reads it: nothing replaced."""
    assert goal_process("intake", "--answers", str(_answers(tmp_path))).returncode == 0
    assert goal_process("log", "1", "--value", "12").returncode == 0
    for args in (["export"], ["export", "--format", "csv"]):
        result = subprocess.run(
            [sys.executable, "-m", "goalcli", *args],
            capture_output=True,
            timeout=60,
            env={**os.environ, **LATIN_1},
        )
        assert result.returncode == 0, result.stderr
        assert TITLE in result.stdout.decode("utf-8")


# --- stdout closed -------------------------------------------------------------------------------


@pytest.mark.parametrize("args", READERS.values(), ids=READERS.keys())
def test_a_reader_with_stdout_closed_does_not_claim_success(
    planned_fast: Callable[..., Result], args: list[str]
) -> None:
    result = _with_stdout(None, *args)
    assert result.returncode == 1, result.stderr
    _quiet(result.stderr)


@BOTH
@pytest.mark.parametrize("log_path", list(LOG_PATHS))
def test_a_check_in_with_stdout_closed_is_saved_and_says_so(
    planned_fast: Callable[..., Result],
    db_path: Path,
    tmp_path: Path,
    encryption: str | None,
    log_path: str,
) -> None:
    """The flag form on each of its paths (issue 26), plain and encrypted."""
    encrypt_if(encryption, db_path)
    note = tmp_path / "path"
    result = _with_stdout(None, *FLAG_LOG, note=note, env=LOG_PATHS[log_path])
    assert result.returncode == 0, result.stderr
    assert (
        result.stderr == "goal: Your changes were saved, but the confirmation could not be shown.\n"
    )
    assert paths_taken(note) == [log_path]
    assert rows(db_path, "SELECT value, note FROM checkin") == [(12.0, SENTINEL)]
    assert rows(db_path, "SELECT mood FROM mood") == [(6,)]


def test_an_intake_with_stdout_closed_is_never_reported_as_nothing_saved(db_path: Path) -> None:
    """The defect that made people retry and get every goal twice."""
    result = _with_stdout(None, "intake", "--answers", MOOD_PLAN)
    assert result.returncode == 0, result.stderr
    assert "were saved" in result.stderr and "nothing" not in result.stderr
    assert _count(db_path, "SELECT count(*) FROM goal") == 2


# --- a reader that went away ---------------------------------------------------------------------


@pytest.mark.parametrize("args", READERS.values(), ids=READERS.keys())
def test_a_reader_into_a_closed_pipe_ends_quietly_and_not_with_success(
    planned_fast: Callable[..., Result], broken_pipe: int, args: list[str]
) -> None:
    result = _with_stdout(broken_pipe, *args)
    assert result.returncode == 1
    assert result.stderr == ""


def test_a_write_into_a_closed_pipe_is_saved_and_says_so(
    planned_fast: Callable[..., Result], broken_pipe: int, db_path: Path
) -> None:
    result = _with_stdout(broken_pipe, "log", "--mood", "6")
    assert result.returncode == 0, result.stderr
    assert "were saved" in result.stderr
    _quiet(result.stderr)
    assert _count(db_path, "SELECT count(*) FROM mood") == 1


@BOTH
@pytest.mark.parametrize("log_path", list(LOG_PATHS))
def test_a_flag_form_check_in_into_a_closed_pipe_is_saved_and_says_so(
    planned_fast: Callable[..., Result],
    broken_pipe: int,
    db_path: Path,
    tmp_path: Path,
    encryption: str | None,
    log_path: str,
) -> None:
    """`goal log 1 --value ... | head -0`, on each path of the flag form (issue 26)."""
    encrypt_if(encryption, db_path)
    note = tmp_path / "path"
    result = _with_stdout(broken_pipe, *FLAG_LOG, note=note, env=LOG_PATHS[log_path])
    assert result.returncode == 0, result.stderr
    assert "were saved" in result.stderr
    _quiet(result.stderr)
    assert SENTINEL not in result.stderr
    assert paths_taken(note) == [log_path]
    assert rows(db_path, "SELECT value, note FROM checkin") == [(12.0, SENTINEL)]


def test_export_csv_into_head_ends_quietly(
    planned_fast: Callable[..., Result], db_path: Path
) -> None:
    """More than a pipe holds, so the export is still writing when `head` leaves."""
    connection = sqlite3.connect(db_path)
    with connection:
        for n in range(400):
            connection.execute(
                "INSERT INTO checkin (goal_id, day, value, note, created_at, updated_at) "
                "VALUES (1, date('2020-01-01', ?), 1, ?, 'x', 'x')",
                (f"+{n} days", "n" * 500),
            )
    connection.close()
    result = subprocess.run(
        ["sh", "-c", f'"{sys.executable}" -m goalcli export --format csv | head -1'],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout == "goal_id,goal_title,unit,day,value,note,mood,pleasure,mastery\n"
    assert result.stderr == ""


# --- the safety note ---------------------------------------------------------------------------

LOW_DAYS = ("today", "yesterday", "2 days ago")


@pytest.fixture
def low_mood(planned_fast: Callable[..., Result], db_path: Path, encryption: str | None) -> Path:
    """Three very low days in a row: the safety note is due (and not yet shown today). The
    database is encrypted in an encrypted run."""
    connection = sqlite3.connect(db_path)
    with connection:
        for offset in range(3):
            connection.execute(
                "INSERT INTO mood (day, mood, updated_at) VALUES (date('2026-11-26', ?), 1, 'x')",
                (f"-{offset} days",),
            )
    connection.close()
    encrypt_if(encryption, db_path)
    return db_path


NOTE_WORDS = "A note for you"


def test_the_note_is_shown_and_recorded_once(low_mood: Path) -> None:
    first = goal_process("report")
    assert first.returncode == 0 and NOTE_WORDS in first.stderr
    assert _count(low_mood, "SELECT count(*) FROM notice") == 1
    assert NOTE_WORDS not in goal_process("report").stderr


@BOTH
def test_a_read_only_database_still_shows_the_note(low_mood: Path) -> None:
    os.chmod(low_mood, stat.S_IRUSR)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "goalcli", "report"],
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=obeying_file_modes(),  # type: ignore[arg-type]
        )
    finally:
        os.chmod(low_mood, stat.S_IRUSR | stat.S_IWUSR)
    assert result.returncode == 0, result.stderr
    assert NOTE_WORDS in result.stderr
    _quiet(result.stderr)


@BOTH
def test_a_lock_held_by_another_program_neither_hides_the_note_nor_waits(low_mood: Path) -> None:
    # What opening the database costs here and now (a loaded machine; a key to derive), so
    # that only a wait for the lock counts below.
    started = time.monotonic()
    assert goal_process("list").returncode == 0
    opening = time.monotonic() - started
    other = connect(low_mood, isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO mood (day, mood, updated_at) VALUES ('2026-10-01', 5, 'other')")
    try:
        started = time.monotonic()
        result = goal_process("report")
        elapsed = time.monotonic() - started
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.returncode == 0, result.stderr
    assert NOTE_WORDS in result.stderr
    _quiet(result.stderr)
    # The busy timeout is 5 seconds: recording the note did not wait for it.
    assert elapsed - opening < 4


def test_a_check_in_is_saved_and_shows_the_note_when_recording_it_fails(low_mood: Path) -> None:
    """Recording fails as a full disk makes it fail (SQLITE_FULL), while the check-in fits."""
    connection = sqlite3.connect(low_mood)
    with connection:
        connection.execute(
            "CREATE TRIGGER full BEFORE INSERT ON notice "
            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
        )
    connection.close()
    result = goal_process("log", "1", "--value", "12")
    assert result.returncode == 0, result.stderr
    assert NOTE_WORDS in result.stderr
    _quiet(result.stderr)
    assert _count(low_mood, "SELECT count(*) FROM checkin") == 1
