"""`goal report`: where each goal stands against where it should be by now."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


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
            "--since", metavar="WHEN", help="Count check-ins, notes and moods from this day."
        ),
    ] = None,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", help="How to show it.")
    ] = ReportFormat.table,
) -> None:
    """Show progress for each active goal, and your mood over the last 7 and 30 days."""
    from goalcli import dates, render, reporting, store
    from goalcli.errors import InputError

    today = dates.today()
    since_day = dates.parse_when(since, today=today, prefer="past") if since is not None else None
    if since_day is not None and since_day > today:
        raise InputError(f"--since {since_day.isoformat()} is in the future.")
    database = ctx.obj.database(create=False)
    if database is None:
        document, extras = {"as_of": today.isoformat(), "mood": _no_mood(), "goals": []}, {}
    else:
        with database.read() as session:
            chosen = [store.find_goal(session, goal)] if goal else store.goals(session)
            document, extras = reporting.build_report(session, today, goals=chosen, since=since_day)

    if output_format is ReportFormat.json:
        typer.echo(render.to_json(document))
    elif output_format is ReportFormat.markdown:
        typer.echo(render.report_markdown(document, extras), nl=False)
    else:
        out = render.console()
        if not document["goals"]:
            out.print("No active goals yet. Start with `goal intake`, or try `goal demo`.")
        else:
            title = f"Progress as of {document['as_of']}"
            if since_day:
                title += f" (check-ins since {since_day.isoformat()})"
            out.print(render.goal_table(document["goals"], extras, title))
        out.print(render.mood_line(document["mood"]))


def _no_mood() -> dict[str, object]:
    return {"last_7_avg": None, "last_30_avg": None, "series": []}
