"""`goal step add|edit|remove|move|done|undo|list`: the steps towards one goal; every change
to a step is recorded in the goal's history."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from goalcli import prompts
from goalcli._lazy import GoalCommand, GoalSubGroup
from goalcli.commands._goal_rows import list_rows, remove_after_asking
from goalcli.commands._ratings import (
    ExpectPleasureOption,
    MasteryOption,
    PleasureOption,
    ask_expected_pleasure,
    rating_flags,
)
from goalcli.commands._shared import (
    GoalArgument,
    TableOrJson,
    TableOrJsonOption,
    check_started,
    complete_when,
    find,
    past_day,
)
from goalcli.core import dates, limits
from goalcli.core.text import visible
from goalcli.errors import InputError
from goalcli.render import goal as render_goal
from goalcli.render import widgets

if TYPE_CHECKING:
    from sqlmodel import Session

    from goalcli.storage.models import Goal

# Its group and commands defer Pydantic until a value needs it (see _lazy.py); completion is
# installed from `goal` itself, not from each sub-app.
app = typer.Typer(
    name="step",
    cls=GoalSubGroup,
    add_completion=False,
    help="Add, reword, remove, move, tick off, undo and list the steps towards a goal.",
    no_args_is_help=True,
)

NumberArgument = Annotated[
    str, typer.Argument(metavar="N", help="The step's number (see `goal step list`).")
]


def _position(raw: str) -> int:
    return prompts.parse_step_number(raw)


@app.command("add", cls=GoalCommand)
def add(
    ctx: typer.Context,
    goal: GoalArgument,
    text: Annotated[str, typer.Argument(help="What the step is.", show_default=False)],
    due: Annotated[
        str | None,
        typer.Option(
            "--due", metavar="WHEN", autocompletion=complete_when, help="When you mean to take it."
        ),
    ] = None,
    expect_pleasure: ExpectPleasureOption = None,
) -> None:
    """Add a step at the end of a goal's steps; at a terminal, without --expect-pleasure, it asks
    how much you expect to enjoy it (Enter skips)."""
    from goalcli.storage import steps  # SQLModel: deferred to keep --help and completion light

    today = dates.today()
    cleaned = limits.check_text(text, "step")
    # `-` (no prediction) is taken as an answer: nothing is asked, nothing is expected.
    expected = rating_flags(expected_pleasure=expect_pleasure)[0]["expected_pleasure"]
    due_on = dates.parse_when(due, today=today, prefer="future") if due is not None else None
    if due_on is not None and due_on < today:
        raise InputError(f"The due date {due_on.isoformat()} has passed; pick today or later.")
    database, chosen = find(ctx, goal)
    if expect_pleasure is None and prompts.at_terminal():
        # Asked once the goal is known, so a wrong GOAL is refused before any question.
        expected = ask_expected_pleasure()
    with database.write() as session:
        step = steps.add_step(session, chosen, cleaned, due_on)
        if expected is not None:
            step.expected_pleasure = expected  # part of the step added (undone with it)
            session.add(step)
    line = widgets.user_text(f"Added step {step.position} to goal {chosen.id}: ")
    line.append(widgets.user_text(cleaned))
    if due_on is not None:
        line.append(f" (due {due_on.isoformat()})")
    if expected is not None:
        line.append(f" (expected pleasure {expected}/10)")
    widgets.console().print(line)


@app.command("edit", cls=GoalCommand)
def edit(
    ctx: typer.Context,
    goal: GoalArgument,
    number: NumberArgument,
    text: Annotated[
        str | None, typer.Argument(help="The step's new wording.", show_default=False)
    ] = None,
    expect_pleasure: ExpectPleasureOption = None,
    pleasure: PleasureOption = None,
    mastery: MasteryOption = None,
) -> None:
    """Reword a step, change the pleasure you expect of it, or correct or remove (-) how a
    done step felt (each recorded in the goal's history; `goal undo` takes it back)."""
    from goalcli.storage import activation, steps  # SQLModel: deferred, as above

    today = dates.today()
    position = _position(number)
    cleaned = limits.check_text(text, "step") if text is not None else None
    ratings, cleared = rating_flags(
        expected_pleasure=expect_pleasure, pleasure=pleasure, mastery=mastery
    )
    if cleaned is None and not cleared and all(value is None for value in ratings.values()):
        raise InputError("Give the step's new wording, --expect-pleasure, --pleasure or --mastery.")
    database, chosen = find(ctx, goal)
    with database.write() as session:
        step = steps.step_at(session, chosen.id or 0, position)
        felt = [name for name in ("pleasure", "mastery") if ratings[name] is not None]
        if felt and step.done_on is None:
            raise InputError(
                f"Step {position} of goal {chosen.id} is not done yet; `goal step done "
                f"{chosen.id} {position} --{felt[0]} N` ticks it off with how it felt."
            )
        removed = [name for name in sorted(cleared) if getattr(step, name) is not None]
        old = (
            steps.edit_step(session, chosen.id or 0, position, cleaned, today)
            if cleaned is not None
            else None
        )
        rated = activation.rate_step(session, step, today, cleared=cleared, **ratings)
    if old is None and not rated:
        typer.echo(f"Step {position} of goal {chosen.id} already reads like that; nothing changed.")
        return
    if old is not None and cleaned is not None:
        line = widgets.user_text(f"Step {position} of goal {chosen.id} now reads: ")
        line.append(widgets.user_text(cleaned))
        widgets.console().print(line)
    if rated:
        typer.echo(f"Step {position} of goal {chosen.id}: {_rated_words(ratings, removed)}.")


def _rated_words(ratings: dict[str, int | None], removed: list[str]) -> str:
    """ "expected pleasure 4/10, mastery removed" for the ratings a command set and removed."""
    words = {"expected_pleasure": "expected pleasure", "pleasure": "pleasure", "mastery": "mastery"}
    parts = [f"{words[name]} {value}/10" for name, value in ratings.items() if value is not None]
    parts.extend(f"{words[name]} removed" for name in removed)
    return ", ".join(parts)


@app.command("remove", cls=GoalCommand)
def remove(
    ctx: typer.Context,
    goal: GoalArgument,
    number: NumberArgument,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Remove it without asking (for scripts).")
    ] = False,
) -> None:
    """Remove a step (asks first, or --yes); the later steps move up one place."""
    from goalcli.storage import steps  # SQLModel: deferred, as above

    today = dates.today()
    position = _position(number)
    database, chosen = find(ctx, goal)
    with database.read() as session:
        step = steps.step_at(session, chosen.id or 0, position)
    removed = remove_after_asking(
        database,
        f"Remove step {position} of goal {chosen.id}, {visible(step.text)!r}?",
        yes=yes,
        what="Removing a step",
        remove=lambda session: steps.remove_step(session, chosen.id or 0, position, today),
    )
    if removed is None:
        return
    line = widgets.user_text(f"Removed step {position} of goal {chosen.id}: ")
    line.append(widgets.user_text(removed.text))
    widgets.console().print(line)


