"""The standard measures as a typed document: each one's scores over time with bands, first,
latest, change, reliable change and risk days, and NHS Talking Therapies recovery when PHQ-9
and GAD-7 are both used. The JSON report's `measures` and `goal measure history` share it."""

from __future__ import annotations

from typing import TypedDict

from sqlmodel import Session

from goalcli.core import measures as core
from goalcli.storage import measures as store


class ScoreEntry(TypedDict):
    date: str
    total: int
    band: str
    percent: int | None  # WHO-5's percentage score; None for the others
    risk: bool
    followup: int | None  # PHQ-9's unscored difficulty answer (0-3), when it was given
    followup_label: str | None  # its words ("Somewhat difficult")


class MeasureCourse(TypedDict):
    name: str
    top_total: int
    scores: list[ScoreEntry]  # oldest first
    first: ScoreEntry
    latest: ScoreEntry
    change: int
    reliable: str | None  # improvement | deterioration | None
    risk: list[str]  # dates the risk item was answered above 0


class RecoveryEntry(TypedDict):
    at_caseness_first: bool
    below_caseness_latest: bool
    recovered: bool
    reliable_improvement: bool
    reliable_recovery: bool


class MeasuresDocument(TypedDict, total=False):
    phq9: MeasureCourse
    gad7: MeasureCourse
    who5: MeasureCourse
    recovery: RecoveryEntry  # only when PHQ-9 and GAD-7 have both been taken


def _entry(measure: core.Measure, taken: core.Taken) -> ScoreEntry:
    return {
        "date": taken.day.isoformat(),
        "total": taken.total,
        "band": measure.band(taken.total),
        "percent": measure.percent(taken.total),
        "risk": taken.risk,
        "followup": taken.followup,
        "followup_label": measure.followup_label(taken.followup),
    }


def course(summary: core.Summary) -> MeasureCourse:
    measure = summary.measure
    return {
        "name": measure.name,
        "top_total": measure.top_total,
        "scores": [_entry(measure, taken) for taken in summary.scores],
        "first": _entry(measure, summary.first),
        "latest": _entry(measure, summary.latest),
        "change": summary.change,
        "reliable": summary.reliable,
        "risk": [day.isoformat() for day in summary.risk_days],
    }


def summaries(session: Session, only: str | None = None) -> dict[str, core.Summary]:
    """Each measure taken (or only one), in the order goalcli lists them."""
    taken = store.taken_by_measure(session)
    found = {}
    for measure_id in core.IDS:
        if only is not None and measure_id != only:
            continue
        summary = core.summarise(core.measure(measure_id), taken.get(measure_id, []))
        if summary is not None:
            found[measure_id] = summary
    return found


def build_measures(session: Session, only: str | None = None) -> MeasuresDocument:
    found = summaries(session, only)
    document: MeasuresDocument = {}
    # A risk answer replaced since (or met on import) is kept as a risk event: still shown.
    kept = store.risk_event_days(session)
    for measure_id, summary in found.items():
        entry = course(summary)
        also = {day.isoformat() for day in kept.get(measure_id, set())}
        entry["risk"] = sorted(set(entry["risk"]) | also)
        document[measure_id] = entry  # type: ignore[literal-required]
    if "phq9" in found and "gad7" in found:
        phq9, gad7 = found["phq9"], found["gad7"]
        outcome = core.recovery(
            phq9.measure,
            phq9.first.total,
            phq9.latest.total,
            gad7.measure,
            gad7.first.total,
            gad7.latest.total,
        )
        document["recovery"] = {
            "at_caseness_first": outcome.at_caseness_first,
            "below_caseness_latest": outcome.below_caseness_latest,
            "recovered": outcome.recovered,
            "reliable_improvement": outcome.reliable_improvement,
            "reliable_recovery": outcome.reliable_recovery,
        }
    return document
