"""`goal log` in a real terminal (pexpect) for a count (issue 23): "How many today?" takes
Enter as none, and a value far outside the goal's scale is saved only after "Are you sure?"."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lib.answers import WALKS_GOAL, answers_toml
from lib.processes import goal_process
from lib.terminal import finish, goal_terminal

pexpect = pytest.importorskip("pexpect")

WALKS = WALKS_GOAL


@pytest.fixture
def walks_db(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GOALCLI_TODAY", "2026-11-22")
    plan = tmp_path / "plan.toml"
    plan.write_text(answers_toml("2026-11-01", WALKS), encoding="utf-8")
    result = goal_process("intake", "--answers", str(plan))
    assert result.returncode == 0, result.stderr
    return db_path


def _values(db_path: Path) -> list[tuple[str, float]]:
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute("SELECT day, value FROM checkin ORDER BY day").fetchall()
    finally:
        connection.close()


def _log_walks(answer_sure: str) -> str:
    with goal_terminal("log", columns=80) as child:
        child.expect_exact("Mood today")
        child.sendline("")
        child.expect_exact("Enter means none today")
        child.expect_exact("How many today?")
        child.sendline("11")
        child.expect_exact("Are you sure? 11 walks in one day")
        child.sendline(answer_sure)
        if answer_sure == "n":  # asked again: this time a usual count
            child.expect_exact("How many today?")
            child.sendline("2")
        child.expect_exact("Steps done")
        child.sendline("")
        child.expect_exact("Pleasure:")
        child.sendline("")
        child.expect_exact("Mastery:")
        child.sendline("")
        child.expect_exact("A note")
        child.sendline("")
        return finish(child)


def test_an_unusual_count_is_asked_again_when_not_sure(walks_db: Path) -> None:
    shown = _log_walks("n")
    assert _values(walks_db) == [("2026-11-22", 2.0)]
    assert "2 walks today" in shown
    assert "looks unusual" not in shown


def test_an_unusual_count_confirmed_is_saved_without_a_warning(walks_db: Path) -> None:
    shown = _log_walks("y")
    assert _values(walks_db) == [("2026-11-22", 11.0)]
    assert "11 walks today" in shown
    assert "looks unusual" not in shown  # the person said so already


def test_enter_at_how_many_saves_none_as_a_known_day(walks_db: Path) -> None:
    with goal_terminal("log", columns=80) as child:
        child.expect_exact("Mood today")
        child.sendline("")
        child.expect_exact("How many today?")
        child.sendline("")
        child.expect_exact("Steps done")
        child.sendline("")
        child.expect_exact("Pleasure:")
        child.sendline("")
        child.expect_exact("Mastery:")
        child.sendline("")
        child.expect_exact("A note")
        child.sendline("")
        shown = finish(child)
    assert _values(walks_db) == [("2026-11-22", 0.0)]
    assert "0 walks today" in shown
