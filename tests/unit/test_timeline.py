"""The goal over time: its weekly level against the road (views.timeline, pure part) and the
chart `goal show` draws of it (render.chart), on hand-computed cases."""

from __future__ import annotations

from datetime import date

from goalcli.render.chart import LEGEND, chart_lines
from goalcli.render.widgets import week_sparkline
from goalcli.views.timeline import WeekEntry, week_ends, weekly_levels

START = date(2026, 11, 1)
TARGET_DATE = date(2026, 12, 29)  # 58 days after the start
AS_OF = date(2026, 11, 26)


def week(
    start: str,
    level: float | None,
    expected: float,
    end: str,
    *,
    known: int = 7,
    counted: int = 7,
    complete: bool = True,
    excused: int = 0,
) -> WeekEntry:
    return {
        "start": start,
        "level": level,
        "expected": expected,
        "end": end,
        "days_known": known,
        "days_counted": counted,
        "complete": complete,
        "days_excused": excused,
        "expected_prorated": expected,
    }


def test_week_ends_count_back_from_as_of_and_skip_weeks_before_the_start() -> None:
    # 5 weeks asked: the one ending 2026-10-29 ends before the start and is left out.
    assert week_ends(START, AS_OF, 5) == [
        date(2026, 11, 5),
        date(2026, 11, 12),
        date(2026, 11, 19),
        date(2026, 11, 26),
    ]
    assert week_ends(date(2026, 12, 1), AS_OF, 12) == []  # not started yet


def test_weekly_level_of_a_decrease_reading_goal_against_the_road() -> None:
    """Anxiety 7 -> 3: each week's level is the mean of the latest 3 readings by its end; the
    road is 7 - 4 · elapsed/58 at the week's end."""
    readings = [
        (date(2026, 11, 2), 7.0),
        (date(2026, 11, 4), 6.0),
        (date(2026, 11, 10), 5.0),
        (date(2026, 11, 11), 6.0),
        (date(2026, 11, 18), 4.0),
        (date(2026, 11, 25), 4.0),
    ]
    weeks = weekly_levels("reading", readings, 7, 3, START, TARGET_DATE, week_ends(START, AS_OF, 4))
    assert weeks == [
        # ends 11-05: (7 + 6) / 2 = 6.5; road 7 - 4·4/58 = 6.7241
        # (2 of its 5 days from the start have a reading; a reading level is complete when
        # it is not stale)
        week("2026-10-30", 6.5, 6.72, "2026-11-05", known=2, counted=5),
        # ends 11-12: (6 + 5 + 6) / 3 = 5.667; road 7 - 4·11/58 = 6.2414
        week("2026-11-06", 5.67, 6.24, "2026-11-12", known=2),
        # ends 11-19: (5 + 6 + 4) / 3 = 5; road 7 - 4·18/58 = 5.7586
        week("2026-11-13", 5, 5.76, "2026-11-19", known=1),
        # ends 11-26: (6 + 4 + 4) / 3 = 4.667; road 7 - 4·25/58 = 5.2759
        week("2026-11-20", 4.67, 5.28, "2026-11-26", known=1),
    ]


def test_weekly_level_of_a_weekly_total_is_the_weeks_sum() -> None:
    """Invitations accepted, 0 -> 3 a week, logged per occurrence."""
    readings = [
        (date(2026, 11, 3), 1.0),
        (date(2026, 11, 5), 1.0),
        (date(2026, 11, 12), 1.0),
        (date(2026, 11, 20), 1.0),
        (date(2026, 11, 20), 1.0),
    ]
    weeks = weekly_levels(
        "weekly_total", readings, 0, 3, START, TARGET_DATE, week_ends(START, AS_OF, 4)
    )
    # 11-12's week has 1 known day; 11-19's none: a gap, not a 0
    assert [week["level"] for week in weeks] == [2, 1, None, 2]
    assert [week["days_known"] for week in weeks] == [2, 1, 0, 1]
    assert not any(week["complete"] for week in weeks)
    # road 3 · elapsed/58 with elapsed 4, 11, 18, 25 days
    assert [week["expected"] for week in weeks] == [0.21, 0.57, 0.93, 1.29]


