"""Patterns: what goes with a better day (issue 27). Pure: stdlib only, no I/O.

The day's mood (0-10) on days with and days without each factor, and the next day's mood
(lag 1), compared honestly: only with at least MIN_DAYS days on each side; a two-sided
permutation test of the difference of means, exact whenever it can be afforded (by listing the
arrangements when they are few, else by counting them per sum, which whole-number moods allow),
else SHUFFLES random ones from a fixed seed (so the output is byte-stable); the
p-values Holm-corrected across every comparison made (Holm 1979). A factor is never called a
cause: each line shown ends with CAVEAT. An unknown day is unknown: a goal's day without a
check-in is neither a day with nor a day without it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations
from math import comb

from goalcli.core.text import plural

MIN_DAYS = 5
"""A factor is compared only with at least this many days on each side."""
SHUFFLES = 10_000
"""Random arrangements when the exact test can't be afforded."""
COUNTING_BITS = 1 << 24
"""The largest table (in bits) the exact count by sums may build: about 2 MB, a few
milliseconds; 8 weeks of moods need at most about 2 million bits."""
ALPHA = 0.05
CAVEAT = "a pattern, not proof of a cause"
CHANCE = "no more than chance would give"
"""How --all ends a comparison above ALPHA: not a pattern at all."""
EPSILON = 1e-9

TAG = re.compile(r"(?<![\w#])#(\w[\w-]*)")
"""A tag written in a note: #word (letters, digits, _ and -), not part of a longer word."""


def tags(text: str) -> set[str]:
    """The #tags of a note, lower-cased ("#Walk" and "#walk" are one tag)."""
    return {match.casefold() for match in TAG.findall(text)}


@dataclass(frozen=True)
class Factor:
    """Days with the factor, and the days known to be without it; None: every other day with a
    mood (a step done, a tag: a day without one is a day without it)."""

    name: str
    present: frozenset[date]
    absent: frozenset[date] | None = None


@dataclass(frozen=True)
class Comparison:
    factor: str
    lag: int  # 0: the same day's mood; 1: the next day's
    with_days: int
    without_days: int
    with_mean: float | None
    without_mean: float | None
    p: float | None  # None: not tested (too few days on a side)
    p_holm: float | None
    exact: bool
    needs_days: int  # days more needed on the thinner side; 0 when tested

    @property
    def tested(self) -> bool:
        return self.p is not None

    @property
    def shown(self) -> bool:
        return self.p_holm is not None and self.p_holm <= ALPHA + EPSILON

    @property
    def difference(self) -> float | None:
        if self.with_mean is None or self.without_mean is None:
            return None
        return self.with_mean - self.without_mean


def permutation_p(
    with_values: Sequence[float], without_values: Sequence[float], *, seed: str
) -> tuple[float, bool]:
    """The two-sided p-value of the difference of means under relabelling, and whether it was
    exact. Exact: every way to choose which len(with_values) of the pooled days are "with",
    p = the share whose |difference| is at least the observed one. Otherwise SHUFFLES random
    choices from random.Random(seed), p = (count + 1) / (SHUFFLES + 1)."""
    pooled = [*with_values, *without_values]
    size, total = len(with_values), sum(pooled)
    count = len(pooled)

    def gap(chosen_sum: float) -> float:
        return abs(chosen_sum / size - (total - chosen_sum) / (count - size))

    observed = gap(sum(with_values)) - EPSILON
    by_sum = _arrangements_by_sum(pooled, size)
    if by_sum is not None:
        extreme = sum(ways for chosen_sum, ways in enumerate(by_sum) if gap(chosen_sum) >= observed)
        return extreme / comb(count, size), True
    if comb(count, size) <= SHUFFLES:
        arrangements = 0
        extreme = 0
        for chosen in combinations(pooled, size):
            arrangements += 1
            extreme += gap(sum(chosen)) >= observed
        return extreme / arrangements, True
    rng = random.Random(seed)
    indices = range(count)
    extreme = sum(
        gap(sum(pooled[index] for index in rng.sample(indices, size))) >= observed
        for _ in range(SHUFFLES)
    )
    return (extreme + 1) / (SHUFFLES + 1), False


