"""What goes with a better day (issue 27) as a typed section: every comparison core.patterns
made over a period, and the short section the report and the session page show (the TOP
strongest patterns, or why there are none). `goal patterns --format json` and the JSON
report's `patterns` carry the same comparison entries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, TypedDict

from goalcli.core import patterns as core
from goalcli.storage.patterns import pattern_days

if TYPE_CHECKING:
    from sqlmodel import Session

DEFAULT_WEEKS = 8
"""The period compared when none is given: the last 8 weeks."""
TOP = 2
"""The report and the session page carry this many of the strongest patterns shown."""
NONE_STANDS_OUT = "None stands out from chance."


class PatternEntry(TypedDict):
    """One comparison: the mood on days with and without a factor (lag 1: the next day's)."""

    factor: str
    lag: int
    with_days: int
    without_days: int
    with_mean: float | None
    without_mean: float | None
    p: float | None  # None: not tested (fewer than core.MIN_DAYS days on a side)
    p_holm: float | None  # Holm-corrected across every comparison tested
    exact: bool
    shown: bool  # corrected p at or below core.ALPHA


class PatternsSection(TypedDict):
    """The report's `patterns`: the period, its days with a mood, every comparison made, and
    the lines of the short section (`top`: the TOP shown patterns by corrected p, each ending
    "a pattern, not proof of a cause", or one line saying none stands out or how many more
    days are needed)."""

    since: str
    days_with_mood: int
    comparisons: list[PatternEntry]
    top: list[str]


def default_first(today: date) -> date:
    return today - timedelta(days=7 * DEFAULT_WEEKS - 1)


def entry(comparison: core.Comparison) -> PatternEntry:
    return {
        "factor": comparison.factor,
        "lag": comparison.lag,
        "with_days": comparison.with_days,
        "without_days": comparison.without_days,
        "with_mean": _round(comparison.with_mean),
        "without_mean": _round(comparison.without_mean),
        "p": _round(comparison.p, 4),
        "p_holm": _round(comparison.p_holm, 4),
        "exact": comparison.exact,
        "shown": comparison.shown,
    }


def top_lines(moods: dict[date, int], found: list[core.Comparison]) -> list[str]:
    """The short section: the TOP shown comparisons with the smallest corrected p, or one line
    saying none stands out (or how many more days of moods are needed)."""
    shown = sorted(
        (comparison for comparison in found if comparison.shown),
        key=lambda comparison: comparison.p_holm or 0.0,
    )[:TOP]
    if not shown:
        return [core.too_little(moods, found) or NONE_STANDS_OUT]
    return [core.line(comparison) for comparison in shown]


def patterns_section(session: Session, today: date) -> PatternsSection:
    """Every comparison over the last DEFAULT_WEEKS weeks ending `today`, and the top lines."""
    first = default_first(today)
    moods, factors = pattern_days(session, first, today)
    found = core.compare(moods, factors)
    return section(first, moods, found)


def section(first: date, moods: dict[date, int], found: list[core.Comparison]) -> PatternsSection:
    return {
        "since": first.isoformat(),
        "days_with_mood": len(moods),
        "comparisons": [entry(comparison) for comparison in found],
        "top": top_lines(moods, found),
    }


def _round(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)
