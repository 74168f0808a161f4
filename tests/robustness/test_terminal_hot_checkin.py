"""The interactive `goal log` whose first question the console script's first step asks
(goalcli/hot/checkin.py, issue 26) is the full path's check-in, byte for byte: the same
terminal output, the same exit status and the same database rows as with GOALCLI_FULL_PATH=1,
for whole check-ins, a refused first answer, Ctrl-C and Ctrl-D at the first question; and
where the full path would do anything else first, the first step asks nothing."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from lib.answers import answers_toml, fewer_panics, walk_outside
from lib.database import copy_database
from lib.processes import goal_process
from lib.terminal import TERMINAL_TIMEOUT

pexpect = pytest.importorskip("pexpect")

TODAY = "2026-11-26"
PLAN = answers_toml(
    "2026-11-19",
    walk_outside(target_date="2026-12-19", first_step_on="2026-11-20"),
    fewer_panics(first_step_on="2026-11-20"),
)
STAMPS = {"created_at", "updated_at"}

# The console script's entry point, run as `goal` runs it; it notes in ASKED whether
# goalcli.hot.checkin asked the first question (written at once: Ctrl-C ends with os._exit).
PROBE = """
import json, sys
from goalcli.hot import checkin
real, note = checkin._what_to_ask, sys.argv[1]
def noted(db):
    asked = real(db)
    with open(note, "w") as out:
        out.write(json.dumps(asked is not None))
    return asked
checkin._what_to_ask = noted
sys.argv = ["goal", *sys.argv[2:]]
from goalcli.hot import main
main()
"""


@pytest.fixture
def planned(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two goals set up on 2026-11-19; today is 2026-11-26."""
    monkeypatch.setenv("GOALCLI_TODAY", TODAY)
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN, encoding="utf-8")
    result = goal_process("intake", "--answers", str(plan))
    assert result.returncode == 0, result.stderr
    return db_path


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table, row for row; the wall-clock stamps as present or absent."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    with sqlite3.connect(path) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in sorted(tables):
            columns = [row[1] for row in db.execute(f"PRAGMA table_info('{table}')")]
            found[table] = [
                tuple(
                    (value is not None) if name in STAMPS else value
                    for name, value in zip(columns, row, strict=True)
                )
                for row in db.execute(f"SELECT * FROM '{table}' ORDER BY rowid")
            ]
    db.close()
    return found


def _run(
    db: Path,
    folder: Path,
    steps: list[tuple[str, str]],
    *,
    full: bool,
    end: str | None = None,
    columns: int = 80,
) -> tuple[str, int, bool | None]:
    """`goal --db DB log` at an 80-column terminal: wait for each text and send its answer
    (`end`, if given, is sent as a control character at the last text). What the terminal
    showed, the exit status, and whether the first step asked (None: it never looked)."""
    asked = folder / ("asked-full" if full else "asked-hot")
    env = {key: value for key, value in os.environ.items() if key not in {"COLUMNS", "LINES"}}
    env["TERM"] = "xterm"
    if full:
        env["GOALCLI_FULL_PATH"] = "1"
    child = pexpect.spawn(
        sys.executable,
        ["-c", PROBE, str(asked), "--db", str(db), "log"],
        env=env,
        encoding="utf-8",
        timeout=TERMINAL_TIMEOUT,
        dimensions=(40, columns),
    )
    shown: list[str] = []
    try:
        for text, answer in steps:
            child.expect_exact(text)
            shown.append(child.before + child.after)
            child.sendline(answer)
        if end is not None:  # once the whole question is shown, its answer awaited
            child.expect_exact("Mood today")
            shown.append(child.before + child.after)
            child.expect_exact("): ")
            shown.append(child.before + child.after)
            # As a person would, a moment after the question: the full path's input() misses a
            # Ctrl-C that lands between its prompt and its read (hot/checkin.py guards that gap).
            time.sleep(0.3)
            child.sendcontrol(end)
        child.expect(pexpect.EOF)
        shown.append(child.before)
        child.close()
    finally:
        if child.isalive():
            child.terminate(force=True)
    status = child.exitstatus if child.exitstatus is not None else -child.signalstatus
    return "".join(shown), status, json.loads(asked.read_text()) if asked.exists() else None


