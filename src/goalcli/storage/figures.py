"""The report's figures, aggregated in SQL over the (goal_id, day) indexes of checkin and review:
what a goal's row in the report shows, without loading its history into Python. Every function
works inside a session the caller opened (see database.Database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import text as sql_text
from sqlmodel import Session


@dataclass(frozen=True)
class GoalFigures:
    """A goal's report figures, aggregated in SQL over the (goal_id, day) indexes."""

    latest_value: float | None  # the latest check-in with a value, up to as_of
    checkins: int  # check-ins in the period
    last_checkin: date | None  # the latest one in the period
    strength_weights: float  # Σ m**(as_of − d) over check-in days d in the strength window
    streak: int  # consecutive check-in days ending as_of (or the day before), from start
    gas: int | None  # the latest GAS level given
    gbo_first: int | None  # the first and latest GBO ratings given
    gbo_last: int | None


# One round trip per goal. Every subquery is a range or point lookup on UNIQUE(goal_id, day)
# of checkin or review; none loads rows into Python, and only the count and the strength sum
# visit more than a handful of index entries (the period, and at most the 800-day window).
# The streak walks back one day at a time from as_of (or the day before when as_of has no
# check-in), each step one index probe, so it costs the streak's length, not the history's.
_GOAL_FIGURES = sql_text("""
SELECT
  (SELECT value FROM checkin
    WHERE goal_id = :goal AND day <= :as_of AND value IS NOT NULL
    ORDER BY day DESC LIMIT 1),
  (SELECT count(*) FROM checkin WHERE goal_id = :goal AND day BETWEEN :period AND :as_of),
  (SELECT max(day) FROM checkin WHERE goal_id = :goal AND day BETWEEN :period AND :as_of),
  (SELECT total(pow(:m, julianday(:as_of) - julianday(day))) FROM checkin
    WHERE goal_id = :goal AND day BETWEEN :first AND :as_of),
  (WITH RECURSIVE run(day) AS (
     SELECT CASE WHEN EXISTS (SELECT 1 FROM checkin WHERE goal_id = :goal AND day = :as_of)
                 THEN :as_of ELSE date(:as_of, '-1 day') END
     UNION ALL
     SELECT date(run.day, '-1 day') FROM run
      WHERE run.day >= :start
        AND EXISTS (SELECT 1 FROM checkin WHERE goal_id = :goal AND day = run.day))
   SELECT count(*) - 1 FROM run),
  (SELECT gas FROM review
    WHERE goal_id = :goal AND day <= :as_of AND gas IS NOT NULL ORDER BY day DESC LIMIT 1),
  (SELECT gbo FROM review
    WHERE goal_id = :goal AND day <= :as_of AND gbo IS NOT NULL ORDER BY day ASC LIMIT 1),
  (SELECT gbo FROM review
    WHERE goal_id = :goal AND day <= :as_of AND gbo IS NOT NULL ORDER BY day DESC LIMIT 1)
""")


def goal_figures(
    session: Session,
    goal_id: int,
    *,
    as_of: date,
    start: date,
    period_start: date,
    strength_first: date,
    multiplier: float,
) -> GoalFigures:
    """The figures the report shows for one goal; see _GOAL_FIGURES for what each costs."""
    row = session.execute(
        _GOAL_FIGURES,
        {
            "goal": goal_id,
            "as_of": as_of.isoformat(),
            "start": start.isoformat(),
            "period": period_start.isoformat(),
            "first": strength_first.isoformat(),
            "m": multiplier,
        },
    ).one()
    latest, count, last, weights, streak, gas, gbo_first, gbo_last = row
    return GoalFigures(
        latest_value=latest,
        checkins=int(count),
        last_checkin=date.fromisoformat(last) if last else None,
        strength_weights=float(weights),
        streak=max(0, int(streak)),
        gas=gas,
        gbo_first=gbo_first,
        gbo_last=gbo_last,
    )


# A goal's latest notes in a period and latest values, newest first, in one round trip; each
# half reads at most its LIMIT of entries from the end of the goal's (goal_id, day) range.
_GOAL_RECENT = sql_text("""
SELECT * FROM (
  SELECT 'note', day, note FROM checkin
   WHERE goal_id = :goal AND day BETWEEN :period AND :as_of AND note IS NOT NULL AND note != ''
   ORDER BY day DESC LIMIT :notes)
UNION ALL
SELECT * FROM (
  SELECT 'value', day, value FROM checkin
   WHERE goal_id = :goal AND day <= :as_of AND value IS NOT NULL
   ORDER BY day DESC LIMIT :values)
""")


def goal_recent(
    session: Session, goal_id: int, *, as_of: date, period_start: date, notes: int, values: int
) -> tuple[list[tuple[date, str]], list[float]]:
    """The period's latest `notes` notes (newest first) and the goal's latest `values` values
    (oldest first, for a trend line)."""
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
    written = [(date.fromisoformat(day), note) for kind, day, note in rows if kind == "note"]
    recent = [value for kind, _, value in rows if kind == "value"]
    return written, recent[::-1]
