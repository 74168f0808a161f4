"""`goal log`: the daily check-in (mood, each goal's value, steps done, a note)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Annotated

import typer

from goalcli import prompts
from goalcli.cli import app_state
from goalcli.commands._ratings import MasteryOption, PleasureOption, ask_rating, rating_flags
from goalcli.commands._shared import (
    GOAL_HELP,
    check_started,
    choose_goals,
    complete_goal,
    complete_when,
    existing_database,
    maybe_show_safety_note,
    options_need_goal,
    past_day,
)
from goalcli.core import dates, limits, measures
from goalcli.core.progress import levels
from goalcli.core.text import amount, number_text, visible
from goalcli.errors import InputError
from goalcli.render import screens, widgets

# Imported inside the functions that use them: SQLModel (the storage entity modules, views)
# and Rich, which completion and --help must not load (tests/cli/test_startup.py).

if TYPE_CHECKING:
    from sqlmodel import Session

    from goalcli.storage.models import Goal
    from goalcli.storage.saving import Saved
    from goalcli.storage.store import Store
    from goalcli.views.standing import GoalStanding


@dataclass
class GoalEntry:
    """What the client reported for one goal on one day."""

    goal: Goal
    value: float | None = None
    note: str | None = None
    done: list[int] = field(default_factory=list)
    confirmed: bool = False  # an unusual value the person confirmed at a terminal
    pleasure: int | None = None  # how it felt, 0-10 (behavioural activation); None: not rated
    mastery: int | None = None
    excused: bool = False  # the day excused (`x` at the value question, as `goal skip`)
    reason: str | None = None  # why it was excused, as typed after the x
    cleared: set[str] = field(default_factory=set)  # ratings to remove (`--pleasure -`)
    removed: list[str] = field(default_factory=list)  # those of them there were, once saved


EXAMPLES = {
    "log": """
