"""A realistic six-week history for `goal demo`, built through the normal storage layer."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlmodel import Session

from goalcli.core.demo import DEMO_DAYS, NOTES, demo_plan
from goalcli.storage import checkins, goals, steps

__all__ = ["DEMO_DAYS", "build_demo"]


def build_demo(session: Session, today: date, seed: int = 7) -> None:
    """Six weeks of check-ins: an improving trend with ordinary bad days."""
    rng = random.Random(seed)
    plan = demo_plan(today)
    walk, drinks, calls = goals.save_intake(session, plan)
    for offset in range(DEMO_DAYS + 1):
        day = plan.start_date + timedelta(days=offset)
        share = offset / DEMO_DAYS
        if rng.random() < 0.85:
            mood = round(4 + 2.5 * share + rng.gauss(0, 1.1))
            checkins.save_mood(session, day, max(0, min(10, mood)))
        if rng.random() < 0.8:
            minutes = max(0, round(3 + 20 * share + rng.gauss(0, 4)))
            note = rng.choice(NOTES) if rng.random() < 0.2 else None
            checkins.save_checkin(session, walk, day, minutes, note)
        if rng.random() < 0.7:
            count = max(0, round(4 - 2.6 * share + rng.gauss(0, 0.7)))
            checkins.save_checkin(session, drinks, day, count, None)
        if offset % 7 == 6:
            checkins.save_checkin(session, calls, day, min(3, round(share * 2.2)), None)
    # Steps are ticked off in order, each so many days after the start.
    for goal, done_after in ((walk, (2, 12, 30)), (drinks, (5,)), (calls, (20,))):
        for position, days in enumerate(done_after, start=1):
            steps.mark_steps_done(
                session, goal.id or 0, [position], plan.start_date + timedelta(days=days)
            )
