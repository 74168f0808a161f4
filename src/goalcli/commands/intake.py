"""`goal intake`: the assessment, then SMART goals with steps, saved in one transaction."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from goalcli.cli import app_state
from goalcli.commands._shared import complete_template

if TYPE_CHECKING:
    from rich.console import Console

    from goalcli.core.plan import GoalPlan, IntakePlan
    from goalcli.core.smart import Suggestion
    from goalcli.core.templates import Template

WHY = {
    "therapy_type": "Goals look different when you work alone, as a couple or as a family.",
    "expectations": "Saying what you hope for keeps the plan pointed at what matters to you.",
    "obstacles": "Naming what may get in the way lets you plan around it instead of being surprised.",
    "success": "Picturing success tells you what to measure and when you have arrived.",
    "motivations": "Your reasons are what you come back to on the hard days.",
    "support": "Someone to reach out to when things get heavy (optional).",
    "measures": (
        "Standard questionnaires show change over time: PHQ-9 (low mood), GAD-7 (anxiety), "
        "WHO-5 (wellbeing). goalcli reminds you when one is due; `goal measure schedule` "
        "changes this later."
    ),
    "goal": "Now turn a wish into a SMART goal: Specific, Measurable, Achievable, Relevant, Time-bound.",
    "start": ("If you began before today, say when: the check-ins since then can be logged too."),
    "specific": "Specific: what exactly will you do, where and when?",
    "measurable": "Measurable: what will you count or rate each day, so progress is visible?",
    "achievable": "Achievable: how sure are you that you can do this? 0 = not at all, 10 = certain.",
    "relevant": "Relevant: why does this goal matter to you?",
    "time_bound": "Time-bound: by when do you want to reach the target?",
    "frequency": "How often you check in on this goal; missing a day is fine when you planned to.",
    "kind": (
        "Is each value a reading of where you stand that day (a 0-10 rating, minutes walked "
        "that day), or a count that adds up over the week (invitations accepted, calls made)? "
        "A weekly total can be logged as each one happens."
    ),
    "steps": "Steps: the small actions that lead there, in order. An empty line ends the list.",
    "first_step": "The first step is the one that gets you started; give it a day.",
}


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
    from goalcli.core import dates
    from goalcli.core.answers import load_answers
    from goalcli.core.templates import get_template
    from goalcli.errors import InputError
    from goalcli.render import screens, widgets
    from goalcli.storage import goals
    from goalcli.storage import measures as measure_store

    today = dates.today()
    confirm_new_profile(ctx, yes=yes)
    if encrypt:
        from goalcli.commands.encryption import prepare_new_encrypted

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
        from goalcli.commands._intake_end import save_change_or_discard

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
    from goalcli import prompts
    from goalcli.commands import add
    from goalcli.storage import goals

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
    from goalcli.errors import InputError, quote

    choice = raw.strip().lower()
    if choice in ("add", "a"):
        return "add"
    if choice in ("new", "n"):
        return "new"
    raise InputError(f"{quote(raw)} is neither; say add (a goal) or new (assessment).")


def _print_suggestions(out: Console, plan: IntakePlan, today: date) -> None:
    """After an answers file: the coaching tips for each goal, as ideas, never as errors."""
    from rich.text import Text

    from goalcli.render import widgets

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
    from goalcli.core import smart

    found = (
        smart.coach_specific(goal.specific),
        smart.coach_measurable(goal.measure, goal.unit),
        smart.coach_achievable(goal.confidence, decrease=goal.target < goal.baseline),
        smart.coach_relevant(goal.relevant),
        smart.coach_time_bound(goal.target_date, today),
    )
    return [suggestion for suggestion in found if suggestion is not None]


def _wants_change(suggestion: Suggestion | None) -> bool:
    """Show one kind tip; True when the client chooses to answer again. Never blocks."""
    from goalcli import prompts
    from goalcli.core.text import visible

    if suggestion is None:
        return False
    prompts.say(
        f"  Tip ({suggestion.letter}): {visible(suggestion.message, keep_newlines=True)}", fg="cyan"
    )
    if suggestion.letter == "T":
        return not prompts.confirm("Keep this date?", default=True)
    return prompts.confirm("Change your answer?", default=False)


def confirm_new_profile(
    ctx: typer.Context, *, yes: bool, flag: str = "--yes", on_server: bool = False
) -> str | None:
    """A profile that does not exist yet is created only when asked for: a mistyped name must
    not quietly start an empty client. At a terminal it asks; otherwise `flag` (--yes) says
    so. With `on_server`, a profile on a PostgreSQL server (a schema) is asked about too.
    The name of the profile to be created, or None when it exists."""
    from goalcli.errors import InputError, quote
    from goalcli.storage.paths import close_name, close_profile, default_data_dir

    if on_server and app_state(ctx).server_url is not None:
        name, known = _missing_server_profile(ctx)
        close = close_name(name, known) if name is not None else None
    else:
        name = app_state(ctx).new_profile
        close = close_profile(name, default_data_dir()) if name is not None else None
    if name is None:
        return None
    if not yes:
        from goalcli import prompts

        if not prompts.stdin_is_terminal():
            also = f" (or did you mean {quote(close)}?)" if close is not None else ""
            raise InputError(
                f"There is no profile {quote(name)} yet; add {flag} to create it{also}."
            )
        if close is not None:
            prompts.explain(f"A profile with a close name exists: {quote(close)}.")
        if not prompts.confirm(f"There is no profile {quote(name)} yet. Create it?", default=False):
            raise InputError(f"No profile was created; {quote(name)} was left alone.")
    app_state(ctx).allow_new_profile = True
    return name


def _missing_server_profile(ctx: typer.Context) -> tuple[str | None, list[str]]:
    """The profile the options choose on the server when it has no schema yet (else None),
    and the server's profiles (for "did you mean"); read in one read-only transaction."""

    from goalcli.storage.schemas import snapshot
    from goalcli.storage.server import schema_name

    # As AppState.database picks the schema: --profile, else GOALCLI_PROFILE.
    location = app_state(ctx).location
    name = location.server_profile
    if name is None or location.server_url is None:
        return None, []
    with snapshot(location.server_url) as server:
        known = server.profiles()
    return (None if schema_name(name) in known else name), known


