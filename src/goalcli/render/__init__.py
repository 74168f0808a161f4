"""Rich tables, bars and Markdown. User text is always shown as typed: never read as markup,
and any control character that could steer the terminal is shown as a visible escape."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import date

    from rich.console import Console, RenderableType
    from rich.text import Text

    from goalcli.views.report import GoalExtras

# C0 controls (but newline), DEL and C1 controls: ESC and CSI could rewrite the screen.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
# Characters that can start emphasis, links, HTML, code or table cells in running text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")

STATUS_STYLE = {
    "achieved": "bold green",
    "ahead": "green",
    "on track": "cyan",
    "behind": "yellow",
    "overdue": "red",
}
BAR_WIDTH = 10


def number(value: float) -> int | float:
    """Whole numbers as ints (30, not 30.0), as a person would write them."""
    return int(value) if float(value).is_integer() else round(value, 4)


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


def console(*, stderr: bool = False, record: bool = False) -> Console:
    """A console for the terminal; with record=True, one that keeps its text for export_text()."""
    from rich.console import Console

    if record:
        import io

        return Console(file=io.StringIO(), record=True, width=100, highlight=False)
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def fmt(value: float | int | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:g}" if isinstance(value, float) else str(value)


SPARK = "▁▂▃▄▅▆▇█"
SMART_LETTERS = (
    ("S", "specific"),
    ("M", "measurable"),
    ("A", "achievable"),
    ("R", "relevant"),
    ("T", "time_bound"),
)


def sparkline(values: list[float], low: float | None = None, high: float | None = None) -> str:
    """One character per value, scaled between low and high (default: the values' range)."""
    if not values:
        return ""
    low = min(values) if low is None else low
    high = max(values) if high is None else high
    span = high - low
    if span <= 0:
        return SPARK[len(SPARK) // 2] * len(values)
    top = len(SPARK) - 1
    return "".join(SPARK[max(0, min(top, round((value - low) / span * top)))] for value in values)


def mood_sparkline(series: list[dict[str, Any]], as_of: str, days: int = 30) -> str:
    """The last `days` days, one character each; a blank day is a space."""
    from datetime import date, timedelta

    end = date.fromisoformat(as_of)
    moods = {entry["date"]: entry["mood"] for entry in series}
    cells = []
    for offset in range(days - 1, -1, -1):
        mood = moods.get((end - timedelta(days=offset)).isoformat())
        cells.append(" " if mood is None else sparkline([mood], 0, 10))
    return "".join(cells)


def smart_marks(checklist: dict[str, bool]) -> Text:
    from rich.text import Text

    marks = Text()
    for letter, key in SMART_LETTERS:
        ok = checklist.get(key, False)
        marks.append(f"{letter}{'✓' if ok else '✗'} ", style="green" if ok else "yellow")
    return marks


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
    table.add_column("Goal: start → now → target", ratio=1, min_width=16)
    table.add_column("Progress ┃=due", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Steps", justify="right")
    table.add_column("Streak\nhabit", justify="right", no_wrap=True)
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
        extra = extras.get(goal["id"])
        cell.append("\n")
        cell.append(smart_marks(goal.get("smart", {})))
        if extra and extra.trend:
            direction_low, direction_high = sorted((goal["baseline"], goal["target"]))
            cell.append(
                sparkline(
                    extra.trend, min(direction_low, *extra.trend), max(direction_high, *extra.trend)
                ),
                style="cyan",
            )
        table.add_row(
            str(goal["id"]),
            cell,
            progress_bar(goal["progress"], goal["expected_progress"]),
            _status_cell(goal),
            f"{goal['steps_done']}/{goal['steps_total']}",
            f"{goal['streak']}d {goal['strength'] * 100:.0f}%",
            days_left_text(goal["days_left"]),
        )
        if extra and extra.latest_note:
            day, text = extra.latest_note
            notes.add_row(str(goal["id"]), day.isoformat(), user_text(text))
    if not notes.row_count:
        return table
    return Group(table, Text("Latest notes", style="bold"), notes, Text(""))


def _status_cell(goal: dict[str, Any]) -> Text:
    """The progress status, and beneath it a goal's state when it is not active."""
    from rich.text import Text

    cell = Text(goal["status"], style=STATUS_STYLE.get(goal["status"], ""))
    state = goal.get("goal_status", "active")
    if state != "active":
        cell.append(f"\n({state})", style="dim")
    return cell


def mood_line(mood: dict[str, Any], as_of: str | None = None) -> Text:
    """Mood averages, and with `as_of` a sparkline of the last 30 days."""
    from rich.text import Text

    line = Text("Mood  ", style="bold")
    for label, key in (("last 7 days", "last_7_avg"), ("last 30 days", "last_30_avg")):
        value = mood[key]
        line.append(f"{label}: ")
        line.append("no entries" if value is None else f"{value:.1f}/10", style="bold")
        line.append("   ")
    if as_of and mood["series"]:
        line.append("\n30 days ", style="dim")
        line.append(mood_sparkline(mood["series"], as_of), style="magenta")
        line.append(" (0-10, blank = not logged)", style="dim")
    return line


def report_markdown(
    document: dict[str, Any],
    extras: dict[int, GoalExtras],
    brief: Any = None,
    since: str | None = None,
) -> str:
    """The page to bring to a session: the intake in brief, each goal, mood by week, and
    what is worth talking about. User text is escaped so it reads literally."""
    from datetime import date

    from goalcli.core.session import mood_by_week, talking_points

    period = f"since {since}" if since else "since each goal started"
    lines = [
        f"# Session report — {document['as_of']}",
        "",
        f"Check-ins, steps and notes {period}.",
        "",
    ]
    if brief is not None:
        lines += ["## In brief", ""]
        lines += [
            f"- **Therapy:** {brief.therapy_type}",
            f"- **Expectations:** {markdown_text(brief.expectations)}",
            f"- **What may get in the way:** {markdown_text(brief.obstacles)}",
            f"- **Success would feel like:** {markdown_text(brief.success_feels_like)}",
            f"- **Motivations:** {markdown_text(brief.motivations)}",
            "",
        ]
    review = document.get("review")
    if review:
        score = "–" if review["gas_t_score"] is None else f"{review['gas_t_score']:.1f}"
        lines += [f"Latest review: {review['date']}, GAS T-score {score} (50 = as expected).", ""]
    lines += ["## Goals", ""]
    if not document["goals"]:
        lines += ["No goals to show.", ""]
    for goal in document["goals"]:
        extra = extras.get(goal["id"])
        state = goal.get("goal_status", "active")
        lines += [
            f"### {goal['id']}. {markdown_text(goal['title'])}"
            + ("" if state == "active" else f" ({state})"),
            "",
            f"- **Where it stands:** {fmt(goal['baseline'])} → **{fmt(goal['current'])}** → "
            f"{fmt(goal['target'])} {markdown_text(goal['unit'])} ({goal['direction']})",
            f"- **Progress:** {goal['progress'] * 100:.0f}% "
            f"(expected by now: {goal['expected_progress'] * 100:.0f}%) — **{goal['status']}**",
            f"- **Dates:** started {goal['start_date']}, target {goal['target_date']} "
            f"({_days_left_words(goal['days_left'])})",
            f"- **Check-ins:** {goal['checkins']} (streak {goal['streak']} days, "
            f"last {goal['last_checkin'] or 'never'}); habit strength {goal['strength'] * 100:.0f}%",
            f"- **Steps done:** {goal['steps_done']} of {goal['steps_total']}",
        ]
        if goal.get("gas") is not None or goal.get("gbo") is not None:
            change = goal.get("gbo_change")
            shown_change = "" if change is None else f" (change {change:+d})"
            lines.append(
                f"- **Latest ratings:** GAS {_signed(goal.get('gas'))}, GBO {fmt(goal.get('gbo'))}{shown_change}"
            )
        if "smart" in goal:
            marks = " ".join(
                f"{letter} {'✓' if goal['smart'].get(key) else '✗'}"
                for letter, key in SMART_LETTERS
            )
            lines.append(f"- **SMART:** {marks}")
        if extra:
            start = since or goal["start_date"]
            done = [
                (pos, text, done)
                for pos, text, _, done in extra.steps
                if done and done.isoformat() >= start
            ]
            for position, text, day in done:
                lines.append(f"- Step {position} done {day.isoformat()}: {markdown_text(text)}")
            for day, text in extra.notes:
                lines.append(f"- Note {day.isoformat()}: {markdown_text(text)}")
        for change in goal.get("changes") or []:
            lines.append(f"- Changed: {markdown_text(change['text'])}")
        lines.append("")
    mood = document["mood"]
    lines += ["## Mood", ""]
    for label, key in (("Last 7 days", "last_7_avg"), ("Last 30 days", "last_30_avg")):
        value = mood[key]
        lines.append(f"- {label}: {'no entries' if value is None else f'{value:.1f} / 10'}")
    weeks = mood_by_week(mood["series"])
    if weeks:
        lines += ["", "| Week of | Average mood | Days logged |", "| --- | ---: | ---: |"]
        lines += [
            f"| {monday.isoformat()} | {average:.1f} | {count} |"
            for monday, average, count in weeks
        ]
    steps = {goal_id: extra.steps for goal_id, extra in extras.items()}
    # Goals paused, done or dropped (shown with --all) are not behind plan: there is no plan.
    active = [goal for goal in document["goals"] if goal.get("goal_status", "active") == "active"]
    points = talking_points(active, steps, mood["series"], date.fromisoformat(document["as_of"]))
    lines += ["", "## Worth talking about", ""]
    lines += [f"- {markdown_text(point)}" for point in points] or [
        "- Nothing stands out; bring what matters to you."
    ]
    return "\n".join(lines) + "\n"


def _signed(value: int | None) -> str:
    return "–" if value is None else f"{value:+d}"


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
        table.add_row("Check-ins", goal.frequency)
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


def checkin_feedback(goal: dict[str, Any], day: date, created: bool) -> Text:
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


def review_line(goal_id: int, title: str, gbo: int | None, change: int | None) -> Text:
    from rich.text import Text

    from goalcli.core.progress import gbo_deteriorated, gbo_meaningful

    line = Text(f"✓ {goal_id}. ")
    line.append(user_text(title, "bold"))
    if gbo is None:
        return line
    line.append(f": GBO {gbo}/10")
    if change is not None:
        line.append(f", {change:+d} since the first review")
        if gbo_meaningful(change):
            line.append(" (a meaningful improvement)", style="green")
        elif gbo_deteriorated(change):
            line.append(" (a meaningful drop)", style="yellow")
    return line


def safety_panel(lines: list[str]) -> RenderableType:
    from rich.panel import Panel
    from rich.text import Text

    body = Text()
    for index, line in enumerate(lines):
        body.append(user_text(line))
        if index < len(lines) - 1:
            body.append("\n")
    return Panel(body, title="A note for you", border_style="blue", expand=False)
