"""Progress arithmetic for goals: plain functions over plain data.

These definitions are a public contract; users' own scripts rely on them, so
change them only with a changelog entry. Dates are ``datetime.date``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from goalcli.errors import InputError, quote

__all__ = [
    "COMPLETE_WEEK_DAYS",
    "EPSILON",
    "GBO_MEANINGFUL_CHANGE",
    "KINDS",
    "LEVEL_READINGS",
    "READING_WINDOW_DAYS",
    "STATUS_MARGIN",
    "STATUS_WORDS",
    "STRENGTH_HORIZON_DAYS",
    "STRENGTH_TOLERANCE",
    "TREND_MIN_READINGS",
    "TREND_SHARE",
    "TREND_WEEKS",
    "UNKNOWN",
    "UNUSUAL_FACTOR",
    "WEEK_DAYS",
    "Kind",
    "Level",
    "Reading",
    "Rhythm",
    "Standing",
    "StreakUnit",
    "Trend",
    "TrendDirection",
    "agreement_words",
    "as_kind",
    "can_be_achieved",
    "counting_window",
    "days_logged_words",
    "direction",
    "expected_progress",
    "format_frequency",
    "gas_t_score",
    "gbo_change",
    "gbo_deteriorated",
    "gbo_meaningful",
    "is_starting",
    "judged_status",
    "level",
    "level_words",
    "levels_by_goal",
    "mean_level_t_score",
    "mood_average",
    "parse_frequency",
    "parse_rhythm",
    "progress",
    "progress_judged",
    "rhythm_multiplier",
    "rhythm_streak",
    "rhythm_strength",
    "spread",
    "standing",
    "status",
    "status_words",
    "streak",
    "strength_first_day",
    "theil_sen",
    "trend",
    "unusual_value",
    "unusual_words",
    "week_complete",
    "week_levels",
    "weekly_totals",
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
"""Largest error rhythm_strength may make by ignoring days beyond its window."""

STRENGTH_HORIZON_DAYS = 800
"""Days before as_of that rhythm_strength looks at.

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
    return _t_score([(float(level), weight) for level, weight in ratings])


def _t_score(ratings: Sequence[tuple[float, float]]) -> float:
    weighted = sum(weight * level for level, weight in ratings)
    sum_sq = sum(weight * weight for _, weight in ratings)
    total = sum(weight for _, weight in ratings)
    denominator = math.sqrt((1 - GAS_RHO) * sum_sq + GAS_RHO * total * total)
    return 50.0 + 10.0 * weighted / denominator


def mean_level_t_score(goals: Sequence[tuple[Sequence[int], float]]) -> float | None:
    """The GAS T-score of a couple or family: each goal's level is the mean of the levels its
    members gave it (one level: that level), then the Kiresuk-Sherman formula as in
    gas_t_score, with that mean as x. Goals nobody rated are left out; None when none was."""
    rated = [(levels, weight) for levels, weight in goals if levels]
    if not rated:
        return None
    for levels, weight in rated:  # the same checks, level by level
        gas_t_score([(level, weight) for level in levels])
    return _t_score([(sum(levels) / len(levels), weight) for levels, weight in rated])


def levels_by_goal(
    rows: Iterable[tuple[int, str | None, int, float]],
) -> list[tuple[list[int], float]]:
    """The GAS levels given on one day, as (levels, weight) per goal for
    progress.mean_level_t_score: the members' levels where members rated the goal, else its
    shared level. Rows are (goal id, member or None, level, weight)."""
    shared: dict[int, tuple[list[int], float]] = {}
    by_members: dict[int, tuple[list[int], float]] = {}
    for goal_id, member, level, weight in rows:
        chosen = shared if member is None else by_members
        levels, _ = chosen.setdefault(goal_id, ([], float(weight)))
        levels.append(int(level))
    return [
        by_members.get(goal_id) or shared[goal_id] for goal_id in sorted({*shared, *by_members})
    ]


def spread(values: Sequence[int]) -> int | None:
    """How far apart the ratings are (largest − smallest); None with fewer than two."""
    return max(values) - min(values) if len(values) > 1 else None


