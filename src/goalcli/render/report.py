"""The report on a terminal: the goal table (with latest notes beneath) and the mood line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from goalcli.core.text import TREND_ARROWS
from goalcli.render.goal import sentence
from goalcli.render.widgets import (
    days_left_text,
    level_text,
    mood_sparkline,
    path_text,
    progress_bar,
    smart_marks,
    sparkline,
    status_text,
    user_text,
)

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from goalcli.views.report import GoalExtras, MoodSection, ReportGoal


SPARK_KEY = (
    "Sparklines: the latest values, oldest first; ↑ or ↓ beside one: the better way.\n"
    "Trend under a bar: ↗ improving, → steady, ↘ worsening, towards the target.\n"
)


def goal_table(
    goals: list[ReportGoal], extras: dict[int, GoalExtras], title: str
) -> RenderableType:
    """The report's table, narrow enough for 80 columns; latest notes follow beneath it."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("Goal: start → now → target", ratio=1, min_width=16)
    table.add_column("Progress ┃=due", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Steps", justify="right")
    table.add_column("Streak\nhabit", justify="right", no_wrap=True)
    table.add_column("Left", justify="right", no_wrap=True)
    arrows = False  # whether a sparkline needs its key
    notes = Table.grid(padding=(0, 1))
    notes.add_column(style="dim", justify="right")
    notes.add_column(style="dim", no_wrap=True)
    notes.add_column()
    for goal in goals:
        cell = user_text(goal["title"], "bold")
        cell.append("\n")
        cell.append(path_text((goal["baseline"], goal["current"], goal["target"]), goal["unit"]))
        if level := level_text(goal):
            cell.append(f"\n{level}", style="dim")
        extra = extras.get(goal["id"])
        cell.append("\n")
        cell.append(smart_marks(goal["smart"]))
        if extra and extra.trend:
            direction_low, direction_high = sorted((goal["baseline"], goal["target"]))
            cell.append(
                sparkline(
                    extra.trend, min(direction_low, *extra.trend), max(direction_high, *extra.trend)
                ),
                style="cyan",
            )
            cell.append(" ↓" if goal["target"] < goal["baseline"] else " ↑", style="bold")
            arrows = True
        table.add_row(
            str(goal["id"]),
            cell,
            _progress_cell(goal),
            _status_cell(goal),
            f"{goal['steps_done']}/{goal['steps_total']}",
            f"{goal['streak']}{_streak_unit(goal)} {goal['strength'] * 100:.0f}%",
            days_left_text(goal["days_left"]),
        )
        if extra and extra.latest_note:
            day, text = extra.latest_note
            notes.add_row(str(goal["id"]), day.isoformat(), user_text(text))
    items: list[RenderableType] = [table]
    if arrows:
        items.append(Text(SPARK_KEY, style="dim"))
    if notes.row_count:
        items += [Text("Latest notes", style="bold"), notes, Text("")]
    return items[0] if len(items) == 1 else Group(*items)


def report_changes(goals: list[ReportGoal]) -> RenderableType | None:
    """The "Changes" section beneath the table: each goal's changes, by goal id."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", justify="right")
    grid.add_column()
    for goal in goals:
        for change in goal["changes"]:
            grid.add_row(str(goal["id"]), user_text(sentence(change["text"])))
    if not grid.row_count:
        return None
    return Group(Text("Changes", style="bold"), grid, Text(""))


def _streak_unit(goal: ReportGoal) -> str:
    """The streak's unit in the narrow column: 'd' for days, 'w' for weeks."""
    return goal["streak_unit"][0]


def _progress_cell(goal: ReportGoal) -> Text:
    """The bar against the expected pace, and beneath it the trend's arrow and word."""
    cell = progress_bar(goal["progress"], goal["expected_progress"])
    if trend := goal["trend"]:
        cell.append(f"\n{TREND_ARROWS[trend['direction']]} {trend['direction']}", style="dim")
    return cell


def _status_cell(goal: ReportGoal) -> Text:
    """The progress status, and beneath it a goal's state when it is not active."""
    cell = status_text(goal["status"])
    if goal["goal_status"] != "active":
        cell.append(f"\n({goal['goal_status']})", style="dim")
    return cell


def mood_line(mood: MoodSection, as_of: str | None = None) -> Text:
    """Mood averages, and with `as_of` a sparkline of the last 30 days."""
    from rich.text import Text

    line = Text("Mood  ", style="bold")
    for label, value in (
        ("last 7 days", mood["last_7_avg"]),
        ("last 30 days", mood["last_30_avg"]),
    ):
        line.append(f"{label}: ")
        line.append("no entries" if value is None else f"{value:.1f}/10", style="bold")
        line.append("   ")
    if as_of and mood["series"]:
        line.append("\n30 days ", style="dim")
        line.append(mood_sparkline(mood["series"], as_of), style="magenta")
        line.append(" (0-10, blank = not logged)", style="dim")
    return line
