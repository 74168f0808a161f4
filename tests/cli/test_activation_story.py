"""Issue 28's "Done means", end to end through the CLI: a client plans three activities with
the pleasure they expect of each, ticks them off with ratings over two weeks, is ill for three
days (excused with `goal skip`) and keeps their streak and habit strength; the report's table,
the Markdown and HTML session pages and the JSON report show the behavioural-activation section
with the figures worked out by hand below."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import Result

from lib.snapshots import Snapshot

pytestmark = pytest.mark.usefixtures("engine")

Goal = Callable[..., Result]

START = "2026-11-23"  # a Monday; the two weeks run to Sunday 2026-12-06
ILL = ("2026-11-30", "2026-12-01", "2026-12-02")

# The intake, typed: the assessment (support contact and questionnaires skipped), then one
# daily goal whose three steps are the planned activities, each followed by the pleasure the
# client expects of it (0-10).
INTAKE = [
    "individual",
    "I hope to feel less flat",
    "Tiredness",
    "Looking forward to things",
    "My kids",
    "",  # support contact
    "",  # questionnaires: none
    "Do more of what matters",  # title
    "",  # started: today
    "Walk outside after lunch on weekdays",  # specific
    "minutes walked per day",  # measure
    "minutes",
    "0",  # start point
    "30",  # target
    "",  # daily
    "",  # a reading
    "7",  # confidence
    "Moving lifts my mood",
    "in 3 months",
    "",  # no GAS guide
    "Walk in the park",
    "3",  # expected pleasure
    "Call my sister",
    "4",
    "Bake bread",
    "6",
    "",  # end of the steps
    "1",  # the first step
    "tomorrow",
    "n",  # no other goal
    "y",  # save the plan
]

# The goal's check-ins: every day but the three ill ones, 20 minutes each; four of them rated
# (pleasure, mastery).
RATED_CHECKINS = {
    "2026-11-23": ("4", "5"),
    "2026-11-26": ("5", "6"),
    "2026-12-03": ("3", "4"),
    "2026-12-06": ("6", "7"),
}
# The activities ticked off: (step, day, pleasure, mastery).
STEPS_DONE = [
    ("1", "2026-11-25", "7", "5"),  # Walk in the park: expected 3, it was 7 (4 more)
    ("2", "2026-11-28", "6", "6"),  # Call my sister: expected 4, it was 6 (2 more)
    ("3", "2026-12-04", "5", "8"),  # Bake bread: expected 6, it was 5 (less)
]


def _days(first: str, last: str) -> list[str]:
    from datetime import date, timedelta

    day, end = date.fromisoformat(first), date.fromisoformat(last)
    days = []
    while day <= end:
        days.append(day.isoformat())
        day += timedelta(days=1)
    return days


def _on(day: str) -> dict[str, str]:
    return {"GOALCLI_TODAY": day}


def _ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def two_weeks(goal: Goal, snapshot: Snapshot) -> Goal:
    """The two weeks lived day by day: each command runs on the day it tells of (built once a
    session, then copied: lib/snapshots.py)."""
    snapshot("test_activation_story.two_weeks", lambda: _live_two_weeks(goal))
    return goal


def _live_two_weeks(goal: Goal) -> None:
    intake = _ok(goal("intake", input="\n".join(INTAKE) + "\n", env=_on(START)))
    assert "Tip (" not in intake.stdout  # the answers above get no coaching questions
    done = {day: (step, pleasure, mastery) for step, day, pleasure, mastery in STEPS_DONE}
    for day in _days(START, "2026-12-06"):
        if day in ILL:
            _ok(goal("skip", "1", "--reason", "ill", env=_on(day)))
            continue
        ratings = RATED_CHECKINS.get(day)
        flags = ["--pleasure", ratings[0], "--mastery", ratings[1]] if ratings else []
        _ok(goal("log", "1", "--value", "20", *flags, env=_on(day)))
        if day in done:
            step, pleasure, mastery = done[day]
            ticked = goal(
                "step",
                "done",
                "1",
                step,
                "--pleasure",
                pleasure,
                "--mastery",
                mastery,
                env=_on(day),
            )
            _ok(ticked)


def _report_json(goal: Goal, day: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        _ok(goal("report", "--format", "json", env=_on(day))).stdout
    )
    return document


def test_the_ill_days_keep_the_streak_and_the_strength(two_weeks: Goal) -> None:
    # Loop's score with m = 0.5 ** (1/13) for a daily goal, from 0 on the start day: each day
    # done gives s = s·m + (1 − m); an excused day leaves s as it is. Seven days done, from
    # 23 to 29 November: s = 1 − m^7 = 1 − 0.5^(7/13) = 1 − 0.68850 = 0.31150 → 0.31.
    before = _report_json(two_weeks, "2026-11-29")["goals"][0]
    assert (before["streak"], before["strength"]) == (7, 0.31)
    # The last ill day: the three days excused froze it (still 0.31) and broke nothing (the
    # streak passes over excused days without counting them: still 7).
    ill = _report_json(two_weeks, "2026-12-02")["goals"][0]
    assert (ill["streak"], ill["strength"]) == (7, 0.31)
    # Four more days done: 11 days counted, s = 1 − m^11 = 1 − 0.5^(11/13) = 1 − 0.55627
    # = 0.44373 → 0.44; the streak is 7 + 4 = 11. (Had the three days been missed instead,
    # the score would have decayed for them: m^7 − m^14 + 1 − m^4 = 0.41, and the streak
    # would be 4.)
    after = _report_json(two_weeks, "2026-12-06")["goals"][0]
    assert (after["streak"], after["strength"]) == (11, 0.44)
    assert after["checkins"] == 11


def test_the_report_json_holds_the_hand_checked_section(two_weeks: Goal) -> None:
    section = _report_json(two_weeks, "2026-12-06")["activation"]

    # The goal: its 4 rated check-ins and its 3 rated steps, 7 ratings in all.
    # Pleasure (4 + 5 + 3 + 6) + (7 + 6 + 5) = 18 + 18 = 36; 36 / 7 = 5.14 → 5.1.
    # Mastery (5 + 6 + 4 + 7) + (5 + 6 + 8) = 22 + 19 = 41; 41 / 7 = 5.86 → 5.9.
    [goal] = section["goals"]
    assert (goal["goal_id"], goal["pleasure_avg"], goal["mastery_avg"], goal["rated"]) == (
        1,
        5.1,
        5.9,
        7,
    )
    # Per activity: the goal's own check-ins (18 / 4 = 4.5 and 22 / 4 = 5.5), then each step.
    activities = {
        entry["title"]: (entry["pleasure_avg"], entry["mastery_avg"], entry["rated"])
        for entry in section["activities"]
    }
    assert activities == {
        "Do more of what matters": (4.5, 5.5, 4),
        "Walk in the park": (7.0, 5.0, 1),
        "Call my sister": (6.0, 6.0, 1),
        "Bake bread": (5.0, 8.0, 1),
    }
    # Enjoyed more than expected: Walk (3 → 7, +4) and Call (4 → 6, +2), not Bake (6 → 5):
    # 2 of 3, by (4 + 2) / 2 = 3 points on average.
    predictions = section["predictions"]
    assert (predictions["compared"], predictions["enjoyed_more"]) == (3, 2)
    assert predictions["more_by_avg"] == 3.0
    assert [
        (p["activity"], p["expected_pleasure"], p["pleasure"]) for p in predictions["items"]
    ] == [
        ("Walk in the park", 3, 7),
        ("Call my sister", 4, 6),
        ("Bake bread", 6, 5),
    ]
    assert [entry["title"] for entry in section["highest_pleasure"]] == [
        "Walk in the park",
        "Call my sister",
        "Bake bread",
    ]
    assert len(section["ratings"]) == 7  # every rating of the period


@pytest.mark.parametrize("output_format", ["table", "markdown", "html"])
def test_the_table_and_the_session_pages_show_the_section(
    two_weeks: Goal, output_format: str
) -> None:
    result = _ok(two_weeks("report", "--format", output_format, env=_on("2026-12-06")))
    text = " ".join(result.stdout.split())  # a table may wrap a line; the words stay in order

    assert "Pleasure and mastery" in text
    assert (
        "Goal 1, Do more of what matters: pleasure 5.1/10, mastery 5.9/10 (rated 7 times)" in text
    )
    assert "Do more of what matters: pleasure 4.5/10, mastery 5.5/10 (rated 4 times)" in text
    assert "Enjoyed more than expected: 2 of 3 (by 3 points on average)." in text
    assert "Walk in the park: you expected 3/10, it was 7/10" in text
    assert "Call my sister: you expected 4/10, it was 6/10" in text
    assert "Bake bread: you expected 6/10, it was 5/10" in text
    assert "Most enjoyed: Walk in the park (7/10); Call my sister (6/10); Bake bread (5/10)" in text
