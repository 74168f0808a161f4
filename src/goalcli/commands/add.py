"""`goal add`: one more goal in the plan you have, without the assessment questions: asked (the
intake's goal questions and coaching), from a template, from flags, or from an answers file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from goalcli import prompts
from goalcli.cli import app_state
from goalcli.commands._goal_options import (
    ConfidenceOption,
    FrequencyOption,
    MeasureOption,
    RelevantOption,
    SpecificOption,
    UnitOption,
)
from goalcli.commands._new_profile import confirm_new_profile
from goalcli.commands._questions import ask_goal
from goalcli.commands._shared import existing_database
from goalcli.commands.encryption import prepare_new_encrypted
from goalcli.core import dates
from goalcli.core.answers import goal_from_flags, load_goal_answers
from goalcli.core.plan import check_start_date
from goalcli.core.templates import get_template
from goalcli.errors import InputError
from goalcli.render import screens, widgets

if TYPE_CHECKING:
    from goalcli.core.plan import GoalPlan
    from goalcli.core.templates import Template
    from goalcli.storage.store import Store

# The answers `goal add` needs from flags when no template supplies them.
REQUIRED_FLAGS = (
    "title",
    "specific",
    "measure",
    "unit",
    "baseline",
    "target",
    "relevant",
    "confidence",
)


def add(
    ctx: typer.Context,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            metavar="ID",
            help="Start from a template (see `goal templates`); flags change its answers.",
            show_default=False,
        ),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE.toml",
            help="Take the goals from a TOML file that holds only \\[\\[goals]] tables.",
        ),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="The goal, in your words.")] = None,
    specific: SpecificOption = None,
    measure: MeasureOption = None,
    unit: UnitOption = None,
    baseline: Annotated[
        str | None, typer.Option("--baseline", help="Where you are now (the start point).")
    ] = None,
    target: Annotated[str | None, typer.Option("--target", help="The target number.")] = None,
    relevant: RelevantOption = None,
    confidence: ConfidenceOption = None,
    target_date: Annotated[
        str | None, typer.Option("--target-date", metavar="WHEN", help="By when.")
    ] = None,
    step: Annotated[
        list[str] | None,
        typer.Option("--step", metavar="TEXT", help="A step towards it (repeat, in order)."),
    ] = None,
    first_step: Annotated[
        str | None, typer.Option("--first-step", metavar="N", help="Which step comes first.")
    ] = None,
    first_step_on: Annotated[
        str | None,
        typer.Option("--first-step-on", metavar="WHEN", help="When you take it (tomorrow)."),
    ] = None,
    frequency: FrequencyOption = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="reading or weekly_total (values add up over a week)."),
    ] = None,
    start_date: Annotated[
        str | None,
        typer.Option(
            "--start-date",
            metavar="WHEN",
            help="When you started working on it (today; a past day lets you log the days since).",
        ),
    ] = None,
    encrypt: Annotated[
        bool,
        typer.Option(
            "--encrypt",
            help="With no database yet: start one, encrypted with a passphrase, holding this "
            "goal (see `goal encrypt`).",
        ),
    ] = False,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes",
            "-y",
            help="With --encrypt: create the chosen profile if it does not exist yet.",
        ),
    ] = False,
) -> None:
    """Add a goal to your plan: asked, from a template, from flags or from an answers file."""
    today = dates.today()
    flags: dict[str, Any] = {
        "title": title,
        "specific": specific,
        "measure": measure,
        "unit": unit,
        "baseline": baseline,
        "target": target,
        "relevant": relevant,
        "confidence": confidence,
        "target_date": target_date,
        "steps": step or None,
        "first_step": first_step,
        "first_step_on": first_step_on,
        "frequency": frequency,
        "kind": kind,
    }
    given = {key: value for key, value in flags.items() if value is not None}
    database: Store | None
    if encrypt:
        # As `goal intake --encrypt` does: refused now, before any question, if it can't be
        # done; else a database created by this command is encrypted (None: none yet).
        confirm_new_profile(ctx, yes=yes)
        prepare_new_encrypted(ctx)
        database = app_state(ctx).database(create=False)
    else:
        database = existing_database(ctx)
    if answers is not None:
        if given or template is not None or start_date is not None:
            raise InputError(
                "--answers takes every answer from the file; write them there (a template as "
                'template = "ID", the start as start_date) instead of as flags.'
            )
        planned = load_goal_answers(answers, today)
    elif given:
        planned = [_from_flags(given, template, start_date, today)]
    else:
        # An unknown id stops here, before any question is asked.
        chosen = get_template(template) if template is not None else None
        goal_plan = ask_new_goal(database, today, chosen, start_date)
        if goal_plan is None:
            return
        planned = [goal_plan]
    save_goals(database or app_state(ctx).database(create=True), planned, today)


def _from_flags(
    given: dict[str, Any], template: str | None, start_when: str | None, today: date
) -> GoalPlan:
    """The goal the flags describe, checked as an answers file's [[goals]] table is."""
    table: dict[str, Any] = dict(given)
    if template is not None:
        table["template"] = template
    else:
        missing = [key for key in REQUIRED_FLAGS if key not in table]
        if "steps" not in table:
            missing.append("step")
        if missing:
            names = ", ".join("--" + key.replace("_", "-") for key in missing)
            raise InputError(
                f"A goal from flags needs {names} too (or start from --template ID; in a "
                "terminal `goal add` asks instead)."
            )
    if "confidence" not in table:
        raise InputError("Say how sure you are that you can do it with --confidence 0-10.")
    table["confidence"] = prompts.parse_whole(table["confidence"], "confidence", 0, 10)
    for key in ("baseline", "target"):
        if key in table:
            table[key] = prompts.parse_number(table[key], key)
    table["first_step"] = (
        prompts.parse_step_number(table["first_step"]) if "first_step" in table else 1
    )
    # Days ahead count from today, as a person typing "in 3 months" means (an answers file
    # counts them from its start_date instead).
    for key, default in (("target_date", "in 3 months"), ("first_step_on", "tomorrow")):
        try:
            table[key] = dates.parse_when(table.get(key, default), today=today, prefer="future")
        except InputError as error:
            raise InputError(f"--{key.replace('_', '-')}: {error.message}") from None
    start = check_start_date(
        dates.parse_when(start_when, today=today, prefer="past") if start_when else today, today
    )
    return goal_from_flags(table, start)


