"""Progress arithmetic for goals: plain functions over plain data.

These definitions are a public contract; users' own scripts rely on them, so
change them only with a changelog entry. Dates are ``datetime.date``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from goalcli.errors import InputError, quote

__all__ = [
    "EPSILON",
    "GBO_MEANINGFUL_CHANGE",
    "STATUS_MARGIN",
    "STRENGTH_HORIZON_DAYS",
    "STRENGTH_TOLERANCE",
    "GoalStanding",
    "direction",
    "expected_progress",
    "format_frequency",
    "gas_t_score",
    "gbo_change",
    "gbo_deteriorated",
    "gbo_meaningful",
    "habit_multiplier",
    "habit_strength",
    "habit_strength_from_weights",
    "habit_strength_window",
    "mood_average",
    "parse_frequency",
    "progress",
    "standing",
    "status",
    "streak",
]

EPSILON = 1e-9
"""Tolerance for threshold comparisons, so float fuzz never flips a status."""

STATUS_MARGIN = 0.10
"""How far progress may stray from the expected pace and still be "on track"."""

GAS_RHO = 0.3
"""Inter-goal correlation assumed by Kiresuk & Sherman's T-score formula."""

GBO_MEANINGFUL_CHANGE = 3
"""A GBO change of this many points (0..10 scale) is clinically meaningful."""

STRENGTH_TOLERANCE = 1e-6
"""Largest error habit_strength may make by ignoring days beyond its window."""

STRENGTH_HORIZON_DAYS = 800
"""Days before as_of that habit_strength looks at.

Even at the slowest frequency goalcli accepts (once a week), a check-in older
than this contributes less than STRENGTH_TOLERANCE: m**800 ≈ 1e-7.
"""

Direction = Literal["increase", "decrease"]


def direction(baseline: float, target: float) -> Direction:
    """Say whether the goal is to raise or to lower the measure."""
    return "decrease" if target < baseline else "increase"


def progress(baseline: float, target: float, current: float) -> float:
    """Fraction of the way from baseline to target; not clamped (may be < 0 or > 1)."""
    if target == baseline:
        # Intake refuses such goals; answering anyway keeps the function total.
        return 1.0 if current == target else 0.0
    return (current - baseline) / (target - baseline)


def expected_progress(start: date, target_date: date, as_of: date) -> float:
    """Fraction of the planned time that has passed by as_of, clamped to 0..1."""
    total = (target_date - start).days
    if total <= 0:
        return 1.0
    elapsed = (as_of - start).days
    return min(1.0, max(0.0, elapsed / total))


def status(progress: float, expected: float, target_date: date, as_of: date) -> str:
    """Classify a goal as achieved, overdue, ahead, behind or on track."""
    if progress >= 1.0 - EPSILON:
        return "achieved"
    if as_of > target_date:
        return "overdue"
    if progress >= expected + STATUS_MARGIN - EPSILON:
        return "ahead"
    if progress < expected - STATUS_MARGIN - EPSILON:
        return "behind"
    return "on track"


@dataclass(frozen=True)
class GoalStanding:
    """Where a goal stands on one day."""

    progress: float
    expected_progress: float
    status: str
    direction: str
    days_left: int  # (target_date − as_of).days; negative once overdue


def standing(
    baseline: float,
    target: float,
    current: float,
    start: date,
    target_date: date,
    as_of: date,
) -> GoalStanding:
    """Gather progress, expected pace, status, direction and days left for one goal."""
    done = progress(baseline, target, current)
    expected = expected_progress(start, target_date, as_of)
    return GoalStanding(
        progress=done,
        expected_progress=expected,
        status=status(done, expected, target_date, as_of),
        direction=direction(baseline, target),
        days_left=(target_date - as_of).days,
    )


def streak(checkin_days: Collection[date], as_of: date) -> int:
    """Count consecutive check-in days ending as_of (or yesterday, if today has none yet)."""
    days = checkin_days if isinstance(checkin_days, set | frozenset) else set(checkin_days)
    day = as_of if as_of in days else as_of - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def mood_average(moods: Mapping[date, float], as_of: date, days: int) -> float | None:
    """Mean mood over the `days` days ending as_of inclusive, to 1 decimal; None if none."""
    if days < 1:
        raise InputError(f"The number of days to average over must be at least 1, not {days}.")
    first = as_of - timedelta(days=days - 1)
    values = [mood for day, mood in moods.items() if first <= day <= as_of]
    if not values:
        return None
    return round(sum(values) / len(values), 1)


def gas_t_score(ratings: Sequence[tuple[int, float]]) -> float | None:
    """Goal Attainment Scaling T-score (Kiresuk & Sherman) from (level, weight) pairs.

    T = 50 + 10·Σwx / √((1−ρ)·Σw² + ρ·(Σw)²) with ρ = 0.3. Not rounded.
    """
    if not ratings:
        return None
    for level, weight in ratings:
        if isinstance(level, bool) or not isinstance(level, int) or not -2 <= level <= 2:
            raise InputError(f"A GAS level must be a whole number from -2 to 2, not {level!r}.")
        if isinstance(weight, bool) or not math.isfinite(weight) or weight < 1:
            raise InputError(f"A GAS weight must be a number of at least 1, not {weight!r}.")
    weighted = sum(weight * level for level, weight in ratings)
    sum_sq = sum(weight * weight for _, weight in ratings)
    total = sum(weight for _, weight in ratings)
    denominator = math.sqrt((1 - GAS_RHO) * sum_sq + GAS_RHO * total * total)
    return 50.0 + 10.0 * weighted / denominator


