"""Tests for goalcli.core.progress: hand-computed values, boundaries and properties."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goalcli.core.progress import (
    GBO_MEANINGFUL_CHANGE,
    STRENGTH_HORIZON_DAYS,
    GoalStanding,
    direction,
    expected_progress,
    format_frequency,
    gas_t_score,
    gbo_change,
    gbo_deteriorated,
    gbo_meaningful,
    habit_multiplier,
    habit_strength,
    mood_average,
    parse_frequency,
    progress,
    standing,
    status,
    streak,
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


def test_standing_decreasing_goal() -> None:
    # 6 → 1 over 20 days; on day 10 current is 3: progress 0.6, expected 0.5.
    result = standing(6, 1, 3, day(0), day(20), day(10))
    assert result == GoalStanding(
        progress=pytest.approx(0.6),
        expected_progress=0.5,
        status="ahead",
        direction="decrease",
        days_left=10,
    )


def test_standing_days_left_negative_when_overdue() -> None:
    result = standing(0, 10, 4, day(0), day(20), day(25))
    assert result.days_left == -5
    assert result.status == "overdue"
    assert result.direction == "increase"


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


# --- habit strength ----------------------------------------------------------


def naive_strength(checkins: set[date], start: date, as_of: date, per_day: float) -> float:
    """Reference: the published recurrence over every day since start."""
    m = habit_multiplier(per_day)
    score = 0.0
    d = start
    while d <= as_of:
        score = score * m + (1.0 if d in checkins else 0.0) * (1 - m)
        d += timedelta(days=1)
    return score


def test_habit_multiplier_values() -> None:
    # Daily: 0.5 ** (1 / 13) ≈ 0.948078
    assert habit_multiplier(1.0) == pytest.approx(0.948078, abs=1e-6)
    # 3 per week: 0.5 ** (√(3/7) / 13) ≈ 0.965697
    assert habit_multiplier(3 / 7) == pytest.approx(0.965697, abs=1e-6)
    with pytest.raises(InputError):
        habit_multiplier(0)


def test_horizon_is_long_enough_for_weekly() -> None:
    slowest = habit_multiplier(1 / 7)
    assert slowest**STRENGTH_HORIZON_DAYS < 1e-6


def test_strength_30_daily_checkins() -> None:
    # Each check-in day: s ← s·m + (1 − m); from 0 that gives 1 − m^n after n days.
    # m = 2^(−1/13); m^30 = 2^(−30/13) = 2^(−2.3077) ≈ 0.20198 → strength ≈ 0.79802
    checkins = {day(n) for n in range(30)}
    result = habit_strength(checkins, day(0), day(29), 1.0)
    assert result == pytest.approx(0.798017, abs=1e-6)
    assert result == pytest.approx(1 - habit_multiplier(1.0) ** 30)


def test_strength_with_gap() -> None:
    # Check in, skip, check in (daily, m ≈ 0.948078, 1 − m ≈ 0.051922):
    # day 0: 1 − m; day 1: (1 − m)·m; day 2: (1 − m)·m² + (1 − m) = (1 − m)(1 + m²)
    #   ≈ 0.051922 · 1.898851 ≈ 0.098593
    result = habit_strength({day(0), day(2)}, day(0), day(2), 1.0)
    assert result == pytest.approx(0.098593, abs=1e-6)


def test_strength_three_per_week() -> None:
    # Mon/Wed/Fri with m ≈ 0.965697: (1 − m)(m⁴ + m² + 1)
    #   ≈ 0.034303 · (0.869687 + 0.932570 + 1) ≈ 0.096127
    result = habit_strength({day(0), day(2), day(4)}, day(0), day(4), 3 / 7)
    assert result == pytest.approx(0.096127, abs=1e-6)


def test_strength_zero_before_start_and_without_checkins() -> None:
    assert habit_strength({day(0)}, day(5), day(3), 1.0) == 0.0
    assert habit_strength(set(), day(0), day(100), 1.0) == 0.0


def test_strength_ignores_future_checkins() -> None:
    assert habit_strength({day(10)}, day(0), day(5), 1.0) == 0.0


@pytest.mark.parametrize("per_day", [1.0, 3 / 7, 1 / 7])
def test_windowed_strength_matches_naive_over_2000_days(per_day: float) -> None:
    rng = random.Random(20240101)
    start, as_of = day(0), day(2100)
    checkins = {day(n) for n in range(2101) if rng.random() < per_day}
    expected = naive_strength(checkins, start, as_of, per_day)
    assert habit_strength(checkins, start, as_of, per_day) == pytest.approx(expected, abs=1e-6)


def test_windowed_strength_matches_when_only_recent_days_passed() -> None:
    start, as_of = day(0), day(2500)
    every_day = {day(n) for n in range(2501)}
    recent = {d for d in every_day if d >= as_of - timedelta(days=STRENGTH_HORIZON_DAYS)}
    expected = naive_strength(every_day, start, as_of, 1 / 7)
    assert habit_strength(recent, start, as_of, 1 / 7) == pytest.approx(expected, abs=1e-6)


def test_strength_cost_does_not_grow_with_history() -> None:
    # Millions of days since start; visiting each would be slow, the window is not.
    result = habit_strength({date(9999, 12, 31)}, date(1, 1, 1), date(9999, 12, 31), 1.0)
    assert result == pytest.approx(1 - habit_multiplier(1.0))


@given(
    offsets=st.sets(st.integers(min_value=-50, max_value=400), max_size=300),
    span=st.integers(min_value=-5, max_value=400),
    per_day=st.floats(min_value=1 / 7, max_value=1.0),
)
def test_strength_always_within_unit_interval(offsets: set[int], span: int, per_day: float) -> None:
    result = habit_strength({day(n) for n in offsets}, day(0), day(span), per_day)
    assert 0.0 <= result <= 1.0


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