goal log                                 ask, goal by goal
goal log 1 --value 20 --mood 7           goal 1 today, without questions
goal log walk --done 2 --note "Sunny"    by the start of its title
goal log 1 --value 15 --date yesterday   a day you missed
goal log walk --value 20 --pleasure 7 --mastery 5   with how it felt
goal log walk --date yesterday --pleasure -         remove a rating
"""
}
"""Shown at the end of `goal log --help`."""


def log(
    ctx: typer.Context,
    goal: Annotated[
        str | None,
        typer.Argument(help=GOAL_HELP, show_default=False, autocompletion=complete_goal),
    ] = None,
    value: Annotated[
        str | None,
        typer.Option("--value", metavar="NUMBER", help="Today's value of the goal's measure."),
    ] = None,
    mood: Annotated[
        str | None, typer.Option("--mood", metavar="0-10", help="Mood today, 0-10.")
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="A note, kept as written.")
    ] = None,
    done: Annotated[
        list[str] | None,
        typer.Option("--done", metavar="STEP", help="Number of a step you did (repeatable)."),
    ] = None,
    when: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="WHEN", autocompletion=complete_when, help="The day, if not today."
        ),
    ] = None,
    pleasure: PleasureOption = None,
    mastery: MasteryOption = None,
) -> None:
    """Check in: how you feel today and where each goal stands."""

    today = dates.today()
    day = past_day(when, today, in_the_future="check-ins are for today or earlier")
    given = _given(value, mood, note, done)
    ratings, given.cleared = rating_flags(pleasure=pleasure, mastery=mastery)
    given.pleasure, given.mastery = ratings["pleasure"], ratings["mastery"]
    options_need_goal(
        goal,
        {
            "--value": given.value,
            "--note": given.note,
            "--done": given.done or None,
            "--pleasure": pleasure,
            "--mastery": mastery,
        },
        hint=": say which goal they are for",
    )
    quick = pleasure is None and mastery is None  # its flags only (a "-" clears a rating)
    if goal is not None and given.any and quick and _logged_quickly(ctx, goal, day, given):
        return
    database, chosen, begun = _goals_to_check_in(ctx, goal, day)
    mood_value = given.mood
    if given.any:
        entries = (
            [
                GoalEntry(
                    chosen[0],
                    given.value,
                    given.note,
                    given.done,
                    pleasure=given.pleasure,
                    mastery=given.mastery,
                    cleared=given.cleared,
                )
            ]
            if goal is not None
            else []
        )
    else:
        with database.read() as session:
            mood_value, entries = _ask(session, begun, day, today)
    mood_saved, saved = _save(database, day, mood_value, entries)
    excused = [entry.goal for entry in entries if entry.excused]
    for goal_excused in excused:
        typer.echo(f"{day.isoformat()} is excused for goal {goal_excused.id}.")
    if saved or mood_value is not None or not excused:
        _feedback(ctx, day, today, mood_value, mood_saved, saved)
    for entry in entries:
        if entry.removed:
            words = " and ".join(entry.removed) + (
                " ratings" if len(entry.removed) > 1 else " rating"
            )
            typer.echo(
                f"Removed the {words} of goal {entry.goal.id}'s check-in of {day.isoformat()}."
            )
    _say_unusual(database, day, [entry for entry in entries if not entry.confirmed])
    maybe_show_safety_note(database, today)
    _say_measures_due(database, today)


def _logged_quickly(ctx: typer.Context, goal: str, day: date, given: _Given) -> bool:
    """The flag form over sqlite3 (storage/quick.py), printing what the full path prints;
    False when it gave way to the full path, having written nothing."""
    state = app_state(ctx)
    if state.server_url is not None:
        return False
    from goalcli.storage import quick

    logged = quick.log_flags(
        state.db_path,
        goal,
        day,
        given.mood,
        given.value,
        given.note,
        committed=state.mark_saved,
        done=given.done,
    )
    if logged is None:
        return False
    from goalcli.views.standing import logged_standing

    standing = logged_standing(logged)
    _print_feedback(
        day,
        logged.as_of,
        given.mood,
        logged.mood_saved,
        [(logged.goal.id, logged.goal.kind, logged.saved, standing, logged.day_value)],
    )
    if given.value is not None and (
        line := screens.unusual_line(logged.goal, day, logged.day_value)
    ):
        prompts.say(line, err=True)
    return True


@dataclass
class _Given:
    """What the options said, checked: with any of them, nothing is asked."""

    mood: int | None
    value: float | None
    note: str | None
    done: list[int]
    pleasure: int | None = None
    mastery: int | None = None
    cleared: set[str] = field(default_factory=set)  # ratings given as `-`: to remove

    @property
    def any(self) -> bool:
        given = (self.value, self.mood, self.note, self.pleasure, self.mastery)
        return any(x is not None for x in given) or bool(self.done) or bool(self.cleared)


def _given(value: str | None, mood: str | None, note: str | None, done: list[str] | None) -> _Given:

    return _Given(
        mood=prompts.parse_whole(mood, "mood", 0, 10) if mood is not None else None,
        value=prompts.parse_number(value, "value") if value is not None else None,
        # In the order they were always checked: the first bad one is the one named.
        done=[prompts.parse_step_number(step) for step in done or []],
        note=limits.check_text(note, "note", required=False) or None if note is not None else None,
    )


def _goals_to_check_in(
    ctx: typer.Context, goal: str | None, day: date
) -> tuple[Store, list[Goal], list[Goal]]:
    """The database, the goals GOAL chooses (all active ones without it; each must be active),
    and those of them begun by `day`."""

    database, chosen = choose_goals(
        ctx,
        goal,
        none_message="There are no active goals to check in on; `goal intake` sets them up.",
    )
    for target in chosen:
        if target.status != "active":
            raise InputError(
                f"Goal {target.id} is {target.status}; `goal resume {target.id}` brings it back "
                "to the check-in."
            )
    if goal is not None:
        check_started(chosen[0], day)
    # Without GOAL the day's check-in covers the goals begun by then: a goal started later has
    # nothing to say about that day, and a mood needs no goal at all.
    return database, chosen, [target for target in chosen if target.start_date <= day]


def _save(
    database: Store, day: date, mood_value: int | None, entries: list[GoalEntry]
) -> tuple[Saved | None, list[tuple[Goal, Saved]]]:
    """The day's mood and check-ins (with the steps done), in one transaction."""
    from goalcli.storage import activation, checkins, steps

    with database.write() as session:
        mood_saved = (
            checkins.save_mood(session, day, mood_value) if mood_value is not None else None
        )
        saved = []
        for entry in entries:
            if entry.excused:
                activation.excuse_day(session, entry.goal, day, entry.reason, dates.today())
                continue
            if (
                _only_clears(entry)
                and checkins.checkin_on(session, entry.goal.id or 0, day) is None
            ):
                raise InputError(
                    f"Goal {entry.goal.id} has no check-in on {day.isoformat()}, so there is no "
                    "rating to remove."
                )
            result = checkins.save_checkin(session, entry.goal, day, entry.value, entry.note)
            steps.mark_steps_done(session, entry.goal.id or 0, entry.done, day)
            if entry.pleasure is not None or entry.mastery is not None or entry.cleared:
                session.flush()  # the day's check-in, just made or updated
                checkin = checkins.checkin_on(session, entry.goal.id or 0, day)
                if checkin is not None:
                    entry.removed = [
                        name
                        for name in ("pleasure", "mastery")
                        if name in entry.cleared and getattr(checkin, name) is not None
                    ]
                    activation.rate_checkin(
                        session,
                        checkin,
                        dates.today(),
                        entry.pleasure,
                        entry.mastery,
                        cleared=entry.cleared,
                    )
            saved.append((entry.goal, result))
    return mood_saved, saved


