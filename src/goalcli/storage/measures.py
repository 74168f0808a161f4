"""Standard measures taken (PHQ-9, GAD-7, WHO-5), their schedule, and the crisis-line setting.
Every function works inside a session the caller opened (see database.Database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from goalcli.core.measures import Measure, Taken, measure
from goalcli.storage.changes import record_change
from goalcli.storage.models import MeasureSchedule, MeasureScore, RiskEvent, Setting
from goalcli.storage.saving import Saved, now_stamp

CRISIS_LINE = "crisis-line"


def answers_text(answers: tuple[int, ...] | list[int]) -> str:
    return ",".join(str(answer) for answer in answers)


def score_on(session: Session, measure_id: str, day: date) -> MeasureScore | None:
    return session.exec(
        select(MeasureScore).where(MeasureScore.measure == measure_id, MeasureScore.day == day)
    ).first()


def save_score(
    session: Session,
    taken: Measure,
    day: date,
    answers: list[int],
    followup: int | None = None,
) -> Saved:
    """Store a measure taken on a day; one taken earlier that day is replaced (the later one
    is kept), recorded in the change log so undo puts its answers back, and a risk answer it
    held kept as a risk event. The total and risk flag are computed here, from every answer."""
    existing = _score_locked(session, taken.id, day)
    if existing is not None:
        new_answers = answers_text(answers)
        if existing.answers != new_answers or existing.followup != followup:
            keep_risk(session, existing, "replaced")
            record_change(
                session,
                None,
                _today(),
                "measure_replaced",
                str(existing.total),
                str(taken.total(answers)),
                taken.name,
                detail={
                    "date": day.isoformat(),
                    "measure": taken.id,
                    "answers": existing.answers,
                    "followup": existing.followup,
                    "new_answers": new_answers,
                },
            )
    put_score(session, taken, day, answers, followup)
    return Saved(created=existing is None)


def _today() -> date:
    from goalcli.core.dates import today

    return today()


def _score_locked(session: Session, measure_id: str, day: date) -> MeasureScore | None:
    # Locked (on a server): a second writer of the day's score waits for this one.
    return session.exec(
        select(MeasureScore)
        .where(MeasureScore.measure == measure_id, MeasureScore.day == day)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()


def keep_risk(session: Session, score: MeasureScore, why: str) -> None:
    """Keep a score's risk answer as a risk event (once per measure, day and answers)."""
    if not score.risk:
        return
    known = session.exec(
        select(RiskEvent).where(
            RiskEvent.measure == score.measure,
            RiskEvent.day == score.day,
            RiskEvent.answers == score.answers,
        )
    ).first()
    if known is None:
        session.add(
            RiskEvent(
                measure=score.measure,
                day=score.day,
                answers=score.answers,
                recorded_at=now_stamp(),
                why=why,
            )
        )


def risk_event_days(session: Session) -> dict[str, set[date]]:
    """Each measure's days with a kept risk event (a risk answer replaced or imported)."""
    days: dict[str, set[date]] = {}
    for event in session.exec(select(RiskEvent)):
        days.setdefault(event.measure, set()).add(event.day)
    return days


def put_score(
    session: Session,
    taken: Measure,
    day: date,
    answers: list[int],
    followup: int | None = None,
) -> None:
    """Write the day's score as given (no change recorded: undo uses it to put one back)."""
    total = taken.total(answers)
    existing = score_on(session, taken.id, day)
    score = existing or MeasureScore(
        measure=taken.id, day=day, answers="", total=0, created_at=now_stamp()
    )
    score.answers = answers_text(answers)
    score.total = total
    score.followup = followup if taken.asks_followup(answers) else None
    score.risk = taken.risk(answers)
    score.created_at = now_stamp()
    session.add(score)


