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
    assert listed == [
        {
            "date": "2026-11-26",
            "value": 12,
            "note": "Sunny walk",
            "mood": None,
            "pleasure": None,
            "mastery": None,
        }
    ]


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


# --- every kind of change the log records, undone -------------------------------------------

FIRST = "Write a list of five things that used to make me happy"
SECOND = "Keep a note for a week of what leaves me feeling worse"


def _steps(goal: Goal) -> list[tuple[str, str | None]]:
    result = goal("step", "list", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    return [(step["text"], step["done"]) for step in json.loads(result.stdout)]


def _flat(text: str) -> str:
    """Output with the terminal's line wrapping undone."""
    return " ".join(text.split())


def _undo(goal: Goal) -> Result:
    result = goal("undo", "--yes")
    assert result.exit_code == 0, result.output
    return result


def test_undo_puts_a_removed_step_back_in_its_place_with_its_dates(planned: Goal) -> None:
    planned("step", "done", "1", "2")
    before = _steps(planned)
    assert planned("step", "remove", "1", "2", "--yes").exit_code == 0

    result = _undo(planned)

    assert f"This undoes: Goal 1: step “{SECOND}” removed on 2026-11-26." in _flat(result.stdout)
    assert _steps(planned) == before


def test_undo_reverses_a_rewording_a_move_and_a_done_step(planned: Goal) -> None:
    before = _steps(planned)
    planned("step", "edit", "1", "1", "Write down five joys")
    planned("step", "move", "1", "1", "--to", "3")
    planned("step", "done", "1", "3")
    assert _steps(planned)[2] == ("Write down five joys", "2026-11-26")

    for _ in range(3):
        _undo(planned)

    assert _steps(planned) == before


def test_undo_removes_an_added_step_and_reopens_an_undone_one(planned: Goal) -> None:
    planned("step", "done", "1", "1")
    planned("step", "undo", "1", "1")
    before = _steps(planned)
    planned("step", "add", "1", "Call Priya")

    _undo(planned)
    assert _steps(planned) == before
    _undo(planned)
    assert _steps(planned)[0] == (FIRST, "2026-11-26")


def test_undo_puts_back_a_replaced_check_in_with_its_note(planned: Goal) -> None:
    planned("log", "1", "--value", "12", "--note", "Sunny walk")
    replaced = planned("log", "1", "--value", "21", "--note", "Typo")
    assert "(was 12, now 21)" in replaced.stdout

    result = _undo(planned)

    assert "check-in of 2026-11-26 changed from 12 to 21" in _flat(result.stdout)
    listed = json.loads(planned("checkin", "list", "1", "--format", "json").stdout)
    assert (listed[0]["value"], listed[0]["note"]) == (12, "Sunny walk")


def test_undo_puts_back_a_replaced_or_removed_mood(planned: Goal) -> None:
    planned("log", "1", "--value", "10")
    planned("log", "--mood", "4")
    planned("log", "--mood", "7")
    planned("checkin", "remove", "1", "--date", "today", "--mood-only", "--yes")
    undoable = json.loads(planned("undo", "--list", "--format", "json").stdout)
    assert [(entry["goal"], entry["text"]) for entry in undoable[:2]] == [
        (None, "mood of 2026-11-26 removed (it was 7) on 2026-11-26"),
        (None, "mood of 2026-11-26 changed from 4 to 7 on 2026-11-26"),
    ]

    _undo(planned)
    assert json.loads(planned("checkin", "list", "1", "--format", "json").stdout)[0]["mood"] == 7
    _undo(planned)
    assert json.loads(planned("checkin", "list", "1", "--format", "json").stdout)[0]["mood"] == 4


def test_undo_of_a_start_date_that_would_strand_check_ins_is_refused(
    planned: Goal, db_path: Path
) -> None:
    assert planned("edit", "1", "--start-date", "3 days ago").exit_code == 0
    assert planned("log", "1", "--value", "8", "--date", "2 days ago").exit_code == 0
    with sqlite3.connect(db_path) as connection:  # as if the check-in came in by `goal import`
        connection.execute(
            "UPDATE goal_change SET imported_at = created_at WHERE field = ?", ("checkin_logged",)
        )
    before = dump(db_path)

    result = planned("undo", "--yes")

    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "goal: Undoing it would leave goal 1's check-in of 2026-11-24 before its start date "
        "2026-11-26; nothing was changed."
    )
    assert dump(db_path) == before


def _from_another_device(
    goal: Goal, tmp_path: Path, change: Callable[[dict[str, object]], None]
) -> None:
    """Import a file made from this database's export, as another device's would be."""
    document = json.loads(goal("export").stdout)
    change(document)
    path = tmp_path / "other-device.json"
    path.write_text(json.dumps(document))
    result = goal("import", str(path))
    assert result.exit_code == 0, result.output