# The assessment's questions that take free text: the part (core.plan.ASSESSMENT_PARTS), the
# WHY sentence said before it, the question, and whether an answer is required.
ASSESSMENT_TEXT_QUESTIONS = {
    "expectations": ("expectations", "What do you expect from therapy?", True),
    "obstacles": ("obstacles", "What might hinder your progress?", True),
    "success_feels_like": ("success", "What would success feel like?", True),
    "motivations": ("motivations", "What motivates you to change?", True),
    "support_contact": ("support", "Support contact (name and how to reach them)", False),
}


def _scheduled_measures(ctx: typer.Context) -> list[str]:
    """The questionnaires already taken regularly: a new assessment offers to keep them."""
    from goalcli.core.measures import IDS
    from goalcli.storage import measures

    database = app_state(ctx).database(create=False)
    if database is None:
        return []
    with database.read() as session:
        scheduled = {item.measure for item in measures.schedules(session)}
    return [measure_id for measure_id in IDS if measure_id in scheduled]


def _ask_plan(
    today: date, template: Template | None = None, scheduled: list[str] | None = None
) -> IntakePlan:
    from goalcli import prompts
    from goalcli.core import plan

    prompts.say("Let's set up your goals. Ctrl-C at any point leaves without saving.", bold=True)
    therapy_type = ask_therapy_type(template.therapy_type if template is not None else "individual")
    from goalcli.commands._members import ask_members

    members = ask_members(therapy_type)
    texts = {part: ask_assessment_text(part) for part in ASSESSMENT_TEXT_QUESTIONS}
    chosen_measures = ask_measures(scheduled)
    result = plan.IntakePlan(
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


def ask_therapy_type(default: str) -> str:
    from goalcli import prompts
    from goalcli.core import plan

    prompts.explain(WHY["therapy_type"])
    return prompts.ask(
        "Therapy type (individual, couples, family)", plan.check_therapy_type, default=default
    )


def ask_assessment_text(part: str, default: str | None = None) -> str:
    """One of the assessment's free-text questions (ASSESSMENT_TEXT_QUESTIONS)."""
    from goalcli import prompts

    why, question, required = ASSESSMENT_TEXT_QUESTIONS[part]
    prompts.explain(WHY[why])
    return prompts.ask_text(question, part, required=required, default=default)


def ask_measures(default: list[str] | None = None) -> list[str]:
    """The standard questionnaires to take regularly; none unless chosen."""
    from goalcli import prompts
    from goalcli.core import measures

    prompts.explain(WHY["measures"])
    return prompts.ask(
        f"Questionnaires to take every {measures.DEFAULT_EVERY_DAYS} days "
        f"({', '.join(measures.IDS)}, or none)",
        measures.check_ids_text,
        default=", ".join(default) if default else "none",
    )


def ask_goal(
    number: int, today: date, template: Template | None = None, *, ask_start: bool = True
) -> GoalPlan:
    """One SMART goal, question by question; a template's answers are the defaults. Unless
    ask_start is False (`goal add --start-date`), also when the person started working on it."""
    from goalcli import prompts
    from goalcli.core import plan, smart
    from goalcli.core.text import number_text, visible

    t = template

    def suggested(name: str) -> str | None:
        """The template's answer to offer as the default, if there is a template."""
        return getattr(t, name) if t is not None else None

    typer.secho(f"Goal {number}", bold=True)
    if t is not None:
        prompts.say(
            f"Starting from the template {visible(t.id, keep_newlines=True)!r}: press Enter to keep a "
            "suggested answer, or type your own."
        )
    prompts.explain(WHY["goal"])
    title = ask_title(suggested("title"))
    start_date = ask_start_date(today) if ask_start else None

    prompts.explain(WHY["specific"])
    specific = ask_specific(suggested("specific"))
    if _wants_change(smart.coach_specific(specific)):
        specific = ask_specific(specific)

    prompts.explain(WHY["measurable"])
    measure, unit = ask_measure(suggested("measure"), suggested("unit"))
    if _wants_change(smart.coach_measurable(measure, unit)):
        measure, unit = ask_measure(measure, unit)

    baseline = ask_baseline(number_text(t.baseline) if t is not None else None)
    target = ask_target(baseline, number_text(t.target) if t is not None else None)
    prompts.explain(WHY["frequency"])
    frequency = ask_frequency(t.frequency if t is not None else "daily")
    prompts.explain(WHY["kind"])
    kind = ask_kind(t.kind if t is not None else "reading")

    prompts.explain(WHY["achievable"])
    confidence = ask_confidence()
    decrease = target < baseline
    if _wants_change(smart.coach_achievable(confidence, decrease=decrease)):
        nearer = "choose a target nearer where you are now" if decrease else "lower the target"
        prompts.explain(f"You can {nearer} here (Enter keeps it), then rate your confidence.")
        target = ask_target(baseline, number_text(target))
        confidence = ask_confidence()

    prompts.explain(WHY["relevant"])
    relevant = ask_relevant(suggested("relevant"))
    if _wants_change(smart.coach_relevant(relevant)):
        relevant = ask_relevant(relevant)

    prompts.explain(WHY["time_bound"])
    target_date = ask_target_date(today)
    if _wants_change(smart.coach_time_bound(target_date, today)):
        target_date = ask_target_date(today)

    from goalcli.commands._gas import ask_gas_guide

    gas_levels = ask_gas_guide()

    prompts.explain(WHY["steps"])
    steps = _keep_template_steps(t) if t is not None else None
    if steps is None:
        steps = ask_steps()
    prompts.explain(WHY["first_step"])
    first_step = ask_first_step(steps)
    first_step_on = ask_first_step_on(today, target_date)
    return plan.GoalPlan(
        title=title,
        specific=specific,
        measure=measure,
        unit=unit,
        baseline=baseline,
        target=target,
        relevant=relevant,
        confidence=confidence,
        target_date=target_date,
        steps=steps,
        first_step=first_step,
        first_step_on=first_step_on,
        frequency=frequency,
        kind=kind,
        start_date=start_date,
        gas_levels=gas_levels,
    )


# Each goal question on its own, so that the end of the intake (commands/_intake_end.py) can
# ask one again, with the answer given as its default, exactly as it was first asked.


def ask_title(default: str | None = None) -> str:
    from goalcli import prompts

    return prompts.ask_text("The goal, in your own words", "title", default=default)


def ask_start_date(today: date, default: str = "today") -> date:
    """When the person started working on the goal: today or a past day."""
    from goalcli import prompts
    from goalcli.core import dates, plan

    prompts.explain(WHY["start"])
    return prompts.ask(
        f"When did you start working on it ({dates.PAST_WHEN_HELP})",
        lambda raw: plan.check_start_date(dates.parse_when(raw, today=today, prefer="past"), today),
        default=default,
    )


def ask_specific(default: str | None = None) -> str:
    from goalcli import prompts

    return prompts.ask_text("Specific", "specific", default=default)


def ask_measure(measure: str | None = None, unit: str | None = None) -> tuple[str, str]:
    """What is measured, and its unit."""
    from goalcli import prompts

    return (
        prompts.ask_text(
            "What will you measure (e.g. minutes walked per day)", "measure", default=measure
        ),
        prompts.ask_text("Its unit (e.g. minutes, times, 0-10)", "unit", default=unit),
    )


def ask_baseline(default: str | None = None) -> float:
    from goalcli import prompts

    return prompts.ask(
        "Where are you now (start point)",
        lambda raw: prompts.parse_number(raw, "start point"),
        default=default,
    )


def ask_target(baseline: float, default: str | None = None) -> float:
    from goalcli import prompts
    from goalcli.core import smart

    def parse_target(raw: str) -> float:
        value = prompts.parse_number(raw, "target")
        smart.check_target(baseline, value)
        return value

    return prompts.ask("Target", parse_target, default=default)


def ask_frequency(default: str) -> str:
    from goalcli import prompts
    from goalcli.core import plan

    return prompts.ask(
        "How often will you check in (daily, or N per week)", plan.check_frequency, default=default
    )


def ask_kind(default: str) -> str:
    from goalcli import prompts
    from goalcli.core import plan

    return prompts.ask(
        "A reading, or a weekly total (reading, weekly total)",
        plan.check_kind,
        default=default.replace("_", " "),
    )


def ask_confidence(default: str | None = None) -> int:
    from goalcli import prompts

    return prompts.ask(
        "Confidence (0-10)",
        lambda raw: prompts.parse_whole(raw, "confidence", 0, 10),
        default=default,
    )


def ask_relevant(default: str | None = None) -> str:
    from goalcli import prompts

    return prompts.ask_text("Why does it matter to you", "relevant", default=default)


def ask_target_date(today: date, default: str = "in 3 months") -> date:
    from goalcli import prompts
    from goalcli.core import dates, smart

    def parse_target_date(raw: str) -> date:
        day = dates.parse_when(raw, today=today, prefer="future")
        smart.check_target_date(day, today)
        return day

    return prompts.ask(
        f"Target date ({dates.FUTURE_WHEN_HELP})", parse_target_date, default=default
    )


def ask_steps() -> list[str]:
    """The steps, in order, until an empty line."""
    from goalcli import prompts

    steps: list[str] = []
    while True:
        step = prompts.ask_text(f"Step {len(steps) + 1}", "step", required=not steps)
        if not step:
            return steps
        steps.append(step)


def ask_first_step(steps: list[str], default: str = "1") -> int:
    """Which step comes first; not asked when there is only one."""
    from goalcli import prompts
    from goalcli.core import plan

    if len(steps) == 1:
        return 1
    return prompts.ask(
        "Which step comes first (number)",
        lambda raw: plan.check_first_step(
            prompts.parse_whole(raw, "step number", 1, len(steps)), steps
        ),
        default=default,
    )


def ask_first_step_on(today: date, target_date: date, default: str = "tomorrow") -> date:
    from goalcli import prompts
    from goalcli.core import dates, plan

    def parse_first_day(raw: str) -> date:
        day = dates.parse_when(raw, today=today, prefer="future")
        return plan.check_first_step_on(day, today, target_date)

    return prompts.ask("When will you take it", parse_first_day, default=default)


def _keep_template_steps(template: Template) -> list[str] | None:
    """Show the template's steps; their list if the client keeps them, else None."""
    from goalcli import prompts
    from goalcli.core.text import visible

    typer.echo("Suggested steps:")
    for position, step in enumerate(template.steps, start=1):
        typer.echo(f"  {position}. {visible(step, keep_newlines=True)}")
    if prompts.confirm("Keep these steps?", default=True):
        return list(template.steps)
    return None
