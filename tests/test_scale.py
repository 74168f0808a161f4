"""The report at scale agrees with a slow, plain-Python reading of the whole history.

The history comes from bench/make_history.py (the benchmark's generator): ten goals over
900 days with gaps, breaks, weekly and 3-per-week goals, and unbroken runs longer than the
800 days habit strength looks at, so the SQL aggregates meet every edge they have.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from goalcli import progress

BENCH = Path(__file__).resolve().parent.parent / "bench"
HISTORY_END = date(2026, 11, 26)


def _make_history() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_history", BENCH / "make_history.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "history.db"
    counts = _make_history().build_history(path, goals=10, days=900, today=HISTORY_END, seed=3)
    assert counts["checkins"] > 5000
    return path


def _reference(path: Path, as_of: date, since: date | None) -> dict[str, object]:
    """Everything the report says, recomputed from all rows, the slow and obvious way."""
    db = sqlite3.connect(path)
    goals = db.execute(
        "SELECT id, baseline, start_date, frequency FROM goal WHERE status = 'active' ORDER BY id"
    ).fetchall()
    expected = []
    for goal_id, baseline, start_text, frequency in goals:
        start = date.fromisoformat(start_text)
        rows = [
            (date.fromisoformat(day), value)
            for day, value in db.execute(
                "SELECT day, value FROM checkin WHERE goal_id = ? ORDER BY day", (goal_id,)
            )
        ]
        upto = [(day, value) for day, value in rows if day <= as_of]
        values = [value for _, value in upto if value is not None]
        period = [day for day, _ in upto if day >= (max(start, since) if since else start)]
        days = {day for day, _ in upto if day >= start}
        day = as_of if as_of in days else as_of - timedelta(days=1)
        streak = 0
        while day in days:
            streak += 1
            day -= timedelta(days=1)
        # The recurrence over the whole history, with no window at all.
        m = progress.habit_multiplier(progress.parse_frequency(frequency))
        score = 0.0
        current_day = start
        while current_day <= as_of:
            score = score * m + (1.0 - m) * (current_day in days)
            current_day += timedelta(days=1)
        expected.append(
            {
                "id": goal_id,
                "current": values[-1] if values else baseline,
                "checkins": len(period),
                "last_checkin": max(period).isoformat() if period else None,
                "streak": streak,
                "strength": round(min(1.0, max(0.0, score)), 2),
            }
        )
    moods = {
        date.fromisoformat(day): mood for day, mood in db.execute("SELECT day, mood FROM mood")
    }
    db.close()

    def average(window: int) -> float | None:
        chosen = [
            mood
            for day, mood in moods.items()
            if as_of - timedelta(days=window - 1) <= day <= as_of
        ]
        return round(sum(chosen) / len(chosen), 1) if chosen else None

    return {"goals": expected, "last_7_avg": average(7), "last_30_avg": average(30)}


@pytest.mark.parametrize(
    ("as_of", "since"),
    [
        ("2026-11-26", None),  # the end: unbroken runs longer than the strength window
        ("2026-11-27", None),  # the day after: streaks end yesterday
        ("2025-08-14", None),  # mid-history, with check-ins after as_of
        ("2025-08-14", "2025-06-01"),  # a period
        ("2024-06-20", None),  # nine days after the start (2024-06-11)
        ("2024-05-01", None),  # before the goals started
    ],
)
def test_report_agrees_with_the_whole_history(
    history: Path, goal: Callable[..., Result], as_of: str, since: str | None
) -> None:
    args = ["--db", str(history), "report", "--format", "json"]
    if since:
        args += ["--since", since]
    result = goal(*args, env={"GOALCLI_TODAY": as_of})
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    expected = _reference(
        history, date.fromisoformat(as_of), date.fromisoformat(since) if since else None
    )
    got = [
        {
            key: entry[key]
            for key in ("id", "current", "checkins", "last_checkin", "streak", "strength")
        }
        for entry in document["goals"]
    ]
    assert got == expected["goals"]
    assert document["mood"]["last_7_avg"] == expected["last_7_avg"]
    assert document["mood"]["last_30_avg"] == expected["last_30_avg"]


def test_the_history_has_the_edges_it_claims(history: Path) -> None:
    db = sqlite3.connect(history)
    frequencies = {row[0] for row in db.execute("SELECT frequency FROM goal")}
    db.close()
    assert {"daily", "weekly", "3 per week"} <= frequencies
    expected = _reference(history, HISTORY_END, None)
    streaks = [entry["streak"] for entry in expected["goals"]]  # type: ignore[index]
    assert max(streaks) > progress.STRENGTH_HORIZON_DAYS
    assert min(streaks) < 30


def test_table_and_markdown_reports_run_at_scale(
    history: Path, goal: Callable[..., Result]
) -> None:
    for output_format in ("table", "markdown"):
        result = goal("--db", str(history), "report", "--format", output_format)
        assert result.exit_code == 0, result.output
        assert "Goal 10" in result.stdout


@settings(max_examples=200, deadline=None)
@given(
    offsets=st.sets(st.integers(min_value=-5, max_value=1200), max_size=200),
    span=st.integers(min_value=-3, max_value=1200),
    per_week=st.integers(min_value=1, max_value=7),
)
def test_closed_form_strength_matches_the_recurrence(
    offsets: set[int], span: int, per_week: int
) -> None:
    start = date(2024, 1, 1)
    as_of = start + timedelta(days=span)
    days = {start + timedelta(days=offset) for offset in offsets}
    per_day = per_week / 7
    slow = progress.habit_strength(days, start, as_of, per_day)
    window = progress.habit_strength_window(start, as_of, per_day)
    if window is None:
        assert slow == 0.0
        return
    first, m = window
    weights = sum(m ** (as_of - day).days for day in days if first <= day <= as_of)
    assert progress.habit_strength_from_weights(weights, m) == pytest.approx(slow, abs=1e-12)


def test_pow_is_provided_when_sqlite_lacks_math_functions() -> None:
    from goalcli import db

    connection = sqlite3.connect(":memory:")
    connection.create_function("pow", 2, db._pow, deterministic=True)  # as _functions would
    assert connection.execute("SELECT pow(0.5, 3.0), pow(NULL, 1)").fetchone() == (0.125, None)
    db._functions(connection)  # with pow present, nothing changes
    assert connection.execute("SELECT pow(2.0, 10.0)").fetchone() == (1024.0,)
