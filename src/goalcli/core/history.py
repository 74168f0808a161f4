"""A goal's history in plain words, and which status changes make sense (pure functions).

Every edit and status change is stored as text (field, old value, new value, reason; see
models.GoalChange). This module turns such a record into the sentence `goal show` and
`goal report` print, e.g. "target lowered from 8 to 6 on 2026-12-03", and decides whether a
status change such as "resume" is possible from where the goal is now.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from goalcli.core import gas
from goalcli.core.text import number_text
from goalcli.errors import InputError

__all__ = [
    "ASKED",
    "EDITABLE",
    "FIELD_WORDS",
    "LOGGED_KINDS",
    "STATUSES",
    "UNDOABLE_KINDS",
    "as_text",
    "describe",
    "detail_of",
    "rating_text",
    "review_differences",
    "review_summary",
    "transition",
]

STATUSES = ("active", "done", "paused", "dropped")

# The parts of a goal `goal edit` may change, and how a sentence names each one: the ones it
# asks about, in order, then the start point and start date, which only flags change (they
# correct the past, so they are changed on purpose, never by pressing Enter through a form).
FIELD_WORDS: dict[str, str] = {
    "title": "title",
    "specific": "what you will do",
    "measure": "what is measured",
    "unit": "unit",
    "target": "target",
    "target_date": "target date",
    "relevant": "why it matters",
    "confidence": "confidence",
    "frequency": "check-in frequency",
    "kind": "kind of measure",
    "baseline": "start point",
    "start_date": "start date",
    # The GAS follow-up guide, one description per level (core.gas); flags or its own questions.
    **{
        field: f"GAS level {gas.label(level)}"
        for level, field in zip(gas.LEVELS, gas.FIELDS, strict=True)
    },
}
_KIND_WORDS = {"reading": "a reading", "weekly_total": "a weekly total"}
EDITABLE: tuple[str, ...] = tuple(FIELD_WORDS)
# The other kinds of change the log records, all of which `goal undo` can reverse.
UNDOABLE_KINDS = (
    "status",
    "goal_added",
    "step_added",
    "step_text",
    "step_removed",
    "step_moved",
    "step_done",
    "step_undone",
    "checkin_replaced",
    "checkin_removed",
    "mood_replaced",
    "mood_removed",
    "review_replaced",
    "review_removed",
    "checkin_logged",
    "mood_logged",
    "measure_replaced",
    "measure_removed",
    "checkin_rated",
    "step_rated",
    "day_excused",
)
# Kinds recorded only so that `goal undo` can take them (a check-in or mood logged): logging is
# not a correction, so a goal's history and an export leave them out.
LOGGED_KINDS = ("checkin_logged", "mood_logged")
ASKED: tuple[str, ...] = EDITABLE[: EDITABLE.index("baseline")]

_NUMERIC = frozenset({"target", "confidence", "baseline"})

# action -> (statuses it may start from, the status it leads to)
_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "done": (frozenset({"active", "paused"}), "done"),
    "pause": (frozenset({"active"}), "paused"),
    "resume": (frozenset({"paused", "done", "dropped"}), "active"),
    "drop": (frozenset({"active", "paused"}), "dropped"),
}

# Why an action cannot be taken from a status: one sentence, with what to do instead.
_REFUSALS: dict[tuple[str, str], str] = {
    ("done", "done"): "is already done",
    ("done", "dropped"): "was dropped; `goal resume {id}` brings it back first",
    ("pause", "paused"): "is already paused",
    ("pause", "done"): "is done, so there is nothing to pause",
    ("pause", "dropped"): "was dropped, so there is nothing to pause",
    ("resume", "active"): "is active already; there is nothing to resume",
    ("drop", "dropped"): "was dropped already",
    ("drop", "done"): "is done; a finished goal stays finished (`goal delete {id}` removes it)",
}


def transition(action: str, current: str, goal_id: int) -> str:
    """The status `action` (done, pause, resume, drop) leads to from `current`.

    Raises InputError with one sentence naming the goal by id when the change makes no sense.
    An unknown action is a programming error (ValueError).
    """
    if action not in _TRANSITIONS:
        raise ValueError(f"unknown status action {action!r}")
    allowed, result = _TRANSITIONS[action]
    if current in allowed:
        return result
    why = _REFUSALS.get((action, current), f"is {current}; it cannot be changed that way")
    raise InputError(f"Goal {goal_id} {why.format(id=goal_id)}.")


def as_text(value: object) -> str:
    """A value as the history stores it: dates in ISO form, whole numbers without '.0'."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return number_text(value)
    return str(value)


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _status_words(old: str | None, new: str | None) -> str:
    if new == "active":
        return "resumed" if old == "paused" else "reopened"
    return {"done": "marked done", "paused": "paused", "dropped": "dropped"}.get(
        new or "", f"status changed from {old} to {new}"
    )


def detail_of(text: str | None) -> dict[str, Any]:
    """A change's detail (JSON text, see models.GoalChange) as a dict; {} when there is none
    or it is not an object."""
    if not text:
        return {}
    try:
        found = json.loads(text)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


# The ratings and words of a review, in the order a summary names them.
REVIEW_PARTS = ("gas", "gbo", "weight", "helped", "hindered", "next_step", "note")
_RATING_NAMES = {"gas": "GAS", "gbo": "GBO"}


