"""`goal log`: the daily check-in, with flags and interactively (CliRunner input=).

Today is 2026-11-26 (a Thursday) unless a test moves it with GOALCLI_TODAY.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from lib.answers import answers_toml, fewer_panics, intake_from, walk_outside, walk_the_dog
from lib.snapshots import Snapshot

# Every test here runs on SQLite and on PostgreSQL (lib/postgres.py): the same results.
pytestmark = pytest.mark.usefixtures("engine")

Run = Callable[..., Result]

# Two goals whose titles share the prefix "Walk", and a decreasing one; started a week ago.
PLAN = answers_toml(
    "2026-11-19",
    walk_outside(target_date="2026-12-19", first_step_on="2026-11-20"),
    walk_the_dog(first_step_on="2026-11-20"),
    fewer_panics(first_step_on="2026-11-20"),
)


@pytest.fixture
def plan(goal: Run, tmp_path: Path, snapshot: Snapshot) -> Run:
    """Goals 1 "Walk outside" (0 → 30 minutes), 2 "Walk the dog" (0 → 7 walks) and
    3 "Fewer panic episodes" (6 → 1), all started 2026-11-19."""
    snapshot("test_log.plan", lambda: intake_from(goal, tmp_path, PLAN))
    return goal


def report(goal: Run, *args: str) -> dict[str, Any]:
    result = goal("report", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def entry(goal: Run, goal_id: int) -> dict[str, Any]:
    (found,) = [g for g in report(goal)["goals"] if g["id"] == goal_id]
    return found


def markdown(goal: Run) -> str:
    result = goal("report", "--format", "markdown")
    assert result.exit_code == 0, result.output
    return result.stdout


def snapshot(goal: Run) -> tuple[str, str, str]:
    """Everything a user can see of the data: report JSON, Markdown (notes) and the goal list."""
    listing = goal("list", "--all", "--format", "json")
    return (
        goal("report", "--format", "json").stdout,
        markdown(goal),
        listing.stdout,
    )


def note_line(goal: Run, text: str) -> str:
    """The one line of the Markdown report that shows the note `text` (which has no Markdown
    special characters, so it appears as typed)."""
    lines = [line for line in markdown(goal).splitlines() if text in line]
    assert len(lines) == 1, lines
    return lines[0]


def flat(text: str) -> str:
    """The output with Rich's line wrapping undone."""
    return " ".join(text.split())


# --- with flags -----------------------------------------------------------------------------


