"""The export document's format, and the pure check of a whole document before an import.

`validate` checks a parsed document and returns it normalised, or raises InputError naming the
first bad field by its path (`goals[1].checkins[3].day`, counted from 1). Nothing here touches
the database: transfer.py reads and writes, this module only says what a document may hold.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from goalcli.core import gas, limits, measures
from goalcli.core.history import STATUSES as GOAL_STATUSES
from goalcli.core.members import MAX_MEMBERS
from goalcli.core.plan import THERAPY_TYPES, check_frequency
from goalcli.core.progress.levels import KINDS
from goalcli.errors import InputError, quote

FORMAT = "goalcli-export"
VERSION = 1

INTAKE_FIELDS = (
    "id",
    "therapy_type",
    "expectations",
    "obstacles",
    "success_feels_like",
    "motivations",
    "support_contact",
    "created_on",
)
GOAL_FIELDS = (
    "id",
    "intake",
    "title",
    "specific",
    "measure",
    "unit",
    "baseline",
    "target",
    "relevant",
    "confidence",
    "frequency",
    "kind",
    "weight",
    "start_date",
    "target_date",
    "status",
    "created_at",
    "gas_levels",  # the GAS follow-up guide: five descriptions, -2 to +2, or null
)
GOAL_LISTS = ("steps", "checkins", "reviews", "changes", "excused_days")
# A day excused for a goal (`goal skip`, issue 28): ill, away, a crisis; the reason or null.
EXCUSED_FIELDS = ("day", "reason")
# Behavioural activation (issue 28) added the ratings, 0-10 or null (not rated); a file from
# before them still imports, as not rated.
STEP_FIELDS = ("position", "text", "due_on", "done_on", "expected_pleasure", "pleasure", "mastery")
CHECKIN_FIELDS = ("day", "value", "note", "pleasure", "mastery")
REVIEW_FIELDS = (
    "day",
    "gas",
    "gbo",
    "weight",
    "helped",
    "hindered",
    "next_step",
    "note",
    "member",  # a couple's or family's member; null: the shared or only rating
)
CHANGE_FIELDS = (
    "day",
    "field",
    "old_value",
    "new_value",
    "reason",
    "created_at",
    "undone_at",  # when `goal undo` reversed it
    "detail",  # JSON text: what undoing it needs (storage/undo.py)
)
# What makes two changes the same one when an import merges: not whether it was undone since.
CHANGE_IDENTITY = CHANGE_FIELDS[:6]
MOOD_FIELDS = ("day", "mood")
# A questionnaire taken (core/measures): every answer; total and loinc are there for readers and
# checked on import against the answers, so the file cannot say a score its answers do not give.
MEASURE_FIELDS = ("measure", "day", "answers", "followup", "total", "risk", "loinc")
# A risk answer kept after its questionnaire was replaced (or met another on import): the day
# and the answers that carried it; `why` is "replaced" or "imported".
RISK_EVENT_FIELDS = ("measure", "day", "answers", "why")
RISK_WHY = ("replaced", "imported")
# The questionnaires taken regularly (`goal measure schedule`, or chosen at intake).
SCHEDULE_FIELDS = ("measure", "every_days", "since")
TOP_FIELDS = (
    "format",
    "version",
    "schema_version",
    "exported_at",
    "intakes",
    "goals",
    "moods",
    "measures",
    "mood_changes",  # changes that belong to no goal: a day's mood replaced or removed
    "measure_schedule",
    "crisis_line",  # the person's own crisis line (`goal settings crisis-line`), or null
    "members",  # a couple's or family's members, by name
    "risk_events",  # risk answers kept after a questionnaire was replaced (RISK_EVENT_FIELDS)
)

# What a spreadsheet runs as a formula when a cell starts with it (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """A CSV text cell a spreadsheet shows as text instead of running it: one that starts like
    a formula gets a single quote in front, as OWASP recommends ("=SUM(A1)" becomes
    "'=SUM(A1)"). Only text cells: numbers, even negative ones, stay numbers."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# Fields an older export may lack: its goals take the value every goal had then.
_ADDED_LATER: dict[str, Any] = {
    "kind": "reading",
    "measures": [],
    "mood_changes": [],
    "undone_at": None,
    "detail": None,
    "measure_schedule": [],
    "crisis_line": None,
    "gas_levels": None,
    "member": None,
    "members": [],
    "risk_events": [],
    "pleasure": None,
    "mastery": None,
    "expected_pleasure": None,
    "excused_days": [],
}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MAX_ID = 2**62