@app.command("move", cls=GoalCommand)
def move(
    ctx: typer.Context,
    goal: GoalArgument,
    number: NumberArgument,
    to: Annotated[
        str, typer.Option("--to", metavar="M", help="The place it moves to.", show_default=False)
    ],
) -> None:
    """Move a step to another place in the order; the steps between shift by one."""
    from goalcli.storage import steps  # SQLModel: deferred, as above

    today = dates.today()
    position = _position(number)
    place = _position(to)
    database, chosen = find(ctx, goal)
    with database.write() as session:
        steps.move_step(session, chosen.id or 0, position, place, today)
    if place == position:
        typer.echo(f"Step {position} of goal {chosen.id} is already there; nothing changed.")
    else:
        typer.echo(f"Moved step {position} of goal {chosen.id} to place {place}.")


@app.command("done", cls=GoalCommand)
def done(
    ctx: typer.Context,
    goal: GoalArgument,
    number: NumberArgument,
    when: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="WHEN",
            autocompletion=complete_when,
            help="The day you did it, if not today.",
        ),
    ] = None,
    pleasure: PleasureOption = None,
    mastery: MasteryOption = None,
) -> None:
    """Mark a step as done (today, or --date), with how it felt if you like."""
    from goalcli.storage import activation, steps  # SQLModel: deferred, as above

    today = dates.today()
    position = _position(number)
    day = past_day(when, today, in_the_future="mark a step done once you did it")
    ratings, cleared = rating_flags(pleasure=pleasure, mastery=mastery)
    database, chosen = find(ctx, goal)
    check_started(chosen, day)
    with database.write() as session:
        step, changed = steps.mark_step(session, chosen.id or 0, position, day)
        removed = [name for name in sorted(cleared) if getattr(step, name) is not None]
        # A step done earlier may be rated now: how it felt is worth keeping either way.
        rated = activation.rate_step(session, step, today, cleared=cleared, **ratings)
        expected = step.expected_pleasure
    felt = _felt_words(ratings, expected, removed) if rated else ""
    if changed:
        typer.echo(f"Step {position} of goal {chosen.id} done on {day.isoformat()}{felt}.")
    elif rated:
        typer.echo(f"Step {position} of goal {chosen.id} rated{felt}.")
    else:
        done_on = step.done_on.isoformat() if step.done_on else "?"
        typer.echo(
            f"Step {position} of goal {chosen.id} was already done on {done_on}; nothing changed."
        )


