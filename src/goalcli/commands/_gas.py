"""Asking for and showing a goal's GAS follow-up guide: the same questions at intake, `goal add`
and `goal edit`, and the same lines when `goal review` asks for a level."""

from __future__ import annotations

from collections.abc import Sequence

import typer

from goalcli import prompts
from goalcli.core import gas
from goalcli.core.text import visible

WHY = (
    "A GAS follow-up guide says in advance what each level would look like at the next review "
    "(Kiresuk & Sherman), so a level given later means what was agreed. Start with the expected "
    "outcome; Enter skips the guide."
)


def ask_gas_guide(current: Sequence[str] | None = None) -> tuple[str, ...] | None:
    """The five descriptions, -2 to +2; None when the person skips the guide (Enter at the
    expected outcome, when the goal has none). With a current guide, Enter keeps each one."""

    def question(level: int) -> str:
        return f"GAS {gas.label(level)}: {gas.MEANINGS[level]}"

    def parse(level: int, required: bool) -> str:
        def check(raw: str) -> str:
            if not required and not raw.strip():
                return ""
            return gas.check_description(raw, level)

        default = visible(current[gas.LEVELS.index(level)]) if current else None
        return prompts.ask(question(level), check, default=default if required else "")

    prompts.explain(WHY)
    answers = {0: parse(0, required=current is not None)}
    if not answers[0]:
        return None
    for level in (-2, -1, 1, 2):
        answers[level] = parse(level, required=True)
    return tuple(answers[level] for level in gas.LEVELS)


def guide_lines(descriptions: Sequence[str], chosen: int | None = None) -> list[str]:
    """The guide, one level a line from +2 down to -2, the chosen level marked; plain text
    for the caller to print as user text."""

    lines = []
    for level in reversed(gas.LEVELS):
        mark = "> " if level == chosen else "  "
        lines.append(f"{mark}{gas.label(level):>2}  {descriptions[gas.LEVELS.index(level)]}")
    return lines


def echo_guide(descriptions: Sequence[str], chosen: int | None = None, indent: str = "  ") -> None:

    for line in guide_lines(descriptions, chosen):
        typer.echo(visible(indent + line))