def gbo_change(ratings_in_date_order: Sequence[int]) -> int | None:
    """Latest minus first Goal-Based Outcome rating (0..10); None with no ratings."""
    for rating in ratings_in_date_order:
        if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 10:
            raise InputError(f"A GBO rating must be a whole number from 0 to 10, not {rating!r}.")
    if not ratings_in_date_order:
        return None
    return ratings_in_date_order[-1] - ratings_in_date_order[0]


def gbo_meaningful(change: int | None) -> bool:
    """True when a GBO change is a meaningful improvement (up 3 or more points)."""
    return change is not None and change >= GBO_MEANINGFUL_CHANGE


def gbo_deteriorated(change: int | None) -> bool:
    """True when a GBO change is a meaningful deterioration (down 3 or more points)."""
    return change is not None and change <= -GBO_MEANINGFUL_CHANGE


def habit_multiplier(per_day: float) -> float:
    """Daily decay factor of Loop Habit Tracker's habit score: 0.5 ** (√per_day / 13)."""
    if isinstance(per_day, bool) or not math.isfinite(per_day) or per_day <= 0:
        raise InputError(
            f"A frequency must be a positive number of times per day, not {per_day!r}."
        )
    # float ** float is typed Any (a negative base gives a complex); 0.5 is positive.
    return float(0.5 ** (math.sqrt(per_day) / 13))


def _window_days(multiplier: float) -> int:
    """Days of history habit_strength must look at to stay within STRENGTH_TOLERANCE."""
    if multiplier ** (STRENGTH_HORIZON_DAYS + 1) < STRENGTH_TOLERANCE:
        return STRENGTH_HORIZON_DAYS
    # Slower than weekly is not accepted by parse_frequency, but a script may
    # pass it; widen the window rather than silently break the error bound.
    return math.ceil(math.log(STRENGTH_TOLERANCE) / math.log(multiplier))


def habit_strength(
    checkin_days: Collection[date], start: date, as_of: date, per_day: float
) -> float:
    """Loop Habit Tracker's habit strength (0..1) on as_of.

    From 0 on the start date, each day d up to as_of applies
    score = score·m + c·(1−m), with c = 1 on check-in days. Only the last
    STRENGTH_HORIZON_DAYS days are visited (older ones change the result by
    less than STRENGTH_TOLERANCE), so the cost is O(window), not O(history).
    """
    bounds = habit_strength_window(start, as_of, per_day)
    if bounds is None:
        return 0.0
    first, m = bounds
    recent = {day for day in checkin_days if first <= day <= as_of}
    score = 0.0
    for offset in range((as_of - first).days + 1):
        hit = 1.0 if first + timedelta(days=offset) in recent else 0.0
        score = score * m + hit * (1.0 - m)
    return min(1.0, max(0.0, score))


def habit_strength_window(start: date, as_of: date, per_day: float) -> tuple[date, float] | None:
    """The first day habit_strength looks at and its daily multiplier m; None before start."""
    m = habit_multiplier(per_day)
    if as_of < start:
        return None
    window = _window_days(m)
    # Compare day counts rather than subtract, so dates near year 1 cannot overflow.
    first = start if (as_of - start).days <= window else as_of - timedelta(days=window)
    return first, m


def habit_strength_from_weights(weights: float, m: float) -> float:
    """habit_strength in closed form, from weights = Σ m**(as_of − d) over check-in days d.

    The recurrence starts at 0 on the window's first day, so it unrolls to
    score = Σ (1−m)·m**(as_of − d) over the check-in days d in the window: a sum that
    storage can compute over an index (see storage.figures.goal_figures) without loading the days.
    """
    return min(1.0, max(0.0, (1.0 - m) * weights))


_PER_WEEK = re.compile(r"(\d+)\s*(?:times?\s*)?(?:/|per|a|an|each|every)\s*week")


def parse_frequency(text: str) -> float:
    """Turn "daily", "weekly", "3 per week", "3/week" or "3 times a week" into check-ins per day."""
    cleaned = " ".join(str(text).lower().split())
    if cleaned in {"daily", "every day", "each day"}:
        return 1.0
    if cleaned in {"weekly", "once a week"}:
        return 1 / 7
    match = _PER_WEEK.fullmatch(cleaned)
    if match:
        count = int(match.group(1))
        if 1 <= count <= 7:
            return count / 7
    raise InputError(
        f"goalcli did not understand the frequency {quote(text)}; try 'daily', 'weekly' "
        "or something like '3 per week' (1 to 7)."
    )


def format_frequency(per_day: float) -> str:
    """Describe a frequency in words, the way parse_frequency reads it back."""
    per_week = per_day * 7
    count = round(per_week)
    if abs(per_week - count) < 1e-6:
        if count == 7:
            return "daily"
        if count == 1:
            return "weekly"
        if 1 < count < 7:
            return f"{count} per week"
    # Not something parse_frequency produces; describe it honestly anyway.
    return f"{per_week:.3g} per week"
