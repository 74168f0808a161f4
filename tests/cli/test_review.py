"""goal review (GAS, GBO), the session report and the safety note, through the CLI."""

from __future__ import annotations

import json
import math
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

# Every test here runs on SQLite and on PostgreSQL (lib/postgres.py): the same results.
pytestmark = pytest.mark.usefixtures("engine")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

Run = Callable[..., Result]
COUPLES = str(EXAMPLES / "couples.toml")


def report_json(goal: Run, *args: str) -> dict:
    result = goal("report", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def make_plan(goal: Run) -> None:
    result = goal("intake", "--answers", COUPLES, env={"GOALCLI_TODAY": "2026-11-01"})
    assert result.exit_code == 0, result.output


def test_review_gas_t_score_with_mixed_levels_and_weights(goal: Run) -> None:
    make_plan(goal)
    assert goal("review", "1", "--gas", "-1", "--gbo", "3", "--date", "2026-11-10").exit_code == 0
    assert (
        goal(
            "review", "2", "--gas", "0", "--gbo", "2", "--weight", "2", "--date", "2026-11-10"
        ).exit_code
        == 0
    )
    # Hand-computed: x = (-1, 0), w = (1, 2): Σwx = -1, Σw² = 5, Σw = 3
    # T = 50 + 10·(-1)/√(0.7·5 + 0.3·9) = 50 - 10/√6.2 = 45.984 → 46.0
    first = report_json(goal)["review"]
    assert first == {"date": "2026-11-10", "gas_t_score": 46.0, "members": [], "ratings": []}

    assert goal("review", "1", "--gas", "+1", "--gbo", "7").exit_code == 0
    assert goal("review", "2", "--gas", "2", "--gbo", "5").exit_code == 0
    # The weight set at the first review stays: x = (1, 2), w = (1, 2): Σwx = 5 → 50 + 50/√6.2
    document = report_json(goal)
    assert document["review"]["date"] == "2026-11-26"
    assert document["review"]["gas_t_score"] == round(50 + 50 / math.sqrt(6.2), 1) == 70.1
    by_id = {entry["id"]: entry for entry in document["goals"]}
    assert (by_id[1]["gas"], by_id[1]["gbo"], by_id[1]["gbo_change"]) == (1, 7, 4)
    assert (by_id[2]["gas"], by_id[2]["gbo"], by_id[2]["gbo_change"]) == (2, 5, 3)


def test_all_goals_as_expected_give_exactly_fifty(goal: Run) -> None:
    make_plan(goal)
    goal("review", "1", "--gas", "0")
    goal("review", "2", "--gas", "0", "--weight", "3")
    assert report_json(goal)["review"]["gas_t_score"] == 50.0


def test_same_day_review_updates_and_next_step_is_added(goal: Run) -> None:
    make_plan(goal)
    steps_before = report_json(goal)["goals"][0]["steps_total"]
    goal("review", "1", "--gas", "-2", "--gbo", "1")
    result = goal("review", "1", "--gbo", "4", "--next-step", "Ask about her week")
    assert result.exit_code == 0, result.output
    entry = report_json(goal)["goals"][0]
    assert (entry["gas"], entry["gbo"], entry["gbo_change"]) == (-2, 4, 0)
    assert entry["steps_total"] == steps_before + 1


def test_interactive_review_rates_each_goal(goal: Run) -> None:
    make_plan(goal)
    # goal 1: GAS +1, GBO 6, helped, hindered, no next step; goal 2 skipped entirely
    result = goal("review", input="+1\n6\nTalking on Sundays\nLate shifts\n\n\n\n\n\n\n")
    assert result.exit_code == 0, result.output
    document = report_json(goal)
    # 50 + 10·1/√1; no members rated anything.
    assert document["review"] == {
        "date": "2026-11-26",
        "gas_t_score": 60.0,
        "members": [],
        "ratings": [],
    }
    assert [entry["gbo"] for entry in document["goals"]] == [6, None]


def test_review_refuses_bad_ratings_without_writing(goal: Run, db_path: Path) -> None:
    make_plan(goal)
    before = db_path.read_bytes()
    for args in (
        ["--gas", "3"],
        ["--gbo", "11"],
        ["--weight", "4"],
        ["--gas", "x"],
        ["--date", "tomorrow", "--gas", "0"],
    ):
        result = goal("review", "1", *args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
    assert goal("review", "--gas", "1").exit_code == 2  # a rating needs a GOAL
    weight_only = goal("review", "1", "--weight", "2")  # a weight alone rates nothing
    assert weight_only.exit_code == 2, weight_only.output
    assert "at least one of --gas" in weight_only.stderr
    assert report_json(goal)["review"] is None
    assert db_path.read_bytes() == before


def test_strength_after_thirty_daily_checkins(goal: Run, tmp_path: Path) -> None:
    # Goal 1 of the example is daily; start it 30 days before today (2026-10-28 .. 2026-11-26).
    answers = tmp_path / "plan.toml"
    text = (EXAMPLES / "elevate-mood.toml").read_text()
    answers.write_text('start_date = "2026-10-28"\n' + text)
    assert goal("intake", "--answers", str(answers)).exit_code == 0
    for offset in range(30):
        day = f"2026-{10 + (27 + offset) // 31}-{(27 + offset) % 31 + 1:02d}"
        result = goal("log", "1", "--value", "10", "--date", day)
        assert result.exit_code == 0, (day, result.output)
    entry = report_json(goal)["goals"][0]
    assert entry["checkins"] == 30 and entry["streak"] == 30
    # m = 0.5^(1/13) = 0.948078; strength = 1 - m^30 = 1 - 0.201983 = 0.798017
    assert entry["strength"] == 0.80
    assert report_json(goal)["goals"][1]["strength"] == 0.0  # the weekly goal had no check-ins


def test_session_report_since_last_review_written_private(goal: Run, tmp_path: Path) -> None:
    make_plan(goal)
    goal(
        "log",
        "1",
        "--value",
        "4",
        "--note",
        "Old note",
        "--date",
        "2026-11-05",
        env={"GOALCLI_TODAY": "2026-11-05"},
    )
    goal("review", "1", "--gas", "0", "--gbo", "3", "--date", "2026-11-10")
    goal("log", "1", "--value", "5", "--note", "We *finally* listened", "--date", "2026-11-20")
    goal("log", "--mood", "2", "--date", "2026-11-21")
    output = tmp_path / "session.md"
    result = goal(
        "report", "--format", "markdown", "--since", "last-review", "--output", str(output)
    )
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    page = output.read_text()
    assert "since 2026-11-10" in page
    assert "## In brief" in page and "couples" in page
    assert "We \\*finally\\* listened" in page  # literal when rendered
    assert "Old note" not in page  # written before the last review
    assert "GBO 3" in page and "GAS 0" in page
    assert "| 2026-11-16 | 2.0 | 1 |" in page  # mood by week (week of Monday 16 November)
    worth = page.split("## Worth talking about", 1)[1]
    assert "2026-11-21" in worth  # a low-mood day
    assert "behind plan" in worth  # goal 2 has not moved while 25 days have passed


def test_safety_note_after_three_low_moods_once_a_day(goal: Run) -> None:
    make_plan(goal)
    goal("log", "--mood", "2", "--date", "2 days ago")
    goal("log", "--mood", "1", "--date", "yesterday")
    first = goal("log", "--mood", "2")
    assert first.exit_code == 0
    assert "emergency" in first.stderr and "555-0188" in first.stderr  # the couples file's contact
    again = goal("report", "--format", "json")
    assert again.exit_code == 0
    assert "emergency" not in again.stderr  # at most once a day
    json.loads(again.stdout)  # stdout stays pure JSON
    tomorrow = goal("report", env={"GOALCLI_TODAY": "2026-11-27"})
    assert "emergency" in tomorrow.stderr


def test_no_safety_note_when_one_of_the_last_three_moods_is_higher(goal: Run) -> None:
    make_plan(goal)
    goal("log", "--mood", "2", "--date", "2 days ago")
    goal("log", "--mood", "5", "--date", "yesterday")
    result = goal("log", "--mood", "1")
    assert result.exit_code == 0
    assert "emergency" not in result.stderr
