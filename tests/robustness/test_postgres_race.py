"""Two devices at once on one PostgreSQL server: real processes, started together.

On SQLite, BEGIN IMMEDIATE lets one writer in at a time (test_concurrency.py). On a server both
transactions run at once, and the unique (goal, day) row with ON CONFLICT is what keeps one
check-in per goal and day: the later writer waits for the earlier one's row and updates it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

from typer.testing import Result

from goalcli.storage.migrations import schema_version
from lib.paths import EXAMPLES
from lib.postgres import admin

Run = Callable[..., Result]
DEVICES = 6


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
