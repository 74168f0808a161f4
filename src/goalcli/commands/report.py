"""`goal report`: where each goal stands against where it should be by now."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from goalcli.commands._shared import OutputOption

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from sqlmodel import Session

    from goalcli.storage.models import Goal

REPORT_CHANGES = 10  # the latest changes per goal that a report mentions...
CHANGES_WINDOW_DAYS = 30  # ...from --since, or else from this many days back (like the mood)


class ReportFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


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
) -> None:
    """Show progress for each active goal (--all: every goal), and your mood over 7 and 30 days."""
    from goalcli import render
    from goalcli.core import dates
    from goalcli.errors import InputError
    from goalcli.storage import store
    from goalcli.views import report as reporting

    today = dates.today()
    database = ctx.obj.database(create=False)
    since_day = None
    if since is not None and since.strip().lower() == "last-review":
        if database is not None:
            with database.read() as session:
                since_day = store.latest_review_day(session, today)
    elif since is not None:
        since_day = dates.parse_when(since, today=today, prefer="past")
        if since_day > today:
            raise InputError(f"--since {since_day.isoformat()} is in the future.")
    brief = None
    if database is None:
        document, extras = (
            {"as_of": today.isoformat(), "mood": _no_mood(), "review": None, "goals": []},
            {},
        )
    else:
        with database.read() as session:
            chosen = (
                [store.find_goal(session, goal)]
                if goal is not None
                else store.goals(session, include_all=show_all)
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
            )
            changes_since = since_day or today - timedelta(days=CHANGES_WINDOW_DAYS - 1)
            _add_history(session, document, chosen, changes_since)
            brief = reporting.intake_brief(session)
        from goalcli.commands._shared import maybe_show_safety_note

        maybe_show_safety_note(database, today)

    since_text = since_day.isoformat() if since_day else None
    if output_format is ReportFormat.json:
        text = render.to_json(document) + "\n"
    elif output_format is ReportFormat.markdown:
        text = render.report_markdown(document, extras, brief, since_text)
    else:
        text = None
    if text is not None:
        if output is not None:
            _write(output, text)
        else:
            typer.echo(text, nl=False)
        return
    out = render.console(record=output is not None)
    if not document["goals"]:
        out.print("No active goals yet. Start with `goal intake`, or try `goal demo`.")
    else:
        title = f"Progress as of {document['as_of']}"
        if since_day:
            title += f" (check-ins since {since_text})"
        out.print(render.goal_table(document["goals"], extras, title))
        from goalcli.render import goal as render_goal

        changes = render_goal.report_changes(document["goals"])
        if changes is not None:
            out.print(changes)
    out.print(render.mood_line(document["mood"], document["as_of"]))
    if output is not None:
        _write(output, out.export_text())


def _write(output: Path, text: str) -> None:
    """The report as a private file; the confirmation goes to stderr, away from the report."""
    from goalcli.storage.files import write_private

    write_private(output, text)
    typer.echo(f"Wrote the report to {output} (readable only by you).", err=True)


def _add_history(
    session: Session, document: dict[str, Any], goals: list[Goal], since: date
) -> None:
    """Each goal entry gains `goal_status` (active, done, paused, dropped) and `changes`: its
    recorded edits and status changes in the period, in plain words (optional JSON fields)."""
    from goalcli.storage import goal_store

    statuses = {goal.id: goal.status for goal in goals}
    for entry in document["goals"]:
        entry["goal_status"] = statuses.get(entry["id"], "active")
        entry["changes"] = goal_store.change_entries(
            goal_store.changes_of(session, entry["id"], since=since, limit=REPORT_CHANGES)
        )


def _no_mood() -> dict[str, object]:
    return {"last_7_avg": None, "last_30_avg": None, "series": []}
