"""Two devices at once on one PostgreSQL server: real processes, started together.

On SQLite, BEGIN IMMEDIATE lets one writer in at a time (test_concurrency.py). On a server both
transactions run at once, and the unique (goal, day) row with ON CONFLICT is what keeps one
check-in per goal and day: the later writer waits for the earlier one's row and updates it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from goalcli.storage.migrations import schema_version
from lib.database import rows
from lib.paths import EXAMPLES, MOOD_PLAN
from lib.postgres import admin, libpq_url, without_clock
from lib.processes import goal_process
from lib.writers import WRITERS, Writer, writer_params

Run = Callable[..., Result]
DEVICES = 6
# Every table a writer changes (the race compares their row counts with SQLite's).
TABLES = ("intake", "goal", "step", "checkin", "mood", "review", "goal_change", "measure_score")


def _at_once(url: str, *commands: tuple[str, ...]) -> list[tuple[str, str, int]]:
    env = dict(os.environ, GOALCLI_DB=url)
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "goalcli", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for args in commands
    ]
    return [(*process.communicate(timeout=120), process.returncode) for process in processes]


def _checkins(url: str) -> list[tuple[int, str, float | None, str | None]]:
    with admin(url) as db:
        return db.execute(
            "SELECT goal_id, day, value, note FROM checkin ORDER BY goal_id"
        ).fetchall()


def test_devices_logging_at_once_make_one_checkin_a_goal_and_day(goal: Run, pg_url: str) -> None:
    assert (
        goal("--db", pg_url, "intake", "--answers", str(EXAMPLES / "elevate-mood.toml")).exit_code
        == 0
    )
    # Goal 2 counts occurrences: every device's value must land in the day's one total.
    assert goal("--db", pg_url, "edit", "2", "--kind", "weekly_total").exit_code == 0

    outcomes = _at_once(
        pg_url,
        *[("log", "2", "--value", "1", "--mood", str(device)) for device in range(DEVICES)],
        *[("log", "1", "--value", str(10 + device)) for device in range(DEVICES)],
    )

    for stdout, stderr, code in outcomes:
        assert code == 0, stderr
        assert "Traceback" not in stdout + stderr
    rows = _checkins(pg_url)
    assert [(goal_id, day) for goal_id, day, _, _ in rows] == [(1, "2026-11-26"), (2, "2026-11-26")]
    assert rows[0][2] in {10.0 + device for device in range(DEVICES)}  # one reading won
    assert rows[1][2] == float(DEVICES)  # every occurrence counted once
    with admin(pg_url) as db:
        assert db.execute("SELECT count(*) FROM mood").fetchone() == (1,)
    # Exactly one of the devices said it created each check-in; the rest updated it.
    created = [stdout for stdout, _, _ in outcomes if "✓ " in stdout]
    assert len(created) == 2


def test_devices_starting_at_once_on_an_empty_server_build_one_schema(pg_url: str) -> None:
    plan = str(EXAMPLES / "elevate-mood.toml")
    outcomes = _at_once(pg_url, *[("intake", "--answers", plan)] * 3)
    for stdout, stderr, code in outcomes:
        assert code == 0, stderr
        assert "Saved 2 goals" in stdout
    with admin(pg_url) as db:
        assert db.execute("SELECT count(*) FROM goal").fetchone() == (6,)
        assert db.execute("SELECT count(*) FROM _migrations").fetchone()[0] == schema_version()


# --- every writer, two devices at once --------------------------------------------------------

# The writers that work on a server: backup and restore are SQLite's (refused on a server).
SERVER_WRITERS = tuple(writer for writer in WRITERS if writer.id not in {"backup", "restore"})


def _export(url_or_path: str) -> dict[str, Any]:
    """The whole history, without the moments of writing (the two runs wrote at other times)."""
    done = goal_process("--db", url_or_path, "export")
    assert done.returncode == 0, done.stderr
    document: dict[str, Any] = json.loads(done.stdout)
    document.pop("exported_at")
    return without_clock(document)


def _server_counts(url: str) -> dict[str, int]:
    with admin(url) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            )
        ]
        return {
            table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables
        }


@pytest.mark.parametrize("writer", writer_params(SERVER_WRITERS))
def test_two_devices_at_once_leave_what_two_in_a_row_leave_on_sqlite(
    goal: Run, pg_url: str, tmp_path: Path, writer: Writer
) -> None:
    """test_concurrency's race, on a server: both finish (or the second is refused as it would
    be in a row), and the server ends with the history two runs in a row leave on SQLite."""
    in_a_row = str(tmp_path / "in-a-row.db")
    for where in (in_a_row, pg_url):
        assert goal("--db", where, "intake", "--answers", MOOD_PLAN).exit_code == 0
        for args in writer.setup:
            assert goal("--db", where, *args).exit_code == 0, args
    codes = [goal("--db", in_a_row, *writer.args).exit_code for _ in range(2)]
    assert codes == ([0, 0] if writer.repeatable else [0, 2])

    outcomes = _at_once(pg_url, writer.args, writer.args)

    assert sorted(code for _, _, code in outcomes) == codes, outcomes
    for stdout, stderr, _ in outcomes:
        assert "Traceback" not in stdout + stderr
    with admin(pg_url) as db:
        assert (
            db.execute(
                "SELECT goal_id, day FROM checkin GROUP BY goal_id, day HAVING count(*) > 1"
            ).fetchall()
            == []
        )
    assert _export(pg_url) == _export(in_a_row)
    counts = _server_counts(pg_url)
    assert counts["_migrations"] == schema_version()
    assert {table: counts[table] for table in TABLES} == {
        table: rows(Path(in_a_row), f"SELECT count(*) FROM {table}")[0][0] for table in TABLES
    }


# --- two reviews caught together: the interleaving a loaded machine gave, made certain ----------

REVIEW_WRITERS = tuple(
    writer for writer in SERVER_WRITERS if writer.id in {"review", "reviews-remove"}
)


@pytest.mark.parametrize("writer", writer_params(REVIEW_WRITERS))
def test_two_reviews_let_go_together_end_as_two_in_a_row(
    goal: Run, pg_url: str, tmp_path: Path, writer: Writer
) -> None:
    """Issue 24: on a loaded machine two `goal review` at once left one "could not be used"
    (both found no review of the day and both added one), and two `goal reviews remove` both
    succeeded (both found the review; the second removed nothing, with SQLAlchemy's warning on
    stderr). Here both devices are held at the review table until each waits there, then let
    go at once: every write of a goal's reviews locks the goal first, so the second reads
    what the first left, and the two end as two runs in a row do on SQLite."""
    import psycopg

    in_a_row = str(tmp_path / "in-a-row.db")
    for where in (in_a_row, pg_url):
        assert goal("--db", where, "intake", "--answers", MOOD_PLAN).exit_code == 0
        for args in writer.setup:
            assert goal("--db", where, *args).exit_code == 0, args
    codes = [goal("--db", in_a_row, *writer.args).exit_code for _ in range(2)]

    holder = psycopg.connect(libpq_url(pg_url))
    holder.execute("LOCK TABLE review IN ACCESS EXCLUSIVE MODE")
    env = dict(os.environ, GOALCLI_DB=pg_url)
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "goalcli", *writer.args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    try:
        deadline = time.monotonic() + 60
        while len(_waiting(pg_url)) < 2:
            assert all(process.poll() is None for process in processes)
            assert time.monotonic() < deadline, "the two never both waited"
            time.sleep(0.05)
    finally:
        holder.rollback()
        holder.close()
    outcomes = [(*process.communicate(timeout=120), process.returncode) for process in processes]

    assert sorted(code for _, _, code in outcomes) == sorted(codes), outcomes
    for _, stderr, _ in outcomes:
        assert "Traceback" not in stderr and "Warning" not in stderr, stderr
        assert "could not be used" not in stderr, stderr
    assert _export(pg_url) == _export(in_a_row)


def _waiting(url: str) -> list[int]:
    with admin(url) as db:
        return [
            row[0]
            for row in db.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = 'goalcli' "
                "AND datname = current_database() AND wait_event_type = 'Lock'"
            )
        ]