def agreement_words(gas_levels: Sequence[int], gbo_ratings: Sequence[int]) -> str | None:
    """Members' ratings of one goal on one date, compared in words: "agree", or how far apart
    they are ("GAS levels differ by 2; same GBO rating"). None when no scale has two ratings."""
    gas_spread, gbo_spread = spread(gas_levels), spread(gbo_ratings)
    if gas_spread is None and gbo_spread is None:
        return None
    if not gas_spread and not gbo_spread:
        return "agree"
    parts = []
    if gas_spread is not None:
        parts.append(f"GAS levels differ by {gas_spread}" if gas_spread else "same GAS level")
    if gbo_spread is not None:
        parts.append(f"GBO ratings differ by {gbo_spread}" if gbo_spread else "same GBO rating")
    return "; ".join(parts)


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


def _horizon_days(multiplier: float) -> int:
    """Days of history rhythm_strength must look at to stay within STRENGTH_TOLERANCE."""
    if multiplier ** (STRENGTH_HORIZON_DAYS + 1) < STRENGTH_TOLERANCE:
        return STRENGTH_HORIZON_DAYS
    # Slower than weekly is not accepted by parse_frequency, but a script may
    # pass it; widen the window rather than silently break the error bound.
    return math.ceil(math.log(STRENGTH_TOLERANCE) / math.log(multiplier))


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


# --- Progress as therapy judges it (issue 12): kinds, level, rhythm, strength, streak, trend ---

Kind = Literal["reading", "weekly_total"]
KINDS: tuple[Kind, ...] = ("reading", "weekly_total")


def as_kind(value: str) -> Kind:
    """A stored kind, typed (the schema's CHECK allows only the two)."""
    return "weekly_total" if value == "weekly_total" else "reading"


LEVEL_READINGS = 3
"""A reading goal's level is the mean of this many latest readings (and achieving needs them)."""

READING_WINDOW_DAYS = 28
"""Readings older than this (counted back from as_of) no longer make a level; it goes stale."""

WEEK_DAYS = 7

TREND_MIN_READINGS = 4
"""A reading goal needs this many readings in READING_WINDOW_DAYS for a trend."""

TREND_WEEKS = 4
"""A weekly-total goal's trend is drawn through this many 7-day totals."""

TREND_SHARE = 0.05
"""A trend moves towards (or away from) the target when it covers this share of
|target − baseline| a week; anything slower is steady."""

Reading = tuple[date, float]
"""One check-in with a value: its day and the value."""


COMPLETE_WEEK_DAYS = 5
"""A weekly total's 7 days are complete with at most 7 − 5 = 2 days missing (a day before the
goal's start is not missing): fewer known days make the week incomplete."""

UNKNOWN = "unknown"
"""The status of a goal to lower something whose level is too thin to judge (an incomplete week,
a stale reading level): never read as success."""

STATUS_WORDS = {UNKNOWN: "not enough check-ins"}
"""How a status is said on a page; a status not here is said as it is ("on track")."""


def status_words(goal_status: str) -> str:
    """A status as people read it: "unknown" is "not enough check-ins", the rest as they are."""
    return STATUS_WORDS.get(goal_status, goal_status)


@dataclass(frozen=True)
class Level:
    """Where a goal stands, made from several check-ins rather than one lucky value."""

    value: float
    readings: int  # how many check-in values make it (reading: at most 3)
    stale: bool  # a reading goal with no reading in the last 28 days: the latest value ever
    # A weekly total: the days of its 7 with a check-in value (0 is a known day: "none today"),
    # and the days of the 7 that could have one (those on or after the start). None: a reading.
    days_known: int | None = None
    days_counted: int = WEEK_DAYS

    @property
    def complete(self) -> bool:
        """A reading level is complete unless stale; a weekly total unless more than 2 of its
        counted days are unknown."""
        if self.days_known is None:
            return not self.stale
        return week_complete(self.days_known, self.days_counted)


def week_complete(days_known: int, days_counted: int) -> bool:
    """A weekly total's 7 days are complete when at most 2 of the days that count are unknown."""
    return days_counted - days_known <= WEEK_DAYS - COMPLETE_WEEK_DAYS


