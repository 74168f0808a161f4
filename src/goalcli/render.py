"""Rich tables, bars and Markdown. User text is always shown as typed: never read as markup,
and any control character that could steer the terminal is shown as a visible escape."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

    from goalcli.reporting import GoalExtras

# C0 controls (but newline), DEL and C1 controls: ESC and CSI could rewrite the screen.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")

STATUS_STYLE = {
    "achieved": "bold green",
    "ahead": "green",
    "on track": "cyan",
    "behind": "yellow",
    "overdue": "red",
}
BAR_WIDTH = 12


def safe(text: str) -> str:
    """The text with control characters made visible (\\x1b instead of an escape)."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def user_text(text: str, style: str = "") -> Text:
    from rich.text import Text

    return Text(safe(text), style=style)


def markdown_text(text: str) -> str:
    """User text for Markdown: literal when rendered, one line, no raw control characters."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", safe(text)).replace("\n", " ")


def to_json(document: Any) -> str:
    text = json.dumps(document, indent=2, ensure_ascii=False)
    # json leaves C1 controls raw; escape them so printing the JSON cannot steer the terminal.
    return re.sub(r"[\x7f-\x9f]", lambda match: f"\\u{ord(match.group()):04x}", text)


def console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def fmt(value: float | int | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def progress_bar(done: float, expected: float, width: int = BAR_WIDTH) -> Text:
    """A bar filled to `done`, with ┃ where the goal should be by now."""
    from rich.text import Text

    filled = round(max(0.0, min(done, 1.0)) * width)
    mark = min(round(max(0.0, min(expected, 1.0)) * width), width - 1)
    bar = Text()
    for index in range(width):
        if index == mark:
            bar.append("┃", style="bold magenta")
        elif index < filled:
            bar.append("━", style="green")
        else:
            bar.append("─", style="dim")
    bar.append(f" {done * 100:>3.0f}%")
    return bar


def _days_left_words(days: int) -> str:
    return f"{-days} days past the target date" if days < 0 else f"{days} days left"


def days_left_text(days: int) -> str:
    return f"{-days}d over" if days < 0 else f"{days}d"


def goal_table(
    goals: list[dict[str, Any]], extras: dict[int, GoalExtras], title: str
) -> RenderableType:
    """The report's table, narrow enough for 80 columns; latest notes follow beneath it."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("Goal: start → now → target", ratio=1, min_width=18)
    table.add_column("Progress  ┃ = due", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Steps", justify="right")
    table.add_column("Streak", justify="right")
    table.add_column("Left", justify="right", no_wrap=True)
    notes = Table.grid(padding=(0, 1))
    notes.add_column(style="dim", justify="right")
    notes.add_column(style="dim", no_wrap=True)
    notes.add_column()
    for goal in goals:
        cell = user_text(goal["title"], "bold")
        cell.append(f"\n{fmt(goal['baseline'])} → ")
        cell.append(fmt(goal["current"]), style="bold")
        cell.append(f" → {fmt(goal['target'])} ")
        cell.append(user_text(goal["unit"], style="dim"))
        table.add_row(
            str(goal["id"]),
            cell,
            progress_bar(goal["progress"], goal["expected_progress"]),
            Text(goal["status"], style=STATUS_STYLE.get(goal["status"], "")),
            f"{goal['steps_done']}/{goal['steps_total']}",
            f"{goal['streak']}d",
            days_left_text(goal["days_left"]),
        )
        extra = extras.get(goal["id"])
        if extra and extra.latest_note:
            day, text = extra.latest_note
            notes.add_row(str(goal["id"]), day.isoformat(), user_text(text))
    if not notes.row_count:
        return table
    return Group(table, Text("Latest notes", style="bold"), notes, Text(""))


def mood_line(mood: dict[str, Any]) -> Text:
    from rich.text import Text

    line = Text("Mood  ", style="bold")
    for label, key in (("last 7 days", "last_7_avg"), ("last 30 days", "last_30_avg")):
        value = mood[key]
        line.append(f"{label}: ")
        line.append("no entries" if value is None else f"{value:.1f}/10", style="bold")
        line.append("   ")
    return line


def report_markdown(document: dict[str, Any], extras: dict[int, GoalExtras]) -> str:
    lines = [f"# Progress report — {document['as_of']}", "", "## Goals", ""]
    if not document["goals"]:
        lines.append("No goals to show.")
    for goal in document["goals"]:
        lines += [
            f"### {goal['id']}. {markdown_text(goal['title'])}",
            "",
            f"- **Where it stands:** {fmt(goal['baseline'])} → **{fmt(goal['current'])}** → "
            f"{fmt(goal['target'])} {markdown_text(goal['unit'])} ({goal['direction']})",
            f"- **Progress:** {goal['progress'] * 100:.0f}% "
            f"(expected by now: {goal['expected_progress'] * 100:.0f}%) — **{goal['status']}**",
            f"- **Dates:** started {goal['start_date']}, target {goal['target_date']} "
            f"({_days_left_words(goal['days_left'])})",
            f"- **Check-ins:** {goal['checkins']} (streak {goal['streak']} days, "
            f"last {goal['last_checkin'] or 'never'})",
            f"- **Steps done:** {goal['steps_done']} of {goal['steps_total']}",
        ]
        extra = extras.get(goal["id"])
        if extra and extra.latest_note:
            day, text = extra.latest_note
            lines.append(f"- **Latest note ({day.isoformat()}):** {markdown_text(text)}")
        lines.append("")
    mood = document["mood"]
    lines += ["## Mood", ""]
    for label, key in (("Last 7 days", "last_7_avg"), ("Last 30 days", "last_30_avg")):
        value = mood[key]
        lines.append(f"- {label}: {'no entries' if value is None else f'{value:.1f} / 10'}")
    if mood["series"]:
        lines += ["", "| Date | Mood |", "| --- | ---: |"]
        lines += [f"| {entry['date']} | {entry['mood']} |" for entry in mood["series"]]
    return "\n".join(lines) + "\n"


def plan_summary(plan: Any) -> RenderableType:
    """The intake plan as the client will confirm it."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = [Text("Your plan", style="bold underline")]
    about = Table.grid(padding=(0, 2))
    about.add_column(style="dim")
    about.add_column()
    about.add_row("Therapy", plan.therapy_type)
    about.add_row("Expectations", user_text(plan.expectations))
    about.add_row("Obstacles", user_text(plan.obstacles))
    about.add_row("Success feels like", user_text(plan.success_feels_like))
    about.add_row("Motivations", user_text(plan.motivations))
    if plan.support_contact:
        about.add_row("Support contact", user_text(plan.support_contact))
    parts.append(about)
    for number, goal in enumerate(plan.goals, start=1):
        table = Table.grid(padding=(0, 2))
        table.add_column(style="dim")
        table.add_column()
        table.add_row("Specific", user_text(goal.specific))
        measured = Text(f"{fmt(goal.baseline)} → {fmt(goal.target)} ")
        measured.append(user_text(goal.unit))
        measured.append(" (")
        measured.append(user_text(goal.measure))
        measured.append(")")
        table.add_row("Measurable", measured)
        table.add_row("Achievable", f"confidence {goal.confidence}/10")
        table.add_row("Relevant", user_text(goal.relevant))
        table.add_row("Time-bound", f"by {goal.target_date.isoformat()}")
        steps = Text()
        for position, step in enumerate(goal.steps, start=1):
            marker = (
                f" ← first, on {goal.first_step_on.isoformat()}"
                if position == goal.first_step
                else ""
            )
            steps.append(f"{position}. ")
            steps.append(user_text(step))
            steps.append(marker + ("\n" if position < len(goal.steps) else ""), style="bold")
        table.add_row("Steps", steps)
        parts += [
            Text(""),
            Text(f"Goal {number}: ", style="bold") + user_text(goal.title, "bold"),
            table,
        ]
    return Group(*parts)


def checkin_feedback(goal: dict[str, Any], day: Any, created: bool) -> Text:
    """One line after a check-in: where the goal stands now, and the streak."""
    from rich.text import Text

    line = Text("✓ " if created else "↻ ", style="green" if created else "cyan")
    line.append(user_text(goal["title"], "bold"))
    line.append(f": {fmt(goal['current'])} ")
    line.append(user_text(goal["unit"]))
    line.append(f", {goal['progress'] * 100:.0f}% of the way (")
    line.append(goal["status"], style=STATUS_STYLE.get(goal["status"], ""))
    line.append(f"); streak {goal['streak']} day{'s' if goal['streak'] != 1 else ''}")
    if not created:
        line.append(f" — updated the check-in for {day.isoformat()}", style="dim")
    return line


def goal_list(rows: list[dict[str, Any]]) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table(title_justify="left")
    table.add_column("Id", justify="right")
    table.add_column("Goal")
    table.add_column("Status")
    table.add_column("Start → target")
    table.add_column("Dates", no_wrap=True)
    for row in rows:
        measure = Text(f"{fmt(row['baseline'])} → {fmt(row['target'])} ")
        measure.append(user_text(row["unit"], "dim"))
        table.add_row(
            str(row["id"]),
            user_text(row["title"]),
            row["status"],
            measure,
            f"{row['start_date']} → {row['target_date']}",
        )
    return table
