"""Tests for goalcli.core.progress (levels, habit, trends, review_scores, mood): hand-computed values, boundaries and properties."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goalcli.core.progress import habit
from goalcli.core.progress.habit import (
    STRENGTH_HORIZON_DAYS,
    Rhythm,
    counting_window,
    format_frequency,
    parse_frequency,
    parse_rhythm,
    rhythm_multiplier,
    rhythm_streak,
    rhythm_strength,
    streak,
    strength_first_day,
)
from goalcli.core.progress.levels import (
    UNKNOWN,
    Kind,
    Level,
    Standing,
    can_be_achieved,
    days_logged_words,
    direction,
    expected_progress,
    is_starting,
    judged_status,
    level,
    level_words,
    progress,
    standing,
    status,
    status_words,
    unusual_value,
    unusual_words,
)
from goalcli.core.progress.mood import (
    mood_average,
)
from goalcli.core.progress.review_scores import (
    GBO_MEANINGFUL_CHANGE,
    gas_t_score,
    gbo_change,
    gbo_deteriorated,
    gbo_meaningful,
)
from goalcli.core.progress.trends import (
    Trend,
    theil_sen,
    trend,
    week_levels,
    weekly_totals,
)
from goalcli.errors import InputError

D0 = date(2024, 1, 1)


def day(n: int) -> date:
    return D0 + timedelta(days=n)


# --- direction and progress -------------------------------------------------


def test_direction() -> None:
    assert direction(2, 10) == "increase"
    assert direction(6, 1) == "decrease"


def test_progress_increasing() -> None:
    # (7 − 2) / (12 − 2) = 0.5
    assert progress(2, 12, 7) == pytest.approx(0.5)


def test_progress_decreasing_goal() -> None:
    # 6 episodes a week → 1; now 3: (3 − 6) / (1 − 6) = −3 / −5 = 0.6
    assert direction(6, 1) == "decrease"
    assert progress(6, 1, 3) == pytest.approx(0.6)


def test_progress_is_not_clamped() -> None:
    assert progress(0, 10, 15) == pytest.approx(1.5)
    assert progress(0, 10, -5) == pytest.approx(-0.5)
    # Decreasing goal that got worse: (8 − 6) / (1 − 6) = −0.4
    assert progress(6, 1, 8) == pytest.approx(-0.4)


def test_progress_total_when_target_equals_baseline() -> None:
    assert progress(5, 5, 5) == 1.0
    assert progress(5, 5, 4) == 0.0


# --- expected progress -------------------------------------------------------


def test_expected_progress_midway() -> None:
    # 5 of 20 days gone
    assert expected_progress(day(0), day(20), day(5)) == pytest.approx(0.25)


def test_expected_progress_clamped() -> None:
    assert expected_progress(day(0), day(20), day(-3)) == 0.0
    assert expected_progress(day(0), day(20), day(0)) == 0.0
    assert expected_progress(day(0), day(20), day(20)) == 1.0
    assert expected_progress(day(0), day(20), day(45)) == 1.0


def test_expected_progress_degenerate_dates() -> None:
    assert expected_progress(day(5), day(5), day(0)) == 1.0
    assert expected_progress(day(5), day(2), day(3)) == 1.0


# --- status ------------------------------------------------------------------


TARGET = day(30)
TODAY = day(10)


def test_status_exactly_margin_above_is_ahead() -> None:
    assert status(0.6, 0.5, TARGET, TODAY) == "ahead"


def test_status_float_fuzz_counts_as_ahead() -> None:
    # 0.2 + 0.1 == 0.30000000000000004 in floats, so 0.3 would miss without epsilon.
    assert 0.2 + 0.1 > 0.3
    assert status(0.3, 0.2, TARGET, TODAY) == "ahead"
    assert status(0.2 + 0.1, 0.2, TARGET, TODAY) == "ahead"


def test_status_just_below_ahead_is_on_track() -> None:
    assert status(0.6 - 1e-6, 0.5, TARGET, TODAY) == "on track"


def test_status_exactly_margin_below_is_on_track() -> None:
    assert status(0.4, 0.5, TARGET, TODAY) == "on track"
    assert status(0.7 - 0.1, 0.7, TARGET, TODAY) == "on track"
    assert status(0.6, 0.7, TARGET, TODAY) == "on track"


def test_status_just_below_lower_margin_is_behind() -> None:
    assert status(0.4 - 1e-6, 0.5, TARGET, TODAY) == "behind"
    assert status(0.0, 0.9, TARGET, TODAY) == "behind"


def test_status_on_track_when_equal() -> None:
    assert status(0.5, 0.5, TARGET, TODAY) == "on track"


def test_status_achieved_even_when_overdue() -> None:
    assert status(1.0, 1.0, TARGET, day(40)) == "achieved"
    assert status(1.3, 0.2, TARGET, TODAY) == "achieved"


def test_status_overdue() -> None:
    assert status(0.95, 1.0, TARGET, day(31)) == "overdue"
    # On the target date itself it is not yet overdue.
    assert status(0.95, 1.0, TARGET, TARGET) == "on track"


# --- streak ------------------------------------------------------------------


def test_streak_ending_today() -> None:
    assert streak({day(8), day(9), day(10)}, day(10)) == 3


def test_streak_ending_yesterday() -> None:
    assert streak({day(7), day(8), day(9)}, day(10)) == 3


def test_streak_with_gap() -> None:
    assert streak({day(5), day(6), day(8), day(9), day(10)}, day(10)) == 3


def test_streak_none() -> None:
    assert streak(set(), day(10)) == 0
    assert streak({day(5), day(8)}, day(10)) == 0


def test_streak_accepts_any_collection() -> None:
    assert streak([day(9), day(10), day(10)], day(10)) == 2


# --- mood average ------------------------------------------------------------


def test_mood_average_window_boundaries() -> None:
    # 7 days ending 10 Jan = 4..10 Jan; 3 Jan and 11 Jan fall outside.
    moods = {day(2): 10.0, day(3): 4.0, day(9): 7.0, day(10): 1.0}
    assert mood_average(moods, day(9), 7) == 5.5


def test_mood_average_rounds_to_one_decimal() -> None:
    # (5 + 6 + 6) / 3 = 5.666… → 5.7
    assert mood_average({day(0): 5, day(1): 6, day(2): 6}, day(2), 3) == 5.7


def test_mood_average_none_when_empty() -> None:
    assert mood_average({}, day(9), 7) is None
    assert mood_average({day(0): 5.0}, day(9), 7) is None


def test_mood_average_single_day() -> None:
    assert mood_average({day(8): 3.0, day(9): 8.0}, day(9), 1) == 8.0


def test_mood_average_refuses_nonpositive_days() -> None:
    with pytest.raises(InputError):
        mood_average({}, day(9), 0)


# --- GAS ---------------------------------------------------------------------


def test_gas_hand_computed() -> None:
    # (+1, w=2), (−1, w=1), (0, w=3), (+2, w=1):
    # Σwx = 2 − 1 + 0 + 2 = 3; Σw² = 4 + 1 + 9 + 1 = 15; Σw = 7
    # T = 50 + 10·3 / √(0.7·15 + 0.3·49) = 50 + 30 / √(10.5 + 14.7) = 50 + 30 / √25.2
    #   ≈ 50 + 30 / 5.01996 ≈ 55.976
    score = gas_t_score([(1, 2), (-1, 1), (0, 3), (2, 1)])
    assert score == pytest.approx(55.976143, abs=1e-6)


def test_gas_all_zero_is_exactly_50() -> None:
    assert gas_t_score([(0, 1), (0, 2.5), (0, 3)]) == 50.0


def test_gas_single_goal_at_plus_two() -> None:
    # 50 + 10·2 / √(0.7·1 + 0.3·1) = 50 + 20 / 1 = 70
    assert gas_t_score([(2, 1)]) == pytest.approx(70.0)
    assert gas_t_score([(-2, 1)]) == pytest.approx(30.0)


def test_gas_empty_is_none() -> None:
    assert gas_t_score([]) is None


@pytest.mark.parametrize(
    "ratings",
    [[(3, 1)], [(-3, 1)], [(1, 0.5)], [(1, math.nan)], [(1, math.inf)], [(True, 1)], [(1.5, 1)]],
)
def test_gas_refuses_bad_levels_and_weights(ratings: list[tuple[int, float]]) -> None:
    with pytest.raises(InputError):
        gas_t_score(ratings)


# --- GBO ---------------------------------------------------------------------


def test_gbo_change() -> None:
    assert gbo_change([]) is None
    assert gbo_change([4]) == 0
    assert gbo_change([2, 7, 5]) == 3
    assert gbo_change([8, 4]) == -4


def test_gbo_meaningful_threshold() -> None:
    assert GBO_MEANINGFUL_CHANGE == 3
    assert gbo_meaningful(3)
    assert gbo_meaningful(5)
    assert not gbo_meaningful(2)
    assert not gbo_meaningful(-4)
    assert not gbo_meaningful(None)


def test_gbo_deteriorated_threshold() -> None:
    assert gbo_deteriorated(-3)
    assert not gbo_deteriorated(-2)
    assert not gbo_deteriorated(3)
    assert not gbo_deteriorated(None)


def test_gbo_refuses_out_of_range() -> None:
    with pytest.raises(InputError):
        gbo_change([5, 11])
    with pytest.raises(InputError):
        gbo_change([-1])


# --- habit strength in the goal's rhythm (Loop Habit Tracker) -------------------

DAILY: Rhythm = (1, 1)
THREE_A_WEEK: Rhythm = (3, 7)
WEEKLY: Rhythm = (1, 7)


def naive_strength(checkins: set[date], start: date, as_of: date, rhythm: Rhythm) -> float:
    """Reference: the published recurrence over every day since start, counting k directly."""
    num, den = rhythm
    if num < den:
        num, den = 2 * num, 2 * den
    m = 0.5 ** (math.sqrt(rhythm[0] / rhythm[1]) / 13)
    score = 0.0
    d = start
    while d <= as_of:
        k = sum(1 for back in range(den) if d - timedelta(days=back) in checkins)
        score = score * m + min(1.0, k / num) * (1 - m)
        d += timedelta(days=1)
    return score


@pytest.mark.parametrize(
    ("text", "rhythm"),
    [("daily", (1, 1)), ("7 per week", (1, 1)), ("3 per week", (3, 7)), ("weekly", (1, 7))],
)
def test_parse_rhythm(text: str, rhythm: Rhythm) -> None:
    assert parse_rhythm(text) == rhythm


def test_rhythm_multiplier_and_counting_window() -> None:
    # Daily: 0.5 ** (1 / 13) ≈ 0.948078; 3 per week: 0.5 ** (√(3/7) / 13) ≈ 0.965697;
    # weekly: 0.5 ** (√(1/7) / 13) ≈ 0.980049
    assert rhythm_multiplier(DAILY) == pytest.approx(0.948078, abs=1e-6)
    assert rhythm_multiplier(THREE_A_WEEK) == pytest.approx(0.965697, abs=1e-6)
    assert rhythm_multiplier(WEEKLY) == pytest.approx(0.980049, abs=1e-6)
    # Slower than daily: the window doubles, so one missed week is not a broken habit.
    assert counting_window(DAILY) == (1, 1)
    assert counting_window(THREE_A_WEEK) == (6, 14)
    assert counting_window(WEEKLY) == (2, 14)


def test_horizon_is_long_enough_for_weekly() -> None:
    assert rhythm_multiplier(WEEKLY) ** STRENGTH_HORIZON_DAYS < 1e-6


def test_strength_30_daily_checkins() -> None:
    # Each check-in day: s ← s·m + (1 − m); from 0 that gives 1 − m^n after n days.
    # m = 2^(−1/13); m^30 = 2^(−30/13) ≈ 0.20198 → strength ≈ 0.79802
    checkins = {day(n) for n in range(30)}
    assert rhythm_strength(checkins, day(0), day(29), DAILY) == pytest.approx(0.798017, abs=1e-6)


def test_strength_daily_with_gap() -> None:
    # Check in, skip, check in: (1 − m)(1 + m²) ≈ 0.051922 · 1.898851 ≈ 0.098593
    result = rhythm_strength({day(0), day(2)}, day(0), day(2), DAILY)
    assert result == pytest.approx(0.098593, abs=1e-6)


def test_strength_weekly_goal_checked_in_weekly_for_six_weeks() -> None:
    # Weekly (1/7): num′ = 2, den′ = 14. Check-ins on days 0, 7, ..., 35. Days 0-6 see one
    # check-in in their 14 days (v = ½), every day from 7 on sees two (v = 1). So after 36 days
    # s = ½(1 − m⁷)·m²⁹ + (1 − m²⁹) with m ≈ 0.980049: ≈ 0.065785·0.557 + 0.4426 ≈ 0.479246.
    # Kept every week, the habit climbs as a daily one kept for 12 days would, not to 8%.
    checkins = {day(7 * week) for week in range(6)}
    result = rhythm_strength(checkins, day(0), day(35), WEEKLY)
    assert result == pytest.approx(0.479246, abs=1e-6)
    assert result > 0.4


def test_strength_three_per_week() -> None:
    # Mon/Wed/Fri, 3/7: num′ = 6, den′ = 14; k on days 0..4 is 1, 1, 2, 2, 3, so
    # s = (1 − m)(m⁴/6 + m³/6 + 2m²/6 + 2m/6 + 3/6) with m ≈ 0.965697 ≈ 0.048978
    result = rhythm_strength({day(0), day(2), day(4)}, day(0), day(4), THREE_A_WEEK)
    assert result == pytest.approx(0.048978, abs=1e-6)


def test_strength_zero_before_start_and_without_checkins() -> None:
    assert rhythm_strength({day(0)}, day(5), day(3), DAILY) == 0.0
    assert rhythm_strength(set(), day(0), day(100), WEEKLY) == 0.0


def test_strength_ignores_future_checkins() -> None:
    assert rhythm_strength({day(10)}, day(0), day(5), WEEKLY) == 0.0


@pytest.mark.parametrize("rhythm", [DAILY, THREE_A_WEEK, WEEKLY, (5, 7)])
def test_windowed_strength_matches_naive_over_2000_days(rhythm: Rhythm) -> None:
    rng = random.Random(20240101)
    start, as_of = day(0), day(2100)
    checkins = {day(n) for n in range(2101) if rng.random() < rhythm[0] / rhythm[1]}
    expected = naive_strength(checkins, start, as_of, rhythm)
    assert rhythm_strength(checkins, start, as_of, rhythm) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("rhythm", [DAILY, THREE_A_WEEK, WEEKLY, (5, 7)])
def test_strength_within_the_horizon_is_the_recurrence_to_the_last_bit(rhythm: Rhythm) -> None:
    """Within STRENGTH_HORIZON_DAYS of the start, every day is applied as the published
    recurrence does it, in the same order: the same float, not merely a close one (the report
    rounds it to two places, where a last bit can tip the figure shown)."""
    rng = random.Random(7)
    start, as_of = day(0), day(STRENGTH_HORIZON_DAYS)
    checkins = {day(n) for n in range(-20, 801) if rng.random() < 0.6}
    # Check-ins before the start count in the first days' windows, as in Loop.
    expected = naive_strength(checkins, start, as_of, rhythm)
    assert rhythm_strength(checkins, start, as_of, rhythm) == expected


@pytest.mark.parametrize("rhythm", [DAILY, THREE_A_WEEK, WEEKLY])
def test_strength_needs_only_the_days_from_strength_first_day(rhythm: Rhythm) -> None:
    """What storage reads (check-ins from strength_first_day on) gives the same strength."""
    start, as_of = day(0), day(2500)
    every_other = {day(n) for n in range(0, 2501, 2)}
    first = strength_first_day(start, as_of, rhythm)
    assert first is not None
    assert (as_of - first).days < STRENGTH_HORIZON_DAYS + 14
    recent = {d for d in every_other if d >= first}
    assert rhythm_strength(recent, start, as_of, rhythm) == rhythm_strength(
        every_other, start, as_of, rhythm
    )
    assert strength_first_day(day(10), day(9), rhythm) is None
    assert strength_first_day(day(10), day(12), rhythm) == day(10) - timedelta(
        days=counting_window(rhythm)[1] - 1
    )


def test_strength_cost_does_not_grow_with_history() -> None:
    # Millions of days since start; visiting each would be slow, the window is not.
    result = rhythm_strength({date(9999, 12, 31)}, date(1, 1, 1), date(9999, 12, 31), DAILY)
    assert result == pytest.approx(1 - rhythm_multiplier(DAILY))


@given(
    offsets=st.sets(st.integers(min_value=-50, max_value=400), max_size=300),
    span=st.integers(min_value=-5, max_value=400),
    per_week=st.integers(min_value=1, max_value=7),
)
def test_strength_always_within_unit_interval(offsets: set[int], span: int, per_week: int) -> None:
    rhythm: Rhythm = (1, 1) if per_week == 7 else (per_week, 7)
    result = rhythm_strength({day(n) for n in offsets}, day(0), day(span), rhythm)
    assert 0.0 <= result <= 1.0


# --- streaks in the goal's rhythm ------------------------------------------------


def test_daily_streak_counts_days() -> None:
    assert rhythm_streak({day(8), day(9), day(10)}, day(10), DAILY) == (3, "days")
    assert rhythm_streak({day(8), day(9)}, day(10), DAILY) == (2, "days")  # today not yet


def test_weekly_goal_checked_in_weekly_for_six_weeks_has_a_six_week_streak() -> None:
    checkins = {day(7 * week) for week in range(6)}
    # Blocks back from day 35: 29-35, 22-28, 15-21, 8-14, 1-7, -6-0: one check-in each.
    assert rhythm_streak(checkins, day(35), WEEKLY) == (6, "weeks")
    # Six days later the blocks are 35-41, 28-34, ..., 0-6: still six.
    assert rhythm_streak(checkins, day(41), WEEKLY) == (6, "weeks")
    # On day 42 the block 36-42 has none yet: counting starts from 29-35 and reaches back
    # only to −5..1, which holds day 0: six again.
    assert rhythm_streak(checkins, day(42), WEEKLY) == (6, "weeks")
    # On day 49, 43-49 and 36-42 are both empty: the streak is over.
    assert rhythm_streak(checkins, day(49), WEEKLY) == (0, "weeks")


def test_three_per_week_streak_and_a_block_falling_short() -> None:
    checkins = {day(0), day(2), day(4), day(7), day(9), day(11)}
    # 7-13 holds 7, 9, 11; 0-6 holds 0, 2, 4; −7..−1 holds none.
    assert rhythm_streak(checkins, day(13), THREE_A_WEEK) == (2, "weeks")
    # 8-14 holds only 9 and 11 (short of 3): counting starts from 1-7 (2, 4, 7), then −6..0
    # holds only day 0, so the streak is 1 week.
    assert rhythm_streak(checkins, day(14), THREE_A_WEEK) == (1, "weeks")
    # Blocks are counted back from as_of, not calendar weeks: 2-8 holds 2, 4, 7.
    assert rhythm_streak({day(2), day(4), day(7)}, day(8), THREE_A_WEEK) == (1, "weeks")


def test_a_block_falling_short_inside_the_run_ends_it() -> None:
    # 14-20: 14; 7-13: none; 0-6: 0. Only the latest block counts.
    assert rhythm_streak({day(0), day(14)}, day(20), WEEKLY) == (1, "weeks")


def test_streak_so_far_ends_among_the_known_days() -> None:
    # Days 3-10 done, day 2 missing: the run (8 days) ends on known ground.
    done = {day(n) for n in range(3, 11)}
    assert habit.streak_so_far(done, day(10), DAILY, day(1)) == (8, None)
    assert habit.streak_so_far(done, day(10), DAILY) == (8, None)  # everything known
    # Nothing today yet (day 11): counted from yesterday, as rhythm_streak does.
    assert habit.streak_so_far(done, day(11), DAILY, day(1)) == (8, None)
    assert habit.streak_so_far(done, day(12), DAILY, day(1)) == (0, None)


def test_streak_so_far_hands_on_a_daily_run_older_than_the_known_days() -> None:
    # Known from day 5 on, days 5-10 done: 6 days so far; day 4 is block 10 - 4 = 6.
    done = {day(n) for n in range(5, 11)}
    assert habit.streak_so_far(done, day(10), DAILY, day(5)) == (6, 6)
    # Today (day 11) not yet done: the same 6 days, the next block still 7 back from day 11.
    assert habit.streak_so_far(done, day(11), DAILY, day(5)) == (6, 7)
    # Only the as_of day known and not done: nothing so far, go on from yesterday (block 1).
    assert habit.streak_so_far(set(), day(5), DAILY, day(5)) == (0, 1)


def test_streak_so_far_in_weeks() -> None:
    checkins = {day(0), day(2), day(4), day(7), day(9), day(11)}
    # All known: as rhythm_streak (7-13 and 0-6 hold three each; -7..-1 none).
    assert habit.streak_so_far(checkins, day(13), THREE_A_WEEK) == (2, None)
    assert habit.streak_so_far(checkins, day(14), THREE_A_WEEK) == (1, None)
    # Known from day 1: 7-13 is met and wholly known; 0-6 (block 1) is not wholly known.
    assert habit.streak_so_far(checkins, day(13), THREE_A_WEEK, day(1)) == (1, 1)
    # Known from day 0: both blocks known and met, then -7..-1 (block 2) is not known.
    assert habit.streak_so_far(checkins, day(13), THREE_A_WEEK, day(0)) == (2, 2)
    # A block known to fall short ends it there: 8-14 holds 9 and 11 only, so counting starts
    # from 1-7 (2, 4, 7: met), and the block before it (-6..0) is not wholly known from day 0.
    assert habit.streak_so_far(checkins, day(14), THREE_A_WEEK, day(0)) == (1, 2)
    assert habit.streak_so_far({day(0), day(14)}, day(20), WEEKLY, day(0)) == (1, None)


def test_streak_so_far_needs_the_latest_block_known() -> None:
    with pytest.raises(ValueError):
        habit.streak_so_far({day(5)}, day(5), WEEKLY, day(0))
    with pytest.raises(ValueError):
        habit.streak_so_far({day(5)}, day(5), DAILY, day(6))


# --- the level -------------------------------------------------------------------


def test_daily_reading_goal_with_a_bad_day() -> None:
    # Minutes walked 0 → 30: 20, 22, then a bad day of 5, then 21. The level is the mean of
    # the latest three, (22 + 5 + 21) / 3 = 16, not the bad day alone, and not the last value.
    readings = [(day(0), 20.0), (day(1), 22.0), (day(2), 5.0), (day(3), 21.0)]
    assert level("reading", readings, 0, day(3)) == Level(16.0, 3, stale=False)
    # On the bad day itself: (20 + 22 + 5) / 3 ≈ 15.67, not 5.
    assert level("reading", readings, 0, day(2)).value == pytest.approx(47 / 3)
    # The trend through all four: pairwise slopes −17, −7.5, −0.5, ⅓, 2, 16; the median is
    # (−0.5 + ⅓) / 2 = −1/12 a day, −7/12 a week: under 5% of 30 (1.5) a week, so steady.
    got = trend("reading", readings, 0, 30, day(0), day(3))
    assert got == Trend(per_week=pytest.approx(-7 / 12), direction="steady")


def test_decrease_goal_level_progress_and_trend() -> None:
    # Anxiety 7 → 3, rated 6, 5, 4, 4 every other day.
    readings = [(day(0), 6.0), (day(2), 5.0), (day(4), 4.0), (day(6), 4.0)]
    goal_level = level("reading", readings, 7, day(6))
    assert goal_level.value == pytest.approx(13 / 3)
    assert progress(7, 3, goal_level.value) == pytest.approx(2 / 3)  # (4⅓ − 7) / (3 − 7)
    # Slopes −0.5, −0.5, −⅓, −0.5, −0.25, 0: median (−0.5 − ⅓) / 2 = −5/12 a day, −35/12 a
    # week. Down is towards 3, by more than 5% of |3 − 7| = 0.2 a week: improving.
    got = trend("reading", readings, 7, 3, day(0), day(6))
    assert got == Trend(per_week=pytest.approx(-35 / 12), direction="improving")
    rising = [(when, 10 - value) for when, value in readings]  # 4, 5, 6, 6: away from 3
    worse = trend("reading", rising, 7, 3, day(0), day(6))
    assert worse == Trend(per_week=pytest.approx(35 / 12), direction="worsening")


def test_stale_readings() -> None:
    readings = [(day(0), 4.0), (day(1), 6.0)]
    # Day 28 is the last day whose 28-day window (1..28) still holds a reading.
    assert level("reading", readings, 0, day(28)) == Level(6.0, 1, stale=False)
    # From day 29 none is recent: the latest value ever, marked stale.
    assert level("reading", readings, 0, day(29)) == Level(6.0, 1, stale=True)
    # No value at all: the baseline.
    assert level("reading", [], 2, day(29)) == Level(2, 0, stale=False)
    # Readings after as_of are not seen.
    assert level("reading", readings, 0, day(0)) == Level(4.0, 1, stale=False)


def test_weekly_total_logged_per_occurrence() -> None:
    # Invitations accepted, 0 → 3 a week; day 10 holds two occurrences, logged as they came
    # and added up by storage. The level is the 7-day total: days 7..13 hold 1 + 2 + 1 = 4.
    readings = [(day(3), 5.0), (day(8), 1.0), (day(10), 2.0), (day(12), 1.0)]
    goal_level = level("weekly_total", readings, 0, day(13))
    assert goal_level == Level(4.0, 3, stale=False, days_known=3)
    assert progress(0, 3, goal_level.value) == pytest.approx(4 / 3)
    status_now = judged_status(
        "weekly_total",
        goal_level,
        4 / 3,
        expected_progress(day(0), day(90), day(13)),
        day(0),
        day(90),
        day(13),
    )
    assert status_now == "achieved"
    # A week with nothing logged has level 0, not the last value.
    assert level("weekly_total", readings, 0, day(20)) == Level(0.0, 0, False, days_known=0)


def test_the_first_week_of_a_weekly_total_is_starting() -> None:
    # as_of − start < 6: the 7 days ending as_of reach back before the start.
    assert is_starting("weekly_total", day(0), day(5))
    assert not is_starting("weekly_total", day(0), day(6))
    assert not is_starting("reading", day(0), day(0))
    first_days = level("weekly_total", [(day(0), 5.0)], 0, day(2))
    assert judged_status("weekly_total", first_days, 5 / 3, 0.02, day(0), day(90), day(2)) == (
        "starting"
    )
    full_week = level("weekly_total", [(day(0), 5.0)], 0, day(6))
    assert can_be_achieved("weekly_total", full_week, day(0), day(6))
    assert judged_status("weekly_total", full_week, 5 / 3, 0.07, day(0), day(90), day(6)) == (
        "achieved"
    )


def test_achieved_needs_three_readings() -> None:
    # Two lucky readings at the target are judged as not yet achieved: ahead on the road...
    two = level("reading", [(day(0), 30.0), (day(1), 30.0)], 0, day(1))
    assert not can_be_achieved("reading", two, day(0), day(1))
    assert judged_status("reading", two, 1.0, 0.1, day(0), day(10), day(1)) == "ahead"
    # ...or overdue past the target date.
    assert judged_status("reading", two, 1.0, 1.0, day(0), day(10), day(12)) == "overdue"
    three = level("reading", [(day(0), 30.0), (day(1), 30.0), (day(2), 30.0)], 0, day(2))
    assert judged_status("reading", three, 1.0, 0.2, day(0), day(10), day(2)) == "achieved"
    # Below the target the rule changes nothing.
    assert judged_status("reading", two, 0.1, 0.5, day(0), day(10), day(5)) == "behind"


# --- trend -------------------------------------------------------------------------


def test_theil_sen_with_an_outlier() -> None:
    # y = x but for one wild point. Pairwise slopes: 1, 1, −20/3, 1, 1, −10.5, 1, −22, 1, 24;
    # sorted, the middle two are 1 and 1: the outlier cannot move the median off 1.
    points = [(0.0, 0.0), (1.0, 1.0), (2.0, 2.0), (3.0, -20.0), (4.0, 4.0)]
    assert theil_sen(points) == 1.0
    assert theil_sen([(0.0, 1.0), (2.0, 5.0), (4.0, 7.0)]) == 1.5  # slopes 2, 1.5, 1
    assert theil_sen([(1.0, 1.0)]) is None
    assert theil_sen([(1.0, 1.0), (1.0, 2.0)]) is None  # no pair with different x


def test_reading_trend_needs_four_readings_in_28_days() -> None:
    readings = [(day(0), 1.0), (day(30), 2.0), (day(31), 3.0), (day(32), 4.0)]
    assert trend("reading", readings, 0, 10, day(0), day(32)) is None  # day 0 is too old
    more = [*readings, (day(33), 5.0)]
    assert trend("reading", more, 0, 10, day(0), day(33)) == Trend(7.0, "improving")


def test_weekly_total_trend_over_four_weeks() -> None:
    # Totals of the 7-day blocks ending day 27, oldest first: 1, 2, 2, 4.
    readings = [(day(0), 1.0), (day(7), 2.0), (day(14), 1.0), (day(20), 1.0), (day(21), 4.0)]
    assert weekly_totals(readings, day(27), 4) == [1.0, 2.0, 2.0, 4.0]
    # Slopes 1, 0.5, 1, 0, 1, 2: median 1 a week; 5% of |3 − 0| is 0.15: improving.
    assert trend("weekly_total", readings, 0, 3, day(0), day(27)) == Trend(1.0, "improving")
    # For panic episodes 3 → 0 a week these weeks say nothing: each has 1 or 2 known days, and
    # a goal to lower something draws no trend through incomplete weeks (see below).
    assert trend("weekly_total", readings, 3, 0, day(0), day(27)) is None
    # The same rise with every day known (zeros on the other days) is worsening.
    zeros = [(day(n), 0.0) for n in range(28) if n not in {0, 7, 14, 20, 21}]
    assert trend("weekly_total", readings + zeros, 3, 0, day(0), day(27)) == Trend(1.0, "worsening")
    # Before four whole weeks since the start there are too few totals.
    assert trend("weekly_total", readings, 0, 3, day(0), day(26)) is None


def test_flat_trend_is_steady() -> None:
    readings = [(day(n), 5.0) for n in range(4)]
    assert trend("reading", readings, 0, 10, day(0), day(3)) == Trend(0.0, "steady")


# --- frequency ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "per_day"),
    [
        ("daily", 1.0),
        ("Daily ", 1.0),
        ("weekly", 1 / 7),
        ("3 per week", 3 / 7),
        ("3/week", 3 / 7),
        ("3 / week", 3 / 7),
        ("3 times a week", 3 / 7),
        ("1 time a week", 1 / 7),
        ("7 per week", 1.0),
    ],
)
def test_parse_frequency(text: str, per_day: float) -> None:
    assert parse_frequency(text) == pytest.approx(per_day)


@pytest.mark.parametrize(
    "text",
    ["", "often", "0 per week", "8 per week", "3 per month", "-2 per week", "3 per", "x/week"],
)
def test_parse_frequency_refuses_garbage(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_frequency(text)
    assert f"'{text}'" in str(caught.value)


def test_format_frequency_round_trips() -> None:
    assert format_frequency(1.0) == "daily"
    assert format_frequency(3 / 7) == "3 per week"
    assert format_frequency(1 / 7) == "weekly"
    for text in ["daily", "weekly", "2 per week", "5 per week"]:
        assert format_frequency(parse_frequency(text)) == text


# --- properties ----------------------------------------------------------------


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(baseline=finite, target=finite)
def test_progress_endpoints(baseline: float, target: float) -> None:
    if baseline == target:
        return
    assert progress(baseline, target, baseline) == 0
    assert progress(baseline, target, target) == 1


@given(baseline=finite, target=finite, a=finite, b=finite)
def test_progress_monotone_in_goal_direction(
    baseline: float, target: float, a: float, b: float
) -> None:
    if baseline == target:
        return
    low, high = min(a, b), max(a, b)
    if direction(baseline, target) == "increase":
        assert progress(baseline, target, low) <= progress(baseline, target, high)
    else:
        assert progress(baseline, target, low) >= progress(baseline, target, high)


# --- an unlogged day is unknown, never zero (issue 23) ----------------------------------


def drinks(as_of: date, readings: list[tuple[date, float]]) -> Standing:
    """Drinks a week, 25 → 7, started on day 0, target on day 90."""
    return standing("weekly_total", readings, 25, 7, day(0), day(90), as_of)


def test_eight_days_without_a_check_in_is_not_enough_check_ins() -> None:
    # Two weeks logged (days 0..13, 1 drink a day), then nothing until day 21: the 7 days
    # ending day 21 (15..21) hold no known day. Their sum, 0, would be progress (0 − 25) /
    # (7 − 25) = 139%: "achieved". It is unknown instead, and says why.
    logged = [(day(n), 1.0) for n in range(14)]
    judged = drinks(day(21), logged)
    assert judged.level == Level(0.0, 0, stale=False, days_known=0, days_counted=7)
    assert not judged.complete
    assert judged.status == UNKNOWN == "unknown"
    assert status_words(judged.status) == "not enough check-ins"
    assert judged.progress == pytest.approx(25 / 18)  # kept: an upper bound, never shown
    assert not judged.judged
    assert not judged.at_least
    assert level_words("weekly_total", "decrease", "0 drinks", 0, 7) == (
        "last 7 days: 0 of 7 days logged"
    )


def test_a_week_of_known_zeros_is_achieved() -> None:
    logged = [(day(n), 1.0) for n in range(14)] + [(day(n), 0.0) for n in range(15, 22)]
    judged = drinks(day(21), logged)
    assert judged.level == Level(0.0, 7, stale=False, days_known=7, days_counted=7)
    assert judged.status == "achieved"
    assert judged.judged
    assert level_words("weekly_total", "decrease", "0 drinks", 7, 7) == "last 7 days: 0 drinks"


def test_five_known_days_make_a_complete_week_four_do_not() -> None:
    # Days 15..19 known (2 drinks each: 10), days 20 and 21 missing: 2 missing, complete.
    five = [(day(n), 2.0) for n in range(15, 20)]
    judged = drinks(day(21), five)
    assert (judged.level.value, judged.days_known, judged.complete) == (10.0, 5, True)
    # (10 − 25) / (7 − 25) = 5/6; the road on day 21 is 21/90 = 0.233: ahead.
    assert judged.progress == pytest.approx(5 / 6)
    assert judged.status == "ahead"
    assert level_words("weekly_total", "decrease", "10 drinks", 5, 7) == (
        "last 7 days: 10 drinks (5 of 7 days logged)"
    )
    four = five[1:]  # days 16..19: 8 drinks on 4 known days, 3 missing
    thin = drinks(day(21), four)
    assert (thin.level.value, thin.days_known, thin.complete) == (8.0, 4, False)
    assert thin.status == "unknown"
    assert level_words("weekly_total", "decrease", "8 drinks", 4, 7) == (
        "last 7 days: only 4 of 7 days logged (8 drinks on those)"
    )
    # Even a logged total already above the road is "unknown", as the issue words it.
    heavy = drinks(day(21), [(day(n), 9.0) for n in range(17, 20)])
    assert heavy.status == "unknown"


def test_a_goal_to_raise_something_is_judged_on_its_lower_bound() -> None:
    # Walks 0 → 3 a week, logged only when they happen: 2 walks on 2 of the 7 days ending day 21.
    readings = [(day(16), 1.0), (day(19), 1.0)]
    judged = standing("weekly_total", readings, 0, 3, day(0), day(90), day(21))
    assert (judged.level.value, judged.days_known, judged.complete) == (2.0, 2, False)
    # Judged as today: 2/3 against a road of 21/90 = 0.233, ahead by more than 0.10.
    assert judged.progress == pytest.approx(2 / 3)
    assert judged.status == "ahead"
    assert judged.at_least and judged.judged
    assert level_words("weekly_total", "increase", "2 walks", 2, 7) == (
        "last 7 days: at least 2 walks (2 of 7 days logged)"
    )
    # A lower bound that reaches the target is truly achieved.
    many = [(day(n), 1.0) for n in (15, 17, 19)]
    assert standing("weekly_total", many, 0, 3, day(0), day(90), day(21)).status == "achieved"


def test_days_before_the_start_are_not_missing() -> None:
    # Started day 10; on day 12 the 7 days ending then reach back to day 6: only 10..12 count.
    readings = [(day(10), 3.0), (day(12), 0.0)]
    goal_level = level("weekly_total", readings, 25, day(12), day(10))
    assert goal_level == Level(3.0, 2, stale=False, days_known=2, days_counted=3)
    assert goal_level.complete  # one day of the three missing
    judged = standing("weekly_total", readings, 25, 7, day(10), day(90), day(12))
    # The first week is "starting", and for a goal to lower something its part-week total is
    # no figure of progress ("154% of the way" on the first day).
    assert judged.status == "starting"
    assert not judged.judged
    assert days_logged_words(2, 3) == "2 of 3 days logged"
    assert days_logged_words(1, 1) == "1 of 1 day logged"
    # Nothing logged before the start day either: 0 of 1.
    assert level("weekly_total", [], 25, day(10), day(10)) == Level(
        0.0, 0, stale=False, days_known=0, days_counted=1
    )


def test_a_stale_level_of_a_decrease_goal_is_unknown() -> None:
    # Anxiety 7 → 3: three readings of 3 on days 0..2, none since; on day 40 the level is stale.
    readings = [(day(n), 3.0) for n in range(3)]
    stale = standing("reading", readings, 7, 3, day(0), day(90), day(40))
    assert stale.level.stale and not stale.complete
    assert stale.status == "unknown"
    assert stale.days_known is None
    # A goal to raise something keeps its stale verdict as before.
    raised = standing(
        "reading", [(day(n), 30.0) for n in range(3)], 0, 30, day(0), day(90), day(40)
    )
    assert raised.status == "ahead"  # 1 judged as not achieved: one stale value, not 3 readings
    # A reading goal's level words are unchanged.
    assert level_words("reading", "decrease", "4", None, 7) == "level 4"


def test_a_decrease_goal_trend_leaves_out_incomplete_weeks() -> None:
    # Drinks 25 → 7 from day 0; four weeks ending day 27. Weeks 1, 3 and 4 are fully known
    # (totals 21, 14 and 7, one value a day); week 2 (days 7..13) holds only day 7 with 1.
    week_1 = [(day(n), 3.0) for n in range(7)]
    week_3 = [(day(n), 2.0) for n in range(14, 21)]
    week_4 = [(day(n), 1.0) for n in range(21, 28)]
    readings = [*week_1, (day(7), 1.0), *week_3, *week_4]
    levels = week_levels(readings, day(27), 4, day(0))
    assert [(weekly.value, weekly.days_known, weekly.complete) for weekly in levels] == [
        (21.0, 7, True),
        (1.0, 1, False),
        (14.0, 7, True),
        (7.0, 7, True),
    ]
    # Points (0, 21), (2, 14), (3, 7): slopes −3.5, −14/3, −7; the median −14/3 a week, down
    # towards 7 by more than 5% of 18 = 0.9: improving.
    got = trend("weekly_total", readings, 25, 7, day(0), day(27))
    assert got == Trend(per_week=pytest.approx(-14 / 3), direction="improving")
    # A goal to raise something keeps the incomplete week as its lower bound: points 21, 1,
    # 14, 7 give slopes −20, −3.5, −14/3, 13, 3, −7, median (−14/3 − 3.5) / 2 = −49/12.
    raised = trend("weekly_total", readings, 0, 30, day(0), day(27))
    assert raised == Trend(per_week=pytest.approx(-49 / 12), direction="worsening")
    # With only one complete week left there is no trend.
    assert trend("weekly_total", [*week_1, (day(7), 1.0)], 25, 7, day(0), day(27)) is None


@pytest.mark.parametrize(
    ("kind", "baseline", "target", "value", "unusual"),
    [
        ("weekly_total", 1, 3, 11, True),  # 11 walks in a day: more than 3 × 3
        ("weekly_total", 1, 3, 9, False),  # exactly 3 × 3 is not more
        ("weekly_total", 25, 7, 76, True),  # drinks: more than 3 × 25
        ("weekly_total", 25, 7, 75, False),
        ("weekly_total", 1, 3, -1, True),  # a count below 0
        ("weekly_total", 1, 3, 0, False),  # none today
        ("reading", 7, 3, 22, True),  # anxiety rated 22 on a 7 → 3 goal
        ("reading", 7, 3, 21, False),
        ("reading", 0, 30, -5, True),  # minutes walked below 0: the scale counts from 0
        ("reading", -5, 0, -7, False),  # a scale that goes below 0 is no count
        ("reading", -5, -1, 4, False),  # nothing above 0 to compare with: no upper rule
    ],
)
def test_unusual_value(
    kind: Kind, baseline: float, target: float, value: float, unusual: bool
) -> None:
    assert unusual_value(kind, baseline, target, value) is unusual


def test_unusual_words() -> None:
    assert unusual_words("weekly_total", "11 walks") == "11 walks in one day"
    assert unusual_words("reading", "300 minutes") == "300 minutes"


def test_status_words_say_only_unknown_differently() -> None:
    assert status_words("unknown") == "not enough check-ins"
    assert [status_words(word) for word in ("on track", "behind", "achieved")] == [
        "on track",
        "behind",
        "achieved",
    ]


# --- excused days (issue 28): Loop's skip freezes the score -----------------------------------

_D0 = date(2026, 11, 2)
_DAILY_M = 0.5 ** (1 / 13)  # Loop's multiplier for a daily habit: 0.5 ** (√1 / 13)


def _day(n: int) -> date:
    return _D0 + timedelta(days=n)


def test_an_excused_day_freezes_habit_strength() -> None:
    m = _DAILY_M
    # Day 0 done: (1 − m); day 1 done: (1 − m)·m + (1 − m) = 1 − m²; day 2 excused: stays.
    frozen = habit.rhythm_strength([_day(0), _day(1)], _D0, _day(2), (1, 1), [_day(2)])
    assert frozen == pytest.approx(1 - m**2)
    # Not excused, day 2 is a miss and the score decays: (1 − m²)·m.
    missed = habit.rhythm_strength([_day(0), _day(1)], _D0, _day(2), (1, 1))
    assert missed == pytest.approx((1 - m**2) * m)


def test_an_excused_day_between_check_ins_neither_rises_nor_decays() -> None:
    m = _DAILY_M
    # Day 0: 1 − m; day 1 excused: 1 − m; day 2: (1 − m)·m + (1 − m) = 1 − m².
    strength = habit.rhythm_strength([_day(0), _day(2)], _D0, _day(2), (1, 1), [_day(1)])
    assert strength == pytest.approx(1 - m**2)


def test_a_check_in_on_an_excused_day_counts_as_done() -> None:
    both = habit.rhythm_strength([_day(0)], _D0, _day(0), (1, 1), [_day(0)])
    assert both == pytest.approx(1 - _DAILY_M)


def test_an_excused_day_does_not_break_a_streak() -> None:
    days = [_day(0), _day(1), _day(3)]
    assert habit.streak(days, _day(3)) == 1
    assert habit.streak(days, _day(3), [_day(2)]) == 3  # two days and one, the ill day between
    # Today excused: the streak so far stands.
    assert habit.streak([_day(0), _day(1)], _day(2), [_day(2)]) == 2
    # Excused days alone are no streak.
    assert habit.streak([], _day(2), [_day(1), _day(2)]) == 0
