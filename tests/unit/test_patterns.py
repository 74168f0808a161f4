"""Patterns (issue 27) on hand-computed cases, and the scenario of the issue's "done means"."""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import combinations
from math import comb

import pytest

from goalcli.core import patterns
from goalcli.core.patterns import Factor

DAY0 = date(2026, 10, 1)


def day(n: int) -> date:
    return DAY0 + timedelta(days=n)


def test_exact_permutation_enumerated_by_hand() -> None:
    # with [3, 4], without [1, 2]: observed |3.5 − 1.5| = 2. The C(4, 2) = 6 choices of "with":
    # {3,4}: 2, {1,2}: 2, {1,3}/{2,4}: 1, {1,4}/{2,3}: 0 → 2 of 6 at least as far: p = 1/3.
    p, exact = patterns.permutation_p([3, 4], [1, 2], seed="x")
    assert exact and abs(p - 1 / 3) < 1e-12
    # No difference at all: every arrangement is at least as far: p = 1.
    assert patterns.permutation_p([2, 2], [2, 2], seed="x") == (1.0, True)


def test_a_large_permutation_of_whole_moods_is_counted_exactly() -> None:
    # C(42, 12) ≈ 1.1e10 arrangements: too many to list, counted per sum instead. All 7s
    # together is the one arrangement as far as the observed 7.0 vs 5.0 (any other has a gap
    # under 2), so p = 1 / C(42, 12) exactly.
    p, exact = patterns.permutation_p([7] * 12, [5] * 30, seed="walk|0")
    assert exact
    assert p == 1 / comb(42, 12)


@pytest.mark.parametrize("trial", range(40))
def test_counting_by_sums_agrees_with_listing_every_arrangement(trial: int) -> None:
    rng = random.Random(trial)
    size = rng.randint(2, 11)
    values = [rng.randint(0, 10) for _ in range(size)]
    chosen = rng.randint(1, size - 1)
    listed = [0] * (sum(values) + 1)
    for arrangement in combinations(values, chosen):
        listed[sum(arrangement)] += 1
    assert patterns._arrangements_by_sum(values, chosen) == listed


def test_values_that_are_not_whole_are_sampled_from_a_fixed_seed_and_byte_stable() -> None:
    # Moods are whole numbers; the shuffles remain for any other values (and for tables
    # too large to count): 10,000 random arrangements from the seed.
    with_values = [7.5] * 12
    without_values = [5.5] * 30
    first = patterns.permutation_p(with_values, without_values, seed="walk|0")
    assert first == patterns.permutation_p(with_values, without_values, seed="walk|0")
    p, exact = first
    assert not exact
    # All the 7.5s together is the one most extreme arrangement of C(42, 12); no shuffle hits it.
    assert p == 1 / 10_001


def test_holm_on_a_known_set() -> None:
    # Sorted 0.01, 0.02, 0.03, 0.04 × 4, 3, 2, 1 = 0.04, 0.06, 0.06, 0.04 → monotone: 0.04,
    # 0.06, 0.06, 0.06; given in another order.
    adjusted = patterns.holm([0.03, 0.01, 0.04, 0.02])
    assert [round(value, 10) for value in adjusted] == [0.06, 0.04, 0.06, 0.06]
    assert patterns.holm([0.5, 0.9]) == [1.0, 1.0]


def test_the_five_day_gate_and_what_more_is_needed() -> None:
    moods = {day(n): 5 for n in range(9)}
    # Four days with the factor, five without: not tested, needs one more.
    four = Factor("#tea", frozenset(day(n) for n in range(4)))
    same_day = patterns.compare(moods, [four])[0]
    assert not same_day.tested and same_day.p_holm is None
    assert (same_day.with_days, same_day.without_days, same_day.needs_days) == (4, 5, 1)
    assert "1 more day of moods" in (patterns.too_little(moods, [same_day]) or "")
    five = Factor("#tea", frozenset(day(n) for n in range(5)))
    moods[day(9)] = 5
    assert patterns.compare(moods, [five])[0].tested


def test_lag_one_across_a_gap() -> None:
    # Moods on days 0-3 and 5-12 (day 4 unknown). The factor on days 0, 1, 2, 3, 4 and 9: its
    # next-day moods are on days 1, 2, 3, (5), 10 → day 3's next day (4) is unknown and left
    # out; day 4 has no mood of its own but its next day (5) does.
    moods = {day(n): n for n in (*range(4), *range(5, 13))}
    factor = Factor("step done", frozenset(day(n) for n in (0, 1, 2, 3, 4, 9)))
    same, next_day = patterns.compare(moods, [factor])
    assert same.with_days == 5  # days 0, 1, 2, 3, 9 (day 4 has no mood)
    assert next_day.lag == 1
    # with: next-day moods of days 0, 1, 2, 4, 9 → 1 + 2 + 3 + 5 + 10 = 21 over 5. without: the
    # other days with a mood (5, 6, 7, 8, 10, 11, 12) → next days 6, 7, 8, 9, 11, 12 (13 unknown).
    assert (next_day.with_days, next_day.with_mean) == (5, 21 / 5)
    assert (next_day.without_days, next_day.without_mean) == (6, (6 + 7 + 8 + 9 + 11 + 12) / 6)


