"""`goal skip`: an excused day (ill, away) freezes habit strength, keeps the streak, is a
change undo takes back, and is refused on a day with a check-in."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from lib.answers import answers_toml, intake_from, invitations
from lib.database import dump
from lib.snapshots import Snapshot

pytestmark = pytest.mark.usefixtures("engine")

Goal = Callable[..., Result]


def _goal(goal: Goal) -> dict[str, Any]:
    result = goal("report", "--format", "json")
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout)["goals"][0])


@pytest.fixture
def walking(planned: Goal, snapshot: Snapshot) -> Goal:
    """Goal 1 (daily) started 20 November, checked in on the 20th to the 22nd (built once a
    session, then copied: lib/snapshots.py)."""

    def build() -> None:
        assert planned("edit", "1", "--start-date", "2026-11-20").exit_code == 0
        for day in ("2026-11-20", "2026-11-21", "2026-11-22"):
            assert planned("log", "1", "--value", "9", "--date", day).exit_code == 0

    snapshot("test_excused_days.walking", build)
    return planned


def test_three_ill_days_keep_the_streak_and_freeze_the_strength(walking: Goal) -> None:
    before = _goal(walking)
    assert before["streak"] == 0  # nothing since the 22nd: broken
    for day in ("2026-11-23", "2026-11-24", "2026-11-25"):
        result = walking("skip", "1", "--date", day, "--reason", "ill")
        assert result.exit_code == 0, result.output
        assert f"{day} is excused for goal 1" in result.stdout
    assert walking("log", "1", "--value", "9").exit_code == 0  # the 26th

    after = _goal(walking)
    assert after["streak"] == 4  # 20, 21, 22, (ill 23-25), 26
    m = 0.5 ** (1 / 13)
    # Four days done in a row, the three between frozen: 1 − m⁴ (rounded to 2 places).
    assert after["strength"] == round(1 - m**4, 2)


def test_a_day_with_a_check_in_cannot_be_excused(walking: Goal, db_path: Path) -> None:
    before = dump(db_path)
    result = walking("skip", "1", "--date", "2026-11-21")

    assert result.exit_code == 2
    assert "remove" in result.stderr and "check-in first" in result.stderr
    assert dump(db_path) == before


def test_excusing_is_a_change_undo_takes_back(walking: Goal) -> None:
    assert walking("skip", "1", "--date", "2026-11-23", "--reason", "flu").exit_code == 0
    shown = json.loads(walking("show", "1", "--format", "json").stdout)
    assert "2026-11-23 excused (flu) on 2026-11-26" in [c["text"] for c in shown["changes"]]
    again = walking("skip", "1", "--date", "2026-11-23")
    assert "already excused" in again.stdout

    assert walking("undo", "--yes").exit_code == 0
    assert walking("log", "1", "--value", "9", "--date", "2026-11-23").exit_code == 0


def test_a_future_day_cannot_be_excused(walking: Goal) -> None:
    result = walking("skip", "1", "--date", "tomorrow")
    assert result.exit_code == 2


def test_x_at_the_value_question_excuses_the_day(walking: Goal) -> None:
    # Mood skipped; goal 1: "x ill"; goal 2: skipped.
    result = walking("log", input="\nx ill\n-\n")

    assert result.exit_code == 0, result.output
    assert "x: excused" in result.stdout
    assert "2026-11-26 is excused for goal 1." in result.stdout
    shown = json.loads(walking("show", "1", "--format", "json").stdout)
    assert "2026-11-26 excused (ill) on 2026-11-26" in [c["text"] for c in shown["changes"]]


def test_x_on_a_day_with_a_value_is_asked_again(walking: Goal) -> None:
    # The 22nd has a value: x is refused and the question asked again; - skips.
    result = walking("log", "1", "--date", "2026-11-22", input="\nx\n-\n")

    assert result.exit_code == 0, result.output
    assert "remove the check-in first" in result.stderr
    shown = json.loads(walking("show", "1", "--format", "json").stdout)
    assert not any("excused" in c["text"] for c in shown["changes"])


def _invitations(goal: Goal, folder: Path, frequency: str = "daily") -> Goal:
    """Accept invitations, 0 → 3 a week (a weekly total), started 22 October; ill on the 20th
    and 21st of November, 2 invitations on the other 5 days of the week ending today."""
    start = "2026-10-22"
    run = intake_from(
        goal,
        folder,
        answers_toml(start, invitations(frequency=frequency).replace("{start}", start)),
    )
    for day in ("2026-11-20", "2026-11-21"):
        assert run("skip", "1", "--date", day, "--reason", "ill").exit_code == 0
    for day, value in (("22", 1), ("23", 0), ("24", 1), ("25", 0), ("26", 0)):
        assert run("log", "1", "--value", str(value), "--date", f"2026-11-{day}").exit_code == 0
    return run


def test_a_weekly_total_is_judged_over_the_days_not_excused(goal: Goal, tmp_path: Path) -> None:
    run = _invitations(goal, tmp_path)
    entry = _goal(run)

    # 2 invitations over the 5 days not excused, against 3 · 5/7 ≈ 2.14: 14/15 of the way
    # (2/3 had the two days been left unknown).
    assert {key: entry[key] for key in ("level", "days_known", "days_counted")} == {
        "level": 2,
        "days_known": 5,
        "days_counted": 7,
    }
    assert (entry["days_excused"], entry["progress"]) == (2, 0.93)
    assert entry["excused_days"] == ["2026-11-20", "2026-11-21"]
    said = "2 days excused: target 2.1 invitations over the other 5"
    assert said in " ".join(run("report").stdout.split())
    assert said in " ".join(run("show", "1").stdout.split())
    assert said in run("report", "--format", "markdown").stdout
    shown = json.loads(run("show", "1", "--format", "json").stdout)
    assert shown["standing"]["progress"] == 0.93
    assert shown["weeks"][-1]["days_excused"] == 2
    # The week is drawn against the road over its 5 days; `expected` stays the road itself.
    latest = shown["weeks"][-1]
    assert latest["expected_prorated"] == round(latest["expected"] * 5 / 7, 2)


def test_a_weekly_streak_passes_over_a_week_all_excused(goal: Goal, tmp_path: Path) -> None:
    run = _invitations(goal, tmp_path, frequency="3 per week")
    # The week ending the 19th: 3 check-ins; the week ending the 12th: all excused; the week
    # ending the 5th: 3 check-ins. This week (2 excused) has 2 check-in days with a value of 1
    # and 3 with 0: 5 check-in days, at least 3 · 5/7.
    for day in ("17", "18", "19", "03", "04", "05"):
        assert run("log", "1", "--value", "1", "--date", f"2026-11-{day}").exit_code == 0
    for back in range(6, 13):
        assert run("skip", "1", "--date", f"2026-11-{back:02d}").exit_code == 0
    entry = _goal(run)
    assert (entry["streak"], entry["streak_unit"]) == (3, "weeks")


def test_excused_days_are_not_silences_in_the_caseload_or_the_session_page(
    goal: Goal,
) -> None:
    from lib.paths import EXAMPLES

    later = {"GOALCLI_TODAY": "2026-12-09"}
    assert goal("intake", "--yes", "--answers", str(EXAMPLES / "elevate-mood.toml")).exit_code == 0
    assert goal("log", "--mood", "6").exit_code == 0  # the 26th: the last check-in
    before = json.loads(goal("caseload", "--format", "json", env=later).stdout)
    assert before["profiles"][0]["reasons"][0] == "no check-in for 13 days"
    # Ill from the 27th to the 6th (10 days), for goal 1: 3 quiet days left.
    for day in range(27, 31):
        assert goal("skip", "1", "--date", f"2026-11-{day}", env=later).exit_code == 0
    for day in range(1, 7):
        assert goal("skip", "1", "--date", f"2026-12-0{day}", env=later).exit_code == 0

    row = json.loads(goal("caseload", "--format", "json", env=later).stdout)["profiles"][0]
    assert "no check-in for 3 days, not counting 10 excused days" in row["reasons"]
    assert row["days_since_checkin"] == 13  # the days themselves, as before
    page = goal("report", "--format", "markdown", env=later).stdout
    assert "No check-in for 3 days (the last on 2026-11-26; not counting 10 excused days)." in page


def test_excused_days_are_drawn_and_listed(goal: Goal, tmp_path: Path) -> None:
    run = _invitations(goal, tmp_path)
    for day in range(6, 13):  # the week ending the 12th: away
        assert run("skip", "1", "--date", f"2026-11-{day:02d}", "--reason", "away").exit_code == 0

    shown = run("show", "1").stdout
    # The chart: × on the axis under the two weeks, its legend, and the weeks in words.
    axis = next(line for line in shown.splitlines() if "└" in line)
    assert axis.count("×") == 2
    assert "× a week with days excused (ill, away)" in shown
    assert "2026-11-12 all 7 days excused" in shown
    assert "Weeks with days excused, by last day: 2026-11-26 2 days excused" in shown
    # The latest check-ins, with each excused day in date order among them.
    lines = [line.split() for line in shown.splitlines() if line.strip().startswith("2026-11-2")]
    assert [line[0] for line in lines] == [f"2026-11-{day}" for day in (26, 25, 24, 23, 22, 21, 20)]
    assert lines[-1][1:] == ["excused:", "ill"]
    shown_json = json.loads(run("show", "1", "--format", "json").stdout)
    assert shown_json["recent_excused"][:2] == [
        {"date": "2026-11-21", "reason": "ill"},
        {"date": "2026-11-20", "reason": "ill"},
    ]

    listed = run("checkin", "list", "1").stdout.splitlines()
    days = [line.split()[0] for line in listed if line.strip().startswith("2026-11")]
    assert days[:7] == [f"2026-11-{day}" for day in (26, 25, 24, 23, 22, 21, 20)]
    assert listed[[line.strip()[:10] for line in listed].index("2026-11-21")].split()[1:] == [
        "excused:",
        "ill",
    ]
    # The JSON lists check-ins only, as it always has.
    dates = [
        entry["date"]
        for entry in json.loads(run("checkin", "list", "1", "--format", "json").stdout)
    ]
    assert "2026-11-21" not in dates and "2026-11-22" in dates

    report = run("report").stdout
    assert "×" in report and "× all days excused." in " ".join(report.split())
    markdown = run("report", "--format", "markdown", "--since", "2026-11-01").stdout
    assert "all 7 days excused" in markdown and "5 of 5 days logged, 2 days excused" in markdown
    page = run("report", "--format", "html", "--since", "2026-11-01").stdout
    assert "<title>2 days excused</title>" in page and "<title>7 days excused</title>" in page
    assert "×: a week with days excused (ill or away)." in page


def test_x_on_a_day_with_only_a_note_is_asked_again(walking: Goal, db_path: Path) -> None:
    # A check-in without a value (a note) is a check-in too: the day cannot be excused.
    assert walking("log", "1", "--note", "tired", "--date", "2026-11-23").exit_code == 0
    before = dump(db_path)
    result = walking("log", "1", "--date", "2026-11-23", input="\nx ill\n-\n")

    assert result.exit_code == 0, result.output
    assert "remove the check-in first" in result.stderr
    assert dump(db_path) == before


def _exported(goal: Goal) -> dict[str, Any]:
    result = goal("export")
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def test_import_leaves_out_an_excused_day_the_database_has_done(
    walking: Goal, tmp_path: Path
) -> None:
    document = _exported(walking)
    (goal_1,) = [entry for entry in document["goals"] if entry["title"] == _goal(walking)["title"]]
    goal_1["checkins"] = [c for c in goal_1["checkins"] if c["day"] != "2026-11-22"]
    goal_1["excused_days"] = [{"day": "2026-11-22", "reason": "ill"}]
    source = tmp_path / "excused.json"
    source.write_text(json.dumps(document))

    result = walking("import", str(source))
    assert result.exit_code == 0, result.output
    assert "skipped" in result.stdout
    # The 22nd keeps its check-in and is not excused.
    assert _exported(walking)["goals"][0]["excused_days"] == []
    assert "2026-11-22" in [c["day"] for c in _exported(walking)["goals"][0]["checkins"]]


def test_a_check_in_on_an_excused_day_makes_it_done_and_the_export_imports(
    walking: Goal, tmp_path: Path
) -> None:
    assert walking("skip", "1", "--date", "2026-11-23", "--reason", "ill").exit_code == 0
    assert walking("log", "1", "--value", "9", "--date", "2026-11-23").exit_code == 0

    listed = walking("checkin", "list", "1").stdout
    assert [line.split()[0] for line in listed.splitlines()].count("2026-11-23") == 1
    assert "excused" not in listed
    assert _goal(walking)["excused_days"] == []
    document = _exported(walking)
    assert document["goals"][0]["excused_days"] == []
    source = tmp_path / "out.json"
    source.write_text(json.dumps(document))
    result = walking("--db", str(tmp_path / "fresh.db"), "import", str(source))
    assert result.exit_code == 0, result.output
    # Removing that check-in leaves the day excused, as it was.
    removed = walking("checkin", "remove", "1", "--date", "2026-11-23", "--yes")
    assert removed.exit_code == 0, removed.output
    assert _goal(walking)["excused_days"] == ["2026-11-23"]


def test_the_caseload_says_a_week_all_excused(goal: Goal, tmp_path: Path) -> None:
    """Cut down drinking, 25 → 7 a week (a goal to lower something): logged to the 15th, then
    away from the 16th to the 22nd: the week is not judged, and says why."""
    today = {"GOALCLI_TODAY": "2026-11-22", "COLUMNS": "100", "NO_COLOR": "1"}
    plan = invitations().replace("{start}", "2026-11-01")
    plan = plan.replace('"Accept invitations"', '"Cut down drinking"')
    plan = plan.replace("baseline = 0", "baseline = 25").replace("target = 3", "target = 7")
    plan = plan.replace('unit = "invitations"', 'unit = "drinks"')
    run = intake_from(goal, tmp_path, answers_toml("2026-11-01", plan))
    for day in range(1, 16):
        assert (
            run("log", "1", "--value", "1", "--date", f"2026-11-{day:02d}", env=today).exit_code
            == 0
        )
    for day in range(16, 23):
        assert run("skip", "1", "--date", f"2026-11-{day}", env=today).exit_code == 0

    entry = json.loads(run("report", "--format", "json", env=today).stdout)["goals"][0]
    assert (entry["status"], entry["progress"], entry["days_excused"]) == ("unknown", None, 7)
    (row,) = json.loads(run("caseload", "--format", "json", env=today).stdout)["profiles"]
    assert row["unknown_goals"] == [
        {"goal": "Cut down drinking", "days_known": 0, "days_counted": 7, "days_excused": 7}
    ]
    shown = " ".join(run("caseload", env=today).stdout.split())
    assert "1 not enough check-ins (all 7 days excused)" in shown
    shown = " ".join(run("show", "1", env=today).stdout.split())
    assert "25 → – → 7 drinks (start → last 7 days → target)" in shown
    assert "last 7 days: all 7 days excused" in shown
    assert "nothing to judge: every one of the last 7 days is excused" in shown
    # Seven days excused are no silence either.
    assert "no check-in" not in " ".join(row["reasons"])


def test_how_far_a_goal_to_lower_something_came_is_said_over_the_days_not_excused(
    goal: Goal, tmp_path: Path
) -> None:
    # 21 → 7 drinks a week; ill on the 20th and 21st; 5 drinks on the other 5 days. Against the
    # whole week's start (21) that would read "down 16"; over the 5 days it is 15 → 5.
    plan = invitations().replace("{start}", "2026-10-22")
    plan = plan.replace('"Accept invitations"', '"Cut down drinking"')
    plan = plan.replace("baseline = 0", "baseline = 21").replace("target = 3", "target = 7")
    plan = plan.replace('unit = "invitations"', 'unit = "drinks"')
    run = intake_from(goal, tmp_path, answers_toml("2026-10-22", plan))
    for day in ("2026-11-20", "2026-11-21"):
        assert run("skip", "1", "--date", day).exit_code == 0
    for day in range(22, 27):
        assert run("log", "1", "--value", "1", "--date", f"2026-11-{day}").exit_code == 0

    shown = " ".join(run("show", "1").stdout.split())
    assert "down 10 from your start, target reached (over the 5 days not excused)" in shown
    assert "2 days excused: target 5 drinks over the other 5" in shown
    assert "15 → 5 → 5 drinks (start → last 7 days → target, over the 5 days not excused)" in shown
    assert _goal(run)["status"] == "achieved"
