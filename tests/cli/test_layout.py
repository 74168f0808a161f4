"""Screens at 60, 80 and 120 columns: nothing wider than the terminal, no word broken, no figure
dropped, no title cut (issue 18)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from lib.snapshots import Snapshot

HISTORY = Path(__file__).resolve().parents[1] / "data" / "golden" / "history.json"
WIDTHS = (60, 80, 120)


@pytest.fixture
def history(goal: Callable[..., Result], snapshot: Snapshot) -> Callable[..., Result]:
    def build() -> None:
        result = goal("import", str(HISTORY))
        assert result.exit_code == 0, result.output

    snapshot("import tests/data/golden/history.json", build)
    return goal


def _at(run: Callable[..., Result], width: int, *args: str) -> str:
    result = run(*args, env={"COLUMNS": str(width), "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    for line in result.stdout.splitlines():
        assert len(line.rstrip()) <= width, line
    return result.stdout


# Every figure the report shows for goal 3 (paused, seen with --all), whatever the width.
GOAL_3_FIGURES = ("Call a friend", "0 → 2 → 3 calls", "56%", "behind", "(paused)", "1/3", "6w")
GOAL_3_MORE = ("49%", "18d", "level 1.67", "S✓ M✓ A✗ R✓ T✓", "▁▃▃▃▆▆ ↑", "10-21 → 11-25")


@pytest.mark.parametrize("width", WIDTHS)
def test_report_drops_no_figure_at_any_width(history: Callable[..., Result], width: int) -> None:
    text = _at(history, width, "report", "--all")
    for figure in GOAL_3_FIGURES + GOAL_3_MORE:
        assert figure in text, (width, figure)
    # The one legend line under the table explains the due mark and the SMART marks.
    assert "┃ due by now" in text
    assert "✓ met, ✗ not yet" in text


@pytest.mark.parametrize("width", (80, 120))
def test_report_table_has_plain_headers(history: Callable[..., Result], width: int) -> None:
    text = _at(history, width, "report")
    header = next(line for line in text.splitlines() if line.lstrip().startswith("#"))
    for word in ("Goal", "Progress", "Status", "Steps", "Streak", "Habit", "left"):
        assert word in header.split(), (width, word)
    assert "Days" in text.split(header)[0]  # "Days left" may sit on two header lines
    assert len(text.splitlines()[-1]) <= width
    # The legend is one line at 80 columns and wider.
    assert any(
        line.startswith("┃ due by now") and "better way" in line for line in text.splitlines()
    )


def test_report_stacks_one_block_per_goal_at_60_columns(history: Callable[..., Result]) -> None:
    text = _at(history, 60, "report")
    assert "1  Walk outside" in text
    assert "Steps 3/5  Streak 6d  Habit 75%  Days left 48d" in text
    assert not any(line.lstrip().startswith("#") for line in text.splitlines())


@pytest.mark.parametrize("width", WIDTHS)
def test_list_never_cuts_a_title(history: Callable[..., Result], width: int) -> None:
    text = _at(history, width, "list", "--all")
    assert "…" not in text
    words = re.findall(r"[A-Za-z]+", text)
    for title in ("Walk outside", "Fewer evening drinks", "Call a friend"):
        for word in title.split():
            assert word in words, (width, word)
