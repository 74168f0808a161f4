"""The report, `goal show` and the CSV export at scale agree with a slow, plain-Python reading
of the whole history, and the report and `goal show` never scan or sort it.

The history comes from bench/make_history.py (the benchmark's generator): ten goals over
900 days with gaps, breaks, weekly and 3-per-week goals, and unbroken runs longer than the
800 days habit strength looks at, so the SQL aggregates meet every edge they have; earlier goals,
done or dropped, that the report must leave out; and a goal with more changes than `goal show`
lists.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import math
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import Result

from goalcli.core.progress import habit

BENCH = Path(__file__).resolve().parents[2] / "bench"
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
    counts = _make_history().build_history(
        path, goals=10, days=900, today=HISTORY_END, seed=3, checkins=9000
    )
    assert counts["checkins"] >= 9000
    assert counts["earlier_goals"] > 0
    return path


def _reference(
    path: Path, as_of: date, since: date | None, goal_ids: list[int] | None = None
) -> dict[str, object]:
    """Everything the report says, recomputed from all rows, the slow and obvious way; for the
    active goals, or for the goals `goal_ids` whatever their status."""
    db = sqlite3.connect(path)
    goals = [
        (goal_id, baseline, start_text, frequency)
        for goal_id, baseline, start_text, frequency, status in db.execute(
            "SELECT id, baseline, start_date, frequency, status FROM goal ORDER BY id"
        )
        if (goal_id in goal_ids if goal_ids is not None else status == "active")
    ]
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
        # The streak in blocks of the goal's rhythm (1 day, or 7), counted back from as_of,
        # from the block before when the latest falls short.
        num, den = habit.parse_rhythm(frequency)
        block = 1 if (num, den) == (1, 1) else 7

        def held(index: int, block: int = block, days: set[date] = days) -> int:
            last = as_of - timedelta(days=block * index)
            return sum(1 for back in range(block) if last - timedelta(days=back) in days)

        index = 0 if held(0) >= num else 1
        streak = 0
        while held(index) >= num:
            streak += 1
            index += 1
        # Loop Habit Tracker's recurrence over the whole history, with no window at all.
        m = 0.5 ** (math.sqrt(num / den) / 13)
        num2, den2 = (2 * num, 2 * den) if num < den else (num, den)
        score = 0.0
        current_day = start
        while current_day <= as_of:
            k = sum(1 for back in range(den2) if current_day - timedelta(days=back) in days)
            score = score * m + (1.0 - m) * min(1.0, k / num2)
            current_day += timedelta(days=1)
        expected.append(
            {
                "id": goal_id,
                "current": values[-1] if values else baseline,
                # Every goal here is a reading: the mean of the latest 3 values in 28 days.
                "level": round(sum(recent[-3:]) / len(recent[-3:]), 2)
                if (recent := [v for d, v in upto if v is not None and (as_of - d).days < 28])
                else (values[-1] if values else baseline),
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
            for key in (
                "id",
                "current",
                "level",
                "checkins",
                "last_checkin",
                "streak",
                "strength",
            )
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
    assert max(streaks) > habit.STRENGTH_HORIZON_DAYS
    assert min(streaks) < 30


def test_table_and_markdown_reports_run_at_scale(
    history: Path, goal: Callable[..., Result]
) -> None:
    for output_format in ("table", "markdown", "html"):
        result = goal("--db", str(history), "report", "--format", output_format)
        assert result.exit_code == 0, result.output
        assert "Goal 10" in result.stdout


def test_pow_is_provided_when_sqlite_lacks_math_functions() -> None:
    from goalcli.storage import database as db

    connection = sqlite3.connect(":memory:")
    connection.create_function("pow", 2, db._pow, deterministic=True)  # as _functions would
    assert connection.execute("SELECT pow(0.5, 3.0), pow(NULL, 1)").fetchone() == (0.125, None)
    db._functions(connection)  # with pow present, nothing changes
    assert connection.execute("SELECT pow(2.0, 10.0)").fetchone() == (1024.0,)


def _show_reference(path: Path, goal_id: int) -> dict[str, object]:
    """The lists `goal show` prints, from every row of the goal read plainly."""
    db = sqlite3.connect(path)
    checkins = db.execute(
        "SELECT day, value, note FROM checkin WHERE goal_id = ?", (goal_id,)
    ).fetchall()
    changes = db.execute(
        "SELECT id, day, field, old_value, new_value, reason FROM goal_change WHERE goal_id = ?",
        (goal_id,),
    ).fetchall()
    steps = db.execute(
        "SELECT position, text, due_on, done_on FROM step WHERE goal_id = ?", (goal_id,)
    ).fetchall()
    db.close()
    latest = sorted(checkins, reverse=True)[:10]
    changes.sort(key=lambda change: (change[1], change[0]))
    return {
        "recent_checkins": [
            {"date": day, "value": value, "note": note} for day, value, note in latest
        ],
        "changes": [
            {"date": day, "field": field, "old": old, "new": new, "reason": reason}
            for _, day, field, old, new, reason in changes[-50:]
        ],
        "changes_total": len(changes),
        "steps": [
            {"position": position, "text": text, "due": due, "done": done}
            for position, text, due, done in sorted(steps)
        ],
    }


@pytest.mark.parametrize("as_of", ["2026-11-26", "2026-11-27"])
def test_show_agrees_with_the_whole_history(
    history: Path, goal: Callable[..., Result], as_of: str
) -> None:
    db = sqlite3.connect(history)
    ids = {
        status: goal_id
        for goal_id, status in db.execute("SELECT id, status FROM goal ORDER BY id DESC")
    }  # the first goal of each status
    frequencies = dict(db.execute("SELECT frequency, min(id) FROM goal GROUP BY frequency"))
    db.close()
    chosen = sorted({*ids.values(), *frequencies.values()})
    assert len(chosen) >= 5  # active daily (goal 1), weekly, 3 per week; done; dropped
    expected = _reference(history, date.fromisoformat(as_of), None, goal_ids=chosen)
    for entry in expected["goals"]:  # type: ignore[attr-defined]
        result = goal(
            "--db",
            str(history),
            "show",
            str(entry["id"]),
            "--format",
            "json",
            env={"GOALCLI_TODAY": as_of},
        )
        assert result.exit_code == 0, result.output
        document = json.loads(result.stdout)
        standing = {key: document["standing"][key] for key in entry}
        assert standing == entry
        lists = _show_reference(history, entry["id"])
        assert document["recent_checkins"] == lists["recent_checkins"]
        assert document["steps"] == lists["steps"]
        changes = [
            {key: value for key, value in change.items() if key != "text"}
            for change in document["changes"]
        ]
        assert changes == lists["changes"]
    busiest = _show_reference(history, 1)
    assert busiest["changes_total"] > len(busiest["changes"])  # type: ignore[arg-type]


def _csv_value(value: object) -> str:
    """How a spreadsheet reads a stored value in the export: empty for NULL, 30 for 30.0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def test_csv_export_has_one_row_per_checkin(
    history: Path, goal: Callable[..., Result], tmp_path: Path
) -> None:
    db = sqlite3.connect(history)
    goals = {
        goal_id: (title, unit)
        for goal_id, title, unit in db.execute("SELECT id, title, unit FROM goal")
    }
    moods = dict(db.execute("SELECT day, mood FROM mood"))
    checkins = db.execute(
        "SELECT goal_id, day, value, note, pleasure, mastery FROM checkin"
    ).fetchall()
    db.close()
    expected = [
        [
            _csv_value(value)
            for value in (
                goal_id,
                *goals[goal_id],
                day,
                value,
                note,
                moods.get(day),
                pleasure,
                mastery,
            )
        ]
        for goal_id, day, value, note, pleasure, mastery in sorted(
            checkins, key=lambda row: (row[0], row[1])
        )
    ]
    output = tmp_path / "checkins.csv"
    to_file = goal("--db", str(history), "export", "--format", "csv", "--output", str(output))
    assert to_file.exit_code == 0, to_file.output
    to_stdout = goal("--db", str(history), "export", "--format", "csv")
    assert to_stdout.exit_code == 0, to_stdout.output
    assert output.read_text(encoding="utf-8") == to_stdout.stdout
    header, *rows = csv.reader(io.StringIO(to_stdout.stdout))
    assert header == [
        *("goal_id", "goal_title", "unit", "day", "value", "note", "mood"),
        *("pleasure", "mastery"),
    ]
    assert len(rows) == len(checkins) >= 9000
    assert rows == expected