def _both(
    planned: Path,
    folder: Path,
    steps: list[tuple[str, str]],
    end: str | None = None,
    columns: int = 80,
) -> tuple[str, int]:
    """The same check-in through the first step and down the full path, on two copies of the
    plan: the same screen, status and rows. (What the screen showed, the status.)"""
    hot_db = copy_database(planned, folder / "hot.db")
    full_db = copy_database(planned, folder / "full.db")
    hot = _run(hot_db, folder, steps, full=False, end=end, columns=columns)
    full = _run(full_db, folder, steps, full=True, end=end, columns=columns)
    assert hot[2] is True, "the first step did not ask the first question"
    assert full[2] is None
    assert hot[:2] == full[:2]
    assert dump(hot_db) == dump(full_db)
    return hot[0], hot[1]


WHOLE = [
    ("Mood today", "6"),
    ("Value now", "20"),
    ("Steps done", "1"),
    ("Pleasure", "7"),
    ("Mastery", ""),
    ("A note", "walked by the river"),
    ("Value now", ""),  # goal 2 skipped
]


def test_a_whole_check_in_is_the_full_paths(planned: Path, tmp_path: Path) -> None:
    shown, status = _both(planned, tmp_path, WHOLE)
    assert status == 0
    assert "\x1b[1mCheck-in for Thursday 26 November 2026." in shown
    assert "Saved mood 6/10 for 2026-11-26." in shown
    with sqlite3.connect(tmp_path / "hot.db") as db:
        assert db.execute("SELECT day, mood FROM mood").fetchall() == [(TODAY, 6)]
        assert db.execute("SELECT goal_id, value, note, pleasure FROM checkin").fetchall() == [
            (1, 20.0, "walked by the river", 7)
        ]
    db.close()


def test_a_refused_first_answer_is_asked_again_as_the_full_path_does(
    planned: Path, tmp_path: Path
) -> None:
    steps = [("Mood today", "11"), ("must be from 0 to 10", ""), ("Mood today", "4")]
    shown, status = _both(planned, tmp_path, [*steps, *WHOLE[1:]])
    assert status == 0
    assert shown.count("Mood today (0-10):") == 2


def test_a_mood_saved_today_is_in_the_question_and_replacing_it_is_asked(
    planned: Path, tmp_path: Path
) -> None:
    assert goal_process("log", "--mood", "3").returncode == 0
    steps = [("3 is saved for this day", "8"), ("Replace 3 with 8?", "y"), *WHOLE[1:]]
    shown, status = _both(planned, tmp_path, steps)
    assert status == 0
    assert "Mood today (0-10; 3 is saved for this day):" in shown


@pytest.mark.parametrize("key", ["c", "d"], ids=["ctrl-c", "ctrl-d"])
def test_ctrl_c_or_ctrl_d_at_the_first_question_ends_as_the_full_path_does(
    planned: Path, tmp_path: Path, key: str
) -> None:
    before = dump(planned)
    shown, status = _both(planned, tmp_path, [], end=key)
    assert status == 130
    assert "goal: Interrupted; nothing was saved." in shown
    assert dump(tmp_path / "hot.db") == before


def test_at_a_narrow_terminal_the_wrapped_header_and_question_are_the_full_paths(
    planned: Path, tmp_path: Path
) -> None:
    """30 columns: the header and the question (with a saved mood) wrap over several lines,
    the question's last line is Click's prompt."""
    assert goal_process("log", "--mood", "3").returncode == 0
    shown, status = _both(planned, tmp_path, [], end="d", columns=30)
    assert status == 130
    assert "\x1b[1mCheck-in for Thursday 26\r\nNovember 2026." in shown
    assert "Mood today (0-10; 3 is saved\r\nfor this day): " in shown


def _without_stamps(value: Any) -> Any:
    """An export with its wall-clock stamps (keys ending in _at) left out."""
    if isinstance(value, dict):
        return {k: _without_stamps(v) for k, v in value.items() if not k.endswith("_at")}
    if isinstance(value, list):
        return [_without_stamps(item) for item in value]
    return value


