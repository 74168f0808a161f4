"""Issue 23: an unlogged day is unknown, never zero, in every output that shows a goal's level.

The drinks scenario: a weekly total, 25 → 7 drinks a week from 2026-11-01, logged every day
for two weeks (2026-11-01..14), then eight days without a check-in (2026-11-15..22). On
2026-11-22 the 7 days ending then hold no known day: the sum of known days, 0, would read as
139% of the way ("achieved"). Every page says "not enough check-ins", "0 of 7 days logged".
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from lib.answers import WALKS_GOAL, answers_toml, intake_from
from lib.snapshots import Snapshot

Run = Callable[..., Result]

TODAY = "2026-11-22"


def drinks_goal(*, kind: str = "weekly_total") -> str:
    return f"""\
[[goals]]
title = "Cut down drinking"
specific = "Drink no more than one a day, none on weekdays"
measure = "drinks per week"
unit = "drinks"
baseline = 25
target = 7
relevant = "My health"
confidence = 6
target_date = "2027-01-31"
steps = ["Tell a friend"]
first_step = 1
first_step_on = "2026-11-02"
kind = "{kind}"
"""


def walks_goal() -> str:
    """1 → 3 walks a week, logged as they happen."""
    return WALKS_GOAL


def at(today: str) -> dict[str, str]:
    return {"GOALCLI_TODAY": today, "COLUMNS": "100", "NO_COLOR": "1"}


@pytest.fixture
def drinks(goal: Run, tmp_path: Path, snapshot: Snapshot) -> Run:
    """The scenario's database: two weeks logged (1, 2 or 3 drinks a day), then silence."""

    def build() -> None:
        intake_from(goal, tmp_path, answers_toml("2026-11-01", drinks_goal()))
        for day in range(1, 15):
            logged = goal(
                "log",
                "1",
                "--value",
                str(1 + day % 3),
                "--date",
                f"2026-11-{day:02d}",
                env=at(TODAY),
            )
            assert logged.exit_code == 0, logged.output

    snapshot("test_unknown_days.drinks", build)
    return goal


def flat(text: str) -> str:
    return " ".join(text.split())


def report_goal(goal: Run, today: str = TODAY) -> dict[str, Any]:
    result = goal("report", "--format", "json", env=at(today))
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)["goals"]
    return entry


def test_json_says_unknown_with_the_days_known(drinks: Run) -> None:
    entry = report_goal(drinks)
    assert entry["status"] == "unknown"
    assert (entry["level"], entry["days_known"], entry["days_counted"]) == (0, 0, 7)
    assert entry["kind"] == "weekly_total" and entry["direction"] == "decrease"
    # No figure of progress where it can't be judged: 0 drinks over 0 known days would read as
    # (0 − 25) / (7 − 25) = 139% of the way.
    assert entry["progress"] is None
    # While the two weeks were being logged, the full week ending 2026-11-14 was known:
    # days 8..14 hold 3 + 1 + 2 + 3 + 1 + 2 + 3 = 15 drinks, (15 − 25) / (7 − 25) = 56%
    # against a road at 13/91: judged as usual, ahead.
    logged = report_goal(drinks, "2026-11-14")
    assert (logged["level"], logged["days_known"], logged["status"]) == (15, 7, "ahead")
    assert logged["progress"] == 0.56


def test_table_and_stacked_layout_say_not_enough_check_ins(drinks: Run) -> None:
    table = drinks("report", env=at(TODAY))
    assert table.exit_code == 0, table.output
    text = flat(table.stdout)
    # The Status column wraps the words over two lines, one under the other.
    lines = table.stdout.splitlines()
    (row,) = [index for index, line in enumerate(lines) if "not enough" in line]
    assert lines[row + 1].index("check-ins") == lines[row].index("not enough")
    assert "last 7 days: 0 of 7 days logged" in text
    assert "25 → – → 7 drinks" in text  # "now" is the 7 days' level, here not known
    assert "139%" not in text and "achieved" not in text
    stacked = drinks("report", env={**at(TODAY), "COLUMNS": "60"})
    assert stacked.exit_code == 0, stacked.output
    assert "not enough check-ins" in flat(stacked.stdout)
    assert "0 of 7 days logged" in flat(stacked.stdout)
    assert "139%" not in stacked.stdout


