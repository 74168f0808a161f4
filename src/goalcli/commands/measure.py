"""`goal measure list|take|history|remove|schedule`: standard questionnaires (PHQ-9, GAD-7,
WHO-5), scored as published; goalcli makes no diagnosis."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from goalcli import prompts
from goalcli._lazy import GoalCommand, GoalSubGroup
from goalcli.cli import app_state
from goalcli.commands._shared import (
    TableOrJson,
    TableOrJsonOption,
    complete_measure,
    existing_database,
    past_day,
)
from goalcli.core import dates, measures, safety
from goalcli.core.text import read_whole, to_json
from goalcli.errors import InputError, quote
from goalcli.render import screens, widgets
from goalcli.render.measures import measures_table

# Imported inside the functions that use them: SQLModel (the storage entity modules, views)
# and Rich, which completion and --help must not load (tests/cli/test_startup.py).

if TYPE_CHECKING:
    from datetime import date

    from goalcli.core.measures import Measure
    from goalcli.storage.store import Store

app = typer.Typer(
    name="measure",
    cls=GoalSubGroup,
    add_completion=False,
    help="Take standard questionnaires (PHQ-9, GAD-7, WHO-5) and see their scores over time.",
    no_args_is_help=True,
)

MeasureArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="phq9, gad7 or who5 (see `goal measure list`).",
        autocompletion=complete_measure,
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option("--date", metavar="WHEN", help="The day it was taken, if not today."),
]


def _measure(raw: str) -> Measure:

    return measures.measure(measures.known_id(raw))


def _parse_answers(raw: str, measure: Measure) -> tuple[list[int], int | None]:
    """`--answers 1,0,2,...`: one whole number per item, in order; for a measure with an unscored
    follow-up question (PHQ-9's tenth, on difficulty), optionally its answer after the items,
    given only when the items add up to more than 0 (when it is asked)."""

    parts = [part.strip() for part in raw.split(",")]
    items = len(measure.items)
    follow_top = len(measure.followup.answers) - 1 if measure.followup is not None else None
    if len(parts) != items and (follow_top is None or len(parts) != items + 1):
        also = (
            f" and, optionally, the unscored answer {items + 1} on difficulty (0 to {follow_top})"
            if follow_top is not None
            else ""
        )
        raise InputError(
            f"{measure.name} has {items} items{also}; --answers gave {len(parts)} "
            f"(write them like 1,0,2 in item order)."
        )
    answers = []
    for number, part in enumerate(parts, start=1):
        top = measure.top_answer if number <= items else (follow_top or 0)
        value = read_whole(part)
        if value is None or not 0 <= value <= top:
            raise InputError(
                f"Answer {number} ({quote(part)}) must be a whole number from 0 to {top}."
            )
        answers.append(value)
    if len(answers) == items:
        return answers, None
    scored = answers[:items]
    if not measure.asks_followup(scored):
        raise InputError(
            f"Answer {items + 1} (how difficult the problems made things) is given only when "
            f"the {items} items add up to more than 0; these add up to 0."
        )
    return scored, answers[items]


def _show_risk_note(database: Store | None) -> None:
    """The calm note after a risk answer: straight away, never blocking the questions."""
    from goalcli.storage import goals
    from goalcli.storage import measures as store

    support_contact = crisis_line = None
    if database is not None:
        with database.read() as session:
            intake = goals.latest_intake(session)
            support_contact = intake.support_contact if intake else None
            crisis_line = store.get_setting(session, store.CRISIS_LINE)
    lines = safety.risk_note_text(support_contact, crisis_line)
    widgets.console().print(screens.safety_panel(lines))


def _ask_answers(measure: Measure, database: Store | None) -> tuple[list[int], int | None]:
    """Every item, one at a time with the answers' labels; the risk note as soon as it is due."""

    out = widgets.console()
    out.print(widgets.user_text(f"{measure.name}: {measure.title}", style="bold"))
    out.print(widgets.user_text(measure.question))
    labels = "   ".join(f"{value} {label}" for value, label in enumerate(measure.answers))
    answers: list[int] = []
    for number, item in enumerate(measure.items, start=1):
        out.print()
        out.print(widgets.user_text(f"{number}/{len(measure.items)}. {item}"))
        out.print(widgets.user_text(labels), style="dim")
        answer = prompts.ask(
            "Answer",
            lambda raw: prompts.parse_whole(raw, "answer", 0, measure.top_answer),
        )
        answers.append(answer)
        if measure.risk_item == number and answer > 0:
            _show_risk_note(database)
    followup = None
    if measure.followup is not None and measure.asks_followup(answers):
        follow = measure.followup
        out.print()
        out.print(widgets.user_text(f"{follow.text} (not scored)"))
        out.print(
            widgets.user_text(
                "   ".join(f"{value} {label}" for value, label in enumerate(follow.answers))
            ),
            style="dim",
        )
        followup = prompts.ask(
            "Answer",
            lambda raw: prompts.parse_whole(raw, "answer", 0, len(follow.answers) - 1),
        )
    return answers, followup


@app.command("list", cls=GoalCommand)
def list_measures(ctx: typer.Context, output_format: TableOrJsonOption = TableOrJson.table) -> None:
    """List the measures, which ones you take regularly, and when each is next due."""
    from goalcli.storage import measures as store

    today = dates.today()
    database = app_state(ctx).database(create=False)
    scheduled: dict[str, int] = {}
    last: dict[str, date] = {}
    due: dict[str, date] = {}
    if database is not None:
        with database.read() as session:
            taken = store.taken_by_measure(session)
            last = {key: scores[-1].day for key, scores in taken.items()}
            for schedule in store.schedules(session):
                scheduled[schedule.measure] = schedule.every_days
                due[schedule.measure] = measures.next_due(
                    schedule.since, schedule.every_days, last.get(schedule.measure)
                )
    rows = [
        {
            "id": measure.id,
            "name": measure.name,
            "title": measure.title,
            "items": len(measure.items),
            "every_days": scheduled.get(measure.id),
            "last_taken": last[measure.id].isoformat() if measure.id in last else None,
            "next_due": due[measure.id].isoformat() if measure.id in due else None,
            "due": measure.id in due and due[measure.id] <= today,
        }
        for measure in measures.all_measures()
    ]
    if output_format is TableOrJson.json:
        typer.echo(to_json(rows))
        return
    from rich.table import Table

    table = Table(title_justify="left")
    for heading in ("Id", "Measure", "Items", "Every", "Last taken", "Next due"):
        table.add_column(heading)
    for row in rows:
        every = row["every_days"]
        next_due = row["next_due"] or "—"
        table.add_row(
            str(row["id"]),
            f"{row['name']} ({row['title']})",
            str(row["items"]),
            f"{every} days" if every else "—",
            str(row["last_taken"] or "—"),
            f"{next_due} (due now)" if row["due"] else str(next_due),
        )
    out = widgets.console()
    out.print(table)
    out.print("Take one with `goal measure take ID`; choose yours with `goal measure schedule`.")


@app.command("take", cls=GoalCommand)
def take(
    ctx: typer.Context,
    measure_id: MeasureArgument,
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            metavar="N,N,...",
            help="Every item's answer in order, for scripts (e.g. 1,0,2,...); PHQ-9 takes "
            "a tenth, its unscored difficulty answer 0-3, when the total is above 0.",
        ),
    ] = None,
    when: DateOption = None,
    yes: Annotated[
        bool, typer.Option("--yes", help="Replace one already taken that day without asking.")
    ] = False,
) -> None:
    """Answer a questionnaire, one item at a time (Ctrl-C saves nothing)."""
    from goalcli.storage import measures as store

    measure = _measure(measure_id)
    today = dates.today()
    day = past_day(when, today, in_the_future="take it on the day it is about")
    given, followup = _parse_answers(answers, measure) if answers is not None else (None, None)
    if given is None and not prompts.stdin_is_terminal():
        raise InputError(
            f"Answering {measure.name} needs a terminal; give --answers N,N,... from a script."
        )
    # Created only when the answers are saved: Ctrl-C before then leaves no new file behind.
    database = app_state(ctx).database(create=False)
    earlier = None
    if database is not None:
        with database.read() as session:
            earlier = store.score_on(session, measure.id, day)
    kept = " Its risk answer stays on record." if earlier is not None and earlier.risk else ""
    if earlier is not None and not prompts.confirm_destructive(
        f"{measure.name} was already taken on {day.isoformat()} (score {earlier.total}).{kept} "
        "Replace it with new answers (`goal undo` puts them back)?",
        yes=yes,
        what=f"Replacing the {measure.name} taken on {day.isoformat()}",
    ):
        typer.echo("Kept the earlier answers; nothing changed.")
        return
    if given is None:
        given, followup = _ask_answers(measure, database)
    elif measure.risk(given):
        _show_risk_note(database)
    with app_state(ctx).database(create=True).write() as session:
        store.save_score(session, measure, day, given, followup)
    total = measure.total(given)
    percent = measure.percent(total)
    shown = f"{total} of {measure.top_total}" + (f" ({percent}%)" if percent is not None else "")
    widgets.console().print(
        f"Saved {measure.name} for {day.isoformat()}: {shown}, {measure.band(total)}. "
        "A score, not a diagnosis."
    )


