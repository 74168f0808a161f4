"""Build a realistic synthetic goalcli history, for benchmarks and tests at scale.

    python bench/make_history.py --db /tmp/big.db --goals 50 --days 2000 [--checkins 100000]

Everything goes through goalcli's own storage layer (open_database, Database.write() and the
SQLModel tables) in one transaction, with bulk inserts, so 100,000 check-ins take seconds.
The randomness is seeded: the same arguments build the same history.

The history has what real ones have: values that trend from baseline towards the target with
noise and bad days, check-ins with and without a value or a note, gaps of a day and breaks of
weeks, goals checked in daily, weekly and a few times a week, long unbroken runs (longer than the
800 days habit strength looks at), moods, steps done and open, fortnightly session reviews and
recorded goal changes (goal 1 is the busy one: edited at most sessions, more often than
`goal show` lists).

`--goals` goals are active and run over all `--days` days. With gaps, they cannot hold goals x
days check-ins (that is one every day for every goal); `--checkins N` adds earlier goals, done
or dropped after a few months to a year and a half, inside the same days, until the history holds
at least N check-ins: the benchmark's 50 goals x 2,000 days history asks for the 100,000 its
issue names.
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
        # Checked in with gaps, then a long unbroken run ending today (or yesterday):
        # exercises long streaks.
        run = min(total, 850 + index)
        first = total - run
        end_offset = total - 1 if index % 10 == 0 else total - 2
        # The day before the run is a gap, so the run is exactly as long as it says.
        before = _gappy(rng, start, max(0, first - 1), keep=rng.uniform(0.9, 1.0))
        return before + [start + timedelta(days=offset) for offset in range(first, end_offset + 1)]
    if freq == "weekly":
        days = [start + timedelta(days=offset) for offset in range(0, total, 7)]
        return [day for day in days if rng.random() < 0.9]
    keep = 0.6 if freq == "3 per week" else rng.uniform(0.93, 1.0)
    return _gappy(rng, start, total, keep)


def _gappy(rng: random.Random, start: date, total: int, keep: float) -> list[date]:
    """Days among the `total` from `start`, each kept with probability `keep`, with breaks."""
    days = []
    breaking = 0
    for offset in range(total):
        if breaking:
            breaking -= 1
            continue
        if rng.random() < 0.0007:  # a break of a few weeks (illness, holidays)
            breaking = rng.randint(7, 40)
            continue
        if rng.random() < keep:
            days.append(start + timedelta(days=offset))
    return days


def build_history(
    db_path: Path, goals: int, days: int, today: date, seed: int = 1, checkins: int = 0
) -> dict[str, int]:
    """Create the database at `db_path` (which must not exist) and fill it; returns row counts.

    `checkins`: add earlier, finished goals until the history holds at least that many.
    """
    from sqlalchemy import insert

    from goalcli.storage.database import open_database
    from goalcli.storage.models import CheckIn, GoalChange, Intake, Mood, Review, Step

    if db_path.exists():
        raise SystemExit(f"{db_path} exists already; make_history only builds new databases.")
    rng = random.Random(seed)
    database = open_database(db_path, create=True)
    assert database is not None
    start = today - timedelta(days=days - 1)
    counts = {"goals": goals, "earlier_goals": 0}
    rows: dict[Any, list[dict[str, Any]]] = {
        CheckIn: [],
        Step: [],
        Review: [],
        GoalChange: [],
        Mood: [],
    }
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
                goal_rows.append(_goal(rng, intake.id, index, start, today, "active"))
            session.add_all(goal_rows)
            session.flush()
            for index, goal in enumerate(goal_rows):
                checkin_days = _checkin_days(rng, index, start, today, goal.frequency)
                _children(rng, rows, goal, index, checkin_days, start, today)

            # Earlier goals, each done or dropped after a few months, until there are enough.
            index = goals
            last_start = today - timedelta(days=120)
            while len(rows[CheckIn]) < checkins and start < last_start:
                began = start + timedelta(days=rng.randint(0, (last_start - start).days))
                ended = min(today - timedelta(days=1), began + timedelta(rng.randint(90, 540)))
                status = "dropped" if index % 3 == 0 else "done"
                goal = _goal(rng, intake.id, index, began, ended, status)
                session.add(goal)
                session.flush()
                keep = rng.uniform(0.85, 0.98)
                checkin_days = _gappy(rng, began, (ended - began).days + 1, keep)
                _children(rng, rows, goal, index, checkin_days, began, ended)
                rows[GoalChange].append(_change(goal, ended, "status", "active", status))
                counts["earlier_goals"] += 1
                index += 1

            for offset in range(days):
                if rng.random() < 0.85:
                    day = start + timedelta(days=offset)
                    share = offset / max(days - 1, 1)
                    mood = max(0, min(10, round(4 + 3 * share + rng.gauss(0, 1.3))))
                    rows[Mood].append({"day": day, "mood": mood, "updated_at": _stamp(day)})
            for model, batch in rows.items():
                if batch:
                    session.execute(insert(model), batch)
    finally:
        database.close()
    counts.update(
        checkins=len(rows[CheckIn]),
        moods=len(rows[Mood]),
        steps=len(rows[Step]),
        reviews=len(rows[Review]),
        changes=len(rows[GoalChange]),
    )
    return counts


def _goal(
    rng: random.Random, intake_id: int | None, index: int, start: date, end: date, status: str
) -> Any:
    from goalcli.storage.models import Goal

    baseline = float(rng.choice([0, 2, 5, 10, 20]))
    target = baseline + rng.choice([-1, 1]) * rng.choice([5, 10, 30])
    if target < 0:
        target = baseline + 10
    earlier = status != "active"
    return Goal(
        intake_id=intake_id,
        title=f"{'Earlier goal' if earlier else 'Goal'} {index + 1:02d} "
        f"{rng.choice(['Walk', 'Read', 'Call', 'Sleep', 'Drink'])}",
        specific=f"Do the thing number {index + 1} after lunch on weekdays",
        measure="minutes per day",
        unit="minutes",
        baseline=baseline,
        target=target,
        relevant="It lifts my mood",
        confidence=rng.randint(3, 9),
        start_date=start,
        target_date=end + timedelta(days=rng.randint(-30, 120)),
        created_at=_stamp(start),
        status=status,
        frequency="daily" if earlier else FREQUENCIES[index % len(FREQUENCIES)],
        weight=rng.randint(1, 3),
    )


def _change(goal: Any, day: date, field: str, old: str, new: str) -> dict[str, Any]:
    return {
        "goal_id": goal.id,
        "day": day,
        "field": field,
        "old_value": old,
        "new_value": new,
        "reason": None,
        "created_at": _stamp(day),
    }


def _children(
    rng: random.Random,
    rows: dict[Any, list[dict[str, Any]]],
    goal: Any,
    index: int,
    checkin_days: list[date],
    start: date,
    end: date,
) -> None:
    """The goal's check-ins on `checkin_days`, and its steps, reviews and changes up to `end`."""
    from goalcli.storage.models import CheckIn, GoalChange, Review, Step

    goal_id = goal.id or 0
    span = goal.target - goal.baseline
    length = max((end - start).days, 1)
    checkins = rows[CheckIn]
    for day in checkin_days:
        share = (day - start).days / length
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
        done = position <= rng.randint(0, total_steps) or goal.status == "done"
        due = min(end, start + timedelta(days=position * 7))
        rows[Step].append(
            {
                "goal_id": goal_id,
                "position": position,
                "text": f"Step {position} of goal {goal_id}",
                "due_on": due,
                "done_on": min(end, start + timedelta(days=position * 9)) if done else None,
            }
        )
    for offset in range(13, length + 1, 14):  # a session every fortnight
        day = start + timedelta(days=offset)
        share = offset / length
        rows[Review].append(
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
    # Edits: the target date moved and the confidence re-rated now and then; goal 1 (index 0)
    # at most fortnightly sessions, so it has more changes than `goal show` lists. The goal ends
    # up with the last values its changes gave it.
    every = 12 if index == 0 else rng.randint(90, 400)
    day = start + timedelta(days=rng.randint(10, every))
    while day < end:
        if rng.random() < 0.5:
            moved = goal.target_date + timedelta(days=rng.choice([-30, 30, 60, 90]))
            old, new, field = goal.target_date.isoformat(), moved.isoformat(), "target_date"
            goal.target_date = moved
        else:
            rated = max(0, min(10, goal.confidence + rng.choice([-2, -1, 1, 2])))
            if rated == goal.confidence:
                rated = 5
            old, new, field = str(goal.confidence), str(rated), "confidence"
            goal.confidence = rated
        if old != new:
            rows[GoalChange].append(_change(goal, day, field, old, new))
        day += timedelta(days=rng.randint(max(1, every // 2), every * 3 // 2))


def as_profiles(source: Path, data_dir: Path, count: int) -> list[Path]:
    """Copies of the database `source` as `count` profiles (p00, p01, ...) under `data_dir`
    (an XDG data folder): the caseload's bench reads many profiles of the same size."""
    import shutil

    folder = data_dir / "goalcli" / "profiles"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    made = []
    for number in range(count):
        target = folder / f"p{number:02d}.db"
        if not target.exists():
            shutil.copyfile(source, target)
        made.append(target)
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db", required=True, type=Path, help="database to create (must not exist)"
    )
    parser.add_argument("--goals", type=int, default=50)
    parser.add_argument("--days", type=int, default=2000)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 26))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--checkins",
        type=int,
        default=0,
        help="add earlier, finished goals until there are at least this many check-ins",
    )
    args = parser.parse_args(argv)
    began = time.perf_counter()
    counts = build_history(
        args.db, args.goals, args.days, args.today, args.seed, checkins=args.checkins
    )
    took = time.perf_counter() - began
    summary = ", ".join(f"{count} {name}" for name, count in counts.items())
    print(f"Built {args.db} in {took:.1f} s: {summary}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
