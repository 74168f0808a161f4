"""SMART goal checks: validators that refuse bad input, and gentle coaching.

Validators raise InputError with one kind sentence naming the field. Coaching
never refuses anything: a weak answer gets one concrete suggestion the client
may take or ignore.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from goalcli.core import limits
from goalcli.errors import InputError, quote

__all__ = [
    "ACTION_VERBS",
    "VAGUE_PHRASES",
    "Suggestion",
    "check_confidence",
    "check_number",
    "check_target",
    "check_target_date",
    "coach_achievable",
    "coach_measurable",
    "coach_relevant",
    "coach_specific",
    "coach_time_bound",
    "smart_checklist",
]

MIN_WORDS = 3
LOW_CONFIDENCE = 5
SOON_DAYS = 7
FAR_DAYS = 365

VAGUE_PHRASES: tuple[str, ...] = (
    "be happier",
    "be happy",
    "be better",
    "be healthier",
    "be more positive",
    "be less anxious",
    "be calmer",
    "be okay",
    "be ok",
    "do better",
    "feel better",
    "feel good",
    "feel happier",
    "feel less",
    "feel more",
    "get better",
    "get healthy",
    "get my life together",
    "improve myself",
    "improve my life",
    "sort myself out",
    "work on myself",
)
"""Wording that names a hope rather than something to do."""

# Kept as prose so the list is easy to read and extend.
_ACTION_VERB_TEXT = """
    walk run jog swim cycle bike hike dance stretch exercise lift train yoga
    call phone text message email write send reply journal read study learn
    sleep wake rest nap meditate breathe pray sit stand
    practice practise go attend visit join meet invite volunteer
    cook eat drink smoke vape snack
    spend save pay budget
    say ask tell talk speak share listen
    plan schedule book list track log record note count
    tidy clean wash shower brush garden
    take leave drive apply reach
    paint draw sing play
    stop quit limit cut skip turn put
    keep step steer pause wait stay avoid catch spot notice rate answer use bite hold
    accept tolerate allow let agree settle decide choose try repeat grieve remember bring
