"""The report's figures, aggregated in SQL over the (goal_id, day) indexes of checkin and review:
what a goal's row in the report shows, without loading its history into Python. Every function
works inside a session the caller opened (see database.Database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache

from sqlalchemy import TextClause
from sqlalchemy import text as sql_text
from sqlmodel import Session

from goalcli.storage.database import sqlite_connection
from goalcli.storage.figure_queries import (
    GOAL_FIGURES,
    GOAL_WINDOW,
    FigureBounds,
    GoalFigures,
    figures_from_rows,
    figures_parameters,
    goal_streak_query,
    streak_parameters,
    window_parameters,
)

# The SQL and the figures' type live in figure_queries (no SQLAlchemy there), so the flag
# form of `goal log` (storage/quick.py) reads the very same figures over the sqlite3 module.


@cache
def _goal_streak_sql(dialect: str) -> TextClause:
    return sql_text(goal_streak_query(dialect))


def goal_figures(
    session: Session, goal_id: int, *, as_of: date, start: date, bounds: FigureBounds
) -> GoalFigures:
    """The figures the report shows for one goal; see figure_queries.GOAL_FIGURES for what each
    costs."""
    connection = sqlite_connection(session)
    row = connection.execute(
        GOAL_FIGURES, figures_parameters(goal_id, as_of, bounds.period_start)
    ).fetchone()
    window = connection.execute(GOAL_WINDOW, window_parameters(goal_id, bounds, as_of)).fetchall()
    figures, further = figures_from_rows(row, window, start=start, as_of=as_of, bounds=bounds)
    if further is None:
        return figures
    (more,) = session.execute(
        _goal_streak_sql(session.get_bind().dialect.name),
        streak_parameters(goal_id, start, as_of, bounds, further),
    ).one()
    return replace(figures, streak=figures.streak + int(more))


# A goal's latest notes in a period and latest values, newest first, in one round trip; each
# half reads at most its LIMIT of entries from the end of the goal's (goal_id, day) range. Its
# parameters: (goal, period start, as_of, notes, goal, as_of, values). Sent over the database
# module's own connection, as the window is: for a few rows, building SQLAlchemy's statement
# and result cost several times the read.
GOAL_RECENT = """
SELECT * FROM (
  SELECT 'note', day, note, CAST(NULL AS DOUBLE PRECISION) FROM checkin
   WHERE goal_id = ? AND day BETWEEN ? AND ? AND note IS NOT NULL AND note != ''
   ORDER BY day DESC LIMIT ?) AS notes
UNION ALL
SELECT * FROM (
  SELECT 'value', day, CAST(NULL AS TEXT), value FROM checkin
   WHERE goal_id = ? AND day <= ? AND value IS NOT NULL
   ORDER BY day DESC LIMIT ?) AS latest_values
"""


def goal_recent(
    session: Session, goal_id: int, *, as_of: date, period_start: date, notes: int, values: int
) -> tuple[list[tuple[date, str]], list[tuple[date, float]]]:
    """The period's latest `notes` notes (newest first) and the goal's latest `values` values
    with their days (oldest first, for a trend line)."""
    day = as_of.isoformat()
    parameters = (goal_id, period_start.isoformat(), day, notes, goal_id, day, values)
    rows = sqlite_connection(session).execute(GOAL_RECENT, parameters).fetchall()
    # Notes and values in columns of their own: PostgreSQL's UNION wants one type a column.
    written = [(date.fromisoformat(day), note) for kind, day, note, _ in rows if kind == "note"]
    recent = [(date.fromisoformat(day), value) for kind, day, _, value in rows if kind == "value"]
    return written, recent[::-1]
