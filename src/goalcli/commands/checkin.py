"""`goal checkin list|remove`: a goal's check-ins, and taking back one entered by mistake (its
removal recorded in the goal's history)."""

from __future__ import annotations

from typing import Annotated

import typer

from goalcli._lazy import GoalCommand, GoalSubGroup
from goalcli.commands._shared import GoalArgument, TableOrJson, TableOrJsonOption

app = typer.Typer(
    name="checkin",
    cls=GoalSubGroup,
    add_completion=False,
    help="List a goal's check-ins, or remove one (or a day's mood) entered by mistake.",
    no_args_is_help=True,
)


@app.command("list", cls=GoalCommand)
def list_checkins(
    ctx: typer.Context,
    goal: GoalArgument,
    output_format: TableOrJsonOption = TableOrJson.table,
) -> None:
    """List a goal's check-ins, newest first, with the day's mood."""
    from goalcli.commands._shared import find
    from goalcli.core.text import number, number_text, to_json
    from goalcli.render import widgets
    from goalcli.storage import checkins

    database, chosen = find(ctx, goal)
    with database.read() as session:
        found = checkins.checkins_of(session, chosen.id or 0)
        moods = {entry.day: checkins.mood_on(session, entry.day) for entry in found}
    rows = [
        {
            "date": entry.day.isoformat(),
            "value": number(entry.value),
            "note": entry.note,
            "mood": moods[entry.day],
        }
        for entry in found
    ]
    if output_format is TableOrJson.json:
        typer.echo(to_json(rows))
        return
    from rich.table import Table

    out = widgets.console()
    heading = widgets.user_text(f"Check-ins of goal {chosen.id}: ", "bold")
    heading.append(widgets.user_text(chosen.title, "bold"))
    out.print(heading)
    if not rows:
        out.print("None yet; `goal log` checks in.")
        return
    table = Table(box=None)
    for column in ("Date", "Value", "Mood", "Note"):
        table.add_column(column)
    for entry in found:
        table.add_row(
            entry.day.isoformat(),
            widgets.user_text(number_text(entry.value) if entry.value is not None else "–"),
            str(moods[entry.day]) if moods[entry.day] is not None else "–",
            widgets.user_text(entry.note or ""),
        )
    out.print(table)


@app.command("remove", cls=GoalCommand)
def remove(
    ctx: typer.Context,
    goal: GoalArgument,
    when: Annotated[
        str,
        typer.Option("--date", metavar="WHEN", help="The day of the entry.", show_default=False),
    ],
    mood_only: Annotated[
        bool, typer.Option("--mood-only", help="Remove only that day's mood.")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Remove it without asking (for scripts).")
    ] = False,
) -> None:
    """Remove a goal's check-in of a day (or, with --mood-only, that day's mood); asks first."""
    from goalcli import prompts
    from goalcli.commands._shared import find, past_day
    from goalcli.core import dates
    from goalcli.core.text import number_text, visible
    from goalcli.errors import InputError
    from goalcli.storage import checkins

    today = dates.today()
    day = past_day(when, today, in_the_future="there are no check-ins in the future")
    database, chosen = find(ctx, goal)
    with database.read() as session:
        mood = checkins.mood_on(session, day)
        entry = checkins.checkin_on(session, chosen.id or 0, day)
    if mood_only:
        if mood is None:
            raise InputError(f"There is no mood on {day.isoformat()}; nothing removed.")
        what = f"the mood {mood}/10 of {day.isoformat()}"
    else:
        if entry is None:
            raise InputError(
                f"Goal {chosen.id} has no check-in on {day.isoformat()}; `goal checkin list "
                f"{chosen.id}` shows its check-ins."
            )
        value = number_text(entry.value) if entry.value is not None else "no value"
        what = f"the check-in of goal {chosen.id} on {day.isoformat()} ({value})"
    if not prompts.confirm_destructive(
        visible(f"Remove {what}?"), yes=yes, what="Removing a check-in"
    ):
        typer.echo("Nothing was removed.")
        return
    with database.write() as session:
        if mood_only:
            checkins.remove_mood(session, day)
        else:
            checkins.remove_checkin(session, chosen.id or 0, day, today)
    typer.echo(f"Removed {what}.")