def test_a_goal_factor_leaves_unknown_days_out_and_reads_a_lowering_goal_by_its_share() -> None:
    raising = patterns.goal_factor("Walk", "reading", 0, 30, [(day(0), 10), (day(1), 0)])
    assert raising.present == {day(0)} and raising.absent == {day(1)}
    # Fewer panics, a weekly total 6 → 1: its daily share is 1/7; 0 is at or under it.
    lowering = patterns.goal_factor("Panics", "weekly_total", 6, 1, [(day(0), 0), (day(1), 1)])
    assert lowering.present == {day(0)} and lowering.absent == {day(1)}


def test_a_rating_factor_is_a_day_rated_7_or_more_and_a_day_without_a_rating_is_unknown() -> None:
    # Day 0: rated 7 (the threshold itself) and 3: with. Day 1: 6 and 2: without. Day 2: 10:
    # with. Day 3: nothing rated: on neither side. Day 4: 0 is a rating, not nothing: without.
    factor = patterns.rating_factor(
        "pleasure", [(day(0), 7), (day(0), 3), (day(1), 6), (day(1), 2), (day(2), 10), (day(4), 0)]
    )
    assert factor.name == "an activity rated pleasure 7 or more"
    assert factor.present == {day(0), day(2)}
    assert factor.absent == {day(1), day(4)}
    # Compared with moods 8, 4, 9, 6, 3 on days 0-4: with = [8, 9], without = [4, 3]; day 3's
    # 6 is on neither side.
    moods = {day(n): mood for n, mood in enumerate((8, 4, 9, 6, 3))}
    same_day = patterns.compare(moods, [factor])[0]
    assert (same_day.with_days, same_day.with_mean) == (2, 8.5)
    assert (same_day.without_days, same_day.without_mean) == (2, 3.5)
    assert not same_day.tested  # 2 days a side: under the 5-day gate


def history(seed: int, walks_lift: float) -> tuple[dict[date, int], list[Factor]]:
    """42 days; walks on 12 of them, with mood `walks_lift` higher; an unrelated factor on a
    random 14 days."""
    rng = random.Random(seed)
    walk_days = set(rng.sample(range(42), 12))
    other_days = set(rng.sample(range(42), 14))
    moods = {
        day(n): max(0, min(10, round(5 + rng.gauss(0, 1) + (walks_lift if n in walk_days else 0))))
        for n in range(42)
    }
    return moods, [
        Factor("walk", frozenset(day(n) for n in walk_days)),
        Factor("#unrelated", frozenset(day(n) for n in other_days)),
    ]


def test_six_weeks_of_walks_two_points_better_show_the_walking_pattern() -> None:
    moods, factors = history(27, walks_lift=2)
    found = patterns.compare(moods, factors)
    shown = [comparison for comparison in found if comparison.shown]
    assert [(c.factor, c.lag) for c in shown] == [("walk", 0)]
    assert patterns.line(shown[0]).endswith("— a pattern, not proof of a cause")
    assert patterns.line(shown[0]).startswith("Mood is ")
    assert "corrected p < 0.001" in patterns.line(shown[0])


def test_an_unrelated_factor_shows_no_pattern_in_at_least_95_of_100_histories() -> None:
    false_alarms = 0
    for seed in range(100):
        moods, factors = history(seed, walks_lift=0)
        unrelated = patterns.compare(moods, factors[1:])
        false_alarms += any(comparison.shown for comparison in unrelated)
    assert false_alarms <= 5


def test_tags_are_words_after_a_hash() -> None:
    assert patterns.tags("Long #Walk with #dog-park, not a#b or ##") == {"walk", "dog-park"}


def test_all_ends_a_comparison_above_the_threshold_as_chance() -> None:
    moods, factors = history(3, walks_lift=0)
    unrelated = [c for c in patterns.compare(moods, factors[1:]) if not c.shown]
    assert unrelated and patterns.line(unrelated[0]).endswith("— no more than chance would give")


def test_a_comparison_not_made_says_its_days_in_the_right_number() -> None:
    def untested(with_days: int, without_days: int, lag: int) -> patterns.Comparison:
        return patterns.Comparison(
            "Walk outside", lag, with_days, without_days, None, None, None, None, False, 4
        )

    assert patterns.not_compared_line(untested(1, 30, 0)) == (
        "Walk outside: not compared, 1 day with and 30 without (needs 5 on each side)."
    )
    assert patterns.not_compared_line(untested(0, 2, 1)) == (
        "Walk outside (next day): not compared, 0 days with and 2 without (needs 5 on each side)."
    )