def test_markdown_and_html_say_not_enough_check_ins(drinks: Run) -> None:
    markdown = drinks("report", "--format", "markdown", env=at(TODAY))
    assert markdown.exit_code == 0, markdown.output
    assert "**not enough check-ins**" in markdown.stdout
    assert "last 7 days: 0 of 7 days logged" in markdown.stdout
    assert "(start → last 7 days → target)" in markdown.stdout
    assert "past the target" not in markdown.stdout and "139%" not in markdown.stdout
    # ...and it is worth talking about.
    assert (
        "- Cut down drinking: not enough check-ins to judge it (0 of 7 days logged in the last "
        "7 days)." in markdown.stdout
    )
    html = drinks("report", "--format", "html", env=at(TODAY))
    assert html.exit_code == 0, html.output
    assert "not enough check-ins" in html.stdout
    assert "0 of 7 days logged" in html.stdout
    assert "139%" not in html.stdout and "past the target" not in html.stdout


def test_goal_show_says_not_enough_check_ins(drinks: Run) -> None:
    shown = drinks("show", "1", env=at(TODAY))
    assert shown.exit_code == 0, shown.output
    text = flat(shown.stdout)
    assert "25 → – → 7 drinks (start → last 7 days → target)" in text
    assert "last 7 days: 0 of 7 days logged" in text
    assert "not enough check-ins to say how far it has come" in text
    assert "past the target" not in text
    document = json.loads(drinks("show", "1", "--format", "json", env=at(TODAY)).stdout)
    assert document["standing"]["status"] == "unknown"
    assert document["standing"]["days_known"] == 0


def test_caseload_counts_the_goal_as_not_enough_check_ins(drinks: Run) -> None:
    result = drinks("caseload", "--format", "json", env=at(TODAY))
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)["profiles"]
    assert row["goals_unknown"] == 1
    assert row["unknown_goals"] == [
        {"goal": "Cut down drinking", "days_known": 0, "days_counted": 7, "days_excused": 0}
    ]
    assert row["goals_behind"] == 0
    for output_format in ("table", "markdown", "html"):
        shown = drinks("caseload", "--format", output_format, env=at(TODAY))
        assert shown.exit_code == 0, shown.output
        assert "1 not enough check-ins (0 of 7 days logged)" in flat(shown.stdout), output_format


def test_a_week_of_known_zeros_is_achieved(drinks: Run) -> None:
    for day in range(16, 23):
        logged = drinks("log", "1", "--value", "0", "--date", f"2026-11-{day}", env=at(TODAY))
        assert logged.exit_code == 0, logged.output
    entry = report_goal(drinks)
    assert (entry["level"], entry["days_known"], entry["status"]) == (0, 7, "achieved")
    table = flat(drinks("report", env=at(TODAY)).stdout)
    assert "25 → 0 → 7 drinks" in table and "last 7 days: 0 drinks" in table
    assert "achieved" in table


def test_the_check_in_line_labels_the_seven_days(drinks: Run) -> None:
    # 2026-11-23: its 7 days (17..23) hold only today: not enough check-ins, never a "%".
    logged = drinks("log", "1", "--value", "2", env=at("2026-11-23"))
    assert logged.exit_code == 0, logged.output
    line = flat(logged.stdout)
    assert "2 drinks today, last 7 days: only 1 of 7 days logged (2 drinks on those)" in line
    assert "% of the way" not in line and "this week" not in line


def test_a_goal_to_raise_something_reads_at_least(goal: Run, tmp_path: Path) -> None:
    intake_from(goal, tmp_path, answers_toml("2026-11-01", walks_goal()))
    for day in ("2026-11-18", "2026-11-20"):
        assert goal("log", "1", "--value", "1", "--date", day, env=at(TODAY)).exit_code == 0
    entry = report_goal(goal)
    # 2 walks on 2 known days: a lower bound, judged as it stands (50% of the way, ahead of
    # a road at 21/91).
    assert (entry["level"], entry["days_known"], entry["status"]) == (2, 2, "ahead")
    table = flat(goal("report", env=at(TODAY)).stdout)
    assert "last 7 days: at least 2 walks (2 of 7 days logged)" in table