def _only_clears(entry: GoalEntry) -> bool:
    """The entry only removes ratings: there must be a check-in to remove them from."""
    given = (entry.value, entry.note, entry.pleasure, entry.mastery)
    return bool(entry.cleared) and not entry.done and all(value is None for value in given)


def _say_measures_due(database: Store, today: date) -> None:
    """One line when a scheduled questionnaire is due (see `goal measure schedule`)."""
    from goalcli.storage import measures as measure_store

    with database.read() as session:
        due = measure_store.due_measures(session, today)
    if due:
        names = " and ".join(measures.measure(measure_id).name for measure_id in due)
        verb = "is" if len(due) == 1 else "are"
        typer.echo(f"{names} {verb} due: `goal measure take {due[0]}`.")


COUNT_HINT = (
    "For a count (drinks, walks, calls) Enter means none today — 0, a check-in all the same — "
    "while - skips the goal, and the day stays unknown (never read as 0)."
)
"""Said before the first count a check-in asks: Enter and - differ there."""


def _ask(
    session: Session, goals: list[Goal], day: date, today: date
) -> tuple[int | None, list[GoalEntry]]:
    from goalcli.storage import checkins, steps

    # Wrapped between words at a narrow terminal ("Thursday 26 November 2026" is long).
    prompts.say(screens.CHECKIN_HEADER.format(day=day), bold=True)
    earlier_mood = checkins.mood_on(session, day)
    already = screens.MOOD_SAVED.format(mood=earlier_mood) if earlier_mood is not None else ""
    # At a terminal the console script's first step may have asked this already, while the
    # rest loaded (goalcli/hot/checkin.py): prompts then gives its answer, saying nothing.
    mood_raw = prompts.ask(
        screens.MOOD_QUESTION.format(already=already),
        lambda raw: prompts.parse_whole(raw, "mood", 0, 10) if raw.strip() else None,
        default="",
    )
    if not _replaces(earlier_mood, mood_raw):
        mood_raw = None
    entries = []
    counts_explained = False
    for goal in goals:
        typer.echo()
        typer.echo(visible(f"{goal.id}. {goal.title}: {goal.measure}", keep_newlines=True))
        earlier_value = checkins.value_on(session, goal.id or 0, day)
        # Any check-in that day (a value, or only a note or ratings) keeps it from being excused.
        checked_in = checkins.checkin_on(session, goal.id or 0, day) is not None
        try:
            if goal.kind == "weekly_total":
                if not counts_explained:
                    prompts.explain(COUNT_HINT)
                    counts_explained = True
                value, confirmed = _ask_count(goal, earlier_value, day, today, checked_in)
            else:
                value, confirmed = _ask_reading(session, goal, earlier_value, day, checked_in)
        except _Excused as excused:
            entries.append(GoalEntry(goal, excused=True, reason=excused.reason))
            continue
        if value is None:
            continue
        open_steps = [
            step for step in steps.steps_of(session, goal.id or 0) if step.done_on is None
        ]
        done: list[int] = []
        if open_steps:
            for step in open_steps:
                typer.echo(visible(f"    {step.position}. {step.text}", keep_newlines=True))
            positions = {step.position for step in open_steps}
            done = prompts.ask(
                "  Steps done (numbers, e.g. 1 3; Enter for none)",
                partial(_step_numbers, allowed=positions),
                default="",
            )
        # Behavioural activation: how it felt, one short line each (Enter: not rated).
        pleasure = ask_rating("  Pleasure: how much did you enjoy it?", "pleasure")
        mastery = ask_rating("  Mastery: how much did it feel like an achievement?", "mastery")
        note = prompts.ask_text("  A note (Enter skips)", "note", required=False)
        entries.append(GoalEntry(goal, value, note or None, done, confirmed, pleasure, mastery))
    return mood_raw, entries


