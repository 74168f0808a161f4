"""Asking who takes part in couples or family therapy, at the intake."""

from __future__ import annotations

from goalcli import prompts
from goalcli.core import members

WHY = (
    "In couples and family therapy each of you can rate the goals at a review, so everyone's "
    "view is kept. Names separated by commas; Enter skips (`goal profile members` adds later)."
)


def ask_members(therapy_type: str) -> list[str]:
    """The members' names for a couples or family intake; none for individual therapy."""

    if therapy_type not in members.TYPES_WITH_MEMBERS:
        return []
    prompts.explain(WHY)

    def parse(raw: str) -> list[str]:
        return members.check_names([name for name in raw.split(",") if name.strip()])

    return prompts.ask("Who takes part (names)", parse, default="")
