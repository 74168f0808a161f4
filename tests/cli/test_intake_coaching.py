"""SMART coaching during the intake: one kind tip per weak answer, taken or ignored, never blocking."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

Goal = Callable[..., Result]

# The assessment; the support contact and the questionnaires are left at their defaults.
ASSESSMENT = (
    "individual\nI hope to feel less flat\nTiredness\nLooking forward to things\nMy kids\n\n\n"
)


def _answers(
    *,
    title: str = "Walk outside",
    specific: str = "Walk outside after lunch on weekdays",
    measure: str = "minutes walked per day",
    unit: str = "minutes",
    numbers: str = "0\n30\n",
    frequency: str = "",
    kind: str = "",
    confidence: str = "7\n",
    relevant: str = "Moving lifts my mood\n",
    target_date: str = "in 3 months\n",
    steps: str = "Put shoes by the door\n\n\n",  # a step, its expected pleasure skipped, the end
    first_step_on: str = "tomorrow\n",
) -> str:
    """Input for one goal; each coaching follow-up goes inside the answer it follows."""
    return (
        ASSESSMENT
        + f"{title}\n\n{specific}\n{measure}\n{unit}\n"  # started: today
        + numbers
        + f"{frequency}\n"
        + f"{kind}\n"
        + confidence
        + relevant
        + target_date
        + "\n"  # no GAS guide
        + steps
        + first_step_on
        + "n\n"  # no other goal
        + "y\n"  # save
    )


def _goal_column(db_path: Path, column: str) -> list[object]:
    with sqlite3.connect(db_path) as connection:
        return [row[0] for row in connection.execute(f"SELECT {column} FROM goal ORDER BY id")]


def _listed(goal: Goal) -> list[dict[str, object]]:
    result = goal("list", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_strong_answers_get_no_tips(goal: Goal) -> None:
    result = goal("intake", input=_answers())
    assert result.exit_code == 0, result.output
    assert "Tip (" not in result.stdout
    assert "Change your answer?" not in result.stdout


def test_vague_specific_tip_then_reanswer(goal: Goal, db_path: Path) -> None:
    answers = _answers(specific="be happier\ny\nWalk for 20 minutes after lunch")
    result = goal("intake", input=answers)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Tip (S):") == 1
    assert "'be happier'" in result.stdout
    assert "Change your answer? [y/N]" in result.stdout
    assert _goal_column(db_path, "specific") == ["Walk for 20 minutes after lunch"]


def test_vague_specific_tip_can_be_ignored(goal: Goal, db_path: Path) -> None:
    result = goal("intake", input=_answers(specific="be happier\n"))  # Enter: N
    assert result.exit_code == 0, result.output
    assert "Tip (S):" in result.stdout
    assert _goal_column(db_path, "specific") == ["be happier"]


def test_reasked_answer_is_not_coached_again(goal: Goal, db_path: Path) -> None:
    # y, then another vague answer: kept, with no second tip or question.
    result = goal("intake", input=_answers(specific="be happier\ny\ndo better"))
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Tip (S):") == 1
    assert result.stdout.count("Change your answer?") == 1
    assert _goal_column(db_path, "specific") == ["do better"]


def test_unmeasurable_tip_reasks_measure_and_unit(goal: Goal, db_path: Path) -> None:
    answers = _answers(measure="feel better", unit="mood\ny\nmood rating each evening\npoints")
    result = goal("intake", input=answers)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Tip (M):") == 1
    assert _goal_column(db_path, "measure") == ["mood rating each evening"]
    assert _goal_column(db_path, "unit") == ["points"]


def test_low_confidence_shows_the_achievable_tip(goal: Goal, db_path: Path) -> None:
    result = goal("intake", input=_answers(confidence="3\n\n"))
    assert result.exit_code == 0, result.output
    assert "Tip (A):" in result.stdout
    assert "confidence 3 out of 10" in result.stdout
    assert _goal_column(db_path, "confidence") == [3]


def test_low_confidence_change_lets_you_lower_the_target(goal: Goal, db_path: Path) -> None:
    result = goal("intake", input=_answers(confidence="3\ny\n15\n6\n"))
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Tip (A):") == 1
    (row,) = _listed(goal)
    assert row["target"] == 15
    assert _goal_column(db_path, "confidence") == [6]


def test_confidence_of_five_gets_no_tip(goal: Goal) -> None:
    result = goal("intake", input=_answers(confidence="5\n"))
    assert result.exit_code == 0, result.output
    assert "Tip (A):" not in result.stdout


def test_missing_reason_tip_then_reanswer(goal: Goal, db_path: Path) -> None:
    answers = _answers(relevant="ok\ny\nI sleep better on days I move\n")
    result = goal("intake", input=answers)
    assert result.exit_code == 0, result.output
    assert "Tip (R):" in result.stdout
    assert _goal_column(db_path, "relevant") == ["I sleep better on days I move"]


def test_target_date_tomorrow_confirm_no_reasks(goal: Goal) -> None:
    result = goal("intake", input=_answers(target_date="tomorrow\nn\nin 2 months\n"))
    assert result.exit_code == 0, result.output
    assert "Tip (T):" in result.stdout
    assert "less than a week away" in result.stdout
    assert "Keep this date? [Y/n]" in result.stdout
    (row,) = _listed(goal)
    assert row["target_date"] == "2027-01-26"


def test_target_date_tomorrow_can_be_kept(goal: Goal) -> None:
    result = goal("intake", input=_answers(target_date="tomorrow\n\n"))  # Enter: keep
    assert result.exit_code == 0, result.output
    assert "Tip (T):" in result.stdout
    (row,) = _listed(goal)
    assert row["target_date"] == "2026-11-27"


def test_far_target_date_asks_to_confirm(goal: Goal) -> None:
    result = goal("intake", input=_answers(target_date="2028-06-01\ny\n"))
    assert result.exit_code == 0, result.output
    assert "more than a year away" in result.stdout
    (row,) = _listed(goal)
    assert row["target_date"] == "2028-06-01"


def test_interactive_frequency_is_checked_and_asked_again(goal: Goal) -> None:
    result = goal("intake", input=_answers(frequency="sometimes\n3 times a week"))
    assert result.exit_code == 0, result.output
    assert "How often will you check in (daily, or N per week) [daily]" in result.stdout
    # The refusal quotes the answer, then the same question comes again.
    assert "frequency 'sometimes'" in result.stderr
    assert result.stdout.count("How often will you check in") == 2


def test_interactive_frequency_is_saved_normalised(goal: Goal, db_path: Path) -> None:
    result = goal("intake", input=_answers(frequency="3 times a week"))
    assert result.exit_code == 0, result.output
    assert _goal_column(db_path, "frequency") == ["3 per week"]


# --- --answers: tips after the summary, never blocking -------------------------------------

ANSWERS = """
[intake]
therapy_type = "individual"
expectations = "Feel less stuck in the mornings"
obstacles = "Night shifts"
success_feels_like = "Wanting to go outside"
motivations = "My kids notice when I'm low"