SKIP = "-"
"""The answer that skips a goal in the check-in (for a count, Enter is 0)."""
EXCUSE = "x"
"""The answer that excuses the day for a goal (ill, away), as `goal skip` does: `x` or
`x ill`. Unlike - (the day unknown), an excused day freezes habit strength."""


class _Excused(Exception):
    """The value question was answered `x [reason]`: the day is excused for the goal."""

    def __init__(self, reason: str | None) -> None:
        super().__init__(reason)
        self.reason = reason


def _excused_answer(raw: str, checked_in: bool) -> None:
    """Raise _Excused for an answer `x` or `x REASON`; refuse it on a day with a check-in."""
    words = raw.strip()
    if words.lower() != EXCUSE and not words.lower().startswith(EXCUSE + " "):
        return
    if checked_in:
        raise InputError(
            "This day has a check-in, so it cannot be excused; remove the check-in first "
            "(`goal checkin remove`)."
        )
    reason = limits.check_text(words[1:], "reason", required=False) or None
    raise _Excused(reason)


def _ask_count(
    goal: Goal, earlier: float | None, day: date, today: date, checked_in: bool
) -> tuple[float | None, bool]:
    """A weekly total's question: how many on the day (Enter: 0, a known day; -: skipped).
    The answer adds to what the day holds already. Returns the value and whether an unusual
    day's total was confirmed."""

    when = "today" if day == today else f"on {day.isoformat()}"
    so_far = f"; {number_text(earlier)} so far, this adds to it" if earlier is not None else ""

    def parse(raw: str) -> float | None:
        if raw.strip() == SKIP:
            return None
        _excused_answer(raw, checked_in)
        return prompts.parse_number(raw, "count") if raw.strip() else 0.0

    while True:
        value = prompts.ask(
            f"  How many {when}? (Enter: none{so_far}; {SKIP} skips; {EXCUSE}: excused)",
            parse,
            default="",
        )
        if value is None:
            return None, False
        day_total = (earlier or 0.0) + value
        confirmed = _confirm_unusual(goal, day_total)
        if confirmed is not False:
            return value, bool(confirmed)


