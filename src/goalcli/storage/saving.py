"""What every save shares: the moment it is stamped with, and whether it created a record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


def now_stamp() -> str:
    """The created_at / updated_at of a record saved now: UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Saved:
    created: bool  # False when an existing record for that day was updated
    # The value a replacement took the place of (a reading or a mood; None: nothing replaced).
    replaced: float | None = None
    # What a corrected review changed ("GBO was 4, now 6"; "" when nothing was replaced).
    corrected: str = ""