def ask_new_goal(
    database: Store | None,
    today: date,
    template: Template | None = None,
    start_when: str | None = None,
) -> GoalPlan | None:
    """The intake's goal questions (with a start date), the summary, and "Save this goal?";
    None when the client declines. `database` None: there is none yet (`add --encrypt`)."""
    from goalcli.storage import goals  # SQLModel: deferred to keep --help and completion light

    number = 1
    if database is not None:
        with database.read() as session:
            number = len(goals.goals(session, include_all=True)) + 1
    goal_plan = ask_goal(number, today, template, ask_start=start_when is None)
    if start_when is not None:
        goal_plan.start_date = check_start_date(
            dates.parse_when(start_when, today=today, prefer="past"), today
        )
    out = widgets.console()
    for part in screens.goal_summary(goal_plan, number):
        out.print(part)
    if not typer.confirm("Save this goal?", default=True):
        out.print("Nothing was saved.")
        return None
    return goal_plan


def save_goals(database: Store, planned: list[GoalPlan], today: date) -> None:
    """Add the planned goals in one transaction and say which ids they got."""
    from goalcli.storage import goals  # SQLModel: deferred to keep --help and completion light

    with database.write() as session:
        saved = [goals.add_goal(session, goal_plan, today) for goal_plan in planned]
    ids = ", ".join(str(goal.id) for goal in saved)
    what = f"goal {ids}" if len(saved) == 1 else f"{len(saved)} goals (ids {ids})"
    widgets.console().print(f"Added {what}. Check in each day with `goal log`.")
