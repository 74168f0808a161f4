"""The records a client writes, saved and queried: the intake and its goals, steps, check-ins,
moods, reviews and shown notices; also finding a goal by id or title.

Changing a goal once it is set (edits, status changes, ticking steps, deletion) and the history
those changes leave are goal_store's. Every function here works inside a session the caller
opened (see db.Database); a write is one `database.write()` transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import text as sql_text
from sqlmodel import Session, col, func, select

from goalcli.core.plan import IntakePlan
from goalcli.errors import InputError, quote
from goalcli.storage.models import CheckIn, Goal, Intake, Mood, Notice, Review, Step


def now_stamp() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def save_intake(session: Session, plan: IntakePlan) -> list[Goal]:
    intake = Intake(
        therapy_type=plan.therapy_type,
        expectations=plan.expectations,
        obstacles=plan.obstacles,
        success_feels_like=plan.success_feels_like,
        motivations=plan.motivations,
        support_contact=plan.support_contact,
        created_on=plan.start_date,
    )
    session.add(intake)
    session.flush()
    goals = []
    for goal_plan in plan.goals:
        goal = Goal(
            intake_id=intake.id,
            title=goal_plan.title,
            specific=goal_plan.specific,
            measure=goal_plan.measure,
            unit=goal_plan.unit,
            baseline=goal_plan.baseline,
            target=goal_plan.target,
            relevant=goal_plan.relevant,
            confidence=goal_plan.confidence,
            start_date=plan.start_date,
            target_date=goal_plan.target_date,
            created_at=now_stamp(),
            frequency=goal_plan.frequency,
        )
        session.add(goal)
        session.flush()
        for position, text in enumerate(goal_plan.steps, start=1):
            due = goal_plan.first_step_on if position == goal_plan.first_step else None
            session.add(Step(goal_id=goal.id, position=position, text=text, due_on=due))
        goals.append(goal)
    return goals


def latest_intake(session: Session) -> Intake | None:
    return session.exec(select(Intake).order_by(col(Intake.id).desc()).limit(1)).first()


def goals(session: Session, *, include_all: bool = False) -> list[Goal]:
    query = select(Goal).order_by(col(Goal.id))
    if not include_all:
        query = query.where(Goal.status == "active")
    return list(session.exec(query))


def find_goal(session: Session, reference: str, *, include_all: bool = True) -> Goal:
    """GOAL is an id, or a case-insensitive prefix of a title that matches exactly one goal."""
    text = reference.strip()
    candidates = goals(session, include_all=include_all)
    # isdecimal and short, not isdigit: int() refuses '²' and numbers of over 4300 digits.
    if text.isascii() and text.isdecimal() and len(text) <= 18:
        for goal in candidates:
            if goal.id == int(text):
                return goal
    matches = [goal for goal in candidates if goal.title.casefold().startswith(text.casefold())]
    if text and len(matches) == 1:
        return matches[0]
    if len(matches) > 1 and text:
        # Ids only: goal titles are the client's own words and stay out of error messages.
        ids = ", ".join(str(goal.id) for goal in matches)
        raise InputError(
            f"{quote(reference)} matches several goals (ids {ids}); use the id or more of the title."
        )
    raise InputError(
        f"No goal matches {quote(reference)}; `goal list` shows the goals and their ids."
    )


def steps_of(session: Session, goal_id: int) -> list[Step]:
    return list(
        session.exec(select(Step).where(Step.goal_id == goal_id).order_by(col(Step.position)))
    )


def steps_of_goals(session: Session, goal_ids: list[int]) -> dict[int, list[Step]]:
    """Several goals' steps in one query, each goal's in position order."""
    found: dict[int, list[Step]] = {goal_id: [] for goal_id in goal_ids}
    if goal_ids:
        query = (
            select(Step)
            .where(col(Step.goal_id).in_(goal_ids))
            .order_by(col(Step.goal_id), col(Step.position))
        )
        for step in session.exec(query):
            found[step.goal_id].append(step)
    return found


@dataclass(frozen=True)
class Saved:
    created: bool  # False when an existing record for that day was updated


def save_checkin(
    session: Session, goal: Goal, day: date, value: float | None, note: str | None
) -> Saved:
    """One check-in per goal per day: a second one on the same day updates what was given."""
    existing = session.exec(
        select(CheckIn).where(CheckIn.goal_id == goal.id, CheckIn.day == day)
    ).first()
    stamp = now_stamp()
    if existing is None:
        session.add(
            CheckIn(
                goal_id=goal.id or 0,
                day=day,
                value=value,
                note=note,
                created_at=stamp,
                updated_at=stamp,
            )
        )
        return Saved(created=True)
    if value is not None:
        existing.value = value
    if note is not None:
        existing.note = note
    existing.updated_at = stamp
    session.add(existing)
    return Saved(created=False)


def save_mood(session: Session, day: date, mood: int) -> Saved:
    existing = session.get(Mood, day)
    if existing is None:
        session.add(Mood(day=day, mood=mood, updated_at=now_stamp()))
        return Saved(created=True)
    existing.mood = mood
    existing.updated_at = now_stamp()
    session.add(existing)
    return Saved(created=False)


def latest_value(session: Session, goal_id: int, until: date) -> float | None:
    return session.exec(
        select(CheckIn.value)
        .where(CheckIn.goal_id == goal_id, CheckIn.day <= until, col(CheckIn.value).is_not(None))
        .order_by(col(CheckIn.day).desc())
        .limit(1)
    ).first()


def recent_checkins(session: Session, goal_id: int, limit: int) -> list[CheckIn]:
    """The latest `limit` check-ins of a goal, newest first (an index range, never all)."""
    return list(
        session.exec(
            select(CheckIn)
            .where(CheckIn.goal_id == goal_id)
            .order_by(col(CheckIn.day).desc())
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class GoalFigures:
    """A goal's report figures, aggregated in SQL over the (goal_id, day) indexes."""

    latest_value: float | None  # the latest check-in with a value, up to as_of
    checkins: int  # check-ins in the period
    last_checkin: date | None  # the latest one in the period
    strength_weights: float  # Σ m**(as_of − d) over check-in days d in the strength window
    streak: int  # consecutive check-in days ending as_of (or the day before), from start
    gas: int | None  # the latest GAS level given
    gbo_first: int | None  # the first and latest GBO ratings given
    gbo_last: int | None


