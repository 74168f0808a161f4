"""The reference client of the session page (issue 16): three goals and six weeks of check-ins,
reviews, notes and a plan change (the golden history, tests/data/golden/history.json), plus
PHQ-9 and GAD-7 taken every two weeks from 2026-10-15 (14 -> 6 and 11 -> 5: reliable recovery,
a risk answer on the first PHQ-9) and two low-mood days (2 on 2026-11-22, 3 on 2026-11-23).

tests/data/session/reference.json is that history exported: made once by importing the golden
history and running `goal measure take ID --answers ... --date DAY` and `goal log --mood N
--date DAY` for those, then `goal export`. The browser test prints its page; docs/ shows it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

DATA = Path(__file__).resolve().parents[1] / "data"
GOLDEN_HISTORY = DATA / "golden" / "history.json"
REFERENCE_HISTORY = DATA / "session" / "reference.json"
TODAY = "2026-11-26"
PAGE_COMMAND = ("report", "--format", "html")
"""The reference page: every active goal over its whole six weeks."""


def build_reference(goal: Callable[..., Result]) -> None:
    """Fill the (empty) database `goal` writes to with the reference client."""
    result = goal("import", str(REFERENCE_HISTORY))
    assert result.exit_code == 0, result.output
