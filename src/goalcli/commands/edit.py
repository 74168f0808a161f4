"""`goal edit`: change any part of a goal; every changed part is recorded in its history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from goalcli import prompts
from goalcli.commands._gas import ask_gas_guide
from goalcli.commands._goal_options import (
    ConfidenceOption,
    FrequencyOption,
    MeasureOption,
    RelevantOption,
    SpecificOption,
    UnitOption,
)
from goalcli.commands._shared import GoalArgument, complete_when, find
from goalcli.core import dates, gas, history, limits, plan, smart
from goalcli.core.text import plural, visible
from goalcli.errors import InputError, quote
from goalcli.render import goal as render_goal
from goalcli.render import widgets

if TYPE_CHECKING:
    from goalcli.storage.models import Goal

QUESTIONS = {
    "title": "Title",
    "specific": "Specific (what you will do, where and when)",
    "measure": "What is measured",
    "unit": "Its unit",
    "target": "Target",
    "target_date": "Target date",
    "relevant": "Why it matters to you",
    "confidence": "Confidence (0-10)",
    "frequency": "How often you check in (daily, or N per week)",
    "kind": "A reading, or a weekly total (reading, weekly total)",
}


EXAMPLES = {
    "edit": """
goal edit walk   asks about each part, in a terminal
goal edit 2 --target 6 --target-date "in 2 months"
goal edit walk --baseline 2 --start-date "3 days ago"
goal edit 1 --gas-level "+1: Walks 4 days a week"
"""
}
"""Shown at the end of `goal edit --help`."""


def edit(
    ctx: typer.Context,
    goal: GoalArgument,
    title: Annotated[str | None, typer.Option("--title", help="A new title.")] = None,
    specific: SpecificOption = None,
    measure: MeasureOption = None,
    unit: UnitOption = None,
    target: Annotated[str | None, typer.Option("--target", help="A new target number.")] = None,
    target_date: Annotated[
        str | None,
        typer.Option(
            "--target-date", metavar="WHEN", autocompletion=complete_when, help="A new target date."
        ),
    ] = None,
    relevant: RelevantOption = None,
    confidence: ConfidenceOption = None,
    frequency: FrequencyOption = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="reading (each value is where you stand) or weekly_total (values add up "
            "over a week).",
        ),
    ] = None,
    baseline: Annotated[
        str | None,
        typer.Option("--baseline", help="Correct the start point progress is measured from."),
    ] = None,
    start_date: Annotated[
        str | None,
        typer.Option(
            "--start-date",
            metavar="WHEN",
            help="Correct when you started (an earlier day lets you log the days since).",
        ),
    ] = None,
    gas_level: Annotated[
        list[str] | None,
        typer.Option(
            "--gas-level",
            metavar="LEVEL:TEXT",
            help="Describe a GAS level, -2 to +2, in the goal's follow-up guide, e.g. "
            "'+1: Walks 4 days a week'; repeat for each level (a goal without a guide needs "
            "all five).",
        ),
    ] = None,
) -> None:
    """Change parts of a goal; with no options (in a terminal) it asks about each part."""
    today = dates.today()
    given = {
        "title": title,
        "specific": specific,
        "measure": measure,
        "unit": unit,
        "target": target,
        "target_date": target_date,
        "relevant": relevant,
        "confidence": confidence,
        "frequency": frequency,
        "kind": kind,
        "baseline": baseline,
        "start_date": start_date,
    }
    database, chosen = find(ctx, goal)
    parsers = field_parsers(chosen, today)
    flags = {field: raw for field, raw in given.items() if raw is not None}
    if flags or gas_level:
        proposed = {field: parsers[field](raw) for field, raw in flags.items()}
        proposed |= gas_descriptions(chosen, gas_level or [])
        interactive = False
    elif prompts.stdin_is_terminal():
        proposed = _ask(chosen, parsers)
        interactive = True
    else:
        raise InputError(
            "Say what to change, e.g. --target 6, --baseline 2 or --start-date '3 days ago' "
            "(`goal edit --help` lists them); in a terminal, `goal edit GOAL` asks instead."
        )

    pending = {field: value for field, value in proposed.items() if value != getattr(chosen, field)}
    out = widgets.console()
    if not pending:
        out.print(f"Nothing changed: goal {chosen.id} already reads like that.")
        return
    if interactive:
        for field, value in pending.items():
            old = getattr(chosen, field)
            text = history.describe(
                field,
                None if old is None else history.as_text(old),
                history.as_text(value),
                today,
            )
            out.print(widgets.user_text(f"  {render_goal.sentence(text)}"))
        if not typer.confirm("Save these changes?", default=True):
            out.print("Nothing was saved.")
            return

    from goalcli.storage import goals  # SQLModel: deferred to keep --help and completion light

    with database.write() as session:
        changes = goals.edit_goal(session, chosen.id or 0, pending, today)
    if not changes:
        out.print(f"Nothing changed: goal {chosen.id} already reads like that.")
        return
    out.print(f"Saved {plural(len(changes), 'change')} to goal {chosen.id}:")
    for change in changes:
        text = history.describe(change.field, change.old_value, change.new_value, change.day)
        out.print(widgets.user_text(f"  {render_goal.sentence(text)}"))


def gas_descriptions(goal: Goal, given: list[str]) -> dict[str, str]:
    """--gas-level LEVEL:TEXT, each checked, keyed by the goal's field for that level. A goal
    without a guide takes all five at once: a guide with a level missing means nothing."""
    described: dict[str, str] = {}
    for raw in given:
        raw_level, colon, text = raw.partition(":")
        if not colon:
            raise InputError(
                f"--gas-level {quote(raw)} needs a level and its description, "
                "e.g. '+1: Walks 4 days a week'."
            )
        level = prompts.parse_whole(raw_level, "GAS level", -2, 2)
        field = gas.field_of(level)
        if field in described:
            raise InputError(f"--gas-level {gas.label(level)} is given twice; give it once.")
        described[field] = gas.check_description(text, level)
    has_guide = gas.guide_of(goal) is not None
    if described and not has_guide and len(described) < len(gas.LEVELS):
        raise InputError(
            f"Goal {goal.id} has no GAS guide yet; describe all five levels at once "
            "(--gas-level '-2: TEXT' ... --gas-level '+2: TEXT')."
        )
    return described


def field_parsers(goal: Goal, today: date) -> dict[str, Callable[[str], Any]]:
    """For each editable part, a function that checks raw text the way the intake does.

    The goal's current value is always accepted back (Enter keeps it, even an old target
    date); a new value must pass the intake's checks.
    """

    def text(field: str, what: str | None = None) -> Callable[[str], str]:
        return lambda raw: limits.check_text(raw, field, what=what)

    def target(raw: str) -> float:
        value = prompts.parse_number(raw, "target")
        smart.check_target(goal.baseline, value)
        return value

    def target_date(raw: str) -> date:
        day = dates.parse_when(raw, today=today, prefer="future")
        if day == goal.target_date:
            return day
        if day <= goal.start_date:
            raise InputError(
                f"The target date {day.isoformat()} is not after the goal's start "
                f"({goal.start_date.isoformat()})."
            )
        if day < today:
            raise InputError(
                f"The target date {day.isoformat()} has passed; pick today or a later day."
            )
        return day

    def baseline(raw: str) -> float:
        value = prompts.parse_number(raw, "start point")
        smart.check_target(value, goal.target)
        return value

    def start_date(raw: str) -> date:
        day = plan.check_start_date(dates.parse_when(raw, today=today, prefer="past"), today)
        if day >= goal.target_date:
            raise InputError(
                f"The start date {day.isoformat()} is not before the goal's target date "
                f"({goal.target_date.isoformat()})."
            )
        return day

    return {
        "title": text("title"),
        "specific": text("specific", "specific part"),
        "measure": text("measure"),
        "unit": text("unit"),
        "target": target,
        "target_date": target_date,
        "relevant": text("relevant", "reason it matters"),
        "confidence": lambda raw: prompts.parse_whole(raw, "confidence", 0, 10),
        "frequency": plan.check_frequency,
        "kind": plan.check_kind,
        "baseline": baseline,
        "start_date": start_date,
    }


def _ask(goal: Goal, parsers: dict[str, Callable[[str], Any]]) -> dict[str, Any]:
    typer.secho(
        visible(
            f"Editing goal {goal.id}. Enter keeps the value shown; Ctrl-C leaves unsaved.",
            keep_newlines=True,
        ),
        bold=True,
    )
    answers = {}
    for field in history.ASKED:
        value = getattr(goal, field)
        shown = visible(history.as_text(value), keep_newlines=True)

        def parse(
            raw: str,
            parse_new: Callable[[str], Any] = parsers[field],
            value: Any = value,
            shown: str = shown,
        ) -> Any:
            return value if raw == shown else parse_new(raw)

        answers[field] = prompts.ask(QUESTIONS[field], parse, default=shown)

    guide = ask_gas_guide(gas.guide_of(goal))
    answers |= dict(zip(gas.FIELDS, guide or (), strict=False))
    return answers