def rating_text(name: str, value: int) -> str:
    """A rating as shown: a GAS level with its sign ("+1", "0", "-2"), a GBO rating as is."""
    return f"{value:+d}" if name == "gas" and value else str(value)


def review_summary(review: Mapping[str, Any]) -> str:
    """A review's ratings in a few words: "GAS 0, GBO 4" ("no ratings" when it has none)."""
    parts = [
        f"{label} {rating_text(name, review[name])}"
        for name, label in _RATING_NAMES.items()
        if review.get(name) is not None
    ]
    return ", ".join(parts) or "no ratings"


def review_differences(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    """What a corrected review changed: "GBO was 4, now 6; note changed" ("" when nothing)."""
    parts = []
    for name, label in _RATING_NAMES.items():
        before, after = old.get(name), new.get(name)
        if before != after:
            shown = [
                ("none" if value is None else rating_text(name, value)) for value in (before, after)
            ]
            parts.append(f"{label} was {shown[0]}, now {shown[1]}")
    words = [name for name in REVIEW_PARTS[2:] if old.get(name) != new.get(name)]
    parts.extend(f"{name.replace('_', ' ')} changed" for name in words)
    return "; ".join(parts)


def _step_words(
    field: str, old: str | None, new: str | None, reason: str | None, of: str
) -> str | None:
    """A change to a step, a check-in, a mood or a review in words (None: a goal's field or its
    status). `of` is the day the check-in, mood or review was of."""
    quoted = {"old": f"\u201c{old}\u201d", "new": f"\u201c{new}\u201d"}
    value = {"old": old or "no value", "new": new or "no value"}
    words = {
        "goal_added": f"goal {quoted['new']} added",
        "step_added": f"step {quoted['new']} added",
        "step_text": f"step {quoted['old']} reworded as {quoted['new']}",
        "step_removed": f"step {quoted['old']} removed",
        "step_moved": f"step \u201c{reason}\u201d moved from place {old} to {new}",
        "step_done": f"step {quoted['new']} done",
        "step_undone": f"step {quoted['old']} opened again",
        "checkin_removed": f"check-in of {new} removed (it was {old or 'a note only'})",
        "checkin_replaced": (
            f"check-in of {of} changed from {value['old']} to {value['new']}"
            if old != new
            else f"note of the check-in of {of} changed"
        ),
        "checkin_logged": (
            f"check-in of {of} logged ({new or 'a note only'})"
            if old is None
            else f"check-in of {of} added to, from {old} to {new}"
        ),
        "mood_logged": f"mood of {of} logged ({new})",
        "day_excused": f"{new} excused" + (f" ({reason})" if reason else ""),
        "checkin_rated": (
            f"check-in of {of} rated ({new})"
            if old is None
            else f"ratings of the check-in of {of} changed from {old} to {new}"
        ),
        "step_rated": (
            f"step \u201c{reason}\u201d rated ({new})"
            if old is None
            else f"step \u201c{reason}\u201d: {old} changed to {new}"
        ),
        "measure_replaced": f"{reason} of {of} taken again (score {old}, now {new})",
        "measure_removed": f"{reason} of {of} removed (score {old})",
        "mood_replaced": f"mood of {of} changed from {old} to {new}",
        "mood_removed": f"mood of {of} removed (it was {old})",
        "review_replaced": f"review of {of} corrected ({reason})",
        "review_removed": f"review of {of} removed (it was {old})",
    }
    return words.get(field)


def describe(
    field: str,
    old: str | None,
    new: str | None,
    day: date,
    reason: str | None = None,
    detail: str | None = None,
) -> str:
    """One change in plain words, e.g. "target lowered from 8 to 6 on 2026-12-03".

    Values are shown as stored; text the client wrote (a title, a reason) is included as
    written, so callers print the result as user text (escaped, never as markup). `detail`
    (JSON) names the day a changed check-in, mood or review was of.
    """
    on = f"on {day.isoformat()}"
    step = _step_words(field, old, new, reason, str(detail_of(detail).get("date", "a day")))
    if step is not None:
        return f"{step} {on}"
    if field == "status":
        sentence = f"{_status_words(old, new)} {on}"
        return f"{sentence} (reason: {reason})" if reason else sentence
    name = FIELD_WORDS.get(field, field.replace("_", " "))
    if field in _NUMERIC:
        before, after = _number(old), _number(new)
        if before is not None and after is not None and before != after:
            verb = "raised" if after > before else "lowered"
            return f"{name} {verb} from {old} to {new} {on}"
    if field == "kind" and old in _KIND_WORDS and new in _KIND_WORDS:
        return f"measured as {_KIND_WORDS[new]} instead of {_KIND_WORDS[old]} {on}"
    if field in ("target_date", "start_date"):
        return f"{name} moved from {old} to {new} {on}"
    if field in gas.FIELDS:
        if old is None:
            return f"{name} described as \u201c{new}\u201d {on}"
        return f"{name} description changed from \u201c{old}\u201d to \u201c{new}\u201d {on}"
    if field in {"title", "specific", "measure", "unit", "relevant"}:
        return f"{name} changed from \u201c{old}\u201d to \u201c{new}\u201d {on}"
    return f"{name} changed from {old} to {new} {on}"
