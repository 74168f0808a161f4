"""The report on a terminal: the goal table (with latest notes beneath) and the mood line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from goalcli.core.progress.standing_words import gas_level, judged_progress, level_text, now_path
from goalcli.core.text import TREND_ARROWS, number_text
from goalcli.render.goal import sentence
from goalcli.render.widgets import (
    EXCUSED_WEEK_MARK,
    INCOMPLETE_MARK,
    NO_WEEK_MARK,
    all_excused,
    days_left_text,
    mood_sparkline,
    path_text,
    progress_bar,
    smart_marks,
    sparkline,
    status_text,
    user_text,
    week_sparkline,
)

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from goalcli.views.patterns import PatternsSection
    from goalcli.views.report import GoalExtras, MoodSection, ReportGoal, ReviewSection


LEGEND = "┃ due by now · SMART: ✓ met, ✗ not yet · sparkline oldest→newest, ↑↓ better way"
"""The one line under the table that explains its marks."""
WEEKS_KEY = (
    f"Weekly totals' sparklines: a mark a week; {INCOMPLETE_MARK} too few days logged, "
    f"{NO_WEEK_MARK} none."
)
"""The line under the table when a sparkline is a weekly total's."""
EXCUSED_KEY = f" {EXCUSED_WEEK_MARK} all days excused."

STACKED_BELOW = 80
"""Narrower than this (in columns), the table becomes one block per goal, dropping no figure."""

TREND_KEY = "Trend under a bar: ↗ improving, → steady, ↘ worsening, towards the target."
"""The legend's second line, when a goal in the table has a trend under its bar."""


def goal_table(
    goals: list[ReportGoal], extras: dict[int, GoalExtras], title: str, *, width: int = 100
) -> RenderableType:
    """The report's goals for a terminal `width` columns wide: a table from 80 columns, one
    block per goal below that; one legend line, then the latest notes, beneath either."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    body = _stacked(goals, extras, title) if width < STACKED_BELOW else _table(goals, extras, title)
    notes = Table.grid(padding=(0, 1))
    notes.add_column(style="dim", justify="right")
    notes.add_column(style="dim", no_wrap=True)
    notes.add_column()
    for goal in goals:
        extra = extras.get(goal["id"])
        if extra and extra.latest_note:
            day, text = extra.latest_note
            notes.add_row(Text(str(goal["id"])), Text(day.isoformat()), user_text(text))
    legend = LEGEND + "\n"
    if any(goal["trend"] for goal in goals):
        legend += TREND_KEY + "\n"
    if any(extra.trend_weeks for extra in extras.values()):
        excused = any(all_excused(week) for extra in extras.values() for week in extra.trend_weeks)
        legend += WEEKS_KEY + (EXCUSED_KEY if excused else "") + "\n"
    items: list[RenderableType] = [body, Text(legend, style="dim")]
    if notes.row_count:
        items += [Text("Latest notes", style="bold"), notes, Text("")]
    return Group(*items)


def _table(goals: list[ReportGoal], extras: dict[int, GoalExtras], title: str) -> RenderableType:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    table.add_column("#", justify="right", style="dim")
    table.add_column("Goal", ratio=1, min_width=16)
    table.add_column("Progress", no_wrap=True)
    # "not enough check-ins" wraps after "enough" rather than push the figures off the screen.
    table.add_column("Status", max_width=10)
    table.add_column("Steps", justify="right")
    table.add_column("Streak", justify="right", no_wrap=True)
    table.add_column("Habit", justify="right", no_wrap=True)
    table.add_column("Days\nleft", justify="right", no_wrap=True)
    for goal in goals:
        cell = _goal_cell(goal, extras.get(goal["id"]))
        # The figures as Text, not str: Rich reads a str cell as markup each time it measures
        # or draws it (figures have no markup, so the same output, without that parse).
        table.add_row(
            Text(str(goal["id"])),
            cell,
            _progress_cell(goal),
            _status_cell(goal),
            Text(f"{goal['steps_done']}/{goal['steps_total']}"),
            Text(_streak(goal)),
            Text(_habit(goal)),
            Text(days_left_text(goal["days_left"])),
        )
    return table


def _stacked(goals: list[ReportGoal], extras: dict[int, GoalExtras], title: str) -> RenderableType:
    """One block per goal, every figure the table has, each labelled, for narrow terminals."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    blocks: list[RenderableType] = [Text(title, style="italic"), Text("")]
    for goal in goals:
        head = Text(f"{goal['id']}  ", style="dim")
        head.append(user_text(goal["title"], "bold"))
        figures = Text("Progress ")
        figures.append(progress_bar(judged_progress(goal), goal["expected_progress"]))
        figures.append("  ")
        figures.append(_status_cell(goal))
        if trend := goal["trend"]:
            figures.append(f"\nTrend {TREND_ARROWS[trend['direction']]} {trend['direction']}")
        figures.append(
            f"\nSteps {goal['steps_done']}/{goal['steps_total']}  Streak {_streak(goal)}"
            f"  Habit {_habit(goal)}  Days left {days_left_text(goal['days_left'])}"
        )
        blocks += [
            head,
            Padding(_goal_cell(goal, extras.get(goal["id"]), title=False), (0, 0, 0, 3)),
        ]
        blocks += [Padding(figures, (0, 0, 1, 3))]
    return Group(*blocks)


