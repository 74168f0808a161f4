"""`goal review`: a session review, rating each goal the way clinicians do (GAS and GBO)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from goalcli import prompts
from goalcli.commands._gas import echo_guide
from goalcli.commands._shared import (
    choose_goals,
    complete_when,
    existing_database,
    options_need_goal,
    past_day,
)
from goalcli.core import dates, gas, history, limits
from goalcli.core import gas as gas_guide
from goalcli.core import members as member_names
from goalcli.core.progress import review_scores
from goalcli.core.text import visible
from goalcli.errors import InputError
from goalcli.render import screens, widgets
from goalcli.render.report import rating_pair

# Imported inside the functions that use them: SQLModel (the storage entity modules, views)
# and Rich, which completion and --help must not load (tests/cli/test_startup.py).

if TYPE_CHECKING:
    from rich.console import Console
    from sqlmodel import Session

    from goalcli.storage.models import Goal
    from goalcli.storage.store import Store
    from goalcli.views.report import ReviewSection

GAS_SCALE = (
    "Goal Attainment Scaling: -2 much less than expected, -1 less than expected, "
    "0 as expected, +1 more than expected, +2 much more than expected."
)
GBO_SCALE = "Goal-Based Outcomes: 0 = no progress towards the goal ... 10 = goal fully reached."


@dataclass
class Rating:
    goal: Goal
    gas: int | None
    gbo: int | None
    weight: int | None = None
    helped: str | None = None
    hindered: str | None = None
    next_step: str | None = None
    note: str | None = None
    member: str | None = None  # a couple's or family's member rating on their own


EXAMPLES = {
    "review": """
