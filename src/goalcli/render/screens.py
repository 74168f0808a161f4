"""The small screens: the intake plan to confirm, the line after a check-in, the goal list, the
line after a review, and the safety note."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from goalcli.core.progress import levels
from goalcli.core.progress.levels import UNKNOWN, status_words
from goalcli.core.progress.review_scores import gbo_deteriorated, gbo_meaningful
from goalcli.core.progress.standing_words import goal_streak, judged, level_text, percent_text
from goalcli.core.text import amount, number_text, value_path, visible
from goalcli.render.widgets import STATUS_STYLE, user_text

if TYPE_CHECKING:
    from datetime import date

    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

    from goalcli.core.plan import GoalPlan, IntakePlan
    from goalcli.views.standing import GoalFields, GoalStanding


def plan_summary(plan: IntakePlan, *, numbered: bool = False) -> RenderableType:
    """The intake plan as the client will confirm it. Numbered (the end of the interactive
    intake), every part the client can answer again carries its number (core.plan.summary_parts)
    and an empty support contact shows as "(none)"."""
    from rich.console import Group
    from rich.text import Text

    from goalcli.core.plan import summary_parts  # here: the check-in's line needs none of it

    numbers = (
        {part: number for number, part in enumerate(summary_parts(plan), start=1)}
        if numbered
        else None
    )
    rows: dict[str, tuple[str, RenderableType]] = {
        "therapy_type": ("Therapy", plan.therapy_type),
        "expectations": ("Expectations", user_text(plan.expectations)),
        "obstacles": ("Obstacles", user_text(plan.obstacles)),
        "success_feels_like": ("Success feels like", user_text(plan.success_feels_like)),
        "motivations": ("Motivations", user_text(plan.motivations)),
    }
    if plan.support_contact or numbered:
        rows["support_contact"] = (
            "Support contact",
            user_text(plan.support_contact) if plan.support_contact else "(none)",
        )
    if plan.measures is not None:
        rows["measures"] = ("Questionnaires", measures_words(plan.measures))
    parts: list[RenderableType] = [
        Text("Your plan", style="bold underline"),
        _rows(rows, {name: n for (goal, name), n in (numbers or {}).items() if goal is None}),
    ]
    for index, goal in enumerate(plan.goals):
        goal_numbers = (
            {name: n for (owner, name), n in numbers.items() if owner == index}
            if numbers is not None
            else None
        )
        parts += goal_summary(goal, index + 1, goal_numbers)
    return Group(*parts)


def measures_words(measure_ids: Sequence[str]) -> str:
    """The questionnaires chosen at intake, as the summary says them: "PHQ-9, GAD-7" or "none"."""
    from goalcli.core.measures import measure  # reads the questionnaires' files: only here

    return ", ".join(measure(measure_id).name for measure_id in measure_ids) or "none"


def _rows(rows: Mapping[str, tuple[str, RenderableType]], numbers: Mapping[str, int]) -> Table:
    """A grid of labelled rows; with numbers, each numbered row starts with its number (in a
    column as wide in every grid of the plan, so that the numbers line up)."""
    from rich.table import Table

    table = Table.grid(padding=(0, 2))
    if numbers:
        table.add_column(justify="right", style="bold", min_width=3)
    table.add_column(style="dim")
    table.add_column()
    for name, (label, value) in rows.items():
        if numbers:
            table.add_row(f"{numbers[name]}." if name in numbers else "", label, value)
        else:
            table.add_row(label, value)
    return table


def goal_summary(
    goal: GoalPlan, number: int, numbers: Mapping[str, int] | None = None
) -> list[RenderableType]:
    """One planned goal as the client will confirm it: a heading and its SMART parts. With
    `numbers` (part name -> its number in the plan), the title and the first step get rows of
    their own, so that each can be chosen."""
    from rich.text import Text

    rows: dict[str, tuple[str, RenderableType]] = {}
    if numbers:
        rows["title"] = ("Title", user_text(goal.title))
    rows["specific"] = ("Specific", user_text(goal.specific))
    measured = user_text(value_path((goal.baseline, goal.target), goal.unit))
    measured.append(" (")
    measured.append(user_text(goal.measure))
    measured.append(")")
    rows["measurable"] = ("Measurable", measured)
    rows["achievable"] = ("Achievable", f"confidence {goal.confidence}/10")
    rows["relevant"] = ("Relevant", user_text(goal.relevant))
    if goal.start_date is not None:
        rows["start_date"] = ("Started", goal.start_date.isoformat())
    rows["target_date"] = ("Time-bound", f"by {goal.target_date.isoformat()}")
    rows["frequency"] = ("Check-ins", goal.frequency)
    rows["kind"] = ("Measured as", "a weekly total" if goal.kind == "weekly_total" else "a reading")
    steps = Text()
    for position, step in enumerate(goal.steps, start=1):
        marker = (
            f" ← first, on {goal.first_step_on.isoformat()}" if position == goal.first_step else ""
        )
        steps.append(f"{position}. ")
        steps.append(user_text(step))
        expected = goal.predicted_pleasure.get(step)
        if expected is not None:  # behavioural activation: the guess, to compare once done
            steps.append(f" (expected pleasure {expected}/10)")
        steps.append(marker + ("\n" if position < len(goal.steps) else ""), style="bold")
    rows["steps"] = ("Steps", steps)
    if numbers:
        rows["first_step"] = (
            "First step",
            f"step {goal.first_step}, on {goal.first_step_on.isoformat()}",
        )
    return [
        Text(""),
        Text(f"Goal {number}: ", style="bold") + user_text(goal.title, "bold"),
        _rows(rows, numbers or {}),
    ]


CHECKIN_HEADER = "Check-in for {day:%A %d %B %Y}. Enter skips a question."
"""The interactive check-in's first line (commands/log.py; goalcli/hot/checkin.py asks it too)."""
MOOD_QUESTION = "Mood today (0-10{already})"
"""Its first question; `already` is MOOD_SAVED when the day has a mood, else empty."""
MOOD_SAVED = "; {mood} is saved for this day"

