"""Session reviews: a goal's GAS level, GBO rating and weight on a day, with what helped and
what got in the way. Every function works inside a session the caller opened (see
database.Database)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, func, select

from goalcli.core import history
from goalcli.errors import InputError
from goalcli.storage.changes import record_change
from goalcli.storage.models import Goal, Review
from goalcli.storage.saving import Saved, now_stamp
from goalcli.storage.steps import add_step


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
    member: str | None = None,
) -> Saved:
    """One review per goal, date and member (None: the shared or only rating); rating the same
    goal again that day updates it. A next step agreed in the review becomes the goal's newest
    step."""
    lock_reviews(session, goal.id or 0)
    if weight is not None and weight != goal.weight:
        goal.weight = weight
        session.add(goal)
    existing = review_on(session, goal.id or 0, day, member)
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
            goal_id=goal.id or 0,
            day=day,
            weight=goal.weight,
            member=member,
            created_at=stamp,
            updated_at=stamp,
        )
        created = True
    else:
        review, created = existing, False
        review.weight = goal.weight
        review.updated_at = stamp
    before = {} if existing is None else review_parts(existing)
    for name, value in fields.items():
        if value is not None:
            setattr(review, name, value)
    session.add(review)
    corrected = ""
    if existing is not None:
        corrected = _record_replaced(
            session, goal.id or 0, day, before, review_parts(review), member
        )
    if next_step:
        add_step(session, goal, next_step)
    return Saved(created=created, corrected=corrected)


def lock_reviews(session: Session, goal_id: int) -> None:
    """Every write of a goal's reviews first locks the goal's row until the transaction ends.
    On a server two devices' writes run at once: without it, two `goal review` of one day both
    found no review and both added one (the second refused by the unique index), and two
    `goal reviews remove` both removed the same row. The second now waits here for the first,
    then reads what the first left, as on SQLite, whose BEGIN IMMEDIATE lets one writer in at
    a time (there FOR UPDATE is not sent at all)."""
    locked = session.exec(select(Goal.id).where(Goal.id == goal_id).with_for_update()).first()
    if locked is None:
        raise InputError(f"Goal {goal_id} no longer exists; nothing was changed.")


def review_parts(review: Review) -> dict[str, object]:
    """A review's ratings and words (history.REVIEW_PARTS) as plain data."""
    return {name: getattr(review, name) for name in history.REVIEW_PARTS}


def _record_replaced(
    session: Session,
    goal_id: int,
    day: date,
    before: dict[str, object],
    after: dict[str, object],
    member: str | None,
) -> str:
    """Record a corrected review with what it was (for `goal undo`); nothing when unchanged.
    Returns what changed, in words ("" when nothing)."""
    differences = history.review_differences(before, after)
    if differences:
        record_change(
            session,
            goal_id,
            _today(),
            "review_replaced",
            history.review_summary(before),
            history.review_summary(after),
            differences,
            # A member's own rating names the member, so undo puts it back as theirs.
            detail={"date": day.isoformat(), **before}
            | ({} if member is None else {"member": member}),
        )
    return differences


def review_on(
    session: Session, goal_id: int, day: date, member: str | None = None
) -> Review | None:
    """A goal's review of `day` by `member` (None: the shared or only rating)."""
    by_member = col(Review.member).is_(None) if member is None else Review.member == member
    return session.exec(
        select(Review).where(Review.goal_id == goal_id, Review.day == day, by_member)
    ).first()


def remove_review(session: Session, goal_id: int, day: date, member: str | None = None) -> Review:
    """Remove a goal's review of `day` (by `member`; None: the shared or only one), recorded in
    its history with every rating it held."""
    lock_reviews(session, goal_id)
    found = review_on(session, goal_id, day, member)
    if found is None:
        raise InputError(f"Goal {goal_id} has no review on {day.isoformat()}; nothing removed.")
    before = review_parts(found)
    record_change(
        session,
        goal_id,
        _today(),
        "review_removed",
        history.review_summary(before),
        None,
        # A member's own review names the member, so undo puts it back as theirs.
        detail={"date": day.isoformat(), **before} | ({} if member is None else {"member": member}),
    )
    session.delete(found)
    return found


def _today() -> date:
    from goalcli.core.dates import today

    return today()


def reviewers(session: Session, goal_id: int, day: date | None = None) -> list[str]:
    """The members who rated the goal (on `day`, if given), by name as their reviews keep it:
    with a member removed since, the one way to name their reviews to correct or remove."""
    query = select(Review.member).where(Review.goal_id == goal_id, col(Review.member).is_not(None))
    if day is not None:
        query = query.where(Review.day == day)
    return sorted({name for name in session.exec(query.distinct()) if name is not None})


def latest_review_day(session: Session, until: date) -> date | None:
    return session.exec(select(func.max(Review.day)).where(Review.day <= until)).one()


def reviews_on(session: Session, day: date) -> list[Review]:
    """Every rating given on `day`, by goal: the shared ones first, then each member's, as
    entered (a day's handful of rows, ordered here rather than by a sort in SQL)."""
    return sorted(session.exec(select(Review).where(Review.day == day)), key=_review_order)


def _review_order(review: Review) -> tuple[int, bool, int]:
    return (review.goal_id, review.member is not None, review.id or 0)


def reviews_of(session: Session, goal_id: int, until: date) -> list[Review]:
    """A goal's reviews in date order (a handful per goal: one per session, or one per member),
    on each date the shared rating first, then each member's as entered. The index on
    (goal_id, day, member) gives the date order; the few rows of a date are ordered here."""
    rows = session.exec(
        select(Review)
        .where(Review.goal_id == goal_id, Review.day <= until)
        .order_by(col(Review.day))
    )
    return sorted(rows, key=lambda review: (review.day, *_review_order(review)[1:]))
