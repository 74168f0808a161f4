"""The chart of a goal's weekly level against the road, for `goal show`: plain characters on a
grid, so it reads the same at 80 columns, in a pipe and with NO_COLOR (the glyphs differ, the
colours only help)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import TYPE_CHECKING

from goalcli.core.progress.levels import excused_words
from goalcli.core.text import better_words, number_text
from goalcli.core.weeks import known_words, reaches_start

if TYPE_CHECKING:
    from rich.text import Text

    from goalcli.views.timeline import WeekEntry

LEVEL = "●"
HOLLOW = "○"  # an incomplete week: too few days logged (or a stale reading level)
START = "◆"  # the start point: the baseline on the start date
ROAD = "·"
BOTH = "◉"
EXCUSED = "×"  # on the axis under a week with days excused (`goal skip`: ill, away)
COLUMN = 5  # characters per point: 12 weeks, the start and the value labels fit in 80 columns
HEIGHT = 8  # rows of the grid
DATE_EVERY = 3  # points between dates on the axis (ISO dates are 10 characters)
WIDTH = 80
LEGEND = (
    f"{START} start (baseline)  {LEVEL} level on the week's last day  {HOLLOW} incomplete week",
    f"{ROAD} the road: where the plan expects it  {BOTH} level on the road",
)
EXCUSED_LEGEND = f"{EXCUSED} a week with days excused (ill, away)"


def chart_lines(
    weeks: Sequence[WeekEntry],
    baseline: float,
    target: float,
    start: str | None = None,
    height: int = HEIGHT,
) -> list[str]:
    """The chart as lines of text: a title saying which way is better, the grid with values on
    its left edge, the axis with the days the points are measured on, the legend, and the weeks
    that are not complete with their days logged. `start` (ISO): the goal's start date; the
    chart begins with the start point when its first week reaches back to it (core.weeks)."""
    title = f"Weekly level against the road ({better_words(baseline, target)})"
    if not weeks:
        return [title, "No week since the goal started yet."]
    points = _chart_points(weeks, baseline, start)
    values = [value for _, level, road, _ in points for value in (level, road) if value is not None]
    low = min(*values, baseline, target)
    high = max(*values, baseline, target)
    grid = _grid(points, low, high, height)
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
    excused = {week["end"] for week in weeks if week["days_excused"]}
    lines += _axis_lines(points, width, excused)
    legends = [*LEGEND, EXCUSED_LEGEND] if excused else LEGEND
    lines += [f"{'':>{width}}  {legend}" for legend in legends]
    lines += _incomplete_lines(weeks, width + 2)
    lines += _week_lines(
        "Weeks with days excused, by last day:",
        [
            f"{week['end']} {excused_words(week['days_excused'])}"
            for week in weeks
            if week["days_excused"] and week["complete"]
        ],
        width + 2,
    )
    return lines


# A point of the chart: (day, level or None, road or None, glyph when it has a level).
Point = tuple[str, float | None, float | None, str]


def _chart_points(weeks: Sequence[WeekEntry], baseline: float, start: str | None) -> list[Point]:
    """The weeks as points, after the start point when the first week reaches back to the start."""
    points: list[Point] = []
    if start is not None and reaches_start(
        date.fromisoformat(weeks[0]["start"]), date.fromisoformat(start)
    ):
        points.append((start, float(baseline), None, START))
    for week in weeks:
        level = None if week["level"] is None else float(week["level"])
        points.append(
            (
                week["end"],
                level,
                float(week["expected_prorated"]),
                LEVEL if week["complete"] else HOLLOW,
            )
        )
    return points


def _grid(points: Sequence[Point], low: float, high: float, height: int) -> list[list[str]]:
    """The rows of the chart, top first: each point's road and level in its column."""

    def row_of(value: float) -> int:  # 0 is the top row
        if high == low:
            return height - 1
        return height - 1 - round((value - low) / (high - low) * (height - 1))

    grid = [[" "] * (COLUMN * len(points)) for _ in range(height)]
    for index, (_, level, road, glyph) in enumerate(points):
        column = index * COLUMN + COLUMN // 2
        road_row = None if road is None else row_of(road)
        if road_row is not None:
            grid[road_row][column] = ROAD
        if level is not None:
            level_row = row_of(level)
            grid[level_row][column] = BOTH if level_row == road_row and glyph == LEVEL else glyph
    return grid


def _axis_lines(points: Sequence[Point], width: int, excused: Collection[str] = ()) -> list[str]:
    """The axis under the grid, and the dates under it: every DATE_EVERY-th point's, counted back
    from the latest (which always has its date), each beginning under its point. A point whose
    day is in `excused` (a week with days excused) has EXCUSED on the axis."""
    axis = ["─"] * (COLUMN * len(points))
    dates = [" "] * (COLUMN * len(points) + 10)
    for index, (day, _, _, _) in enumerate(points):
        begin = index * COLUMN + COLUMN // 2
        if (len(points) - 1 - index) % DATE_EVERY == 0:
            axis[begin] = "┬"
            dates[begin : begin + 10] = day
        if day in excused:
            axis[begin] = EXCUSED
    return [f"{'':>{width}} └{''.join(axis)}", f"{'':>{width}}  {''.join(dates).rstrip()}"]


def _incomplete_lines(weeks: Sequence[WeekEntry], indent: int) -> list[str]:
    """The weeks that are not complete (hollow marks, and gaps: no mark) with their days
    logged, wrapped to WIDTH."""
    words = [
        f"{week['end']} {known_words(week['days_known'], week['days_counted'], week['days_excused'])}"
        for week in weeks
        if not week["complete"]
    ]
    return _week_lines("Weeks not complete, by last day:", words, indent)


def _week_lines(heading: str, words: Sequence[str], indent: int) -> list[str]:
    """`heading` and the weeks' `words` after it, wrapped to WIDTH; none without words."""
    if not words:
        return []
    lines: list[str] = []
    line = heading
    for index, word in enumerate(words):
        piece = word + (";" if index < len(words) - 1 else "")
        if len(line) + 1 + len(piece) + indent > WIDTH:
            lines.append(line)
            line = " "
        line += " " + piece
    lines.append(line)
    return [" " * indent + line for line in lines]


def level_chart(
    weeks: Sequence[WeekEntry], baseline: float, target: float, start: str | None = None
) -> Text:
    """chart_lines with the level and the road in colour."""
    from rich.text import Text

    styles = {
        LEVEL: "bold cyan",
        HOLLOW: "cyan",
        START: "bold",
        ROAD: "magenta",
        BOTH: "bold cyan",
        EXCUSED: "yellow",
    }
    lines = chart_lines(weeks, baseline, target, start)
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
