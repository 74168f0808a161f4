"""Builds the report as a typed document: the JSON of docs/progress.md, from which the table and the
Markdown are rendered. Aggregates come from indexed SQL; only recent rows are loaded.

The documents are TypedDicts: at run time plain dicts, so the JSON (its keys in the order they
are built here) is exactly what it was, while mypy checks every reader and writer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypedDict

from sqlmodel import Session

from goalcli.core import activation, gas
from goalcli.core.activation import ActivationSection
from goalcli.core.progress import mood, review_scores
from goalcli.storage import activation as activation_store
from goalcli.storage import changes as change_store
from goalcli.storage import checkins, reviews
from goalcli.storage import figures as report_figures
from goalcli.storage import goals as goal_store
from goalcli.storage import steps as step_store
from goalcli.storage.figure_queries import figure_bounds
from goalcli.storage.models import Goal, GoalChange, Step
from goalcli.views.measures import MeasuresDocument, build_measures
from goalcli.views.patterns import PatternsSection, default_first, patterns_section, section
from goalcli.views.signals import SignalEntry, profile_signals
from goalcli.views.signals import entries as signal_entries
from goalcli.views.standing import GoalStanding, goal_standing
from goalcli.views.timeline import ReviewEntry, WeekEntry, goal_weeks, review_entries

REPORT_VERSION = 6
"""The JSON report's version: 2 added kind, level, stale, streak_unit and trend (issue 12);
3 added measures (issue 15); 4 added days_known and days_counted and the status "unknown"
(issue 23); 5 added signals (issue 27) and activation, the pleasure and mastery ratings of
the period (issue 28); 6 added patterns, every comparison of what goes with a better day
(issue 27), goal_id on a goal's signal, and to each goal days_excused (of the 7 days its level
is made of) and excused_days (the period's days excused: `goal skip`; issue 28)."""
MOOD_WINDOW_DAYS = 30
TREND_POINTS = 14
SESSION_NOTES = 20
PERIOD_WEEKS = 26  # the session page's level by week goes back at most this many weeks
SPARK_WEEKS = 8  # a weekly total's sparkline: its latest weeks' levels
CONTEXT_WEEKS = 4  # with --since, the weeks before the period its level by week shows too
REPORT_CHANGES = 10  # the latest changes per goal that a report mentions...
CHANGES_WINDOW_DAYS = 30  # ...from `since`, or else from this many days back (like the mood)


class ChangeEntry(TypedDict):
    """One recorded edit or status change, with its sentence (see history.describe)."""

    date: str
    field: str
    old: str | None
    new: str | None
    reason: str | None
    text: str


class ReportGoal(GoalStanding):
    """A goal in the report: its standing, its state (active, paused, done, dropped) and its
    changes in the period."""

    goal_status: str
    changes: list[ChangeEntry]
    gas_levels: list[str] | None  # the GAS follow-up guide, -2 to +2 (core.gas)
    # The days of the period excused for the goal (`goal skip`: ill, away), oldest first: not
    # silences (core.session), drawn as excused.
    excused_days: list[str]


class MoodDay(TypedDict):
    date: str
    mood: int


class MoodSection(TypedDict):
    last_7_avg: float | None
    last_30_avg: float | None
    series: list[MoodDay]


class MemberScore(TypedDict):
    """One member's GAS T-score over the goals they rated at the review."""

    member: str
    gas_t_score: float | None


class MemberRating(TypedDict):
    member: str
    gas: int | None
    gbo: int | None


class GoalRatings(TypedDict):
    """One goal's ratings by each member at the review, side by side, and how far apart they
    are in words (core.progress.review_scores.agreement_words; None with fewer than two ratings)."""

    id: int
    title: str
    ratings: list[MemberRating]
    agreement: str | None


class ReviewSection(TypedDict):
    """The latest review. gas_t_score: over the goals rated that day, each at its shared level
    or, where members rated it, the mean of their levels; members: each member's own T-score;
    ratings: the goals members rated (both empty without members' ratings)."""

    date: str
    gas_t_score: float | None
    members: list[MemberScore]
    ratings: list[GoalRatings]


class ReportDocument(TypedDict):
    """The JSON report (`goal report --format json`)."""

    version: int
    as_of: str
    mood: MoodSection
    review: ReviewSection | None
    goals: list[ReportGoal]
    measures: MeasuresDocument  # PHQ-9, GAD-7, WHO-5 over time; {} when none was taken
    signals: list[SignalEntry]  # who is not on track and why (core.signals); [] for none
    # Behavioural activation: every pleasure and mastery rating of the period and what they
    # show (core.activation); None when nothing in the period was rated.
    activation: ActivationSection | None
    # What goes with a better day over the last 8 weeks (views.patterns): every comparison made
    # and the short section's lines; None only where it was not asked for (the demo).
    patterns: PatternsSection | None


@dataclass(frozen=True)
class GoalExtras:
    """What the table and Markdown show beyond the JSON fields."""

    latest_note: tuple[date, str] | None
    trend: list[float]
    notes: list[tuple[date, str]]  # written in the period, newest first
    steps: list[tuple[int, str, date | None, date | None]]  # position, text, due, done
    weeks: list[WeekEntry] = field(default_factory=list)  # level by week in the period
    reviews: list[ReviewEntry] = field(default_factory=list)  # reviews in the period
    # The days of the trend's first and last values, shown at the sparkline's ends.
    trend_span: tuple[date, date] | None = None
    # A weekly total's sparkline: its level week by week (core.weeks), never its days' values.
    trend_weeks: list[WeekEntry] = field(default_factory=list)


@dataclass(frozen=True)
class Brief:
    """The intake in brief, for the session report."""

    therapy_type: str
    expectations: str
    obstacles: str
    success_feels_like: str
    motivations: str


def goal_entry(
    session: Session,
    goal: Goal,
    as_of: date,
    since: date | None,
    steps: list[Step] | None = None,
    excused: set[date] | None = None,
) -> GoalStanding:
    """Where one goal stands on `as_of`; pass `steps` and `excused` (its days excused from its
    start to as_of) when the caller has already read them."""
    goal_id = goal.id or 0
    bounds = figure_bounds(goal, as_of, since)
    figures = report_figures.goal_figures(
        session, goal_id, as_of=as_of, start=goal.start_date, bounds=bounds
    )
    if steps is None:
        steps = step_store.steps_of(session, goal_id)
    done = sum(1 for step in steps if step.done_on and step.done_on <= as_of)
    # Days excused (`goal skip`): the strength freezes on them and a daily streak passes over.
    if excused is None:
        excused = activation_store.excused_days(session, goal_id, goal.start_date, as_of)
    return goal_standing(goal, goal_id, figures, done, len(steps), as_of, excused)


def mood_section(session: Session, as_of: date, since: date | None) -> MoodSection:
    first = since if since else as_of - timedelta(days=MOOD_WINDOW_DAYS - 1)
    window_start = min(first, as_of - timedelta(days=MOOD_WINDOW_DAYS - 1))
    moods = checkins.moods_between(session, window_start, as_of)
    return {
        "last_7_avg": mood.mood_average(moods, as_of, 7),
        "last_30_avg": mood.mood_average(moods, as_of, 30),
        "series": [
            {"date": day.isoformat(), "mood": mood}
            for day, mood in sorted(moods.items())
            if day >= first
        ],
    }


def review_section(session: Session, as_of: date) -> ReviewSection | None:
    """The latest review: its date, GAS T-score over the goals rated in it, and, for a couple or
    family, each member's T-score and ratings side by side."""
    day = reviews.latest_review_day(session, as_of)
    if day is None:
        return None
    given = reviews.reviews_on(session, day)
    score = review_scores.mean_level_t_score(
        review_scores.levels_by_goal(
            (review.goal_id, review.member, review.gas, review.weight)
            for review in given
            if review.gas is not None
        )
    )
    by_member: dict[str, list[tuple[int, float]]] = {}
    by_goal: dict[int, list[MemberRating]] = {}
    for review in given:
        if review.member is None:
            continue
        if review.gas is not None:
            by_member.setdefault(review.member, []).append((review.gas, review.weight))
        else:
            by_member.setdefault(review.member, [])
        by_goal.setdefault(review.goal_id, []).append(
            {"member": review.member, "gas": review.gas, "gbo": review.gbo}
        )
    titles = {goal.id: goal.title for goal in goal_store.goals(session, include_all=True)}
    return {
        "date": day.isoformat(),
        "gas_t_score": _tenth(score),
        "members": [
            {"member": member, "gas_t_score": _tenth(review_scores.gas_t_score(levels))}
            for member, levels in by_member.items()
        ],
        "ratings": [
            {
                "id": goal_id,
                "title": titles.get(goal_id, ""),
                "ratings": ratings,
                "agreement": review_scores.agreement_words(
                    [rating["gas"] for rating in ratings if rating["gas"] is not None],
                    [rating["gbo"] for rating in ratings if rating["gbo"] is not None],
                ),
            }
            for goal_id, ratings in sorted(by_goal.items())
        ],
    }


def _tenth(score: float | None) -> float | None:
    return None if score is None else round(score, 1)


def build_report(
    session: Session,
    as_of: date,
    *,
    goals: list[Goal],
    since: date | None = None,
    notes: int = SESSION_NOTES,
    trend: bool = True,
    timeline: bool = False,
    patterns: bool = True,
) -> tuple[ReportDocument, dict[int, GoalExtras]]:
    """The report document and, per goal id, the extras only people read.

    Extras cost a query or two per goal: ask only for what will be shown (`notes`: how many
    of the period's latest notes, 0 for none; `trend`: the last values for a sparkline;
    `timeline`: the level by week and the reviews in the period, for the session page;
    `patterns`: what goes with a better day, a permutation test per factor).
    Each goal's changes are those from `since` (or the last CHANGES_WINDOW_DAYS days).
    """
    entries: list[ReportGoal] = []
    extras = {}
    goal_ids = [goal.id or 0 for goal in goals]
    # What every goal needs is read in one statement for all of them, never one per goal
    # (building a query costs more than running it, and a report has tens of goals).
    changes_since = since or as_of - timedelta(days=CHANGES_WINDOW_DAYS - 1)
    changes_by_goal = change_store.changes_of_goals(
        session, goal_ids, since=changes_since, limit=REPORT_CHANGES
    )
    steps_by_goal = step_store.steps_of_goals(session, goal_ids)
    # Each goal's excused days from its start: its standing needs them all, the period's list
    # those from `since`, the signals those of their lookback.
    excused_by_goal = (
        activation_store.excused_days_of_goals(
            session, goal_ids, min(goal.start_date for goal in goals), as_of
        )
        if goals
        else {}
    )
    for goal in goals:
        goal_id = goal.id or 0
        steps = steps_by_goal.get(goal_id, [])
        changes = changes_by_goal[goal_id]
        excused = {day for day in excused_by_goal[goal_id] if day >= goal.start_date}
        excused_by_goal[goal_id] = excused
        period_first = max(goal.start_date, since or goal.start_date)
        entries.append(
            {
                **goal_entry(session, goal, as_of, since, steps, excused),
                "goal_status": goal.status,
                "changes": change_entries(changes),
                "gas_levels": gas.guide_of(goal),
                "excused_days": [day.isoformat() for day in sorted(excused) if day >= period_first],
            }
        )
        extras[goal_id] = _goal_extras(
            session, goal, steps, as_of, since, notes=notes, trend=trend, timeline=timeline
        )
    document: ReportDocument = {
        "version": REPORT_VERSION,
        "as_of": as_of.isoformat(),
        "mood": mood_section(session, as_of, since),
        "review": review_section(session, as_of),
        "goals": entries,
        "measures": build_measures(session),
        "signals": signal_entries(profile_signals(session, goals, as_of, excused_by_goal)),
        "activation": activation.activation_section(
            activation_store.rated_between(session, goals, since, as_of)
        ),
        "patterns": patterns_section(session, as_of) if patterns else None,
    }
    return document, extras


def _goal_extras(
    session: Session,
    goal: Goal,
    steps: list[Step],
    as_of: date,
    since: date | None,
    *,
    notes: int,
    trend: bool,
    timeline: bool,
) -> GoalExtras:
    """One goal's extras, only those asked for (see build_report)."""
    period_start = max(goal.start_date, since) if since else goal.start_date
    written, values = (
        report_figures.goal_recent(
            session,
            goal.id or 0,
            as_of=as_of,
            period_start=period_start,
            notes=notes,
            values=TREND_POINTS if trend else 0,
        )
        if notes > 0 or trend
        else ([], [])
    )
    weeks, reviewed = _timeline(session, goal, as_of, since, period_start) if timeline else ([], [])
    trend_weeks = (
        goal_weeks(session, goal, as_of, SPARK_WEEKS)
        if trend and goal.kind == "weekly_total"
        else []
    )
    return GoalExtras(
        latest_note=written[0] if written else None,
        trend=[value for _, value in values],
        trend_span=(values[0][0], values[-1][0]) if values else None,
        notes=written,
        steps=[(step.position, step.text, step.due_on, step.done_on) for step in steps],
        weeks=weeks,
        reviews=reviewed,
        trend_weeks=trend_weeks,
    )


def _timeline(
    session: Session, goal: Goal, as_of: date, since: date | None, period_start: date
) -> tuple[list[WeekEntry], list[ReviewEntry]]:
    """The goal's level by week over the period (at most PERIOD_WEEKS), and its reviews in it."""
    period_weeks = (as_of - period_start).days // 7 + 1
    if since and since > goal.start_date:
        # The weeks before the period too (drawn faded): a new point is never
        # alone on an empty axis.
        period_weeks += CONTEXT_WEEKS
    weeks = goal_weeks(session, goal, as_of, min(PERIOD_WEEKS, period_weeks))
    reviewed = [
        review
        for review in review_entries(session, goal.id or 0, as_of, gas.guide_of(goal))
        if review["date"] >= period_start.isoformat()
    ]
    return weeks, reviewed


def empty_report(as_of: date) -> ReportDocument:
    """The report when there is no database yet: no goals, no moods, no review."""
    return {
        "version": REPORT_VERSION,
        "as_of": as_of.isoformat(),
        "mood": {"last_7_avg": None, "last_30_avg": None, "series": []},
        "review": None,
        "goals": [],
        "measures": {},
        "signals": [],
        "activation": None,
        "patterns": section(default_first(as_of), {}, []),
    }


def change_entries(changes: list[GoalChange]) -> list[ChangeEntry]:
    """Recorded changes (GoalChange rows) as typed entries, in storage's words and key order."""
    return [
        {
            "date": entry["date"],
            "field": entry["field"],
            "old": entry["old"],
            "new": entry["new"],
            "reason": entry["reason"],
            "text": entry["text"],
        }
        for entry in change_store.change_entries(changes)
    ]


def intake_brief(session: Session) -> Brief | None:
    intake = goal_store.latest_intake(session)
    if intake is None:
        return None
    return Brief(
        therapy_type=intake.therapy_type,
        expectations=intake.expectations,
        obstacles=intake.obstacles,
        success_feels_like=intake.success_feels_like,
        motivations=intake.motivations,
    )