# One round trip per goal. Every subquery is a range or point lookup on UNIQUE(goal_id, day)
# of checkin or review; none loads rows into Python, and only the count and the strength sum
# visit more than a handful of index entries (the period, and at most the 800-day window).
# The streak walks back one day at a time from as_of (or the day before when as_of has no
# check-in), each step one index probe, so it costs the streak's length, not the history's.
_GOAL_FIGURES = sql_text("""
SELECT
  (SELECT value FROM checkin
    WHERE goal_id = :goal AND day <= :as_of AND value IS NOT NULL
    ORDER BY day DESC LIMIT 1),
  (SELECT count(*) FROM checkin WHERE goal_id = :goal AND day BETWEEN :period AND :as_of),
  (SELECT max(day) FROM checkin WHERE goal_id = :goal AND day BETWEEN :period AND :as_of),
  (SELECT total(pow(:m, julianday(:as_of) - julianday(day))) FROM checkin
    WHERE goal_id = :goal AND day BETWEEN :first AND :as_of),
  (WITH RECURSIVE run(day) AS (
     SELECT CASE WHEN EXISTS (SELECT 1 FROM checkin WHERE goal_id = :goal AND day = :as_of)
                 THEN :as_of ELSE date(:as_of, '-1 day') END
     UNION ALL
     SELECT date(run.day, '-1 day') FROM run
      WHERE run.day >= :start
        AND EXISTS (SELECT 1 FROM checkin WHERE goal_id = :goal AND day = run.day))
   SELECT count(*) - 1 FROM run),
  (SELECT gas FROM review
    WHERE goal_id = :goal AND day <= :as_of AND gas IS NOT NULL ORDER BY day DESC LIMIT 1),
  (SELECT gbo FROM review
    WHERE goal_id = :goal AND day <= :as_of AND gbo IS NOT NULL ORDER BY day ASC LIMIT 1),
  (SELECT gbo FROM review
    WHERE goal_id = :goal AND day <= :as_of AND gbo IS NOT NULL ORDER BY day DESC LIMIT 1)
""")


def goal_figures(
    session: Session,
    goal_id: int,
    *,
    as_of: date,
    start: date,
    period_start: date,
    strength_first: date,
    multiplier: float,
) -> GoalFigures:
    """The figures the report shows for one goal; see _GOAL_FIGURES for what each costs."""
    row = session.execute(
        _GOAL_FIGURES,
        {
            "goal": goal_id,
            "as_of": as_of.isoformat(),
            "start": start.isoformat(),
            "period": period_start.isoformat(),
            "first": strength_first.isoformat(),
            "m": multiplier,
        },
    ).one()
    latest, count, last, weights, streak, gas, gbo_first, gbo_last = row
    return GoalFigures(
        latest_value=latest,
        checkins=int(count),
        last_checkin=date.fromisoformat(last) if last else None,
        strength_weights=float(weights),
        streak=max(0, int(streak)),
        gas=gas,
        gbo_first=gbo_first,
        gbo_last=gbo_last,
    )


