"""The per-week series every chart draws (core.weeks), on hand-computed calendars: nothing
before the start, an unknown day is never 0, a week with no known day is a gap, fewer than 5
known days is incomplete."""

from __future__ import annotations

from datetime import date, timedelta

from goalcli.core.weeks import Week, known_words, reaches_start, week_ends, weekly_series

START = date(2026, 11, 1)  # a Sunday
TARGET_DATE = date(2027, 1, 30)  # 90 days after the start


def days(first: date, last: date, value: float) -> list[tuple[date, float]]:
    return [(first + timedelta(days=n), value) for n in range((last - first).days + 1)]


def drinks(ends: list[date], readings: list[tuple[date, float]]) -> list[Week]:
    """25 → 7 drinks a week, a weekly total."""
    return weekly_series(
        "weekly_total",
        readings,
        baseline=25,
        target=7,
        start=START,
        target_date=TARGET_DATE,
        ends=ends,
    )


def test_week_ends_leave_out_weeks_ending_on_or_before_the_start() -> None:
    # 2026-11-01 is the start itself: the start point stands there, not a one-day week.
    assert week_ends(START, date(2026, 11, 22), 5) == [
        date(2026, 11, 8),
        date(2026, 11, 15),
        date(2026, 11, 22),
    ]
    assert week_ends(START, START, 12) == []


def test_the_drinks_scenario_two_logged_weeks_then_eight_days_without_a_check_in() -> None:
    """3 drinks a day from 11-01 to 11-14, then nothing up to 11-22."""
    readings = days(START, date(2026, 11, 14), 3)
    weeks = drinks(week_ends(START, date(2026, 11, 22), 12), readings)
    # 11-02..11-08: 7 days of 3 = 21 (11-01 belongs to no drawn week: it is the start point)
    # 11-09..11-15: 6 days known (11-15 is not) = 18, complete (5 or more)
    # 11-16..11-22: nothing known: no level at all, never 0
    assert [(w.level, w.days_known, w.days_counted, w.complete) for w in weeks] == [
        (21.0, 7, 7, True),
        (18.0, 6, 7, True),
        (None, 0, 7, False),
    ]
    # The road: 25 − 18 · elapsed/90 at 7, 14 and 21 days.
    assert [round(w.expected, 2) for w in weeks] == [23.6, 22.2, 20.8]
    assert weeks[-1].start == date(2026, 11, 16)


def test_a_known_zero_counts_and_four_known_days_are_incomplete() -> None:
    readings = [(date(2026, 11, day), 0.0) for day in (16, 17, 18, 19, 20)]
    (full,) = drinks([date(2026, 11, 22)], readings)
    assert (full.level, full.days_known, full.complete) == (0.0, 5, True)
    (short,) = drinks([date(2026, 11, 22)], readings[:4])
    assert (short.level, short.days_known, short.complete) == (0.0, 4, False)


def test_two_check_ins_on_one_day_are_one_known_day() -> None:
    readings = [(date(2026, 11, 20), 2.0), (date(2026, 11, 20), 1.0)]
    (week,) = drinks([date(2026, 11, 22)], readings)
    assert (week.level, week.days_known) == (3.0, 1)


def test_days_before_the_start_are_neither_counted_nor_missing() -> None:
    """A week ending 11-04 holds 10-29..11-04: only 11-01..11-04 count, and a value logged on
    10-30 (before the start) is left out of the level."""
    readings = [(date(2026, 10, 30), 9.0), *days(START, date(2026, 11, 4), 1)]
    (week,) = drinks([date(2026, 11, 4)], readings)
    assert (week.level, week.days_known, week.days_counted) == (4.0, 4, 4)
    assert week.start == date(2026, 10, 29)
    assert not week.complete  # 4 known days: fewer than 5, however few were possible


def test_a_reading_goal_before_its_first_reading_is_a_gap_and_a_stale_level_incomplete() -> None:
    """Anxiety 7 → 3; one reading of 5 on 11-03."""
    ends = [date(2026, 11, 2), date(2026, 11, 9), date(2026, 12, 7)]
    weeks = weekly_series(
        "reading",
        [(date(2026, 11, 3), 5.0)],
        baseline=7,
        target=3,
        start=START,
        target_date=TARGET_DATE,
        ends=ends,
    )
    # 11-02: no reading yet (the baseline is the start point, not a measurement)
    # 11-09: the one reading, in the 28 days ending 11-09; 12-07: 34 days on, stale
    assert [(w.level, w.days_known, w.complete) for w in weeks] == [
        (None, 0, False),
        (5.0, 1, True),
        (5.0, 0, False),
    ]


def test_a_chart_reaches_the_start_when_no_week_between_was_left_out() -> None:
    assert reaches_start(date(2026, 11, 2), START)  # the week ending 11-08
    assert reaches_start(date(2026, 10, 29), START)
    assert not reaches_start(date(2026, 11, 9), START)


def test_known_words() -> None:
    assert known_words(3, 7) == "3 of 7 days logged"
    assert known_words(2, 4) == "2 of 4 days since the start logged"
    assert known_words(0, 1) == "0 of 1 day since the start logged"


def test_a_reading_goals_weeks_take_the_level_from_the_28_days_or_the_latest_before() -> None:
    """Readings in any order; each week's level is the mean of the latest 3 values in the 28
    days ending on it, or the latest value before those days (stale), as core.progress.level."""

    def day(n: int) -> date:
        return START + timedelta(days=n)

    readings = [(day(40), 5.0), (day(2), 9.0), (day(10), 3.0), (day(11), 4.0), (day(12), 8.0)]
    series = weekly_series(
        "reading",
        readings,
        baseline=0,
        target=10,
        start=START,
        target_date=TARGET_DATE,
        ends=[day(14), day(42), day(70), day(100)],
    )
    # Day 14: days 2, 10, 11, 12 in its 28 days; the latest 3: (3 + 4 + 8) / 3 = 5.
    # Day 42: days 15-42 hold day 40 only: 5. Day 70: days 43-70 hold none: day 40's 5,
    # stale, so incomplete. Day 100: the same.
    assert [(week.level, week.complete, week.days_known) for week in series] == [
        (5.0, True, 3),
        (5.0, True, 1),
        (5.0, False, 0),
        (5.0, False, 0),
    ]
