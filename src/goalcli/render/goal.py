"""Rich rendering for one goal (`goal show`, `goal step list`) and for goal histories.
User text is shown literally, as everywhere (see widgets.user_text)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from goalcli.core.text import number_text
from goalcli.render.widgets import (
    level_text,
    progress_bar,
    smart_marks,
    status_text,
    streak_text,
    user_text,
)

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from goalcli.views.goal import GoalDocument
    from goalcli.views.report import ChangeEntry

STATE_STYLE = {"active": "green", "paused": "yellow", "done": "bold green", "dropped": "dim"}


def sentence(text: str) -> str:
    """A history phrase as a sentence: capital first letter, full stop."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def state_label(state: str) -> Text:
    from rich.text import Text

    return Text(state, style=STATE_STYLE.get(state, ""))


def step_table(steps: Sequence[Mapping[str, Any]]) -> RenderableType:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    if not steps:
        return Text("No steps yet; `goal step add GOAL TEXT` adds one.", style="dim")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("#", justify="right")
    table.add_column("Step", ratio=1)
    table.add_column("Due", no_wrap=True)
    table.add_column("Done", no_wrap=True)
    for step in steps:
        done = step["done"]
        table.add_row(
            str(step["position"]),
            user_text(step["text"], "dim" if done else ""),
            step["due"] or "–",
            Text(f"✓ {done}", style="green") if done else Text("open", style="dim"),
        )
    return table


def goal_detail(document: GoalDocument) -> RenderableType:
    """The whole goal: its parts, where it stands, steps, recent check-ins and history."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    standing = document["standing"]
    heading = Text(f"{document['id']}. ", style="bold")
    heading.append(user_text(document["title"], "bold"))
    heading.append("  ")
    heading.append(state_label(document["goal_status"]))

    parts = Table.grid(padding=(0, 2))
    parts.add_column(style="dim", no_wrap=True)
    parts.add_column()
    parts.add_row("Specific", user_text(document["specific"]))
    measured = user_text(document["measure"])
    measured.append(f"\n{number_text(document['baseline'])} → ")
    measured.append(number_text(standing["current"]), style="bold")
    measured.append(f" → {number_text(document['target'])} ")
    measured.append(user_text(document["unit"]))
    measured.append(f" ({standing['direction']}; start → now → target)", style="dim")
    if level := level_text(standing):
        measured.append(f"\n{level}")
    parts.add_row("Measurable", measured)
    parts.add_row("Achievable", f"confidence {document['confidence']}/10")
    parts.add_row("Relevant", user_text(document["relevant"]))
    parts.add_row(
        "Time-bound",
        f"started {document['start_date']}, target {document['target_date']} "
        f"({_days_left(standing['days_left'])})",
    )
    progress = progress_bar(standing["progress"], standing["expected_progress"])
    progress.append("  ")
    progress.append(status_text(standing["status"]))
    parts.add_row("Progress", progress)
    last = standing["last_checkin"] or "never"
    parts.add_row(
        "Check-ins",
        f"{document['frequency']}; {standing['checkins']} so far, streak {streak_text(standing)}, "
        f"habit strength {standing['strength'] * 100:.0f}%, last {last}",
    )
    parts.add_row("SMART", smart_marks(standing["smart"]))

    items: list[RenderableType] = [heading, parts, Text(""), Text("Steps", style="bold")]
    items.append(step_table(document["steps"]))

    checkins = document["recent_checkins"]
    items.append(Text(f"Latest check-ins ({len(checkins)} shown)", style="bold"))
    if checkins:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("Date", no_wrap=True)
        table.add_column("Value", justify="right")
        table.add_column("Note", ratio=1)
        for checkin in checkins:
            table.add_row(
                checkin["date"], number_text(checkin["value"]), user_text(checkin["note"] or "")
            )
        items.append(table)
    else:
        items.append(Text("None yet; `goal log` checks in.", style="dim"))

    items.append(Text("History", style="bold"))
    items.append(history_lines(document["changes"], empty="No changes since it was set."))
    return Group(*items)


def history_lines(changes: list[ChangeEntry], empty: str = "") -> Text:
    """One line per recorded change, in plain words."""
    from rich.text import Text

    if not changes:
        return Text(empty, style="dim")
    lines = Text()
    for index, change in enumerate(changes):
        lines.append("  • ")
        lines.append(user_text(sentence(change["text"])))
        if index < len(changes) - 1:
            lines.append("\n")
    return lines


def _days_left(days: int) -> str:
    return f"{-days} days past it" if days < 0 else f"{days} days left"