def _felt_words(ratings: dict[str, int | None], expected: int | None, removed: list[str]) -> str:
    """ "; pleasure 7/10 (you expected 3/10), mastery 5/10" for the ratings just given, then
    "pleasure removed" for those removed."""
    parts = []
    if ratings["pleasure"] is not None:
        guess = f" (you expected {expected}/10)" if expected is not None else ""
        parts.append(f"pleasure {ratings['pleasure']}/10{guess}")
    if ratings["mastery"] is not None:
        parts.append(f"mastery {ratings['mastery']}/10")
    parts.extend(f"{name} removed" for name in removed)
    return "; " + ", ".join(parts) if parts else ""


@app.command("undo", cls=GoalCommand)
def undo(ctx: typer.Context, goal: GoalArgument, number: NumberArgument) -> None:
    """Mark a done step as not done again."""
    from goalcli.storage import steps  # SQLModel: deferred, as above

    position = _position(number)
    database, chosen = find(ctx, goal)
    with database.write() as session:
        _, was = steps.undo_step(session, chosen.id or 0, position)
    if was is None:
        typer.echo(f"Step {position} of goal {chosen.id} was not done; nothing changed.")
    else:
        typer.echo(
            f"Step {position} of goal {chosen.id} is open again (it was done {was.isoformat()})."
        )


@app.command("list", cls=GoalCommand)
def list_steps(
    ctx: typer.Context,
    goal: GoalArgument,
    output_format: TableOrJsonOption = TableOrJson.table,
) -> None:
    """List a goal's steps with their due and done dates."""
    list_rows(
        ctx,
        goal,
        output_format,
        heading="Steps",
        fetch=_step_rows,
        as_json=dict,
        table=render_goal.step_table,
    )


def _step_rows(session: Session, chosen: Goal) -> list[dict[str, Any]]:
    from goalcli.storage import steps  # SQLModel: deferred, as above

    return [
        {
            "position": step.position,
            "text": step.text,
            "due": step.due_on.isoformat() if step.due_on else None,
            "done": step.done_on.isoformat() if step.done_on else None,
            "expected_pleasure": step.expected_pleasure,
            "pleasure": step.pleasure,
            "mastery": step.mastery,
        }
        for step in steps.steps_of(session, chosen.id or 0)
    ]
