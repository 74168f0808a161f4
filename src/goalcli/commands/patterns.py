"""`goal patterns`: what goes with a better day (issue 27), honestly: core.patterns does the
maths; this reads the days and shows them."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import typer

from goalcli.cli import app_state
from goalcli.core import dates
from goalcli.core import patterns as core
from goalcli.core.text import to_json
from goalcli.errors import InputError

EXAMPLES = {
    "patterns": """
goal patterns
goal patterns --since "2 weeks ago" --all
goal patterns --format json | jq .comparisons
"""
}
"""Shown at the end of `goal patterns --help`."""


class PatternsFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


def patterns(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="WHEN", help="Compare the days from this one (default: 8 weeks)."
        ),
    ] = None,
    show_all: Annotated[
        bool,
        typer.Option("--all", "-a", help="Every comparison, with its counts and corrected p."),
    ] = False,
    output_format: Annotated[
        PatternsFormat, typer.Option("--format", help="How to show it.")
    ] = PatternsFormat.table,
) -> None:
    """Show what goes with a better day: mood with and without each step, goal, #tag and
    activity rated 7 or more."""
    today = dates.today()
    from goalcli.storage.patterns import pattern_days
    from goalcli.views.patterns import default_first

    first = (
        default_first(today)
        if since is None
        else dates.parse_when(since, today=today, prefer="past")
    )
    if first > today:
        raise InputError(f"--since {first.isoformat()} is in the future.")
    database = app_state(ctx).database(create=False)
    moods: dict[date, int] = {}
    factors: list[core.Factor] = []
    if database is not None:
        with database.read() as session:
            moods, factors = pattern_days(session, first, today)
    found = core.compare(moods, factors)
    shown = [comparison for comparison in found if show_all or comparison.shown]
    if output_format is PatternsFormat.json:
        typer.echo(to_json(_document(first, today, moods, found)))
        return
    lines = _lines(moods, found, shown, show_all)
    if output_format is PatternsFormat.markdown:
        from goalcli.render.markdown import markdown_text

        body = [f"- {markdown_text(text)}" for text in lines]
        typer.echo("\n".join([f"## Patterns ({first.isoformat()} to {today})", "", *body]))
        return
    from goalcli.render import widgets

    out = widgets.console()
    out.print(f"Patterns, {first.isoformat()} to {today.isoformat()}", style="bold", markup=False)
    for text in lines:
        out.print(widgets.user_text(text))


def _lines(
    moods: dict[date, int],
    found: list[core.Comparison],
    shown: list[core.Comparison],
    show_all: bool,
) -> list[str]:
    lacking = core.too_little(moods, found)
    if lacking is not None:
        return [lacking]
    if not shown:
        return [
            "No pattern stands out from chance (corrected p above 0.05); --all shows every "
            "comparison."
        ]
    lines = []
    for comparison in shown:
        if comparison.tested:
            lines.append(core.line(comparison))
        else:
            lines.append(core.not_compared_line(comparison))
    return lines


def _document(
    first: date, today: date, moods: dict[date, int], found: list[core.Comparison]
) -> dict[str, Any]:
    from goalcli.views.patterns import entry

    return {
        "version": 1,
        "since": first.isoformat(),
        "as_of": today.isoformat(),
        "days_with_mood": len(moods),
        "comparisons": [entry(comparison) for comparison in found],
    }
