"""Check-ins and moods that can be corrected: `goal log` on a day that has an entry says what it
replaces, `goal checkin list` and `goal checkin remove [--mood-only]`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from lib.database import dump
from lib.snapshots import Snapshot

pytestmark = pytest.mark.usefixtures("engine")

Goal = Callable[..., Result]


@pytest.fixture
def backfilled(planned: Goal, snapshot: Snapshot) -> Goal:
    """Goal 1 started three days ago, with a check-in and a mood on each of those days."""

    def build() -> None:
        assert planned("edit", "1", "--start-date", "3 days ago").exit_code == 0
        for days_ago, value, mood in ((3, "10", "4"), (2, "12", "5"), (1, "15", "6")):
            day = f"{days_ago} days ago"
            result = planned("log", "1", "--value", value, "--mood", mood, "--date", day)
            assert result.exit_code == 0, result.output

    snapshot("test_checkin_changes.backfilled", build)
    return planned


def _listed(goal: Goal) -> list[dict[str, object]]:
    result = goal("checkin", "list", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


def test_logging_a_day_again_says_what_it_replaced(backfilled: Goal) -> None:
    result = backfilled("log", "1", "--value", "17", "--mood", "7", "--date", "1 day ago")

    assert result.exit_code == 0, result.output
    assert "Updated mood 7/10 for 2026-11-25 (was 6, now 7)." in result.stdout
    assert "Replaced the value of 2026-11-25 (was 15, now 17)." in result.stdout


def test_logging_asks_before_replacing_and_no_keeps_the_old_value(backfilled: Goal) -> None:
    # Mood 8 instead of 6? no. Value 20 instead of 15? no.
    result = backfilled("log", "1", "--date", "yesterday", input="8\nn\n20\nn\n")

    assert result.exit_code == 0, result.output
    assert "6 is saved for this day" in result.stdout
    assert "Replace 6 with 8?" in result.stdout
    assert "15 is saved for this day" in result.stdout
    assert "Replace 15 with 20?" in result.stdout
    assert _listed(backfilled)[0] == {
        "date": "2026-11-25",
        "value": 15,
        "note": None,
        "mood": 6,
        "pleasure": None,
        "mastery": None,
    }


def test_logging_asks_and_yes_replaces(backfilled: Goal) -> None:
    result = backfilled("log", "1", "--date", "yesterday", input="8\ny\n20\ny\n\n\n\n\n")

    assert result.exit_code == 0, result.output
    assert _listed(backfilled)[0] == {
        "date": "2026-11-25",
        "value": 20,
        "note": None,
        "mood": 8,
        "pleasure": None,
        "mastery": None,
    }


def test_checkin_list_shows_every_check_in_newest_first(backfilled: Goal) -> None:
    assert _listed(backfilled) == [
        {
            "date": "2026-11-25",
            "value": 15,
            "note": None,
            "mood": 6,
            "pleasure": None,
            "mastery": None,
        },
        {
            "date": "2026-11-24",
            "value": 12,
            "note": None,
            "mood": 5,
            "pleasure": None,
            "mastery": None,
        },
        {
            "date": "2026-11-23",
            "value": 10,
            "note": None,
            "mood": 4,
            "pleasure": None,
            "mastery": None,
        },
    ]
    table = backfilled("checkin", "list", "1")
    assert table.exit_code == 0
    assert "2026-11-24" in table.stdout


def test_a_mistyped_check_in_is_removed_and_the_history_says_so(backfilled: Goal) -> None:
    result = backfilled("checkin", "remove", "1", "--date", "2 days ago", "--yes")

    assert result.exit_code == 0, result.output
    assert "Removed the check-in of goal 1 on 2026-11-24 (12)." in result.stdout
    assert [entry["date"] for entry in _listed(backfilled)] == ["2026-11-25", "2026-11-23"]
    shown = json.loads(backfilled("show", "1", "--format", "json").stdout)
    assert (
        shown["changes"][-1]["text"] == "check-in of 2026-11-24 removed (it was 12) on 2026-11-26"
    )
    # The day's mood is not the goal's: it stays.
    assert (
        backfilled(
            "checkin", "remove", "1", "--date", "2 days ago", "--mood-only", "--yes"
        ).exit_code
        == 0
    )


def test_mood_only_removes_the_mood_and_keeps_the_check_in(backfilled: Goal) -> None:
    result = backfilled("checkin", "remove", "1", "--date", "yesterday", "--mood-only", "--yes")

    assert result.exit_code == 0, result.output
    assert "Removed the mood 6/10 of 2026-11-25." in result.stdout
    assert _listed(backfilled)[0] == {
        "date": "2026-11-25",
        "value": 15,
        "note": None,
        "mood": None,
        "pleasure": None,
        "mastery": None,
    }


def test_a_mood_of_zero_is_removed_and_said_so(backfilled: Goal) -> None:
    """A removal that returns 0 (the mood it was) is a removal, not a declined question."""
    assert backfilled("log", "1", "--mood", "0", "--date", "yesterday").exit_code == 0

    result = backfilled("checkin", "remove", "1", "--date", "yesterday", "--mood-only", "--yes")

    assert result.exit_code == 0, result.output
    assert result.stdout == "Removed the mood 0/10 of 2026-11-25.\n"
    assert _listed(backfilled)[0]["mood"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "today", "--yes"], "has no check-in on 2026-11-26"),
        (["--date", "today", "--mood-only", "--yes"], "no mood on 2026-11-26"),
        (["--date", "tomorrow", "--yes"], "is in the future"),
        (["--date", "yesterday"], "--yes"),  # no terminal to ask on
    ],
)
def test_bad_removals_are_refused(
    backfilled: Goal, db_path: Path, args: list[str], message: str
) -> None:
    before = dump(db_path)
    result = backfilled("checkin", "remove", "1", *args)

    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert dump(db_path) == before