def _goal_cell(goal: ReportGoal, extra: GoalExtras | None, *, title: bool = True) -> Text:
    """The goal's title (optional), its path, level, SMART marks and a dated sparkline."""
    from rich.text import Text

    cell = user_text(goal["title"], "bold") if title else Text()
    if title:
        cell.append("\n")
    cell.append(path_text(now_path(goal), goal["unit"]))
    if level := level_text(goal):
        cell.append("\n")
        cell.append(user_text(level, "dim"))
    cell.append("\n")
    marks = smart_marks(goal["smart"])
    marks.rstrip()
    cell.append(marks)
    if extra and extra.trend_weeks:
        cell.append("\n")
        sparks = week_sparkline(extra.trend_weeks, goal["baseline"], goal["target"])
        cell.append(sparks, style="cyan")
        cell.append(" ↓" if goal["target"] < goal["baseline"] else " ↑", style="bold")
        # The last days of the first and latest weeks, as the values' sparkline dates its ends.
        oldest, latest = extra.trend_weeks[0]["end"], extra.trend_weeks[-1]["end"]
        cell.append(f"\n{oldest[5:]} → {latest[5:]}", style="dim")
    elif extra and extra.trend:
        low, high = sorted((goal["baseline"], goal["target"]))
        cell.append("\n")
        cell.append(
            sparkline(extra.trend, min(low, *extra.trend), max(high, *extra.trend)), style="cyan"
        )
        cell.append(" ↓" if goal["target"] < goal["baseline"] else " ↑", style="bold")
        if extra.trend_span:
            first, last = extra.trend_span
            cell.append(f"\n{first:%m-%d} → {last:%m-%d}", style="dim")
    return cell


def _streak(goal: ReportGoal) -> str:
    """The streak in the narrow column: 'd' for days, 'w' for weeks."""
    return f"{goal['streak']}{goal['streak_unit'][0]}"


def _habit(goal: ReportGoal) -> str:
    return f"{goal['strength'] * 100:.0f}%"


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


def _progress_cell(goal: ReportGoal) -> Text:
    """The bar against the expected pace, and beneath it the trend's arrow and word."""
    cell = progress_bar(judged_progress(goal), goal["expected_progress"])
    if trend := goal["trend"]:
        cell.append(f"\n{TREND_ARROWS[trend['direction']]} {trend['direction']}", style="dim")
    return cell


def _status_cell(goal: ReportGoal) -> Text:
    """The progress status, and beneath it a goal's state when it is not active."""
    cell = status_text(goal["status"])
    if goal["goal_status"] != "active":
        cell.append(f"\n({goal['goal_status']})", style="dim")
    return cell


def member_ratings_lines(review: ReviewSection | None) -> list[str]:
    """A couple's or family's latest review in plain lines (the caller prints them as user
    text): each member's GAS T-score, then each goal's ratings side by side with their
    agreement. Empty when no member rated anything."""
    if review is None or not review["ratings"]:
        return []
    scores = ", ".join(
        f"{entry['member']} {number_text(entry['gas_t_score'])}" for entry in review["members"]
    )
    mean = number_text(review["gas_t_score"])
    lines = [f"Review of {review['date']}, GAS T-score {mean} at the mean level; {scores}"]
    for goal in review["ratings"]:
        side_by_side = " | ".join(
            f"{rating['member']}: {rating_pair(rating['gas'], rating['gbo'])}"
            for rating in goal["ratings"]
        )
        agreement = f" ({goal['agreement']})" if goal["agreement"] else ""
        lines.append(f"  {goal['id']}. {goal['title']}: {side_by_side}{agreement}")
    return lines


def rating_pair(gas: int | None, gbo: int | None) -> str:
    """ "GAS +1, GBO 6" for one member's ratings of a goal ("–" for a scale they left out)."""
    return f"GAS {gas_level(gas)}, GBO {number_text(gbo)}"


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


def pattern_lines(section: PatternsSection | None) -> RenderableType | None:
    """ "What goes with a better day" (views.patterns): its lines, each indented as a whole
    (a line that wraps keeps its indent), user text (a goal's title, a #tag) printed literally;
    None when the report has no patterns section."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    if section is None:
        return None
    lines = [Padding(user_text(line), (0, 0, 0, 2), expand=False) for line in section["top"]]
    return Group(Text(""), Text("What goes with a better day", style="bold"), *lines)
