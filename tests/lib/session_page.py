"""The reference client of the session page (issue 16): the golden history (three goals, six
weeks of check-ins, reviews, notes and plan changes) plus two questionnaires taken four times
(a risk answer on the first PHQ-9) and two low-mood days. The browser test prints it and the
screenshot in docs/ shows it; the golden test uses the plain golden history."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

GOLDEN_HISTORY = Path(__file__).resolve().parents[1] / "data" / "golden" / "history.json"

# Taken on the day of the first check-in and every two weeks after: PHQ-9 14 -> 6 and GAD-7
# 11 -> 5, each a reliable improvement, together a reliable recovery.
QUESTIONNAIRES = {
    "phq9": {
        "2026-10-15": "2,2,2,2,1,2,1,1,1",
        "2026-10-29": "2,2,1,2,1,1,1,1,0",
        "2026-11-12": "1,1,1,2,1,1,1,0,0",
        "2026-11-26": "1,1,1,1,0,1,1,0,0",
    },
    "gad7": {
        "2026-10-15": "2,2,2,1,1,2,1",
        "2026-10-29": "2,1,2,1,1,1,1",
        "2026-11-12": "1,1,1,1,1,1,1",
        "2026-11-26": "1,1,1,1,0,1,0",
    },
}
LOW_MOODS = {"2026-11-22": "2", "2026-11-23": "3"}
PAGE_COMMAND = ("report", "--format", "html")
"""The page the browser test prints: the whole six weeks."""


def build_reference(goal: Callable[..., Result]) -> None:
    """Fill the (empty) database `goal` writes to with the reference client."""
    steps = [("import", str(GOLDEN_HISTORY))]
    for measure, taken in QUESTIONNAIRES.items():
        steps += [
            ("measure", "take", measure, "--answers", answers, "--date", day)
            for day, answers in taken.items()
        ]
    steps += [("log", "--mood", mood, "--date", day) for day, mood in LOW_MOODS.items()]
    for step in steps:
        result = goal(*step)
        assert result.exit_code == 0, (step, result.output)
