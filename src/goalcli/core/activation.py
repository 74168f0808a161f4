"""Behavioural activation: how an activity felt (pleasure and mastery, 0-10 each), the pleasure
predicted when it was planned, and what a period of them shows. Pure: the standard library only.

A rating not given is unknown: it is left out of every average, never read as 0.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypedDict

RATED_FIELDS = ("pleasure", "mastery", "expected_pleasure")
"""What a step may carry; a check-in carries the first two."""

_WORDS = {"pleasure": "pleasure", "mastery": "mastery", "expected_pleasure": "expected pleasure"}


def ratings_words(ratings: Mapping[str, int | None], removed: Collection[str] = ()) -> str | None:
    """The ratings given, in words for the change log ("pleasure 7, mastery 5"), then those
    `removed` ("no pleasure"); None when there is neither."""
    parts = [
        f"{_WORDS[name]} {value}"
        for name in RATED_FIELDS
        if (value := ratings.get(name)) is not None
    ]
    parts.extend(f"no {_WORDS[name]}" for name in RATED_FIELDS if name in removed)
    return ", ".join(parts) or None


@dataclass(frozen=True)
class Rated:
    """One rated activity: a check-in of a goal (the goal is the activity) or a step ticked
    off (the step is), with how it felt and, for a step, the pleasure predicted."""

    goal_id: int
    goal_title: str
    activity: str
    day: date
    pleasure: int | None
    mastery: int | None
    expected_pleasure: int | None = None
    step: int | None = None  # the step's number; None: a check-in


class Average(TypedDict):
    """Averages over the ratings given (None: none given); `rated`: how many were rated."""

    goal_id: int
    title: str
    pleasure_avg: float | None
    mastery_avg: float | None
    rated: int


class Prediction(TypedDict):
    """A step rated after a predicted pleasure: "you expected 3/10, it was 7/10"."""

    goal_id: int
    activity: str
    date: str
    expected_pleasure: int
    pleasure: int


class Predictions(TypedDict):
    compared: int  # steps with both a prediction and a pleasure rating
    enjoyed_more: int  # of them, how many were enjoyed more than predicted
    more_by_avg: float | None  # by how much on average, over those enjoyed more
    items: list[Prediction]


class RatingEntry(TypedDict):
    goal_id: int
    activity: str
    step: int | None
    date: str
    pleasure: int | None
    mastery: int | None
    expected_pleasure: int | None


class ActivationSection(TypedDict):
    """The behavioural-activation section of a report over a period."""

    goals: list[Average]
    activities: list[Average]
    predictions: Predictions
    highest_pleasure: list[Average]  # the activities enjoyed most, best first
    ratings: list[RatingEntry]  # every rating in the period, oldest first


HIGHEST = 3
"""How many of the activities enjoyed most the section names."""


def _mean(values: Sequence[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _average(goal_id: int, title: str, items: Sequence[Rated]) -> Average:
    return {
        "goal_id": goal_id,
        "title": title,
        "pleasure_avg": _mean([item.pleasure for item in items if item.pleasure is not None]),
        "mastery_avg": _mean([item.mastery for item in items if item.mastery is not None]),
        "rated": len(items),
    }


def activation_section(rated: Sequence[Rated]) -> ActivationSection | None:
    """What a period's ratings show; None when nothing in it was rated (a prediction alone,
    without how it felt, is not a rating). Unrated items are ignored, never counted as 0."""
    given = sorted(
        (item for item in rated if item.pleasure is not None or item.mastery is not None),
        key=lambda item: (item.day, item.goal_id, item.step or 0),
    )
    if not given:
        return None
    by_goal: dict[int, list[Rated]] = {}
    by_activity: dict[tuple[int, int | None], list[Rated]] = {}
    for item in given:
        by_goal.setdefault(item.goal_id, []).append(item)
        by_activity.setdefault((item.goal_id, item.step), []).append(item)
    goals = [_average(goal_id, items[0].goal_title, items) for goal_id, items in by_goal.items()]
    activities = [
        _average(goal_id, items[-1].activity, items)
        for (goal_id, _step), items in by_activity.items()
    ]
    compared: list[Prediction] = [
        {
            "goal_id": item.goal_id,
            "activity": item.activity,
            "date": item.day.isoformat(),
            "expected_pleasure": item.expected_pleasure,
            "pleasure": item.pleasure,
        }
        for item in given
        if item.expected_pleasure is not None and item.pleasure is not None
    ]
    gains = [
        entry["pleasure"] - entry["expected_pleasure"]
        for entry in compared
        if entry["pleasure"] > entry["expected_pleasure"]
    ]
    enjoyed = [entry for entry in activities if entry["pleasure_avg"] is not None]
    highest = sorted(enjoyed, key=lambda entry: -(entry["pleasure_avg"] or 0.0))[:HIGHEST]
    return {
        "goals": goals,
        "activities": activities,
        "predictions": {
            "compared": len(compared),
            "enjoyed_more": len(gains),
            "more_by_avg": _mean(gains),
            "items": compared,
        },
        "highest_pleasure": highest,
        "ratings": [
            {
                "goal_id": item.goal_id,
                "activity": item.activity,
                "step": item.step,
                "date": item.day.isoformat(),
                "pleasure": item.pleasure,
                "mastery": item.mastery,
                "expected_pleasure": item.expected_pleasure,
            }
            for item in given
        ],
    }


def prediction_words(entry: Prediction) -> str:
    """ "you expected 3/10, it was 7/10" """
    return f"you expected {entry['expected_pleasure']}/10, it was {entry['pleasure']}/10"


def summary_lines(section: ActivationSection) -> list[str]:
    """The section in a few plain lines, the same on the terminal, in Markdown and HTML (user
    text among them: callers print them literally)."""
    lines = []
    for entry in section["goals"]:
        lines.append(f"Goal {entry['goal_id']}, {entry['title']}: {_pair(entry)}")
    for entry in section["activities"]:
        lines.append(f"  {entry['title']}: {_pair(entry)}")
    predictions = section["predictions"]
    if predictions["compared"]:
        more = (
            f" (by {_number(predictions['more_by_avg'])} points on average)"
            if predictions["more_by_avg"] is not None
            else ""
        )
        lines.append(
            f"Enjoyed more than expected: {predictions['enjoyed_more']} of "
            f"{predictions['compared']}{more}."
        )
        lines.extend(
            f"  {item['activity']}: {prediction_words(item)}" for item in predictions["items"]
        )
    if section["highest_pleasure"]:
        names = "; ".join(
            f"{entry['title']} ({_number(entry['pleasure_avg'])}/10)"
            for entry in section["highest_pleasure"]
        )
        lines.append(f"Most enjoyed: {names}")
    return lines


def _pair(entry: Average) -> str:
    pleasure = entry["pleasure_avg"]
    mastery = entry["mastery_avg"]
    words = [
        f"pleasure {_number(pleasure)}/10" if pleasure is not None else "pleasure not rated",
        f"mastery {_number(mastery)}/10" if mastery is not None else "mastery not rated",
    ]
    times = "once" if entry["rated"] == 1 else f"{entry['rated']} times"
    return f"{', '.join(words)} (rated {times})"


def _number(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if value == int(value) else f"{value:.1f}"
