"""`goal edit` and `goal delete` in a real terminal (pexpect): they ask only when a person is
at the keyboard, and Ctrl-C at any of their prompts saves nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lib.paths import MOOD_PLAN
from lib.processes import goal_process
from lib.terminal import spawn_goal

pexpect = pytest.importorskip("pexpect")


@pytest.fixture
def planned_db(db_path: Path) -> Path:
    """The elevate-mood plan: goal 1 "Do one thing I enjoy each day" (5 → 30 minutes)."""
    result = goal_process("intake", "--answers", MOOD_PLAN)
    assert result.returncode == 0, result.stderr
    return db_path


def _finish(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    return child.logfile_read.getvalue()


def _dump(db_path: Path) -> str:
    connection = sqlite3.connect(db_path)
    try:
        return "\n".join(connection.iterdump())
    finally:
        connection.close()


def _rows(db_path: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_delete_asks_for_the_title_in_a_terminal(planned_db: Path) -> None:
    child = spawn_goal("delete", "1", columns=160)
    child.expect("Type the goal's title to delete it")
    child.sendline("Do one thing I enjoy each day")
    output = _finish(child)

    assert child.exitstatus == 0, output
    assert "goal export" in output
    assert _rows(planned_db, "SELECT id FROM goal") == [(2,)]


def test_ctrl_c_at_the_delete_prompt_deletes_nothing(planned_db: Path) -> None:
    before = _dump(planned_db)
    child = spawn_goal("delete", "1", columns=160)
    child.expect("Type the goal's title to delete it")
    child.sendintr()
    output = _finish(child)

    assert child.exitstatus == 130, output
    assert "nothing was saved" in output.lower()
    assert _dump(planned_db) == before


def test_interactive_edit_in_a_terminal(planned_db: Path) -> None:
    child = spawn_goal("edit", "1", columns=160)
    for question in ("Title", "Specific", "What is measured", "Its unit"):
        child.expect(question)
        child.sendline("")
    child.expect(r"Target \[30\]")
    child.sendline("20")
    for question in ("Target date", "Why it matters", "Confidence", "How often", "A reading"):
        child.expect(question)
        child.sendline("")
    child.expect("GAS 0: the expected outcome")
    child.sendline("")
    child.expect(r"Save these changes\?")
    child.sendline("y")
    output = _finish(child)

    assert child.exitstatus == 0, output
    assert "Target lowered from 30 to 20" in output
    assert _rows(planned_db, "SELECT field, old_value, new_value FROM goal_change") == [
        ("target", "30", "20")
    ]


def test_ctrl_c_during_an_edit_saves_nothing(planned_db: Path) -> None:
    before = _dump(planned_db)
    child = spawn_goal("edit", "1", columns=160)
    child.expect("Title")
    child.sendline("A new title")
    for question in ("Specific", "What is measured", "Its unit"):
        child.expect(question)
        child.sendline("")
    child.expect(r"Target \[30\]")
    child.sendintr()
    output = _finish(child)

    assert child.exitstatus == 130, output
    assert _dump(planned_db) == before


def test_delete_from_a_pipe_refuses_without_yes(planned_db: Path) -> None:
    before = _dump(planned_db)
    result = goal_process("delete", "1", input="Do one thing I enjoy each day\n")

    assert result.returncode == 2, result.stderr
    assert "--yes" in result.stderr
    assert _dump(planned_db) == before