def _add_checkin(day: str, value: float) -> Callable[[dict[str, object]], None]:
    def change(document: dict[str, object]) -> None:
        goals = document["goals"]
        assert isinstance(goals, list)
        goals[0]["checkins"].append({"day": day, "value": value, "note": None})

    return change


def test_undo_of_a_removed_check_in_refuses_a_day_logged_again(
    planned: Goal, tmp_path: Path
) -> None:
    planned("log", "1", "--value", "12")
    planned("checkin", "remove", "1", "--date", "today", "--yes")
    # Another device's file brings a check-in of that day: history here, not the next undo.
    _from_another_device(planned, tmp_path, _add_checkin("2026-11-26", 14))

    result = planned("undo", "--yes")

    assert result.exit_code == 1
    assert _flat(result.stderr) == (
        "goal: Changed since: goal 1 has a check-in on 2026-11-26 again (14; `goal checkin "
        "remove 1 --date 2026-11-26` removes it first); nothing was changed."
    )
    assert json.loads(planned("checkin", "list", "1", "--format", "json").stdout)[0]["value"] == 14


def test_undo_removes_a_goal_just_added_naming_it(planned: Goal) -> None:
    assert planned("add", "--template", "creativity", "--confidence", "6").exit_code == 0
    listed = json.loads(planned("list", "--format", "json").stdout)
    added = listed[-1]

    result = _undo(planned)

    shown = _flat(result.stdout)
    assert f"This undoes: Goal {added['id']}: goal “{added['title']}” added on 2026-11-26." in shown
    assert f"Undoing it removes goal {added['id']} “{added['title']}” and its steps." in shown
    assert [entry["id"] for entry in json.loads(planned("list", "--format", "json").stdout)] == [
        1,
        2,
    ]


def test_undo_leaves_an_added_goal_with_check_ins_to_goal_delete(planned: Goal) -> None:
    planned("add", "--template", "creativity", "--confidence", "6")
    planned("log", "3", "--value", "5")
    planned("review", "3", "--gbo", "4")
    assert "check-in of 2026-11-26 logged (5)" in _flat(_undo(planned).stdout)

    result = planned("undo", "--yes")

    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "goal: Goal 3 has check-ins or reviews since it was added, so undo leaves it; "
        "`goal delete 3` removes it with them."
    )
    assert len(json.loads(planned("list", "--format", "json").stdout)) == 3


def _checkin(goal: Goal, goal_id: int) -> tuple[object, object] | None:
    listed = json.loads(goal("checkin", "list", str(goal_id), "--format", "json").stdout)
    return (listed[0]["value"], listed[0]["note"]) if listed else None


def test_undo_of_an_addition_to_a_weekly_total_takes_away_exactly_it(planned: Goal) -> None:
    # A weekly total: a second value the same day adds to the day's; each is logging.
    assert planned("edit", "2", "--kind", "weekly_total").exit_code == 0
    planned("log", "2", "--value", "1")
    planned("log", "2", "--value", "1.5")
    planned("log", "2", "--value", "1", "--note", "Called Priya")
    undoable = json.loads(planned("undo", "--list", "--format", "json").stdout)
    assert [change["text"] for change in undoable[:3]] == [
        "goal 2: check-in of 2026-11-26 added to, from 2.5 to 3.5 on 2026-11-26",
        "goal 2: check-in of 2026-11-26 added to, from 1 to 2.5 on 2026-11-26",
        "goal 2: check-in of 2026-11-26 logged (1) on 2026-11-26",
    ]

    _undo(planned)
    assert _checkin(planned, 2) == (2.5, None)
    _undo(planned)
    assert _checkin(planned, 2) == (1, None)
    _undo(planned)
    assert _checkin(planned, 2) is None
    assert json.loads(planned("undo", "--list", "--format", "json").stdout)[0]["field"] == "kind"


def test_undo_of_a_mistyped_check_in_or_mood_just_logged(planned: Goal) -> None:
    # "I just logged 11 instead of 1."
    planned("log", "1", "--value", "11", "--note", "Walk")
    result = _undo(planned)
    assert "This undoes: Goal 1: check-in of 2026-11-26 logged (11) on 2026-11-26." in _flat(
        result.stdout
    )
    assert _checkin(planned, 1) is None
    planned("log", "--mood", "9")
    assert "This undoes: Mood of 2026-11-26 logged (9)" in _flat(_undo(planned).stdout)
    assert json.loads(planned("export").stdout)["moods"] == []
    # Logging is not a correction: a goal's history and an export leave those records out.
    planned("log", "1", "--value", "1")
    shown = json.loads(planned("show", "1", "--format", "json").stdout)
    assert all("logged" not in change["text"] for change in shown["changes"])
    exported = json.loads(planned("export").stdout)
    assert all(change["field"] != "checkin_logged" for change in exported["goals"][0]["changes"])


