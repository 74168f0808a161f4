"""Read an intake answers file (TOML) into an IntakePlan, naming the field of any bad answer."""

from __future__ import annotations

import difflib
import math
import tomllib
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

from goalcli.core import gas, limits, members, plan, smart
from goalcli.core.dates import parse_when
from goalcli.core.templates import Template, get_template
from goalcli.errors import InputError, quote

T = TypeVar("T")

MAX_ANSWERS_BYTES = 1024 * 1024  # a plan is a few KB; never read a stray huge file into memory

INTAKE_TEXT_FIELDS = ("expectations", "obstacles", "success_feels_like", "motivations")
GOAL_TEXT_FIELDS = ("title", "specific", "measure", "unit", "relevant")
GOAL_KEYS = (
    *GOAL_TEXT_FIELDS,
    "baseline",
    "target",
    "confidence",
    "target_date",
    "steps",
    "first_step",
    "first_step_on",
    "frequency",
    "kind",
    "gas_levels",
    "template",
)
INTAKE_KEYS = ("therapy_type", *INTAKE_TEXT_FIELDS, "support_contact", "measures", "members")
TOP_KEYS = ("start_date", "intake", "goals")
# Where each key belongs, for "start_date belongs at the top of the file" when it is misplaced.
_HOMES = {
    **{key: "in a [[goals]] table" for key in GOAL_KEYS},
    **{key: "in the [intake] table" for key in INTAKE_KEYS},
    **{key: "at the top of the file, before [intake]" for key in TOP_KEYS},
}
_KINDS = {"int": "a number", "float": "a number", "bool": "true or false", "list": "a list"}
_KINDS |= {"dict": "a table", "date": "a date", "datetime": "a date and time", "time": "a time"}


def _shown(value: Any) -> str:
    """What a value of the wrong kind is, in words: its kind, or a short quote of its text."""
    if value is None:
        return "missing"
    if isinstance(value, str):
        return f"the text {quote(value)}"
    return _KINDS.get(type(value).__name__, "something else")


FLAGS = "flags"
"""The `where` of a goal given as command-line flags: a bad answer is named by its flag."""


def _name(where: str, key: str) -> str:
    """How a message names an answer: `goals[2].target`, `start_date`, or `--target`."""
    if where == FLAGS:
        return "--" + key.replace("_", "-")
    return f"{where}.{key}" if where else key


def _known_keys(table: dict[str, Any], known: tuple[str, ...], where: str) -> None:
    """Refuse a key this table does not have (a misspelt key would be silently lost)."""
    for key in table:
        if key in known:
            continue
        place = f"{where}: the key" if where else "The key"
        message = f"{place} {quote(key)} is not one goalcli knows"
        close = difflib.get_close_matches(key, known, n=1)
        if close:
            message += f"; did you mean {close[0]!r}?"
        elif key in _HOMES:
            message += f" here; {key!r} belongs {_HOMES[key]}."
        else:
            message += f"; the keys here are {', '.join(known)}."
        raise InputError(message)


def load_answers(path: Path, today: date) -> plan.IntakePlan:
    """Parse and check the whole file; raise InputError naming the first bad field."""
    return plan_from_document(_read_document(path), today)


def load_goal_answers(path: Path, today: date) -> list[plan.GoalPlan]:
    """`goal add --answers`: a file of [[goals]] tables only (and an optional start_date)."""
    document = _read_document(path)
    if "intake" in document:
        raise InputError(
            f"{path} has an [intake] table; `goal add` adds goals to the plan you have, so its "
            "file holds only [[goals]] (a new assessment is `goal intake --answers`)."
        )
    _known_keys(document, ("start_date", "goals"), "")
    start = _start_date(document, today)
    goals = document.get("goals")
    if not isinstance(goals, list) or not goals:
        raise InputError("The answers file needs at least one [[goals]] table.")
    if len(goals) > limits.MAX_GOALS:
        raise InputError(f"An answers file plans at most {limits.MAX_GOALS} goals.")
    planned = [_goal_table(table, number, start) for number, table in enumerate(goals, start=1)]
    for goal in planned:
        goal.start_date = start
    return planned


def goal_from_flags(table: dict[str, Any], start: date) -> plan.GoalPlan:
    """`goal add` with flags: the answers given as typed values keyed as in [[goals]]; a bad
    or missing one is named by its flag (--target, --step...)."""
    result = _goal(table, FLAGS, start)
    result.start_date = start
    return result


def _read_document(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_ANSWERS_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"There is no answers file at {path}.") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not an answers file.") from None
    except OSError:
        raise InputError(f"Can't read the answers file {path}.") from None
    if len(raw) > MAX_ANSWERS_BYTES:
        raise InputError(
            f"{path} is larger than {MAX_ANSWERS_BYTES // 1024 // 1024} MB; "
            "an answers file is a few kilobytes of text."
        )
    try:
        # utf-8-sig: a file saved with a byte-order mark (as some Windows editors do) reads too.
        return tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputError(f"{path} is not a valid TOML answers file ({error}).") from None


