"""GOAL means one thing (storage.goals.find_goal): digits are an id, and never quietly the start
of a title; an exact title wins over a longer one it starts; titles match regardless of case
and Unicode normalisation."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from lib.answers import answers_toml, fewer_panics, intake_from

# Every test here runs on SQLite and on PostgreSQL (lib/postgres.py): the same results.
pytestmark = pytest.mark.usefixtures("engine")

Run = Callable[..., Result]

TITLES = ("Walk more", "Walk", "Caf\u00e9 with Sam", "2026", "99 bottles of water")


@pytest.fixture
def plan(goal: Run, tmp_path: Path) -> Run:
    """Goals 1..5, titled TITLES in order, started 2026-11-19."""
    goals = [fewer_panics(first_step_on="2026-11-20", title=title) for title in TITLES]
    return intake_from(goal, tmp_path, answers_toml("2026-11-19", *goals))


def chosen(goal: Run, reference: str) -> int:
    result = goal("report", "--goal", reference, "--format", "json")
    assert result.exit_code == 0, result.output
    (only,) = json.loads(result.stdout)["goals"]
    return int(only["id"])


@pytest.mark.parametrize(
    ("reference", "goal_id"),
    [
        ("Walk", 2),  # exact title, though "Walk more" starts the same way
        ("walk", 2),
        ("WALK ", 2),
        ("walk m", 1),
        ("Cafe\u0301 with sam", 3),  # é as e + combining accent (NFD) finds é (NFC)
        ("CAFÉ", 3),
        ("caf\u00c9", 3),
        ("2026", 4),  # no goal has id 2026: the goal whose whole title is 2026
        ("5", 5),  # an id, though no title starts with 5
        ("1", 1),
    ],
)
def test_a_reference_means_one_goal(plan: Run, reference: str, goal_id: int) -> None:
    assert chosen(plan, reference) == goal_id


@pytest.mark.parametrize("reference", ["9", "20", "202"])
def test_a_number_that_is_no_id_is_not_read_as_the_start_of_a_title(
    plan: Run, reference: str
) -> None:
    result = plan("show", reference)
    assert result.exit_code == 2
    assert f"No goal has the id '{reference}'" in result.stderr


def test_duplicate_exact_titles_are_ambiguous_and_named_by_id(goal: Run, tmp_path: Path) -> None:
    twice = [fewer_panics(first_step_on="2026-11-20", title="Walk") for _ in range(2)]
    intake_from(goal, tmp_path, answers_toml("2026-11-19", *twice))
    result = goal("show", "walk")
    assert result.exit_code == 2
    assert "ids 1, 2" in result.stderr
