"""Where one goal stands on a day, from its figures: pure, with no SQLAlchemy or SQLModel, so
the report (views/report.py, over a session) and the flag form of `goal log` (storage/quick.py,
over the sqlite3 module) compute the same standing with the same code."""

from __future__ import annotations

from bisect import bisect_left
from datetime import date, timedelta
from typing import TYPE_CHECKING, Protocol, TypedDict

from goalcli.core import smart
from goalcli.core.progress import habit, levels, review_scores, trends
from goalcli.core.progress.standing_words import SmartChecklist
from goalcli.core.text import number
from goalcli.storage.figure_queries import GoalFigures

if TYPE_CHECKING:
    from goalcli.storage.quick import Logged


class GoalFields(Protocol):
    """The goal's fields a standing reads (storage.models.Goal, or quick.py's plain row)."""

    @property
    def id(self) -> int | None: ...
    @property
    def title(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def baseline(self) -> float: ...
    @property
    def target(self) -> float: ...
    @property
    def start_date(self) -> date: ...
    @property
    def target_date(self) -> date: ...
    @property
    def frequency(self) -> str: ...
    @property
    def specific(self) -> str: ...
    @property
    def measure(self) -> str: ...
    @property
    def confidence(self) -> int: ...
    @property
    def relevant(self) -> str: ...


class TrendEntry(TypedDict):
    """The goal's Theil–Sen trend: its change per week, and whether that is towards the target."""

    per_week: int | float
    direction: str  # improving | worsening | steady


class GoalStanding(TypedDict):
    """Where one goal stands on a day: `goal show`'s "standing" and the base of a report goal."""

    id: int
    title: str
    unit: str
    kind: str  # reading | weekly_total
    direction: str
    baseline: int | float
    target: int | float
    current: int | float  # the latest value logged (the baseline before any)
    level: int | float  # what progress is judged from (see core.progress.levels.level)
    stale: bool  # a reading goal with no reading in the last 28 days
    progress: float | None
    expected_progress: float
    status: str
    start_date: str
    target_date: str
    days_left: int
    streak: int
    streak_unit: str  # days | weeks
    checkins: int
    steps_done: int
    steps_total: int
    last_checkin: str | None
    frequency: str
    strength: float
    trend: TrendEntry | None
    gas: int | None
    gbo: int | None
    gbo_change: int | None
    smart: SmartChecklist
    # A weekly total's known days among the 7 ending as_of (0-7; core.progress.levels.level), and the
    # days of those 7 that count (on or after the start); both None for a reading goal.
    days_known: int | None
    days_counted: int | None
    # Of those counted, the days excused (`goal skip`): the week is judged over the others, the
    # target prorated over them (core.progress.levels.standing); None for a reading goal.
    days_excused: int | None


def goal_standing(
    goal: GoalFields,
    goal_id: int,
    figures: GoalFigures,
    steps_done: int,
    steps_total: int,
    as_of: date,
    excused: set[date] | frozenset[date] = frozenset(),
) -> GoalStanding:
    """Where one goal stands on `as_of`, from its figures, its steps' counts and its excused days
    (`goal skip`: the strength freezes on them, a streak passes over them, and a weekly total's
    week is judged over its other days)."""
    kind = levels.as_kind(goal.kind)
    start = goal.start_date
    rhythm = habit.parse_rhythm(goal.frequency)
    daily = rhythm == (1, 1)
    readings = _readings(figures, as_of)
    judged = levels.standing(
        kind, readings, goal.baseline, goal.target, start, goal.target_date, as_of, excused
    )
    goal_level = judged.level
    done_days = {day for day, _ in figures.window if day >= start}
    strength = habit.rhythm_strength(done_days, start, as_of, rhythm, excused)
    # With excused days the streak is counted here, over the window's check-ins (about 800 days
    # back); without, figures.streak is the same rule, counted on past the window when the run
    # is longer (figure_queries.figures_from_rows and GOAL_STREAK_FROM).
    goal_streak = (
        habit.rhythm_streak(done_days, as_of, rhythm, excused)[0] if excused else figures.streak
    )
    goal_trend = trends.trend(kind, readings, goal.baseline, goal.target, start, as_of, excused)
    current = goal.baseline if figures.latest_value is None else figures.latest_value
    gbo = [rating for rating in (figures.gbo_first, figures.gbo_last) if rating is not None]
    last = figures.last_checkin
    return {
        "id": goal_id,
        "title": goal.title,
        "unit": goal.unit,
        "kind": kind,
        "direction": judged.direction,
        "baseline": number(goal.baseline),
        "target": number(goal.target),
        "current": number(current),
        "level": number(round(goal_level.value, 2) + 0.0),  # + 0.0 turns -0.0 into 0.0
        "stale": goal_level.stale,
        "progress": _judged_progress(judged),
        "expected_progress": round(judged.expected, 2),
        "status": judged.status,
        "start_date": start.isoformat(),
        "target_date": goal.target_date.isoformat(),
        "days_left": (goal.target_date - as_of).days,
        "streak": goal_streak,
        "streak_unit": "days" if daily else "weeks",
        "checkins": figures.checkins,
        "steps_done": steps_done,
        "steps_total": steps_total,
        "last_checkin": last.isoformat() if last else None,
        "frequency": goal.frequency,
        "strength": round(strength, 2),
        "trend": _trend_entry(goal_trend),
        "gas": figures.gas,
        "gbo": figures.gbo_last,
        "gbo_change": review_scores.gbo_change(gbo) if gbo else None,
        "smart": _smart(goal),
        "days_known": goal_level.days_known,
        "days_counted": None if goal_level.days_known is None else goal_level.days_counted,
        "days_excused": None if goal_level.days_known is None else goal_level.days_excused,
    }


def _smart(goal: GoalFields) -> SmartChecklist:
    checklist = smart.smart_checklist(
        goal.specific,
        goal.measure,
        goal.unit,
        goal.confidence,
        goal.relevant,
        goal.target_date,
        goal.start_date,
    )
    return SmartChecklist(
        specific=checklist["specific"],
        measurable=checklist["measurable"],
        achievable=checklist["achievable"],
        relevant=checklist["relevant"],
        time_bound=checklist["time_bound"],
    )


def _readings(figures: GoalFigures, as_of: date) -> list[levels.Reading]:
    """The window's check-ins with a value that the level and the trend look at: those of the
    28 days ending as_of (a reading's level and trend; a weekly total's week and its four weeks)
    and the one before them (a reading's stale level); with none in the window, the latest
    value ever (older than the window: a stale level). The rest of the window (about 800 days,
    read for habit strength) would change neither, only cost a pass each."""
    readings = [(day, value) for day, value in figures.window if value is not None]
    latest_day = figures.latest_value_day
    if latest_day is not None and figures.latest_value is not None and not readings:
        readings = [(latest_day, figures.latest_value)]
    looked_at = max(levels.READING_WINDOW_DAYS, trends.TREND_WEEKS * levels.WEEK_DAYS)
    first = as_of - timedelta(days=looked_at - 1)
    # The window is in day order (figure_queries.GOAL_WINDOW).
    inside = bisect_left(readings, first, key=lambda reading: reading[0])
    return readings[max(inside - 1, 0) :]


def _judged_progress(judged: levels.Standing) -> float | None:
    """The progress to two decimals; None where the level can't be judged
    (core.progress.levels.progress_judged): a partial week's total of a goal to lower something
    would read as progress it has not made."""
    if not levels.progress_judged(judged.direction, judged.status):
        return None
    return round(judged.progress, 2) + 0.0


def _trend_entry(goal_trend: trends.Trend | None) -> TrendEntry | None:
    if goal_trend is None:
        return None
    return {
        "per_week": number(round(goal_trend.per_week, 2) + 0.0),
        "direction": goal_trend.direction,
    }


def logged_standing(logged: Logged) -> GoalStanding:
    """The standing of the goal the flag form of `goal log` just saved (storage/quick.py),
    for the line after the check-in: the report's standing of the same figures."""
    return goal_standing(
        logged.goal,
        logged.goal.id,
        logged.figures,
        logged.steps_done,
        logged.steps_total,
        logged.as_of,
    )
