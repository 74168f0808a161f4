"""A review of a date corrected (it says what it replaced, and asks when asking), listed with
`goal reviews list`, removed with `goal reviews remove` and brought back by `goal undo`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from lib.database import dump

# Every test here runs on SQLite and on PostgreSQL (lib/postgres.py): the same results.
pytestmark = pytest.mark.usefixtures("engine")

Run = Callable[..., Result]


def _reviews(goal: Run, goal_id: str = "1") -> list[dict[str, object]]:
    result = goal("reviews", "list", goal_id, "--format", "json")
    assert result.exit_code == 0, result.output
    listed: list[dict[str, object]] = json.loads(result.stdout)
    return listed


def _history(goal: Run) -> list[str]:
    shown = json.loads(goal("show", "1", "--format", "json").stdout)
    return [change["text"] for change in shown["changes"]]


def test_a_corrected_review_says_what_it_replaced_and_is_in_the_history(planned: Run) -> None:
    planned("review", "1", "--gas", "0", "--gbo", "4", "--date", "today")

    result = planned("review", "1", "--gbo", "6", "--note", "Better week")

    assert result.exit_code == 0, result.output
    assert "Corrected goal 1's review of 2026-11-26: GBO was 4, now 6; note changed." in (
        result.stdout
    )
    assert _reviews(planned)[0]["gbo"] == 6
    assert _history(planned)[-1] == (
        "review of 2026-11-26 corrected (GBO was 4, now 6; note changed) on 2026-11-26"
    )


def test_rating_a_review_the_same_again_records_nothing(planned: Run) -> None:
    planned("review", "1", "--gas", "1")

    result = planned("review", "1", "--gas", "1")

    assert "Corrected" not in result.stdout
    assert _history(planned) == []


def test_asking_shows_the_saved_review_and_keeps_it_when_told_no(planned: Run) -> None:
    planned("review", "1", "--gas", "0", "--gbo", "4")
    # goal 1: GBO 7, nothing else, then "no" to replacing; goal 2: skipped
    answers = "\n7\n\n\n\nn\n" + "\n" * 5

    result = planned("review", input=answers)

    assert result.exit_code == 0, result.output
    assert "Saved for this day: GAS 0, GBO 4." in result.stdout
    assert "Replace the saved review (GBO was 4, now 7)?" in result.stdout
    assert _reviews(planned)[0]["gbo"] == 4


def test_asking_replaces_the_saved_review_when_told_yes(planned: Run) -> None:
    planned("review", "1", "--gas", "0", "--gbo", "4")

    result = planned("review", input="\n7\n\n\n\ny\n" + "\n" * 5)

    assert result.exit_code == 0, result.output
    assert "GBO was 4, now 7" in result.stdout
    assert _reviews(planned)[0]["gbo"] == 7


def test_reviews_list_newest_first(planned: Run) -> None:
    planned("review", "1", "--gas", "-1", "--gbo", "3", "--date", "2026-11-26")
    planned("edit", "1", "--start-date", "2026-11-01")
    planned("review", "1", "--gas", "1", "--note", "Ask about her week", "--date", "2026-11-12")

    table = planned("reviews", "list", "1")

    assert [(review["date"], review["gas"], review["gbo"]) for review in _reviews(planned)] == [
        ("2026-11-26", -1, 3),
        ("2026-11-12", 1, None),
    ]
    assert table.exit_code == 0
    assert "2026-11-12  +1   –" in table.stdout
    assert _reviews(planned, "2") == []


def test_a_removed_review_comes_back_with_undo(planned: Run) -> None:
    planned("review", "1", "--gas", "0", "--gbo", "4", "--note", "Steady")
    before = _reviews(planned)

    removed = planned("reviews", "remove", "1", "--date", "today", "--yes")

    assert removed.exit_code == 0, removed.output
    assert "Removed the review of goal 1 on 2026-11-26 (GAS 0, GBO 4)." in removed.stdout
    assert _reviews(planned) == []
    assert _history(planned) == ["review of 2026-11-26 removed (it was GAS 0, GBO 4) on 2026-11-26"]
    assert planned("undo", "--yes").exit_code == 0
    assert _reviews(planned) == before


def test_undo_puts_back_the_review_a_correction_replaced(planned: Run) -> None:
    planned("review", "1", "--gas", "0", "--gbo", "4", "--note", "Steady")
    before = _reviews(planned)
    planned("review", "1", "--gas", "2", "--gbo", "9", "--note", "Typo")

    assert planned("undo", "--yes").exit_code == 0

    assert _reviews(planned) == before


def test_removing_a_review_that_is_not_there_is_refused(planned: Run) -> None:
    result = planned("reviews", "remove", "1", "--date", "today", "--yes")

    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "goal: Goal 1 has no review on 2026-11-26; `goal reviews list 1` shows its reviews."
    )


def test_removing_a_review_without_a_terminal_needs_yes(planned: Run, db_path: Path) -> None:
    planned("review", "1", "--gbo", "4")
    before = dump(db_path)

    result = planned("reviews", "remove", "1", "--date", "today")

    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert dump(db_path) == before
