"""`goal undo`: the latest change a person made, reversed after showing it; `--list`; the undone
change stays in the history, marked."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from lib.database import dump

pytestmark = pytest.mark.usefixtures("engine")

Goal = Callable[..., Result]


def _goal(goal: Goal, goal_id: int) -> dict[str, object]:
    listed = json.loads(goal("list", "--all", "--format", "json").stdout)
    found: dict[str, object] = next(entry for entry in listed if entry["id"] == goal_id)
    return found


def test_undo_reverses_the_latest_edit_and_keeps_it_in_the_history(planned: Goal) -> None:
    assert planned("edit", "1", "--target", "20").exit_code == 0
    assert planned("edit", "1", "--baseline", "2").exit_code == 0

    result = planned("undo", "--yes")

    assert result.exit_code == 0, result.output
    assert "This undoes: Goal 1: start point lowered from 5 to 2 on 2026-11-26." in result.stdout
    assert (_goal(planned, 1)["baseline"], _goal(planned, 1)["target"]) == (5, 20)
    shown = json.loads(planned("show", "1", "--format", "json").stdout)
    assert [change["text"] for change in shown["changes"]] == [
        "target lowered from 30 to 20 on 2026-11-26",
        "start point lowered from 5 to 2 on 2026-11-26 (undone)",
    ]
    # The next undo takes the one before.
    assert planned("undo", "--yes").exit_code == 0
    assert _goal(planned, 1)["target"] == 30


def test_undo_brings_back_a_removed_check_in_with_its_note(planned: Goal) -> None:
    planned("log", "1", "--value", "12", "--note", "Sunny walk")
    planned("checkin", "remove", "1", "--date", "today", "--yes")

    assert planned("undo", "--yes").exit_code == 0

    listed = json.loads(planned("checkin", "list", "1", "--format", "json").stdout)
    assert listed == [{"date": "2026-11-26", "value": 12, "note": "Sunny walk", "mood": None}]


def test_undo_reverses_a_status_change(planned: Goal) -> None:
    planned("drop", "2", "--reason", "Not now")

    assert planned("undo", "--yes").exit_code == 0
    assert _goal(planned, 2)["status"] == "active"


def test_undo_list_shows_what_can_be_undone_newest_first(planned: Goal) -> None:
    planned("edit", "1", "--target", "20")
    planned("pause", "2")

    table = planned("undo", "--list")
    document = json.loads(planned("undo", "--list", "--format", "json").stdout)

    assert table.exit_code == 0
    assert "1. Goal 2: paused on 2026-11-26." in table.stdout
    assert [entry["field"] for entry in document] == ["status", "target"]


def test_undo_asks_and_without_a_terminal_needs_yes(planned: Goal, db_path: Path) -> None:
    planned("edit", "1", "--target", "20")
    before = dump(db_path)

    result = planned("undo")

    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert dump(db_path) == before


def test_nothing_to_undo(planned: Goal) -> None:
    result = planned("undo", "--yes")

    assert result.exit_code == 2
    assert "There is no change to undo." in result.stderr
    assert "Nothing to undo." in planned("undo", "--list").stdout


def test_an_undone_change_is_not_undone_twice(planned: Goal, db_path: Path) -> None:
    planned("edit", "1", "--target", "20")
    assert planned("undo", "--yes").exit_code == 0
    assert planned("undo", "--yes").exit_code == 2
    with sqlite3.connect(db_path) as connection:
        rows = connection.execute("SELECT field, undone_at IS NOT NULL FROM goal_change").fetchall()
    assert rows == [("target", 1)]
