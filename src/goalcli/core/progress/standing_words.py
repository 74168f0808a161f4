"""Where a goal stands, in words: the figures' words that every output states alike (the
terminal's tables, the session page's facts in views/session.py). Pure, standard library only.

The words read a goal's standing (views.standing.GoalStanding) and a review's ratings
(views.timeline.ReviewEntry); core may not import views, so the fields they read are named
here as TypedDicts that those documents match.
"""

from __future__ import annotations

from typing import TypedDict

from goalcli.core.progress import levels
from goalcli.core.progress.levels import (
    UNKNOWN,
    level_words,
    progress_judged,
    prorated,
    status_words,
)
from goalcli.core.text import NO_NUMBER, amount, distance_words, number_text, streak_words
from goalcli.core.voice import Reader


class SmartChecklist(TypedDict):
    specific: bool
    measurable: bool
    achievable: bool
    relevant: bool
    time_bound: bool


class Standing(TypedDict):
    """The fields of a goal's standing (views.standing.GoalStanding) these words read."""

    kind: str
    direction: str
    status: str
    unit: str
    baseline: int | float
    target: int | float
    current: int | float
    level: int | float
    stale: bool
    progress: float | None
    streak: int
    streak_unit: str
    days_known: int | None
    days_counted: int | None
    days_excused: int | None


class Ratings(TypedDict):
    """The fields of a review (views.timeline.ReviewEntry) its ratings' words read."""

    gas: int | None
    gas_text: str | None
    gbo: int | None
    gbo_change: int | None


def smart_letters(checklist: SmartChecklist) -> list[tuple[str, bool]]:
    """Each SMART letter and whether the goal meets it, in S, M, A, R, T order."""
    return [
        ("S", checklist["specific"]),
        ("M", checklist["measurable"]),
        ("A", checklist["achievable"]),
        ("R", checklist["relevant"]),
        ("T", checklist["time_bound"]),
    ]


def judged(goal: Standing) -> bool:
    """Whether the goal's level may be shown as progress (core.progress.levels.progress_judged)."""
    return progress_judged(goal["direction"], goal["status"])


def judged_progress(goal: Standing) -> float | None:
    """The goal's progress, or None where it cannot be judged (its bar shows "–")."""
    return goal["progress"] if judged(goal) else None


def percent_text(goal: Standing) -> str:
    """ "60%", or "–" where the progress cannot be judged."""
    shown = judged_progress(goal)
    return NO_NUMBER if shown is None else f"{shown * 100:.0f}%"


def now_value(goal: Standing) -> float | None:
    """The "now" of start → now → target: a weekly total's 7-day level (never one day's
    count), a reading's latest value; None where a decrease goal's level cannot be judged."""
    if goal["kind"] != "weekly_total":
        return goal["current"]
    return goal["level"] if judged(goal) else None


def now_path(goal: Standing) -> tuple[float | None, float | None, float | None]:
    """(start, now, target) for path_text and core.text.path_parts; a weekly total with days
    excused has its start and target prorated over the other days (to one decimal), as it is
    judged: the known days' total beside the whole week's would flatter a goal to lower
    something."""
    excused = _excused(goal)
    if not excused:
        return (goal["baseline"], now_value(goal), goal["target"])
    start, target = (round(prorated(goal[end], excused), 1) + 0.0 for end in ("baseline", "target"))
    return (start, now_value(goal), target)


def path_legend(goal: Standing) -> str:
    """What the path's three figures are."""
    now = "last 7 days" if goal["kind"] == "weekly_total" else "now"
    excused = _excused(goal)
    over = f", over the {levels.WEEK_DAYS - excused} days not excused" if excused else ""
    return f"start → {now} → target{over}"


def _excused(goal: Standing) -> int:
    """A weekly total's days excused among its 7, when some of its days are not (0 for a
    reading, and for a week all excused: nothing to prorate, it is not judged)."""
    excused = (goal["days_excused"] or 0) if goal["kind"] == "weekly_total" else 0
    return excused if excused < levels.WEEK_DAYS else 0


def distance_text(goal: Standing, reader: Reader = "client") -> str:
    """How far the goal has come (core.text.distance_words), or why that cannot be said."""
    if goal["kind"] == "weekly_total" and (goal["days_excused"] or 0) >= levels.WEEK_DAYS:
        return "nothing to judge: every one of the last 7 days is excused"
    if not judged(goal):
        return f"{status_words(UNKNOWN)} to say how far it has come"
    excused = _excused(goal)
    if not excused:
        return distance_words(goal["baseline"], goal["target"], goal["level"], reader)
    # The known days' total against the start and the target prorated over the days not
    # excused (now_path), as it is judged: against the whole week's start it would flatter a goal
    # to lower something (5 drinks in 5 days is not "down 16" from 21 a week).
    start, _, target = now_path(goal)
    said = distance_words(start or 0.0, target or 0.0, goal["level"], reader)
    return f"{said} (over the {levels.WEEK_DAYS - excused} days not excused)"


def level_text(goal: Standing) -> str:
    """The level, labelled, where it says more than "now" ("" where it does not): a weekly
    total's "last 7 days: 8" (core.progress.levels.level_words), a reading's "level 12.33"."""
    if goal["stale"]:
        return "level stale: no reading in 28 days"
    if goal["kind"] == "weekly_total":
        excused = goal["days_excused"] or 0
        return level_words(
            goal["kind"],
            goal["direction"],
            amount(goal["level"], goal["unit"]),
            goal["days_known"],
            goal["days_counted"] or 0,
            excused,
            amount(round(prorated(goal["target"], excused), 1) + 0.0, goal["unit"]),
        )
    if goal["level"] == goal["current"]:
        return ""
    return f"level {number_text(goal['level'])}"


def goal_streak(goal: Standing) -> str:
    """'streak 3 days', 'streak 1 week': the streak in the goal's own rhythm."""
    return streak_words(goal["streak"], goal["streak_unit"])


def gas_level(value: int | None) -> str:
    """A GAS level as it is written: -2, -1, 0, +1, +2 ("–" for none)."""
    return NO_NUMBER if value is None else f"{value:+d}" if value else "0"


def rating_words(review: Ratings) -> str:
    """ "GAS +1, GBO 6/10 (+3 since the first review)"; the first rated review has no change."""
    parts = []
    if review["gas"] is not None:
        described = f" ({review['gas_text']})" if review["gas_text"] else ""
        parts.append(f"GAS {gas_level(review['gas'])}{described}")
    if review["gbo"] is not None:
        gbo = f"GBO {review['gbo']}/10"
        if review["gbo_change"] is not None:
            gbo += f" ({review['gbo_change']:+d} since the first review)"
        parts.append(gbo)
    return ", ".join(parts) or "no ratings"
