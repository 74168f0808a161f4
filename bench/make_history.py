"""Build a realistic synthetic goalcli history, for benchmarks and tests at scale.

    python bench/make_history.py --db /tmp/big.db --goals 50 --days 2000 [--today 2026-11-26]

Everything goes through goalcli's own storage layer (open_database, Database.write() and the
SQLModel tables) in one transaction, with bulk inserts, so 100,000 check-ins take seconds.
The randomness is seeded: the same arguments build the same history.

The history has what real ones have: values that trend from baseline towards the target with
noise and bad days, check-ins with and without a value or a note, gaps of a day and breaks of
weeks, goals checked in daily, weekly and a few times a week, long unbroken runs (longer than the
800 days habit strength looks at), moods, steps done and open, fortnightly session reviews and a
few recorded goal changes.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

FREQUENCIES = ["daily"] * 8 + ["3 per week", "weekly"]
NOTES = [
    "Hard to get going, but I did it.",
    "Rain, so I walked around the shopping centre instead.",
    "Felt lighter afterwards.",
    "Long shift; counted it as a win that I logged at all.",
    "Talked to my sister about how the week went.",
    "Noticed I was tense before the call, then fine.",
    "Slept badly; [bold]still[/bold] tried.",
]


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T20:00:00+00:00"


def _checkin_days(
    rng: random.Random, index: int, start: date, today: date, freq: str
) -> list[date]:
    """Which days goal number `index` was checked in on, with its own pattern of gaps."""
    total = (today - start).days + 1
    if index % 5 == 0 and freq == "daily":
        # A long unbroken run ending today (or yesterday): exercises long streaks.
        run = min(total, 850 + index)
        first = total - run
        end_offset = total - 1 if index % 10 == 0 else total - 2
        return [start + timedelta(days=offset) for offset in range(first, end_offset + 1)]
    if freq == "weekly":
        days = [start + timedelta(days=offset) for offset in range(0, total, 7)]
        return [day for day in days if rng.random() < 0.9]
    keep = 0.6 if freq == "3 per week" else rng.uniform(0.9, 1.0)
    days = []
    breaking = 0
    for offset in range(total):
        if breaking:
            breaking -= 1
            continue
        if rng.random() < 0.001:  # a break of a few weeks (illness, holidays)
            breaking = rng.randint(7, 40)
            continue
        if rng.random() < keep:
            days.append(start + timedelta(days=offset))
    return days


def build_history(
    db_path: Path, goals: int, days: int, today: date, seed: int = 1
) -> dict[str, int]:
    """Create the database at `db_path` (which must not exist) and fill it; returns row counts."""
    from sqlalchemy import insert

    from goalcli.db import open_database
    from goalcli.models import CheckIn, Goal, GoalChange, Intake, Mood, Review, Step

    if db_path.exists():
        raise SystemExit(f"{db_path} exists already; make_history only builds new databases.")
    rng = random.Random(seed)
    database = open_database(db_path, create=True)
    assert database is not None
    start = today - timedelta(days=days - 1)
    counts = {"goals": goals, "checkins": 0, "moods": 0, "steps": 0, "reviews": 0, "changes": 0}
    try:
        with database.write() as session:
            intake = Intake(
                therapy_type="individual",
                expectations="Feel less stuck in the mornings",
                obstacles="Night shifts; I give up when I miss a day",
                success_feels_like="Waking up and wanting to go outside",
                motivations="My kids notice when I'm low",
                support_contact="My sister, 555-0100",
                created_on=start,
            )
            session.add(intake)
            session.flush()
            goal_rows = []
            for index in range(goals):
                baseline = float(rng.choice([0, 2, 5, 10, 20]))
                target = baseline + rng.choice([-1, 1]) * rng.choice([5, 10, 30])
                if target < 0:
                    target = baseline + 10
                goal_rows.append(
                    Goal(
                        intake_id=intake.id,
                        title=f"Goal {index + 1:02d} {rng.choice(['Walk', 'Read', 'Call', 'Sleep', 'Drink'])}",
                        specific=f"Do the thing number {index + 1} after lunch on weekdays",
                        measure="minutes per day",
                        unit="minutes",
                        baseline=baseline,
                        target=target,
                        relevant="It lifts my mood",
                        confidence=rng.randint(3, 9),
                        start_date=start,
                        target_date=today + timedelta(days=rng.randint(-30, 120)),
                        created_at=_stamp(start),
                        frequency=FREQUENCIES[index % len(FREQUENCIES)],
                        weight=rng.randint(1, 3),
                    )
                )
            session.add_all(goal_rows)
            session.flush()

            checkins: list[dict[str, Any]] = []
            steps: list[dict[str, Any]] = []
            reviews: list[dict[str, Any]] = []
            changes: list[dict[str, Any]] = []
            for index, goal in enumerate(goal_rows):
                goal_id = goal.id or 0
                span = goal.target - goal.baseline
                for day in _checkin_days(rng, index, start, today, goal.frequency):
                    share = (day - start).days / max(days - 1, 1)
                    value: float | None = round(
                        goal.baseline + span * share * 0.9 + rng.gauss(0, abs(span) * 0.12), 1
                    )
                    if rng.random() < 0.05:
                        value = None  # a check-in with only a note or steps
                    note = rng.choice(NOTES) if rng.random() < 0.1 else None
                    checkins.append(
                        {
                            "goal_id": goal_id,
                            "day": day,
                            "value": value,
                            "note": note,
                            "created_at": _stamp(day),
                            "updated_at": _stamp(day),
                        }
                    )
                total_steps = rng.randint(3, 6)
                for position in range(1, total_steps + 1):
                    done = position <= rng.randint(0, total_steps)
                    steps.append(
                        {
                            "goal_id": goal_id,
                            "position": position,
                            "text": f"Step {position} of goal {goal_id}",
                            "due_on": start + timedelta(days=position * 7),
                            "done_on": start + timedelta(days=position * 9) if done else None,
                        }
                    )
                for offset in range(13, days, 14):  # a session every fortnight
                    day = start + timedelta(days=offset)
                    share = offset / max(days - 1, 1)
                    reviews.append(
                        {
                            "goal_id": goal_id,
                            "day": day,
                            "gas": max(-2, min(2, round(-2 + 3 * share + rng.gauss(0, 0.6)))),
                            "gbo": max(0, min(10, round(2 + 6 * share + rng.gauss(0, 1.2)))),
                            "weight": goal.weight,
                            "note": rng.choice(NOTES) if rng.random() < 0.3 else None,
                            "created_at": _stamp(day),
                            "updated_at": _stamp(day),
                        }
                    )
                if index % 7 == 3:
                    day = start + timedelta(days=min(days - 1, 30 + index))
                    changes.append(
                        {
                            "goal_id": goal_id,
                            "day": day,
                            "field": "target_date",
                            "old_value": (goal.target_date - timedelta(days=60)).isoformat(),
                            "new_value": goal.target_date.isoformat(),
                            "reason": None,
                            "created_at": _stamp(day),
                        }
                    )
            moods = []
            for offset in range(days):
                if rng.random() < 0.85:
                    day = start + timedelta(days=offset)
                    share = offset / max(days - 1, 1)
                    mood = max(0, min(10, round(4 + 3 * share + rng.gauss(0, 1.3))))
                    moods.append({"day": day, "mood": mood, "updated_at": _stamp(day)})
            for model, rows in (
                (CheckIn, checkins),
                (Step, steps),
                (Review, reviews),
                (GoalChange, changes),
                (Mood, moods),
            ):
                if rows:
                    session.execute(insert(model), rows)
            counts.update(
                checkins=len(checkins),
                moods=len(moods),
                steps=len(steps),
                reviews=len(reviews),
                changes=len(changes),
            )
    finally:
        database.close()
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db", required=True, type=Path, help="database to create (must not exist)"
    )
    parser.add_argument("--goals", type=int, default=50)
    parser.add_argument("--days", type=int, default=2000)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 26))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    began = time.perf_counter()
    counts = build_history(args.db, args.goals, args.days, args.today, args.seed)
    took = time.perf_counter() - began
    summary = ", ".join(f"{count} {name}" for name, count in counts.items())
    print(f"Built {args.db} in {took:.1f} s: {summary}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