def level(
    kind: Kind,
    readings: Sequence[Reading],
    baseline: float,
    as_of: date,
    start: date | None = None,
) -> Level:
    """The level progress is judged from, on as_of.

    reading: the mean of the latest 3 values among those in the 28 days ending as_of; with none
    there, the latest value ever (stale); with no value at all, the baseline.
    weekly_total: the sum of the values of the known days among the 7 ending as_of, with how many
    days are known and how many count (days before `start` do not: nothing was due then).
    Readings are the check-ins that have a value, one per day.
    """
    known = sorted((day, value) for day, value in readings if day <= as_of)
    if kind == "weekly_total":
        first = as_of - timedelta(days=WEEK_DAYS - 1)
        if start is not None and start > first:
            first = start
        week = [(day, value) for day, value in known if day >= first]
        counted = max(0, (as_of - first).days + 1)
        return Level(
            float(sum(value for _, value in week)),
            len(week),
            stale=False,
            days_known=len({day for day, _ in week}),
            days_counted=counted,
        )
    first = as_of - timedelta(days=READING_WINDOW_DAYS - 1)
    recent = [value for day, value in known if day >= first][-LEVEL_READINGS:]
    if recent:
        return Level(sum(recent) / len(recent), len(recent), stale=False)
    if known:
        return Level(known[-1][1], 1, stale=True)
    return Level(baseline, 0, stale=False)


def is_starting(kind: Kind, start: date, as_of: date) -> bool:
    """A weekly total is 'starting' until the 7 days ending as_of all fall on or after its start."""
    return kind == "weekly_total" and (as_of - start).days < WEEK_DAYS - 1


def can_be_achieved(kind: Kind, goal_level: Level, start: date, as_of: date) -> bool:
    """Achieved needs a sustained level: 3 readings, or a full first week of totals."""
    if kind == "weekly_total":
        return not is_starting(kind, start, as_of)
    return goal_level.readings >= LEVEL_READINGS


def judged_status(
    kind: Kind,
    goal_level: Level,
    progress_made: float,
    expected: float,
    start: date,
    target_date: date,
    as_of: date,
    goal_direction: Direction = "increase",
) -> str:
    """status(), with the rules against premature or flattering verdicts: 'starting' for a
    weekly total in its first week; 'unknown' for a goal to lower something whose level is not
    complete (an incomplete week: its unknown days would read as zeros; a stale reading); and no
    'achieved' before the level is sustained (judged as not achieved). A goal to raise something
    is judged on an incomplete week as it stands: its total is a lower bound."""
    if is_starting(kind, start, as_of):
        return "starting"
    if goal_direction == "decrease" and not goal_level.complete:
        return UNKNOWN
    if progress_made >= 1.0 - EPSILON and not can_be_achieved(kind, goal_level, start, as_of):
        progress_made = min(progress_made, 1.0 - 2 * EPSILON)  # judged as not (yet) achieved
    return status(progress_made, expected, target_date, as_of)


@dataclass(frozen=True)
class Standing:
    """Where a goal stands on a day, judged once (standing()) for every page that shows it."""

    kind: Kind
    direction: Direction
    level: Level
    progress: float  # from the level; for an unjudged level of a decrease goal an upper bound
    expected: float
    status: str

    @property
    def days_known(self) -> int | None:
        return self.level.days_known

    @property
    def complete(self) -> bool:
        return self.level.complete

    @property
    def at_least(self) -> bool:
        """A goal to raise something judged on an incomplete week: its total is a lower bound."""
        return self.direction == "increase" and not self.complete

    @property
    def judged(self) -> bool:
        return progress_judged(self.direction, self.status)


def progress_judged(goal_direction: str, goal_status: str) -> bool:
    """Whether a goal's level may be shown as a figure of progress (a percentage, "down 18 from
    the start"): not for a goal to lower something on a level too thin to judge, nor on the
    part-week of its first week, where the unknown days would read as zeros."""
    return goal_direction == "increase" or goal_status not in (UNKNOWN, "starting")


def standing(
    kind: Kind,
    readings: Sequence[Reading],
    baseline: float,
    target: float,
    start: date,
    target_date: date,
    as_of: date,
) -> Standing:
    """The one judgement of a goal on as_of (level, progress, status) that every output uses:
    the report and its pages, `goal show`, the check-in line and the caseload."""
    goal_level = level(kind, readings, baseline, as_of, start)
    goal_direction = direction(baseline, target)
    done = progress(baseline, target, goal_level.value)
    expected = expected_progress(start, target_date, as_of)
    judged = judged_status(
        kind, goal_level, done, expected, start, target_date, as_of, goal_direction
    )
    return Standing(kind, goal_direction, goal_level, done, expected, judged)


