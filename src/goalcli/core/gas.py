"""Goal Attainment Scaling follow-up guides (Kiresuk & Sherman): for each goal, one short
description per level, written in advance, so a level given at a review means what was agreed
rather than a feeling on the day. Pure: the standard library only."""

from __future__ import annotations

from collections.abc import Sequence

from goalcli.core import limits
from goalcli.errors import InputError

LEVELS = (-2, -1, 0, 1, 2)

MEANINGS = {
    -2: "much less than expected",
    -1: "somewhat less than expected",
    0: "the expected outcome by the next review",
    1: "somewhat more than expected",
    2: "much more than expected",
}

# The goal's stored fields, one per level, in level order (also the names its history uses).
FIELDS = ("gas_minus_2", "gas_minus_1", "gas_0", "gas_plus_1", "gas_plus_2")


def label(level: int) -> str:
    """A level as people write it: -2, -1, 0, +1, +2."""
    return f"{level:+d}" if level else "0"


def field_of(level: int) -> str:
    return FIELDS[LEVELS.index(level)]


def check_description(text: str, level: int) -> str:
    """One level's description, stripped, under the limits of every door; never empty."""
    return limits.check_text(text, "gas_level", what=f"GAS level {label(level)} description")


def check_guide(descriptions: Sequence[str]) -> tuple[str, ...]:
    """A whole guide: exactly five descriptions, from -2 to +2."""
    if len(descriptions) != len(LEVELS):
        raise InputError(
            f"A GAS guide has exactly five descriptions, from -2 to +2 (got {len(descriptions)})."
        )
    return tuple(
        check_description(text, level) for level, text in zip(LEVELS, descriptions, strict=True)
    )


def guide(values: Sequence[str | None]) -> list[str] | None:
    """The five stored descriptions as a guide; None when the goal has none (or not all five)."""
    if len(values) != len(LEVELS) or any(value is None for value in values):
        return None
    return [value or "" for value in values]


def guide_of(goal: object) -> list[str] | None:
    """The guide a stored goal (anything with the five FIELDS as attributes) carries."""
    return guide([getattr(goal, field) for field in FIELDS])


def describe_level(level: int, guide_texts: Sequence[str] | None) -> str | None:
    """What the guide says `level` looks like; None without a guide."""
    if guide_texts is None:
        return None
    return guide_texts[LEVELS.index(level)]
