"""`goal intake`, interactive (CliRunner input=) and from an answers file (--answers).

Today is 2026-11-26 (a Thursday) unless a test moves it with GOALCLI_TODAY.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
Run = Callable[..., Result]


# --- answers files --------------------------------------------------------------------------


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    raise TypeError(value)


def base_intake(**changes: Any) -> dict[str, Any]:
    intake = {
        "therapy_type": "individual",
        "expectations": "Feel less stuck in the mornings",
        "obstacles": "Night shifts",
        "success_feels_like": "Waking up and wanting to go outside",
        "motivations": "My kids notice when I'm low",
        "support_contact": "My sister, 555-0100",
    }
    intake.update(changes)
    return intake


def base_goal(**changes: Any) -> dict[str, Any]:
    goal = {
        "title": "Walk outside",
        "specific": "Walk outside after lunch on weekdays",
        "measure": "minutes walked per day",
        "unit": "minutes",
        "baseline": 0,
        "target": 30,
        "relevant": "Moving lifts my mood",
        "confidence": 7,
        "target_date": "in 3 months",
        "steps": ["Put shoes by the door", "Walk 10 minutes", "Walk 20 minutes"],
        "first_step": 1,
        "first_step_on": "tomorrow",
    }
    goal.update(changes)
    return goal


def answers_text(
    intake: dict[str, Any] | None = None,
    goals: list[dict[str, Any]] | None = None,
    start_date: str | None = None,
) -> str:
    lines = []
    if start_date is not None:
        lines.append(f"start_date = {toml_value(start_date)}")
    lines.append("[intake]")
    for key, value in (intake if intake is not None else base_intake()).items():
        lines.append(f"{key} = {toml_value(value)}")
    for goal in goals if goals is not None else [base_goal()]:
        lines.append("")
        lines.append("[[goals]]")
        for key, value in goal.items():
            lines.append(f"{key} = {toml_value(value)}")
    return "\n".join(lines) + "\n"


def write(tmp_path: Path, text: str, name: str = "answers.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def list_json(goal: Run, *args: str) -> list[dict[str, Any]]:
    result = goal("list", "--all", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def report_json(goal: Run, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    result = goal("report", "--format", "json", *args, env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- interactive intake ---------------------------------------------------------------------

# Every answer, in the order commands/intake.py asks; bad answers are followed by good ones.
# The answers are full enough that no SMART coaching tip (an extra yes/no question) is shown.
FULL_SESSION = [
    "group",  # therapy type: not one of the three -> re-asked
    "couples",
    "",  # who takes part: skipped
    "Feel less stuck",  # expectations
    "Night shifts",  # obstacles
    "Wanting to go outside",  # success feels like
    "My kids",  # motivations
    "",  # support contact (optional): skipped
    "",  # questionnaires to take regularly: none (the default)
    # goal 1
    "Walk outside",  # title
    "",  # started working on it: today (the default)
    "Walk outside for 20 minutes after lunch on weekdays",  # specific
    "minutes walked per day",  # measure
    "minutes",  # unit
    "0",  # baseline
    "0",  # target equal to the baseline -> re-asked
    "30",
    "daily",  # how often
    "often",  # kind: not a kind of measure -> re-asked
    "reading",
    "15",  # confidence out of range -> re-asked
    "7",
    "Moving outside lifts my mood and helps me sleep",  # relevant
    "someday soon",  # target date: unparseable -> re-asked
    "2026-11-01",  # target date in the past -> re-asked
    "2027-02-26",
    "",  # no GAS guide
    "Put shoes by the door",  # steps, each with how much the client expects to enjoy it...
    "11",  # expected pleasure out of range -> re-asked
    "2",
    "Walk 10 minutes",
    "",  # expected pleasure: Enter skips
    "Walk 20 minutes",
    "6",
    "",  # ...until an empty line
    "2",  # which step comes first
    "tomorrow",  # when
    "y",  # add another goal
    # goal 2: a decreasing goal with a single step (no "which step first" question)
    "Drink less",
    "",  # started: today
    "Skip wine on weekdays and drink sparkling water instead",
    "drinks per day",
    "drinks",
    "4",
    "1",
    "",  # how often: Enter keeps the default
    "weekly total",  # kind
    "6",
    "My liver tests worried my doctor",
    "in 3 months",
    "",  # no GAS guide
    "Pour away the wine",
    "",  # expected pleasure: skipped
    "",
    "in 3 days",
    "n",  # no more goals
]


def session_input(answers: list[str]) -> str:
    return "\n".join(answers) + "\n"


def test_interactive_intake_saves_the_answered_plan(goal: Run, db_path: Path) -> None:
    result = goal("intake", input=session_input([*FULL_SESSION, "y"]))

    assert result.exit_code == 0, result.output
    assert "Saved 2 goals" in result.stdout
    assert db_path.exists()
    # The plan shown before saving carries the answers, including the chosen first step.
    assert "couples" in result.stdout
    assert "2. Walk 10 minutes ← first, on 2026-11-27" in result.stdout
    assert "1. Put shoes by the door (expected pleasure 2/10)" in result.stdout
    assert "1. Pour away the wine ← first, on 2026-11-29" in result.stdout

    goals = list_json(goal)
    assert [(g["id"], g["title"]) for g in goals] == [(1, "Walk outside"), (2, "Drink less")]
    walk, drink = goals
    assert (walk["baseline"], walk["target"], walk["unit"]) == (0, 30, "minutes")
    assert walk["start_date"] == "2026-11-26"
    assert walk["target_date"] == "2027-02-26"
    assert (drink["baseline"], drink["target"], drink["unit"]) == (4, 1, "drinks")
    assert drink["target_date"] == "2027-02-26"  # "in 3 months" from 2026-11-26

    report = report_json(goal)
    by_id = {g["id"]: g for g in report["goals"]}
    assert by_id[1]["direction"] == "increase"
    assert by_id[1]["steps_total"] == 3
    assert by_id[2]["direction"] == "decrease"
    assert by_id[2]["steps_total"] == 1
    assert by_id[1]["checkins"] == by_id[2]["checkins"] == 0
    assert (by_id[1]["kind"], by_id[2]["kind"]) == ("reading", "weekly_total")
    # The pleasure expected of each step as typed after it; a skipped one is unknown, not 0.
    steps = goal("step", "list", "1", "--format", "json")
    assert [step["expected_pleasure"] for step in json.loads(steps.stdout)] == [2, None, 6]


def test_interactive_intake_reasks_each_bad_answer_with_a_plain_sentence(goal: Run) -> None:
    result = goal("intake", input=session_input([*FULL_SESSION, "y"]))

    assert result.exit_code == 0, result.output
    err = result.stderr
    assert "'group'" in err and "therapy type" in err
    assert "The target 0 is the same as the starting point" in err
    assert "confidence" in err.lower() and "15" in err and "0 to 10" in err
    assert "'someday soon'" in err
    assert "2026-11-01 is not in the future" in err
    assert "'often' is not a kind of measure" in err
    assert "The expected pleasure must be from 0 to 10 (got 11)." in err
    # ...and each of those questions was asked again.
    assert result.stdout.count("Therapy type (individual, couples, family)") == 2
    assert result.stdout.count("\nTarget: ") == 3  # goal 1 twice, goal 2 once
    assert result.stdout.count("Confidence (0-10): ") == 3
    assert result.stdout.count("Target date (") == 4  # goal 1 three times, goal 2 once
    # A target date lies ahead, so its examples do too.
    target_questions = [line for line in result.stdout.splitlines() if "Target date (" in line]
    assert all("ago" not in line and "yesterday" not in line for line in target_questions)
    assert "Tip (" not in result.stdout  # the script above assumes no coaching questions
    # Each complaint is one line, no traceback.
    assert "Traceback" not in result.output
    assert result.stdout.count("Expected pleasure: how much will you enjoy it?") == 5
    assert len([line for line in err.splitlines() if line.strip()]) == 7


def test_interactive_intake_declined_saves_nothing(goal: Run, db_path: Path) -> None:
    result = goal("intake", input=session_input([*FULL_SESSION, "discard", "y"]))

    assert result.exit_code == 0, result.output
    assert "Nothing was saved." in result.stdout
    assert "Saved 2 goals" not in result.stdout
    assert not db_path.exists()
    assert list_json(goal) == []


def test_interactive_intake_declined_leaves_an_existing_plan_alone(
    planned: Run, db_path: Path
) -> None:
    before = list_json(planned)
    result = planned("intake", input=session_input(["new", *FULL_SESSION, "n", "y"]))

    assert result.exit_code == 0, result.output
    assert "You already have a plan (assessment of 2026-11-26, 2 goals)." in result.stdout
    assert "Nothing was saved." in result.stdout
    assert list_json(planned) == before
    assert len(before) == 2


@pytest.mark.parametrize(
    "answered",
    [
        0,  # Ctrl-D at the very first question
        3,  # during the assessment
        12,  # in the middle of the first goal
        len(FULL_SESSION) - 1,  # at "Add another goal?"
        len(FULL_SESSION),  # at "Save this plan?"
    ],
)
def test_interactive_intake_eof_saves_nothing(goal: Run, db_path: Path, answered: int) -> None:
    result = goal("intake", input=session_input(FULL_SESSION[:answered]) if answered else "")

    assert result.exit_code == 130, result.output
    assert "nothing was saved" in result.stderr.lower()
    assert "Traceback" not in result.output
    assert not db_path.exists()


def test_interactive_intake_eof_keeps_existing_goals(planned: Run) -> None:
    before = list_json(planned)
    result = planned("intake", input=session_input(["new", *FULL_SESSION[:12]]))

    assert result.exit_code == 130
    assert list_json(planned) == before


def test_interactive_intake_ctrl_c_saves_nothing(
    goal: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import typer

    real_prompt = typer.prompt
    calls = {"n": 0}

    def prompt(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 10:
            raise KeyboardInterrupt
        return real_prompt(*args, **kwargs)

    monkeypatch.setattr(typer, "prompt", prompt)
    result = goal("intake", input=session_input([*FULL_SESSION, "y"]))

    assert calls["n"] == 10
    assert result.exit_code == 130, result.output
    assert "nothing was saved" in result.stderr.lower()
    assert not db_path.exists()


# --- intake --answers: the examples -----------------------------------------------------------


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.name)
def test_every_example_answers_file_loads(goal: Run, example: Path) -> None:
    import tomllib

    expected = tomllib.loads(example.read_text(encoding="utf-8"))["goals"]
    result = goal("intake", "--answers", str(example))

    assert result.exit_code == 0, result.output
    goals = list_json(goal)
    assert [g["title"] for g in goals] == [g["title"] for g in expected]
    assert [(g["baseline"], g["target"]) for g in goals] == [
        (g["baseline"], g["target"]) for g in expected
    ]
    assert all(g["start_date"] == "2026-11-26" for g in goals)


def test_answers_file_saves_every_field(goal: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        answers_text(
            goals=[
                base_goal(target_date="2027-01-15", first_step=2, first_step_on="monday"),
                base_goal(
                    title="Fewer panic episodes",
                    unit="episodes",
                    baseline=6,
                    target=1,
                    target_date="in 10 weeks",
                    steps=["Breathing exercise each morning"],
                    first_step_on="in 2 days",
                ),
            ]
        ),
    )
    result = goal("intake", "--answers", str(path))

    assert result.exit_code == 0, result.output
    assert "Saved 2 goals (ids 1, 2)." in result.stdout
    # "monday" as a future date from Thursday 2026-11-26 is 2026-11-30.
    assert "2. Walk 10 minutes ← first, on 2026-11-30" in result.stdout
    assert "1. Breathing exercise each morning ← first, on 2026-11-28" in result.stdout
    goals = list_json(goal)
    assert goals[0]["target_date"] == "2027-01-15"
    assert goals[1]["target_date"] == "2027-02-04"  # 70 days after 2026-11-26
    assert (goals[1]["baseline"], goals[1]["target"], goals[1]["unit"]) == (6, 1, "episodes")
    report = report_json(goal)
    assert [g["direction"] for g in report["goals"]] == ["increase", "decrease"]
    assert [g["steps_total"] for g in report["goals"]] == [3, 1]


def test_answers_start_date_in_the_past_moves_relative_dates(goal: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        answers_text(
            goals=[base_goal(target_date="in 4 weeks", first_step_on="tomorrow")],
            start_date="2026-11-19",
        ),
    )
    result = goal("intake", "--answers", str(path))

    assert result.exit_code == 0, result.output
    # Tomorrow and "in 4 weeks" count from 2026-11-19, not from today (2026-11-26).
    assert "← first, on 2026-11-20" in result.stdout
    (saved,) = list_json(goal)
    assert saved["start_date"] == "2026-11-19"
    assert saved["target_date"] == "2026-12-17"
    (entry,) = report_json(goal)["goals"]
    # 7 of 28 days have passed since the start.
    assert entry["expected_progress"] == 0.25
    assert entry["days_left"] == 21


def test_answers_start_date_in_the_future_is_refused(
    goal: Run, tmp_path: Path, db_path: Path
) -> None:
    path = write(tmp_path, answers_text(start_date="2026-12-01"))
    result = goal("intake", "--answers", str(path))

    assert result.exit_code == 2
    assert "start_date" in result.stderr
    assert not db_path.exists()


# --- intake --answers: refusals ---------------------------------------------------------------


def _without(table: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in table.items() if k != key}


INVALID = {
    "unparseable target date": (
        answers_text(goals=[base_goal(target_date="someday soon")]),
        "goals[1].target_date",
    ),
    "target date in the past": (
        answers_text(goals=[base_goal(target_date="2026-11-01")]),
        "goals[1].target_date",
    ),
    "target date today": (
        answers_text(goals=[base_goal(target_date="today")]),
        "goals[1].target_date",
    ),
    "target equals baseline": (
        answers_text(goals=[base_goal(baseline=5, target=5)]),
        "goals[1].target",
    ),
    "confidence 15": (answers_text(goals=[base_goal(confidence=15)]), "goals[1].confidence"),
    "confidence in the second goal": (
        answers_text(goals=[base_goal(), base_goal(title="Read", confidence=-1)]),
        "goals[2].confidence",
    ),
    "confidence as text": (
        answers_text(goals=[base_goal(confidence="high")]),
        "goals[1].confidence",
    ),
    "confidence as a fraction": (
        answers_text(goals=[base_goal(confidence=7.5)]),
        "goals[1].confidence",
    ),
    "baseline as text": (answers_text(goals=[base_goal(baseline="zero")]), "goals[1].baseline"),
    "target as a boolean": (answers_text(goals=[base_goal(target=True)]), "goals[1].target"),
    "title as a number": (answers_text(goals=[base_goal(title=5)]), "goals[1].title"),
    "steps as text": (answers_text(goals=[base_goal(steps="walk")]), "goals[1].steps"),
    "no steps": (answers_text(goals=[base_goal(steps=[])]), "goals[1].steps"),
    "missing measure": (
        answers_text(goals=[_without(base_goal(), "measure")]),
        "goals[1].measure",
    ),
    "missing target": (answers_text(goals=[_without(base_goal(), "target")]), "goals[1].target"),
    "missing motivations": (
        answers_text(intake=_without(base_intake(), "motivations")),
        "intake.motivations",
    ),
    "empty title": (answers_text(goals=[base_goal(title="   ")]), "goals[1].title"),
    "therapy type wrong": (
        answers_text(intake=base_intake(therapy_type="group")),
        "intake.therapy_type",
    ),
    "first step out of range": (
        answers_text(goals=[base_goal(first_step=4)]),
        "goals[1].first_step",
    ),
    "first step zero": (answers_text(goals=[base_goal(first_step=0)]), "goals[1].first_step"),
    "first step after the target date": (
        answers_text(goals=[base_goal(target_date="in 2 weeks", first_step_on="in 3 weeks")]),
        "goals[1].first_step_on",
    ),
    "no goals": (answers_text(goals=[]), "[[goals]]"),
    "not TOML": ("this is = = not toml\n[[[", "TOML"),
}


@pytest.mark.parametrize("case", list(INVALID), ids=list(INVALID))
def test_invalid_answers_file_is_refused_and_nothing_written(
    goal: Run, tmp_path: Path, db_path: Path, case: str
) -> None:
    text, field = INVALID[case]
    path = write(tmp_path, text)
    result = goal("intake", "--answers", str(path))

    assert result.exit_code == 2, result.output
    assert field in result.stderr
    assert result.stderr.startswith("goal: ")
    assert "Traceback" not in result.output
    assert not db_path.exists()


@pytest.mark.parametrize(
    "case",
    ["target date in the past", "confidence in the second goal", "missing measure", "not TOML"],
)
def test_invalid_answers_file_leaves_an_existing_database_unchanged(
    planned: Run, tmp_path: Path, case: str
) -> None:
    before = list_json(planned)
    text, field = INVALID[case]
    result = planned("intake", "--answers", str(write(tmp_path, text)))

    assert result.exit_code == 2
    assert field in result.stderr
    assert list_json(planned) == before
    assert len(before) == 2


def test_second_goal_invalid_saves_not_even_the_first(planned: Run, tmp_path: Path) -> None:
    # The first goal is valid; the whole file is refused anyway, in one piece.
    text = answers_text(goals=[base_goal(title="Valid one"), base_goal(target_date="yesterday")])
    result = planned("intake", "--answers", str(write(tmp_path, text)))

    assert result.exit_code == 2
    assert "goals[2].target_date" in result.stderr
    assert "Valid one" not in [g["title"] for g in list_json(planned)]


def test_missing_answers_file_is_refused(goal: Run, tmp_path: Path, db_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    result = goal("intake", "--answers", str(missing))

    assert result.exit_code == 2
    assert "nowhere.toml" in result.stderr
    assert not db_path.exists()


def test_bad_date_is_quoted_in_the_message(goal: Run, tmp_path: Path) -> None:
    path = write(tmp_path, answers_text(goals=[base_goal(target_date="someday soon")]))
    result = goal("intake", "--answers", str(path))

    assert result.exit_code == 2
    assert "'someday soon'" in result.stderr
    # One plain sentence on one line.
    assert len(result.stderr.strip().splitlines()) == 1
