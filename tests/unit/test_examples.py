"""The example answers files in examples/ parse and follow the answers-file format."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
REQUIRED_FILES = [
    "elevate-mood.toml",
    "substance-use.toml",
    "behaviour-change.toml",
    "couples.toml",
]

THERAPY_TYPES = {"individual", "couples", "family"}
INTAKE_TEXT_KEYS = {
    "therapy_type",
    "expectations",
    "obstacles",
    "success_feels_like",
    "motivations",
}
INTAKE_OPTIONAL_KEYS = {"support_contact"}
GOAL_TEXT_KEYS = {
    "title",
    "specific",
    "measure",
    "unit",
    "relevant",
    "target_date",
    "first_step_on",
}
GOAL_REQUIRED_KEYS = GOAL_TEXT_KEYS | {"baseline", "target", "confidence", "steps", "first_step"}
GOAL_OPTIONAL_KEYS = {"frequency"}
TOP_LEVEL_KEYS = {"intake", "goals"}
TOP_LEVEL_OPTIONAL_KEYS = {"start_date"}

FREQUENCY = re.compile(r"^(daily|[1-7] per week)$")
# The relative forms the examples use; an ISO date is also accepted by the format.
FUTURE_WHEN = re.compile(
    r"^(tomorrow|(next )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|in [1-9][0-9]* (day|week|month|year)s?|\d{4}-\d{2}-\d{2})$"
)


def example_paths() -> list[Path]:
    return sorted(EXAMPLES.glob("*.toml"))


def load(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@pytest.mark.parametrize("name", REQUIRED_FILES)
def test_required_example_exists(name):
    assert (EXAMPLES / name).is_file()


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.name)
def test_example_starts_with_a_comment_saying_how_to_use_it(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#")
    assert f"goal intake --answers examples/{path.name}" in text


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.name)
def test_example_intake_table(path):
    data = load(path)
    assert data.keys() >= TOP_LEVEL_KEYS
    assert data.keys() <= TOP_LEVEL_KEYS | TOP_LEVEL_OPTIONAL_KEYS

    intake = data["intake"]
    assert isinstance(intake, dict)
    assert intake.keys() >= INTAKE_TEXT_KEYS
    assert intake.keys() <= INTAKE_TEXT_KEYS | INTAKE_OPTIONAL_KEYS
    for key in intake:
        assert isinstance(intake[key], str) and intake[key].strip(), key
    assert intake["therapy_type"] in THERAPY_TYPES


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.name)
def test_example_goals(path):
    goals = load(path)["goals"]
    assert isinstance(goals, list) and goals
    titles = [goal.get("title") for goal in goals]
    assert len(titles) == len(set(titles))

    for goal in goals:
        assert goal.keys() >= GOAL_REQUIRED_KEYS, goal.get("title")
        assert goal.keys() <= GOAL_REQUIRED_KEYS | GOAL_OPTIONAL_KEYS, goal.get("title")
        for key in GOAL_TEXT_KEYS:
            assert isinstance(goal[key], str) and goal[key].strip(), key
        assert len(goal["title"]) <= 40

        assert is_number(goal["baseline"]) and is_number(goal["target"])
        assert goal["target"] != goal["baseline"]
        if "0-10" in goal["measure"]:
            assert 0 <= goal["baseline"] <= 10 and 0 <= goal["target"] <= 10

        assert type(goal["confidence"]) is int
        assert 0 <= goal["confidence"] <= 10

        steps = goal["steps"]
        assert isinstance(steps, list) and len(steps) >= 1
        assert all(isinstance(step, str) and step.strip() for step in steps)
        assert type(goal["first_step"]) is int
        assert 1 <= goal["first_step"] <= len(steps)

        assert FUTURE_WHEN.match(goal["target_date"]), goal["target_date"]
        assert FUTURE_WHEN.match(goal["first_step_on"]), goal["first_step_on"]
        if "frequency" in goal:
            assert FREQUENCY.match(goal["frequency"]), goal["frequency"]


def test_couples_example_has_two_couples_goals():
    data = load(EXAMPLES / "couples.toml")
    assert data["intake"]["therapy_type"] == "couples"
    assert len(data["goals"]) == 2


def test_examples_include_a_decrease_goal():
    substance = load(EXAMPLES / "substance-use.toml")["goals"][0]
    assert substance["target"] < substance["baseline"]
