"""`goal step edit`, `goal step remove` and `goal step move`: steps reworded, removed and
reordered, each change (and adding, ticking off and reopening) in the goal's history."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from lib.database import dump

pytestmark = pytest.mark.usefixtures("engine")

Goal = Callable[..., Result]

# The elevate-mood plan's goal 1 has five steps; these are its first three.
FIRST = "Write a list of five things that used to make me happy"
SECOND = "Keep a note for a week of what leaves me feeling worse"
THIRD = "Leave my phone in the hallway for the first 10 minutes after work"


def _steps(goal: Goal) -> list[str]:
    result = goal("step", "list", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    return [step["text"] for step in json.loads(result.stdout)]


def _history(goal: Goal) -> list[str]:
    result = goal("show", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    return [change["text"] for change in json.loads(result.stdout)["changes"]]


def test_a_step_is_reworded_and_the_history_says_so(planned: Goal) -> None:
    result = planned("step", "edit", "1", "2", "Note [bold]what[/] drains me")

    assert result.exit_code == 0, result.output
    assert "Step 2 of goal 1 now reads: Note [bold]what[/] drains me" in result.stdout
    assert _steps(planned)[1] == "Note [bold]what[/] drains me"
    assert _history(planned) == [
        f"step “{SECOND}” reworded as “Note [bold]what[/] drains me” on 2026-11-26"
    ]


def test_rewording_to_the_same_text_records_nothing(planned: Goal) -> None:
    result = planned("step", "edit", "1", "2", SECOND)

    assert result.exit_code == 0
    assert "nothing changed" in result.stdout
    assert _history(planned) == []


def test_a_step_is_removed_and_the_later_ones_move_up(planned: Goal) -> None:
    result = planned("step", "remove", "1", "1", "--yes")

    assert result.exit_code == 0, result.output
    assert _steps(planned)[:2] == [SECOND, THIRD]
    assert len(_steps(planned)) == 4
    assert _history(planned) == [f"step “{FIRST}” removed on 2026-11-26"]


def test_remove_without_a_terminal_or_yes_refuses(planned: Goal, db_path: Path) -> None:
    before = dump(db_path)
    result = planned("step", "remove", "1", "1")

    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert dump(db_path) == before


def test_a_step_moves_and_the_others_shift(planned: Goal) -> None:
    result = planned("step", "move", "1", "3", "--to", "1")

    assert result.exit_code == 0, result.output
    assert "Moved step 3 of goal 1 to place 1." in result.stdout
    assert _steps(planned)[:3] == [THIRD, FIRST, SECOND]
    assert _history(planned) == [f"step “{THIRD}” moved from place 3 to 1 on 2026-11-26"]
    assert planned("step", "move", "1", "1", "--to", "5").exit_code == 0
    assert _steps(planned)[-1] == THIRD


def test_added_done_and_reopened_steps_are_in_the_history(planned: Goal) -> None:
    planned("step", "add", "1", "Call Sam")
    planned("step", "done", "1", "6")
    planned("step", "undo", "1", "6")

    assert _history(planned) == [
        "step “Call Sam” added on 2026-11-26",
        "step “Call Sam” done on 2026-11-26",
        "step “Call Sam” opened again on 2026-11-26",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["edit", "1", "9", "New words"], "has no step 9; its steps are 1 to 5"),
        (["edit", "1", "2", "   "], "step"),
        (["remove", "1", "0", "--yes"], "from 1 to"),
        (["move", "1", "2", "--to", "6"], "--to 6 is not one"),
        (["move", "1", "2", "--to", "two"], "'two' is not a whole number"),
        (["move", "9", "1", "--to", "2"], "No goal has the id '9'"),
    ],
)
def test_bad_step_changes_are_refused(
    planned: Goal, db_path: Path, args: list[str], message: str
) -> None:
    before = dump(db_path)
    result = planned("step", *args)

    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert dump(db_path) == before