@dataclass
class Document:
    """A validated export: values normalised (dates as ISO text, numbers as float)."""

    schema_version: int
    intakes: list[dict[str, Any]] = field(default_factory=list)
    goals: list[dict[str, Any]] = field(default_factory=list)
    moods: list[dict[str, Any]] = field(default_factory=list)
    measures: list[dict[str, Any]] = field(default_factory=list)
    mood_changes: list[dict[str, Any]] = field(default_factory=list)
    measure_schedule: list[dict[str, Any]] = field(default_factory=list)
    crisis_line: str | None = None
    members: list[str] = field(default_factory=list)
    risk_events: list[dict[str, Any]] = field(default_factory=list)


class _Bad(Exception):
    def __init__(self, path: str, problem: str) -> None:
        super().__init__(problem)
        self.path = path
        self.problem = problem


def validate(document: Any, *, current_schema: int) -> Document:
    """Check the whole document; InputError names the first bad field by its path."""
    try:
        return _validate(document, current_schema)
    except _Bad as bad:
        where = f"{bad.path}: " if bad.path else ""
        raise InputError(f"{where}{bad.problem}") from None


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _object(value: Any, path: str, fields: tuple[str, ...], what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(path, f"expected {what} (an object), found {_kind(value)}")
    for key in value:
        if key not in fields:
            raise _Bad(path, f"unknown field {quote(key)}")
    for key in fields:
        if key not in value and key not in _ADDED_LATER:
            raise _Bad(f"{path}.{key}" if path else key, "missing")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise _Bad(path, f"expected a list, found {_kind(value)}")
    return value


def _text(
    value: Any, path: str, field: str, *, optional: bool = False, required: bool = False
) -> str | None:
    """Text for the stored `field` (a key of limits.FIELD_LIMITS), under the limits every
    door applies; kept exactly as exported (not stripped), but for a name (a title, a member),
    which is put in the one form every door keeps names in (stripped, NFC), so that a command
    can find it again by typing it."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise _Bad(path, f"expected text{' or null' if optional else ''}, found {_kind(value)}")
    limit = limits.FIELD_LIMITS[field]
    text: str = limits.name_form(value) if limit.name else value
    problem = limits.text_problem(text, limit)
    if problem is not None:
        raise _Bad(path, f"the text {problem}")
    if required and not text.strip():
        raise _Bad(path, "can't be empty")
    return text


def _day(value: Any, path: str, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise _Bad(path, f"expected a date (YYYY-MM-DD), found {_kind(value)}")
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError
        parsed = date.fromisoformat(value)
    except ValueError:
        raise _Bad(path, f"{quote(value)} is not a date (YYYY-MM-DD)") from None
    problem = limits.date_problem(parsed)
    if problem is not None:
        raise _Bad(path, f"{value} {problem}")
    return parsed.isoformat()


def _stamp(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _Bad(path, f"expected a date and time (ISO 8601), found {_kind(value)}")
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise _Bad(path, f"{quote(value)} is not a date and time (ISO 8601)") from None
    return value


def _whole(value: Any, path: str, low: int, high: int, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(path, f"expected a whole number from {low} to {high}, found {_kind(value)}")
    if not low <= value <= high:
        raise _Bad(path, f"{value} is out of range ({low} to {high})")
    return value


def _real(value: Any, path: str, *, optional: bool = False) -> float | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad(path, f"expected a number, found {_kind(value)}")
    try:
        converted = float(value)
    except OverflowError:  # an integer of hundreds of digits
        raise _Bad(path, "the number is too large") from None
    problem = limits.number_problem(converted)
    if problem is not None:
        raise _Bad(path, problem)
    return converted


def _choice(value: Any, path: str, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        shown = quote(value) if isinstance(value, str) else _kind(value)
        raise _Bad(path, f"{shown} is not one of {', '.join(choices)}")
    return value


def _unique(items: list[dict[str, Any]], key: Callable[[dict[str, Any]], Any], path: str) -> None:
    seen: set[Any] = set()
    for number_, item in enumerate(items, start=1):
        identity = key(item)
        if identity in seen:
            raise _Bad(f"{path}[{number_}]", "appears twice in the file")
        seen.add(identity)


def _validate(raw: Any, current_schema: int) -> Document:
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise _Bad("", 'this is not a goalcli export (no "format": "goalcli-export" marker)')
    version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise _Bad("version", f"expected a whole number, found {_kind(version)}")
    if version > VERSION:
        raise _Bad("version", f"export format {version} is newer than this goalcli; upgrade it")
    if version < 1:
        raise _Bad("version", f"{version} is not an export format version")
    top = _object(raw, "", TOP_FIELDS, "an export")
    schema = _whole(top["schema_version"], "schema_version", 1, 10**6)
    assert schema is not None
    if schema > current_schema:
        raise _Bad("schema_version", "written by a newer goalcli; upgrade goalcli to import it")
    if top["exported_at"] is not None:
        _stamp(top["exported_at"], "exported_at")
    result = Document(schema_version=schema)

    result.intakes = _each(top["intakes"], "intakes", INTAKE_FIELDS, "an intake", _intake)
    _unique(result.intakes, lambda intake: intake["id"], "intakes")
    intake_ids = {intake["id"] for intake in result.intakes}

    _at_most(_list(top["goals"], "goals"), limits.MAX_GOALS, "goals", "goals")
    result.goals = _each(
        top["goals"],
        "goals",
        (*GOAL_FIELDS, *GOAL_LISTS),
        "a goal",
        lambda item, path: _goal(item, path, intake_ids),
    )
    _unique(result.goals, lambda goal: goal["id"], "goals")

    result.moods = _each(top["moods"], "moods", MOOD_FIELDS, "a mood", _mood)
    _unique(result.moods, lambda mood: mood["day"], "moods")

    result.measures = _each(
        top.get("measures", []), "measures", MEASURE_FIELDS, "a questionnaire", _measure
    )
    _unique(result.measures, lambda taken: (taken["measure"], taken["day"]), "measures")
    result.mood_changes = _each(
        top.get("mood_changes", []), "mood_changes", CHANGE_FIELDS, "a mood change", _change
    )
    result.measure_schedule = _each(
        top.get("measure_schedule", []),
        "measure_schedule",
        SCHEDULE_FIELDS,
        "a scheduled questionnaire",
        _scheduled,
    )
    _unique(result.measure_schedule, lambda item: item["measure"], "measure_schedule")
    result.crisis_line = _text(
        top.get("crisis_line"), "crisis_line", "support_contact", optional=True, required=True
    )
    names = _list(top.get("members", []), "members")
    result.members = [
        _text(name, f"members[{number_}]", "member", required=True) or ""
        for number_, name in enumerate(names, start=1)
    ]
    _at_most(result.members, MAX_MEMBERS, "members", "members")
    # Two spellings of one name (" Sam", "sam", "José" composed and decomposed) are one name
    # twice: refused whole, as the file cannot say which was meant.
    _unique(
        [{"name": limits.name_key(name)} for name in result.members], lambda m: m["name"], "members"
    )
    result.risk_events = _each(
        top.get("risk_events", []), "risk_events", RISK_EVENT_FIELDS, "a risk event", _risk_event
    )
    return result


def _risk_event(item: dict[str, Any], path: str) -> dict[str, Any]:
    """A kept risk answer: answers a questionnaire of its measure could hold, with the risk."""
    checked = _measure(
        {**item, "followup": None, "total": None, "risk": True, "loinc": None},
        path,
        totals=False,
    )
    if not measures.measure(checked["measure"]).risk(checked["answers"]):
        raise _Bad(f"{path}.answers", "these answers hold no risk answer")
    return {
        "measure": checked["measure"],
        "day": checked["day"],
        "answers": checked["answers"],
        "why": _choice(item["why"], f"{path}.why", RISK_WHY),
    }


def _goal(item: dict[str, Any], path: str, intake_ids: set[int]) -> dict[str, Any]:
    goal: dict[str, Any] = {"id": _whole(item["id"], f"{path}.id", 1, _MAX_ID)}
    intake = _whole(item["intake"], f"{path}.intake", 1, _MAX_ID, optional=True)
    if intake is not None and intake not in intake_ids:
        raise _Bad(f"{path}.intake", f"no intake with id {intake} in the file")
    goal["intake"] = intake
    goal["title"] = _text(item["title"], f"{path}.title", "title", required=True)
    for name in ("specific", "measure", "unit", "relevant"):
        goal[name] = _text(item[name], f"{path}.{name}", name)
    goal["baseline"] = _real(item["baseline"], f"{path}.baseline")
    goal["target"] = _real(item["target"], f"{path}.target")
    gap = limits.gap_problem(goal["baseline"], goal["target"])
    if gap is not None:
        raise _Bad(f"{path}.target", gap)
    goal["confidence"] = _whole(item["confidence"], f"{path}.confidence", 0, 10)
    frequency = _text(item["frequency"], f"{path}.frequency", "frequency", required=True)
    try:
        goal["frequency"] = check_frequency(frequency or "")
    except InputError:
        raise _Bad(f"{path}.frequency", f"{quote(frequency)} is not a frequency") from None
    kind = item.get("kind", _ADDED_LATER["kind"])
    goal["kind"] = _choice(kind, f"{path}.kind", KINDS)
    goal["weight"] = _whole(item["weight"], f"{path}.weight", 1, 3)
    goal["start_date"] = _day(item["start_date"], f"{path}.start_date")
    goal["target_date"] = _day(item["target_date"], f"{path}.target_date")
    if goal["target_date"] <= goal["start_date"]:  # ISO dates order as text
        raise _Bad(f"{path}.target_date", "must be after the goal's start_date")
    goal["status"] = _choice(item["status"], f"{path}.status", GOAL_STATUSES)
    goal["created_at"] = _stamp(item["created_at"], f"{path}.created_at")
    goal["gas_levels"] = _gas_levels(item.get("gas_levels"), f"{path}.gas_levels")

    goal["steps"] = _each(item["steps"], f"{path}.steps", STEP_FIELDS, "a step", _step)
    _at_most(goal["steps"], limits.MAX_STEPS, "steps", f"{path}.steps")
    _unique(goal["steps"], lambda step: step["position"], f"{path}.steps")
    goal["checkins"] = _each(
        item["checkins"], f"{path}.checkins", CHECKIN_FIELDS, "a check-in", _checkin
    )
    _unique(goal["checkins"], lambda checkin: checkin["day"], f"{path}.checkins")
    goal["reviews"] = _each(item["reviews"], f"{path}.reviews", REVIEW_FIELDS, "a review", _review)
    _unique(goal["reviews"], lambda review: (review["day"], review["member"]), f"{path}.reviews")
    goal["excused_days"] = _each(
        item.get("excused_days", []),
        f"{path}.excused_days",
        EXCUSED_FIELDS,
        "an excused day",
        _excused,
    )
    _unique(goal["excused_days"], lambda excused: excused["day"], f"{path}.excused_days")
    checkin_days = {checkin["day"] for checkin in goal["checkins"]}
    for number_, excused in enumerate(goal["excused_days"], start=1):
        if excused["day"] in checkin_days:
            raise _Bad(
                f"{path}.excused_days[{number_}]", "the goal has a check-in that day as well"
            )
    # Not unique: the same change twice is possible (an edit undone and redone).
    goal["changes"] = _each(
        item["changes"], f"{path}.changes", CHANGE_FIELDS, "a goal change", _change
    )
    return goal


def _gas_levels(value: Any, path: str) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != len(gas.LEVELS):
        raise _Bad(
            path, f"expected a list of five descriptions, -2 to +2, or null, found {_kind(value)}"
        )
    return [
        _text(text, f"{path}[{number_}]", "gas_level", required=True) or ""
        for number_, text in enumerate(value, start=1)
    ]


def _at_most(items: list[Any], most: int, what: str, path: str) -> None:
    problem = limits.count_problem(len(items), most, what)
    if problem is not None:
        raise _Bad(path, problem)


def _each(
    value: Any,
    path: str,
    fields: tuple[str, ...],
    what: str,
    check: Callable[[dict[str, Any], str], dict[str, Any]],
) -> list[dict[str, Any]]:
    """Check every object of the list `value` with `check(item, its path)`, in order."""
    return [
        check(_object(item, f"{path}[{number_}]", fields, what), f"{path}[{number_}]")
        for number_, item in enumerate(_list(value, path), start=1)
    ]


def _intake(item: dict[str, Any], path: str) -> dict[str, Any]:
    intake = {
        "id": _whole(item["id"], f"{path}.id", 1, _MAX_ID),
        "therapy_type": _choice(item["therapy_type"], f"{path}.therapy_type", THERAPY_TYPES),
    }
    for name in ("expectations", "obstacles", "success_feels_like", "motivations"):
        intake[name] = _text(item[name], f"{path}.{name}", name)
    intake["support_contact"] = _text(
        item["support_contact"], f"{path}.support_contact", "support_contact", optional=True
    )
    intake["created_on"] = _day(item["created_on"], f"{path}.created_on")
    return intake


def _mood(item: dict[str, Any], path: str) -> dict[str, Any]:
    return {
        "day": _day(item["day"], f"{path}.day"),
        "mood": _whole(item["mood"], f"{path}.mood", 0, 10),
    }


def _measure(item: dict[str, Any], path: str, *, totals: bool = True) -> dict[str, Any]:
    which = _choice(item["measure"], f"{path}.measure", measures.IDS)
    taken = measures.measure(which)
    answers = item["answers"]
    if not isinstance(answers, list) or any(
        isinstance(answer, bool) or not isinstance(answer, int) for answer in answers
    ):
        raise _Bad(f"{path}.answers", "expected a list of whole numbers")
    try:
        total = taken.total(answers)
    except ValueError as error:
        raise _Bad(f"{path}.answers", str(error)) from None
    if not totals:
        return {"measure": which, "day": _day(item["day"], f"{path}.day"), "answers": answers}
    if item["total"] != total or isinstance(item["total"], bool):
        raise _Bad(f"{path}.total", f"the answers add up to {total}")
    if item["risk"] is not taken.risk(answers):
        raise _Bad(f"{path}.risk", f"the answers give {str(taken.risk(answers)).lower()}")
    followup = None
    if taken.followup is not None:
        followup = _whole(
            item["followup"], f"{path}.followup", 0, len(taken.followup.answers) - 1, optional=True
        )
    elif item["followup"] is not None:
        raise _Bad(f"{path}.followup", f"{taken.name} has no follow-up question")
    return {
        "measure": which,
        "day": _day(item["day"], f"{path}.day"),
        "answers": list(answers),
        "followup": followup,
    }


def _scheduled(item: dict[str, Any], path: str) -> dict[str, Any]:
    return {
        "measure": _choice(item["measure"], f"{path}.measure", measures.IDS),
        "every_days": _whole(item["every_days"], f"{path}.every_days", 1, 365),
        "since": _day(item["since"], f"{path}.since"),
    }


def _step(item: dict[str, Any], path: str) -> dict[str, Any]:
    return {
        "position": _whole(item["position"], f"{path}.position", 1, limits.MAX_STEPS),
        "text": _text(item["text"], f"{path}.text", "step", required=True),
        "due_on": _day(item["due_on"], f"{path}.due_on", optional=True),
        "done_on": _day(item["done_on"], f"{path}.done_on", optional=True),
        **_ratings(item, path, ("expected_pleasure", "pleasure", "mastery")),
    }


def _ratings(item: dict[str, Any], path: str, names: tuple[str, ...]) -> dict[str, int | None]:
    """Pleasure, mastery, a predicted pleasure: 0-10 or null, as at every other door."""
    return {
        name: _whole(
            item.get(name),
            f"{path}.{name}",
            limits.LOWEST_RATING,
            limits.HIGHEST_RATING,
            optional=True,
        )
        for name in names
    }


def _checkin(item: dict[str, Any], path: str) -> dict[str, Any]:
    return {
        "day": _day(item["day"], f"{path}.day"),
        "value": _real(item["value"], f"{path}.value", optional=True),
        "note": _text(item["note"], f"{path}.note", "note", optional=True),
        **_ratings(item, path, ("pleasure", "mastery")),
    }


def _excused(item: dict[str, Any], path: str) -> dict[str, Any]:
    return {
        "day": _day(item["day"], f"{path}.day"),
        "reason": _text(item["reason"], f"{path}.reason", "reason", optional=True),
    }


def _review(item: dict[str, Any], path: str) -> dict[str, Any]:
    review: dict[str, Any] = {
        "day": _day(item["day"], f"{path}.day"),
        "gas": _whole(item["gas"], f"{path}.gas", -2, 2, optional=True),
        "gbo": _whole(item["gbo"], f"{path}.gbo", 0, 10, optional=True),
        "weight": _whole(item["weight"], f"{path}.weight", 1, 3),
    }
    for name in ("helped", "hindered", "next_step", "note"):
        review[name] = _text(item[name], f"{path}.{name}", name, optional=True)
    review["member"] = _text(
        item.get("member"), f"{path}.member", "member", optional=True, required=True
    )
    return review


def _change(item: dict[str, Any], path: str) -> dict[str, Any]:
    return {
        "day": _day(item["day"], f"{path}.day"),
        "field": _text(item["field"], f"{path}.field", "change", required=True),
        "old_value": _text(item["old_value"], f"{path}.old_value", "change", optional=True),
        "new_value": _text(item["new_value"], f"{path}.new_value", "change", optional=True),
        # "change", not "reason": a removed check-in keeps its note (a NOTE) as its reason.
        "reason": _text(item["reason"], f"{path}.reason", "change", optional=True),
        "created_at": _stamp(item["created_at"], f"{path}.created_at"),
        "undone_at": _optional_stamp(item.get("undone_at"), f"{path}.undone_at"),
        "detail": _detail(item.get("detail"), f"{path}.detail"),
    }


def _optional_stamp(value: Any, path: str) -> str | None:
    return None if value is None else _stamp(value, path)


def _detail(value: Any, path: str) -> str | None:
    """A change's detail: JSON text holding an object (what undoing the change needs)."""
    text = _text(value, path, "detail", optional=True)
    if text is None:
        return None
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise _Bad(path, "expected JSON text holding an object")
    return text
