"""The end of the interactive intake (issue 13): the summary numbers every part; save, answer one
part again (and see the summary again), or discard after confirming. Also the intake's start-date
question and the questionnaires chosen at intake (issue 15).

Today is 2026-11-26 (a Thursday).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

Run = Callable[..., Result]

# One goal, every answer given; the numbers of the summary's parts for this plan are below.
SESSION = [
    "individual",  # therapy type
    "Feel less stuck",  # expectations
    "Night shifts",  # obstacles
    "Wanting to go outside",  # success feels like
    "My kids",  # motivations
    "My sister, 555-0100",  # support contact
    "",  # questionnaires: none
    "Walk outside",  # title
    "",  # started: today
    "Walk outside for 20 minutes after lunch on weekdays",  # specific
    "minutes walked per day",  # measure
    "minutes",  # unit
    "0",  # start point
    "30",  # target
    "",  # daily
    "",  # a reading
    "7",  # confidence
    "Moving outside lifts my mood and helps me sleep",  # relevant
    "2027-02-26",  # target date
    "",  # GAS follow-up guide: skipped
    "Put shoes by the door",
    "3",  # the pleasure expected of it
    "Walk 10 minutes",
    "",  # expected pleasure: skipped
    "",  # end of steps
    "2",  # step 2 first
    "2026-12-01",  # on
    "n",  # no other goal
]
PART = {
    "therapy_type": 1,
    "expectations": 2,
    "support_contact": 6,
    "measures": 7,
    "title": 8,
    "specific": 9,
    "measurable": 10,
    "achievable": 11,
    "relevant": 12,
    "start_date": 13,
    "target_date": 14,
    "frequency": 15,
    "kind": 16,
    "steps": 17,
    "first_step": 18,
}
SAVE_QUESTION = "Save this plan? (yes, a part's number 1-18 to change it, or discard)"


def lines(answers: list[str]) -> str:
    return "\n".join(answers) + "\n"


def goals(goal: Run) -> list[dict[str, Any]]:
    result = goal("list", "--all", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def rows(db_path: Path, query: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db_path) as connection:
        return connection.execute(query).fetchall()


def test_the_summary_numbers_every_part(goal: Run) -> None:
    result = goal("intake", input=lines([*SESSION, "yes"]))

    assert result.exit_code == 0, result.output
    out = result.stdout
    for label, number in [
        ("Therapy", 1),
        ("Support contact", 6),
        ("Questionnaires", 7),
        ("Title", 8),
        ("Started", 13),
        ("Steps", 17),
        ("First step", 18),
    ]:
        assert f"{number}.  {label}" in out, label
    assert "step 2, on 2026-12-01" in out
    assert SAVE_QUESTION in out
    assert "Saved goal 1." in out


def test_changing_an_assessment_answer_shows_the_summary_again(goal: Run, db_path: Path) -> None:
    result = goal(
        "intake", input=lines([*SESSION, str(PART["expectations"]), "Sleep better", "yes"])
    )

    assert result.exit_code == 0, result.output
    # The question is asked again with the answer so far as its default...
    assert "What do you expect from therapy? [Feel less stuck]: " in result.stdout
    # ...and the summary comes again, with the new answer.
    assert result.stdout.count("Your plan") == 2
    assert result.stdout.count(SAVE_QUESTION) == 2
    assert rows(db_path, "SELECT expectations, obstacles FROM intake") == [
        ("Sleep better", "Night shifts")
    ]


def test_enter_keeps_the_answer_of_a_part_asked_again(goal: Run, db_path: Path) -> None:
    result = goal("intake", input=lines([*SESSION, str(PART["relevant"]), "", "y"]))

    assert result.exit_code == 0, result.output
    assert goals(goal)[0]["title"] == "Walk outside"
    assert rows(db_path, "SELECT relevant FROM goal") == [
        ("Moving outside lifts my mood and helps me sleep",)
    ]


def test_changing_what_is_measured_asks_the_measurable_questions_again(
    goal: Run, db_path: Path
) -> None:
    # measure and unit kept (Enter), a new start point; the target equal to it is refused.
    answers = [*SESSION, str(PART["measurable"]), "", "", "10", "10", "40", "save"]
    result = goal("intake", input=lines(answers))

    assert result.exit_code == 0, result.output
    assert "The target 10 is the same as the starting point" in result.stderr
    walk = goals(goal)[0]
    assert (walk["baseline"], walk["target"], walk["unit"]) == (10, 40, "minutes")


def test_changing_the_title_and_confidence(goal: Run, db_path: Path) -> None:
    answers = [*SESSION, str(PART["title"]), "Walk in the park", "11", "5", "y"]
    result = goal("intake", input=lines(answers))

    assert result.exit_code == 0, result.output
    assert "Goal 1: Walk in the park" in result.stdout
    assert rows(db_path, "SELECT title, confidence FROM goal") == [("Walk in the park", 5)]


def test_an_earlier_target_date_asks_the_first_step_day_again(goal: Run, db_path: Path) -> None:
    # The first step was on 2026-12-01; a target date of 2026-11-30 leaves it after the target.
    answers = [*SESSION, str(PART["target_date"]), "2026-11-30", "2026-11-28", "y"]
    result = goal("intake", input=lines(answers))

    assert result.exit_code == 0, result.output
    assert rows(db_path, "SELECT target_date FROM goal") == [("2026-11-30",)]
    assert rows(db_path, "SELECT due_on FROM step WHERE position = 2") == [("2026-11-28",)]


def test_new_steps_and_a_new_first_step(goal: Run, db_path: Path) -> None:
    answers = [
        *SESSION,
        str(PART["steps"]),
        "Buy shoes",
        "4",  # its expected pleasure
        "Walk 5 minutes",
        "",
        "Walk 15 minutes",
        "",
        "",
        "3",  # which comes first
        str(PART["first_step"]),
        "1",  # step 1 first after all...
        "monday",  # ...on Monday 2026-11-30
        "y",
    ]
    result = goal("intake", input=lines(answers))

    assert result.exit_code == 0, result.output
    assert rows(db_path, "SELECT position, text, due_on FROM step ORDER BY position") == [
        (1, "Buy shoes", "2026-11-30"),
        (2, "Walk 5 minutes", None),
        (3, "Walk 15 minutes", None),
    ]
    # The steps typed again bring their own predictions: the first plan's 3 is gone with it.
    assert rows(db_path, "SELECT position, expected_pleasure FROM step ORDER BY position") == [
        (1, 4),
        (2, None),
        (3, None),
    ]


def test_a_bad_choice_is_asked_again_in_one_sentence(goal: Run) -> None:
    result = goal("intake", input=lines([*SESSION, "maybe", "0", "19", "yes"]))

    assert result.exit_code == 0, result.output
    err = result.stderr
    assert "'maybe' is not a choice; say yes to save" in err
    assert "The part's number must be from 1 to 18 (got 0)." in err
    assert "The part's number must be from 1 to 18 (got 19)." in err
    assert result.stdout.count(SAVE_QUESTION) == 4
    assert "Traceback" not in result.output


def test_discard_asks_first_and_saves_nothing(goal: Run, db_path: Path) -> None:
    # "discard", then no: back to the summary; "n" (discard) again, then yes.
    result = goal("intake", input=lines([*SESSION, "discard", "n", "n", "y"]))

    assert result.exit_code == 0, result.output
    assert result.stdout.count("Discard this plan? Nothing of it will be saved.") == 2
    assert result.stdout.count("Your plan") == 2
    assert "Nothing was saved." in result.stdout
    assert not db_path.exists()


@pytest.mark.parametrize(
    "after",
    [
        [],  # Ctrl-D at the menu
        [str(PART["specific"])],  # while answering a part again
        ["discard"],  # at "Discard this plan?"
        [str(PART["expectations"]), "Sleep better"],  # at the menu after a change
    ],
    ids=["menu", "changing", "discard", "after-change"],
)
def test_ctrl_d_at_the_end_saves_nothing(goal: Run, db_path: Path, after: list[str]) -> None:
    result = goal("intake", input=lines([*SESSION, *after]))

    assert result.exit_code == 130, result.output
    assert "nothing was saved" in result.stderr.lower()
    assert "Traceback" not in result.output
    assert not db_path.exists()


def test_ctrl_c_at_the_menu_saves_nothing(
    goal: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import typer

    real_prompt = typer.prompt

    def prompt(text: str, *args: Any, **kwargs: Any) -> Any:
        if text.startswith("Save this plan?"):
            raise KeyboardInterrupt
        return real_prompt(text, *args, **kwargs)

    monkeypatch.setattr(typer, "prompt", prompt)
    result = goal("intake", input=lines([*SESSION, "yes"]))

    assert result.exit_code == 130, result.output
    assert "nothing was saved" in result.stderr.lower()
    assert not db_path.exists()


# --- the start date ----------------------------------------------------------------------------


def test_a_start_three_days_ago_lets_those_days_be_logged(goal: Run) -> None:
    session = list(SESSION)
    session[session.index("Walk outside") + 1] = "3 days ago"
    result = goal("intake", input=lines([*session, "y"]))

    assert result.exit_code == 0, result.output
    assert "13.  Started      2026-11-23" in result.stdout
    assert goals(goal)[0]["start_date"] == "2026-11-23"
    for day in ("2026-11-23", "2026-11-24", "2026-11-25"):
        logged = goal("log", "1", "--value", "10", "--date", day)
        assert logged.exit_code == 0, logged.output
    before = goal("log", "1", "--value", "10", "--date", "2026-11-22")
    assert before.exit_code == 2


def test_a_future_start_is_refused_and_asked_again(goal: Run) -> None:
    session = list(SESSION)
    session[session.index("Walk outside") + 1 : session.index("Walk outside") + 2] = [
        "tomorrow",
        "yesterday",
    ]
    result = goal("intake", input=lines([*session, "y"]))

    assert result.exit_code == 0, result.output
    assert "The start date 2026-11-27 is in the future" in result.stderr
    assert goals(goal)[0]["start_date"] == "2026-11-25"


def test_the_start_date_can_be_changed_at_the_end(goal: Run) -> None:
    result = goal("intake", input=lines([*SESSION, str(PART["start_date"]), "2026-11-20", "y"]))

    assert result.exit_code == 0, result.output
    assert "[2026-11-26]" in result.stdout  # the answer so far is the default
    assert goals(goal)[0]["start_date"] == "2026-11-20"


# --- questionnaires chosen at intake --------------------------------------------------------------


def schedule(goal: Run) -> dict[str, int | None]:
    result = goal("measure", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    return {row["id"]: row["every_days"] for row in json.loads(result.stdout)}


def test_questionnaires_chosen_at_intake_are_scheduled(goal: Run) -> None:
    session = list(SESSION)
    session[session.index("My sister, 555-0100") + 1 : session.index("Walk outside")] = [
        "phq",  # not an id: refused with the closest one
        "PHQ-9, gad7",
    ]
    result = goal("intake", input=lines([*session, "y"]))

    assert result.exit_code == 0, result.output
    assert "'phq' is not a measure goalcli knows (did you mean phq9?)" in result.stderr
    assert "7.  Questionnaires      PHQ-9, GAD-7" in result.stdout
    assert schedule(goal) == {"phq9": 14, "gad7": 14, "who5": None}


def test_no_questionnaires_by_default(goal: Run) -> None:
    result = goal("intake", input=lines([*SESSION, "y"]))

    assert result.exit_code == 0, result.output
    assert "7.  Questionnaires      none" in result.stdout
    assert schedule(goal) == {"phq9": None, "gad7": None, "who5": None}


def test_questionnaires_can_be_changed_at_the_end(goal: Run) -> None:
    result = goal("intake", input=lines([*SESSION, str(PART["measures"]), "who5", "y"]))

    assert result.exit_code == 0, result.output
    assert schedule(goal) == {"phq9": None, "gad7": None, "who5": 14}


def test_a_new_assessment_offers_to_keep_the_schedule(planned: Run) -> None:
    scheduled = planned("measure", "schedule", "gad7", "--every", "7")
    assert scheduled.exit_code == 0, scheduled.output

    result = planned("intake", input=lines(["new", *SESSION, "y"]))

    assert result.exit_code == 0, result.output
    assert "(phq9, gad7, who5, or none) [gad7]: " in result.stdout
    # Kept as it was (Enter), with its own interval.
    assert schedule(planned) == {"phq9": None, "gad7": 7, "who5": None}


def answers_file(tmp_path: Path, measures: str | None) -> str:
    """The elevate-mood example with a `measures = ...` line (TOML) in its [intake] table."""
    example = Path(__file__).resolve().parents[2] / "examples" / "elevate-mood.toml"
    text = example.read_text(encoding="utf-8")
    if measures is not None:
        text = text.replace("[intake]\n", f"[intake]\nmeasures = {measures}\n", 1)
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_an_answers_file_chooses_questionnaires(goal: Run, tmp_path: Path) -> None:
    result = goal("intake", "--answers", answers_file(tmp_path, '["gad7", "PHQ-9"]'))

    assert result.exit_code == 0, result.output
    assert "Questionnaires      GAD-7, PHQ-9" in result.stdout
    assert schedule(goal) == {"phq9": 14, "gad7": 14, "who5": None}


@pytest.mark.parametrize(
    ("measures", "message"),
    [
        (
            '["phq9", "gda7"]',
            "intake.measures: 'gda7' is not a measure goalcli knows (did you mean gad7?); "
            "use one of phq9, gad7, who5.",
        ),
        ('"phq9"', "intake.measures must be a list of questionnaire ids"),
        ("[9]", "intake.measures must be a list of questionnaire ids"),
    ],
)
def test_an_unknown_questionnaire_is_refused(
    goal: Run, tmp_path: Path, db_path: Path, measures: str, message: str
) -> None:
    result = goal("intake", "--answers", answers_file(tmp_path, measures))

    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not db_path.exists()


def test_an_answers_file_without_measures_leaves_the_schedule_alone(
    planned: Run, tmp_path: Path
) -> None:
    assert planned("measure", "schedule", "who5").exit_code == 0

    kept = planned("intake", "--answers", answers_file(tmp_path, None))
    assert kept.exit_code == 0, kept.output
    assert schedule(planned) == {"phq9": None, "gad7": None, "who5": 14}

    cleared = planned("intake", "--answers", answers_file(tmp_path, "[]"))
    assert cleared.exit_code == 0, cleared.output
    assert schedule(planned) == {"phq9": None, "gad7": None, "who5": None}


def test_an_answers_file_start_date_lets_those_days_be_logged(goal: Run, tmp_path: Path) -> None:
    # start_date at the top of the file, the key `goal add --answers` uses too.
    text = Path(answers_file(tmp_path, None)).read_text(encoding="utf-8")
    path = tmp_path / "started.toml"
    path.write_text('start_date = "3 days ago"\n' + text, encoding="utf-8")
    result = goal("intake", "--answers", str(path))

    assert result.exit_code == 0, result.output
    assert {row["start_date"] for row in goals(goal)} == {"2026-11-23"}
    logged = goal("log", "1", "--value", "10", "--date", "3 days ago")
    assert logged.exit_code == 0, logged.output
    assert goal("log", "1", "--value", "10", "--date", "4 days ago").exit_code == 2
