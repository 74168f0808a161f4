"""`goal add`: one more goal in an existing plan (asked, from a template, from flags, from a
goals-only answers file), and `goal intake` on an existing plan offering add or new."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

pytestmark = pytest.mark.usefixtures("engine")

Goal = Callable[..., Result]

# Flags for a complete goal (today is 2026-11-26 in every test).
READ_MORE = [
    "--title",
    "Read more",
    "--specific",
    "Read 10 pages at night",
    "--measure",
    "pages read per day",
    "--unit",
    "pages",
    "--baseline",
    "0",
    "--target",
    "10",
    "--relevant",
    "I miss books",
    "--confidence",
    "7",
    "--step",
    "Buy a lamp",
    "--step",
    "Read one page",
]

# The interactive goal questions of `goal add`, in order: title, start date, specific, measure,
# unit, start point, target, how often, kind, confidence, relevant, target date, the GAS guide
# (the expected outcome, then -2, -1, +1, +2), steps (empty line ends), which first, when; then
# "Save this goal?".
READ_MORE_ANSWERS = [
    "Read more",
    "3 days ago",
    "Read 10 pages at night before sleeping",
    "pages read per day",
    "pages",
    "0",
    "10",
    "daily",
    "reading",
    "7",
    "I miss books and they calm me down",
    "2027-02-26",
    "Reading on 4 nights a week",
    "No reading at all",
    "Reading on 1 or 2 nights",
    "Reading on 5 or 6 nights",
    "Reading every night",
    "Buy a lamp",
    "",  # its expected pleasure: skipped
    "Read one page",
    "4",  # its expected pleasure
    "",
    "1",
    "tomorrow",
]


def _goals(goal: Goal) -> list[dict[str, object]]:
    result = goal("list", "--all", "--format", "json")
    assert result.exit_code == 0, result.output
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


def _steps(db_path: Path, goal_id: int) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as connection:
        return list(
            connection.execute(
                "SELECT position, text, due_on FROM step WHERE goal_id = ? ORDER BY position",
                (goal_id,),
            )
        )


def _lines(answers: list[str]) -> str:
    return "\n".join(answers) + "\n"


def test_add_from_flags_joins_the_existing_plan(planned: Goal, db_path: Path) -> None:
    result = planned("add", *READ_MORE, "--start-date", "3 days ago")

    assert result.exit_code == 0, result.output
    assert "Added goal 3." in result.stdout
    added = _goals(planned)[-1]
    assert added["title"] == "Read more"
    assert (added["baseline"], added["target"]) == (0, 10)
    assert added["start_date"] == "2026-11-23"
    assert added["target_date"] == "2027-02-26"  # in 3 months, from today
    # The first step is the first one, tomorrow.
    assert _steps(db_path, 3) == [(1, "Buy a lamp", "2026-11-27"), (2, "Read one page", None)]
    with sqlite3.connect(db_path) as connection:
        intakes = connection.execute("SELECT count(*) FROM intake").fetchone()[0]
        intake_of_goal = connection.execute("SELECT intake_id FROM goal WHERE id = 3").fetchone()
    assert intakes == 1  # no new assessment
    assert intake_of_goal == (1,)


def test_a_backfilled_start_lets_the_days_since_be_logged(planned: Goal) -> None:
    assert planned("add", *READ_MORE, "--start-date", "3 days ago").exit_code == 0
    for days_ago in (3, 2, 1):
        result = planned("log", "3", "--value", "2", "--date", f"{days_ago} days ago")
        assert result.exit_code == 0, result.output


def test_add_starts_today_without_a_start_date(planned: Goal) -> None:
    assert planned("add", *READ_MORE).exit_code == 0
    assert _goals(planned)[-1]["start_date"] == "2026-11-26"
    result = planned("log", "3", "--value", "2", "--date", "yesterday")
    assert result.exit_code == 2
    assert "before goal 3 started" in result.stderr


def test_add_from_a_template_with_flags(planned: Goal) -> None:
    result = planned("add", "--template", "elevate-mood", "--confidence", "6", "--target", "40")

    assert result.exit_code == 0, result.output
    added = _goals(planned)[-1]
    assert added["title"] == "Make room for things I enjoy"
    assert (added["baseline"], added["target"]) == (5, 40)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--title", "Read more"], "needs --specific, --measure, --unit"),
        ([*READ_MORE, "--confidence", "11"], "from 0 to 10 (got 11)"),
        ([*READ_MORE, "--target", "0"], "--target"),
        ([*READ_MORE, "--target-date", "yesterday"], "--target-date"),
        ([*READ_MORE, "--target-date", "someday"], "--target-date: Can't read 'someday'"),
        ([*READ_MORE, "--start-date", "tomorrow"], "is in the future"),
        ([*READ_MORE, "--first-step", "3"], "--first-step: The first step must be one of"),
        ([*READ_MORE, "--title", "x" * 500], "--title"),
        (["--template", "no-such-template", "--confidence", "5"], "no-such-template"),
        (["--template", "elevate-mood"], None),  # asks, and the input is empty: 130
    ],
)
def test_add_refuses_bad_flags_and_saves_nothing(
    planned: Goal, args: list[str], message: str | None
) -> None:
    before = _goals(planned)
    result = planned("add", *args)

    if message is None:
        assert result.exit_code == 130, result.output
    else:
        assert result.exit_code == 2, result.output
        assert message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert _goals(planned) == before


def test_add_without_a_plan_says_to_run_the_intake(goal: Goal, db_path: Path) -> None:
    result = goal("add", *READ_MORE)

    assert result.exit_code == 1
    assert "goal intake" in result.stderr
    assert not db_path.exists()


def test_add_asks_the_goal_questions_only(planned: Goal, db_path: Path) -> None:
    result = planned("add", input=_lines([*READ_MORE_ANSWERS, "y"]))

    assert result.exit_code == 0, result.output
    assert "Therapy type" not in result.stdout  # no assessment questions
    assert "Goal 3" in result.stdout
    assert "Started      2026-11-23" in result.stdout  # the summary before saving
    assert "Added goal 3." in result.stdout
    added = _goals(planned)[-1]
    assert (added["title"], added["start_date"]) == ("Read more", "2026-11-23")
    assert _steps(db_path, 3)[0] == (1, "Buy a lamp", "2026-11-27")
    # Each step typed is followed by its expected pleasure (one line; Enter skips it).
    assert result.stdout.count("Expected pleasure: how much will you enjoy it?") == 2
    steps = json.loads(planned("step", "list", "3", "--format", "json").stdout)
    assert [step["expected_pleasure"] for step in steps] == [None, 4]


def test_add_declined_saves_nothing(planned: Goal) -> None:
    before = _goals(planned)
    result = planned("add", input=_lines([*READ_MORE_ANSWERS, "n"]))

    assert result.exit_code == 0, result.output
    assert "Nothing was saved." in result.stdout
    assert _goals(planned) == before


def test_add_refuses_a_future_start_and_asks_again(planned: Goal) -> None:
    answers = [READ_MORE_ANSWERS[0], "in 2 days", *READ_MORE_ANSWERS[1:], "y"]
    result = planned("add", input=_lines(answers))

    assert result.exit_code == 0, result.output
    assert "2026-11-28 is in the future" in result.stderr
    assert _goals(planned)[-1]["start_date"] == "2026-11-23"


def test_add_from_a_template_asks_with_its_answers_as_defaults(planned: Goal) -> None:
    # Enter on title, start, specific, measure, unit, start point, target, how often, kind;
    # confidence 7; Enter on relevant, target date, the GAS guide (skipped); keep the steps;
    # first 1, tomorrow; save.
    answers = "\n" * 9 + "7\n" + "\n\n\n" + "\n" + "\n\n" + "y\n"
    result = planned("add", "--template", "elevate-mood", input=answers)

    assert result.exit_code == 0, result.output
    added = _goals(planned)[-1]
    assert added["title"] == "Make room for things I enjoy"
    assert added["start_date"] == "2026-11-26"


def test_add_from_a_goals_only_answers_file(planned: Goal, tmp_path: Path) -> None:
    from lib.answers import walk_the_dog

    answers = tmp_path / "more.toml"
    answers.write_text('start_date = "2026-11-20"\n\n' + walk_the_dog(first_step_on="tomorrow"))
    result = planned("add", "--answers", str(answers))

    assert result.exit_code == 0, result.output
    added = _goals(planned)[-1]
    assert (added["title"], added["start_date"]) == ("Walk the dog", "2026-11-20")


def test_add_refuses_an_answers_file_with_an_intake(planned: Goal) -> None:
    from lib.paths import EXAMPLES

    before = _goals(planned)
    result = planned("add", "--answers", str(EXAMPLES / "elevate-mood.toml"))

    assert result.exit_code == 2
    assert "has an [intake] table" in result.stderr
    assert _goals(planned) == before


def test_add_refuses_an_answers_file_with_flags(planned: Goal, tmp_path: Path) -> None:
    result = planned("add", "--answers", str(tmp_path / "x.toml"), "--title", "X")

    assert result.exit_code == 2
    assert "--answers takes every answer from the file" in result.stderr


def test_intake_on_an_existing_plan_offers_to_add_a_goal(planned: Goal, db_path: Path) -> None:
    result = planned("intake", input=_lines(["maybe", "add", *READ_MORE_ANSWERS, "y"]))

    assert result.exit_code == 0, result.output
    assert "You already have a plan (assessment of 2026-11-26, 2 goals)." in result.stdout
    assert "'maybe' is neither" in result.stderr
    assert "Therapy type" not in result.stdout
    assert [goal["title"] for goal in _goals(planned)][-1] == "Read more"
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT count(*) FROM intake").fetchone()[0] == 1


def test_a_new_assessment_is_kept_beside_the_old_one(planned: Goal, db_path: Path) -> None:
    # ...the members (none named), the support contact and the questionnaires left at their
    # defaults, and the goal's questions as `goal add` asks them, its start date included.
    session = ["new", "family", "", "Talk more", "Busy days", "Dinner together", "The kids", "", ""]
    result = planned("intake", input=_lines([*session, *READ_MORE_ANSWERS, "n", "y"]))

    assert result.exit_code == 0, result.output
    assert "Therapy type" in result.stdout
    with sqlite3.connect(db_path) as connection:
        rows = connection.execute("SELECT therapy_type FROM intake ORDER BY id").fetchall()
    assert rows == [("individual",), ("family",)]
    assert len(_goals(planned)) == 3
