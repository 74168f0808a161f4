"""`goal add`, `goal intake` on an existing plan and `goal step remove` in a real terminal
(pexpect): the goal questions with a start date, the summary, asking, and Ctrl-C saving nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lib.paths import MOOD_PLAN
from lib.processes import goal_process
from lib.terminal import finish, goal_terminal

pexpect = pytest.importorskip("pexpect")

# Question (a regular expression of its start) and the answer typed, in the order asked.
READ_MORE = [
    ("The goal, in your own words", "Read more"),
    ("When did you start working on it", "3 days ago"),
    ("Specific", "Read 10 pages at night before sleeping"),
    ("What will you measure", "pages read per day"),
    ("Its unit", "pages"),
    (r"Where are you now", "0"),
    ("Target", "10"),
    ("How often", ""),
    ("A reading, or a weekly total", ""),
    (r"Confidence \(0-10\)", "7"),
    ("Why does it matter to you", "I miss books and they calm me down"),
    ("Target date", "2027-02-26"),
    ("GAS 0: the expected outcome", ""),
    ("Step 1", "Buy a lamp"),
    (r"Expected pleasure: how much will you enjoy it\? \(0-10; Enter skips\)", "3"),
    ("Step 2", ""),
    ("When will you take it", ""),
]


@pytest.fixture
def planned_db(db_path: Path) -> Path:
    result = goal_process("intake", "--answers", MOOD_PLAN)
    assert result.returncode == 0, result.stderr
    return db_path


def _goals(db_path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as connection:
        return connection.execute("SELECT id, title, start_date FROM goal ORDER BY id").fetchall()


def test_goal_add_in_a_terminal(planned_db: Path) -> None:
    with goal_terminal("add", columns=160) as child:
        for question, answer in READ_MORE:
            child.expect(question)
            child.sendline(answer)
        child.expect(r"Save this goal\?")
        child.sendline("y")
        output = finish(child)

    assert child.exitstatus == 0, output
    assert "Started" in output and "2026-11-23" in output  # the summary (styled, in colour)
    assert "Added goal 3." in output
    assert _goals(planned_db)[-1] == (3, "Read more", "2026-11-23")


def test_intake_on_an_existing_plan_adds_a_goal_in_a_terminal(planned_db: Path) -> None:
    with goal_terminal("intake", columns=160) as child:
        child.expect(r"You already have a plan")
        child.expect(r"Add a goal, or a new assessment \(add, new\) \[add\]")
        child.sendline("")
        for question, answer in READ_MORE:
            child.expect(question)
            child.sendline(answer)
        child.expect(r"Save this goal\?")
        child.sendline("y")
        output = finish(child)

    assert child.exitstatus == 0, output
    assert "Therapy type" not in output
    assert [row[1] for row in _goals(planned_db)][-1] == "Read more"


def test_ctrl_c_during_goal_add_saves_nothing(planned_db: Path) -> None:
    before = _goals(planned_db)
    with goal_terminal("add", columns=160) as child:
        for question, answer in READ_MORE[:6]:
            child.expect(question)
            child.sendline(answer)
        child.expect("Target")
        child.sendintr()
        output = finish(child)

    assert child.exitstatus == 130, output
    assert "nothing was saved" in output.lower()
    assert _goals(planned_db) == before


def test_step_remove_asks_in_a_terminal(planned_db: Path) -> None:
    with goal_terminal("step", "remove", "1", "1", columns=160) as child:
        child.expect(r"Remove step 1 of goal 1, 'Write a list of five things.*'\? \[y/N\]")
        child.sendline("y")
        output = finish(child)

    assert child.exitstatus == 0, output
    with sqlite3.connect(planned_db) as connection:
        first = connection.execute(
            "SELECT text FROM step WHERE goal_id = 1 AND position = 1"
        ).fetchone()
    assert first == ("Keep a note for a week of what leaves me feeling worse",)


def test_step_remove_declined_in_a_terminal_keeps_it(planned_db: Path) -> None:
    with goal_terminal("step", "remove", "1", "1", columns=160) as child:
        child.expect(r"\[y/N\]")
        child.sendline("")
        output = finish(child)

    assert child.exitstatus == 0, output
    assert "Nothing was removed." in output
    with sqlite3.connect(planned_db) as connection:
        assert connection.execute("SELECT count(*) FROM step WHERE goal_id = 1").fetchone() == (5,)


def test_checkin_remove_asks_in_a_terminal(planned_db: Path) -> None:
    logged = goal_process("log", "1", "--value", "7", "--mood", "6")
    assert logged.returncode == 0, logged.stderr
    with goal_terminal("checkin", "remove", "1", "--date", "today", columns=160) as child:
        child.expect(r"Remove the check-in of goal 1 on 2026-11-26 \(7\)\? \[y/N\]")
        child.sendline("y")
        output = finish(child)

    assert child.exitstatus == 0, output
    with sqlite3.connect(planned_db) as connection:
        assert connection.execute("SELECT count(*) FROM checkin").fetchone() == (0,)
        assert connection.execute("SELECT mood FROM mood").fetchall() == [(6,)]


def _expected_pleasure(db_path: Path, position: int) -> object:
    with sqlite3.connect(db_path) as connection:
        row = connection.execute(
            "SELECT expected_pleasure FROM step WHERE goal_id = 1 AND position = ?", (position,)
        ).fetchone()
    return row[0]


EXPECTED_QUESTION = r"Expected pleasure: how much will you enjoy it\? \(0-10; Enter skips\): "


def test_step_add_in_a_terminal_asks_the_pleasure_expected(planned_db: Path) -> None:
    with goal_terminal("step", "add", "1", "Swim at the lido", columns=80) as child:
        child.expect(EXPECTED_QUESTION)
        child.sendline("eleven")
        child.expect(r"'eleven' is not a whole number; the expected pleasure is 0 to 10\.")
        child.expect(EXPECTED_QUESTION)
        child.sendline("3")
        output = finish(child)

    assert child.exitstatus == 0, output
    assert "Added step 6 to goal 1: Swim at the lido (expected pleasure 3/10)" in output
    assert _expected_pleasure(planned_db, 6) == 3


def test_step_add_in_a_terminal_enter_skips_the_pleasure_expected(planned_db: Path) -> None:
    with goal_terminal("step", "add", "1", "Swim at the lido", columns=80) as child:
        child.expect(EXPECTED_QUESTION)
        child.sendline("")
        output = finish(child)

    assert child.exitstatus == 0, output
    assert "Added step 6 to goal 1: Swim at the lido" in output
    assert "expected pleasure" not in output.split("Enter skips)")[-1]
    assert _expected_pleasure(planned_db, 6) is None  # not predicted: unknown, never 0


def test_step_add_with_the_flag_or_in_a_pipe_asks_nothing(planned_db: Path) -> None:
    with goal_terminal("step", "add", "1", "Swim", "--expect-pleasure", "4", columns=80) as child:
        output = finish(child)
    assert child.exitstatus == 0, output
    assert "Expected pleasure:" not in output
    assert _expected_pleasure(planned_db, 6) == 4

    # A script (input piped in) is never asked: the step is added without a prediction.
    piped = goal_process("step", "add", "1", "Read a chapter", input="7\n")
    assert piped.returncode == 0, piped.stderr
    assert "Expected pleasure" not in piped.stdout
    assert _expected_pleasure(planned_db, 7) is None
