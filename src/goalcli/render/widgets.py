"""The small pieces every screen is made of: the console, user text, progress bars, sparklines,
SMART marks and status colours. User text is always shown as typed: never read as markup, and
any character that could steer the terminal or reorder the line is shown as a visible escape
(core.text.visible)."""

from __future__ import annotations

import errno
import functools
import io
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from goalcli.core.progress import levels
from goalcli.core.progress.levels import (
    UNKNOWN,
    level_words,
    progress_judged,
    prorated,
    status_words,
)
from goalcli.core.text import (
    NO_NUMBER,
    amount,
    distance_words,
    number_text,
    path_parts,
    streak_words,
    visible,
)
from goalcli.core.voice import Reader

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from goalcli.views.report import MoodDay
    from goalcli.views.standing import GoalStanding, SmartChecklist
    from goalcli.views.timeline import WeekEntry

STATUS_STYLE = {
    "starting": "cyan",
    "achieved": "bold green",
    "ahead": "green",
    "on track": "cyan",
    "behind": "yellow",
    "overdue": "red",
    UNKNOWN: "yellow",
}
BAR_WIDTH = 10
SPARK = "▁▂▃▄▅▆▇█"


def console(*, stderr: bool = False, record: bool = False) -> Console:
    """A console for the terminal; with record=True, one that keeps its text for export_text()."""
    from rich.console import Console

    if record:
        return Console(file=io.StringIO(), record=True, width=100, highlight=False)
    return _console_class()(stderr=stderr, highlight=False, soft_wrap=False)


@functools.cache
def _console_class() -> type[Console]:
    from rich.console import Console

    class ReportingConsole(Console):
        """Rich ends the program itself (exit 1) when a pipe breaks; this hands the error to
        goalcli's boundary instead, which knows whether something was saved before it."""

        def on_broken_pipe(self) -> None:
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    return ReportingConsole


def user_text(text: str, style: str = "") -> Text:
    """Text the client wrote, as Rich Text: literal, with its lines kept and the rest escaped."""
    from rich.text import Text

    return Text(visible(text, keep_newlines=True), style=style)


def path_text(values: Sequence[float | None], unit: str) -> Text:
    """start → now → target (core.text.path_parts), with now in bold."""
    from rich.text import Text

    path = Text()
    for index, part in enumerate(path_parts(values, unit)):
        if index:
            path.append(" → ")
        path.append(user_text(part, "bold" if index == 1 and len(values) == 3 else ""))
    return path


def status_text(status: str) -> Text:
    """A progress status (ahead, behind, not enough check-ins...) in words, in its colour."""
    from rich.text import Text

    return Text(status_words(status), style=STATUS_STYLE.get(status, ""))


def sparkline(values: Sequence[float], low: float | None = None, high: float | None = None) -> str:
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


INCOMPLETE_MARK = "○"  # a week with too few days logged: its level is not drawn as a bar
NO_WEEK_MARK = "·"  # a week with nothing logged: never a 0
EXCUSED_WEEK_MARK = "×"  # a week whose days are all excused (`goal skip`): neither 0 nor missing


def all_excused(week: WeekEntry) -> bool:
    """Whether every day of the week that counts is excused."""
    return 0 < week["days_counted"] <= week["days_excused"]


def week_sparkline(weeks: Sequence[WeekEntry], baseline: float, target: float) -> str:
    """A weekly total's sparkline: one character a week (core.weeks), its level scaled between
    the baseline and the target (widened to the levels drawn). A week with nothing logged is
    NO_WEEK_MARK (EXCUSED_WEEK_MARK when its days are all excused); an incomplete week of a
    goal to lower something is INCOMPLETE_MARK, since its
    partial total would read as a fall (for a goal to raise something it is a lower bound,
    which can only understate, and keeps its bar)."""
    lowering = target < baseline

    def drawn(week: WeekEntry) -> bool:
        return week["level"] is not None and (week["complete"] or not lowering)

    levels = [float(week["level"]) for week in weeks if drawn(week) and week["level"] is not None]
    low = min([baseline, target, *levels])
    high = max([baseline, target, *levels])
    return "".join(
        sparkline([float(week["level"])], low, high)
        if drawn(week) and week["level"] is not None
        else (
            EXCUSED_WEEK_MARK
            if all_excused(week)
            else NO_WEEK_MARK
            if week["level"] is None
            else INCOMPLETE_MARK
        )
        for week in weeks
    )


def mood_sparkline(series: Sequence[MoodDay], as_of: str, days: int = 30) -> str:
    """The last `days` days, one character each; a blank day is a space."""
    end = date.fromisoformat(as_of)
    moods = {entry["date"]: entry["mood"] for entry in series}
    cells = []
    for offset in range(days - 1, -1, -1):
        mood = moods.get((end - timedelta(days=offset)).isoformat())
        cells.append(" " if mood is None else sparkline([mood], 0, 10))
    return "".join(cells)


def smart_letters(checklist: SmartChecklist) -> list[tuple[str, bool]]:
    """Each SMART letter and whether the goal meets it, in S, M, A, R, T order."""
    return [
        ("S", checklist["specific"]),
        ("M", checklist["measurable"]),
        ("A", checklist["achievable"]),
        ("R", checklist["relevant"]),
        ("T", checklist["time_bound"]),
    ]


