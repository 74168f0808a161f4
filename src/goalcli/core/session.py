"""What the session page adds to the report: mood by week and what is worth talking about.

Pure functions over the report document (see views/report.py) and plain tuples.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from goalcli.core import voice
from goalcli.core.progress.levels import UNKNOWN, status_words
from goalcli.core.signals import NUMBER_WORDS
from goalcli.core.text import plural
from goalcli.core.weeks import known_words

LOW_MOOD_DAY = 3
SILENT_DAYS = 3
"""No check-in at all for this many days is worth talking about."""
SILENT_PERIODS = 2
"""A goal not logged for this many of its periods (days, or weeks for a weekly rhythm) is too."""


def mood_by_week(series: Sequence[Mapping[str, Any]]) -> list[tuple[date, float, int]]:
    """(Monday of the week, average mood, days logged) for each week with a mood, oldest first."""
    weeks: dict[date, list[int]] = {}
    for entry in series:
        day = date.fromisoformat(entry["date"])
        weeks.setdefault(day - timedelta(days=day.weekday()), []).append(entry["mood"])
    return [
        (monday, round(sum(moods) / len(moods), 1), len(moods))
        for monday, moods in sorted(weeks.items())
    ]


def talking_points(
    goals: Sequence[Mapping[str, Any]],
    steps: Mapping[int, Sequence[tuple[int, str, date | None, date | None]]],
    series: Sequence[Mapping[str, Any]],
    as_of: date,
    *,
    last_review: date | None = None,
    review_every: int | None = None,
    signals: Sequence[Mapping[str, Any]] = (),
    reader: voice.Reader = "therapist",
) -> list[str]:
    """Short sentences worth bringing to the session: first the signals (the JSON report's
    `signals`, worded for `reader` by signal_words), then goals behind or overdue, low-mood days,
    steps whose planned day has passed but not started, and silences (no check-in for 3 days
    or more, a goal not logged for two of its periods, a review that is due). Titles and steps
    are the client's own words; the caller escapes them for its format."""
    points = [signal_words(signal, reader) for signal in signals]
    for goal in goals:
        if goal["status"] == "behind":
            points.append(
                f"{goal['title']} is behind plan ({goal['progress'] * 100:.0f}% done, "
                f"{goal['expected_progress'] * 100:.0f}% expected by now)."
            )
        elif goal["status"] == "overdue":
            points.append(
                f"{goal['title']} passed its target date ({goal['target_date']}) before it was reached."
            )
        elif goal["status"] == UNKNOWN:
            known, counted = goal.get("days_known"), goal.get("days_counted")
            excused = goal.get("days_excused") or 0
            why = (
                "no reading in 28 days"
                if known is None or counted is None
                else known_words(known, counted, excused) + " in the last 7 days"
            )
            points.append(f"{goal['title']}: {status_words(UNKNOWN)} to judge it ({why}).")
        for position, text, due, done in steps.get(goal["id"], ()):
            if done is None and due is not None and due < as_of:
                points.append(
                    f"Step {position} of {goal['title']} ('{text}') was planned for {due.isoformat()} and is not done yet."
                )
    low_days = [entry["date"] for entry in series if entry["mood"] <= LOW_MOOD_DAY]
    if low_days:
        points.append(
            f"Mood was {LOW_MOOD_DAY} or lower on {plural(len(low_days), 'day')}: {', '.join(low_days)}."
        )
    return points + silences(
        goals, series, as_of, last_review=last_review, review_every=review_every
    )


def signal_words(signal: Mapping[str, Any], reader: voice.Reader) -> str:
    """One signal as a sentence: its rule in words for the therapist, gently for the client."""
    name = signal.get("goal") or signal.get("measure") or ""
    weeks = int(signal["figures"].get("weeks", 0))
    return voice.say(
        "signal_" + str(signal["kind"]).replace(" ", "_"),
        reader,
        name=name,
        why=signal["why"],
        weeks=NUMBER_WORDS.get(weeks, str(weeks)),
    )


def silences(
    goals: Sequence[Mapping[str, Any]],
    series: Sequence[Mapping[str, Any]],
    as_of: date,
    *,
    last_review: date | None = None,
    review_every: int | None = None,
) -> list[str]:
    """What has gone quiet: days without any check-in (a goal value or a mood), goals not
    logged for SILENT_PERIODS of their periods while others were, and a review that is due
    (`review_every` days after the last one, or after the first goal started). A day excused
    for a goal (`goal skip`: ill, away; the goal's `excused_days`) is not a silence: not for
    that goal, and not for the whole when any goal excused it."""
    days = [date.fromisoformat(goal["last_checkin"]) for goal in goals if goal["last_checkin"]]
    days += [date.fromisoformat(entry["date"]) for entry in series]
    starts = [date.fromisoformat(goal["start_date"]) for goal in goals]
    last_any = max(days, default=None)
    quiet_since = last_any or min(starts, default=None)
    excused_any = {day for goal in goals for day in _excused(goal)}
    quiet = None if quiet_since is None else _quiet_days(quiet_since, as_of, excused_any)
    points = []
    if quiet is not None and quiet_since is not None and quiet >= SILENT_DAYS:
        since = f"the last on {last_any.isoformat()}" if last_any else "since the goals started"
        apart = _apart(quiet_since, as_of, excused_any)
        points.append(f"No check-in for {plural(quiet, 'day')} ({since}{apart}).")
    points += [point for goal in goals if (point := _silent_goal(goal, as_of, quiet)) is not None]
    if review_every is not None and starts:
        points += _review_due(as_of, min(starts), last_review, review_every)
    return points


def _excused(goal: Mapping[str, Any]) -> set[date]:
    return {date.fromisoformat(day) for day in goal.get("excused_days") or ()}


def _quiet_days(since: date, as_of: date, excused: set[date]) -> int:
    """The days after `since` up to as_of that are not excused."""
    return (as_of - since).days - sum(1 for day in excused if since < day <= as_of)


def _apart(since: date, as_of: date, excused: set[date]) -> str:
    count = sum(1 for day in excused if since < day <= as_of)
    return f"; not counting {plural(count, 'excused day')}" if count else ""


def _silent_goal(goal: Mapping[str, Any], as_of: date, quiet: int | None) -> str | None:
    """The goal not logged for SILENT_PERIODS of its periods, its excused days not counted,
    when the person was checking in otherwise (one line says a general silence): `quiet` is the
    days since any check-in."""
    period = 7 if goal["streak_unit"] == "weeks" else 1
    last = date.fromisoformat(goal["last_checkin"] or goal["start_date"])
    excused = _excused(goal)
    silent = _quiet_days(last, as_of, excused)
    if silent < SILENT_PERIODS * period or (quiet is not None and silent <= quiet):
        return None
    unit = "week" if period == 7 else "day"
    apart = _apart(last, as_of, excused)
    return f"{goal['title']} has not been logged for {plural(silent // period, unit)}{apart}."


def _review_due(
    as_of: date, first_start: date, last_review: date | None, review_every: int
) -> list[str]:
    """A review is due `review_every` days after the last one, or after the first goal started."""
    waited = (as_of - (last_review or first_start)).days
    if waited < review_every:
        return []
    last_words = f"last on {last_review.isoformat()}" if last_review else "none yet"
    return [f"A review is due ({last_words}; every {plural(review_every, 'day')})."]
