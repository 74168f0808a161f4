"""Charts start at the start and show what happened (issue 23): the drinks scenario (a weekly
total, 25 → 7 from 2026-11-01, 3 a day logged for two weeks, then one known day in the eight
since) through `goal show` (table and JSON), the report's sparkline, Markdown and the session
page. Today is 2026-11-26 (the suite's); the weeks end on 11-05, 11-12, 11-19 and 11-26."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from lib.answers import answers_toml, intake_from
from lib.snapshots import Snapshot

# Every test here runs on SQLite and on PostgreSQL (lib/postgres.py): the same results.
pytestmark = pytest.mark.usefixtures("engine")

Run = Callable[..., Result]
NARROW = {"COLUMNS": "80", "NO_COLOR": "1"}

DRINKS = """\
[[goals]]
title = "Fewer drinks"
specific = "Drink fewer than 7 drinks a week"
measure = "drinks per week"
unit = "drinks"
baseline = 25
target = 7
relevant = "My health"
confidence = 6
target_date = "2027-02-19"
steps = ["Count the drinks"]
first_step = 1
first_step_on = "2026-11-01"
kind = "weekly_total"
"""


@pytest.fixture
def drinks(goal: Run, tmp_path: Path, snapshot: Snapshot) -> Run:
    """3 drinks a day 11-01..11-14 (14 days), nothing 11-15..11-22, one day of 0 on 11-23."""

    def build() -> None:
        intake_from(goal, tmp_path, answers_toml("2026-11-01", DRINKS))
        for day in range(1, 15):
            logged = goal("log", "1", "--value", "3", "--date", f"2026-11-{day:02d}")
            assert logged.exit_code == 0, logged.output
        assert goal("log", "1", "--value", "0", "--date", "2026-11-23").exit_code == 0

    snapshot("test_charts.drinks", build)
    return goal


def test_show_json_weeks_carry_days_known_and_a_week_without_one_has_no_level(
    drinks: Run,
) -> None:
    weeks = json.loads(drinks("show", "1", "--format", "json").stdout)["weeks"]
    # Road: 25 − 18 · elapsed / 110 (11-01 to 2027-02-19) at 4, 11, 18 and 25 days.
    assert [
        (w["end"], w["level"], w["days_known"], w["days_counted"], w["complete"], w["expected"])
        for w in weeks
    ] == [
        # 10-30..11-05: only 11-01..11-05 count (5 days, all known: complete)
        ("2026-11-05", 15, 5, 5, True, 24.35),
        ("2026-11-12", 21, 7, 7, True, 23.2),  # 11-06..11-12, all known
        ("2026-11-19", 6, 2, 7, False, 22.05),  # 11-13 and 11-14 only
        ("2026-11-26", 0, 1, 7, False, 20.91),  # one known 0: known, but incomplete
    ]


def test_a_week_with_nothing_logged_is_null_and_a_gap(goal: Run, tmp_path: Path) -> None:
    intake_from(goal, tmp_path, answers_toml("2026-11-01", DRINKS))
    for day in (2, 3, 4, 5, 6, 7, 8):
        assert goal("log", "1", "--value", "3", "--date", f"2026-11-{day:02d}").exit_code == 0
    weeks = json.loads(goal("show", "1", "--format", "json").stdout)["weeks"]
    assert [(w["end"], w["level"], w["days_known"]) for w in weeks] == [
        ("2026-11-05", 12, 4),  # 11-02..11-05 of 11-01..11-05
        ("2026-11-12", 9, 3),
        ("2026-11-19", None, 0),  # never 0: nothing is known
        ("2026-11-26", None, 0),
    ]
    markdown = goal("report", "--format", "markdown").stdout
    assert "| 2026-11-19 | – | 22.1 | 0 of 7 days logged (incomplete) |" in markdown
    report = goal("report", env=NARROW).stdout
    # The sparkline: a week of 4 and one of 3 known days (incomplete: ○), then two with
    # nothing (·); never a bar of 0.
    assert "○○·· ↓" in report
    assert "Weekly totals' sparklines: a mark a week; ○ too few days logged, · none." in report


def test_show_chart_starts_at_the_start_and_draws_incomplete_weeks_hollow(drinks: Run) -> None:
    out = drinks("show", "1", env=NARROW).stdout
    lines = out.splitlines()
    title = lines.index("Weekly level against the road (lower is better)")
    chart = lines[title + 1 : title + 9]
    assert chart[0].lstrip().startswith("25 ┤  ◆")  # the start point: 25 on 11-01, the top
    grid = "".join(chart)
    # 11-05 (15) and 11-12 (21, on the road: ◉) complete; 11-19 and 11-26 hollow.
    assert grid.count("○") == 2 and grid.count("●") + grid.count("◉") == 2
    assert lines[title + 10].split() == ["2026-11-05", "2026-11-26"]  # every third point
    notes = " ".join(line.strip() for line in lines[title + 13 : title + 16])
    assert notes.startswith(
        "Weeks not complete, by last day: 2026-11-19 2 of 7 days logged; "
        "2026-11-26 1 of 7 days logged"
    )
    assert max(len(line) for line in lines) <= 80


def test_report_sparkline_plots_weekly_levels(drinks: Run) -> None:
    report = drinks("report", env=NARROW).stdout
    # 15 and 21 on a 7..25 scale of 8 steps: 8/18·7 = 3.1 and 14/18·7 = 5.4 (▄ and ▆); then
    # 6 and 0, incomplete: ○, never a bar.
    assert "▄▆○○ ↓" in report
    assert "11-05 → 11-26" in report


def test_markdown_table_starts_at_the_start_with_days_logged(drinks: Run) -> None:
    markdown = drinks("report", "--format", "markdown").stdout
    rows = [line for line in markdown.splitlines() if line.startswith("| 2026-")]
    assert rows == [
        "| 2026-11-01 (start) | 25 | 25 | |",
        "| 2026-11-05 | 15 | 24.4 | 5 of 5 days since the start logged |",
        "| 2026-11-12 | 21 | 23.2 | 7 of 7 days logged |",
        "| 2026-11-19 | 6 | 22.1 | 2 of 7 days logged (incomplete) |",
        "| 2026-11-26 | 0 | 20.9 | 1 of 7 days logged (incomplete) |",
    ]
    assert "incomplete: a week with fewer than 5 days logged" in markdown


def test_session_page_marks_incomplete_weeks_open_with_their_days_in_the_tooltip(
    drinks: Run,
) -> None:
    page = drinks("report", "--format", "html").stdout
    chart = page.split('aria-labelledby="goal-1-title', 1)[1].split("</svg>", 1)[0]
    assert chart.count('fill="#fff" stroke="#222" stroke-width="1.5"') == 2  # open circles
    assert "<title>Week to 19 Nov: 6 (2 of 7 days logged); road 22.1; target 7.</title>" in chart
    assert "<title>Start 1 Nov: 25</title>" in chart  # the diamond, first
    # The road, and the level's line from the start through the two full weeks, not further.
    road, level = re.findall(r'<polyline points="([^"]+)"', chart)
    assert len(road.split()) == 5 and len(level.split()) == 3
    assert "Open circles: incomplete weeks, too few days logged" in page


def test_since_last_review_still_shows_the_weeks_before_faded(drinks: Run) -> None:
    assert drinks("review", "1", "--gas", "0", "--date", "2026-11-24").exit_code == 0
    page = drinks("report", "--format", "html", "--since", "last-review").stdout
    chart = page.split('aria-labelledby="goal-1-title', 1)[1].split("</svg>", 1)[0]
    # The period holds one week (to 11-26); the three before it and the start are faded, and
    # so is the line from the start through 11-05 and 11-12.
    assert chart.count('<g opacity="0.35"><circle') == 3
    assert chart.count('<g opacity="0.35"><path') == 1
    assert chart.count('<g opacity="0.35"><polyline') == 1
    assert "Week to 5 Nov" in chart and ">1 Nov<" in chart
    assert "Faded: the weeks before 2026-11-24." in page
    markdown = drinks("report", "--format", "markdown", "--since", "last-review").stdout
    assert "| 2026-11-12 (before the period) | 21 | 23.2 | 7 of 7 days logged |" in markdown
