"""`goal templates`, `goal intake --template ID`, and `template = "ID"` in an answers file."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import Result

from goalcli.core.answers import plan_from_document
from goalcli.core.templates import TEMPLATES, get_template
from goalcli.errors import InputError

Goal = Callable[..., Result]

JSON_FIELDS = {
    "id",
    "title",
    "therapy_type",
    "specific",
    "measure",
    "unit",
    "baseline",
    "target",
    "relevant",
    "steps",
    "frequency",
}

# The six assessment answers, then goal 1 from elevate-mood with Enter on every pre-filled
# question: title, specific, measure, unit, start point, target, frequency; confidence 7;
# relevant, target date, GAS guide (skipped); keep the steps; first step 1, tomorrow; no more
# goals; save. The assessment; the support contact and the questionnaires are left at their
# defaults.
ASSESSMENT = (
    "individual\nI hope to feel less flat\nTiredness\nLooking forward to things\nMy kids\n\n\n"
)
# Enter on the title, the start date (today) and the template's answers, then confidence 7...
ELEVATE_MOOD_ALL_ENTER = ASSESSMENT + "\n" * 9 + "7\n" + "\n" * 3 + "\n" + "\n\n" + "\n\n"


def _json(result: Result) -> object:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _goal_column(db_path: Path, column: str) -> list[object]:
    with sqlite3.connect(db_path) as connection:
        return [row[0] for row in connection.execute(f"SELECT {column} FROM goal ORDER BY id")]


def _has_column(db_path: Path, column: str) -> bool:
    with sqlite3.connect(db_path) as connection:
        return any(row[1] == column for row in connection.execute("PRAGMA table_info(goal)"))


# --- goal templates -----------------------------------------------------------------------


def test_table_lists_every_template_id(goal: Goal) -> None:
    result = goal("templates")
    assert result.exit_code == 0, result.output
    assert len(TEMPLATES) == 16  # 14, and two for behavioural activation (issue 28)
    for template in TEMPLATES:
        assert template.id in result.stdout
    assert "5 → 30" in result.stdout  # elevate-mood's start point → target
    assert "goal intake --template" in result.stdout


def test_json_has_every_field(goal: Goal) -> None:
    documents = _json(goal("templates", "--format", "json"))
    assert isinstance(documents, list)
    assert len(documents) == len(TEMPLATES)
    for document in documents:
        assert set(document) == JSON_FIELDS
        assert isinstance(document["steps"], list) and document["steps"]
    by_id = {document["id"]: document for document in documents}
    mood = by_id["elevate-mood"]
    assert mood["title"] == get_template("elevate-mood").title
    assert mood["therapy_type"] == "individual"
    assert (mood["baseline"], mood["target"], mood["unit"]) == (5, 30, "minutes")
    assert by_id["creativity"]["frequency"] == "3 per week"


@pytest.mark.parametrize("therapy_type", ["individual", "couples", "family"])
def test_type_filters(goal: Goal, therapy_type: str) -> None:
    documents = _json(goal("templates", "--format", "json", "--type", therapy_type))
    expected = {t.id for t in TEMPLATES if t.therapy_type == therapy_type}
    assert {document["id"] for document in documents} == expected
    assert {document["therapy_type"] for document in documents} == {therapy_type}


def test_type_filters_the_table(goal: Goal) -> None:
    result = goal("templates", "--type", "couples")
    assert result.exit_code == 0, result.output
    assert "couples-fears" in result.stdout
    assert "elevate-mood" not in result.stdout
    assert "family-loss" not in result.stdout


def test_unknown_type_is_bad_input(goal: Goal) -> None:
    result = goal("templates", "--type", "solo")
    assert result.exit_code == 2
    assert "solo" in result.stderr


def test_templates_creates_no_database(goal: Goal, db_path: Path) -> None:
    assert goal("templates").exit_code == 0
    assert not db_path.exists()


# --- goal intake --template ---------------------------------------------------------------


def test_intake_template_enter_keeps_every_suggestion(goal: Goal, db_path: Path) -> None:
    result = goal("intake", "--template", "elevate-mood", input=ELEVATE_MOOD_ALL_ENTER)
    assert result.exit_code == 0, result.output
    template = get_template("elevate-mood")
    assert f"[{template.title}]" in result.stdout  # the pre-filled answer is shown
    assert "Keep these steps? [Y/n]" in result.stdout
    assert "Tip (" not in result.stdout  # a template's own answers need no coaching

    listed = _json(goal("list", "--format", "json"))
    assert [row["title"] for row in listed] == [template.title]
    report = _json(goal("report", "--format", "json"))
    (row,) = report["goals"]
    assert (row["baseline"], row["target"], row["unit"]) == (5, 30, "minutes")
    assert row["steps_total"] == len(template.steps)
    assert _goal_column(db_path, "specific") == [template.specific]
    assert _goal_column(db_path, "measure") == [template.measure]
    assert _goal_column(db_path, "relevant") == [template.relevant]
    assert _goal_column(db_path, "confidence") == [7]


def test_intake_template_typed_answers_override(goal: Goal, db_path: Path) -> None:
    answers = (
        ASSESSMENT
        + "Enjoy my evenings\n"  # title changed
        + "\n"  # started today
        + "\n\n"  # specific, measure kept
        + "mins\n"  # unit changed
        + "\n"  # start point kept
        + "45\n"  # target changed
        + "\n"  # frequency kept
        + "\n"  # kind kept
        + "8\n\n\n\n"  # confidence, relevant, target date, GAS guide skipped
        + "n\n"  # not these steps: my own
        + "Clear the couch\n5\nPut the guitar out\n\n\n"  # with their expected pleasure
        + "2\n\n"  # first step 2, tomorrow
        + "\n\n"
    )
    result = goal("intake", "--template", "elevate-mood", input=answers)
    assert result.exit_code == 0, result.output
    (row,) = _json(goal("report", "--format", "json"))["goals"]
    assert row["title"] == "Enjoy my evenings"
    assert (row["baseline"], row["target"], row["unit"]) == (5, 45, "mins")
    assert row["steps_total"] == 2
    assert _goal_column(db_path, "specific") == [get_template("elevate-mood").specific]
    steps = _json(goal("step", "list", "1", "--format", "json"))
    assert [step["expected_pleasure"] for step in steps] == [5, None]


def test_intake_template_only_fills_the_first_goal(goal: Goal) -> None:
    second_goal = (
        "Call a friend\n\nPhone one friend each Sunday evening\ncalls per week\ncalls\n"
        "0\n1\n\nweekly total\n6\nI feel less alone after we talk\n\n\nPick a friend\n\n\n\n"
    )
    answers = (
        ASSESSMENT + "\n" * 9 + "7\n" + "\n" * 3 + "\n" + "\n\n" + "y\n" + second_goal + "n\n\n"
    )
    result = goal("intake", "--template", "elevate-mood", input=answers)
    assert result.exit_code == 0, result.output
    titles = [row["title"] for row in _json(goal("list", "--format", "json"))]
    assert titles == ["Make room for things I enjoy", "Call a friend"]
    assert result.stdout.count("Starting from the template") == 1


def test_intake_unknown_template_asks_nothing(goal: Goal, db_path: Path) -> None:
    result = goal("intake", "--template", "no-such-goal", input=ELEVATE_MOOD_ALL_ENTER)
    assert result.exit_code == 2
    assert "no-such-goal" in result.stderr
    assert "Therapy type" not in result.stdout
    assert not db_path.exists()


def test_template_with_answers_file_is_refused(goal: Goal, tmp_path: Path, db_path: Path) -> None:
    path = _answers(tmp_path, GOAL_FROM_TEMPLATE)
    result = goal("intake", "--answers", str(path), "--template", "elevate-mood")
    assert result.exit_code == 2
    assert "template" in result.stderr
    assert not db_path.exists()


def test_intake_template_frequency_is_saved(goal: Goal, db_path: Path) -> None:
    answers = ASSESSMENT + "\n" * 9 + "7\n" + "\n" * 3 + "\n" + "\n\n" + "\n\n"
    result = goal("intake", "--template", "creativity", input=answers)
    assert result.exit_code == 0, result.output
    assert "[3 per week]" in result.stdout
    assert _has_column(db_path, "frequency")
    assert _goal_column(db_path, "frequency") == ["3 per week"]


# --- template = "ID" in an answers file ---------------------------------------------------

INTAKE_TABLE = """
[intake]
therapy_type = "individual"
expectations = "Feel less stuck in the mornings"
obstacles = "Night shifts"
success_feels_like = "Wanting to go outside"
motivations = "My kids notice when I'm low"
"""

GOAL_FROM_TEMPLATE = """
[[goals]]
template = "elevate-mood"
confidence = 7
target_date = "in 3 months"
first_step_on = "tomorrow"
"""


def _answers(tmp_path: Path, goals: str) -> Path:
    path = tmp_path / "answers.toml"
    path.write_text(INTAKE_TABLE + goals, encoding="utf-8")
    return path


def _document(goals: str) -> dict[str, object]:
    import tomllib

    return tomllib.loads(INTAKE_TABLE + goals)


def test_answers_template_fills_every_omitted_field() -> None:
    plan = plan_from_document(_document(GOAL_FROM_TEMPLATE), date(2026, 11, 26))
    (goal_plan,) = plan.goals
    template = get_template("elevate-mood")
    assert goal_plan.title == template.title
    assert goal_plan.specific == template.specific
    assert goal_plan.measure == template.measure
    assert goal_plan.unit == template.unit
    assert (goal_plan.baseline, goal_plan.target) == (5, 30)
    assert goal_plan.relevant == template.relevant
    assert goal_plan.steps == list(template.steps)
    assert goal_plan.first_step == 1
    assert goal_plan.frequency == "daily"
    assert goal_plan.confidence == 7


def test_answers_template_frequency_is_normalised() -> None:
    goals = GOAL_FROM_TEMPLATE.replace("elevate-mood", "decision-making")
    (goal_plan,) = plan_from_document(_document(goals), date(2026, 11, 26)).goals
    assert goal_plan.frequency == "weekly"  # the template's "1 per week", in normal words


def test_answers_table_values_win(goal: Goal, tmp_path: Path) -> None:
    goals = GOAL_FROM_TEMPLATE + (
        'title = "Play guitar"\nunit = "songs"\nbaseline = 1\ntarget = 4\n'
        'steps = ["Restring it", "Learn one song"]\nfirst_step = 2\nfrequency = "3 times a week"\n'
    )
    (goal_plan,) = plan_from_document(_document(goals), date(2026, 11, 26)).goals
    assert goal_plan.title == "Play guitar"
    assert (goal_plan.baseline, goal_plan.target, goal_plan.unit) == (1, 4, "songs")
    assert goal_plan.steps == ["Restring it", "Learn one song"]
    assert goal_plan.first_step == 2
    assert goal_plan.frequency == "3 per week"
    assert goal_plan.specific == get_template("elevate-mood").specific  # still from the template

    result = goal("intake", "--answers", str(_answers(tmp_path, goals)))
    assert result.exit_code == 0, result.output
    (row,) = _json(goal("report", "--format", "json"))["goals"]
    assert (row["title"], row["baseline"], row["target"], row["unit"]) == (
        "Play guitar",
        1,
        4,
        "songs",
    )
    assert row["steps_total"] == 2


def test_answers_template_through_the_cli(goal: Goal, tmp_path: Path) -> None:
    result = goal("intake", "--answers", str(_answers(tmp_path, GOAL_FROM_TEMPLATE)))
    assert result.exit_code == 0, result.output
    (row,) = _json(goal("report", "--format", "json"))["goals"]
    assert row["title"] == "Make room for things I enjoy"
    assert (row["baseline"], row["target"], row["unit"]) == (5, 30, "minutes")
    assert row["steps_total"] == 5


def test_answers_without_template_still_need_every_field() -> None:
    goals = GOAL_FROM_TEMPLATE.replace('template = "elevate-mood"\n', "")
    with pytest.raises(InputError, match=r"goals\[1\]\.title"):
        plan_from_document(_document(goals), date(2026, 11, 26))


def test_answers_template_still_needs_confidence() -> None:
    goals = GOAL_FROM_TEMPLATE.replace("confidence = 7\n", "")
    with pytest.raises(InputError, match=r"goals\[1\]\.confidence"):
        plan_from_document(_document(goals), date(2026, 11, 26))


def test_answers_unknown_template_names_the_field(
    goal: Goal, tmp_path: Path, db_path: Path
) -> None:
    path = _answers(tmp_path, GOAL_FROM_TEMPLATE + GOAL_FROM_TEMPLATE.replace("elevate", "lift"))
    result = goal("intake", "--answers", str(path))
    assert result.exit_code == 2
    assert "goals[2].template" in result.stderr
    assert "lift-mood" in result.stderr
    assert not db_path.exists()


def test_answers_template_must_be_text(goal: Goal, tmp_path: Path, db_path: Path) -> None:
    path = _answers(tmp_path, GOAL_FROM_TEMPLATE.replace('"elevate-mood"', "3"))
    result = goal("intake", "--answers", str(path))
    assert result.exit_code == 2
    assert "goals[1].template" in result.stderr
    assert not db_path.exists()


@pytest.mark.parametrize("value", ['"sometimes"', '"9 per week"', "3"])
def test_answers_bad_frequency_names_the_field(
    goal: Goal, tmp_path: Path, db_path: Path, value: str
) -> None:
    path = _answers(tmp_path, GOAL_FROM_TEMPLATE + f"frequency = {value}\n")
    result = goal("intake", "--answers", str(path))
    assert result.exit_code == 2, result.output
    assert "goals[1].frequency" in result.stderr
    assert not db_path.exists()


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("daily", "daily"),
        ("3/week", "3 per week"),
        ("once a week", "weekly"),
        ("7 per week", "daily"),
    ],
)
def test_answers_frequency_is_normalised(given: str, stored: str) -> None:
    goals = GOAL_FROM_TEMPLATE + f'frequency = "{given}"\n'
    (goal_plan,) = plan_from_document(_document(goals), date(2026, 11, 26)).goals
    assert goal_plan.frequency == stored


def test_example_file_frequency_is_read() -> None:
    import tomllib

    example = Path(__file__).resolve().parents[2] / "examples" / "elevate-mood.toml"
    plan = plan_from_document(tomllib.loads(example.read_text("utf-8")), date(2026, 11, 26))
    assert [goal_plan.frequency for goal_plan in plan.goals] == ["daily", "weekly"]


def test_intake_template_suggests_its_therapy_type(goal: Goal, db_path: Path) -> None:
    # Enter on the therapy type (couples), then on who takes part.
    answers = "\n\n" + ELEVATE_MOOD_ALL_ENTER.split("\n", 1)[1]
    result = goal("intake", "--template", "couples-fears", input=answers)
    assert result.exit_code == 0, result.output
    assert "Therapy type (individual, couples, family) [couples]" in result.stdout
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT therapy_type FROM intake").fetchall() == [("couples",)]
    (row,) = _json(goal("report", "--format", "json"))["goals"]
    assert (row["baseline"], row["target"], row["unit"]) == (3, 7, "points")


@pytest.mark.parametrize("template_id", ["activation-values", "activation-routine"])
def test_an_activation_template_plans_steps_with_predicted_pleasure(
    planned: Goal, template_id: str
) -> None:
    """Behavioural activation (issue 28): each step carries the pleasure predicted, 0-10, so
    ticking it off with a rating shows "you expected 2/10, it was 6/10"."""
    template = next(t for t in TEMPLATES if t.id == template_id)
    assert len(template.predicted_pleasure) == len(template.steps)
    added = planned("add", "--template", template_id, "--confidence", "6")
    assert added.exit_code == 0, added.output
    listed = json.loads(planned("step", "list", "3", "--format", "json").stdout)
    assert [step["expected_pleasure"] for step in listed] == list(template.predicted_pleasure)

    done = planned("step", "done", "3", "1", "--pleasure", "6")
    assert f"(you expected {template.predicted_pleasure[0]}/10)" in done.stdout


def test_other_templates_plan_no_predictions(planned: Goal) -> None:
    assert planned("add", "--template", "elevate-mood", "--confidence", "6").exit_code == 0
    listed = json.loads(planned("step", "list", "3", "--format", "json").stdout)
    assert {step["expected_pleasure"] for step in listed} == {None}