def scores(session: Session, measure_id: str | None = None) -> list[MeasureScore]:
    """Every measure taken (or one measure's), oldest first."""
    query = select(MeasureScore)
    if measure_id is not None:
        query = query.where(MeasureScore.measure == measure_id)
    return list(session.exec(query.order_by(col(MeasureScore.day), col(MeasureScore.measure))))


def taken_by_measure(session: Session) -> dict[str, list[Taken]]:
    """Each measure's scores as its course needs them, oldest first."""
    by_measure: dict[str, list[Taken]] = {}
    for score in scores(session):
        by_measure.setdefault(score.measure, []).append(
            Taken(score.day, score.total, score.risk, score.followup)
        )
    return by_measure


def remove_score(session: Session, measure_id: str, day: date) -> bool:
    """Remove the day's score, recorded in the change log (undo puts it back)."""
    existing = _score_locked(session, measure_id, day)
    if existing is None:
        return False
    record_change(
        session,
        None,
        _today(),
        "measure_removed",
        str(existing.total),
        None,
        measure(measure_id).name,
        detail={
            "date": day.isoformat(),
            "measure": measure_id,
            "answers": existing.answers,
            "followup": existing.followup,
        },
    )
    session.delete(existing)
    return True


@dataclass(frozen=True)
class LatestScore:
    """A measure's latest score, with every day its risk item was flagged."""

    measure: str
    day: date
    total: int
    band: str
    risk_days: tuple[date, ...]


def latest_scores_and_risks(session: Session) -> list[LatestScore]:
    """For a caseload or a summary: each measure's latest score and band, and the days the
    risk item was answered above 0 (oldest first). Empty when no measure was taken."""
    latest = []
    kept = risk_event_days(session)
    for measure_id, taken in taken_by_measure(session).items():
        last = taken[-1]
        latest.append(
            LatestScore(
                measure=measure_id,
                day=last.day,
                total=last.total,
                band=measure(measure_id).band(last.total),
                risk_days=tuple(
                    sorted(
                        {score.day for score in taken if score.risk} | kept.get(measure_id, set())
                    )
                ),
            )
        )
    return latest


def schedules(session: Session) -> list[MeasureSchedule]:
    return list(session.exec(select(MeasureSchedule).order_by(col(MeasureSchedule.measure))))


def set_schedule(session: Session, measure_ids: list[str], every_days: int, since: date) -> None:
    """The measures this person takes regularly, replacing any earlier choice."""
    for existing in schedules(session):
        session.delete(existing)
    session.flush()
    for measure_id in measure_ids:
        session.add(MeasureSchedule(measure=measure_id, every_days=every_days, since=since))


def choose_measures(session: Session, measure_ids: list[str], since: date) -> None:
    """The measures chosen at intake: taken every DEFAULT_EVERY_DAYS days from `since`; the
    same choice as the schedule already holds keeps its interval and start."""
    from goalcli.core.measures import DEFAULT_EVERY_DAYS

    if set(measure_ids) != {item.measure for item in schedules(session)}:
        set_schedule(session, measure_ids, DEFAULT_EVERY_DAYS, since)


def get_setting(session: Session, key: str) -> str | None:
    found = session.get(Setting, key)
    return None if found is None else found.value


def set_setting(session: Session, key: str, value: str | None) -> None:
    """Set a setting, or clear it with None."""
    found = session.get(Setting, key)
    if value is None:
        if found is not None:
            session.delete(found)
        return
    if found is None:
        found = Setting(key=key, value=value)
    found.value = value
    session.add(found)


def due_measures(session: Session, today: date) -> list[str]:
    """The scheduled measures due today or earlier, in goalcli's order of measures."""
    from goalcli.core.measures import IDS, next_due

    last = {key: taken[-1].day for key, taken in taken_by_measure(session).items()}
    due = {
        item.measure
        for item in schedules(session)
        if next_due(item.since, item.every_days, last.get(item.measure)) <= today
    }
    return [measure_id for measure_id in IDS if measure_id in due]