def days_logged_words(days_known: int, days_counted: int) -> str:
    """ "3 of 7 days logged", "1 of 1 day logged"."""
    return f"{days_known} of {days_counted} day{'' if days_counted == 1 else 's'} logged"


def level_words(
    kind: str,
    goal_direction: str,
    value: str,
    days_known: int | None,
    days_counted: int,
) -> str:
    """The level as a page labels it; `value` is the level already written with its unit.

    weekly total: "last 7 days: 8", with the days logged when some are missing ("last 7 days: 8
    (6 of 7 days logged)"); incomplete, a goal to raise something reads "at least 2 (3 of 7 days
    logged)" and a goal to lower something, whose status says "not enough check-ins", "only 3 of
    7 days logged (5 drinks on those)" or "0 of 7 days logged". A reading: "level 4".
    """
    if kind != "weekly_total" or days_known is None:
        return f"level {value}"
    logged = days_logged_words(days_known, days_counted)
    if week_complete(days_known, days_counted):
        missing = f" ({logged})" if days_known < days_counted else ""
        return f"last 7 days: {value}{missing}"
    if goal_direction == "increase":
        return f"last 7 days: at least {value} ({logged})"
    if days_known == 0:
        return f"last 7 days: {logged}"
    return f"last 7 days: only {logged} ({value} on those)"


UNUSUAL_FACTOR = 3
"""A value more than this many times the larger of baseline and target looks like a typo."""


def unusual_value(kind: Kind, baseline: float, target: float, value: float) -> bool:
    """Whether a day's value lies far outside the goal's scale: more than 3× the larger of
    baseline and target, or below 0 for a count (a weekly total, or a goal whose baseline and
    target are both 0 or more). For a weekly total pass the day's total after the entry."""
    largest = max(baseline, target)
    if largest > 0 and value > UNUSUAL_FACTOR * largest + EPSILON:
        return True
    counts = kind == "weekly_total" or min(baseline, target) >= 0
    return counts and value < 0


def unusual_words(kind: Kind, value: str) -> str:
    """What is asked about: "11 walks in one day" (a weekly total's day) or "300 minutes";
    `value` is the value already written with its unit."""
    return f"{value} in one day" if kind == "weekly_total" else value


# The goal's rhythm: num check-ins per den days (daily 1/1, "3 per week" 3/7, weekly 1/7).
Rhythm = tuple[int, int]


def parse_rhythm(text: str) -> Rhythm:
    """The frequency as (num, den): 'daily' (1, 1), 'weekly' (1, 7), '3 per week' (3, 7)."""
    per_day = parse_frequency(text)
    if per_day == 1.0:  # "7 per week" is daily, as check_frequency stores it
        return (1, 1)
    return (round(per_day * WEEK_DAYS), WEEK_DAYS)


def rhythm_multiplier(rhythm: Rhythm) -> float:
    """Loop Habit Tracker's daily decay m = 0.5 ** (√f / 13), with f = num / den."""
    num, den = rhythm
    return float(0.5 ** (math.sqrt(num / den) / 13))


def counting_window(rhythm: Rhythm) -> Rhythm:
    """(num′, den′): Loop Habit Tracker doubles the counting window of a goal slower than daily."""
    num, den = rhythm
    return (2 * num, 2 * den) if num < den else (num, den)


def strength_first_day(start: date, as_of: date, rhythm: Rhythm) -> date | None:
    """The earliest day whose check-in can change rhythm_strength on as_of (by more than
    STRENGTH_TOLERANCE); None before the start. Storage reads check-ins from here on only."""
    if as_of < start:
        return None
    horizon = _horizon_days(rhythm_multiplier(rhythm))
    # Compare day counts rather than subtract, so dates near year 1 cannot overflow.
    first = start if (as_of - start).days <= horizon else as_of - timedelta(days=horizon)
    den = counting_window(rhythm)[1]
    return first - timedelta(days=den - 1) if first.toordinal() > den else first


