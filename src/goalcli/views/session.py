"""The session page's facts, built once for both of its formats: the Markdown page
(render/markdown.py) and the HTML page (render/html.py) state the same facts per goal (where it
stands, progress, trend, dates, check-ins, steps, ratings, SMART, the GAS guide, what was done
and said), so they are worded here and the two renderers only lay them out and escape them.

User text stays raw in these facts: each format escapes it its own way (Markdown's characters,
HTML's), part by part where a fact mixes user text with fixed words. The words shared with the
terminal's screens live in core (core.progress.standing_words).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from goalcli.core import gas, voice
from goalcli.core.activation import summary_lines
from goalcli.core.progress.levels import status_words
from goalcli.core.progress.standing_words import (
    distance_text,
    gas_level,
    goal_streak,
    level_text,
    now_path,
    path_legend,
    percent_text,
    rating_words,
    smart_letters,
)
from goalcli.core.session import signal_words, talking_points
from goalcli.core.text import number_text, path_parts, trend_words
from goalcli.core.weeks import reaches_start

if TYPE_CHECKING:
    from collections.abc import Sequence

    from goalcli.core.voice import Reader
    from goalcli.views.report import ChangeEntry, GoalExtras, ReportDocument, ReportGoal
    from goalcli.views.signals import SignalEntry
    from goalcli.views.timeline import ReviewEntry, WeekEntry


@dataclass(frozen=True)
class ChartSignal:
    """A goal's signal (core.signals: behind, stalled) as its chart marks it: the weeks ending
    on or after `since` shaded with `label`, and `words` beside the chart (for the reader)."""

    since: date
    label: str  # "behind 3 weeks", "stalled" (core.voice: gentler for the client)
    words: str  # core.session.signal_words: user text inside (the goal's title)


@dataclass(frozen=True)
class GoalFacts:
    """One goal as the session page states it. Fields marked "user text" hold what a person
    typed (or a unit) and must be escaped by the renderer; the rest are fixed words and figures."""

    goal: ReportGoal  # the document's goal, for the figures a chart or table draws
    state: str | None  # paused, done, dropped; None when active
    status: str  # the status in words ("not enough check-ins" for unknown)
    path: list[str]  # start, now, target, each with its unit: user text, part by part
    path_legend: str  # "start → now → target"
    distance: str  # how far it has come, for the page's reader
    level: str  # the level where it says more than "now" ("" where not): user text (unit)
    progress: str  # "60% (expected by now: 47%)"
    trend: str | None  # the trend in words, None without one: user text (unit)
    dates: str  # "started …, target … (48 days left)"
    checkins: str  # "3 (streak 3 days, last …); habit strength 40%"
    steps: str  # "1 of 3"
    ratings: str | None  # the latest GAS/GBO when no review is in the period, else None
    smart: str  # "S ✓ M ✓ A ✗ R ✓ T ✓"
    gas_guide: list[tuple[str, str]] | None  # (level label, user text), +2 first
    steps_done: list[tuple[int, str, date]]  # (position, user text, day) in the period
    notes: list[tuple[date, str]]  # (day, user text)
    changes: list[ChangeEntry]
    reviews: list[ReviewEntry]  # the reviews in the period
    review_words: list[
        str
    ]  # each review's ratings in words (core.progress.standing_words.rating_words)
    weeks: list[WeekEntry]  # the level by week; empty without a timeline
    weeks_reach_start: bool  # the first week holds the goal's start date
    signals: list[ChartSignal]  # the goal's signals, to mark in its chart; [] for none


@dataclass(frozen=True)
class SessionFacts:
    """What both session pages say beyond the goals: the points worth talking about (user text
    inside), what is said when there are none, and the mood averages as (label, words)."""

    goals: list[GoalFacts]
    points: list[str]
    nothing: str
    mood_averages: list[tuple[str, str]]
    # Behavioural activation (core.activation.summary_lines): user text inside; an activity's
    # own line starts with two spaces. Empty when nothing in the period was rated.
    activation: list[str]
    # What goes with a better day (issue 27): the short section's lines, the strongest patterns
    # or why there are none; empty: no section (user text inside: a #tag, a goal's title).
    patterns: list[str]


def session_facts(
    document: ReportDocument,
    extras: dict[int, GoalExtras],
    since: str | None,
    reader: Reader,
    review_every: int | None,
) -> SessionFacts:
    """The session page's facts for `reader`, from the report document and its extras."""
    mood = document["mood"]
    return SessionFacts(
        goals=[
            goal_facts(goal, extras.get(goal["id"]), since, reader, document.get("signals", []))
            for goal in document["goals"]
        ],
        points=session_points(document, extras, review_every, reader),
        nothing=voice.say("nothing_stands_out", reader),
        mood_averages=[
            (label, "no entries" if value is None else f"{value:.1f} / 10")
            for label, value in (
                ("Last 7 days", mood["last_7_avg"]),
                ("Last 30 days", mood["last_30_avg"]),
            )
        ],
        activation=summary_lines(section) if (section := document.get("activation")) else [],
        patterns=list(patterns["top"]) if (patterns := document.get("patterns")) else [],
    )


