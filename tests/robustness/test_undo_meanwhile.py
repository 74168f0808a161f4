"""`goal undo` never overwrites what it did not write (issue 24): a second process changes the
data while undo shows its change and asks; undo then refuses in one sentence (exit 1) and writes
nothing. Real processes and a real terminal (pexpect), on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lib.paths import MOOD_PLAN
from lib.processes import goal_process
from lib.terminal import finish, goal_terminal

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.usefixtures("engine")


def _ok(*args: str) -> Any:
    result = goal_process(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout) if "json" in args else result.stdout


@pytest.fixture
def planned_here() -> None:
    _ok("intake", "--answers", MOOD_PLAN)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _checkins(goal_id: int) -> list[tuple[object, object]]:
    listed = _ok("checkin", "list", str(goal_id), "--format", "json")
    return [(entry["value"], entry["note"]) for entry in listed]


def _history() -> list[dict[str, Any]]:
    return list(_ok("undo", "--list", "--format", "json"))


def test_a_check_in_changed_by_another_process_while_undo_asks(planned_here: None) -> None:
    _ok("log", "1", "--value", "12")
    _ok("log", "1", "--value", "21")  # a typo: the change undo shows
    with goal_terminal("undo", columns=160) as child:
        child.expect(r"check-in of 2026-11-26 changed from 12 to 21")
        child.expect(r"Undo it\? \[y/N\]")
        _ok("log", "1", "--value", "9")  # another process, meanwhile
        before = _history()
        child.sendline("y")
        output = finish(child)

    assert child.exitstatus == 1, output
    assert "Changed since: goal 1's check-in on 2026-11-26 is now 9; nothing was changed." in _flat(
        output
    )
    assert "Undone." not in output
    assert _checkins(1) == [(9, None)]
    assert _history() == before


def test_an_addition_to_a_weekly_total_made_meanwhile_is_never_taken_away(
    planned_here: None,
) -> None:
    _ok("edit", "2", "--kind", "weekly_total")
    _ok("log", "2", "--value", "1")
    _ok("log", "2", "--value", "2")
    with goal_terminal("undo", columns=160) as child:
        child.expect(r"added to, from 1 to 3")
        child.expect(r"Undo it\? \[y/N\]")
        _ok("log", "2", "--value", "1")
        child.sendline("y")
        output = finish(child)

    assert child.exitstatus == 1, output
    assert "Changed since: goal 2's check-in on 2026-11-26 is now 4" in _flat(output)
    assert _checkins(2) == [(4, None)]


def test_a_change_that_went_away_and_a_new_one_in_its_place_is_not_undone(
    planned_here: None,
) -> None:
    # Goal 2's edit is shown; meanwhile goal 2 is deleted (its changes with it) and goal 1 is
    # edited. Undo must not take that new change, whatever number it was given.
    _ok("edit", "2", "--confidence", "3")
    with goal_terminal("undo", columns=160) as child:
        child.expect(r"Goal 2: confidence")
        child.expect(r"Undo it\? \[y/N\]")
        _ok("delete", "2", "--yes")
        _ok("edit", "1", "--target", "25")
        child.sendline("y")
        output = finish(child)

    assert child.exitstatus == 2, output
    assert "That change was undone or removed meanwhile; nothing was changed." in _flat(output)
    listed = _ok("list", "--all", "--format", "json")
    assert [(goal["id"], goal["target"]) for goal in listed] == [(1, 25)]


def test_a_change_undone_by_another_process_meanwhile_is_not_undone_twice(
    planned_here: None,
) -> None:
    _ok("edit", "1", "--target", "20")
    _ok("edit", "1", "--target", "15")
    with goal_terminal("undo", columns=160) as child:
        child.expect(r"target lowered from 20 to 15")
        child.expect(r"Undo it\? \[y/N\]")
        _ok("undo", "--yes")  # another process undoes the same change first
        child.sendline("y")
        output = finish(child)

    assert child.exitstatus == 2, output
    assert "That change was undone or removed meanwhile" in _flat(output)
    listed = _ok("list", "--all", "--format", "json")
    assert listed[0]["target"] == 20
