"""The goal over time: its weekly level against the road (views.timeline, pure part) and the
chart `goal show` draws of it (render.chart), on hand-computed cases."""

from __future__ import annotations

from datetime import date

from goalcli.render.chart import LEGEND, chart_lines
from goalcli.views.timeline import WeekEntry, week_ends, weekly_levels

START = date(2026, 11, 1)
TARGET_DATE = date(2026, 12, 29)  # 58 days after the start
AS_OF = date(2026, 11, 26)


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
        {"start": "2026-10-30", "level": 6.5, "expected": 6.72},
        # ends 11-12: (6 + 5 + 6) / 3 = 5.667; road 7 - 4·11/58 = 6.2414
        {"start": "2026-11-06", "level": 5.67, "expected": 6.24},
        # ends 11-19: (5 + 6 + 4) / 3 = 5; road 7 - 4·18/58 = 5.7586
        {"start": "2026-11-13", "level": 5, "expected": 5.76},
        # ends 11-26: (6 + 4 + 4) / 3 = 4.667; road 7 - 4·25/58 = 5.2759
        {"start": "2026-11-20", "level": 4.67, "expected": 5.28},
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
    assert [week["level"] for week in weeks] == [2, 1, 0, 2]
    # road 3 · elapsed/58 with elapsed 4, 11, 18, 25 days
    assert [week["expected"] for week in weeks] == [0.21, 0.57, 0.93, 1.29]


def test_chart_draws_level_and_road_with_dates_and_which_way_is_better() -> None:
    weeks: list[WeekEntry] = [
        {"start": "2026-11-13", "level": 7, "expected": 7},
        {"start": "2026-11-20", "level": 5, "expected": 6},
    ]
    # Values 3..7 over 5 rows: 7 on row 0, 6 on row 1, 5 on row 2; each week 5 characters
    # wide with its point in the middle; the latest week carries its date.
    assert chart_lines(weeks, 7, 3, height=5) == [
        "Weekly level against the road (lower is better)",
        "7 ┤  ◉",
        "  │       ·",
        "5 ┤       ●",
        "  │",
        "3 ┤",
        "  └───────┬──",
        "          2026-11-20",
        f"   {LEGEND}",
    ]


def test_chart_of_twelve_weeks_fits_80_columns_with_dates_every_third_week() -> None:
    weeks: list[WeekEntry] = [
        {"start": f"2026-09-{day:02d}", "level": 1000 + 10 * day, "expected": 1000.5 + day}
        for day in range(1, 13)
    ]
    lines = chart_lines(weeks, 1000, 1500)
    assert max(len(line) for line in lines) <= 80
    assert "higher is better" in lines[0]
    dates = lines[-2]
    assert [dates.count(f"2026-09-{day:02d}") for day in (3, 6, 9, 12)] == [1, 1, 1, 1]
    assert "2026-09-11" not in dates


def test_chart_without_weeks_says_so() -> None:
    assert chart_lines([], 0, 30)[1] == "No week since the goal started yet."
