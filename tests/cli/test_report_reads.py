"""`goal report` reads what every goal needs in one statement for all goals (issue 26): the
number of statements it sends does not grow with the number of goals, apart from the figures'
own per-goal statements (storage/figure_queries.py: the aggregates and the bounded window, and
for the table the latest note and values).

A per-goal query costs more to build than to run, so a report of 50 goals spent most of its
time building them; this test fails if one comes back (excused days, changes, the signals'
values, the patterns' days, ...).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from lib.answers import answers_toml, walk_outside

# Every test here runs on SQLite and on PostgreSQL (lib/postgres.py): the same counts.
pytestmark = pytest.mark.usefixtures("engine")

Run = Callable[..., Result]
TODAY = {"GOALCLI_TODAY": "2026-11-26"}

# The figures' per-goal statements, by words only they contain (storage/figure_queries.py's
# GOAL_FIGURES, GOAL_WINDOW and GOAL_STREAK_FROM, storage/figures.py's _GOAL_RECENT; the
# streak's goes on only for a run older than the window, which no goal here has).
FIGURES_PER_GOAL = (
    "(SELECT gas FROM review",
    "SELECT day, value FROM checkin",
    "WITH RECURSIVE run",
    "SELECT 'note'",
)


@contextmanager
def counted() -> Iterator[dict[str, int]]:
    """Count the statements sent that read (SELECT or WITH), apart and with the figures':
    those sent through SQLAlchemy, and those sent over the database module's own connection
    (storage.database.sqlite_connection, which the figures' window is read over)."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from goalcli.storage import figures

    counts = {"reads": 0, "figures": 0}

    def count(statement: str) -> None:
        statement = statement.lstrip()
        if not statement.upper().startswith(("SELECT", "WITH")):
            return
        kind = "figures" if any(words in statement for words in FIGURES_PER_GOAL) else "reads"
        counts[kind] += 1

    def record(*args: Any) -> None:
        count(str(args[2]))

    class Counting:
        def __init__(self, connection: Any) -> None:
            self.connection = connection

        def execute(self, statement: str, *parameters: Any) -> Any:
            count(statement)
            return self.connection.execute(statement, *parameters)

    own_connection = figures.sqlite_connection
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            figures, "sqlite_connection", lambda session: Counting(own_connection(session))
        )
        event.listen(Engine, "before_cursor_execute", record)
        try:
            yield counts
        finally:
            event.remove(Engine, "before_cursor_execute", record)


def _add_goal(goal: Run, number: int, tmp_path: Path) -> None:
    """Goal `number`, started three weeks ago, with a history of every kind the report reads
    per goal: values and notes, moods, an excused day, a change, a step done and rated."""
    if number == 1:  # the plan, made with the first goal
        answers = tmp_path / "plan.toml"
        answers.write_text(
            answers_toml(
                "2026-11-05", walk_outside(target_date="2027-03-01", first_step_on="2026-11-06")
            ),
            encoding="utf-8",
        )
        result = goal("intake", "--answers", str(answers), env=TODAY)
    else:
        result = goal(
            "add",
            *("--title", f"Walk {number}", "--specific", "Walk after lunch"),
            *("--measure", "minutes walked", "--unit", "minutes", "--baseline", "0"),
            *("--target", "30", "--relevant", "Moving lifts my mood", "--confidence", "7"),
            *("--target-date", "2027-03-01", "--step", "Put shoes by the door"),
            *("--first-step", "1", "--first-step-on", "2026-11-06", "--start-date", "2026-11-05"),
            env=TODAY,
        )
    assert result.exit_code == 0, result.output
    for day in range(6, 26, 3):
        logged = goal(
            "log",
            str(number),
            "--value",
            str(day),
            "--note",
            f"walked #park {day}",
            "--mood",
            str(day % 10),
            "--date",
            f"2026-11-{day:02d}",
            env=TODAY,
        )
        assert logged.exit_code == 0, logged.output
    for args in (
        ["skip", str(number), "--date", "2026-11-20", "--reason", "ill"],
        ["edit", str(number), "--target", "40"],
        ["step", "done", str(number), "1", "--date", "2026-11-10", "--pleasure", "7"],
    ):
        result = goal(*args, env=TODAY)
        assert result.exit_code == 0, (args, result.output)


