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
        "--pleasure",
        metavar="0-10",
        help="How much you enjoyed it, 0-10 (behavioural activation); - removes it.",
    ),
]
MasteryOption = Annotated[
    str | None,
    typer.Option(
        "--mastery",
        metavar="0-10",
        help="How much it gave a sense of achievement, 0-10; - removes it.",
    ),
]
ExpectPleasureOption = Annotated[
    str | None,
    typer.Option(
        "--expect-pleasure",
        metavar="0-10",
        help=(
            "How much you expect to enjoy it, 0-10 (compared with how it felt once done); "
            "- removes it."
        ),
    ),
]


def parse_rating(raw: str, what: str) -> int:
    """A pleasure or mastery rating (or a predicted pleasure) as typed."""
    return prompts.parse_whole(raw, what, limits.LOWEST_RATING, limits.HIGHEST_RATING)


def optional_rating(raw: str | None, what: str) -> int | None:
    return parse_rating(raw, what) if raw is not None else None


CLEAR = "-"
"""A rating flag's answer that removes the rating (as `-` skips a question in `goal log`)."""


def rating_flags(**raw: str | None) -> tuple[dict[str, int | None], set[str]]:
    """Rating flags as typed, by field name: the ratings to set (None: not given) and the
    names of those to remove (given as `-`). Each checked in turn, the first bad one named."""
    given: dict[str, int | None] = {}
    cleared: set[str] = set()
    for name, text in raw.items():
        if text is not None and text.strip() == CLEAR:
            cleared.add(name)
            given[name] = None
        else:
            given[name] = optional_rating(text, name.replace("_", " "))
    return given, cleared


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
