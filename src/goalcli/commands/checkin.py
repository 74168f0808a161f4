"""`goal checkin list|remove`: a goal's check-ins, and taking back one entered by mistake (its
removal recorded in the goal's history)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from goalcli._lazy import GoalCommand, GoalSubGroup
from goalcli.commands._goal_rows import list_rows, remove_after_asking
from goalcli.commands._shared import GoalArgument, TableOrJson, TableOrJsonOption, find, past_day
from goalcli.core import dates
from goalcli.core.text import number, number_text, visible
from goalcli.errors import InputError
from goalcli.render import widgets

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from sqlmodel import Session

    from goalcli.storage.models import CheckIn, ExcusedDay, Goal

    # A check-in with the mood of its day (None: no mood that day); or a day excused
    # (`goal skip`), listed among them in date order.
    WithMood = tuple[CheckIn | ExcusedDay, int | None]

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
    """List a goal's check-ins, newest first, with the day's mood and the days excused."""
    list_rows(
        ctx,
        goal,
        output_format,
        heading="Check-ins",
        fetch=_with_moods,
        as_json=_checkin_json,
        table=_checkin_table,
        none_yet="None yet; `goal log` checks in.",
        in_json=_is_checkin,
    )


def _with_moods(session: Session, chosen: Goal) -> list[WithMood]:
    # SQLModel: deferred to keep --help and completion light
    from goalcli.storage import activation, checkins

    found = checkins.checkins_of(session, chosen.id or 0)
    moods = {entry.day: checkins.mood_on(session, entry.day) for entry in found}
    rows: list[WithMood] = [(entry, moods[entry.day]) for entry in found]
    # The days excused, in date order among the check-ins (newest first, as they are listed).
    rows += [(excused, None) for excused in activation.excused_of(session, chosen.id or 0)]
    return sorted(rows, key=lambda row: row[0].day, reverse=True)


def _is_checkin(row: WithMood) -> bool:
    """The JSON lists check-ins only, as it always has (the excused days travel in
    `goal export` and the report's `excused_days`)."""
    from goalcli.storage.models import CheckIn

    return isinstance(row[0], CheckIn)


def _checkin_json(row: WithMood) -> dict[str, Any]:
    from goalcli.storage.models import ExcusedDay

    entry, mood = row
    assert not isinstance(entry, ExcusedDay)  # kept out by _is_checkin
    return {
        "date": entry.day.isoformat(),
        "value": number(entry.value),
        "note": entry.note,
        "mood": mood,
        "pleasure": entry.pleasure,
        "mastery": entry.mastery,
    }


def _checkin_table(rows: list[WithMood]) -> Table:
    from rich.table import Table  # Rich tables: deferred, loaded only to show one

    from goalcli.storage.models import CheckIn, ExcusedDay

    table = Table(box=None)
    rated = any(
        isinstance(entry, CheckIn) and (entry.pleasure is not None or entry.mastery is not None)
        for entry, _ in rows
    )
    # Pleasure and mastery only when some check-in was rated: most goals never are.
    columns = (
        ("Date", "Value", "Mood", "P/M", "Note") if rated else ("Date", "Value", "Mood", "Note")
    )
    for column in columns:
        table.add_column(column)
    for entry, mood in rows:
        if isinstance(entry, ExcusedDay):
            # One "excused: ill" line in date order, its reason the client's own words.
            said = widgets.user_text(f"excused: {entry.reason}" if entry.reason else "excused")
            blanks = ["", "", ""] if rated else ["", ""]
            table.add_row(entry.day.isoformat(), *blanks, said)
            continue
        cells: list[RenderableType] = [
            entry.day.isoformat(),
            widgets.user_text(number_text(entry.value) if entry.value is not None else "–"),
            str(mood) if mood is not None else "–",
        ]
        if rated:
            cells.append(f"{_rating(entry.pleasure)}/{_rating(entry.mastery)}")
        table.add_row(*cells, widgets.user_text(entry.note or ""))
    return table


def _rating(value: int | None) -> str:
    return str(value) if value is not None else "–"


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
    from goalcli.storage import checkins  # SQLModel: deferred, as above

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

    def remove_it(session: Session) -> int | CheckIn:
        if mood_only:
            return checkins.remove_mood(session, day)
        return checkins.remove_checkin(session, chosen.id or 0, day, today)

    removed = remove_after_asking(
        database, visible(f"Remove {what}?"), yes=yes, what="Removing a check-in", remove=remove_it
    )
    if removed is not None:
        typer.echo(f"Removed {what}.")