def test_undoing_a_weekly_total_note_restores_the_note_never_the_count(
    planned: Goal, db_path: Path
) -> None:
    assert planned("edit", "2", "--kind", "weekly_total").exit_code == 0
    planned("log", "2", "--value", "2")
    planned("log", "2", "--note", "Called Priya")
    undoable = json.loads(planned("undo", "--list", "--format", "json").stdout)
    assert undoable[0]["text"] == "goal 2: note of the check-in of 2026-11-26 changed on 2026-11-26"
    with sqlite3.connect(db_path) as connection:  # counted on since, not by this database
        connection.execute("UPDATE checkin SET value = 5 WHERE goal_id = 2")

    _undo(planned)

    assert _checkin(planned, 2) == (5, None)


def test_undo_of_a_step_change_refuses_when_the_step_is_gone(planned: Goal, db_path: Path) -> None:
    planned("step", "edit", "1", "1", "Write down five joys")
    with sqlite3.connect(db_path) as connection:  # gone behind goalcli's back
        connection.execute("DELETE FROM step WHERE text = 'Write down five joys'")
    before = dump(db_path)

    result = planned("undo", "--yes")

    assert result.exit_code == 2
    assert _flat(result.stderr) == (
        "goal: Undoing it would need the step goal 1 had then (reworded), which is no longer "
        "there; nothing was changed."
    )
    assert dump(db_path) == before


def test_a_change_whose_record_is_incomplete_is_refused(planned: Goal, db_path: Path) -> None:
    planned("log", "--mood", "4")
    planned("log", "--mood", "6")
    with sqlite3.connect(db_path) as connection:  # as a hand-edited export could leave it
        connection.execute("UPDATE goal_change SET detail = NULL")

    result = planned("undo", "--yes")

    assert result.exit_code == 2
    assert "The record of that change is incomplete, so it cannot be undone" in result.stderr
    assert "Traceback" not in result.output


# --- issue 24: a change is named by an id never handed out twice --------------------------------


def _change_ids() -> list[int]:
    """The change log's ids, read from the database itself (the SQLite file or the server)."""
    import os

    target = os.environ["GOALCLI_DB"]
    query = "SELECT id FROM goal_change ORDER BY id"
    if "://" not in target:
        with sqlite3.connect(target) as connection:
            return [row[0] for row in connection.execute(query)]
    from lib.postgres import admin

    with admin(target) as connection:
        return [row[0] for row in connection.execute(query)]


def test_change_ids_are_never_reused_after_goal_delete_or_an_import(
    planned: Goal, tmp_path: Path
) -> None:
    planned("edit", "2", "--confidence", "3")
    planned("edit", "2", "--target", "4")
    given = max(_change_ids())
    assert planned("delete", "2", "--yes").exit_code == 0
    assert max(_change_ids(), default=0) < given  # goal 2's changes went with it
    # An import realigns a server's id sequences after the rows it wrote.
    exported = tmp_path / "mine.json"
    assert planned("export", "--output", str(exported)).exit_code == 0
    assert planned("import", str(exported)).exit_code == 0

    planned("edit", "1", "--target", "25")

    assert max(_change_ids()) > given


def test_undo_takes_the_latest_change_made_here_never_an_imported_one(
    planned: Goal, tmp_path: Path
) -> None:
    planned("edit", "1", "--target", "20")
    # Another device's file: this plan with goal 2 paused there (a change of its own).
    other = tmp_path / "other.json"
    document = json.loads(planned("export").stdout)
    document["goals"][1]["changes"].append(
        {
            "day": "2026-11-26",
            "field": "status",
            "old_value": "active",
            "new_value": "paused",
            "reason": None,
            "created_at": "2026-11-26T10:00:00+00:00",
            "undone_at": None,
            "detail": None,
        }
    )
    other.write_text(json.dumps(document), encoding="utf-8")
    assert planned("import", str(other)).exit_code == 0

    listed = json.loads(planned("undo", "--list", "--format", "json").stdout)
    assert [(entry["field"], entry["imported"]) for entry in listed[:2]] == [
        ("status", True),
        ("target", False),
    ]
    result = _undo(planned)

    assert "This undoes: Goal 1: target lowered from 30 to 20" in _flat(result.stdout)
    assert _goal(planned, 1)["target"] == 30


def test_undo_of_an_edit_refuses_a_value_changed_since(planned: Goal, db_path: Path) -> None:
    planned("edit", "1", "--target", "20")
    with sqlite3.connect(db_path) as connection:  # another program's edit, not recorded here
        connection.execute("UPDATE goal SET target = 9 WHERE id = 1")
    before = dump(db_path)

    result = planned("undo", "--yes")

    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "goal: Changed since: goal 1's target is now 9; nothing was changed."
    )
    assert dump(db_path) == before
