"""The signals of a profile (core.signals) from its stored questionnaires and goals: the JSON
report's `signals`, the table's one line, the talking points and the caseload's reason."""

from __future__ import annotations

from collections.abc import Mapping, Set
from datetime import date, timedelta
from typing import TypedDict

from sqlmodel import Session

from goalcli.core import measures as core_measures
from goalcli.core import signals as core_signals
from goalcli.core.progress import levels
from goalcli.storage import activation as activation_store
from goalcli.storage import checkins
from goalcli.storage import measures as measure_store
from goalcli.storage.models import Goal


class SignalEntry(TypedDict, total=False):
    """One signal in the JSON report: `measure` or `goal` names what it is about."""

    kind: str
    measure: str
    goal: str
    goal_id: int
    since: str
    why: str
    figures: dict[str, float | int | str]


def profile_signals(
    session: Session,
    goals: list[Goal],
    as_of: date,
    excused: Mapping[int, Set[date]] | None = None,
) -> list[core_signals.Signal]:
    """Every signal of the profile on as_of, deterioration first (core.signals.ordered).

    The goals' values (and excused days) are read in one statement for all of them, never one
    per goal (building a query costs more than running it); `excused`: each goal's excused days
    up to as_of from at least its lookback's first day, when the caller has read them already.
    """
    found: list[core_signals.Signal] = []
    for measure_id, taken in measure_store.taken_by_measure(session).items():
        own = [score for score in taken if score.day <= as_of]
        found.extend(core_signals.measure_signals(core_measures.measure(measure_id), own))
    firsts = {goal.id or 0: lookback_first(goal, as_of) for goal in goals}
    if firsts:
        since = min(firsts.values())
        readings = checkins.values_of_goals(session, firsts, since, as_of)
        if excused is None:
            excused = activation_store.excused_days_of_goals(session, firsts, since, as_of)
        for goal in goals:
            goal_id = goal.id or 0
            first = firsts[goal_id]
            found.extend(
                goal_signals(
                    goal,
                    as_of,
                    [(day, value) for day, value in readings[goal_id] if day >= first],
                    {day for day in excused.get(goal_id, ()) if first <= day <= as_of},
                )
            )
    return core_signals.ordered(found)


def lookback_first(goal: Goal, as_of: date) -> date:
    """The first day a goal's signals look at: its lookback weeks and the level's window
    before them, never before its start."""
    return max(
        goal.start_date,
        as_of
        - timedelta(
            days=levels.WEEK_DAYS * core_signals.LOOKBACK_WEEKS + levels.READING_WINDOW_DAYS
        ),
    )


def goal_signals(
    goal: Goal, as_of: date, readings: list[tuple[date, float]], excused: set[date]
) -> list[core_signals.Signal]:
    """One goal's signals from its values and excused days from lookback_first to as_of."""
    return core_signals.goal_signals(
        goal.title,
        levels.as_kind(goal.kind),
        readings,
        baseline=goal.baseline,
        target=goal.target,
        start=goal.start_date,
        target_date=goal.target_date,
        as_of=as_of,
        goal_id=goal.id,
        excused=excused,
    )


def entries(found: list[core_signals.Signal]) -> list[SignalEntry]:
    made: list[SignalEntry] = []
    for signal in found:
        entry: SignalEntry = {"kind": signal.kind}
        if signal.subject == "measure":
            entry["measure"] = signal.name
        else:
            entry["goal"] = signal.name
            if signal.goal_id is not None:
                entry["goal_id"] = signal.goal_id
        entry["since"] = signal.since.isoformat()
        entry["why"] = signal.why
        entry["figures"] = dict(signal.figures)
        made.append(entry)
    return made
