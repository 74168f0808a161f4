"""The standard measures in Rich and Markdown: risk flags first, then each measure's scores over
time with bands and change markers. Renders views.measures documents; no storage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from goalcli.core import voice

if TYPE_CHECKING:
    from rich.console import RenderableType

    from goalcli.core.voice import Reader
    from goalcli.views.measures import MeasureCourse, MeasuresDocument, ScoreEntry

NO_DIAGNOSIS = "Scores and bands are the published ranges of each questionnaire, not a diagnosis."


def courses(document: MeasuresDocument) -> list[MeasureCourse]:
    return [course for key, course in document.items() if key != "recovery"]  # type: ignore[misc]


def risk_days(document: MeasuresDocument) -> list[tuple[str, str]]:
    """(measure name, date) of every risk flag, newest first."""
    flags = [(course["name"], day) for course in courses(document) for day in course["risk"]]
    return sorted(flags, key=lambda flag: flag[1], reverse=True)


def risk_line(document: MeasuresDocument, reader: Reader = "client") -> str | None:
    flags = risk_days(document)
    if not flags:
        return None
    days = ", ".join(f"{day} ({name})" for name, day in flags)
    return voice.say("risk_flags", reader, days=days)


def change_marker(previous: int | None, total: int) -> str:
    """The step from the previous score: ▲ up, ▼ down, = the same."""
    if previous is None:
        return ""
    step = total - previous
    if step == 0:
        return "="
    return f"▲{step}" if step > 0 else f"▼{-step}"


def reliable_words(course: MeasureCourse) -> str:
    if len(course["scores"]) < 2:
        return "one score so far"
    change = course["change"]
    since = (
        f"{change:+d} since {course['first']['date']}"
        if change
        else f"no change since {course['first']['date']}"
    )
    if course["reliable"] is None:
        return f"{since}: not a reliable change"
    return f"{since}: reliable {course['reliable']}"


def _score_text(entry: ScoreEntry, top: int) -> str:
    """ "12/27", or WHO-5's raw total with its percentage: "13/25 (52%)"."""
    percent = entry["percent"]
    return f"{entry['total']}/{top}" + (f" ({percent}%)" if percent is not None else "")


def measures_table(
    document: MeasuresDocument, *, risk: bool = True, reader: Reader = "client"
) -> RenderableType:
    """Every measure's scores over time, the risk flags first (unless shown already)."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = []
    warning = risk_line(document, reader) if risk else None
    if warning is not None:
        parts.append(Text(warning, style="bold"))
    for course in courses(document):
        # The same open table as the goals': no side borders, so at 60 columns the room goes
        # to whole dates and words rather than to lines between them.
        table = Table(
            title=f"{course['name']}: {reliable_words(course)}",
            title_justify="left",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
        )
        # PHQ-9's unscored difficulty answer, in a column of its own once one was given.
        difficulty = any(entry["followup_label"] for entry in course["scores"])
        for heading in (
            "Date",
            "Score",
            "Band",
            "Change",
            *(["Difficulty"] if difficulty else []),
            "",
        ):
            # A date is shown whole (2026-11-03, never 2026-11…) at any width, and so is every
            # heading; the answers' words wrap instead.
            dated = heading == "Date"
            table.add_column(
                heading, no_wrap=dated, min_width=len("2026-11-03") if dated else len(heading)
            )
        previous: int | None = None
        for entry in course["scores"]:
            table.add_row(
                entry["date"],
                _score_text(entry, course["top_total"]),
                entry["band"],
                change_marker(previous, entry["total"]),
                *([entry["followup_label"] or ""] if difficulty else []),
                "risk item" if entry["risk"] else "",
            )
            previous = entry["total"]
        parts.append(table)
    recovery = document.get("recovery")
    if recovery is not None:
        parts.append(Text(recovery_words(document)))
    parts.append(Text(NO_DIAGNOSIS, style="dim"))
    return Group(*parts)


def recovery_words(document: MeasuresDocument) -> str:
    recovery = document.get("recovery")
    if recovery is None:
        return ""
    if not recovery["at_caseness_first"]:
        return "Recovery (NHS Talking Therapies): not counted, the first PHQ-9 and GAD-7 were below caseness."
    if recovery["reliable_recovery"]:
        outcome = "reliable recovery"
    elif recovery["recovered"]:
        outcome = "recovered, not reliably improved"
    elif recovery["reliable_improvement"]:
        outcome = "reliable improvement, not yet below caseness on both"
    else:
        outcome = "not recovered"
    return f"Recovery (NHS Talking Therapies): {outcome}."


def risk_markdown(document: MeasuresDocument, reader: Reader = "client") -> list[str]:
    """The risk flags, for the very top of the session page."""
    warning = risk_line(document, reader)
    return [] if warning is None else [f"**{warning}**", ""]


def measures_markdown(document: MeasuresDocument) -> list[str]:
    """The session page's section: a table per measure (the risk flags go at the top)."""
    if not courses(document):
        return []
    lines = ["## Questionnaires", ""]
    for course in courses(document):
        lines += [f"### {course['name']}: {reliable_words(course)}", ""]
        lines += ["| Date | Score | Band | Change | |", "|---|---|---|---|---|"]
        previous: int | None = None
        for entry in course["scores"]:
            marker = change_marker(previous, entry["total"])
            risk = "risk item" if entry["risk"] else ""
            score = _score_text(entry, course["top_total"])
            lines.append(f"| {entry['date']} | {score} | {entry['band']} | {marker} | {risk} |")
            previous = entry["total"]
        lines.append("")
    if "recovery" in document:
        lines += [recovery_words(document), ""]
    lines += [f"_{NO_DIAGNOSIS}_", ""]
    return lines
