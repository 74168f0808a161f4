"""`goal report`: where each goal stands against where it should be by now."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from goalcli.cli import app_state
from goalcli.commands._shared import (
    OutputOption,
    ReaderOption,
    chosen_reader,
    fewer_collections,
    maybe_show_safety_note,
)
from goalcli.core import dates, safety, voice
from goalcli.core.session import signal_words
from goalcli.core.signals import entries_line
from goalcli.core.text import to_json
from goalcli.errors import InputError
from goalcli.render import markdown, widgets
from goalcli.render import report as render_report
from goalcli.render.goal import activation_lines
from goalcli.render.html import report_html
from goalcli.render.measures import measures_table, risk_line
from goalcli.storage.files import write_output
from goalcli.storage.profiles import display_name, review_interval

# Imported inside the functions that use them: SQLModel (the storage entity modules, views)
# and Rich, which completion and --help must not load (tests/cli/test_startup.py).

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from sqlmodel import Session

    from goalcli.core.voice import Reader
    from goalcli.storage.store import Store
    from goalcli.views.report import Brief, GoalExtras, ReportDocument


EXAMPLES = {
    "report": """
goal report
goal report --goal walk --since "2 weeks ago"
goal report --format markdown -o session.md   to bring to a session
goal report --format html --since last-review --output session.html   the page to print
goal report --format json | jq .goals
"""
}
"""Shown at the end of `goal report --help`."""


class ReportFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


def report(
    ctx: typer.Context,
    goal: Annotated[
        str | None, typer.Option("--goal", help="Only this goal (id or start of its title).")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="WHEN|last-review",
            help="Count check-ins, notes and moods from this day (or the latest review).",
        ),
    ] = None,
    show_all: Annotated[
        bool,
        typer.Option("--all", "-a", help="Include goals that are done, paused or dropped."),
    ] = False,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", help="How to show it.")
    ] = ReportFormat.table,
    output: OutputOption = None,
    reader_choice: ReaderOption = None,
) -> None:
    """Show progress for each active goal (--all: every goal), and your mood over 7 and 30 days."""

    today = dates.today()
    reader = chosen_reader(reader_choice)
    database = app_state(ctx).database(create=False)
    with fewer_collections():
        since_day = _since_day(database, since, today)
        found = _gather(database, today, goal, show_all, since_day, output_format, reader)
        if database is not None:
            maybe_show_safety_note(database, today, reader)
        text = _document_text(found, output_format, since_day, today, reader, ctx)
        if text is None:
            _show_table(found, since_day, reader, output)
        elif output is not None:
            _write(output, text)
        else:
            typer.echo(text, nl=False)


@dataclass
class _Found:
    """What one report shows, read in one snapshot of the database."""

    document: ReportDocument
    extras: dict[int, GoalExtras] = field(default_factory=dict)
    brief: Brief | None = None
    review_every: int | None = None
    name: str | None = None
    safety_note: tuple[str, list[str]] | None = None


def _since_day(database: Store | None, since: str | None, today: date) -> date | None:
    """The first day --since counts: a date word, or the latest review's day."""
    from goalcli.storage import reviews

    if since is None:
        return None
    if since.strip().lower() == "last-review":
        if database is None:
            return None
        with database.read() as session:
            return reviews.latest_review_day(session, today)
    since_day = dates.parse_when(since, today=today, prefer="past")
    if since_day > today:
        raise InputError(f"--since {since_day.isoformat()} is in the future.")
    return since_day


def _gather(
    database: Store | None,
    today: date,
    goal: str | None,
    show_all: bool,
    since_day: date | None,
    output_format: ReportFormat,
    reader: Reader,
) -> _Found:
    """The report's document and what the chosen format adds to it (no database: empty)."""
    from goalcli.storage import goals
    from goalcli.views import report as reporting

    if database is None:
        return _Found(reporting.empty_report(today))
    with database.read() as session:
        chosen = (
            [goals.find_goal(session, goal)]
            if goal is not None
            else goals.goals(session, include_all=show_all)
        )
        # Only what the format shows: JSON has no extras, the table one note per goal.
        notes = {ReportFormat.json: 0, ReportFormat.table: 1}.get(
            output_format, reporting.SESSION_NOTES
        )
        document, extras = reporting.build_report(
            session,
            today,
            goals=chosen,
            since=since_day,
            notes=notes,
            trend=output_format is not ReportFormat.json,
            timeline=output_format in (ReportFormat.markdown, ReportFormat.html),
        )
        return _Found(
            document,
            extras,
            brief=reporting.intake_brief(session),
            review_every=review_interval(session),
            name=display_name(session),
            safety_note=_safety_note(session, today, reader)
            if output_format is ReportFormat.html
            else None,
        )