def rhythm_strength(
    checkin_days: Collection[date], start: date, as_of: date, rhythm: Rhythm
) -> float:
    """Habit strength (0..1) as Loop Habit Tracker computes it, in the goal's own rhythm.

    For f = num/den < 1 the counting window is doubled (num′ = 2·num, den′ = 2·den). From 0
    before the start, each day d up to as_of applies score = score·m + v·(1 − m), where
    v = min(1, k / num′) and k counts the check-in days in [d − den′ + 1, d]. Days more than
    STRENGTH_HORIZON_DAYS before as_of change the score by less than STRENGTH_TOLERANCE and are
    skipped, so the cost is bounded whatever the history's length.
    """
    if as_of < start:
        return 0.0
    num, den = counting_window(rhythm)
    m = rhythm_multiplier(rhythm)
    horizon = _horizon_days(m)
    first = start if (as_of - start).days <= horizon else as_of - timedelta(days=horizon)
    ordinals = {day.toordinal() for day in checkin_days if day <= as_of}
    last = as_of.toordinal()
    day = first.toordinal()
    k = sum(1 for back in range(den) if day - back in ordinals)
    score = 0.0
    while True:
        score = score * m + min(1.0, k / num) * (1.0 - m)
        if day == last:
            break
        day += 1  # slide the window [day − den′ + 1, day] on by one day
        k += (day in ordinals) - (day - den in ordinals)
    return min(1.0, max(0.0, score))


StreakUnit = Literal["days", "weeks"]


def rhythm_streak(
    checkin_days: Collection[date], as_of: date, rhythm: Rhythm
) -> tuple[int, StreakUnit]:
    """The streak in the goal's rhythm: days for a daily goal (ending today, or yesterday while
    today has none); for weekly and 'N per week' goals, consecutive 7-day blocks counted back
    from as_of (as_of−6…as_of, then the 7 days before, …) with at least num check-in days each;
    if the block ending as_of falls short, counting starts from the block before it."""
    if rhythm == (1, 1):
        return streak(checkin_days, as_of), "days"
    num = rhythm[0]
    days = set(checkin_days)

    def in_block(index: int) -> int:
        last = as_of - timedelta(days=WEEK_DAYS * index)
        return sum(1 for back in range(WEEK_DAYS) if last - timedelta(days=back) in days)

    index = 0 if in_block(0) >= num else 1
    count = 0
    while in_block(index) >= num:  # ends: a block before every check-in holds none
        count += 1
        index += 1
    return count, "weeks"


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
    readings: Sequence[Reading], as_of: date, weeks: int, start: date | None = None
) -> list[Level]:
    """A weekly total's levels over the `weeks` 7-day blocks ending as_of, oldest first, each
    with its days known (level() on each block's last day)."""
    return [
        level("weekly_total", readings, 0.0, as_of - timedelta(days=WEEK_DAYS * back), start)
        for back in range(weeks - 1, -1, -1)
    ]


def trend(
    kind: Kind,
    readings: Sequence[Reading],
    baseline: float,
    target: float,
    start: date,
    as_of: date,
) -> Trend | None:
    """The goal's trend per week, and whether it moves towards the target; None with too few points.

    reading: the Theil–Sen slope of the (day, value) readings in the 28 days ending as_of, × 7;
    needs at least 4 readings. weekly_total: the Theil–Sen slope of the four 7-day totals ending
    as_of; needs the four weeks to have begun on or after the start, and for a goal to lower
    something leaves out the incomplete weeks (fewer than two left: None). improving: it moves towards
    the target by at least 5% of |target − baseline| a week; worsening: away by as much.
    """
    if kind == "weekly_total":
        if (as_of - start).days < TREND_WEEKS * WEEK_DAYS - 1:
            return None
        weeks = week_levels(readings, as_of, TREND_WEEKS, start)
        # For a goal to lower something an incomplete week is no point: its unknown days would
        # be drawn as zeros, i.e. as improvement. A goal to raise something keeps its lower bound.
        decreasing = target < baseline
        slope = theil_sen(
            [
                (float(week), weekly.value)
                for week, weekly in enumerate(weeks)
                if weekly.complete or not decreasing
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