def test_log_with_all_flags_saves_everything(planned: Run) -> None:
    result = planned(
        "log", "do", "--value", "12", "--mood", "6", "--note", "Baked bread", "--done", "1",
        "--done", "3",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "Saved mood 6/10 for 2026-11-26" in out
    # (12 − 5) / (30 − 5) = 0.28
    assert "28%" in out
    assert "streak 1 day" in out
    goal1 = entry(planned, 1)
    assert goal1["current"] == 12
    assert goal1["progress"] == 0.28
    assert goal1["checkins"] == 1
    assert goal1["steps_done"] == 2
    assert goal1["last_checkin"] == "2026-11-26"
    assert goal1["streak"] == 1
    assert entry(planned, 2)["checkins"] == 0
    assert report(planned)["mood"]["series"] == [{"date": "2026-11-26", "mood": 6}]
    assert "2026-11-26" in note_line(planned, "Baked bread")


def test_log_same_day_twice_updates_the_one_checkin(plan: Run) -> None:
    first = plan("log", "1", "--value", "10", "--note", "First try")
    second = plan("log", "1", "--value", "15")

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert "updated" not in flat(first.stdout).lower()
    assert "updated the check-in for 2026-11-26" in flat(second.stdout)
    goal1 = entry(plan, 1)
    assert goal1["checkins"] == 1
    assert goal1["current"] == 15
    assert goal1["progress"] == 0.5  # 15 / 30
    # The note from the first check-in of the day was not wiped by the second.
    assert "2026-11-26" in note_line(plan, "First try")


def test_log_same_earlier_day_twice_updates_it(plan: Run) -> None:
    plan("log", "1", "--value", "10", "--date", "2026-11-24")
    result = plan("log", "1", "--value", "20", "--date", "monday")  # Monday = 2026-11-23

    assert result.exit_code == 0
    assert "updated" not in flat(result.stdout).lower()
    again = plan("log", "1", "--value", "12", "--date", "2 days ago")
    assert "updated the check-in for 2026-11-24" in flat(again.stdout)
    goal1 = entry(plan, 1)
    assert goal1["checkins"] == 2
    assert goal1["current"] == 12  # the latest day with a value is 2026-11-24
    assert goal1["last_checkin"] == "2026-11-24"


def test_mood_is_one_per_day_and_the_second_replaces_the_first(plan: Run) -> None:
    plan("log", "--mood", "3")
    result = plan("log", "--mood", "8")
    plan("log", "--mood", "5", "--date", "yesterday")

    assert result.exit_code == 0, result.output
    assert "Updated mood 8/10 for 2026-11-26" in flat(result.stdout)
    mood = report(plan)["mood"]
    assert mood["series"] == [
        {"date": "2026-11-25", "mood": 5},
        {"date": "2026-11-26", "mood": 8},
    ]
    assert mood["last_7_avg"] == 6.5
    # A mood alone is not a goal check-in.
    assert all(g["checkins"] == 0 for g in report(plan)["goals"])


def test_log_yesterday_counts_for_yesterday(plan: Run) -> None:
    result = plan("log", "walk o", "--value", "6", "--date", "yesterday")

    assert result.exit_code == 0, result.output
    goal1 = entry(plan, 1)
    assert goal1["last_checkin"] == "2026-11-25"
    assert goal1["streak"] == 1  # ending yesterday: today has no check-in yet
    assert goal1["current"] == 6


def test_feedback_shows_progress_and_streak(plan: Run) -> None:
    plan("log", "1", "--value", "3", "--date", "2026-11-24")
    plan("log", "1", "--value", "6", "--date", "2026-11-25")
    result = plan("log", "1", "--value", "9")

    out = flat(result.stdout)
    # Now 9; progress is judged from the level, the mean of the latest three: (3 + 6 + 9) / 3.
    assert "Walk outside: 9 minutes (level 6), 20% of the way" in out  # 6 / 30
    assert "streak 3 days" in out


def test_feedback_for_a_decreasing_goal(plan: Run) -> None:
    result = plan("log", "fewer", "--value", "4")

    assert result.exit_code == 0, result.output
    # (4 − 6) / (1 − 6) = 0.4
    assert "Fewer panic episodes: 4 episodes, 40% of the way" in flat(result.stdout)
    goal3 = entry(plan, 3)
    assert goal3["direction"] == "decrease"
    assert goal3["progress"] == 0.4


def test_goal_prefix_is_case_insensitive(plan: Run) -> None:
    result = plan("log", "WALK T", "--value", "2")

    assert result.exit_code == 0, result.output
    assert entry(plan, 2)["current"] == 2
    assert entry(plan, 1)["checkins"] == 0


def test_goal_by_id(plan: Run) -> None:
    result = plan("log", "3", "--value", "5")

    assert result.exit_code == 0, result.output
    assert entry(plan, 3)["current"] == 5
    assert entry(plan, 1)["checkins"] == entry(plan, 2)["checkins"] == 0


def test_done_marks_steps(plan: Run) -> None:
    result = plan("log", "fewer", "--done", "2")

    assert result.exit_code == 0, result.output
    goal3 = entry(plan, 3)
    assert (goal3["steps_done"], goal3["steps_total"]) == (1, 2)
    assert goal3["current"] == 6  # no value given: still the baseline
    assert goal3["checkins"] == 1


# --- refusals: exit 2 and nothing changes ---------------------------------------------------

REFUSED = {
    "date tomorrow": ["1", "--value", "5", "--date", "tomorrow"],
    "date ISO future": ["1", "--value", "5", "--date", "2026-11-27"],
    "date in 2 days": ["1", "--value", "5", "--date", "in 2 days"],
    "mood in the future": ["--mood", "5", "--date", "tomorrow"],
    "date before the start": ["1", "--value", "5", "--date", "2026-11-18"],
    "ambiguous date": ["1", "--value", "5", "--date", "03/04/2026"],
    "unparseable date": ["1", "--value", "5", "--date", "the other day"],
    "value abc": ["1", "--value", "abc"],
    "value nan": ["1", "--value", "nan"],
    "value inf": ["1", "--value", "inf"],
    "value -inf": ["1", "--value=-inf"],
    "value overflowing": ["1", "--value", "1e999"],
    "mood 11": ["1", "--mood", "11"],
    "mood -1": ["1", "--mood=-1"],
    "mood x": ["1", "--mood", "x"],
    "mood 6.5": ["--mood", "6.5"],
    "unknown goal": ["swim", "--value", "5"],
    "unknown id": ["9", "--value", "5"],
    "ambiguous prefix": ["walk", "--value", "5"],
    "value without goal": ["--value", "5"],
    "note without goal": ["--note", "hello"],
    "done without goal": ["--done", "1"],
    "step out of range": ["1", "--value", "5", "--mood", "4", "--done", "4"],
    "step not a number": ["1", "--done", "first"],
}

QUOTED = {
    "unparseable date": "'the other day'",
    "value abc": "'abc'",
    "value nan": "'nan'",
    "value inf": "'inf'",
    "mood 11": "11",
    "mood x": "'x'",
    "unknown goal": "'swim'",
    "ambiguous prefix": "'walk'",
    "date tomorrow": "2026-11-27",
    "date before the start": "2026-11-18",
    # Ids, never titles: a goal's title is the client's own words.
    "step out of range": "Goal 1 has no step 4;",
}


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_bad_log_is_refused_and_changes_nothing(plan: Run, case: str) -> None:
    plan("log", "1", "--value", "10", "--mood", "5", "--note", "Before", "--date", "yesterday")
    before = snapshot(plan)

    result = plan("log", *REFUSED[case])

    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("goal: ")
    assert "Traceback" not in result.output
    if case in QUOTED:
        assert QUOTED[case] in result.stderr
    assert snapshot(plan) == before


def test_ambiguous_prefix_names_the_candidate_ids(plan: Run) -> None:
    result = plan("log", "Walk", "--value", "5")

    assert result.exit_code == 2
    assert "1, 2" in result.stderr


def test_mood_date_before_the_start_is_refused_on_a_fresh_plan(planned: Run) -> None:
    # The elevate-mood plan starts today, so yesterday is before it.
    before = snapshot(planned)
    result = planned("log", "1", "--value", "6", "--date", "yesterday")

    assert result.exit_code == 2
    assert "2026-11-25" in result.stderr
    assert snapshot(planned) == before


def test_empty_goal_with_value_is_refused(plan: Run) -> None:
    before = snapshot(plan)
    result = plan("log", "", "--value", "3")

    assert result.exit_code == 2, result.output
    assert snapshot(plan) == before


def test_log_without_a_database_says_so(goal: Run, db_path: Path) -> None:
    result = goal("log", "1", "--value", "3")

    assert result.exit_code == 1
    assert "goal intake" in result.stderr
    assert "Traceback" not in result.output
    assert not db_path.exists()


def test_interactive_log_without_a_database_asks_nothing(goal: Run, db_path: Path) -> None:
    result = goal("log", input="7\n")

    assert result.exit_code == 1
    assert "goal intake" in result.stderr
    assert "Mood today" not in result.stdout
    assert not db_path.exists()


# --- interactive ----------------------------------------------------------------------------


def test_interactive_log_asks_goal_by_goal(planned: Run) -> None:
    answers = [
        "11",  # mood out of range: asked again
        "7",
        "12",  # goal 1 value
        "1 3",  # goal 1 steps done
        "",  # goal 1 pleasure: Enter skips
        "",  # goal 1 mastery
        "Baked bread",  # goal 1 note
        "",  # goal 2: Enter skips it
    ]
    result = planned("log", input="\n".join(answers) + "\n")

    assert result.exit_code == 0, result.output
    assert result.stdout.count("Mood today (0-10)") == 2
    assert "11" in result.stderr
    out = flat(result.stdout)
    assert "Saved mood 7/10 for 2026-11-26" in out
    assert "28%" in out  # (12 − 5) / 25
    goal1, goal2 = report(planned)["goals"]
    assert (goal1["current"], goal1["checkins"], goal1["steps_done"]) == (12, 1, 2)
    assert (goal2["current"], goal2["checkins"], goal2["steps_done"]) == (0, 0, 0)
    assert report(planned)["mood"]["series"] == [{"date": "2026-11-26", "mood": 7}]
    assert "2026-11-26" in note_line(planned, "Baked bread")
    # Feedback is only for the goal that was logged.
    assert "See friends again" not in out.split("Saved mood")[1]


def test_interactive_log_reasks_bad_values_and_steps(plan: Run) -> None:
    answers = [
        "",  # no mood
        "abc",  # goal 1 value: not a number
        "9",
        "7",  # step 7 is not one of the open steps
        "2",
        "",  # no pleasure
        "",  # no mastery
        "",  # no note
        "",  # goal 2 skipped
        "5",  # goal 3 value
        "",  # no steps
        "",  # no pleasure
        "",  # no mastery
        "Calmer",  # note
    ]
    result = plan("log", input="\n".join(answers) + "\n")

    assert result.exit_code == 0, result.output
    assert "'abc'" in result.stderr
    assert "7" in result.stderr
    goals = report(plan)["goals"]
    assert [(g["current"], g["checkins"], g["steps_done"]) for g in goals] == [
        (9, 1, 1),
        (0, 0, 0),
        (5, 1, 0),
    ]
    assert report(plan)["mood"]["series"] == []


def test_interactive_log_skipping_everything_saves_nothing(plan: Run) -> None:
    before = snapshot(plan)
    result = plan("log", input="\n\n\n\n")

    assert result.exit_code == 0, result.output
    assert "Nothing to save." in result.stdout
    assert snapshot(plan) == before


def test_interactive_log_for_one_goal_on_an_earlier_day(plan: Run) -> None:
    result = plan("log", "fewer", "--date", "yesterday", input="4\n3\n1\n\n\n\n")

    assert result.exit_code == 0, result.output
    assert "Wednesday 25 November 2026" in result.stdout
    # Only that goal was asked about.
    assert "Walk outside" not in result.stdout
    goal3 = entry(plan, 3)
    assert (goal3["current"], goal3["last_checkin"], goal3["steps_done"]) == (3, "2026-11-25", 1)
    assert report(plan)["mood"]["series"] == [{"date": "2026-11-25", "mood": 4}]


def test_interactive_log_interrupted_saves_nothing(plan: Run) -> None:
    before = snapshot(plan)
    # Mood and goal 1 answered, then the input ends (Ctrl-D).
    result = plan("log", input="6\n12\n")

    assert result.exit_code == 130
    assert "nothing was saved" in result.stderr.lower()
    assert snapshot(plan) == before


def test_a_mood_for_a_day_before_any_goal_started_is_saved(plan: Run) -> None:
    """A mood belongs to the day, not to a goal: goals started later do not refuse it."""
    result = plan("log", "--mood", "4", "--date", "2026-11-10")
    assert result.exit_code == 0, result.output
    assert "mood 4/10 for 2026-11-10" in result.stdout
    refused = plan("log", "1", "--value", "3", "--date", "2026-11-10")
    assert refused.exit_code == 2
    assert "before goal 1 started" in refused.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["1", "--value", "1_5"],
        ["1", "--value", "١٥"],
        ["1", "--value", " 1e3"],
        ["--mood", "١"],
        ["--mood", "1_0"],
        ["1", "--done", "١"],
    ],
)
def test_numbers_python_reads_but_people_do_not_write_are_refused(
    plan: Run, args: list[str]
) -> None:
    before = snapshot(plan)
    result = plan("log", *args)
    assert result.exit_code == 2, result.output
    assert "not a" in result.stderr and "number" in result.stderr
    assert snapshot(plan) == before