def _report_reads(goal: Run, *args: str) -> dict[str, int]:
    with counted() as counts:
        result = goal("report", *args, env=TODAY | {"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    return counts


@pytest.mark.parametrize(
    ("args", "figures_per_goal"), [(("--format", "json"), 2), ((), 3)], ids=["json", "table"]
)
def test_report_statements_do_not_grow_with_the_goals(
    goal: Run, tmp_path: Path, args: tuple[str, ...], figures_per_goal: int
) -> None:
    _add_goal(goal, 1, tmp_path)
    one = _report_reads(goal, *args)
    for number in (2, 3, 4):
        _add_goal(goal, number, tmp_path)
    four = _report_reads(goal, *args)
    # The report really read these goals' figures, one goal by one...
    assert one["figures"] == figures_per_goal
    assert four["figures"] == 4 * figures_per_goal
    # ...and everything else in the same statements for four goals as for one.
    assert four["reads"] == one["reads"], (one, four)


def test_report_collects_garbage_less_often_while_it_reads_and_draws(
    goal: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full collection searches every loaded module's objects: the report raises the young
    generation's threshold while it reads and draws (commands/_shared.fewer_collections), so a
    long history sets off fewer of them, and puts it back afterwards."""
    import gc

    from goalcli.commands._shared import YOUNG_COLLECTION_THRESHOLD
    from goalcli.render import report as render_report
    from goalcli.views import report as reporting

    seen: list[tuple[str, int]] = []
    build, draw = reporting.build_report, render_report.goal_table

    def building(*args: Any, **kwargs: Any) -> Any:
        seen.append(("read", gc.get_threshold()[0]))
        return build(*args, **kwargs)

    def drawing(*args: Any, **kwargs: Any) -> Any:
        seen.append(("draw", gc.get_threshold()[0]))
        return draw(*args, **kwargs)

    monkeypatch.setattr(reporting, "build_report", building)
    monkeypatch.setattr(render_report, "goal_table", drawing)
    _add_goal(goal, 1, tmp_path)
    before = gc.get_threshold()
    assert before[0] < YOUNG_COLLECTION_THRESHOLD
    for args in ((), ("--format", "json")):
        result = goal("report", *args, env=TODAY)
        assert result.exit_code == 0, result.output
        assert gc.get_threshold() == before
    raised = YOUNG_COLLECTION_THRESHOLD
    assert seen == [("read", raised), ("draw", raised), ("read", raised)]


def _insert_checkins(goal_id: int, days: list[date]) -> None:
    """Check-ins written straight into the database (the SQLite file or the server): a history
    of years, which `goal log` would take minutes to write."""
    import os
    import sqlite3

    target = os.environ["GOALCLI_DB"]
    rows = [(goal_id, day.isoformat(), "2026-01-01T00:00:00+00:00") for day in days]
    if "://" not in target:
        with sqlite3.connect(target) as connection:
            connection.executemany(
                "INSERT INTO checkin (goal_id, day, created_at, updated_at) VALUES (?, ?, ?, ?)",
                [(goal, day, stamp, stamp) for goal, day, stamp in rows],
            )
        return
    from lib.postgres import admin

    with admin(target) as connection, connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO checkin (goal_id, day, created_at, updated_at) VALUES (%s, %s, %s, %s)",
            [(goal, day, stamp, stamp) for goal, day, stamp in rows],
        )


@pytest.mark.parametrize(
    ("frequency", "streak"),
    # Daily: 2024-05-10 to 2026-11-25, 930 days (366 + 365 to 2026-05-10, then 199); nothing
    # yet on the 26th, and 2024-05-09 is missing. "3 per week": check-ins 0, 2 and 4 days into
    # every 7 counted back from 2026-11-26 (the 26th, 24th, 22nd, ...) as far as 2024-05-10:
    # the 931 days from there to the 26th are 133 blocks of 7 holding three each, and the 7
    # days before them (2024-05-03 to -09) hold none.
    [("daily", 930), ("3 per week", 133)],
)
def test_a_streak_older_than_the_window_is_counted_whole(
    goal: Run, tmp_path: Path, frequency: str, streak: int
) -> None:
    """The streak is counted from the window's check-ins (about 800 days) and, when the run
    reaches further back, on from there in SQL (figure_queries.GOAL_STREAK_FROM)."""
    plan = tmp_path / "plan.toml"
    plan.write_text(
        answers_toml(
            "2026-11-05", walk_outside(target_date="2027-03-01", first_step_on="2026-11-06")
        ),
        encoding="utf-8",
    )
    assert goal("intake", "--answers", str(plan), env=TODAY).exit_code == 0
    result = goal(
        "add",
        *("--title", "Walk", "--specific", "Walk after lunch", "--frequency", frequency),
        *("--measure", "minutes walked", "--unit", "minutes", "--baseline", "0"),
        *("--target", "30", "--relevant", "Moving lifts my mood", "--confidence", "7"),
        *("--target-date", "2027-03-01", "--step", "Put shoes by the door"),
        *("--first-step", "1", "--first-step-on", "2024-05-02", "--start-date", "2024-05-01"),
        env=TODAY,
    )
    assert result.exit_code == 0, result.output
    first, today = date(2024, 5, 10), date(2026, 11, 26)
    if frequency == "daily":
        days = [first + timedelta(days=n) for n in range((today - first).days)]
        days += [date(2024, 5, n) for n in range(1, 9)]  # before the gap on the 9th
    else:
        days = [
            today - timedelta(days=back)
            for back in range((today - first).days + 1)
            if back % 7 in (0, 2, 4)
        ]
    _insert_checkins(2, days)
    with counted() as counts:
        result = goal("report", "--goal", "2", "--format", "json", env=TODAY)
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)["goals"]
    assert entry["streak"] == streak
    assert counts["figures"] == 3  # the aggregates, the window, and the rest of the streak


def test_the_report_table_hands_rich_no_text_to_parse_as_markup(
    goal: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rich parses a str cell as markup every time it measures or draws it (50 goals: a few
    hundred parses); the goal table and its notes hand it Text (render/report.py)."""
    from rich.table import Table

    from goalcli.render import report as render_report

    cells: list[object] = []
    add_row, goal_table = Table.add_row, render_report.goal_table
    inside = []

    def recording(self: Table, *renderables: Any, **options: Any) -> None:
        if inside:
            cells.extend(renderables)
        add_row(self, *renderables, **options)

    def drawing(*args: Any, **kwargs: Any) -> Any:
        inside.append(True)
        try:
            return goal_table(*args, **kwargs)
        finally:
            inside.clear()

    monkeypatch.setattr(Table, "add_row", recording)
    monkeypatch.setattr(render_report, "goal_table", drawing)
    _add_goal(goal, 1, tmp_path)
    result = goal("report", env=TODAY | {"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert "walked #park 24" in result.stdout  # the notes grid was drawn too
    assert len(cells) >= 8 + 3
    assert [cell for cell in cells if isinstance(cell, str)] == []
