"""The report figures' SQL and their type, without SQLAlchemy: storage/figures.py runs them
through a session, storage/quick.py (the flag form of `goal log`) over the sqlite3 module, so
both read the same figures from the same statements."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any, Protocol

from goalcli.core.progress import habit, levels


class Rhythmic(Protocol):
    """What the figures' bounds read of a goal: when it started and how often it is checked."""

    @property
    def start_date(self) -> date: ...
    @property
    def frequency(self) -> str: ...


@dataclass(frozen=True)
class FigureBounds:
    """What the goal's figures are read over (storage.figure_queries.GOAL_FIGURES' parameters)."""

    period_start: date
    window_first: date
    block_days: int
    num: int


def figure_bounds(goal: Rhythmic, as_of: date, since: date | None) -> FigureBounds:
    """One bounded window serves the habit strength (its horizon) and the level and trend (28
    days), so the cost stays flat however long the history grows."""
    start = goal.start_date
    rhythm = habit.parse_rhythm(goal.frequency)
    recent_first = as_of - timedelta(days=levels.READING_WINDOW_DAYS - 1)
    strength_first = habit.strength_first_day(start, as_of, rhythm)
    return FigureBounds(
        period_start=max(start, since) if since else start,
        window_first=min(strength_first, recent_first) if strength_first else recent_first,
        block_days=1 if rhythm == (1, 1) else levels.WEEK_DAYS,
        num=rhythm[0],
    )


@dataclass(frozen=True)
class GoalFigures:
    """A goal's report figures, aggregated in SQL over the (goal_id, day) indexes."""

    latest_value: float | None  # the latest check-in with a value, up to as_of
    latest_value_day: date | None  # ...and its day
    checkins: int  # check-ins in the period
    last_checkin: date | None  # the latest one in the period
    streak: int  # consecutive blocks (of block_days) with at least `num` check-in days
    gas: int | None  # the latest GAS level given (the shared rating; members' are the review's)
    gbo_first: int | None  # the first and latest GBO ratings given
    gbo_last: int | None
    window: list[tuple[date, float | None]]  # (day, value) of the check-ins from window_first


# One round trip per goal for the aggregates. Every subquery is a range or point lookup on
# UNIQUE(goal_id, day) of checkin or review; none loads rows into Python, and only the period's
# count visits more than a handful of index entries. The streak is counted in Python from the
# window's check-ins (habit.streak_so_far), and GOAL_STREAK_FROM goes on from there only when it
# reaches further back than the window (a run longer than the 800 days of habit strength).
# Its parameters: figures_parameters (read, as the window is, over the database module's own
# connection: SQLAlchemy's statement cost more than the read).
GOAL_FIGURES = """
SELECT
  (SELECT value FROM checkin
    WHERE goal_id = ? AND day <= ? AND value IS NOT NULL
    ORDER BY day DESC LIMIT 1),
  (SELECT day FROM checkin
    WHERE goal_id = ? AND day <= ? AND value IS NOT NULL
    ORDER BY day DESC LIMIT 1),
  (SELECT count(*) FROM checkin WHERE goal_id = ? AND day BETWEEN ? AND ?),
  (SELECT max(day) FROM checkin WHERE goal_id = ? AND day BETWEEN ? AND ?),
  (SELECT gas FROM review
    WHERE goal_id = ? AND day <= ? AND gas IS NOT NULL AND member IS NULL
    ORDER BY day DESC LIMIT 1),
  (SELECT gbo FROM review
    WHERE goal_id = ? AND day <= ? AND gbo IS NOT NULL AND member IS NULL
    ORDER BY day ASC LIMIT 1),
  (SELECT gbo FROM review
    WHERE goal_id = ? AND day <= ? AND gbo IS NOT NULL AND member IS NULL
    ORDER BY day DESC LIMIT 1)
"""