goal review                          ask about each active goal
goal review 1 --gas 0 --gbo 6 --note "Steady"
goal review 1 --gbo 5 --date 2026-11-20   correct that day's review
goal review 1 --member Sam --gas +1    Sam's own rating (couples, family)
"""
}
"""Shown at the end of `goal review --help`."""


def review(
    ctx: typer.Context,
    goal: Annotated[
        str | None,
        typer.Argument(help="Review only this goal, without questions.", show_default=False),
    ] = None,
    gas: Annotated[
        str | None, typer.Option("--gas", metavar="-2..+2", help="GAS level, -2 to +2.")
    ] = None,
    gbo: Annotated[
        str | None, typer.Option("--gbo", metavar="0-10", help="GBO rating, 0 to 10.")
    ] = None,
    weight: Annotated[
        str | None,
        typer.Option("--weight", help="How much this goal counts in the GAS score, 1 to 3."),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="A note on this review.")
    ] = None,
    next_step: Annotated[
        str | None, typer.Option("--next-step", help="A next step, added to the goal's steps.")
    ] = None,
    when: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="WHEN", autocompletion=complete_when, help="The session's date."
        ),
    ] = None,
    member: Annotated[
        str | None,
        typer.Option(
            "--member",
            metavar="NAME",
            help="Record this member's own ratings (couples and family therapy).",
        ),
    ] = None,
) -> None:
    """Rate each active goal at a session (GAS and GBO); ratings on one date form one review."""
    from goalcli.storage import members, reviews

    today = dates.today()
    day = past_day(when, today, in_the_future="a review is for today or earlier")
    given = _given(gas, gbo, weight, note, next_step)
    flags: dict[str, object] = {
        "--gas": given.gas,
        "--gbo": given.gbo,
        "--weight": given.weight,
        "--note": given.note,
        "--next-step": given.next_step,
        "--member": member,
    }
    options_need_goal(goal, flags)

    database, chosen = choose_goals(ctx, goal, none_message="There are no active goals to review.")
    if goal is not None and any(flag is not None for flag in flags):
        ratings = [_rating_from_options(database, chosen[0], day, given, member)]
    else:
        with database.read() as session:
            known = members.members(session)
            earlier = {
                (rating.goal_id, rating.member): reviews.review_parts(rating)
                for rating in reviews.reviews_on(session, day)
            }
        ratings = _ask(chosen, day, known, earlier)
    _say_corrections(_save(database, day, ratings), day)
    _summary(ctx, day, list(dict.fromkeys(rating.goal.id or 0 for rating in ratings)))


@dataclass
class _Given:
    """The ratings and words the options gave, checked."""

    gas: int | None
    gbo: int | None
    weight: int | None
    note: str | None
    next_step: str | None


def _given(
    gas: str | None,
    gbo: str | None,
    weight: str | None,
    note: str | None,
    next_step: str | None,
) -> _Given:

    return _Given(
        gas=prompts.parse_whole(gas, "GAS level", -2, 2) if gas is not None else None,
        gbo=prompts.parse_whole(gbo, "GBO rating", 0, 10) if gbo is not None else None,
        weight=prompts.parse_whole(weight, "weight", 1, 3) if weight is not None else None,
        note=limits.check_text(note, "note", required=False) or None if note is not None else None,
        next_step=(
            limits.check_text(next_step, "next_step", required=False) or None
            if next_step is not None
            else None
        ),
    )


def _rating_from_options(
    database: Store, goal: Goal, day: date, given: _Given, member: str | None
) -> Rating:
    """The one rating the options give for GOAL (a member's own with --member)."""
    from goalcli.storage import members, reviews

    # A weight only scales ratings: on its own it is not a review.
    if given.gas is None and given.gbo is None and given.note is None and given.next_step is None:
        raise InputError("Give at least one of --gas, --gbo, --note or --next-step.")
    rating = Rating(
        goal, given.gas, given.gbo, given.weight, note=given.note, next_step=given.next_step
    )
    if member is not None:
        with database.read() as session:
            # A member removed since may still correct a review they gave that day.
            former = reviews.reviewers(session, goal.id or 0, day)
            rating.member = member_names.find(member, members.members(session), former=former)
    return rating


def _save(
    database: Store, day: date, ratings: list[Rating]
) -> list[tuple[int | None, str | None, str]]:
    """Every rating in one transaction; returns the corrections of reviews saved before."""
    from goalcli.storage import reviews

    corrections = []
    with database.write() as session:
        for rating in ratings:
            saved = reviews.save_review(
                session,
                rating.goal,
                day,
                gas=rating.gas,
                gbo=rating.gbo,
                weight=rating.weight,
                helped=rating.helped,
                hindered=rating.hindered,
                next_step=rating.next_step,
                note=rating.note,
                member=rating.member,
            )
            if saved.corrected:
                corrections.append((rating.goal.id, rating.member, saved.corrected))
    return corrections


def _say_corrections(corrections: list[tuple[int | None, str | None, str]], day: date) -> None:

    for goal_id, member, corrected in corrections:
        # The words of a review ("note changed") are named, never quoted: printed as plain text.
        whose = "" if member is None else f" by {visible(member)}"
        typer.echo(f"Corrected goal {goal_id}'s review{whose} of {day.isoformat()}: {corrected}.")


def _ask(
    goals: list[Goal],
    day: date,
    members: list[str],
    earlier: dict[tuple[int, str | None], dict[str, object]],
) -> list[Rating]:
    """Each goal's ratings: the shared ones, or, for a couple or family, each member's own;
    then what helped, what got in the way and a next step (shared). Where the day has a review
    already, it is shown first and a change to it is asked about before it replaces anything."""

    typer.secho(f"Session review for {day.isoformat()}. Enter skips a question.", bold=True)
    prompts.explain(GAS_SCALE)
    prompts.explain(GBO_SCALE)
    ratings = []
    for goal in goals:
        typer.echo()
        typer.secho(visible(f"{goal.id}. {goal.title}", keep_newlines=True), bold=True)
        guide = gas_guide.guide_of(goal)
        if guide is not None:
            typer.echo("  The goal's GAS guide:")
            echo_guide(guide, indent="    ")
        own: list[Rating] = []
        raters: list[str | None] = [*members] or [None]  # None: the shared or only rating
        for member in raters:
            asked = _ask_ratings(goal, member, guide, earlier)
            if asked is not None:
                own.append(asked)
        _ask_shared_words(goal, own)
        ratings += [given for given in own if _confirmed(given, earlier)]
    return ratings


def _ask_ratings(
    goal: Goal,
    member: str | None,
    guide: list[str] | None,
    earlier: dict[tuple[int, str | None], dict[str, object]],
) -> Rating | None:
    """One rater's GAS level and GBO rating for `goal` (None: both skipped)."""

    def level(raw: str) -> int | None:
        return prompts.parse_whole(raw, "GAS level", -2, 2) if raw.strip() else None

    def rating(raw: str) -> int | None:
        return prompts.parse_whole(raw, "GBO rating", 0, 10) if raw.strip() else None

    who = "  " if member is None else visible(f"  {member}: ")
    saved = earlier.get((goal.id or 0, member))
    if saved is not None:
        typer.echo(f"{who}Saved for this day: {history.review_summary(saved)}.")
    gas = prompts.ask(f"{who}GAS level (-2..+2)", level, default="")
    if gas is not None and guide is not None:
        chosen = gas_guide.describe_level(gas, guide)
        typer.echo(visible(f"  GAS {gas_guide.label(gas)}: {chosen}"))
    gbo = prompts.ask(f"{who}GBO rating (0-10)", rating, default="")
    if gas is None and gbo is None:
        return None
    return Rating(goal, gas, gbo, member=member)


def _ask_shared_words(goal: Goal, own: list[Rating]) -> None:
    """What helped, what got in the way and a next step: kept on the shared rating (one is
    added to `own` when only words were given)."""

    helped = prompts.ask_text("  What helped", "helped", required=False)
    hindered = prompts.ask_text("  What got in the way", "hindered", required=False)
    next_step = prompts.ask_text(
        "  Next step (added to the goal's steps)", "next_step", required=False
    )
    said = {
        "helped": helped or None,
        "hindered": hindered or None,
        "next_step": next_step or None,
    }
    shared = next((given for given in own if given.member is None), None)
    if shared is None and any(said.values()):
        shared = Rating(goal, None, None)
        own.append(shared)
    if shared is not None:
        shared.helped, shared.hindered, shared.next_step = (
            said["helped"],
            said["hindered"],
            said["next_step"],
        )


def _confirmed(rating: Rating, earlier: dict[tuple[int, str | None], dict[str, object]]) -> bool:
    """A rating that would change a review saved for the day is asked about first."""

    saved = earlier.get((rating.goal.id or 0, rating.member))
    if saved is None:
        return True
    given = {
        "gas": rating.gas,
        "gbo": rating.gbo,
        "helped": rating.helped,
        "hindered": rating.hindered,
    }
    after = {**saved, **{key: value for key, value in given.items() if value is not None}}
    differences = history.review_differences(saved, after)
    whose = "the" if rating.member is None else visible(f"{rating.member}'s")
    return not differences or prompts.confirm(
        f"  Replace {whose} saved review ({differences})?", default=True
    )


def _summary(ctx: typer.Context, day: date, goal_ids: list[int]) -> None:
    """Each reviewed goal's GBO with its change, the day's GAS levels, and the T-scores."""
    from goalcli.views import report as reporting

    out = widgets.console()
    database = existing_database(ctx)  # the review just saved to it
    with database.read() as session:
        section = reporting.review_section(session, day)
        for goal_id in goal_ids:
            _goal_summary(out, session, goal_id, day)
    _t_scores(out, section)


def _goal_summary(out: Console, session: Session, goal_id: int, day: date) -> None:
    from goalcli.storage import goals, reviews

    goal = goals.find_goal(session, str(goal_id))
    given = reviews.reviews_of(session, goal_id, day)
    gbo = [r.gbo for r in given if r.gbo is not None and r.member is None]
    # The first rating is where change is counted from: nothing to say "+0" about.
    change = review_scores.gbo_change(gbo) if len(gbo) > 1 else None
    out.print(screens.review_line(goal.id or 0, goal.title, gbo[-1] if gbo else None, change))
    guide = gas.guide_of(goal)
    for review in (r for r in given if r.day == day):
        described = gas.describe_level(review.gas, guide) if review.gas is not None else None
        if review.member is not None:
            line = f"  {review.member}: {rating_pair(review.gas, review.gbo)}"
            out.print(widgets.user_text(line + (f" ({described})" if described else "")))
        elif described is not None and review.gas is not None:
            out.print(widgets.user_text(f"  GAS {gas.label(review.gas)}: {described}"))


def _t_scores(out: Console, section: ReviewSection | None) -> None:

    if section and section["gas_t_score"] is not None:
        mean = " at the mean level of the members' ratings" if section["members"] else ""
        out.print(
            f"GAS T-score for the review of {section['date']}{mean}: "
            f"[bold]{section['gas_t_score']:.1f}[/bold] (50 = as expected)"
        )
    if section and section["members"]:
        scores = ", ".join(
            f"{entry['member']} {'–' if entry['gas_t_score'] is None else entry['gas_t_score']}"
            for entry in section["members"]
        )
        out.print(widgets.user_text(f"Each member's GAS T-score: {scores}"))
