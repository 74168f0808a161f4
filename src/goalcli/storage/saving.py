"""What every save shares: the moment it is stamped with, and whether it created a record."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) back from a commit until the command has noted it: an interrupt
    landing between the two would otherwise be told "nothing was saved" about a saved change.
    The signal is delivered (KeyboardInterrupt) as soon as the block ends."""
    if not hasattr(signal, "pthread_sigmask"):  # not on this system: as before
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