def _ask_reading(
    session: Session, goal: Goal, earlier: float | None, day: date, checked_in: bool
) -> tuple[float | None, bool]:
    """A reading's question: its value now (Enter or - skips); a reading replaces the day's,
    asked before it does. Returns the value and whether an unusual value was confirmed."""
    from goalcli.storage import checkins

    latest = checkins.latest_value(session, goal.id or 0, day)
    now = number_text(goal.baseline if latest is None else latest)
    saved_note = f"; {number_text(earlier)} is saved for this day" if earlier is not None else ""

    def parse(raw: str) -> float | None:
        if raw.strip() in ("", SKIP):
            return None
        _excused_answer(raw, checked_in)
        return prompts.parse_number(raw, "value")

    while True:
        value = prompts.ask(
            f"  Value now (last {now}, target {number_text(goal.target)}{saved_note}; "
            f"Enter skips; {EXCUSE}: excused)",
            parse,
            default="",
        )
        if saved_note and not _replaces(earlier, value):
            value = None
        if value is None:
            return None, False
        confirmed = _confirm_unusual(goal, value)
        if confirmed is not False:
            return value, bool(confirmed)


def _confirm_unusual(goal: Goal, day_value: float) -> bool | None:
    """None for a usual value; for an unusual one (core.levels.unusual_value) at a terminal,
    whether the person is sure (False: ask again). Without a terminal it is saved and
    _say_unusual tells how to correct it, as with flags."""

    kind = levels.as_kind(goal.kind)
    if not levels.unusual_value(kind, goal.baseline, goal.target, day_value):
        return None
    if not prompts.stdin_is_terminal():
        return None
    what = levels.unusual_words(kind, amount(day_value, goal.unit))
    return prompts.confirm(visible(f"  Are you sure? {what}"), default=False)


def _say_unusual(database: Store, day: date, entries: list[GoalEntry]) -> None:
    """One line on stderr for each saved value that looks unusual for its goal, and how to
    take it back (the check-in was saved: it is not an error)."""
    from goalcli.storage import checkins

    if not any(entry.value is not None for entry in entries):
        return
    with database.read() as session:
        for entry in entries:
            day_value = checkins.value_on(session, entry.goal.id or 0, day)
            if entry.value is not None and (
                line := screens.unusual_line(entry.goal, day, day_value)
            ):
                prompts.say(line, err=True)


def _replaces(earlier: float | None, answer: float | None) -> bool:
    """Whether to save `answer` where `earlier` is saved for the day: asked when they differ."""

    if earlier is None or answer is None or earlier == answer:
        return True
    return prompts.confirm(
        f"  Replace {number_text(earlier)} with {number_text(answer)}?", default=True
    )


def _step_numbers(raw: str, allowed: set[int]) -> list[int]:

    numbers = [prompts.parse_step_number(part) for part in raw.replace(",", " ").split()]
    for number in numbers:
        if number not in allowed:
            raise InputError(f"Step {number} is not one of the open steps.")
    return numbers


def _feedback(
    ctx: typer.Context,
    day: date,
    today: date,
    mood: int | None,
    mood_saved: Saved | None,
    saved: list[tuple[Goal, Saved]],
) -> None:
    from goalcli.views import report as reporting

    told: list[tuple[int, str, Saved, GoalStanding, float | None]] = []
    if saved:
        database = existing_database(ctx)  # the check-ins just saved to it
        from goalcli.storage import checkins

        with database.read() as session:
            for goal, result in saved:
                entry = reporting.goal_entry(session, goal, today, None)
                day_value = checkins.value_on(session, goal.id or 0, day)
                told.append((goal.id or 0, goal.kind, result, entry, day_value))
    _print_feedback(day, today, mood, mood_saved, told)


def _print_feedback(
    day: date,
    today: date,
    mood: int | None,
    mood_saved: Saved | None,
    told: list[tuple[int, str, Saved, GoalStanding, float | None]],
) -> None:
    """What a check-in says it saved (render.screens.checkin_said), printed with Rich."""
    out = widgets.console()
    said = [(kind, result, entry, value) for _id, kind, result, entry, value in told]
    for line in screens.checkin_said(day, today, mood, mood_saved, said):
        out.print(screens.styled(line))
