"""Small wording helpers shared by messages and reports (pure: no Typer, Rich or database)."""

from __future__ import annotations


def plural(count: int, singular: str, many: str | None = None) -> str:
    """'1 step', '3 steps', '2 check-ins': a count with its noun in the right number."""
    return f"{count} {singular if count == 1 else (many or singular + 's')}"