@pytest.mark.parametrize(
    "args",
    [["show", "1"], ["show", "1", "--format", "json"], ["report"], ["report", "--format", "json"]],
)
def test_reading_commands_never_scan_or_sort_the_history(
    history: Path, goal: Callable[..., Result], args: list[str]
) -> None:
    """Every query `goal show` and `goal report` send is an index search on the tables that
    grow with time: no full scan and no sort of check-ins, reviews, changes or moods."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from goalcli.storage import database as goalcli_db

    statements: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", record)
    try:
        result = goal("--db", str(history), *args, env={"GOALCLI_TODAY": "2026-11-26"})
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    assert result.exit_code == 0, result.output
    assert any("checkin" in statement for statement, _ in statements)
    # The figures, their window and the latest notes and values are read over the database
    # module's own connection, past SQLAlchemy's events (storage/figures.py): their plans are
    # checked too.
    from goalcli.storage.figure_queries import GOAL_FIGURES, GOAL_WINDOW, figures_parameters
    from goalcli.storage.figures import GOAL_RECENT

    statements.append((GOAL_FIGURES, figures_parameters(1, HISTORY_END, date(2024, 6, 11))))
    statements.append((GOAL_WINDOW, (1, "2024-06-11", "2026-11-26")))
    recent = (1, "2024-06-11", "2026-11-26", 1, 1, "2026-11-26", 14)
    statements.append((GOAL_RECENT, recent))
    connection = sqlite3.connect(f"{history.absolute().as_uri()}?mode=ro", uri=True)
    goalcli_db._functions(connection)
    # Scans allowed: the goals and intakes (a handful of rows), a constant row, the streak's
    # recursive CTE over itself, and subqueries that are LIMITed index ranges (named as
    # PostgreSQL needs every subquery in FROM to be: notes, latest_values), and the
    # questionnaires taken (one every week or two: tens of rows a year, read whole in date order)
    # and the risk answers kept after one was taken again (fewer still); the steps (a plan's
    # handful per goal, read whole for the patterns' "a step done" days).
    small = {
        "step",
        "goal",
        "intake",
        "CONSTANT",
        "run",
        "notes",
        "latest_values",
        "measure_score",
        "risk_event",
    }
    for statement, parameters in statements:
        plan = [row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)]
        for step in plan:
            if step.startswith("SCAN "):
                scanned = step.split()[1]
                assert scanned in small or scanned.startswith("(subquery"), (step, statement)
            # Sorting the questionnaires taken (tens of rows a year) is as cheap as reading them.
            if "FROM measure_score" not in statement:
                assert "TEMP B-TREE" not in step, (step, statement)
    connection.close()
