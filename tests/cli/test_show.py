"""`goal show` and the session page as therapy reads them (issue 12, words part): a goal to lower
something told the right way round, its weekly level drawn against the road at 80 columns without
colour, and every review under its date."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.lib.answers import answers_toml, fewer_panics, intake_from
from typer.testing import Result

from lib.snapshots import Snapshot

# Every test here runs on SQLite and on PostgreSQL (lib/postgres.py): the same results.
pytestmark = pytest.mark.usefixtures("engine")

Run = Callable[..., Result]
NARROW = {"COLUMNS": "80", "NO_COLOR": "1"}


@pytest.fixture
def panics(goal: Run, tmp_path: Path, snapshot: Snapshot) -> Run:
    """Fewer panic episodes, 6 -> 1 from 2026-10-01 to 2027-01-08 (99 days), with readings in
    the last week and two reviews (the second asked the way a session asks it)."""

    def build() -> None:
        intake_from(
            goal, tmp_path, answers_toml("2026-10-01", fewer_panics(first_step_on="2026-10-02"))
        )
        for day, value in (("2026-11-20", "4"), ("2026-11-24", "3"), ("2026-11-26", "2")):
            assert goal("log", "1", "--value", value, "--date", day).exit_code == 0
        first = goal(
            "review", "1", "--gas", "-1", "--gbo", "3", "--date", "2026-11-05", "--note", "[b]x[/b]"
        )
        assert first.exit_code == 0, first.output
        assert "since the first review" not in first.stdout  # nothing to compare the first with
        second = goal(
            "review",
            "--date",
            "2026-11-19",
            input="0\n6\nBreathing on the bus\nA late shift\nPractise before work\n",
        )
        assert second.exit_code == 0, second.output
        assert "GBO 6/10, +3 since the first review" in second.stdout

    snapshot("test_show.panics", build)
    return goal


def test_show_tells_a_decrease_goal_the_right_way_round(panics: Run) -> None:
    result = panics("show", "1", env=NARROW)
    assert result.exit_code == 0, result.output
    out = result.stdout
    # Start, now (the latest value), target; then the distance, down being the good way.
    assert "6 → 2 → 1 episode (start → now → target)" in out
    # Judged from the level (the mean of 4, 3 and 2), not the latest value alone.
    assert "down 3 from your start, 2 to go" in out
    assert "streak 1 day," in out
    assert "4 episodes" in out and "2 episodes" in out  # check-ins with their unit


def test_show_draws_the_weekly_level_against_the_road_at_80_columns(panics: Run) -> None:
    out = panics("show", "1", env=NARROW).stdout
    lines = out.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert "\x1b[" not in out  # NO_COLOR and a pipe: plain characters carry the chart
    title = lines.index("Weekly level against the road (lower is better)")
    chart = lines[title : title + 12]
    assert chart[1].lstrip().startswith("6 ┤  ◆")  # the top: the start point, 6 on 2026-10-01
    assert chart[8].lstrip().startswith("1 ┤")  # the bottom is the target, 1
    grid = "".join(chart[1:9])
    # No reading before 2026-11-20: the weeks before are gaps (the road only), never 6 or 0;
    # the week ending today is the one level (the mean of 4, 3 and 2).
    # It sits on the road (3 and 3.17 share a row of 5/7): ◉, and the other 7 weeks' roads.
    assert grid.count("◉") == 1 and grid.count("·") == 7
    assert "●" not in grid and "○" not in grid
    # The start point, then the weeks' last days, every third point back from today.
    assert chart[10].split() == ["2026-10-15", "2026-11-05", "2026-11-26"]
    below = lines[title + 13 : title + 16]
    assert below[0].split(":", 1)[0].strip() == "Weeks not complete, by last day"
    assert "2026-10-08 0 of 7 days logged;" in " ".join(below)


def test_show_json_has_the_weeks_and_the_reviews(panics: Run) -> None:
    document = json.loads(panics("show", "1", "--format", "json").stdout)
    weeks = document["weeks"]
    # The goal started 2026-10-01: of the last 12 weeks, those ending after it (8); the start
    # point (the baseline on 2026-10-01) is not a week.
    assert [week["start"] for week in weeks][:2] == ["2026-10-02", "2026-10-09"]
    assert len(weeks) == 8
    # No readings until 2026-11-20: no level (null, never the baseline passed off as one, nor
    # 0); the road runs from 6 at the start to 1 on 2027-01-08: 6 - 5 · elapsed / 99.
    assert weeks[0] == {
        "start": "2026-10-02",
        "level": None,
        "expected": 5.65,  # 7 days: 6 - 5·7/99 = 5.6465
        "end": "2026-10-08",
        "days_known": 0,
        "days_counted": 7,
        "complete": False,
        "days_excused": 0,
        "expected_prorated": 5.65,
    }
    # The last week ends today: mean of 4, 3, 2 = 3; elapsed 56 days: 6 - 5·56/99 = 3.1717.
    assert weeks[-1] == {
        "start": "2026-11-20",
        "level": 3,
        "expected": 3.17,
        "end": "2026-11-26",
        "days_known": 3,
        "days_counted": 7,
        "complete": True,
        "days_excused": 0,
        "expected_prorated": 3.17,
    }
    assert document["reviews"] == [
        {
            "date": "2026-11-05",
            "member": None,
            "gas": -1,
            "gas_text": None,  # the goal has no GAS guide
            "gbo": 3,
            "gbo_change": None,
            "helped": None,
            "hindered": None,
            "next_step": None,
            "note": "[b]x[/b]",
        },
        {
            "date": "2026-11-19",
            "member": None,
            "gas": 0,
            "gas_text": None,
            "gbo": 6,
            "gbo_change": 3,
            "helped": "Breathing on the bus",
            "hindered": "A late shift",
            "next_step": "Practise before work",
            "note": None,
        },
    ]


def test_show_lists_every_review_under_its_date(panics: Run) -> None:
    out = panics("show", "1", env=NARROW).stdout
    reviews = out.split("\nReviews\n", 1)[1].splitlines()
    assert reviews == [
        "  2026-11-05  GAS -1, GBO 3/10",  # the first: no "+0 since the first review"
        "    note: [b]x[/b]",  # literally, never markup
        "  2026-11-19  GAS 0, GBO 6/10 (+3 since the first review)",
        "    helped: Breathing on the bus",
        "    got in the way: A late shift",
        "    next step: Practise before work",
    ]


def test_session_page_has_dated_reviews_and_the_level_by_week(panics: Run) -> None:
    page = panics("report", "--format", "markdown", "--since", "2026-11-10").stdout
    goal = page.split("### 1. ", 1)[1].split("## Mood", 1)[0]
    assert "- **Where it stands:** 6 → **2** → 1 episode (start → now → target): " in goal
    assert "down 3 from your start, 2 to go" in goal
    # Only the period's reviews, each with its date and what was said at it.
    assert "Review 2026-11-05" not in goal
    assert "- **Review 2026-11-19:** GAS 0, GBO 6/10 (+3 since the first review)" in goal
    assert "  - What helped: Breathing on the bus" in goal
    assert "  - What got in the way: A late shift" in goal
    assert "  - Next step: Practise before work" in goal
    # The period's weeks (16 days: 3 weeks ending today) and 4 before it, faded on the page,
    # lower being better; no week reaches back to the start, so no start row.
    assert (
        "Level by week (lower is better; the road: where the plan expects it; incomplete: "
        "no reading in the 28 days before the week's end):"
    ) in goal
    table = [line for line in goal.splitlines() if line.startswith("| 2026-")]
    assert table == [
        # no reading yet: no level (–), never 6 or 0; roads 6 - 5·elapsed/99
        "| 2026-10-15 (before the period) | – | 5.3 | 0 of 7 days logged (incomplete) |",
        "| 2026-10-22 (before the period) | – | 4.9 | 0 of 7 days logged (incomplete) |",
        "| 2026-10-29 (before the period) | – | 4.6 | 0 of 7 days logged (incomplete) |",
        "| 2026-11-05 (before the period) | – | 4.2 | 0 of 7 days logged (incomplete) |",
        "| 2026-11-12 | – | 3.9 | 0 of 7 days logged (incomplete) |",  # 6 - 5·42/99 = 3.88
        "| 2026-11-19 | – | 3.5 | 0 of 7 days logged (incomplete) |",  # 6 - 5·49/99 = 3.53
        "| 2026-11-26 | 3 | 3.2 | 3 of 7 days logged |",  # (4 + 3 + 2) / 3; 3.17
    ]
