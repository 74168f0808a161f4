"""What the session page adds to the report: mood by week and what is worth talking about.

Pure functions over the report document (see reporting.py) and plain tuples.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from goalcli.core.text import plural

LOW_MOOD_DAY = 3


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
) -> list[str]:
    """Short sentences worth bringing to the session: goals behind or overdue, low-mood days,
    steps whose planned day has passed but not started. Titles and steps are the client's own
    words; the caller escapes them for its format."""
    points = []
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
    return points
