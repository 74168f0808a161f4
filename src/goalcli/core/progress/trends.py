"""A goal's trend: the Theil–Sen slope of its recent readings (or weekly totals) per week, and
whether it moves towards the target.

These definitions are a public contract; users' own scripts rely on them, so change them only
with a changelog entry. Dates are ``datetime.date``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from goalcli.core.progress.levels import (
    EPSILON,
    READING_WINDOW_DAYS,
    WEEK_DAYS,
    Kind,
    Level,
    Reading,
    level,
)

TREND_MIN_READINGS = 4
"""A reading goal needs this many readings in READING_WINDOW_DAYS for a trend."""

TREND_WEEKS = 4
"""A weekly-total goal's trend is drawn through this many 7-day totals."""

TREND_SHARE = 0.05
"""A trend moves towards (or away from) the target when it covers this share of
|target − baseline| a week; anything slower is steady."""


def theil_sen(points: Sequence[tuple[float, float]]) -> float | None:
    """The Theil–Sen slope: the median of the slopes between every pair of points with
    different x. Robust: one odd value cannot swing it. None with no such pair."""
    slopes = sorted(
        (y2 - y1) / (x2 - x1)
        for index, (x1, y1) in enumerate(points)
        for x2, y2 in points[index + 1 :]
        if x2 != x1
    )
    if not slopes:
        return None
    middle = len(slopes) // 2
    if len(slopes) % 2:
        return slopes[middle]
    return (slopes[middle - 1] + slopes[middle]) / 2


TrendDirection = Literal["improving", "worsening", "steady"]


@dataclass(frozen=True)
class Trend:
    per_week: float  # change of the measure per week (a weekly total: of its 7-day total)
    direction: TrendDirection


def weekly_totals(readings: Sequence[Reading], as_of: date, weeks: int) -> list[float]:
    """The totals of the `weeks` 7-day blocks ending as_of, oldest first."""
    totals = [0.0] * weeks
    for day, value in readings:
        back = (as_of - day).days
        if 0 <= back < weeks * WEEK_DAYS:
            totals[weeks - 1 - back // WEEK_DAYS] += value
    return totals


def week_levels(
    readings: Sequence[Reading],
    as_of: date,
    weeks: int,
    start: date | None = None,
    excused: Collection[date] = (),
) -> list[Level]:
    """A weekly total's levels over the `weeks` 7-day blocks ending as_of, oldest first, each
    with its days known and excused (level() on each block's last day)."""
    return [
        level(
            "weekly_total",
            readings,
            0.0,
            as_of - timedelta(days=WEEK_DAYS * back),
            start,
            excused,
        )
        for back in range(weeks - 1, -1, -1)
    ]


def trend(
    kind: Kind,
    readings: Sequence[Reading],
    baseline: float,
    target: float,
    start: date,
    as_of: date,
    excused: Collection[date] = (),
) -> Trend | None:
    """The goal's trend per week, and whether it moves towards the target; None with too few points.

    reading: the Theil–Sen slope of the (day, value) readings in the 28 days ending as_of, × 7;
    needs at least 4 readings. weekly_total: the Theil–Sen slope of the four 7-day totals ending
    as_of; needs the four weeks to have begun on or after the start, and for a goal to lower
    something leaves out the incomplete weeks (fewer than two left: None). A week with `excused`
    days counts on the scale of a whole week (levels.Level.judged_value: its target prorated);
    a week all excused is no point. improving: it moves towards the target by at least 5% of
    |target − baseline| a week; worsening: away by as much.
    """
    if kind == "weekly_total":
        if (as_of - start).days < TREND_WEEKS * WEEK_DAYS - 1:
            return None
        weeks = week_levels(readings, as_of, TREND_WEEKS, start, excused)
        # For a goal to lower something an incomplete week is no point: its unknown days would
        # be drawn as zeros, i.e. as improvement. A goal to raise something keeps its lower bound.
        decreasing = target < baseline
        slope = theil_sen(
            [
                (float(week), value)
                for week, weekly in enumerate(weeks)
                if (value := weekly.judged_value) is not None
                and (weekly.complete or not decreasing)
            ]
        )
    else:
        first = as_of - timedelta(days=READING_WINDOW_DAYS - 1)
        recent = [(day, value) for day, value in readings if first <= day <= as_of]
        if len(recent) < TREND_MIN_READINGS:
            return None
        per_day = theil_sen([(float(day.toordinal()), value) for day, value in recent])
        slope = None if per_day is None else per_day * WEEK_DAYS
    if slope is None:
        return None
    towards = slope if target >= baseline else -slope
    step = TREND_SHARE * abs(target - baseline)
    if step > 0 and towards >= step - EPSILON:
        word: TrendDirection = "improving"
    elif step > 0 and towards <= -step + EPSILON:
        word = "worsening"
    else:
        word = "steady"
    return Trend(per_week=slope + 0.0, direction=word)
