"""`goal reviews list|remove`: a goal's session reviews, and taking back one given by mistake
(its removal recorded in the goal's history, so `goal undo` can bring it back). Correcting a
review is `goal review GOAL --date WHEN` again: it says what it replaced."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from goalcli._lazy import GoalCommand, GoalSubGroup
from goalcli.commands._goal_rows import list_rows, remove_after_asking
from goalcli.commands._shared import (
    GoalArgument,
    TableOrJson,
    TableOrJsonOption,
    complete_when,
    find,
    past_day,
)
from goalcli.core import dates, history
from goalcli.core import members as member_names
from goalcli.core.text import visible
from goalcli.errors import InputError
from goalcli.render import widgets

if TYPE_CHECKING:
    from rich.table import Table
    from sqlmodel import Session

    from goalcli.storage.models import Goal, Review

app = typer.Typer(
    name="reviews",
    cls=GoalSubGroup,
    add_completion=False,
    help="List a goal's session reviews, or remove one given by mistake.",
    no_args_is_help=True,
)


@app.command("list", cls=GoalCommand)
def list_reviews(
    ctx: typer.Context,
    goal: GoalArgument,
    output_format: TableOrJsonOption = TableOrJson.table,
) -> None:
    """List a goal's reviews, newest first: GAS level, GBO rating, weight and what was said."""
    list_rows(
        ctx,
        goal,
        output_format,
        heading="Reviews",
        fetch=_newest_first,
        as_json=_review_json,
        table=_review_table,
        none_yet="None yet; `goal review` rates the goals at a session.",
    )


def _newest_first(session: Session, chosen: Goal) -> list[Review]:
    from goalcli.storage import reviews  # SQLModel: deferred to keep --help and completion light

    return reviews.reviews_of(session, chosen.id or 0, dates.today())[::-1]


def _review_json(review: Review) -> dict[str, Any]:
    from goalcli.storage import reviews  # SQLModel: deferred, as above

    return {"date": review.day.isoformat(), "member": review.member, **reviews.review_parts(review)}


def _review_table(found: list[Review]) -> Table:
    from rich.table import Table  # Rich tables: deferred, loaded only to show one

    table = Table(box=None)
    by_member = any(review.member is not None for review in found)  # a couple's or family's
    for column in ("Date", *(["Who"] if by_member else []), "GAS", "GBO", "Weight", "Note"):
        table.add_column(column)
    for review in found:
        who = [widgets.user_text(review.member or "shared")] if by_member else []
        table.add_row(
            review.day.isoformat(),
            *who,
            "–" if review.gas is None else history.rating_text("gas", review.gas),
            "–" if review.gbo is None else history.rating_text("gbo", review.gbo),
            str(review.weight),
            widgets.user_text(review.note or ""),
        )
    return table


@app.command("remove", cls=GoalCommand)
def remove(
    ctx: typer.Context,
    goal: GoalArgument,
    when: Annotated[
        str,
        typer.Option(
            "--date",
            metavar="WHEN",
            autocompletion=complete_when,
            help="The day of the review.",
            show_default=False,
        ),
    ],
    member: Annotated[
        str | None,
        typer.Option(
            "--member",
            metavar="NAME",
            help="Remove this member's own ratings (couples and family therapy).",
            show_default=False,
        ),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Remove it without asking (for scripts).")
    ] = False,
) -> None:
    """Remove a goal's review of a day; asks first (`goal undo` brings it back)."""
    from goalcli.storage import members, reviews  # SQLModel: deferred, as above

    today = dates.today()
    day = past_day(when, today, in_the_future="there are no reviews in the future")
    database, chosen = find(ctx, goal)
    with database.read() as session:
        if member is not None:
            # A member removed since: their reviews stay, and can still be removed.
            former = reviews.reviewers(session, chosen.id or 0)
            member = member_names.find(member, members.members(session), former=former)
        found = reviews.review_on(session, chosen.id or 0, day, member)
    whose = "" if member is None else f" by {visible(member)}"
    if found is None:
        raise InputError(
            f"Goal {chosen.id} has no review{whose} on {day.isoformat()}; `goal reviews list "
            f"{chosen.id}` shows its reviews."
        )
    what = (
        f"the review{whose} of goal {chosen.id} on {day.isoformat()} "
        f"({history.review_summary(reviews.review_parts(found))})"
    )
    removed = remove_after_asking(
        database,
        f"Remove {what}?",
        yes=yes,
        what="Removing a review",
        remove=lambda session: reviews.remove_review(session, chosen.id or 0, day, member),
    )
    if removed is not None:
        typer.echo(f"Removed {what}.")
