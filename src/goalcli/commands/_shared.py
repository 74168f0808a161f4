"""What several commands parse and check the same way, declared once so that they read and
behave alike: the GOAL argument and the goals it chooses, the shared options, a --date that
may not be in the future, options that need a GOAL, and the safety note.

Every command module imports this one, and `goal --help` and completion must stay fast: what
loads SQLModel (the storage entity modules) is imported inside the functions that use it.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from goalcli.cli import AppState, app_state
from goalcli.core import dates, safety
from goalcli.core.measures import all_measures
from goalcli.core.templates import TEMPLATES
from goalcli.errors import GoalError, InputError
from goalcli.render import screens, widgets
from goalcli.storage.files import check_output
from goalcli.storage.glance import goal_choices
from goalcli.storage.paths import configured_reader, resolve_path

# Imported inside the functions that use them: SQLModel (the storage entity modules, views)
# and Rich, which completion and --help must not load (tests/cli/test_startup.py).

if TYPE_CHECKING:
    from datetime import date

    from goalcli.core.voice import Reader
    from goalcli.storage.models import Goal
    from goalcli.storage.store import Store

GOAL_HELP = "Goal id or the start of its title."


def complete_goal(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Completion of GOAL: the ids (with their titles as help) of goals whose id or title starts
    with what was typed, read straight from the database, read-only (storage/glance.py)."""

    root = ctx.find_root().params
    try:
        path = resolve_path(root.get("db"), root.get("profile"))
    except Exception:  # a bad --profile: the command itself will say so
        return []
    return goal_choices(path, incomplete)


WHEN_WORDS = (
    "today", "yesterday", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "last monday", "next friday", "3 days ago", "in 2 weeks", "in 3 months",
)  # fmt: skip


def complete_when(incomplete: str) -> list[str]:
    """Completion of WHEN: the date words goalcli reads (core/dates.py)."""
    return [word for word in WHEN_WORDS if word.startswith(incomplete.lower())]


def complete_template(incomplete: str) -> list[tuple[str, str]]:
    """Completion of a template ID, with the template's title as help."""

    return [(t.id, t.title) for t in TEMPLATES if t.id.startswith(incomplete)]


def complete_measure(incomplete: str) -> list[tuple[str, str]]:
    """Completion of a questionnaire ID (phq9, gad7, who5), with its name as help."""

    return [(m.id, m.name) for m in all_measures() if m.id.startswith(incomplete.lower())]


GoalArgument = Annotated[
    str, typer.Argument(help=GOAL_HELP, show_default=False, autocompletion=complete_goal)
]


class TableOrJson(StrEnum):
    """The two ways most commands show what they found: a Rich table, or JSON for scripts."""

    table = "table"
    json = "json"


TableOrJsonOption = Annotated[TableOrJson, typer.Option("--format", help="How to show it.")]


def databases_in_use(ctx: typer.Context) -> tuple[Path, ...]:
    """The database file this command works on (none on a server), for the output guard."""
    state = ctx.find_root().obj
    return state.database_files if isinstance(state, AppState) else ()


def refuse_unsafe_output(ctx: typer.Context, output: Path | None) -> Path | None:
    """Every --output is checked as it is read, before anything runs: never the database in
    use, another database, goalcli's data folder or a folder (storage.files.check_output)."""
    if output is None or ctx.resilient_parsing:
        return output

    return check_output(output, databases=databases_in_use(ctx))


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (private, 0600) instead of the screen; never onto a database.",
        dir_okay=False,
        callback=refuse_unsafe_output,
    ),
]


def existing_database(ctx: typer.Context) -> Store:
    """The database; none yet is a plain "set up your goals first" (exit 1, nothing created)."""

    database: Store | None = app_state(ctx).database(create=False)
    if database is None:
        raise GoalError("There are no goals yet; set them up with `goal intake`.")
    return database


def find(ctx: typer.Context, reference: str) -> tuple[Store, Goal]:
    """The database and the goal GOAL names (id or unique title prefix), or exit 2."""
    from goalcli.storage import goals

    database = existing_database(ctx)
    with database.read() as session:
        return database, goals.find_goal(session, reference)