"""
ACTION_VERBS: frozenset[str] = frozenset(_ACTION_VERB_TEXT.split())
"""Common verbs of action; a specific goal usually contains one. The last two lines hold what
therapy goals do that everyday ones rarely say (step away, catch a habit, accept, tolerate):
goalcli's own templates use them, and its own examples must pass its own check. Never "be",
"do", "get", "feel" or "improve": they carry the hopes VAGUE_PHRASES names."""

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_COUNTABLE = re.compile(
    r"\d|\b(?:times?|minutes?|mins?|hours?|hrs?|days?|nights?|steps?|pages?|km|miles?|"
    r"count|number|rating|score|scale|how many|how often|how much)\b"
)


@dataclass(frozen=True)
class Suggestion:
    """One optional, kind idea for strengthening one SMART letter."""

    letter: Literal["S", "M", "A", "R", "T"]
    message: str


def _show(value: object) -> str:
    """Quote a user's value briefly for a message."""
    if _is_number(value):
        return f"{value:g}"
    return quote(value)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_confidence(value: int) -> int:
    """Accept a confidence rating: a whole number from 0 to 10."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise InputError(
            f"Confidence needs to be a whole number from 0 to 10; {_show(value)} is not."
        )
    return value


def check_number(value: float, field: str) -> float:
    """Accept a finite number for the named field, within the limits (core/limits.py)."""
    if not _is_number(value) or not math.isfinite(value):
        raise InputError(f"The {field} needs to be an ordinary number; {_show(value)} is not.")
    problem = limits.number_problem(value)
    if problem is not None:
        raise InputError(f"The {field} {problem}.")
    return float(value)


def check_target(baseline: float, target: float) -> None:
    """Accept a target that is a usable number far enough from the baseline to measure."""
    check_number(baseline, "starting point")
    check_number(target, "target")
    if target == baseline:
        raise InputError(
            f"The target {_show(target)} is the same as the starting point; "
            "choose a target that differs from where you are now."
        )
    if limits.gap_problem(baseline, target) is not None:
        raise InputError(
            f"The target {_show(target)} is too close to the starting point {_show(baseline)} "
            "to measure progress; choose a bigger difference or a smaller unit."
        )


def check_target_date(target_date: date, today: date) -> None:
    """Accept a target date strictly after today."""
    if target_date <= today:
        raise InputError(
            f"The target date {target_date.isoformat()} is not in the future; "
            f"please pick a day after today ({today.isoformat()})."
        )


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _is_action(word: str) -> bool:
    """Match an action verb in its common forms (walks, walking, walked, writing, running)."""
    candidates = {word}
    for suffix in ("s", "es", "ed", "d", "ing"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            stem = word[: -len(suffix)]
            candidates.update({stem, stem + "e"})
            if len(stem) > 2 and stem[-1] == stem[-2]:
                candidates.add(stem[:-1])  # running -> run, jogging -> jog
    return not candidates.isdisjoint(ACTION_VERBS)


def _vague_phrase(text: str) -> str | None:
    joined = " ".join(_words(text))
    for phrase in VAGUE_PHRASES:
        if re.search(rf"\b{re.escape(phrase)}\b", joined):
            return phrase
    return None


def coach_specific(text: str) -> Suggestion | None:
    """Suggest naming a concrete action when the goal is short or has no action in it."""
    words = _words(text)
    if len(words) >= MIN_WORDS and any(_is_action(word) for word in words):
        return None
    phrase = _vague_phrase(text)
    example = f"'{phrase}'" if phrase else "'be healthier'"
    return Suggestion(
        "S",
        "Try naming what you will do and when, e.g. 'walk for 20 minutes after lunch' "
        f"rather than {example}.",
    )


def coach_measurable(measure: str, unit: str) -> Suggestion | None:
    """Suggest something countable when the measure or its unit is missing or vague."""
    measure_text = (measure or "").strip()
    unit_text = (unit or "").strip()
    if not unit_text or not measure_text:
        return Suggestion(
            "M",
            "It helps to pick something you can count, such as a number of times, "
            "minutes, or a 0–10 rating of how you feel.",
        )
    both = f"{measure_text} {unit_text}"
    if _vague_phrase(both) and not _COUNTABLE.search(both.lower()):
        return Suggestion(
            "M",
            f"{_show(measure_text)} is hard to count from day to day; you could track how "
            "many times, how many minutes, or rate it from 0 to 10.",
        )
    return None


def coach_achievable(confidence: int, *, decrease: bool = False) -> Suggestion | None:
    """Suggest a smaller change or first step when confidence is below 5 out of 10.

    "Smaller" is said as a change, never as "lower the target": for a goal to cut something
    down (drinks 4 -> 0) a lower target is the harder one. `decrease`: the target is below
    the start."""
    check_confidence(confidence)
    if confidence >= LOW_CONFIDENCE:
        return None
    if decrease:
        smaller = "A smaller change (a target nearer where you are now, e.g. cutting down before cutting out)"
        later = "you can always aim lower later"
    else:
        smaller = "A smaller target"
        later = "you can always raise it later"
    return Suggestion(
        "A",
        f"You rated your confidence {confidence} out of 10. {smaller} or a smaller first step "
        f"could make this feel more doable; {later}.",
    )


def coach_relevant(reason: str) -> Suggestion | None:
    """Ask why the goal matters when the reason is missing or very short."""
    if len(_words(reason or "")) >= MIN_WORDS:
        return None
    return Suggestion(
        "R",
        "What would reaching this goal mean for you? A sentence on why it matters "
        "can help on the harder days.",
    )


def coach_time_bound(target_date: date, today: date) -> Suggestion | None:
    """Ask to confirm a target date less than a week or more than a year away."""
    days = (target_date - today).days
    if days < SOON_DAYS:
        return Suggestion(
            "T",
            "Your target date is less than a week away. If that feels right, keep it; "
            "if not, a date a few weeks out gives you room to build up.",
        )
    if days > FAR_DAYS:
        return Suggestion(
            "T",
            "Your target date is more than a year away. You might keep it and also pick "
            "a nearer date to check in on how it is going.",
        )
    return None


def smart_checklist(
    specific: str,
    measure: str,
    unit: str,
    confidence: int,
    relevant: str,
    target_date: date,
    today: date,
) -> dict[str, bool]:
    """Which SMART letters need no suggestion; published as `smart` in the JSON report."""
    return {
        "specific": coach_specific(specific) is None,
        "measurable": coach_measurable(measure, unit) is None,
        "achievable": coach_achievable(confidence) is None,
        "relevant": coach_relevant(relevant) is None,
        "time_bound": coach_time_bound(target_date, today) is None,
    }