# A goal's latest notes in a period and latest values, newest first, in one round trip; each
# half reads at most its LIMIT of entries from the end of the goal's (goal_id, day) range.
_GOAL_RECENT = sql_text("""
SELECT * FROM (
  SELECT 'note', day, note FROM checkin
   WHERE goal_id = :goal AND day BETWEEN :period AND :as_of AND note IS NOT NULL AND note != ''
   ORDER BY day DESC LIMIT :notes)
UNION ALL
SELECT * FROM (
  SELECT 'value', day, value FROM checkin
   WHERE goal_id = :goal AND day <= :as_of AND value IS NOT NULL
   ORDER BY day DESC LIMIT :values)
""")


def goal_recent(
    session: Session, goal_id: int, *, as_of: date, period_start: date, notes: int, values: int
) -> tuple[list[tuple[date, str]], list[float]]:
    """The period's latest `notes` notes (newest first) and the goal's latest `values` values
    (oldest first, for a trend line)."""
    rows = session.execute(
        _GOAL_RECENT,
        {
            "goal": goal_id,
            "as_of": as_of.isoformat(),
            "period": period_start.isoformat(),
            "notes": notes,
            "values": values,
        },
    ).all()
    written = [(date.fromisoformat(day), note) for kind, day, note in rows if kind == "note"]
    recent = [value for kind, _, value in rows if kind == "value"]
    return written, recent[::-1]


def moods_between(session: Session, since: date, until: date) -> dict[date, int]:
    rows = session.exec(select(Mood.day, Mood.mood).where(Mood.day >= since, Mood.day <= until))
    return {day: mood for day, mood in rows}


def add_step(session: Session, goal: Goal, text: str, due_on: date | None = None) -> Step:
    last = session.exec(select(func.max(Step.position)).where(Step.goal_id == goal.id)).one()
    step = Step(goal_id=goal.id or 0, position=(last or 0) + 1, text=text, due_on=due_on)
    session.add(step)
    return step


def save_review(
    session: Session,
    goal: Goal,
    day: date,
    *,
    gas: int | None,
    gbo: int | None,
    weight: int | None,
    helped: str | None = None,
    hindered: str | None = None,
    next_step: str | None = None,
    note: str | None = None,
) -> Saved:
    """One review per goal per date; rating the same goal again that day updates it."""
    if weight is not None and weight != goal.weight:
        goal.weight = weight
        session.add(goal)
    existing = session.exec(
        select(Review).where(Review.goal_id == goal.id, Review.day == day)
    ).first()
    stamp = now_stamp()
    fields = {
        "gas": gas,
        "gbo": gbo,
        "helped": helped,
        "hindered": hindered,
        "next_step": next_step,
        "note": note,
    }
    if existing is None:
        review = Review(
            goal_id=goal.id or 0, day=day, weight=goal.weight, created_at=stamp, updated_at=stamp
        )
        created = True
    else:
        review, created = existing, False
        review.weight = goal.weight
        review.updated_at = stamp
    for name, value in fields.items():
        if value is not None:
            setattr(review, name, value)
    session.add(review)
    if next_step:
        add_step(session, goal, next_step)
    return Saved(created=created)


def latest_review_day(session: Session, until: date) -> date | None:
    return session.exec(select(func.max(Review.day)).where(Review.day <= until)).one()


def reviews_on(session: Session, day: date) -> list[Review]:
    return list(session.exec(select(Review).where(Review.day == day)))


def reviews_of(session: Session, goal_id: int, until: date) -> list[Review]:
    """A goal's reviews in date order (a handful per goal: one per session)."""
    return list(
        session.exec(
            select(Review)
            .where(Review.goal_id == goal_id, Review.day <= until)
            .order_by(col(Review.day))
        )
    )


def recent_moods(session: Session, until: date, limit: int) -> list[tuple[date, int]]:
    """The latest `limit` logged moods up to `until`, newest first."""
    rows = session.exec(
        select(Mood.day, Mood.mood)
        .where(Mood.day <= until)
        .order_by(col(Mood.day).desc())
        .limit(limit)
    )
    return [(day, mood) for day, mood in rows]


def notice_shown(session: Session, kind: str, day: date) -> bool:
    return session.get(Notice, (kind, day)) is not None


def mark_notice_shown(session: Session, kind: str, day: date) -> None:
    if session.get(Notice, (kind, day)) is None:
        session.add(Notice(kind=kind, day=day))
