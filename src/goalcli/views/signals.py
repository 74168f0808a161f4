"""The signals of a profile (core.signals) from its stored questionnaires and goals: the JSON
report's `signals`, the table's one line, the talking points and the caseload's reason."""

from __future__ import annotations

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


def profile_signals(session: Session, goals: list[Goal], as_of: date) -> list[core_signals.Signal]:
    """Every signal of the profile on as_of, deterioration first (core.signals.ordered)."""
    found: list[core_signals.Signal] = []
    for measure_id, taken in measure_store.taken_by_measure(session).items():
        own = [score for score in taken if score.day <= as_of]
        found.extend(core_signals.measure_signals(core_measures.measure(measure_id), own))
    for goal in goals:
        found.extend(goal_signals(session, goal, as_of))
    return core_signals.ordered(found)


def goal_signals(session: Session, goal: Goal, as_of: date) -> list[core_signals.Signal]:
    """One goal's signals: reads only the values its lookback weeks can use."""
    first = max(
        goal.start_date,
        as_of
        - timedelta(
            days=levels.WEEK_DAYS * core_signals.LOOKBACK_WEEKS + levels.READING_WINDOW_DAYS
        ),
    )
    readings = checkins.values_between(session, goal.id or 0, first, as_of)
    excused = activation_store.excused_days(session, goal.id or 0, first, as_of)
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