def _pause_every_goal(db: Path) -> None:
    for goal_id in ("1", "2"):
        result = goal_process("--db", str(db), "pause", goal_id)
        assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "case",
    [
        "no database",
        "every goal paused",
        "a leftover copy beside it",
        "a newer schema",
        "encrypted",
    ],
)
def test_where_the_full_path_says_something_else_first_the_first_step_asks_nothing(
    planned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    """The full path speaks first, refuses, or reads what the first step does not (an
    encrypted file): the first step leaves it all to it."""
    if case == "encrypted":
        pytest.importorskip("sqlcipher3")
        from lib.encryption import passphrase_script

        command = passphrase_script(tmp_path, "correct horse battery")
        monkeypatch.setenv("GOALCLI_PASSPHRASE_COMMAND", str(command))
    folder = tmp_path / "case"
    # Folders of one length: a message naming the file wraps at the same place on both.
    hot_db, full_db = folder / "hot1" / "goals.db", folder / "full" / "goals.db"
    for db in (hot_db, full_db):
        db.parent.mkdir(parents=True)
    for db in (hot_db, full_db):
        if case == "no database":
            continue
        copy_database(planned, db)
        if case == "every goal paused":
            _pause_every_goal(db)
        elif case == "a leftover copy beside it":
            shutil.copy(db, db.parent / f".{db.name}.encrypting")
        elif case == "encrypted":
            result = goal_process("--db", str(db), "encrypt")
            assert result.returncode == 0, result.stderr
        elif case == "a newer schema":
            with sqlite3.connect(db) as connection:
                version = connection.execute("PRAGMA user_version").fetchone()[0]
                connection.execute(f"PRAGMA user_version = {version + 1}")
            connection.close()
    asks = case in ("a leftover copy beside it", "encrypted")  # the full path then asks
    steps = [("Mood today", "5"), *WHOLE[1:]] if asks else []
    hot = _run(hot_db, folder, steps, full=False)
    full = _run(full_db, folder, steps, full=True)
    assert hot[2] is False
    assert (hot[0].replace("/hot1/", "/full/"), hot[1]) == full[:2]
    if case == "encrypted":  # read through goalcli, with the passphrase
        exported = [
            _without_stamps(json.loads(goal_process("--db", str(db), "export").stdout))
            for db in (hot_db, full_db)
        ]
        assert exported[0] == exported[1]
        assert '"walked by the river"' in json.dumps(exported[0])
    elif case != "no database":
        assert dump(hot_db) == dump(full_db)
    else:
        assert not hot_db.exists()


def test_without_a_terminal_the_first_step_asks_nothing(planned: Path, tmp_path: Path) -> None:
    """Answers piped in are the full path's to read (it asks them of a script the same way)."""
    asked = tmp_path / "asked"
    answers = "6\n20\n\n\n\n\n\n"
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(asked), "log"],
        input=answers,
        capture_output=True,
        text=True,
        timeout=TERMINAL_TIMEOUT,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(asked.read_text()) is False
    assert "Saved mood 6/10" in result.stdout


def test_ctrl_c_the_instant_the_first_question_appears_still_ends_it(
    planned: Path, tmp_path: Path
) -> None:
    """The loading thread runs while the first question waits: a Ctrl-C that lands between the
    prompt and the read must still end it (without the wake-up pipe, about 1 run in 10 here
    waited for ever)."""
    env = {**os.environ, "TERM": "xterm"}
    for _ in range(12):
        child = pexpect.spawn(
            sys.executable, ["-m", "goalcli", "log"], env=env, encoding="utf-8", timeout=15
        )
        try:
            child.expect_exact("Mood today")
            child.expect_exact("): ")
            child.sendcontrol("c")
            child.expect(pexpect.EOF)
            child.close()
        finally:
            if child.isalive():
                child.terminate(force=True)
        assert child.exitstatus == 130
        assert "goal: Interrupted; nothing was saved." in child.before
