"""The report's figures, aggregated in SQL over the (goal_id, day) indexes of checkin and review:
what a goal's row in the report shows, without loading its history into Python. Every function
works inside a session the caller opened (see database.Database)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import TextClause
from sqlalchemy import text as sql_text
from sqlmodel import Session


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
# count visits more than a handful of index entries.
# The streak walks back one block at a time from as_of (block_days 1 for a daily goal, 7 for a
# weekly or "N per week" one; see progress.rhythm_streak), each step one index range count, so
# it costs the streak's length, not the history's. Check-ins before the start do not count.
_GOAL_FIGURES = """
WITH RECURSIVE run(block) AS (
  SELECT CASE WHEN (SELECT count(*) FROM checkin
                     WHERE goal_id = :goal AND day >= :start
                       AND day BETWEEN {before(':block_days - 1')}
                                   AND :as_of) >= :num
              THEN 0 ELSE 1 END
  UNION ALL
  SELECT run.block + 1 FROM run
   WHERE (SELECT count(*) FROM checkin
           WHERE goal_id = :goal AND day >= :start
             AND day BETWEEN {before(':block_days * (run.block + 1) - 1')}
                         AND {before(':block_days * run.block')}) >= :num)
SELECT
  (SELECT value FROM checkin
    WHERE goal_id = :goal AND day <= :as_of AND value IS NOT NULL
    ORDER BY day DESC LIMIT 1),
  (SELECT day FROM checkin
    WHERE goal_id = :goal AND day <= :as_of AND value IS NOT NULL
    ORDER BY day DESC LIMIT 1),
  (SELECT count(*) FROM checkin WHERE goal_id = :goal AND day BETWEEN :period AND :as_of),
  (SELECT max(day) FROM checkin WHERE goal_id = :goal AND day BETWEEN :period AND :as_of),
  (SELECT count(*) - 1 FROM run),
  (SELECT gas FROM review
    WHERE goal_id = :goal AND day <= :as_of AND gas IS NOT NULL AND member IS NULL
    ORDER BY day DESC LIMIT 1),
  (SELECT gbo FROM review
    WHERE goal_id = :goal AND day <= :as_of AND gbo IS NOT NULL AND member IS NULL
    ORDER BY day ASC LIMIT 1),
  (SELECT gbo FROM review
    WHERE goal_id = :goal AND day <= :as_of AND gbo IS NOT NULL AND member IS NULL
    ORDER BY day DESC LIMIT 1)
"""

# The day `days` before :as_of as ISO text, in each engine's words (days is an SQL expression).
_DAYS_BEFORE = {
    "sqlite": "date(:as_of, printf('-%d days', {days}))",
    "postgresql": "to_char(to_date(:as_of, 'YYYY-MM-DD') - ({days}), 'YYYY-MM-DD')",
}


@cache
def _goal_figures_sql(dialect: str) -> TextClause:
    def before(days: str) -> str:
        return _DAYS_BEFORE[dialect].format(days=days)

    query = _GOAL_FIGURES
    for days in re.findall(r"\{before\('([^']*)'\)\}", query):
        query = query.replace(f"{{before('{days}')}}", before(days))
    return sql_text(query)


# The bounded window of check-ins the level, trend and habit strength are computed from: an
# index range on (goal_id, day), at most the strength horizon (about 800 days) long.
_GOAL_WINDOW = sql_text("""
SELECT day, value FROM checkin WHERE goal_id = :goal AND day BETWEEN :first AND :as_of
 ORDER BY day
""")


def goal_figures(
    session: Session,
    goal_id: int,
    *,
    as_of: date,
    start: date,
    period_start: date,
    window_first: date,
    block_days: int,
    num: int,
) -> GoalFigures:
    """The figures the report shows for one goal; see _GOAL_FIGURES for what each costs."""
    row = session.execute(
        _goal_figures_sql(session.get_bind().dialect.name),
        {
            "goal": goal_id,
            "as_of": as_of.isoformat(),
            "start": start.isoformat(),
            "period": period_start.isoformat(),
            "block_days": block_days,
            "num": num,
        },
    ).one()
    latest, latest_day, count, last, streak, gas, gbo_first, gbo_last = row
    window = session.execute(
        _GOAL_WINDOW,
        {"goal": goal_id, "first": window_first.isoformat(), "as_of": as_of.isoformat()},
    ).all()
    return GoalFigures(
        latest_value=latest,
        latest_value_day=date.fromisoformat(latest_day) if latest_day else None,
        checkins=int(count),
        last_checkin=date.fromisoformat(last) if last else None,
        streak=max(0, int(streak)),
        gas=gas,
        gbo_first=gbo_first,
        gbo_last=gbo_last,
        window=[(date.fromisoformat(day), value) for day, value in window],
    )


# A goal's latest notes in a period and latest values, newest first, in one round trip; each
# half reads at most its LIMIT of entries from the end of the goal's (goal_id, day) range.
_GOAL_RECENT = sql_text("""
SELECT * FROM (
  SELECT 'note', day, note, CAST(NULL AS DOUBLE PRECISION) FROM checkin
   WHERE goal_id = :goal AND day BETWEEN :period AND :as_of AND note IS NOT NULL AND note != ''
   ORDER BY day DESC LIMIT :notes) AS notes
UNION ALL
SELECT * FROM (
  SELECT 'value', day, CAST(NULL AS TEXT), value FROM checkin
   WHERE goal_id = :goal AND day <= :as_of AND value IS NOT NULL
   ORDER BY day DESC LIMIT :values) AS latest_values
""")


def goal_recent(
    session: Session, goal_id: int, *, as_of: date, period_start: date, notes: int, values: int
) -> tuple[list[tuple[date, str]], list[tuple[date, float]]]:
    """The period's latest `notes` notes (newest first) and the goal's latest `values` values
    with their days (oldest first, for a trend line)."""
    rows = session.execute(
        _GOAL_RECENT,
        {
            "goal": goal_id,
            "as_of": as_of.isoformat(),
            "period": period_start.isoformat(),
            "notes": notes,
            "values": values,
        },
    ).all()
    # Notes and values in columns of their own: PostgreSQL's UNION wants one type a column.
    written = [(date.fromisoformat(day), note) for kind, day, note, _ in rows if kind == "note"]
    recent = [(date.fromisoformat(day), value) for kind, day, _, value in rows if kind == "value"]
    return written, recent[::-1]
