"""Answers files (`goal intake --answers`) for the CLI suites: one shared intake, and goals to
combine into plans made on chosen dates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

# The intake every CLI suite's plan shares; the suites differ in their goals and dates.
INTAKE_TABLE = """\
[intake]
therapy_type = "individual"
expectations = "Feel less stuck"
obstacles = "Night shifts"
success_feels_like = "Wanting to go outside"
motivations = "My kids"
"""


def answers_toml(start_date: str, *goals: str) -> str:
    """An answers file for a plan made on `start_date`: the shared intake, then `goals`
    ([[goals]] tables such as walk_outside() returns), in order (goal ids 1, 2, ...)."""
    return f'start_date = "{start_date}"\n\n{INTAKE_TABLE}' + "".join(f"\n{g}" for g in goals)


def walk_outside(*, target_date: str, first_step_on: str) -> str:
    """0 → 30 minutes; three steps."""
    return f"""\
[[goals]]
title = "Walk outside"
specific = "Walk after lunch"
measure = "minutes walked per day"
unit = "minutes"
baseline = 0
target = 30
relevant = "Moving lifts my mood"
confidence = 7
target_date = "{target_date}"
steps = ["Put shoes by the door", "Walk 10 minutes", "Walk 20 minutes"]
first_step = 1
first_step_on = "{first_step_on}"
"""


def walk_the_dog(*, first_step_on: str) -> str:
    """0 → 7 walks by 2027-01-08; one step. Its title shares the prefix "Walk" with walk_outside."""
    return f"""\
[[goals]]
title = "Walk the dog"
specific = "Take Rex round the block"
measure = "walks per week"
unit = "walks"
baseline = 0
target = 7
relevant = "Rex and I both need it"
confidence = 8
target_date = "2027-01-08"
steps = ["Find the lead"]
first_step = 1
first_step_on = "{first_step_on}"
"""


def fewer_panics(
    *, first_step_on: str, title: str = "Fewer panic episodes", frequency: str | None = None
) -> str:
    """6 → 1 episodes by 2027-01-08 (a goal that goes down); two steps."""
    often = f'frequency = "{frequency}"\n' if frequency is not None else ""
    return f"""\
[[goals]]
title = "{title}"
specific = "Use the breathing exercise when panic starts"
measure = "panic episodes per week"
unit = "episodes"
baseline = 6
target = 1
relevant = "I want to go to the shops again"
confidence = 5
target_date = "2027-01-08"
steps = ["Learn box breathing", "Practise it daily"]
first_step = 1
first_step_on = "{first_step_on}"
{often}"""


def intake_from(goal: Callable[..., Result], folder: Path, answers: str) -> Callable[..., Result]:
    """Run `goal intake --answers` on the text `answers` (saved as folder/plan.toml)."""
    path = folder / "plan.toml"
    path.write_text(answers, encoding="utf-8")
    result = goal("intake", "--answers", str(path))
    assert result.exit_code == 0, result.output
    return goal


# A goal to raise a weekly count, logged as it happens (1 -> 3 walks a week; issue 23's cases).
WALKS_GOAL = """\
[[goals]]
title = "Walk the dog"
specific = "Take Rex round the block"
measure = "walks per week"
unit = "walks"
baseline = 1
target = 3
relevant = "Rex and I both need it"
confidence = 8
target_date = "2027-01-31"
steps = ["Find the lead"]
first_step = 1
first_step_on = "2026-11-02"
kind = "weekly_total"
"""


def invitations(*, kind: str = "weekly_total", frequency: str = "daily") -> str:
    """0 → 3 invitations accepted a week by 2027-01-31; "{start}" stands for the first step's
    day (str.replace it)."""
    return f"""\
[[goals]]
title = "Accept invitations"
specific = "Say yes to friends' invitations instead of making excuses"
measure = "invitations accepted per week"
unit = "invitations"
baseline = 0
target = 3
relevant = "I isolate when I'm low"
confidence = 6
target_date = "2027-01-31"
steps = ["Reply to the group chat"]
first_step = 1
first_step_on = "{{start}}"
frequency = "{frequency}"
kind = "{kind}"
"""
