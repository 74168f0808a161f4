"""Goals of the two kinds through the CLI: a weekly total logged per occurrence (values add up
on a day, the level is the 7-day total, the first week is 'starting'), and a weekly goal
checked in weekly (a streak in weeks, a habit strength that climbs). Today is 2026-11-26.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from lib.answers import answers_toml, intake_from, invitations

# Every test here runs on SQLite and on PostgreSQL (lib/postgres.py): the same results.
pytestmark = pytest.mark.usefixtures("engine")

Run = Callable[..., Result]


def plan(goal: Run, folder: Path, start: str, **kwargs: str) -> Run:
    return intake_from(
        goal, folder, answers_toml(start, invitations(**kwargs).replace("{start}", start))
    )


def standing(goal: Run) -> dict[str, Any]:
    result = goal("report", "--format", "json")
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)["goals"]
    return entry


def flat(text: str) -> str:
    return " ".join(text.split())


def test_each_occurrence_adds_to_the_day_and_the_week(goal: Run, tmp_path: Path) -> None:
    plan(goal, tmp_path, "2026-11-19")
    earlier = goal("log", "accept", "--value", "3", "--date", "2026-11-24")
    first = goal("log", "accept", "--value", "1")
    second = goal("log", "accept", "--value", "1")

    assert earlier.exit_code == first.exit_code == second.exit_code == 0, second.output
    # The week's figure is the 7 days ending today, labelled so: only 1, then 2 of them known,
    # so a goal to raise something reads it as a lower bound.
    assert (
        "3 invitations on 2026-11-24, last 7 days: at least 3 invitations (1 of 7 days logged)"
        in flat(earlier.stdout)
    )
    assert "1 invitation today, last 7 days: at least 4 invitations (2 of 7 days logged)" in flat(
        first.stdout
    )
    # The second occurrence today adds to the first rather than replacing it.
    assert "2 invitations today, last 7 days: at least 5 invitations" in flat(second.stdout)
    assert "added to the check-in for 2026-11-26" in flat(second.stdout)
    entry = standing(goal)
    # current: the day's value; level: 3 + 2 over 2026-11-20..26; 5 / 3 of the way; the first
    # week is whole (26 − 19 = 7 ≥ 6), so the level may count as achieved.
    assert {key: entry[key] for key in ("kind", "current", "level", "progress", "status")} == {
        "kind": "weekly_total",
        "current": 2,
        "level": 5,
        "progress": 1.67,
        "status": "achieved",
    }
    assert entry["checkins"] == 2  # two days, however many occurrences


def test_a_reading_goal_still_replaces_the_days_value(goal: Run, tmp_path: Path) -> None:
    plan(goal, tmp_path, "2026-11-19", kind="reading")
    goal("log", "accept", "--value", "1")
    second = goal("log", "accept", "--value", "2")

    assert "updated the check-in for 2026-11-26" in flat(second.stdout)
    assert {key: standing(goal)[key] for key in ("current", "level")} == {"current": 2, "level": 2}


def test_the_first_week_of_a_weekly_total_is_starting(goal: Run, tmp_path: Path) -> None:
    plan(goal, tmp_path, "2026-11-22")  # 26 − 22 = 4 < 6: the week reaches before the start
    result = goal("log", "accept", "--value", "4")

    assert "starting" in result.stdout
    entry = standing(goal)
    assert (entry["status"], entry["level"], entry["progress"]) == ("starting", 4, 1.33)
    assert entry["trend"] is None


def test_a_weekly_goal_checked_in_weekly_for_six_weeks(goal: Run, tmp_path: Path) -> None:
    plan(goal, tmp_path, "2026-10-22", frequency="weekly")
    for day in ("2026-10-22", "2026-10-29", "2026-11-05", "2026-11-12", "2026-11-19"):
        assert goal("log", "accept", "--value", "1", "--date", day).exit_code == 0
    result = goal("log", "accept", "--value", "2")

    assert "streak 6 weeks" in flat(result.stdout)
    entry = standing(goal)
    # Six blocks of seven days back from today, each with a check-in; the habit strength as
    # tests/unit/test_progress.py works out by hand: 0.479.
    assert (entry["streak"], entry["streak_unit"], entry["strength"]) == (6, "weeks", 0.48)
    # Totals of the four weeks ending today, oldest first: 1, 1, 1, 2. Pairwise slopes sorted:
    # 0, 0, 0, ⅓, ½, 1; median (0 + ⅓) / 2 = ⅙ a week, at least 5% of 3 (0.15): improving.
    assert entry["trend"] == {"per_week": 0.17, "direction": "improving"}
    assert "6w" in flat(goal("report").stdout)


@pytest.mark.parametrize("kind", ["monthly", "7"])
def test_an_unknown_kind_in_the_answers_file_is_refused(
    goal: Run, tmp_path: Path, db_path: Path, kind: str
) -> None:
    path = tmp_path / "plan.toml"
    text = answers_toml("2026-11-19", invitations().replace("{start}", "2026-11-19"))
    path.write_text(text.replace('kind = "weekly_total"', f"kind = {json.dumps(kind)}"))
    result = goal("intake", "--answers", str(path))

    assert result.exit_code == 2
    assert f"'{kind}' is not a kind of measure" in result.stderr
    assert "Traceback" not in result.output
    assert not db_path.exists()
