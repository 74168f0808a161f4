"""The intake's questions, one function each: `goal intake` asks them in order, `goal add`
asks a goal's, and the end of the intake (commands/_intake_end.py) asks any one again with the
answer given as its default, exactly as it was first asked."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import typer

from goalcli import prompts
from goalcli.commands._gas import ask_gas_guide
from goalcli.commands._ratings import ask_expected_pleasure
from goalcli.core import dates, measures, plan, smart
from goalcli.core.text import number_text, visible

if TYPE_CHECKING:
    from goalcli.core.plan import GoalPlan
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

# The assessment's questions that take free text: the part (core.plan.ASSESSMENT_PARTS), the
# WHY sentence said before it, the question, and whether an answer is required.
ASSESSMENT_TEXT_QUESTIONS = {
    "expectations": ("expectations", "What do you expect from therapy?", True),
    "obstacles": ("obstacles", "What might hinder your progress?", True),
    "success_feels_like": ("success", "What would success feel like?", True),
    "motivations": ("motivations", "What motivates you to change?", True),
    "support_contact": ("support", "Support contact (name and how to reach them)", False),
}


def ask_therapy_type(default: str) -> str:
    prompts.explain(WHY["therapy_type"])
    return prompts.ask(
        "Therapy type (individual, couples, family)", plan.check_therapy_type, default=default
    )


def ask_assessment_text(part: str, default: str | None = None) -> str:
    """One of the assessment's free-text questions (ASSESSMENT_TEXT_QUESTIONS)."""
    why, question, required = ASSESSMENT_TEXT_QUESTIONS[part]
    prompts.explain(WHY[why])
    return prompts.ask_text(question, part, required=required, default=default)


def ask_measures(default: list[str] | None = None) -> list[str]:
    """The standard questionnaires to take regularly; none unless chosen."""
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

    gas_levels = ask_gas_guide()

    prompts.explain(WHY["steps"])
    steps = _keep_template_steps(t) if t is not None else None
    # A kept template's steps carry its predictions; typed steps, the ones typed with them.
    predicted = t.predictions() if t is not None and steps is not None else {}
    if steps is None:
        steps, predicted = ask_steps()
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
        predicted_pleasure=predicted,
    )


# Each goal question on its own, so that the end of the intake (commands/_intake_end.py) can
# ask one again, with the answer given as its default, exactly as it was first asked.


def ask_title(default: str | None = None) -> str:
    return prompts.ask_text("The goal, in your own words", "title", default=default)


def ask_start_date(today: date, default: str = "today") -> date:
    """When the person started working on the goal: today or a past day."""
    prompts.explain(WHY["start"])
    return prompts.ask(
        f"When did you start working on it ({dates.PAST_WHEN_HELP})",
        lambda raw: plan.check_start_date(dates.parse_when(raw, today=today, prefer="past"), today),
        default=default,
    )


def ask_specific(default: str | None = None) -> str:
    return prompts.ask_text("Specific", "specific", default=default)


def ask_measure(measure: str | None = None, unit: str | None = None) -> tuple[str, str]:
    """What is measured, and its unit."""
    return (
        prompts.ask_text(
            "What will you measure (e.g. minutes walked per day)", "measure", default=measure
        ),
        prompts.ask_text("Its unit (e.g. minutes, times, 0-10)", "unit", default=unit),
    )


def ask_baseline(default: str | None = None) -> float:
    return prompts.ask(
        "Where are you now (start point)",
        lambda raw: prompts.parse_number(raw, "start point"),
        default=default,
    )


def ask_target(baseline: float, default: str | None = None) -> float:
    def parse_target(raw: str) -> float:
        value = prompts.parse_number(raw, "target")
        smart.check_target(baseline, value)
        return value

    return prompts.ask("Target", parse_target, default=default)


def ask_frequency(default: str) -> str:
    return prompts.ask(
        "How often will you check in (daily, or N per week)", plan.check_frequency, default=default
    )


def ask_kind(default: str) -> str:
    return prompts.ask(
        "A reading, or a weekly total (reading, weekly total)",
        plan.check_kind,
        default=default.replace("_", " "),
    )


def ask_confidence(default: str | None = None) -> int:
    return prompts.ask(
        "Confidence (0-10)",
        lambda raw: prompts.parse_whole(raw, "confidence", 0, 10),
        default=default,
    )


def ask_relevant(default: str | None = None) -> str:
    return prompts.ask_text("Why does it matter to you", "relevant", default=default)


def ask_target_date(today: date, default: str = "in 3 months") -> date:
    def parse_target_date(raw: str) -> date:
        day = dates.parse_when(raw, today=today, prefer="future")
        smart.check_target_date(day, today)
        return day

    return prompts.ask(
        f"Target date ({dates.FUTURE_WHEN_HELP})", parse_target_date, default=default
    )


def ask_steps() -> tuple[list[str], dict[str, int]]:
    """The steps, in order, until an empty line, each with the pleasure the client expects of
    it (behavioural activation; Enter skips): the steps and those predictions, by text."""
    steps: list[str] = []
    predicted: dict[str, int] = {}
    while True:
        step = prompts.ask_text(f"Step {len(steps) + 1}", "step", required=not steps)
        if not step:
            return steps, predicted
        steps.append(step)
        expected = ask_expected_pleasure()
        if expected is not None:
            predicted[step] = expected


def ask_first_step(steps: list[str], default: str = "1") -> int:
    """Which step comes first; not asked when there is only one."""
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
    def parse_first_day(raw: str) -> date:
        day = dates.parse_when(raw, today=today, prefer="future")
        return plan.check_first_step_on(day, today, target_date)

    return prompts.ask("When will you take it", parse_first_day, default=default)


def _keep_template_steps(template: Template) -> list[str] | None:
    """Show the template's steps; their list if the client keeps them, else None."""
    typer.echo("Suggested steps:")
    for position, step in enumerate(template.steps, start=1):
        typer.echo(f"  {position}. {visible(step, keep_newlines=True)}")
    if prompts.confirm("Keep these steps?", default=True):
        return list(template.steps)
    return None


def _wants_change(suggestion: Suggestion | None) -> bool:
    """Show one kind tip; True when the client chooses to answer again. Never blocks."""
    if suggestion is None:
        return False
    prompts.say(
        f"  Tip ({suggestion.letter}): {visible(suggestion.message, keep_newlines=True)}", fg="cyan"
    )
    if suggestion.letter == "T":
        return not prompts.confirm("Keep this date?", default=True)
    return prompts.confirm("Change your answer?", default=False)
