"""`goal intake`: the assessment, then SMART goals with steps, saved in one transaction."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from goalcli.plan import GoalPlan, IntakePlan

WHY = {
    "therapy_type": "Goals look different when you work alone, as a couple or as a family.",
    "expectations": "Saying what you hope for keeps the plan pointed at what matters to you.",
    "obstacles": "Naming what may get in the way lets you plan around it instead of being surprised.",
    "success": "Picturing success tells you what to measure and when you have arrived.",
    "motivations": "Your reasons are what you come back to on the hard days.",
    "support": "Someone to reach out to when things get heavy (optional).",
    "goal": "Now turn a wish into a SMART goal: Specific, Measurable, Achievable, Relevant, Time-bound.",
    "specific": "Specific: what exactly will you do, where and when?",
    "measurable": "Measurable: what will you count or rate each day, so progress is visible?",
    "achievable": "Achievable: how sure are you that you can do this? 0 = not at all, 10 = certain.",
    "relevant": "Relevant: why does this goal matter to you?",
    "time_bound": "Time-bound: by when do you want to reach the target?",
    "steps": "Steps: the small actions that lead there, in order. An empty line ends the list.",
    "first_step": "The first step is the one that gets you started; give it a day.",
}


def intake(
    ctx: typer.Context,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE.toml",
            help="Take every answer from a TOML file instead of asking (see examples/).",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Walk through the assessment and set SMART goals with concrete steps."""
    from goalcli import dates, render, store
    from goalcli.answers import load_answers

    today = dates.today()
    if answers is not None:
        plan = load_answers(answers, today)
    else:
        plan = _ask_plan(today)
        render.console().print(render.plan_summary(plan))
        if not typer.confirm("Save this plan?", default=True):
            typer.echo("Nothing was saved.")
            return
    database = ctx.obj.database(create=True)
    with database.write() as session:
        saved = store.save_intake(session, plan)
    out = render.console()
    if answers is not None:
        out.print(render.plan_summary(plan))
    titles = ", ".join(f"{goal.id}" for goal in saved)
    out.print(f"Saved {len(saved)} goal(s) (ids {titles}). Check in each day with `goal log`.")


def _ask_plan(today: date) -> IntakePlan:
    from goalcli import plan, prompts

    typer.secho("Let's set up your goals. Ctrl-C at any point leaves without saving.", bold=True)
    prompts.explain(WHY["therapy_type"])
    therapy_type = prompts.ask(
        "Therapy type (individual, couples, family)", plan.check_therapy_type, default="individual"
    )
    prompts.explain(WHY["expectations"])
    expectations = prompts.ask_text("What do you expect from therapy?")
    prompts.explain(WHY["obstacles"])
    obstacles = prompts.ask_text("What might hinder your progress?")
    prompts.explain(WHY["success"])
    success = prompts.ask_text("What would success feel like?")
    prompts.explain(WHY["motivations"])
    motivations = prompts.ask_text("What motivates you to change?")
    prompts.explain(WHY["support"])
    contact = prompts.ask_text("Support contact (name and how to reach them)", required=False)
    result = plan.IntakePlan(
        therapy_type=therapy_type,
        expectations=expectations,
        obstacles=obstacles,
        success_feels_like=success,
        motivations=motivations,
        support_contact=contact or None,
        start_date=today,
    )
    while True:
        typer.echo()
        result.goals.append(_ask_goal(len(result.goals) + 1, today))
        if not typer.confirm("Add another goal?", default=False):
            return result


def _ask_goal(number: int, today: date) -> GoalPlan:
    from goalcli import dates, plan, prompts, smart

    typer.secho(f"Goal {number}", bold=True)
    prompts.explain(WHY["goal"])
    title = prompts.ask_text("The goal, in your own words")
    prompts.explain(WHY["specific"])
    specific = prompts.ask_text("Specific")
    prompts.explain(WHY["measurable"])
    measure = prompts.ask_text("What will you measure (e.g. minutes walked per day)")
    unit = prompts.ask_text("Its unit (e.g. minutes, times, 0-10)")
    baseline = prompts.ask(
        "Where are you now (start point)", lambda raw: prompts.parse_number(raw, "start point")
    )

    def parse_target(raw: str) -> float:
        value = prompts.parse_number(raw, "target")
        smart.check_target(baseline, value)
        return value

    target = prompts.ask("Target", parse_target)
    prompts.explain(WHY["achievable"])
    confidence = prompts.ask(
        "Confidence (0-10)", lambda raw: prompts.parse_whole(raw, "confidence", 0, 10)
    )
    prompts.explain(WHY["relevant"])
    relevant = prompts.ask_text("Why does it matter to you")
    prompts.explain(WHY["time_bound"])

    def parse_target_date(raw: str) -> date:
        day = dates.parse_when(raw, today=today, prefer="future")
        smart.check_target_date(day, today)
        return day

    target_date = prompts.ask(
        f"Target date ({dates.WHEN_HELP})", parse_target_date, default="in 3 months"
    )
    prompts.explain(WHY["steps"])
    steps: list[str] = []
    while True:
        step = prompts.ask_text(f"Step {len(steps) + 1}", required=not steps)
        if not step:
            break
        steps.append(step)
    prompts.explain(WHY["first_step"])
    first_step = 1
    if len(steps) > 1:
        first_step = prompts.ask(
            "Which step comes first (number)",
            lambda raw: plan.check_first_step(
                prompts.parse_whole(raw, "step number", 1, len(steps)), steps
            ),
            default="1",
        )

    def parse_first_day(raw: str) -> date:
        day = dates.parse_when(raw, today=today, prefer="future")
        return plan.check_first_step_on(day, today, target_date)

    first_step_on = prompts.ask("When will you take it", parse_first_day, default="tomorrow")
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
    )