LOGGED = "✓ logged today"
NOT_LOGGED = "○ not logged today"
"""`goal status`'s line for a shell prompt (`--short`: its mark)."""


def checkin_feedback(
    goal: GoalStanding,
    day: date,
    created: bool,
    day_value: float | None = None,
    today: date | None = None,
) -> Text:
    """One line after a check-in: where the goal stands now, and the streak. A weekly total
    (pass the day's value) says the day's count and the 7 days' level: "3 today, last 7 days:
    5" (core.progress.levels.level_words); a percentage only where the level can be judged."""
    return styled(checkin_feedback_pieces(goal, day, created, day_value, today))


Pieces = tuple[str, list[tuple[str, str]]]
"""A line as its own style and its (text, style) pieces, the text already made visible."""


def styled(line: Pieces) -> Text:
    """The Rich Text of a line given as pieces."""
    from rich.text import Text

    line_style, pieces = line
    text = Text(style=line_style)
    for piece, style in pieces:
        text.append(piece, style=style)
    return text


class SavedRecord(Protocol):
    """What a save says (storage.saving.Saved): created or updated, and the value replaced."""

    @property
    def created(self) -> bool: ...

    @property
    def replaced(self) -> float | None: ...


def checkin_said(
    day: date,
    today: date,
    mood: int | None,
    mood_saved: SavedRecord | None,
    told: Sequence[tuple[str, SavedRecord, GoalStanding, float | None]],
) -> list[Pieces]:
    """What a check-in says it saved, line by line: the mood, then each goal's line (the goal's
    kind, what was saved, its standing now and its value on the day)."""
    lines: list[Pieces] = []
    if mood is not None and mood_saved is not None:
        verb = "Saved" if mood_saved.created else "Updated"
        was = was_now(mood_saved.replaced, mood)
        lines.append(("", [(f"{verb} mood {mood}/10 for {day.isoformat()}{was}.", "")]))
    if not told:
        if mood is None:
            lines.append(("", [("Nothing to save.", "")]))
        return lines
    for kind, result, entry, day_value in told:
        # A weekly total is told as the day's count and the 7 days' level: "3 today, last
        # 7 days: 5".
        weekly = day_value if kind == "weekly_total" else None
        lines.append(checkin_feedback_pieces(entry, day, result.created, weekly, today))
        if result.replaced is not None:
            replaced = f"  Replaced the value of {day.isoformat()}"
            lines.append(("", [(f"{replaced}{was_now(result.replaced, day_value)}.", "")]))
    return lines


def was_now(was: float | None, now: float | None) -> str:
    """ " (was 5, now 7)" after a replacement; nothing when nothing was replaced."""
    if was is None or now is None:
        return ""
    return f" (was {number_text(was)}, now {number_text(now)})"


def checkin_feedback_pieces(
    goal: GoalStanding,
    day: date,
    created: bool,
    day_value: float | None = None,
    today: date | None = None,
) -> tuple[str, list[tuple[str, str]]]:
    """checkin_feedback's line as its style and (text, style) pieces, user text made visible:
    what the flag form of `goal log` writes without importing Rich (render/plain.py)."""
    weekly_total = goal["kind"] == "weekly_total" and day_value is not None
    pieces = [("✓ " if created else "↻ ", ""), (visible(goal["title"], keep_newlines=True), "bold")]
    pieces.append((": ", ""))
    if weekly_total:
        on_day = "today" if day == today else f"on {day.isoformat()}"
        told = f"{amount(day_value, goal['unit'])} {on_day}, {level_text(goal)}"
        pieces.append((visible(told, keep_newlines=True), ""))
    else:
        pieces.append((visible(amount(goal["current"], goal["unit"]), keep_newlines=True), ""))
        if level := level_text(goal):
            pieces += [(" (", ""), (visible(level, keep_newlines=True), ""), (")", "")]
    if judged(goal):
        pieces.append((f", {percent_text(goal)} of the way", ""))
    if judged(goal) or goal["status"] != UNKNOWN or not weekly_total:  # else the level says it
        status = goal["status"]
        pieces += [(" (", ""), (status_words(status), STATUS_STYLE.get(status, "")), (")", "")]
    pieces.append((f"; {goal_streak(goal)}", ""))
    if not created:
        verb = "added to" if weekly_total else "updated"
        pieces.append((f" — {verb} the check-in for {day.isoformat()}", "dim"))
    return ("green" if created else "cyan"), pieces


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


def unusual_line(goal: GoalFields, day: date, day_value: float | None) -> str | None:
    """The sentence for a saved day's value that looks unusual for its goal; None if usual."""
    kind = levels.as_kind(goal.kind)
    if day_value is None or not levels.unusual_value(kind, goal.baseline, goal.target, day_value):
        return None
    what = levels.unusual_words(kind, amount(day_value, goal.unit))
    return visible(
        f"{what} looks unusual for goal {goal.id}; it is saved. If it is a "
        f"mistake, `goal checkin remove {goal.id} --date {day.isoformat()}` "
        "removes the day's check-in (`goal undo` puts back a value it replaced)."
    )