def test_chart_draws_level_and_road_with_dates_and_which_way_is_better() -> None:
    weeks = [
        week("2026-11-13", 7, 7, "2026-11-19"),
        week("2026-11-20", 5, 6, "2026-11-26"),
    ]
    # Values 3..7 over 5 rows: 7 on row 0, 6 on row 1, 5 on row 2; each week 5 characters
    # wide with its point in the middle; the latest week carries the day it is measured on.
    # The goal started long before: no start point.
    assert chart_lines(weeks, 7, 3, "2026-09-01", height=5) == [
        "Weekly level against the road (lower is better)",
        "7 ┤  ◉",
        "  │       ·",
        "5 ┤       ●",
        "  │",
        "3 ┤",
        "  └───────┬──",
        "          2026-11-26",
        *(f"   {legend}" for legend in LEGEND),
    ]


def test_chart_starts_at_the_start_point_leaves_a_gap_and_draws_an_incomplete_week_hollow() -> None:
    """Drinks 25 → 7 started 11-01: the start point (25 on 11-01), a full week of 21, a week
    with nothing logged (no mark, only the road) and a week of 3 from 2 logged days (hollow,
    its days listed under the chart)."""
    weeks = [
        week("2026-11-02", 21, 23.6, "2026-11-08"),
        week("2026-11-09", None, 22.2, "2026-11-15", known=0, complete=False),
        week("2026-11-16", 3, 20.8, "2026-11-22", known=2, complete=False),
    ]
    # Values 3..25 over 5 rows of 5.5 each, counted down from 25: 23.6 is 0.25 of a row down
    # (row 0), 22.2 0.51 (row 1), 21 0.73 (row 1), 20.8 0.76 (row 1), 3 is row 4.
    lines = chart_lines(weeks, 25, 7, "2026-11-01", height=5)
    assert lines[1:10] == [
        "25 ┤  ◆    ·",
        "   │       ●    ·    ·",
        "14 ┤",
        "   │",
        " 3 ┤                 ○",
        "   └──┬──────────────┬──",
        "      2026-11-01     2026-11-22",
        *(f"    {legend}" for legend in LEGEND),
    ]
    assert " ".join(line.strip() for line in lines[10:]) == (
        "Weeks not complete, by last day: 2026-11-15 0 of 7 days logged; "
        "2026-11-22 2 of 7 days logged"
    )
    assert max(len(line) for line in lines) <= 80


def test_chart_of_twelve_weeks_fits_80_columns_with_dates_every_third_week() -> None:
    weeks = [
        week(f"2026-09-{day:02d}", 1000 + 10 * day, 1000.5 + day, f"2026-09-{day + 6:02d}")
        for day in range(1, 13)
    ]
    lines = chart_lines(weeks, 1000, 1500, "2026-09-01")
    assert max(len(line) for line in lines) <= 80
    assert "higher is better" in lines[0]
    dates = lines[-3]
    # 13 points (the start, 12 weeks), dated every third from the latest: 2026-09-18 and
    # every third week's end before it, down to the start point.
    assert [
        dates.count(day)
        for day in ("2026-09-01", "2026-09-09", "2026-09-12", "2026-09-15", "2026-09-18")
    ] == [1, 1, 1, 1, 1]
    assert "2026-09-17" not in dates
    grid = "".join(lines[1:9])
    assert grid.count("●") + grid.count("◉") == 12 and "○" not in grid  # all complete
    assert "◆" in "".join(lines[1:9])


def test_chart_without_weeks_says_so() -> None:
    assert chart_lines([], 0, 30)[1] == "No week since the goal started yet."


def test_a_weekly_totals_sparkline_draws_weeks_by_the_goals_direction() -> None:
    """Blocks ▁..█ (8 steps) between the baseline and the target: a week with nothing logged is
    ·; an incomplete week of a goal to lower something is ○ (its partial total would read as a
    fall), of a goal to raise something its bar (a lower bound, it can only understate)."""
    weeks = [
        week("2026-11-06", 0, 1, "2026-11-12", known=1, complete=False),
        week("2026-11-13", None, 2, "2026-11-19", known=0, complete=False),
        week("2026-11-20", 7, 3, "2026-11-26"),
    ]
    # Raise 0 → 7: 0 is the lowest step, 7 the highest.
    assert week_sparkline(weeks, 0, 7) == "▁·█"
    # Lower 7 → 0: the incomplete 0 is not drawn as a bar.
    assert week_sparkline(weeks, 7, 0) == "○·█"