def test_interactive_log_takes_enter_as_none_and_dash_as_skip(goal: Run, tmp_path: Path) -> None:
    intake_from(goal, tmp_path, answers_toml("2026-11-01", drinks_goal(), walks_goal()))
    # Mood: Enter; drinks: Enter (0, a known day), steps, pleasure, mastery, note; walks: "-"
    # (skipped).
    result = goal("log", input="\n\n\n\n\n\n-\n", env=at(TODAY))
    assert result.exit_code == 0, result.output
    assert "How many today?" in result.stdout
    # The rule is said once, before the first count.
    assert result.stdout.count("Enter means none today") == 1
    listed = json.loads(goal("checkin", "list", "1", "--format", "json", env=at(TODAY)).stdout)
    assert [(row["date"], row["value"]) for row in listed] == [(TODAY, 0)]
    skipped = json.loads(goal("checkin", "list", "2", "--format", "json", env=at(TODAY)).stdout)
    assert skipped == []
    entry = json.loads(goal("report", "--format", "json", env=at(TODAY)).stdout)["goals"]
    assert [(goal_entry["days_known"]) for goal_entry in entry] == [1, 0]


def test_an_unusual_value_given_by_flag_is_saved_with_one_line_on_stderr(
    goal: Run, tmp_path: Path
) -> None:
    intake_from(goal, tmp_path, answers_toml("2026-11-01", walks_goal()))
    result = goal("log", "1", "--value", "11", env=at(TODAY))
    assert result.exit_code == 0, result.output
    warning = [line for line in result.stderr.splitlines() if line.strip()]
    assert warning == [
        "11 walks in one day looks unusual for goal 1; it is saved. If it is a mistake, "
        "`goal checkin remove 1 --date 2026-11-22` removes the day's check-in (`goal undo` "
        "puts back a value it replaced)."
    ]
    listed = json.loads(goal("checkin", "list", "1", "--format", "json", env=at(TODAY)).stdout)
    assert [row["value"] for row in listed] == [11]
    # 9 (exactly 3 × 3) is usual; so is a correction that keeps the day's total at 0 or more.
    usual = goal("log", "1", "--value", "-2", env=at(TODAY))
    assert usual.exit_code == 0 and usual.stderr.strip() == ""  # the day holds 9
    below = goal("log", "1", "--value", "-10", env=at(TODAY))  # the day's total: −1
    assert below.exit_code == 0
    assert "-1 walks in one day looks unusual" in below.stderr


def test_the_level_line_prints_a_hostile_unit_literally(goal: Run, tmp_path: Path) -> None:
    # The unit is the client's text and now sits in the level line: never markup, never HTML.
    unit = "[bold]drinks[/bold] <i>|*"
    answers = answers_toml("2026-11-01", drinks_goal()).replace(
        'unit = "drinks"', f'unit = "{unit}"'
    )
    intake_from(goal, tmp_path, answers)
    for day in range(16, 23):
        assert (
            goal("log", "1", "--value", "1", "--date", f"2026-11-{day}", env=at(TODAY)).exit_code
            == 0
        )
    table = goal("report", env={**at(TODAY), "COLUMNS": "200"})
    assert f"last 7 days: 7 {unit}" in table.stdout
    markdown = goal("report", "--format", "markdown", env=at(TODAY)).stdout
    assert r"last 7 days: 7 \[bold\]drinks\[/bold\] \<i\>\|\*" in markdown
    html = goal("report", "--format", "html", env=at(TODAY)).stdout
    assert "last 7 days: 7 [bold]drinks[/bold] &lt;i&gt;|*" in html
    assert "<i>" not in html


def test_an_unusual_count_piped_in_is_saved_with_the_warning(goal: Run, tmp_path: Path) -> None:
    # No terminal to ask "Are you sure?" on: saved, and told how to take it back, as with flags.
    intake_from(goal, tmp_path, answers_toml("2026-11-01", walks_goal()))
    result = goal("log", input="\n11\n\n\n\n\n", env=at(TODAY))  # + pleasure, mastery
    assert result.exit_code == 0, result.output
    assert "Are you sure?" not in result.stdout
    assert "11 walks in one day looks unusual for goal 1; it is saved." in result.stderr
    listed = json.loads(goal("checkin", "list", "1", "--format", "json", env=at(TODAY)).stdout)
    assert [row["value"] for row in listed] == [11]