@app.command("history", cls=GoalCommand)
def history(
    ctx: typer.Context,
    measure_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="Only this measure.",
            show_default=False,
            autocompletion=complete_measure,
        ),
    ] = None,
    output_format: TableOrJsonOption = TableOrJson.table,
) -> None:
    """Show each measure's scores over time, with bands, changes and risk flags."""
    from goalcli.views.measures import MeasuresDocument, build_measures

    only = _measure(measure_id).id if measure_id is not None else None
    database = app_state(ctx).database(create=False)
    document: MeasuresDocument = {}
    if database is not None:
        with database.read() as session:
            document = build_measures(session, only)
    if output_format is TableOrJson.json:
        typer.echo(to_json(document))
        return
    if not document:
        widgets.console().print("No questionnaires taken yet. Start with `goal measure take phq9`.")
        return
    widgets.console().print(measures_table(document))


@app.command("remove", cls=GoalCommand)
def remove(
    ctx: typer.Context,
    measure_id: MeasureArgument,
    when: Annotated[
        str,
        typer.Option("--date", metavar="WHEN", help="The day it was taken.", show_default=False),
    ],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Remove it without asking (for scripts).")
    ] = False,
) -> None:
    """Remove a questionnaire taken on one day (taken by mistake, or for someone else); asks
    first, and `goal undo` puts it back."""
    from goalcli.storage import measures as store

    measure = _measure(measure_id)
    day = past_day(when, dates.today(), in_the_future="nothing was taken then yet")
    database = existing_database(ctx)
    with database.read() as session:
        earlier = store.score_on(session, measure.id, day)
    if earlier is None:
        raise InputError(f"No {measure.name} was taken on {day.isoformat()}; nothing removed.")
    risk = " It holds a risk answer." if earlier.risk else ""
    if not prompts.confirm_destructive(
        f"Remove the {measure.name} taken on {day.isoformat()} (score {earlier.total})?{risk}",
        yes=yes,
        what=f"Removing the {measure.name} taken on {day.isoformat()}",
    ):
        typer.echo("Kept it; nothing changed.")
        return
    with database.write() as session:
        removed = store.remove_score(session, measure.id, day)
    if not removed:
        raise InputError(f"No {measure.name} was taken on {day.isoformat()}; nothing removed.")
    typer.echo(f"Removed the {measure.name} taken on {day.isoformat()}; `goal undo` puts it back.")


