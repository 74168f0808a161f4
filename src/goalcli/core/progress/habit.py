"""A goal's habit: its rhythm (how often check-ins are due), the streak in that rhythm, and
habit strength as Loop Habit Tracker computes it.

These definitions are a public contract; users' own scripts rely on them, so change them only
with a changelog entry. Dates are ``datetime.date``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from datetime import date, timedelta
from itertools import accumulate
from operator import sub
from typing import Literal

from goalcli.core.progress.levels import EPSILON, WEEK_DAYS
from goalcli.errors import InputError, quote

STRENGTH_TOLERANCE = 1e-6
"""Largest error rhythm_strength may make by ignoring days beyond its window."""

STRENGTH_HORIZON_DAYS = 800
"""Days before as_of that rhythm_strength looks at.

Even at the slowest frequency goalcli accepts (once a week), a check-in older
than this contributes less than STRENGTH_TOLERANCE: m**800 ≈ 1e-7.
"""


def streak(checkin_days: Collection[date], as_of: date, excused_days: Collection[date] = ()) -> int:
    """Count consecutive check-in days ending as_of (or yesterday, if today has none yet).
    An excused day (ill, away: `goal skip`) neither counts nor breaks the streak."""
    days = checkin_days if isinstance(checkin_days, set | frozenset) else set(checkin_days)
    excused = set(excused_days) - days
    day = as_of if as_of in days or as_of in excused else as_of - timedelta(days=1)
    count = 0
    while day in days or day in excused:
        count += day in days
        day -= timedelta(days=1)
    return count


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
    checkin_days: Collection[date],
    start: date,
    as_of: date,
    rhythm: Rhythm,
    excused_days: Collection[date] = (),
) -> float:
    """Habit strength (0..1) as Loop Habit Tracker computes it, in the goal's own rhythm.

    For f = num/den < 1 the counting window is doubled (num′ = 2·num, den′ = 2·den). From 0
    before the start, each day d up to as_of applies score = score·m + v·(1 − m), where
    v = min(1, k / num′) and k counts the check-in days in [d − den′ + 1, d]. Days more than
    STRENGTH_HORIZON_DAYS before as_of change the score by less than STRENGTH_TOLERANCE and are
    skipped, so the cost is bounded whatever the history's length.

    An excused day (Loop's skip) freezes the score: with score s, on an excused day s stays s;
    the counting window still slides over it.
    """
    if as_of < start:
        return 0.0
    num, den = counting_window(rhythm)
    m = rhythm_multiplier(rhythm)
    horizon = _horizon_days(m)
    first = start if (as_of - start).days <= horizon else as_of - timedelta(days=horizon)
    last = as_of.toordinal()
    day = first.toordinal()
    # The same arithmetic as score·m + min(1, k/num′)·(1 − m), in the same order, so the same
    # floats; with each k read from running totals of a byte array of the check-ins (days
    # day − den′ … as_of) and its term looked up, for this loop runs up to 800 times a goal.
    base = day - den
    done = bytearray(last - base + 1)
    for checkin_day in checkin_days:
        ordinal = checkin_day.toordinal()
        if base <= ordinal <= last:
            done[ordinal - base] = 1
    totals = [0, *accumulate(done)]  # totals[i]: check-ins on the days before base + i
    # k on the day base + i (i from den′): the check-ins in [base + i − den′ + 1, base + i].
    counts = list(map(sub, totals[den + 1 :], totals[1 : len(done) + 1 - den]))
    terms = [min(1.0, count / num) * (1.0 - m) for count in range(den + 1)]
    score = 0.0
    if excused_days:
        excused = {excused_day.toordinal() for excused_day in excused_days}
        for offset, k in enumerate(counts):
            # A day with a check-in counts even when it is also marked excused.
            if day + offset not in excused or done[den + offset]:
                score = score * m + terms[k]
    else:
        for k in counts:
            score = score * m + terms[k]
    return min(1.0, max(0.0, score))


StreakUnit = Literal["days", "weeks"]


def rhythm_streak(
    checkin_days: Collection[date],
    as_of: date,
    rhythm: Rhythm,
    excused_days: Collection[date] = (),
) -> tuple[int, StreakUnit]:
    """The streak in the goal's rhythm: days for a daily goal (ending today, or yesterday while
    today has none); for weekly and 'N per week' goals, consecutive 7-day blocks counted back
    from as_of (as_of−6…as_of, then the 7 days before, …) with at least num check-in days each;
    if the block ending as_of falls short, counting starts from the block before it.

    Excused days (`goal skip`): a block whose 7 days are all excused is passed over (it neither
    counts nor breaks the streak); a block with some excused days is met with num prorated
    over its other days, as a weekly total's target is (3 a week with 2 days excused: at least
    3 × 5/7 ≈ 2.1, so 3 check-in days; with 4 excused: 1.3, so 2)."""
    if rhythm == (1, 1):
        return streak(checkin_days, as_of, excused_days), "days"
    num = rhythm[0]
    days = set(checkin_days)
    excused = set(excused_days) - days

    def block(index: int) -> tuple[int, int]:
        """The block's check-in days and excused days."""
        last = as_of - timedelta(days=WEEK_DAYS * index)
        span = [last - timedelta(days=back) for back in range(WEEK_DAYS)]
        return sum(day in days for day in span), sum(day in excused for day in span)

    def met(done: int, off: int) -> bool:
        return done >= num * (WEEK_DAYS - off) / WEEK_DAYS - EPSILON

    done, off = block(0)
    index = 0 if off == WEEK_DAYS or met(done, off) else 1
    count = 0
    while True:  # ends: a block before every check-in and excused day holds none, so falls short
        done, off = block(index)
        index += 1
        if off == WEEK_DAYS:
            continue
        if not met(done, off):
            return count, "weeks"
        count += 1


def streak_so_far(
    checkin_days: Collection[date], as_of: date, rhythm: Rhythm, known_from: date | None = None
) -> tuple[int, int | None]:
    """rhythm_streak with no excused days, from check-in days known only from `known_from` on
    (None: all of them; block 0 must be known, and an older day may simply be missing).

    Returns (streak, None) when the run ends among the known days. When it reaches back past
    them, returns (the blocks counted so far, the index of the first block not wholly known):
    the streak is then that count plus the run of met blocks from that index on (block 0 ends
    on as_of, block i is the block before block i - 1), which only the older days can tell."""
    num = rhythm[0]
    last = as_of.toordinal()
    known = 1 if known_from is None else known_from.toordinal()  # ordinal 1 is 0001-01-01
    ordinals = {day.toordinal() for day in checkin_days}
    if rhythm == (1, 1):
        if last < known:
            raise ValueError("streak_so_far needs the day as_of among the known days")
        end = last if last in ordinals else last - 1
        day = end
        while day >= known and day in ordinals:
            day -= 1
        if day < known and known_from is not None:
            return end - day, last - day
        return end - day, None
    block = WEEK_DAYS

    def met(index: int) -> bool:
        end = last - block * index
        return sum(day in ordinals for day in range(end - block + 1, end + 1)) >= num

    def wholly_known(index: int) -> bool:
        return last - block * (index + 1) + 1 >= known

    if not wholly_known(0):
        raise ValueError("streak_so_far needs the 7 days ending as_of among the known days")
    index = 0 if met(0) else 1
    count = 0
    while wholly_known(index):
        if not met(index):
            return count, None
        count += 1
        index += 1
    if known_from is None:  # before 0001-01-01: nothing was done there
        return count, None
    return count, index