def _document_text(
    found: _Found,
    output_format: ReportFormat,
    since_day: date | None,
    today: date,
    reader: Reader,
    ctx: typer.Context,
) -> str | None:
    """The report as JSON, Markdown or HTML text; None for the table, which is printed."""
    from goalcli.views import report as reporting
    from goalcli.views.session import session_facts

    since_text = since_day.isoformat() if since_day else None
    if output_format is ReportFormat.json:
        return to_json(found.document) + "\n"
    facts = session_facts(found.document, found.extras, since_text, reader, found.review_every)
    if output_format is ReportFormat.markdown:
        return markdown.report_markdown(
            found.document, facts, found.brief, since_text, reader=reader
        )
    if output_format is ReportFormat.html:
        # The mood chart spans the period, or the 30 days the mood averages look at.
        mood_since = since_day or today - timedelta(days=reporting.MOOD_WINDOW_DAYS - 1)
        return report_html(
            found.document,
            facts,
            found.brief,
            since_text,
            reader=reader,
            name=found.name or app_state(ctx).location.profile,
            mood_since=mood_since.isoformat(),
            safety_note=found.safety_note,
        )
    return None


def _show_table(found: _Found, since_day: date | None, reader: Reader, output: Path | None) -> None:
    """The report as tables on the terminal (or, with --output, as their text in a file)."""

    document, extras = found.document, found.extras
    out = widgets.console(record=output is not None)
    risk = risk_line(document["measures"], reader)
    if risk is not None:  # a risk answer comes before everything else
        out.print(risk, style="bold", markup=False)
    # Signals: information after risk, never a verdict (statuses stay as they are). The
    # therapist reads them on one line; the client reads each one gently.
    if reader == "therapist":
        signals_line = entries_line(document["signals"])
        if signals_line:
            out.print(widgets.user_text(signals_line))
    else:
        for signal in document["signals"]:
            out.print(widgets.user_text(signal_words(signal, reader)))
    if not document["goals"]:
        out.print(voice.say("no_goals", reader))
    else:
        title = f"Progress as of {document['as_of']}"
        if since_day:
            title += f" (check-ins since {since_day.isoformat()})"
        out.print(render_report.goal_table(document["goals"], extras, title, width=out.width))
        changes = render_report.report_changes(document["goals"])
        if changes is not None:
            out.print(changes)
        activation = activation_lines(document["activation"])
        if activation is not None:
            out.print(activation)
    for line in render_report.member_ratings_lines(document["review"]):
        out.print(widgets.user_text(line))
    out.print(render_report.mood_line(document["mood"], document["as_of"]))
    patterns = render_report.pattern_lines(document["patterns"])
    if patterns is not None:
        out.print(patterns)
    if document["measures"]:
        out.print(measures_table(document["measures"], risk=False))
    if output is not None:
        _write(output, out.export_text())


def _safety_note(session: Session, today: date, reader: Reader) -> tuple[str, list[str]] | None:
    """The safety note's title and lines when mood has stayed very low (core.safety), for the
    printed page: a page read days later still says it, where the terminal's note is gone."""
    from goalcli.storage import checkins, goals

    if not safety.needs_note(checkins.recent_moods(session, today, safety.LOW_DAYS), today):
        return None
    intake = goals.latest_intake(session)
    contact = intake.support_contact if intake else None
    return safety.note_title(reader), safety.note_text(contact, reader)


def _write(output: Path, text: str) -> None:
    """The report as a private file, never onto a database (checked again now that it is
    written: storage.files.check_output); the confirmation goes to stderr, away from it."""

    write_output(output, text)
    typer.echo(f"Wrote the report to {output} (readable only by you).", err=True)
