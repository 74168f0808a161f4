"""The small screens: the intake plan to confirm, the line after a check-in, the goal list, the
line after a review, and the safety note."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from goalcli.core.text import amount, value_path
from goalcli.render.widgets import goal_streak, level_text, status_text, user_text

if TYPE_CHECKING:
    from datetime import date

    from rich.console import RenderableType
    from rich.text import Text

    from goalcli.core.plan import GoalPlan, IntakePlan
    from goalcli.views.report import GoalStanding


def plan_summary(plan: IntakePlan) -> RenderableType:
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
        parts += goal_summary(goal, number)
    return Group(*parts)


def goal_summary(goal: GoalPlan, number: int) -> list[RenderableType]:
    """One planned goal as the client will confirm it: a heading and its SMART parts."""
    from rich.table import Table
    from rich.text import Text

    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim")
    table.add_column()
    table.add_row("Specific", user_text(goal.specific))
    measured = user_text(value_path((goal.baseline, goal.target), goal.unit))
    measured.append(" (")
    measured.append(user_text(goal.measure))
    measured.append(")")
    table.add_row("Measurable", measured)
    table.add_row("Achievable", f"confidence {goal.confidence}/10")
    table.add_row("Relevant", user_text(goal.relevant))
    if goal.start_date is not None:
        table.add_row("Started", goal.start_date.isoformat())
    table.add_row("Time-bound", f"by {goal.target_date.isoformat()}")
    table.add_row("Check-ins", goal.frequency)
    table.add_row("Measured as", "a weekly total" if goal.kind == "weekly_total" else "a reading")
    steps = Text()
    for position, step in enumerate(goal.steps, start=1):
        marker = (
            f" ← first, on {goal.first_step_on.isoformat()}" if position == goal.first_step else ""
        )
        steps.append(f"{position}. ")
        steps.append(user_text(step))
        steps.append(marker + ("\n" if position < len(goal.steps) else ""), style="bold")
    table.add_row("Steps", steps)
    return [
        Text(""),
        Text(f"Goal {number}: ", style="bold") + user_text(goal.title, "bold"),
        table,
    ]


def checkin_feedback(
    goal: GoalStanding,
    day: date,
    created: bool,
    day_value: float | None = None,
    today: date | None = None,
) -> Text:
    """One line after a check-in: where the goal stands now, and the streak. A weekly total
    (pass the day's value) says the day's count and the week's: "3 today, 5 this week"."""
    from rich.text import Text

    weekly_total = goal["kind"] == "weekly_total" and day_value is not None
    line = Text("✓ " if created else "↻ ", style="green" if created else "cyan")
    line.append(user_text(goal["title"], "bold"))
    if weekly_total:
        on_day = "today" if day == today else f"on {day.isoformat()}"
        line.append(": ")
        line.append(
            user_text(
                f"{amount(day_value, goal['unit'])} {on_day}, "
                f"{amount(goal['level'], goal['unit'])} this week"
            )
        )
    else:
        line.append(": ")
        line.append(user_text(amount(goal["current"], goal["unit"])))
        if level := level_text(goal):
            line.append(f" ({level})")
    line.append(f", {goal['progress'] * 100:.0f}% of the way (")
    line.append(status_text(goal["status"]))
    line.append(f"); {goal_streak(goal)}")
    if not created:
        verb = "added to" if weekly_total else "updated"
        line.append(f" — {verb} the check-in for {day.isoformat()}", style="dim")
    return line


def goal_list(rows: Sequence[Mapping[str, Any]]) -> RenderableType:
    """`goal list`: one row per goal, from the rows its JSON prints. On a narrow terminal the
    dates wrap (start above target) so that the title never loses a letter."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Id", justify="right")
    table.add_column("Goal", overflow="fold")
    table.add_column("Status")
    table.add_column("Start → target")
    table.add_column("Dates", min_width=10)
    for row in rows:
        measure = user_text(value_path((row["baseline"], row["target"]), row["unit"]))
        table.add_row(
            str(row["id"]),
            user_text(row["title"]),
            row["status"],
            measure,
            f"{row['start_date']} → {row['target_date']}",
        )
    return table


def review_line(goal_id: int, title: str, gbo: int | None, change: int | None) -> Text:
    """One line after a review: the goal, its GBO rating and how far it moved."""
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


def safety_panel(lines: list[str], title: str = "A note for you") -> RenderableType:
    """The note shown after a run of low moods, with the client's support contact."""
    from rich.panel import Panel
    from rich.text import Text

    body = Text()
    for index, line in enumerate(lines):
        body.append(user_text(line))
        if index < len(lines) - 1:
            body.append("\n")
    return Panel(body, title=title, border_style="blue", expand=False)
