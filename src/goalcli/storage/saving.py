"""What every save shares: the moment it is stamped with, and whether it created a record."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from types import FrameType


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
    The interrupt is acted on (KeyboardInterrupt) as soon as the block ends.

    Why a handler and not a signal mask: a mask holds the signal for this thread only, and with
    any other thread alive (the interactive check-in's loader, a test runner's) the kernel
    hands SIGINT to that one and Python still raises it here, mid-commit. Python runs signal
    handlers in the main thread alone, so a handler that only notes the signal holds it
    whichever thread received it."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers run in the main thread only: none can interrupt this one
        return
    received: list[tuple[int, FrameType | None]] = []

    def note(signum: int, frame: FrameType | None) -> None:
        received.append((signum, frame))

    previous = signal.signal(signal.SIGINT, note)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            if callable(previous):
                previous(*received[0])  # Python's default handler raises KeyboardInterrupt
            elif previous == signal.SIG_DFL:
                signal.raise_signal(signal.SIGINT)