[[goals]]
title = "Walk outside"
specific = "Walk outside after lunch on weekdays"
measure = "minutes walked per day"
unit = "minutes"
baseline = 0
target = 30
relevant = "Moving lifts my mood"
confidence = {confidence}
target_date = "in 3 months"
steps = ["Put shoes by the door"]
first_step = 1
first_step_on = "tomorrow"

[[goals]]
title = "Feel good"
specific = "be happier"
measure = "minutes walked per day"
unit = "minutes"
baseline = 0
target = 30
relevant = "Moving lifts my mood"
confidence = 8
target_date = "in 3 months"
steps = ["Put shoes by the door"]
first_step = 1
first_step_on = "tomorrow"
"""


def test_answers_low_confidence_prints_tip_and_saves(goal: Goal, tmp_path: Path) -> None:
    path = tmp_path / "answers.toml"
    path.write_text(ANSWERS.replace("{confidence}", "3"), encoding="utf-8")
    result = goal("intake", "--answers", str(path))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Goal 1 (A): You rated your confidence 3 out of 10" in out
    assert "Goal 2 (S):" in out
    assert "Goal 1 (S)" not in out and "Goal 2 (A)" not in out
    assert out.index("Your plan") < out.index("Goal 1 (A)") < out.index("Saved 2 goals")
    assert [row["title"] for row in _listed(goal)] == ["Walk outside", "Feel good"]


def test_answers_without_weak_spots_print_no_tips(goal: Goal, tmp_path: Path) -> None:
    path = tmp_path / "answers.toml"
    text = ANSWERS.replace("{confidence}", "7").replace('"be happier"', '"Walk to the park"')
    path.write_text(text, encoding="utf-8")
    result = goal("intake", "--answers", str(path))
    assert result.exit_code == 0, result.output
    assert "Some ideas" not in result.stdout
    assert "(A):" not in result.stdout


def test_answers_tip_shows_markup_literally(goal: Goal, tmp_path: Path) -> None:
    path = tmp_path / "answers.toml"
    text = ANSWERS.replace("{confidence}", "7").replace(
        'measure = "minutes walked per day"\nunit = "minutes"\nbaseline = 0\ntarget = 30\n'
        'relevant = "Moving lifts my mood"\nconfidence = 8',
        'measure = "[bold]feel better[/bold]"\nunit = "mood"\nbaseline = 0\ntarget = 30\n'
        'relevant = "Moving lifts my mood"\nconfidence = 8',
    )
    path.write_text(text, encoding="utf-8")
    result = goal("intake", "--answers", str(path))
    assert result.exit_code == 0, result.output
    assert "Goal 2 (M): '[bold]feel better[/bold]'" in result.stdout
