"""A goal's trend (issue 12) in words and an arrow that mean better or worse, whichever way the
target lies: in `goal show`, the session page and the report table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.lib.answers import answers_toml, fewer_panics, intake_from
from typer.testing import Result

from goalcli.core.text import trend_words

pytestmark = pytest.mark.usefixtures("engine")

Run = Callable[..., Result]
NARROW = {"COLUMNS": "80", "NO_COLOR": "1"}


@pytest.mark.parametrize(
    ("direction", "per_week", "unit", "expected"),
    [
        ("improving", -0.5, "drinks", "↗ improving (down 0.5 drinks a week)"),
        ("improving", 3.5, "minutes", "↗ improving (up 3.5 minutes a week)"),
        ("worsening", 1, "0-10", "↘ worsening (up 1/10 a week)"),
        ("steady", 0, "invites", "→ steady (no change a week)"),
    ],
)
def test_trend_words_say_better_or_worse(
    direction: str, per_week: float, unit: str, expected: str
) -> None:
    assert trend_words(direction, per_week, unit) == expected


@pytest.fixture
def falling(goal: Run, tmp_path: Path) -> Run:
    """Fewer panic episodes (6 -> 1), four readings falling by 1 every 3 days up to 2026-11-26."""
    intake_from(
        goal, tmp_path, answers_toml("2026-10-01", fewer_panics(first_step_on="2026-10-02"))
    )
    for day, value in (("2026-11-17", "5"), ("2026-11-20", "4"), ("2026-11-23", "3")):
        assert goal("log", "1", "--value", value, "--date", day).exit_code == 0
    assert goal("log", "1", "--value", "2", "--date", "2026-11-26").exit_code == 0
    return goal


def test_a_falling_count_towards_a_lower_target_is_improving(falling: Run) -> None:
    # Theil–Sen over (day, value): every pair falls 1 per 3 days, so -7/3 a week; the target
    # lies below the start, so that is towards it by far more than 5% of 5 a week.
    shown = " ".join(falling("show", "1", env=NARROW).stdout.split())
    assert "Trend ↗ improving (down 2.33 episodes a week)" in shown

    page = falling("report", "--format", "markdown").stdout
    assert "- **Trend:** ↗ improving (down 2.33 episodes a week)" in page

    table = falling("report", env=NARROW).stdout
    lines = table.splitlines()
    (row,) = [index for index, line in enumerate(lines) if "Fewer panic" in line]
    assert "↗ improving" in lines[row + 1]  # under the progress bar
    assert "↗ improving, → steady, ↘ worsening" in " ".join(table.split())


def test_too_few_readings_have_no_trend(goal: Run, tmp_path: Path) -> None:
    intake_from(
        goal, tmp_path, answers_toml("2026-10-01", fewer_panics(first_step_on="2026-10-02"))
    )
    assert goal("log", "1", "--value", "4").exit_code == 0
    shown = " ".join(goal("show", "1", env=NARROW).stdout.split())
    assert "Trend not enough check-ins yet to tell" in shown
    assert "**Trend:**" not in goal("report", "--format", "markdown").stdout
