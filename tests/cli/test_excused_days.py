"""`goal skip`: an excused day (ill, away) freezes habit strength, keeps the streak, is a
change undo takes back, and is refused on a day with a check-in."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from lib.database import dump

pytestmark = pytest.mark.usefixtures("engine")

Goal = Callable[..., Result]


def _goal(goal: Goal) -> dict[str, Any]:
    result = goal("report", "--format", "json")
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout)["goals"][0])


@pytest.fixture
def walking(planned: Goal) -> Goal:
    """Goal 1 (daily) started 20 November, checked in on the 20th to the 22nd."""
    assert planned("edit", "1", "--start-date", "2026-11-20").exit_code == 0
    for day in ("2026-11-20", "2026-11-21", "2026-11-22"):
        assert planned("log", "1", "--value", "9", "--date", day).exit_code == 0
    return planned


def test_three_ill_days_keep_the_streak_and_freeze_the_strength(walking: Goal) -> None:
    before = _goal(walking)
    assert before["streak"] == 0  # nothing since the 22nd: broken
    for day in ("2026-11-23", "2026-11-24", "2026-11-25"):
        result = walking("skip", "1", "--date", day, "--reason", "ill")
        assert result.exit_code == 0, result.output
        assert f"{day} is excused for goal 1" in result.stdout
    assert walking("log", "1", "--value", "9").exit_code == 0  # the 26th

    after = _goal(walking)
    assert after["streak"] == 4  # 20, 21, 22, (ill 23-25), 26
    m = 0.5 ** (1 / 13)
    # Four days done in a row, the three between frozen: 1 − m⁴ (rounded to 2 places).
    assert after["strength"] == round(1 - m**4, 2)


def test_a_day_with_a_check_in_cannot_be_excused(walking: Goal, db_path: Path) -> None:
    before = dump(db_path)
    result = walking("skip", "1", "--date", "2026-11-21")

    assert result.exit_code == 2
    assert "remove" in result.stderr and "check-in first" in result.stderr
    assert dump(db_path) == before


def test_excusing_is_a_change_undo_takes_back(walking: Goal) -> None:
    assert walking("skip", "1", "--date", "2026-11-23", "--reason", "flu").exit_code == 0
    shown = json.loads(walking("show", "1", "--format", "json").stdout)
    assert "2026-11-23 excused (flu) on 2026-11-26" in [c["text"] for c in shown["changes"]]
    again = walking("skip", "1", "--date", "2026-11-23")
    assert "already excused" in again.stdout

    assert walking("undo", "--yes").exit_code == 0
    assert walking("log", "1", "--value", "9", "--date", "2026-11-23").exit_code == 0


def test_a_future_day_cannot_be_excused(walking: Goal) -> None:
    result = walking("skip", "1", "--date", "tomorrow")
    assert result.exit_code == 2


def test_x_at_the_value_question_excuses_the_day(walking: Goal) -> None:
    # Mood skipped; goal 1: "x ill"; goal 2: skipped.
    result = walking("log", input="\nx ill\n-\n")

    assert result.exit_code == 0, result.output
    assert "x: excused" in result.stdout
    assert "2026-11-26 is excused for goal 1." in result.stdout
    shown = json.loads(walking("show", "1", "--format", "json").stdout)
    assert "2026-11-26 excused (ill) on 2026-11-26" in [c["text"] for c in shown["changes"]]


def test_x_on_a_day_with_a_value_is_asked_again(walking: Goal) -> None:
    # The 22nd has a value: x is refused and the question asked again; - skips.
    result = walking("log", "1", "--date", "2026-11-22", input="\nx\n-\n")

    assert result.exit_code == 0, result.output
    assert "remove the check-in first" in result.stderr
    shown = json.loads(walking("show", "1", "--format", "json").stdout)
    assert not any("excused" in c["text"] for c in shown["changes"])
