"""A goal over time, as `goal show` and the session page show it: its weekly level against the
road (the straight line from the baseline on the start date to the target on the target date),
and its reviews with their dates."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, TypedDict

from goalcli.core import gas, weeks
from goalcli.core.progress import levels
from goalcli.core.text import number
from goalcli.core.weeks import week_ends
from goalcli.storage import activation, checkins, reviews

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from sqlmodel import Session

    from goalcli.storage.models import Goal

CHART_WEEKS = 12  # the weeks `goal show` draws


class WeekEntry(TypedDict):
    """One 7-day week (core.weeks.Week): the goal's level on its last day (None: nothing known,
    a gap), how many of its days on or after the start have a check-in, whether it is complete
    (a weekly total: 5 known days or more; a reading: a level that is not stale), and where the
    road says the level should be by then."""

    start: str
    level: int | float | None
    expected: int | float
    end: str
    days_known: int
    days_counted: int  # the week's days on or after the goal's start: 7, fewer in the first
    complete: bool
    # Of those counted, the days excused (`goal skip`); a weekly total's week is judged over the
    # others and drawn against `expected_prorated`, the road prorated over them (core.weeks):
    # `expected` itself where none is excused.
    days_excused: int
    expected_prorated: int | float


class ReviewEntry(TypedDict):
    """One review, with its date. gbo_change: since the first review that gave a GBO rating
    (a member's: since that member's first; None for that first one, and for a review without
    a rating)."""

    date: str
    member: str | None  # a couple's or family's member; None: the shared or only rating
    gas: int | None
    gas_text: str | None  # what the goal's GAS guide says that level looks like (core.gas)
    gbo: int | None
    gbo_change: int | None
    helped: str | None
    hindered: str | None
    next_step: str | None
    note: str | None


def weekly_levels(
    kind: levels.Kind,
    readings: Sequence[levels.Reading],
    baseline: float,
    target: float,
    start: date,
    target_date: date,
    ends: Sequence[date],
    excused: Collection[date] = (),
) -> list[WeekEntry]:
    """core.weeks.weekly_series for the weeks ending on the days of `ends`, as entries."""
    return [
        {
            "start": week.start.isoformat(),
            "level": None if week.level is None else _rounded(week.level),
            "expected": _rounded(week.expected),
            "end": week.end.isoformat(),
            "days_known": week.days_known,
            "days_counted": week.days_counted,
            "complete": week.complete,
            "days_excused": week.days_excused,
            "expected_prorated": _rounded(week.expected_prorated),
        }
        for week in weeks.weekly_series(
            kind,
            readings,
            baseline=baseline,
            target=target,
            start=start,
            target_date=target_date,
            ends=ends,
            excused=excused,
        )
    ]


def goal_weeks(session: Session, goal: Goal, as_of: date, count: int) -> list[WeekEntry]:
    """The goal's weekly level over the last `count` weeks ending as_of. Reads only the values a
    level of those weeks can use: 28 days before the first week's end onward, and the latest
    value before that (a stale reading level)."""
    ends = week_ends(goal.start_date, as_of, count)
    if not ends:
        return []
    kind = levels.as_kind(goal.kind)
    goal_id = goal.id or 0
    first = ends[0] - timedelta(days=levels.READING_WINDOW_DAYS - 1)
    readings = checkins.values_between(session, goal_id, first, as_of)
    older = checkins.latest_value(session, goal_id, first - timedelta(days=1))
    if older is not None:
        # Its day only needs to fall before the window for level() to call it stale.
        readings.insert(0, (first - timedelta(days=1), older))
    excused = activation.excused_days(
        session, goal_id, ends[0] - timedelta(days=levels.WEEK_DAYS - 1), as_of
    )
    return weekly_levels(
        kind, readings, goal.baseline, goal.target, goal.start_date, goal.target_date, ends, excused
    )


def review_entries(
    session: Session, goal_id: int, as_of: date, guide: Sequence[str] | None = None
) -> list[ReviewEntry]:
    """The goal's reviews up to as_of, oldest first; `guide`: the goal's GAS guide, if any."""
    entries: list[ReviewEntry] = []
    first_gbo: dict[str | None, int] = {}  # each member's first GBO rating, and the shared one
    for review in reviews.reviews_of(session, goal_id, as_of):
        change = None
        if review.gbo is not None:
            if review.member not in first_gbo:
                first_gbo[review.member] = review.gbo
            else:
                change = review.gbo - first_gbo[review.member]
        entries.append(
            {
                "date": review.day.isoformat(),
                "member": review.member,
                "gas": review.gas,
                "gas_text": None if review.gas is None else gas.describe_level(review.gas, guide),
                "gbo": review.gbo,
                "gbo_change": change,
                "helped": review.helped,
                "hindered": review.hindered,
                "next_step": review.next_step,
                "note": review.note,
            }
        )
    return entries


def _rounded(value: float) -> int | float:
    return number(round(value, 2) + 0.0)