def _start_date(document: dict[str, Any], today: date) -> date:
    """The file's start_date (today without one); never in the future."""
    if "start_date" not in document:
        return today
    start = _when(document, "start_date", "", today)
    if start > today:
        raise InputError(f"start_date: {start} is in the future.")
    return start


def _goal_table(table: Any, number: int, start: date) -> plan.GoalPlan:
    where = f"goals[{number}]"
    if not isinstance(table, dict):
        raise InputError(f"{where} must be a table of answers.")
    _known_keys(table, GOAL_KEYS, where)
    return _goal(table, where, start)


def _field(where: str, check: Callable[[], T]) -> T:
    try:
        return check()
    except InputError as error:
        if error.message.startswith(f"{where} "):  # already names the field
            raise
        raise InputError(f"{where}: {error.message}") from None


def _text(table: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = table.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise InputError(f"{_name(where, key)} must be text (it is {_shown(value)}).")
    return _field(
        _name(where, key), lambda: limits.check_text(value, key, what=key, required=required)
    )


def _number(table: dict[str, Any], key: str, where: str) -> float:
    value = table.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{_name(where, key)} must be a number (it is {_shown(value)}).")
    if not math.isfinite(value):
        raise InputError(f"{_name(where, key)} must be an ordinary number (it is {value}).")
    return _field(_name(where, key), lambda: smart.check_number(value, key))


def _integer(table: dict[str, Any], key: str, where: str) -> int:
    value = table.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{_name(where, key)} must be a whole number (it is {_shown(value)}).")
    return value


def _when(table: dict[str, Any], key: str, where: str, start: date) -> date:
    value = table.get(key)
    name = _name(where, key)
    if isinstance(value, datetime):  # a TOML date-time (2027-02-26T10:00): WHEN is a day
        raise InputError(
            f"{name} must be a day, without a time of day: write {value.date().isoformat()}."
        )
    if isinstance(value, time):  # a TOML local time (10:30:00)
        raise InputError(
            f'{name} must be a day such as 2027-02-26 or "in 3 months", not a time of day.'
        )
    if isinstance(value, date):  # TOML has native dates: 2027-02-26 without quotes
        problem = limits.date_problem(value)
        if problem is not None:
            raise InputError(f"{name}: {value} {problem}.")
        return value
    if not isinstance(value, str):
        raise InputError(f'{name} must be a date such as "in 3 months" (it is {_shown(value)}).')
    return _field(name, lambda: parse_when(value, today=start, prefer="future"))


def plan_from_document(document: dict[str, Any], today: date) -> plan.IntakePlan:
    _known_keys(document, TOP_KEYS, "")
    intake = document.get("intake")
    if not isinstance(intake, dict):
        raise InputError("The answers file needs an [intake] table.")
    _known_keys(intake, INTAKE_KEYS, "intake")
    start = _start_date(document, today)
    therapy_type = _field(
        "intake.therapy_type",
        lambda: plan.check_therapy_type(_text(intake, "therapy_type", "intake")),
    )
    texts = {key: _text(intake, key, "intake") for key in INTAKE_TEXT_FIELDS}
    contact = _text(intake, "support_contact", "intake", required=False) or None
    chosen_measures = _measures(intake) if "measures" in intake else None

    goals = document.get("goals")
    if not isinstance(goals, list) or not goals:
        raise InputError("The answers file needs at least one [[goals]] table.")
    if len(goals) > limits.MAX_GOALS:
        raise InputError(f"An answers file plans at most {limits.MAX_GOALS} goals.")
    result = plan.IntakePlan(
        therapy_type=therapy_type,
        expectations=texts["expectations"],
        obstacles=texts["obstacles"],
        success_feels_like=texts["success_feels_like"],
        motivations=texts["motivations"],
        support_contact=contact,
        start_date=start,
        measures=chosen_measures,
        members=_members(intake, therapy_type),
    )
    for number, table in enumerate(goals, start=1):
        result.goals.append(_goal_table(table, number, start))
    return result


def _measures(intake: dict[str, Any]) -> list[str]:
    """`measures = ["phq9", "gad7"]`: the questionnaires to take regularly ([] for none)."""
    from goalcli.core.measures import known_ids

    value = intake["measures"]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InputError(
            f'intake.measures must be a list of questionnaire ids such as ["phq9", "gad7"] '
            f"(it is {_shown(value)})."
        )
    return _field("intake.measures", lambda: known_ids(value))


def _members(intake: dict[str, Any], therapy_type: str) -> list[str]:
    """A couple's or family's members: `members = ["Sam", "Alex"]` in [intake]."""
    if "members" not in intake:
        return []
    value = intake["members"]
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise InputError(
            f"intake.members must be a list of names, as text (it is {_shown(value)})."
        )
    if value and therapy_type not in members.TYPES_WITH_MEMBERS:
        raise InputError(
            f"intake.members: members are for couples and family therapy, not {therapy_type}."
        )
    return _field("intake.members", lambda: members.check_names(value))


def template_defaults(template: Template) -> dict[str, Any]:
    """The goal answers a template supplies, keyed as in an answers file's [[goals]] table."""
    return {
        "title": template.title,
        "specific": template.specific,
        "measure": template.measure,
        "unit": template.unit,
        "baseline": template.baseline,
        "target": template.target,
        "relevant": template.relevant,
        "steps": list(template.steps),
        "frequency": template.frequency,
        "kind": template.kind,
        "first_step": 1,
    }


def _with_template(table: dict[str, Any], where: str) -> dict[str, Any]:
    """The goal's table, with `template = "ID"` filling in every answer the table leaves out."""
    if "template" not in table:
        return table
    value = table["template"]
    if not isinstance(value, str):
        raise InputError(
            f"{_name(where, 'template')} must be the id of a template, as text (it is {quote(value)}); "
            "`goal templates` lists them."
        )
    template = _field(_name(where, "template"), lambda: get_template(value))
    return {**template_defaults(template), **table}


def _frequency(table: dict[str, Any], where: str) -> str:
    value = table.get("frequency", "daily")
    if not isinstance(value, str):
        raise InputError(
            f'{_name(where, "frequency")} must be text such as "daily" or "3 per week" (it is {quote(value)}).'
        )
    return _field(_name(where, "frequency"), lambda: plan.check_frequency(value))


def _kind(table: dict[str, Any], where: str) -> str:
    value = table.get("kind", "reading")
    if not isinstance(value, str):
        raise InputError(
            f'{_name(where, "kind")} must be "reading" or "weekly_total" (it is {quote(value)}).'
        )
    return _field(_name(where, "kind"), lambda: plan.check_kind(value))


def _gas_levels(table: dict[str, Any], where: str) -> tuple[str, ...] | None:
    """The goal's GAS follow-up guide: five descriptions, -2 to +2, or none at all."""
    if "gas_levels" not in table:
        return None
    value = table["gas_levels"]
    name = _name(where, "gas_levels")
    if not isinstance(value, list):
        raise InputError(
            f"{name} must be a list of five descriptions, -2 to +2 (it is {_shown(value)})."
        )
    if not all(isinstance(text, str) for text in value):
        raise InputError(f"{name} must hold each description as text, in quotes.")
    return _field(name, lambda: gas.check_guide(value))


def _goal(table: dict[str, Any], where: str, start: date) -> plan.GoalPlan:
    table = _with_template(table, where)
    texts = {key: _text(table, key, where) for key in GOAL_TEXT_FIELDS}
    baseline = _number(table, "baseline", where)
    target = _number(table, "target", where)
    _field(_name(where, "target"), lambda: smart.check_target(baseline, target))
    confidence = _field(
        _name(where, "confidence"),
        lambda: smart.check_confidence(_integer(table, "confidence", where)),
    )
    target_date = _when(table, "target_date", where, start)
    _field(_name(where, "target_date"), lambda: smart.check_target_date(target_date, start))
    raw_steps = table.get("steps")
    if not isinstance(raw_steps, list) or not all(isinstance(s, str) for s in raw_steps):
        raise InputError(f"{_name(where, 'steps')} must be a list of text, one step each.")
    steps = _field(_name(where, "steps"), lambda: plan.check_steps(raw_steps))
    first_step = _field(
        _name(where, "first_step"),
        lambda: plan.check_first_step(_integer(table, "first_step", where), steps),
    )
    first_step_on = _when(table, "first_step_on", where, start)
    _field(
        _name(where, "first_step_on"),
        lambda: plan.check_first_step_on(first_step_on, start, target_date),
    )
    return plan.GoalPlan(
        title=texts["title"],
        specific=texts["specific"],
        measure=texts["measure"],
        unit=texts["unit"],
        relevant=texts["relevant"],
        baseline=baseline,
        target=target,
        confidence=confidence,
        target_date=target_date,
        steps=steps,
        first_step=first_step,
        first_step_on=first_step_on,
        frequency=_frequency(table, where),
        kind=_kind(table, where),
        gas_levels=_gas_levels(table, where),
        predicted_pleasure=_predictions(table),
    )


def _predictions(table: dict[str, Any]) -> dict[str, int]:
    """A template's predicted pleasure for the steps the goal kept from it (by their text)."""
    name = table.get("template")
    if not isinstance(name, str):
        return {}
    return get_template(name).predictions()