@app.command("schedule", cls=GoalCommand)
def schedule(
    ctx: typer.Context,
    measure_ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID]...",
            help="The measures to take regularly.",
            show_default=False,
            autocompletion=complete_measure,
        ),
    ] = None,
    every: Annotated[
        int | None,
        typer.Option("--every", metavar="DAYS", help="How often, in days (default 14)."),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Take none regularly.")] = False,
) -> None:
    """Choose the measures you take regularly (every 14 days unless --every); none: show them."""
    from goalcli.storage import measures as store

    chosen = [_measure(raw).id for raw in measure_ids or []]
    if clear and chosen:
        raise InputError("Give measures or --clear, not both.")
    if every is not None and not 1 <= every <= 365:
        raise InputError(f"--every must be from 1 to 365 days (got {every}).")
    if not chosen and not clear:
        database = app_state(ctx).database(create=False)
        current = []
        if database is not None:
            with database.read() as session:
                current = store.schedules(session)
        if not current:
            typer.echo("No measures scheduled. Choose some: `goal measure schedule phq9 gad7`.")
        for item in current:
            name = measures.measure(item.measure).name
            typer.echo(f"{name}: every {item.every_days} days")
        return
    database = app_state(ctx).database(create=True)
    every_days = every or measures.DEFAULT_EVERY_DAYS
    unique = list(dict.fromkeys(chosen))
    with database.write() as session:
        store.set_schedule(session, unique, every_days, dates.today())
    if not unique:
        typer.echo("No measures are scheduled now.")
        return
    names = ", ".join(measures.measure(measure_id).name for measure_id in unique)
    typer.echo(f"Scheduled {names} every {every_days} days, starting today.")