def goal_facts(
    goal: ReportGoal,
    extra: GoalExtras | None,
    since: str | None,
    reader: Reader,
    signals: Sequence[SignalEntry] = (),
) -> GoalFacts:
    """One goal's facts; `since` (an ISO date) starts the period its steps done are listed from;
    `signals`: the report's, of which this goal's are marked in its chart."""
    reviews = extra.reviews if extra else []
    weeks = extra.weeks if extra else []
    trend = goal["trend"]
    return GoalFacts(
        goal=goal,
        state=None if goal["goal_status"] == "active" else goal["goal_status"],
        status=status_words(goal["status"]),
        path=path_parts(now_path(goal), goal["unit"]),
        path_legend=path_legend(goal),
        distance=distance_text(goal, reader),
        level=level_text(goal),
        progress=(
            f"{percent_text(goal)} (expected by now: {goal['expected_progress'] * 100:.0f}%)"
        ),
        trend=trend_words(trend["direction"], trend["per_week"], goal["unit"]) if trend else None,
        dates=(
            f"started {goal['start_date']}, target {goal['target_date']} "
            f"({days_left_words(goal['days_left'])})"
        ),
        checkins=(
            f"{goal['checkins']} ({goal_streak(goal)}, last {goal['last_checkin'] or 'never'}); "
            f"habit strength {goal['strength'] * 100:.0f}%"
        ),
        steps=f"{goal['steps_done']} of {goal['steps_total']}",
        ratings=None if reviews else latest_ratings(goal),
        smart=" ".join(
            f"{letter} {'✓' if ok else '✗'}" for letter, ok in smart_letters(goal["smart"])
        ),
        gas_guide=gas_guide(goal["gas_levels"]),
        steps_done=steps_done_since(extra, since or goal["start_date"]) if extra else [],
        notes=list(extra.notes) if extra else [],
        changes=goal["changes"],
        reviews=reviews,
        review_words=[rating_words(review) for review in reviews],
        weeks=weeks,
        weeks_reach_start=bool(weeks)
        and reaches_start(
            date.fromisoformat(weeks[0]["start"]), date.fromisoformat(goal["start_date"])
        ),
        signals=chart_signals(goal, signals, reader),
    )


def chart_signals(
    goal: ReportGoal, signals: Sequence[SignalEntry], reader: Reader
) -> list[ChartSignal]:
    """The goal's signals (by its id: two goals may share a title) as its chart marks them."""
    return [
        ChartSignal(
            since=date.fromisoformat(signal["since"]),
            label=voice.say(
                f"chart_{signal['kind']}", reader, weeks=str(signal["figures"].get("weeks", ""))
            ),
            words=signal_words(signal, reader),
        )
        for signal in signals
        if signal.get("goal_id") == goal["id"] and signal["kind"] in ("behind", "stalled")
    ]


def latest_ratings(goal: ReportGoal) -> str | None:
    """ "GAS +1, GBO 6 (change +2)", or None when the goal has neither rating."""
    if goal["gas"] is None and goal["gbo"] is None:
        return None
    change = goal["gbo_change"]
    shown_change = "" if change is None else f" (change {change:+d})"
    return f"GAS {gas_level(goal['gas'])}, GBO {number_text(goal['gbo'])}{shown_change}"


def gas_guide(levels: list[str] | None) -> list[tuple[str, str]] | None:
    """The GAS follow-up guide +2 first, as on the scale: each level's label with what was
    agreed it would look like; None without a guide."""
    if levels is None:
        return None
    return [
        (gas.label(level), said)
        for level, said in reversed(list(zip(gas.LEVELS, levels, strict=True)))
    ]


def session_points(
    document: ReportDocument,
    extras: dict[int, GoalExtras],
    review_every: int | None,
    reader: Reader = "therapist",
) -> list[str]:
    """What is worth talking about (core.session.talking_points) for the active goals: goals
    paused, done or dropped (shown with --all) are not behind plan, there is no plan. The
    sentences hold the client's words: escape them for the page."""
    steps = {goal_id: extra.steps for goal_id, extra in extras.items()}
    active = [goal for goal in document["goals"] if goal["goal_status"] == "active"]
    review = document["review"]
    return talking_points(
        active,
        steps,
        document["mood"]["series"],
        date.fromisoformat(document["as_of"]),
        last_review=date.fromisoformat(review["date"]) if review else None,
        review_every=review_every,
        signals=document.get("signals", []),
        reader=reader,
    )


def steps_done_since(extra: GoalExtras, start: str) -> list[tuple[int, str, date]]:
    """(position, text, day) of the goal's steps done on or after `start` (an ISO date)."""
    return [
        (position, text, done)
        for position, text, _, done in extra.steps
        if done and done.isoformat() >= start
    ]


def days_left_words(days: int) -> str:
    """ "48 days left", "3 days past the target date"."""
    return f"{-days} days past the target date" if days < 0 else f"{days} days left"
