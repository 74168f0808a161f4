"""Rich rendering for one goal (`goal show`, `goal step list`) and for goal histories.
User text is shown literally, as everywhere (see widgets.user_text)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from goalcli.core.activation import summary_lines
from goalcli.core.progress.standing_words import (
    distance_text,
    goal_streak,
    judged_progress,
    level_text,
    now_path,
    path_legend,
    rating_words,
)
from goalcli.core.text import amount, trend_words
from goalcli.render.chart import level_chart
from goalcli.render.widgets import path_text, progress_bar, smart_marks, status_text, user_text

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from goalcli.core.activation import ActivationSection
    from goalcli.views.goal import GoalDocument
    from goalcli.views.report import ChangeEntry
    from goalcli.views.timeline import ReviewEntry

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
    # Behavioural activation: expected and felt pleasure, and mastery, only once any is given.
    rated = any(
        step.get(name) is not None for step in steps for name in ("expected_pleasure", "pleasure")
    ) or any(step.get("mastery") is not None for step in steps)
    if rated:
        table.add_column("Pleasure", no_wrap=True)
        table.add_column("Mastery", no_wrap=True)
    for step in steps:
        done = step["done"]
        cells: list[RenderableType] = [
            str(step["position"]),
            user_text(step["text"], "dim" if done else ""),
            step["due"] or "–",
            Text(f"✓ {done}", style="green") if done else Text("open", style="dim"),
        ]
        if rated:
            cells.append(_pleasure_cell(step.get("expected_pleasure"), step.get("pleasure")))
            cells.append(f"{step['mastery']}/10" if step.get("mastery") is not None else "–")
        table.add_row(*cells)
    return table


def _pleasure_cell(expected: int | None, felt: int | None) -> str:
    """ "3 → 7/10": expected, then as it felt; either may be missing."""
    if expected is None:
        return f"{felt}/10" if felt is not None else "–"
    return f"{expected} → {felt}/10" if felt is not None else f"expected {expected}/10"


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
    baseline, target = document["baseline"], document["target"]
    measured = user_text(document["measure"])
    measured.append("\n")
    measured.append(path_text(now_path(standing), document["unit"]))
    measured.append(f" ({path_legend(standing)})", style="dim")
    if level := level_text(standing):
        measured.append("\n")
        measured.append(user_text(level))
    measured.append(f"\n{distance_text(standing)}")
    parts.add_row("Measurable", measured)
    parts.add_row("Achievable", f"confidence {document['confidence']}/10")
    parts.add_row("Relevant", user_text(document["relevant"]))
    parts.add_row(
        "Time-bound",
        f"started {document['start_date']}, target {document['target_date']} "
        f"({_days_left(standing['days_left'])})",
    )
    progress = progress_bar(judged_progress(standing), standing["expected_progress"])
    progress.append("  ")
    progress.append(status_text(standing["status"]))
    parts.add_row("Progress", progress)
    trend = standing["trend"]
    parts.add_row(
        "Trend",
        user_text(trend_words(trend["direction"], trend["per_week"], document["unit"]))
        if trend
        else Text("not enough check-ins yet to tell", style="dim"),
    )
    last = standing["last_checkin"] or "never"
    parts.add_row(
        "Check-ins",
        f"{document['frequency']}; {standing['checkins']} so far, {goal_streak(standing)}, "
        f"habit strength {standing['strength'] * 100:.0f}%, last {last}",
    )
    parts.add_row("SMART", smart_marks(standing["smart"]))
    if document["gas_levels"] is not None:
        parts.add_row("GAS guide", user_text("\n".join(gas_guide_lines(document["gas_levels"]))))

    items: list[RenderableType] = [heading, parts, Text("")]
    items += [level_chart(document["weeks"], baseline, target, document["start_date"]), Text("")]
    items.append(Text("Steps", style="bold"))
    items.append(step_table(document["steps"]))

    checkins = document["recent_checkins"]
    items.append(Text(f"Latest check-ins ({len(checkins)} shown)", style="bold"))
    if checkins or document["recent_excused"]:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("Date", no_wrap=True)
        table.add_column("Value", justify="right")
        table.add_column("Note", ratio=1)
        # The days excused among them, in date order (newest first): "excused: ill".
        rows: list[tuple[str, RenderableType, RenderableType]] = [
            (
                checkin["date"],
                user_text(
                    amount(checkin["value"], document["unit"])
                    if checkin["value"] is not None
                    else "–"
                ),
                user_text(checkin["note"] or ""),
            )
            for checkin in checkins
        ]
        rows += [
            (
                excused["date"],
                "",
                user_text(f"excused: {excused['reason']}" if excused["reason"] else "excused"),
            )
            for excused in document["recent_excused"]
        ]
        for row in sorted(rows, key=lambda row: row[0], reverse=True):
            table.add_row(*row)
        items.append(table)
    else:
        items.append(Text("None yet; `goal log` checks in.", style="dim"))

    items.append(Text("History", style="bold"))
    items.append(history_lines(document["changes"], empty="No changes since it was set."))
    items.append(Text("Reviews", style="bold"))
    items.append(review_lines(document["reviews"]))
    if document.get("activation"):
        items.append(Text(""))
        items.append(activation_lines(document["activation"]) or Text(""))
    return Group(*items)


def review_lines(reviews: Sequence[ReviewEntry]) -> Text:
    """Each review under its date: GAS level, GBO rating and its change since the first review,
    then what helped, what got in the way and the next step, as the client said them."""
    from rich.text import Text

    if not reviews:
        return Text("None yet; `goal review` rates the goals at a session.", style="dim")
    lines = Text()
    for index, review in enumerate(reviews):
        lines.append(f"  {review['date']}  ", style="bold")
        if review["member"] is not None:
            lines.append(user_text(f"{review['member']}: ", "bold"))
        lines.append(rating_words(review))
        for label, said in (
            ("helped", review["helped"]),
            ("got in the way", review["hindered"]),
            ("next step", review["next_step"]),
            ("note", review["note"]),
        ):
            if said:
                lines.append(f"\n    {label}: ", style="dim")
                lines.append(user_text(said))
        if index < len(reviews) - 1:
            lines.append("\n")
    return lines


def gas_guide_lines(descriptions: Sequence[str]) -> list[str]:
    """A GAS follow-up guide, +2 at the top as on a scale: "+1  Walks 4 days a week"."""
    from goalcli.core import gas

    return [
        f"{gas.label(level):>2}  {descriptions[gas.LEVELS.index(level)]}"
        for level in reversed(gas.LEVELS)
    ]


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


def activation_lines(section: ActivationSection | None) -> RenderableType | None:
    """ "Pleasure and mastery" beneath the table (core.activation.summary_lines), user text
    printed literally; None when nothing in the period was rated."""
    from rich.console import Group
    from rich.text import Text

    if not section:
        return None
    lines = [user_text(line) for line in summary_lines(section)]
    return Group(Text("Pleasure and mastery", style="bold"), *lines, Text(""))