def _arrangements_by_sum(pooled: Sequence[float], size: int) -> list[int] | None:
    """How many ways to choose `size` of the pooled values give each sum (index = the sum), or
    None when a value is not a whole number from 0 up or the table would exceed COUNTING_BITS.

    Why: a permutation test's exact p only needs, for each possible sum of the "with" group,
    how many arrangements give it; listing 10^15 arrangements is impossible, counting them is
    not. The counts are the coefficients of prod(1 + y * x**value) at y**size, computed with
    one Python integer whose fixed-width fields hold the coefficients: a field per (chosen,
    sum), wide enough for the largest binomial coefficient, so no field overflows into the
    next."""
    if not all(float(value).is_integer() and value >= 0 for value in pooled):
        return None
    count, total = len(pooled), int(sum(pooled))
    width = -(-(comb(count, count // 2).bit_length() + 1) // 8) * 8
    row = (total + 1) * width
    if (count + 1) * row > COUNTING_BITS:
        return None
    table = 1
    for value in pooled:
        table += table << (row + int(value) * width)
    fields = ((table >> (size * row)) & ((1 << row) - 1)).to_bytes(row // 8, "little")
    step = width // 8
    return [
        int.from_bytes(fields[start : start + step], "little") for start in range(0, row // 8, step)
    ]


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values, in the order given: the i-th smallest (from 0) is
    multiplied by m − i, kept at least the one before it and at most 1."""
    order = sorted(range(len(p_values)), key=lambda index: p_values[index])
    adjusted = [0.0] * len(p_values)
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (len(p_values) - rank) * p_values[index]))
        adjusted[index] = running
    return adjusted


def _sides(factor: Factor, moods: Mapping[date, int], lag: int) -> tuple[list[int], list[int]]:
    """The moods `lag` days after the factor's days with and without it (an unknown mood: left
    out)."""
    shift = timedelta(days=lag)
    absent = (
        factor.absent
        if factor.absent is not None
        else frozenset(day for day in moods if day not in factor.present)
    )
    with_moods = [moods[day + shift] for day in sorted(factor.present) if day + shift in moods]
    without_moods = [moods[day + shift] for day in sorted(absent) if day + shift in moods]
    return with_moods, without_moods


def compare(moods: Mapping[date, int], factors: Iterable[Factor]) -> list[Comparison]:
    """Every factor at lag 0 and 1, tested where both sides have MIN_DAYS days, Holm-corrected
    across every test made; in the order of the factors, lag 0 first."""
    rows: list[tuple[str, int, list[int], list[int]]] = []
    for factor in factors:
        for lag in (0, 1):
            with_moods, without_moods = _sides(factor, moods, lag)
            rows.append((factor.name, lag, with_moods, without_moods))
    tested: dict[int, tuple[float, bool]] = {}
    for index, (name, lag, with_moods, without_moods) in enumerate(rows):
        if len(with_moods) >= MIN_DAYS and len(without_moods) >= MIN_DAYS:
            tested[index] = permutation_p(with_moods, without_moods, seed=f"{name}|{lag}")
    corrected = dict(zip(tested, holm([p for p, _ in tested.values()]), strict=True))
    made = []
    for index, (name, lag, with_moods, without_moods) in enumerate(rows):
        p, exact = tested.get(index, (None, False))
        made.append(
            Comparison(
                factor=name,
                lag=lag,
                with_days=len(with_moods),
                without_days=len(without_moods),
                with_mean=_mean(with_moods),
                without_mean=_mean(without_moods),
                p=p,
                p_holm=corrected.get(index),
                exact=exact,
                needs_days=0
                if p is not None
                else max(MIN_DAYS - len(with_moods), MIN_DAYS - len(without_moods), 0),
            )
        )
    return made


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


def goal_factor(
    name: str,
    kind: str,
    baseline: float,
    target: float,
    readings: Iterable[tuple[date, float]],
) -> Factor:
    """A goal as a factor from its check-ins with a value: present on a day above 0, or for a
    goal to lower something on a day at or under its daily share of the target (a weekly
    total's target / 7, a reading's target itself); absent on its other checked-in days. A day
    without a check-in is unknown: on neither side."""
    lowering = target < baseline
    share = target / 7 if kind == "weekly_total" else target
    present: set[date] = set()
    absent: set[date] = set()
    for day, value in readings:
        good = value <= share + EPSILON if lowering else value > 0
        (present if good else absent).add(day)
    return Factor(name, frozenset(present), frozenset(absent - present))


HIGH_RATING = 7
"""A pleasure or mastery rating (0-10) this high or higher makes a day one "with" the factor."""


def rating_factor(rating: str, ratings: Iterable[tuple[date, int]]) -> Factor:
    """ "an activity rated pleasure 7 or more" (or mastery) as a factor, from every rating of
    that kind given in the period (a check-in's, a step's): present on a day with one rated
    HIGH_RATING or more, absent on a day whose activities were all rated lower. A day without
    any such rating is unknown: on neither side (nothing rated is not a dull day)."""
    present: set[date] = set()
    rated: set[date] = set()
    for day, value in ratings:
        rated.add(day)
        if value >= HIGH_RATING:
            present.add(day)
    return Factor(
        f"an activity rated {rating} {HIGH_RATING} or more",
        frozenset(present),
        frozenset(rated - present),
    )


def line(comparison: Comparison) -> str:
    """ "Mood is 2.0 higher on days with walk (7.1 on 12 days vs 5.1 on 30; p = 0.003) — a
    pattern, not proof of a cause"."""
    difference = comparison.difference or 0.0
    way = "higher" if difference >= 0 else "lower"
    when = "on the day after days" if comparison.lag else "on days"
    return (
        f"Mood is {abs(difference):.1f} {way} {when} with {comparison.factor} "
        f"({comparison.with_mean or 0:.1f} on {comparison.with_days} days vs "
        f"{comparison.without_mean or 0:.1f} on {comparison.without_days}; "
        f"corrected p {_p_text(comparison.p_holm)}) — " + (CAVEAT if comparison.shown else CHANCE)
    )


def not_compared_line(comparison: Comparison) -> str:
    """ "Walk outside: not compared, 1 day with and 30 without (needs 5 on each side)." """
    return (
        f"{comparison.factor}{' (next day)' if comparison.lag else ''}: not compared, "
        f"{plural(comparison.with_days, 'day')} with and {comparison.without_days} without "
        f"(needs {MIN_DAYS} on each side)."
    )


def _p_text(p: float | None) -> str:
    """ "= 0.012", "< 0.001" (a sampled p is never 0: 0.000 would read better than the data)."""
    if p is None:
        return "–"
    return "< 0.001" if p < 0.001 else f"= {p:.3f}"


def too_little(moods: Mapping[date, int], comparisons: Sequence[Comparison]) -> str | None:
    """What to say when nothing could be tested: how many more days with a mood are needed."""
    if any(comparison.tested for comparison in comparisons):
        return None
    needed = 2 * MIN_DAYS - len(moods)
    if comparisons:
        needed = max(needed, min(comparison.needs_days for comparison in comparisons))
    needed = max(needed, 1)
    return (
        f"Too little to compare yet: each factor needs at least {MIN_DAYS} days with a mood on "
        f"each side; about {needed} more day{'s' if needed != 1 else ''} of moods needed."
    )