def smart_marks(checklist: SmartChecklist) -> Text:
    from rich.text import Text

    marks = Text()
    for letter, ok in smart_letters(checklist):
        marks.append(f"{letter}{'✓' if ok else '✗'} ", style="green" if ok else "yellow")
    return marks


def progress_bar(done: float | None, expected: float, width: int = BAR_WIDTH) -> Text:
    """A bar filled to `done`, with ┃ where the goal should be by now; `done` None: a progress
    that cannot be judged (core.progress.levels.progress_judged), an empty bar and "–"."""
    from rich.text import Text

    filled = 0 if done is None else round(max(0.0, min(done, 1.0)) * width)
    mark = min(round(max(0.0, min(expected, 1.0)) * width), width - 1)
    bar = Text()
    for index in range(width):
        if index == mark:
            bar.append("┃", style="bold magenta")
        elif index < filled:
            bar.append("━", style="green")
        else:
            bar.append("─", style="dim")
    bar.append(f" {NO_NUMBER:>4}" if done is None else f" {done * 100:>3.0f}%")
    return bar


def judged(goal: GoalStanding) -> bool:
    """Whether the goal's level may be shown as progress (core.progress.levels.progress_judged)."""
    return progress_judged(goal["direction"], goal["status"])


def judged_progress(goal: GoalStanding) -> float | None:
    """The goal's progress, or None where it cannot be judged (its bar shows "–")."""
    return goal["progress"] if judged(goal) else None


def percent_text(goal: GoalStanding) -> str:
    """ "60%", or "–" where the progress cannot be judged."""
    shown = judged_progress(goal)
    return NO_NUMBER if shown is None else f"{shown * 100:.0f}%"


def now_value(goal: GoalStanding) -> float | None:
    """The "now" of start → now → target: a weekly total's 7-day level (never one day's
    count), a reading's latest value; None where a decrease goal's level cannot be judged."""
    if goal["kind"] != "weekly_total":
        return goal["current"]
    return goal["level"] if judged(goal) else None


def now_path(goal: GoalStanding) -> tuple[float | None, float | None, float | None]:
    """(start, now, target) for path_text and core.text.path_parts; a weekly total with days
    excused has its start and target prorated over the other days (to one decimal), as it is
    judged: the known days' total beside the whole week's would flatter a goal to lower
    something."""
    excused = _excused(goal)
    if not excused:
        return (goal["baseline"], now_value(goal), goal["target"])
    start, target = (round(prorated(goal[end], excused), 1) + 0.0 for end in ("baseline", "target"))
    return (start, now_value(goal), target)


def path_legend(goal: GoalStanding) -> str:
    """What the path's three figures are."""
    now = "last 7 days" if goal["kind"] == "weekly_total" else "now"
    excused = _excused(goal)
    over = f", over the {levels.WEEK_DAYS - excused} days not excused" if excused else ""
    return f"start → {now} → target{over}"


def _excused(goal: GoalStanding) -> int:
    """A weekly total's days excused among its 7, when some of its days are not (0 for a
    reading, and for a week all excused: nothing to prorate, it is not judged)."""
    excused = (goal["days_excused"] or 0) if goal["kind"] == "weekly_total" else 0
    return excused if excused < levels.WEEK_DAYS else 0


def distance_text(goal: GoalStanding, reader: Reader = "client") -> str:
    """How far the goal has come (core.text.distance_words), or why that cannot be said."""
    if goal["kind"] == "weekly_total" and (goal["days_excused"] or 0) >= levels.WEEK_DAYS:
        return "nothing to judge: every one of the last 7 days is excused"
    if not judged(goal):
        return f"{status_words(UNKNOWN)} to say how far it has come"
    excused = _excused(goal)
    if not excused:
        return distance_words(goal["baseline"], goal["target"], goal["level"], reader)
    # The known days' total against the start and the target prorated over the days not
    # excused (now_path), as it is judged: against the whole week's start it would flatter a goal
    # to lower something (5 drinks in 5 days is not "down 16" from 21 a week).
    start, _, target = now_path(goal)
    said = distance_words(start or 0.0, target or 0.0, goal["level"], reader)
    return f"{said} (over the {levels.WEEK_DAYS - excused} days not excused)"


def level_text(goal: GoalStanding) -> str:
    """The level, labelled, where it says more than "now" ("" where it does not): a weekly
    total's "last 7 days: 8" (core.progress.levels.level_words), a reading's "level 12.33"."""
    if goal["stale"]:
        return "level stale: no reading in 28 days"
    if goal["kind"] == "weekly_total":
        excused = goal["days_excused"] or 0
        return level_words(
            goal["kind"],
            goal["direction"],
            amount(goal["level"], goal["unit"]),
            goal["days_known"],
            goal["days_counted"] or 0,
            excused,
            amount(round(prorated(goal["target"], excused), 1) + 0.0, goal["unit"]),
        )
    if goal["level"] == goal["current"]:
        return ""
    return f"level {number_text(goal['level'])}"


def days_left_text(days: int) -> str:
    return f"{-days}d over" if days < 0 else f"{days}d"


def goal_streak(goal: GoalStanding) -> str:
    """'streak 3 days', 'streak 1 week': the streak in the goal's own rhythm."""
    return streak_words(goal["streak"], goal["streak_unit"])


def gas_level(value: int | None) -> str:
    """A GAS level as it is written: -2, -1, 0, +1, +2 ("–" for none)."""
    return NO_NUMBER if value is None else f"{value:+d}" if value else "0"