def choose_goals(
    ctx: typer.Context, reference: str | None, *, none_message: str
) -> tuple[Store, list[Goal]]:
    """The database and the goal GOAL names, or without GOAL every active goal; no goal at
    all is `none_message` (exit 1)."""
    from goalcli.storage import goals

    database = existing_database(ctx)
    with database.read() as session:
        chosen = (
            [goals.find_goal(session, reference)] if reference is not None else goals.goals(session)
        )
    if not chosen:
        raise GoalError(none_message)
    return database, chosen


def options_need_goal(reference: str | None, options: dict[str, object], *, hint: str = "") -> None:
    """Refuse (exit 2) options that are about one goal when no GOAL says which:
    "--a, --b and --c need a GOAL" and the hint. `options` maps each name to its value
    (None when not given)."""

    if reference is None and any(value is not None for value in options.values()):
        *first, last = options
        raise InputError(f"{', '.join(first)} and {last} need a GOAL{hint}.")


def past_day(when: str | None, today: date, *, in_the_future: str) -> date:
    """The day --date WHEN names (today without it); a day after today is refused (exit 2)
    with "DAY is in the future; " and `in_the_future`."""

    day = dates.parse_when(when, today=today, prefer="past") if when is not None else today
    if day > today:
        raise InputError(f"{day.isoformat()} is in the future; {in_the_future}.")
    return day


def check_started(goal: Goal, day: date) -> None:
    """Refuse (exit 2) a day before the goal started: nothing can have happened to it then."""

    if day < goal.start_date:
        raise InputError(
            f"{day.isoformat()} is before goal {goal.id} started ({goal.start_date.isoformat()})."
        )


class ReaderChoice(StrEnum):
    """Who reads what a command prints (see core.safety.Reader)."""

    client = "client"
    therapist = "therapist"


ReaderOption = Annotated[
    ReaderChoice | None,
    typer.Option(
        "--for",
        help="Who reads it: the safety note and talking points address the client, or speak "
        'about them for a therapist (default: reader in settings.toml, else "client").',
        show_default=False,
    ),
]


def chosen_reader(choice: ReaderChoice | None) -> Reader:
    """--for, else this machine's `reader` setting, else the client."""
    if choice is not None:
        return choice.value

    return configured_reader()  # type: ignore[return-value]


def maybe_show_safety_note(database: Store, today: date, reader: Reader | None = None) -> None:
    """The safety note from `goal log` and `goal report`, at most once a day, never blocking:
    printed on stderr (stdout may be JSON) if mood has stayed very low. Worded for `reader`
    (by default this machine's setting); shown to either, never hidden.

    The note comes first and recording it second: a database that cannot take the record
    (read-only, locked by another program, a full disk) costs at most seeing the note again
    tomorrow, never the note itself, a wait, or the exit status of what was already saved."""

    from goalcli.storage import checkins, goals, notices

    with database.read() as session:
        recent = checkins.recent_moods(session, today, safety.LOW_DAYS)
        if not safety.needs_note(recent, today) or notices.notice_shown(
            session, safety.NOTICE_KIND, today
        ):
            return
        intake = goals.latest_intake(session)
    reader = reader or chosen_reader(None)
    panel = screens.safety_panel(
        safety.note_text(intake.support_contact if intake else None, reader),
        safety.note_title(reader),
    )
    try:
        widgets.console(stderr=True).print(panel)
    except OSError:
        # stderr is closed: a person at a terminal still reads stdout.
        if not sys.stdout.isatty():
            return  # shown nowhere, so not recorded: it is shown next time
        widgets.console().print(panel)
    try:
        with database.write(bookkeeping=True) as session:
            notices.mark_notice_shown(session, safety.NOTICE_KIND, today)
    except GoalError:
        pass  # only the bookkeeping failed; the note was shown and it will be shown again


YOUNG_COLLECTION_THRESHOLD = 10_000
"""Allocations between collections of the youngest generation while a command reads and draws
much (Python's default is 700)."""


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect garbage less often while a command reads and draws many rows (the report on a
    long history), then as before. Each full collection searches every loaded module's
    objects, so they cost in proportion to what was imported, not to the garbage: at the
    default thresholds a report of 50 goals set off one more of them (about 30 ms) and many
    young ones, for almost no cycles to free. Memory is freed by reference counting as ever;
    the few cycles wait for the next collection."""

    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(young, YOUNG_COLLECTION_THRESHOLD), middle, old)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, old)
