"""Behavioural activation at every door: pleasure and mastery on a check-in and on a ticked-off
step, a step's predicted pleasure, the 0-10 limit, and each rating a change undo can reverse."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from lib.database import dump
from lib.snapshots import Snapshot

pytestmark = pytest.mark.usefixtures("engine")

Goal = Callable[..., Result]
FIRST = "Write a list of five things that used to make me happy"


def _checkins(goal: Goal) -> list[dict[str, Any]]:
    result = goal("checkin", "list", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout))


def _steps(goal: Goal) -> list[dict[str, Any]]:
    result = goal("step", "list", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout))


def _history(goal: Goal) -> list[str]:
    result = goal("show", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    return [change["text"] for change in json.loads(result.stdout)["changes"]]


def test_log_flags_keep_pleasure_and_mastery(planned: Goal) -> None:
    result = planned("log", "1", "--value", "4", "--pleasure", "7", "--mastery", "5")

    assert result.exit_code == 0, result.output
    [checkin] = _checkins(planned)
    assert (checkin["value"], checkin["pleasure"], checkin["mastery"]) == (4, 7, 5)
    assert "check-in of 2026-11-26 rated (pleasure 7, mastery 5) on 2026-11-26" in _history(planned)


def test_a_check_in_without_ratings_has_none_not_zero(planned: Goal) -> None:
    assert planned("log", "1", "--value", "4").exit_code == 0
    [checkin] = _checkins(planned)
    assert (checkin["pleasure"], checkin["mastery"]) == (None, None)


def test_rating_alone_needs_a_goal(planned: Goal) -> None:
    result = planned("log", "--pleasure", "7")
    assert result.exit_code == 2
    assert "--pleasure" in result.stderr


@pytest.mark.parametrize(
    ("args", "quoted"),
    [
        (("log", "1", "--value", "4", "--pleasure", "11"), "from 0 to 10 (got 11)"),
        (("log", "1", "--value", "4", "--mastery", "-1"), "from 0 to 10 (got -1)"),
        (("log", "1", "--value", "4", "--pleasure", "7.5"), "'7.5' is not a whole number"),
        (("step", "done", "1", "1", "--pleasure", "lots"), "'lots' is not a whole number"),
        (("step", "add", "1", "Swim", "--expect-pleasure", "12"), "from 0 to 10 (got 12)"),
        (("step", "edit", "1", "1", "--expect-pleasure", "x" * 500), "is not a whole number"),
    ],
)
def test_a_refused_rating_exits_2_and_writes_nothing(
    planned: Goal, db_path: Path, args: tuple[str, ...], quoted: str
) -> None:
    before = dump(db_path)
    result = planned(*args)

    assert result.exit_code == 2, result.output
    assert quoted in result.stderr
    assert len(result.stderr) < 300  # quoted short, never the whole answer
    assert dump(db_path) == before


def test_a_step_planned_with_a_prediction_then_rated(planned: Goal) -> None:
    added = planned("step", "add", "1", "Swim at the lido", "--expect-pleasure", "3")
    assert added.exit_code == 0, added.output
    assert "expected pleasure 3/10" in added.stdout
    position = str(len(_steps(planned)))

    done = planned("step", "done", "1", position, "--pleasure", "8", "--mastery", "6")

    assert done.exit_code == 0, done.output
    assert "pleasure 8/10 (you expected 3/10), mastery 6/10" in done.stdout
    step = _steps(planned)[-1]
    assert (step["expected_pleasure"], step["pleasure"], step["mastery"]) == (3, 8, 6)
    table = planned("step", "list", "1")
    assert "3 → 8/10" in table.stdout


def test_a_prediction_is_edited_and_undone(planned: Goal) -> None:
    result = planned("step", "edit", "1", "1", "--expect-pleasure", "4")
    assert result.exit_code == 0, result.output
    assert _steps(planned)[0]["expected_pleasure"] == 4
    assert f"step “{FIRST}” rated (expected pleasure 4) on 2026-11-26" in _history(planned)

    assert planned("undo", "--yes").exit_code == 0
    assert _steps(planned)[0]["expected_pleasure"] is None
    assert _steps(planned)[0]["text"] == FIRST


def test_edit_needs_wording_or_a_prediction(planned: Goal) -> None:
    result = planned("step", "edit", "1", "1")
    assert result.exit_code == 2
    assert "--expect-pleasure" in result.stderr


def test_a_step_done_earlier_can_be_rated_later(planned: Goal) -> None:
    assert planned("step", "done", "1", "1").exit_code == 0
    result = planned("step", "done", "1", "1", "--mastery", "9")

    assert result.exit_code == 0, result.output
    assert "Step 1 of goal 1 rated; mastery 9/10." in result.stdout
    assert _steps(planned)[0]["mastery"] == 9


def test_a_changed_rating_is_a_change_undo_reverses(planned: Goal) -> None:
    assert planned("log", "1", "--value", "4", "--pleasure", "7").exit_code == 0
    assert planned("log", "1", "--pleasure", "2", "--mastery", "3").exit_code == 0
    assert (
        "ratings of the check-in of 2026-11-26 changed from pleasure 7 to pleasure 2, mastery 3"
        " on 2026-11-26"
    ) in _history(planned)

    assert planned("undo", "--yes").exit_code == 0
    [checkin] = _checkins(planned)
    assert (checkin["value"], checkin["pleasure"], checkin["mastery"]) == (4, 7, None)


LATER = {"GOALCLI_TODAY": "2026-11-28"}  # two days after the plan starts


def test_a_rating_removed_with_a_dash_is_a_change_undo_reverses(planned: Goal) -> None:
    day = ("--date", "yesterday")  # 2026-11-27
    logged = planned("log", "1", *day, "--value", "4", "--pleasure", "7", env=LATER)
    assert logged.exit_code == 0, logged.output
    assert planned("log", "1", *day, "--mastery", "5", env=LATER).exit_code == 0

    result = planned("log", "1", *day, "--pleasure", "-", env=LATER)

    assert result.exit_code == 0, result.output
    assert "Removed the pleasure rating of goal 1's check-in of 2026-11-27." in result.stdout
    [checkin] = _checkins(planned)
    # Removed means not rated (unknown), never 0; the value and the mastery stay.
    assert (checkin["value"], checkin["pleasure"], checkin["mastery"]) == (4, None, 5)
    assert (
        "ratings of the check-in of 2026-11-27 changed from pleasure 7, mastery 5 to "
        "mastery 5, no pleasure on 2026-11-28"
    ) in _history(planned)

    undone = planned("undo", "--yes", env=LATER)
    assert undone.exit_code == 0, undone.output
    [checkin] = _checkins(planned)
    assert (checkin["pleasure"], checkin["mastery"]) == (7, 5)


def test_both_ratings_removed_at_once(planned: Goal) -> None:
    assert planned("log", "1", "--value", "4", "--pleasure", "0", "--mastery", "5").exit_code == 0
    result = planned("log", "1", "--pleasure", "-", "--mastery", "-")
    assert result.exit_code == 0, result.output
    assert "Removed the pleasure and mastery ratings of goal 1's check-in" in result.stdout
    [checkin] = _checkins(planned)
    assert (checkin["value"], checkin["pleasure"], checkin["mastery"]) == (4, None, None)
    assert "ratings of the check-in of 2026-11-26 changed from pleasure 0, mastery 5 to " in (
        " ".join(_history(planned))
    )


def test_removing_a_rating_from_a_day_without_a_check_in_is_refused(
    planned: Goal, db_path: Path
) -> None:
    assert planned("log", "1", "--date", "2026-11-26", "--value", "4", env=LATER).exit_code == 0
    before = dump(db_path)
    result = planned("log", "1", "--date", "yesterday", "--pleasure", "-", env=LATER)
    assert result.exit_code == 2
    assert "Goal 1 has no check-in on 2026-11-27, so there is no rating to remove." in (
        result.stderr
    )
    assert dump(db_path) == before  # no empty check-in made to remove nothing from


def test_removing_a_rating_that_is_not_there_changes_nothing(planned: Goal) -> None:
    assert planned("log", "1", "--value", "4").exit_code == 0
    changes = len(_history(planned))
    result = planned("log", "1", "--mastery", "-")
    assert result.exit_code == 0, result.output
    assert "Removed" not in result.stdout
    assert len(_history(planned)) == changes


def test_a_dash_without_a_goal_needs_one(planned: Goal) -> None:
    result = planned("log", "--pleasure", "-")
    assert result.exit_code == 2
    assert "--pleasure" in result.stderr and "need a GOAL" in result.stderr


def test_a_steps_ratings_and_prediction_are_removed_and_put_back(planned: Goal) -> None:
    assert planned("step", "edit", "1", "1", "--expect-pleasure", "3").exit_code == 0
    done = planned("step", "done", "1", "1", "--pleasure", "8", "--mastery", "6")
    assert done.exit_code == 0, done.output

    result = planned("step", "edit", "1", "1", "--pleasure", "-", "--expect-pleasure", "-")

    assert result.exit_code == 0, result.output
    assert "Step 1 of goal 1: expected pleasure removed, pleasure removed." in result.stdout
    step = _steps(planned)[0]
    assert (step["expected_pleasure"], step["pleasure"], step["mastery"]) == (None, None, 6)
    assert (
        f"step “{FIRST}”: pleasure 8, mastery 6, expected pleasure 3 changed to mastery 6, "
        "no pleasure, no expected pleasure on 2026-11-26"
    ) in _history(planned)

    assert planned("undo", "--yes").exit_code == 0
    step = _steps(planned)[0]
    assert (step["expected_pleasure"], step["pleasure"], step["mastery"]) == (3, 8, 6)

    # `goal step done` removes one the same way, on a step done already.
    again = planned("step", "done", "1", "1", "--mastery", "-")
    assert again.exit_code == 0, again.output
    assert "Step 1 of goal 1 rated; mastery removed." in again.stdout
    assert _steps(planned)[0]["mastery"] is None


def test_step_edit_corrects_how_a_done_step_felt(planned: Goal) -> None:
    assert planned("step", "done", "1", "1", "--pleasure", "8").exit_code == 0
    result = planned("step", "edit", "1", "1", "--pleasure", "6", "--mastery", "2")
    assert result.exit_code == 0, result.output
    step = _steps(planned)[0]
    assert (step["pleasure"], step["mastery"]) == (6, 2)


def test_step_edit_rates_only_a_done_step(planned: Goal, db_path: Path) -> None:
    before = dump(db_path)
    result = planned("step", "edit", "1", "2", "--pleasure", "6")
    assert result.exit_code == 2
    assert "Step 2 of goal 1 is not done yet; `goal step done 1 2 --pleasure N`" in result.stderr
    assert dump(db_path) == before


def test_removing_a_rated_check_in_and_undoing_it_keeps_the_ratings(planned: Goal) -> None:
    assert planned("log", "1", "--value", "4", "--pleasure", "7", "--mastery", "5").exit_code == 0
    assert planned("checkin", "remove", "1", "--date", "2026-11-26", "--yes").exit_code == 0
    assert _checkins(planned) == []

    assert planned("undo", "--yes").exit_code == 0
    [checkin] = _checkins(planned)
    assert (checkin["pleasure"], checkin["mastery"]) == (7, 5)


def test_the_interactive_check_in_asks_both_after_a_value(planned: Goal) -> None:
    # Mood; goal 1: value, no steps, pleasure, mastery, no note; goal 2: skipped.
    answers = "6\n4\n\n7\n5\n\n-\n"
    result = planned("log", input=answers)

    assert result.exit_code == 0, result.output
    assert "Pleasure: how much did you enjoy it? (0-10; Enter skips)" in result.stdout
    [checkin] = _checkins(planned)
    assert (checkin["pleasure"], checkin["mastery"]) == (7, 5)


def test_enter_skips_the_ratings_in_the_interactive_check_in(planned: Goal) -> None:
    result = planned("log", input="6\n4\n\n\n\n\n-\n")

    assert result.exit_code == 0, result.output
    [checkin] = _checkins(planned)
    assert (checkin["pleasure"], checkin["mastery"]) == (None, None)


# --- the BA section: report (table, JSON, Markdown, HTML) and goal show -----------------------


@pytest.fixture
def activities(planned: Goal, snapshot: Snapshot) -> Goal:
    """Goal 1 with three planned activities and predictions (3, 4, 6), ticked off with pleasure
    7, 6 and 5 (so 2 of 3 enjoyed more than expected, by (4 + 2) / 2 = 3 on average), and two
    rated check-ins (pleasure 6 and 8, mastery 5 and 7)."""

    def build() -> None:
        assert planned("edit", "1", "--start-date", "2026-11-01").exit_code == 0
        for text, expected in (
            ("Call Ana", "3"),
            ("Swim at the lido", "4"),
            ("Bake <b>bread</b>", "6"),
        ):
            assert planned("step", "add", "1", text, "--expect-pleasure", expected).exit_code == 0
        for position, pleasure, mastery, day in (
            ("6", "7", "4", "2026-11-20"),
            ("7", "6", "8", "2026-11-24"),
            ("8", "5", "6", "2026-11-25"),
        ):
            done = planned(
                "step",
                "done",
                "1",
                position,
                "--date",
                day,
                "--pleasure",
                pleasure,
                "--mastery",
                mastery,
            )
            assert done.exit_code == 0, done.output
        for day, pleasure, mastery in (("2026-11-23", "6", "5"), ("2026-11-24", "8", "7")):
            logged = planned(
                "log",
                "1",
                "--value",
                "9",
                "--date",
                day,
                "--pleasure",
                pleasure,
                "--mastery",
                mastery,
            )
            assert logged.exit_code == 0, logged.output

    snapshot("test_activation.activities", build)
    return planned


def test_the_report_json_carries_every_rating_and_the_hand_checked_figures(
    activities: Goal,
) -> None:
    result = activities("report", "--format", "json")
    assert result.exit_code == 0, result.output
    section = json.loads(result.stdout)["activation"]

    [goal] = section["goals"]
    # Pleasure (7 + 6 + 5 + 6 + 8) / 5 = 6.4; mastery (4 + 8 + 6 + 5 + 7) / 5 = 6.
    assert (goal["goal_id"], goal["pleasure_avg"], goal["mastery_avg"], goal["rated"]) == (
        1,
        6.4,
        6.0,
        5,
    )
    assert section["predictions"]["compared"] == 3
    assert section["predictions"]["enjoyed_more"] == 2
    assert section["predictions"]["more_by_avg"] == 3.0
    assert len(section["ratings"]) == 5
    # The goal's own check-ins average (6 + 8) / 2 = 7, the most enjoyed "activity".
    assert [(a["title"], a["pleasure_avg"]) for a in section["highest_pleasure"]] == [
        ("Call Ana", 7.0),
        ("Do one thing I enjoy each day", 7.0),
        ("Swim at the lido", 6.0),
    ]


def test_a_report_without_ratings_has_no_section(planned: Goal) -> None:
    assert planned("log", "1", "--value", "9").exit_code == 0
    assert json.loads(planned("report", "--format", "json").stdout)["activation"] is None
    assert "Pleasure and mastery" not in planned("report").stdout


def test_since_limits_the_period(activities: Goal) -> None:
    result = activities("report", "--format", "json", "--since", "2026-11-24")
    section = json.loads(result.stdout)["activation"]
    # From 24 November: Swim (4 -> 6), Bake (6 -> 5) and the check-in of the 24th.
    assert (section["predictions"]["compared"], section["predictions"]["enjoyed_more"]) == (2, 1)
    assert len(section["ratings"]) == 3


def test_the_table_markdown_html_and_show_say_the_same(activities: Goal) -> None:
    table = activities("report")
    markdown = activities("report", "--format", "markdown")
    html = activities("report", "--format", "html")
    shown = activities("show", "1")
    for result in (table, markdown, html, shown):
        assert result.exit_code == 0, result.output
        assert "Pleasure and mastery" in result.stdout
        assert "Enjoyed more than expected: 2 of 3 (by 3 points on average)." in result.stdout
        assert "you expected 3/10, it was 7/10" in result.stdout
    assert "Bake &lt;b&gt;bread&lt;/b&gt;" in html.stdout  # user text, never HTML
    assert "<b>bread" not in html.stdout
    assert "Bake <b>bread</b>" in table.stdout  # printed literally, never markup
    shown_json = json.loads(activities("show", "1", "--format", "json").stdout)
    assert shown_json["activation"]["predictions"]["enjoyed_more"] == 2


def test_step_add_with_a_dash_adds_it_without_a_prediction(
    planned: Goal, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At a terminal, `-` is the answer given ahead: nothing is asked, nothing expected.
    monkeypatch.setattr("goalcli.prompts.at_terminal", lambda: True)
    result = planned("step", "add", "1", "Swim", "--expect-pleasure", "-")
    assert result.exit_code == 0, result.output
    assert "Expected pleasure" not in result.stdout
    assert _steps(planned)[-1]["expected_pleasure"] is None


def test_step_add_at_a_terminal_asks_again_after_a_refused_prediction(
    planned: Goal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("goalcli.prompts.at_terminal", lambda: True)
    result = planned("step", "add", "1", "Swim", input="11\n4\n")
    assert result.exit_code == 0, result.output
    assert "The expected pleasure must be from 0 to 10 (got 11)." in result.stderr
    assert "(expected pleasure 4/10)" in result.stdout
    assert _steps(planned)[-1]["expected_pleasure"] == 4


def test_step_add_with_a_wrong_goal_is_refused_before_asking(
    planned: Goal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("goalcli.prompts.at_terminal", lambda: True)
    result = planned("step", "add", "99", "Swim", input="4\n")
    assert result.exit_code == 2
    assert "Expected pleasure" not in result.stdout
