"""`goal patterns`: what goes with a better day (issue 27), honestly: core.patterns does the
maths; this reads the days and shows them."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from goalcli.cli import app_state
from goalcli.core import dates
from goalcli.core import patterns as core
from goalcli.core.text import to_json
from goalcli.errors import InputError

if TYPE_CHECKING:
    from sqlmodel import Session

DEFAULT_WEEKS = 8

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
    """Show what goes with a better day: mood with and without each step, goal and #tag."""
    today = dates.today()
    first = (
        today - timedelta(days=7 * DEFAULT_WEEKS - 1)
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
            moods, factors = _days(session, first, today)
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


TOP = 2
"""The session page (Markdown) carries this many of the strongest patterns shown."""


def top_lines(session: Session, today: date) -> list[str]:
    """The session page's patterns section: the TOP shown comparisons with the smallest
    corrected p over the default 8 weeks, or one line saying none stands out."""
    first = today - timedelta(days=7 * DEFAULT_WEEKS - 1)
    moods, factors = _days(session, first, today)
    found = core.compare(moods, factors)
    shown = sorted(
        (comparison for comparison in found if comparison.shown),
        key=lambda comparison: comparison.p_holm or 0.0,
    )[:TOP]
    if not shown:
        return [core.too_little(moods, found) or "None stands out from chance."]
    return [core.line(comparison) for comparison in shown]


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
            lines.append(
                f"{comparison.factor}{' (next day)' if comparison.lag else ''}: not compared, "
                f"{comparison.with_days} days with and {comparison.without_days} without "
                f"(needs {core.MIN_DAYS} on each side)."
            )
    return lines


def _document(
    first: date, today: date, moods: dict[date, int], found: list[core.Comparison]
) -> dict[str, Any]:
    return {
        "version": 1,
        "since": first.isoformat(),
        "as_of": today.isoformat(),
        "days_with_mood": len(moods),
        "comparisons": [
            {
                "factor": comparison.factor,
                "lag": comparison.lag,
                "with_days": comparison.with_days,
                "without_days": comparison.without_days,
                "with_mean": _round(comparison.with_mean),
                "without_mean": _round(comparison.without_mean),
                "p": _round(comparison.p, 4),
                "p_holm": _round(comparison.p_holm, 4),
                "exact": comparison.exact,
                "shown": comparison.shown,
            }
            for comparison in found
        ],
    }


def _round(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


def _days(session: Session, first: date, today: date) -> tuple[dict[date, int], list[core.Factor]]:
    """The moods from `first` to today, and every factor: a step done, each active goal's
    check-ins, each #tag of the notes."""
    from sqlmodel import col, select

    from goalcli.storage.models import CheckIn, Goal, Mood, Step

    moods = {
        row.day: row.mood
        for row in session.exec(select(Mood).where(Mood.day >= first, Mood.day <= today))
    }
    done_steps = session.exec(
        select(Step).where(
            col(Step.done_on).is_not(None), col(Step.done_on) >= first, col(Step.done_on) <= today
        )
    )
    step_days = frozenset(step.done_on for step in done_steps if step.done_on is not None)
    factors = [core.Factor("a step done", step_days)]
    checkins = session.exec(
        select(CheckIn).where(CheckIn.day >= first, CheckIn.day <= today).order_by(col(CheckIn.day))
    ).all()
    for goal in session.exec(select(Goal).where(Goal.status == "active").order_by(col(Goal.id))):
        readings = [
            (checkin.day, checkin.value)
            for checkin in checkins
            if checkin.goal_id == goal.id and checkin.value is not None
        ]
        factors.append(
            core.goal_factor(goal.title, goal.kind, goal.baseline, goal.target, readings)
        )
    tagged: dict[str, set[date]] = {}
    for checkin in checkins:
        for tag in core.tags(checkin.note or ""):
            tagged.setdefault(tag, set()).add(checkin.day)
    factors += [core.Factor(f"#{tag}", frozenset(days)) for tag, days in sorted(tagged.items())]
    return moods, factors