# The rest of a streak older than the window: the met blocks in a row from block :from_block
# (block 0 ends on :as_of; block_days 1 for a daily goal, 7 for a weekly or "N per week" one;
# see habit.rhythm_streak), walked back one block at a time, each step one index range count,
# so it costs the rest of the streak, not the history. Check-ins before the start do not count.
GOAL_STREAK_FROM = """
WITH RECURSIVE run(block) AS (
  SELECT CAST(:from_block AS INTEGER)
  UNION ALL
  SELECT run.block + 1 FROM run
   WHERE (SELECT count(*) FROM checkin
           WHERE goal_id = :goal AND day >= :start
             AND day BETWEEN {before(':block_days * (run.block + 1) - 1')}
                         AND {before(':block_days * run.block')}) >= :num)
SELECT count(*) - 1 FROM run
"""

# The day `days` before :as_of as ISO text, in each engine's words (days is an SQL expression).
_DAYS_BEFORE = {
    "sqlite": "date(:as_of, printf('-%d days', {days}))",
    "postgresql": "to_char(to_date(:as_of, 'YYYY-MM-DD') - ({days}), 'YYYY-MM-DD')",
}


@cache
def goal_streak_query(dialect: str) -> str:
    """GOAL_STREAK_FROM in `dialect`'s words (named :parameters)."""

    def before(days: str) -> str:
        return _DAYS_BEFORE[dialect].format(days=days)

    query = GOAL_STREAK_FROM
    for days in re.findall(r"\{before\('([^']*)'\)\}", query):
        query = query.replace(f"{{before('{days}')}}", before(days))
    return query


# The bounded window of check-ins the level, trend and habit strength are computed from: an
# index range on (goal_id, day), at most the strength horizon (about 800 days) long. Its
# parameters are (goal, first day, as_of), as `?` placeholders: it is read over the database
# module's own connection (storage.database.sqlite_connection), rows as plain tuples, for the
# ORM's result rows cost more than the read itself (800 rows a goal).
GOAL_WINDOW = """
SELECT day, value FROM checkin WHERE goal_id = ? AND day BETWEEN ? AND ? ORDER BY day
"""


def figures_parameters(goal_id: int, as_of: date, period_start: date) -> tuple[Any, ...]:
    """GOAL_FIGURES' parameters, in the order of its placeholders."""
    goal, day, period = goal_id, as_of.isoformat(), period_start.isoformat()
    return (goal, day, goal, day, goal, period, day, goal, period, day) + (goal, day) * 3


def window_parameters(goal_id: int, bounds: FigureBounds, as_of: date) -> tuple[int, str, str]:
    """GOAL_WINDOW's parameters."""
    return (goal_id, bounds.window_first.isoformat(), as_of.isoformat())


def figures_from_rows(
    row: Sequence[Any],
    window: Iterable[Sequence[Any]],
    *,
    start: date,
    as_of: date,
    bounds: FigureBounds,
) -> tuple[GoalFigures, int | None]:
    """GoalFigures from GOAL_FIGURES' one row and GOAL_WINDOW's rows (read from
    bounds.window_first), with the streak as far as the window holds it; and None, or the block
    from which GOAL_STREAK_FROM must count the rest of the streak (to add to the figures')."""
    latest, latest_day, count, last, gas, gbo_first, gbo_last = row
    days = [(date.fromisoformat(day), value) for day, value in window]
    rhythm = (bounds.num, 1 if bounds.block_days == 1 else levels.WEEK_DAYS)
    # Check-ins before the start do not count; all of them since are known when it is inside
    # the window.
    known_from = bounds.window_first if bounds.window_first > start else None
    streak, further = habit.streak_so_far(
        [day for day, _ in days if start <= day], as_of, rhythm, known_from
    )
    figures = GoalFigures(
        latest_value=latest,
        latest_value_day=date.fromisoformat(latest_day) if latest_day else None,
        checkins=int(count),
        last_checkin=date.fromisoformat(last) if last else None,
        streak=streak,
        gas=gas,
        gbo_first=gbo_first,
        gbo_last=gbo_last,
        window=days,
    )
    return figures, further


def streak_parameters(
    goal_id: int, start: date, as_of: date, bounds: FigureBounds, block: int
) -> dict[str, Any]:
    """GOAL_STREAK_FROM's parameters, to count the streak on from `block`."""
    return {
        "goal": goal_id,
        "as_of": as_of.isoformat(),
        "start": start.isoformat(),
        "block_days": bounds.block_days,
        "num": bounds.num,
        "from_block": block,
    }
