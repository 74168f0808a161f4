"""`goal undo` in a real terminal (pexpect): it shows what it reverses and asks (default no);
yes undoes it, Enter keeps everything, Ctrl-C at the question leaves everything as it was. And
`goal review` on a reviewed date: it shows the saved ratings and asks before replacing them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lib.database import dump
from lib.paths import MOOD_PLAN
from lib.processes import goal_process
from lib.terminal import finish, goal_terminal

pexpect = pytest.importorskip("pexpect")


@pytest.fixture
def edited_db(db_path: Path) -> Path:
    """The mood plan with goal 1's target lowered from 30 to 20."""
    for args in (("intake", "--answers", MOOD_PLAN), ("edit", "1", "--target", "20")):
        result = goal_process(*args)
        assert result.returncode == 0, result.stderr
    return db_path


def _target(db_path: Path) -> float:
    with sqlite3.connect(db_path) as connection:
        (target,) = connection.execute("SELECT target FROM goal WHERE id = 1").fetchone()
    return float(target)


def test_undo_shows_the_change_and_asks_in_a_terminal(edited_db: Path) -> None:
    with goal_terminal("undo", columns=160) as child:
        child.expect(r"This undoes: Goal 1: target lowered from 30 to 20 on 2026-11-26\.")
        child.expect(r"Undo it\? \[y/N\]")
        child.sendline("y")
        output = finish(child)

    assert child.exitstatus == 0, output
    assert "Undone." in output
    assert _target(edited_db) == 30


def test_undo_declined_in_a_terminal_changes_nothing(edited_db: Path) -> None:
    before = dump(edited_db)
    with goal_terminal("undo", columns=160) as child:
        child.expect(r"Undo it\? \[y/N\]")
        child.sendline("")
        output = finish(child)

    assert child.exitstatus == 0, output
    assert "Nothing was changed." in output
    assert dump(edited_db) == before


def test_ctrl_c_at_the_undo_question_changes_nothing(edited_db: Path) -> None:
    before = dump(edited_db)
    with goal_terminal("undo", columns=160) as child:
        child.expect(r"Undo it\? \[y/N\]")
        child.sendintr()
        output = finish(child)

    assert child.exitstatus == 130, output
    assert dump(edited_db) == before


def test_undoing_an_added_goal_names_it_before_asking(edited_db: Path) -> None:
    added = goal_process("add", "--template", "creativity", "--confidence", "6")
    assert added.returncode == 0, added.stderr
    with goal_terminal("undo", columns=160) as child:
        child.expect(r"goal “Get back to making things” added on 2026-11-26\.")
        child.expect(r"Undoing it removes goal 3 “Get back to making things” and its steps\.")
        child.expect(r"Undo it\? \[y/N\]")
        child.sendline("y")
        output = finish(child)

    assert child.exitstatus == 0, output
    with sqlite3.connect(edited_db) as connection:
        assert connection.execute("SELECT max(id) FROM goal").fetchone() == (2,)


def test_correcting_a_review_in_a_terminal_shows_it_and_asks(edited_db: Path) -> None:
    rated = goal_process("review", "1", "--gas", "0", "--gbo", "4")
    assert rated.returncode == 0, rated.stderr
    with goal_terminal("review", columns=160) as child:
        child.expect(r"Saved for this day: GAS 0, GBO 4\.")
        for question, answer in (
            (r"GAS level", ""),
            (r"GBO rating", "7"),
            (r"What helped", ""),
            (r"What got in the way", ""),
            (r"Next step", ""),
        ):
            child.expect(question)
            child.sendline(answer)
        child.expect(r"Replace the saved review \(GBO was 4, now 7\)\? \[Y/n\]")
        child.sendline("n")
        for question in (r"GAS level", r"GBO rating", r"What helped", r"What got", r"Next step"):
            child.expect(question)  # goal 2: nothing to say
            child.sendline("")
        output = finish(child)

    assert child.exitstatus == 0, output
    with sqlite3.connect(edited_db) as connection:
        assert connection.execute("SELECT gbo FROM review").fetchall() == [(4,)]
