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

from goalcli.core.progress.levels import UNKNOWN, status_words
from goalcli.core.progress.standing_words import smart_letters
from goalcli.core.text import NO_NUMBER, path_parts, visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from goalcli.core.progress.standing_words import SmartChecklist
    from goalcli.views.report import MoodDay
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


def days_left_text(days: int) -> str:
    return f"{-days}d over" if days < 0 else f"{days}d"
