"""The end of the interactive intake: the plan's summary with every part numbered, then save it,
answer one part again (and see the summary again), or discard it after confirming.

Each part is asked again by the very question the intake asked it with (commands/_questions.py), the
answer given before as its default; answers that depend on it are checked again and asked only
when they no longer fit (a first step's day after a new, earlier target date)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from goalcli import prompts
from goalcli.commands import _questions as questions
from goalcli.core import smart
from goalcli.core.plan import summary_parts
from goalcli.core.text import number_text
from goalcli.errors import InputError, quote
from goalcli.render import screens, widgets

if TYPE_CHECKING:
    from goalcli.core.plan import GoalPlan, IntakePlan, Part

SAVE = "save"
DISCARD = "discard"


def save_change_or_discard(plan: IntakePlan, today: date) -> bool:
    """Show the numbered summary and ask until the client saves (True) or discards (False).
    Ctrl-C or Ctrl-D at any question here ends the intake like anywhere else: nothing saved."""
    while True:
        parts = summary_parts(plan)
        widgets.console().print(screens.plan_summary(plan, numbered=True))
        choice = prompts.ask(
            f"Save this plan? (yes, a part's number 1-{len(parts)} to change it, or discard)",
            _choice_reader(len(parts)),
            default="yes",
        )
        if choice == SAVE:
            return True
        if choice == DISCARD:
            if prompts.confirm("Discard this plan? Nothing of it will be saved.", default=False):
                return False
            continue
        assert isinstance(choice, int)
        change_part(plan, parts[choice - 1], today)


def _choice_reader(count: int) -> Callable[[str], str | int]:
    def read(raw: str) -> str | int:
        word = raw.strip().lower()
        if word in ("yes", "y", "save", "s"):
            return SAVE
        if word in ("discard", "d", "no", "n"):
            return DISCARD
        if word.isascii() and word.isdecimal():
            return prompts.parse_whole(word, "part's number", 1, count)
        raise InputError(
            f"{quote(raw.strip())} is not a choice; say yes to save, a part's number "
            f"(1 to {count}) to change it, or discard."
        )

    return read


def change_part(plan: IntakePlan, part: Part, today: date) -> None:
    """Ask the one question behind `part` again, its answer so far the default."""
    if part.goal is None:
        _change_assessment(plan, part.name)
    else:
        _change_goal(plan.goals[part.goal], part.name, today)


def _change_assessment(plan: IntakePlan, name: str) -> None:
    if name == "therapy_type":
        plan.therapy_type = questions.ask_therapy_type(plan.therapy_type)
    elif name == "measures":
        plan.measures = questions.ask_measures(plan.measures)
    elif name == "support_contact":
        plan.support_contact = (
            questions.ask_assessment_text(name, plan.support_contact or None) or None
        )
    else:
        setattr(plan, name, questions.ask_assessment_text(name, getattr(plan, name)))


def _change_goal(goal: GoalPlan, name: str, today: date) -> None:
    if name == "title":
        goal.title = questions.ask_title(goal.title)
    elif name == "specific":
        goal.specific = questions.ask_specific(goal.specific)
    elif name == "measurable":
        goal.measure, goal.unit = questions.ask_measure(goal.measure, goal.unit)
        goal.baseline = questions.ask_baseline(number_text(goal.baseline))
        try:  # a target equal to the new start point is no target: asked again then
            smart.check_target(goal.baseline, goal.target)
            target_default: str | None = number_text(goal.target)
        except InputError:
            target_default = None
        goal.target = questions.ask_target(goal.baseline, target_default)
    elif name == "achievable":
        goal.confidence = questions.ask_confidence(str(goal.confidence))
    elif name == "relevant":
        goal.relevant = questions.ask_relevant(goal.relevant)
    elif name == "start_date":
        start = goal.start_date or today
        goal.start_date = questions.ask_start_date(today, start.isoformat())
    elif name == "target_date":
        goal.target_date = questions.ask_target_date(today, goal.target_date.isoformat())
        if goal.first_step_on > goal.target_date:
            goal.first_step_on = questions.ask_first_step_on(today, goal.target_date)
    elif name == "frequency":
        goal.frequency = questions.ask_frequency(goal.frequency)
    elif name == "kind":
        goal.kind = questions.ask_kind(goal.kind)
    elif name == "steps":
        prompts.explain("Type the steps again, in order; an empty line ends the list.")
        goal.steps, goal.predicted_pleasure = questions.ask_steps()
        goal.first_step = questions.ask_first_step(goal.steps)
    elif name == "first_step":
        goal.first_step = questions.ask_first_step(goal.steps, str(goal.first_step))
        goal.first_step_on = questions.ask_first_step_on(
            today, goal.target_date, goal.first_step_on.isoformat()
        )
    else:  # pragma: no cover - core.plan.GOAL_PARTS and this list are kept together
        raise AssertionError(name)
