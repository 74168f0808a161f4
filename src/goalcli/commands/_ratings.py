"""The behavioural-activation options (pleasure, mastery, predicted pleasure), checked the same
way at every door: a whole number 0 to 10 (core/limits.py), a refused answer quoted short."""

from __future__ import annotations

from typing import Annotated

import typer

from goalcli import prompts
from goalcli.core import limits

PleasureOption = Annotated[
    str | None,
    typer.Option(
        "--pleasure", metavar="0-10", help="How much you enjoyed it, 0-10 (behavioural activation)."
    ),
]
MasteryOption = Annotated[
    str | None,
    typer.Option(
        "--mastery", metavar="0-10", help="How much it gave a sense of achievement, 0-10."
    ),
]
ExpectPleasureOption = Annotated[
    str | None,
    typer.Option(
        "--expect-pleasure",
        metavar="0-10",
        help="How much you expect to enjoy it, 0-10 (compared with how it felt once done).",
    ),
]


def parse_rating(raw: str, what: str) -> int:
    """A pleasure or mastery rating (or a predicted pleasure) as typed."""
    return prompts.parse_whole(raw, what, limits.LOWEST_RATING, limits.HIGHEST_RATING)


def optional_rating(raw: str | None, what: str) -> int | None:
    return parse_rating(raw, what) if raw is not None else None


def ask_rating(question: str, what: str) -> int | None:
    """One short question; Enter skips (not rated)."""
    return prompts.ask(
        f"{question} (0-10; Enter skips)",
        lambda raw: parse_rating(raw, what) if raw.strip() else None,
        default="",
    )


def ask_expected_pleasure() -> int | None:
    """How much the client expects to enjoy a step just typed: one short line, Enter skips."""
    return ask_rating("  Expected pleasure: how much will you enjoy it?", "expected pleasure")
