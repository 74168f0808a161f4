"""The chart of a goal's weekly level against the road, for `goal show`: plain characters on a
grid, so it reads the same at 80 columns, in a pipe and with NO_COLOR (the glyphs differ, the
colours only help)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from goalcli.core.text import better_words, number_text

if TYPE_CHECKING:
    from rich.text import Text

    from goalcli.views.timeline import WeekEntry

LEVEL = "●"
ROAD = "·"
BOTH = "◉"
COLUMN = 5  # characters per week: 12 weeks and the value labels fit in 80 columns
HEIGHT = 8  # rows of the grid
DATE_EVERY = 3  # weeks between dates on the axis (ISO dates are 10 characters)
LEGEND = f"{LEVEL} level at the week's end  {ROAD} the road: where the plan expects it  {BOTH} both"


def chart_lines(
    weeks: Sequence[WeekEntry], baseline: float, target: float, height: int = HEIGHT
) -> list[str]:
    """The chart as lines of text: a title saying which way is better, the grid with values on
    its left edge, the axis with the dates weeks start on, and the legend."""
    title = f"Weekly level against the road ({better_words(baseline, target)})"
    if not weeks:
        return [title, "No week since the goal started yet."]
    values = [float(week["level"]) for week in weeks] + [float(w["expected"]) for w in weeks]
    low = min(*values, baseline, target)
    high = max(*values, baseline, target)

    def row_of(value: float) -> int:  # 0 is the top row
        if high == low:
            return height - 1
        return height - 1 - round((value - low) / (high - low) * (height - 1))

    grid = [[" "] * (COLUMN * len(weeks)) for _ in range(height)]
    middle = COLUMN // 2
    for index, week in enumerate(weeks):
        column = index * COLUMN + middle
        road, level = row_of(float(week["expected"])), row_of(float(week["level"]))
        grid[road][column] = ROAD
        grid[level][column] = BOTH if level == road else LEVEL
    labelled = (0, (height - 1) // 2, height - 1)
    texts = {
        row: number_text(round(high - row / (height - 1) * (high - low), 1) + 0.0)
        for row in labelled
    }
    width = max(len(text) for text in texts.values())
    lines = [title]
    for row, cells in enumerate(grid):
        if row in texts:
            lines.append(f"{texts[row]:>{width}} ┤{''.join(cells).rstrip()}")
        else:
            lines.append(f"{'':>{width}} │{''.join(cells).rstrip()}")
    axis = ["─"] * (COLUMN * len(weeks))
    dates = [" "] * (COLUMN * len(weeks) + 10)
    for index, week in enumerate(weeks):
        if (len(weeks) - 1 - index) % DATE_EVERY == 0:  # the latest week always has its date
            start = index * COLUMN + middle  # the date begins under its week's point
            axis[start] = "┬"
            dates[start : start + 10] = week["start"]
    lines.append(f"{'':>{width}} └{''.join(axis)}")
    lines.append(f"{'':>{width}}  {''.join(dates).rstrip()}")
    lines.append(f"{'':>{width}}  {LEGEND}")
    return lines


def level_chart(weeks: Sequence[WeekEntry], baseline: float, target: float) -> Text:
    """chart_lines with the level and the road in colour."""
    from rich.text import Text

    styles = {LEVEL: "bold cyan", ROAD: "magenta", BOTH: "bold cyan"}
    lines = chart_lines(weeks, baseline, target)
    chart = Text()
    for number, line in enumerate(lines):
        if number == 0:
            chart.append(line, style="bold")
        else:
            for char in line:
                chart.append(char, style=styles.get(char, ""))
        if number < len(lines) - 1:
            chart.append("\n")
    return chart
