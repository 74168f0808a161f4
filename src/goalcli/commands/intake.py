"""`goal intake`: the assessment, then SMART goals with steps, saved in one transaction."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from goalcli import prompts
from goalcli.cli import app_state
from goalcli.commands import add
from goalcli.commands._intake_end import save_change_or_discard
from goalcli.commands._members import ask_members
from goalcli.commands._new_profile import confirm_new_profile
from goalcli.commands._questions import (
    ASSESSMENT_TEXT_QUESTIONS,
    ask_assessment_text,
    ask_goal,
    ask_measures,
    ask_therapy_type,
)
from goalcli.commands._shared import complete_template
from goalcli.commands.encryption import prepare_new_encrypted
from goalcli.core import dates, smart
from goalcli.core.answers import load_answers
from goalcli.core.measures import IDS
from goalcli.core.plan import IntakePlan
from goalcli.core.templates import get_template
from goalcli.errors import InputError, quote
from goalcli.render import screens, widgets

if TYPE_CHECKING:
    from rich.console import Console

    from goalcli.core.plan import GoalPlan
    from goalcli.core.smart import Suggestion
    from goalcli.core.templates import Template


EXAMPLES = {
    "intake": """
goal intake                                  question by question
goal intake --template elevate-mood          start from a ready-made goal
goal intake --answers examples/elevate-mood.toml
"""
}
"""Shown at the end of `goal intake --help`."""


def intake(
    ctx: typer.Context,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE.toml",
            help="Take every answer from a TOML file instead of asking (see examples/).",
        ),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            metavar="ID",
            autocompletion=complete_template,
            help="Start the first goal from a template (see `goal templates`); "
            "every answer can still be changed.",
            show_default=False,
        ),
    ] = None,
    encrypt: Annotated[
        bool,
        typer.Option(
            "--encrypt",
            help="Start a new database encrypted with a passphrase (see `goal encrypt`).",
        ),
    ] = False,
    yes: Annotated[
        bool,
        typer.Option("--yes", "-y", help="Create the chosen profile if it does not exist yet."),
    ] = False,
) -> None:
    """Walk through the assessment and set SMART goals with concrete steps.

    Also asks which questionnaires to take every 14 days, and when you started each goal.
    At the end: save the plan, type a part's number to answer it again, or discard it.
    """
    # Storage loads SQLModel: deferred so that `goal intake --help` and completion stay light.
    from goalcli.storage import goals
    from goalcli.storage import measures as measure_store

    today = dates.today()
    confirm_new_profile(ctx, yes=yes)
    if encrypt:
        prepare_new_encrypted(ctx)  # refused now, before any question, if it can't be done
    if answers is not None:
        if template is not None:
            raise InputError(
                '--template is for the questions; in an answers file write template = "ID" '
                "in the goal's [[goals]] table instead."
            )
        plan = load_answers(answers, today)
    else:
        # An unknown id stops here, before any question is asked or anything is created.
        chosen = get_template(template) if template is not None else None
        if _adds_to_existing_plan(ctx, today, chosen):
            return
        plan = _ask_plan(today, chosen, _scheduled_measures(ctx))
        if not save_change_or_discard(plan, today):
            typer.echo("Nothing was saved.")
            return
    database = app_state(ctx).database(create=True)
    with database.write() as session:
        saved = goals.save_intake(session, plan)
        if plan.measures is not None:
            measure_store.choose_measures(session, plan.measures, today)
    out = widgets.console()
    if answers is not None:
        out.print(screens.plan_summary(plan))
        _print_suggestions(out, plan, today)
    if len(saved) == 1:
        what = f"goal {saved[0].id}"
    else:
        what = f"{len(saved)} goals (ids {', '.join(str(goal.id) for goal in saved)})"
    out.print(f"Saved {what}. Check in each day with `goal log`.")


def _adds_to_existing_plan(ctx: typer.Context, today: date, template: Template | None) -> bool:
    """When a plan exists, say so and offer to add a goal to it (done here: True) or to start
    a new assessment (False: the intake goes on; the old one is kept, reports show the new)."""
    from goalcli.storage import goals  # SQLModel: deferred, as in intake()

    database = app_state(ctx).database(create=False)
    if database is None:
        return False
    with database.read() as session:
        intake = goals.latest_intake(session)
        count = len(goals.goals(session, include_all=True))
    if intake is None:
        return False
    typer.echo(
        f"You already have a plan (assessment of {intake.created_on.isoformat()}, "
        f"{count} goal{'' if count == 1 else 's'})."
    )
    prompts.explain(
        "Add one goal to it, or start a new assessment: the old one is kept with its date."
    )
    choice = prompts.ask(
        "Add a goal, or a new assessment (add, new)", _check_add_or_new, default="add"
    )
    if choice == "new":
        return False
    goal_plan = add.ask_new_goal(database, today, template)
    if goal_plan is not None:
        add.save_goals(database, [goal_plan], today)
    return True


def _check_add_or_new(raw: str) -> str:
    choice = raw.strip().lower()
    if choice in ("add", "a"):
        return "add"
    if choice in ("new", "n"):
        return "new"
    raise InputError(f"{quote(raw)} is neither; say add (a goal) or new (assessment).")


def _print_suggestions(out: Console, plan: IntakePlan, today: date) -> None:
    """After an answers file: the coaching tips for each goal, as ideas, never as errors."""
    from rich.text import Text  # Rich: deferred, as render/ does, to keep start-up light

    lines = [
        (number, suggestion)
        for number, goal in enumerate(plan.goals, start=1)
        for suggestion in suggestions(goal, today)
    ]
    if not lines:
        return
    out.print()
    out.print("Some ideas to make these goals stronger (take them or leave them):", style="bold")
    for number, suggestion in lines:
        line = Text(f"  Goal {number} ({suggestion.letter}): ", style="cyan")
        line.append(widgets.user_text(suggestion.message))
        out.print(line)


def suggestions(goal: GoalPlan, today: date) -> list[Suggestion]:
    """Every SMART suggestion for a planned goal, in S, M, A, R, T order."""
    found = (
        smart.coach_specific(goal.specific),
        smart.coach_measurable(goal.measure, goal.unit),
        smart.coach_achievable(goal.confidence, decrease=goal.target < goal.baseline),
        smart.coach_relevant(goal.relevant),
        smart.coach_time_bound(goal.target_date, today),
    )
    return [suggestion for suggestion in found if suggestion is not None]


def _scheduled_measures(ctx: typer.Context) -> list[str]:
    """The questionnaires already taken regularly: a new assessment offers to keep them."""
    from goalcli.storage import measures  # SQLModel: deferred, as in intake()

    database = app_state(ctx).database(create=False)
    if database is None:
        return []
    with database.read() as session:
        scheduled = {item.measure for item in measures.schedules(session)}
    return [measure_id for measure_id in IDS if measure_id in scheduled]


def _ask_plan(
    today: date, template: Template | None = None, scheduled: list[str] | None = None
) -> IntakePlan:
    prompts.say("Let's set up your goals. Ctrl-C at any point leaves without saving.", bold=True)
    therapy_type = ask_therapy_type(template.therapy_type if template is not None else "individual")
    members = ask_members(therapy_type)
    texts = {part: ask_assessment_text(part) for part in ASSESSMENT_TEXT_QUESTIONS}
    chosen_measures = ask_measures(scheduled)
    result = IntakePlan(
        therapy_type=therapy_type,
        expectations=texts["expectations"],
        obstacles=texts["obstacles"],
        success_feels_like=texts["success_feels_like"],
        motivations=texts["motivations"],
        support_contact=texts["support_contact"] or None,
        start_date=today,
        measures=chosen_measures,
        members=members,
    )
    while True:
        typer.echo()
        # A template fills in the first goal only; later goals start blank.
        result.goals.append(
            ask_goal(len(result.goals) + 1, today, template if not result.goals else None)
        )
        if not typer.confirm("Add another goal?", default=False):
            return result
