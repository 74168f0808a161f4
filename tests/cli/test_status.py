"""`goal status` for shell prompts, and the daily nudge's rule (issue 18)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import Result

from goalcli.storage.glance import due_nudge, last_checkin_day

pytestmark = pytest.mark.usefixtures("engine")

HISTORY = Path(__file__).resolve().parents[1] / "data" / "golden" / "history.json"


def test_status_says_whether_today_has_a_check_in(
    goal: Callable[..., Result], db_path: Path
) -> None:
    assert goal("status").stdout == "○ not logged today\n"
    assert not db_path.exists()  # a glance never creates the database
    assert goal("import", str(HISTORY)).exit_code == 0
    before = db_path.read_bytes()
    later = {"GOALCLI_TODAY": "2026-11-28"}  # the history ends on 2026-11-26
    assert goal("status", env=later).stdout == "○ not logged today\n"
    assert goal("status", "--short", env=later).stdout == "○\n"
    assert db_path.read_bytes() == before  # read-only
    assert goal("log", "--mood", "6", env=later).exit_code == 0
    assert goal("status", env=later).stdout == "✓ logged today\n"
    assert goal("status", "--short", env=later).stdout == "✓\n"


def test_status_reads_without_the_sql_toolkit_or_rich(
    goal: Callable[..., Result], db_path: Path
) -> None:
    assert goal("import", str(HISTORY)).exit_code == 0
    script = (
        "import sys; sys.argv = ['goal', 'status']\n"
        "from goalcli.cli import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'rich', 'pydantic') "
        "if m in sys.modules))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert shown == "✓ logged today\n[]\n"


def test_status_on_an_unreadable_database_is_one_sentence(
    goal: Callable[..., Result], db_path: Path
) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(b"not a database at all" * 100)
    result = goal("status")
    assert result.exit_code == 1
    assert result.stderr.startswith("goal: Could not read the database")


def test_the_nudge_comes_after_two_days_once_a_day(
    goal: Callable[..., Result], db_path: Path
) -> None:
    assert goal("import", str(HISTORY)).exit_code == 0
    assert last_checkin_day(db_path, date(2026, 11, 26)) == date(2026, 11, 26)
    assert last_checkin_day(db_path, date(2026, 11, 20)) == date(2026, 11, 20)
    assert due_nudge(db_path, date(2026, 11, 26)) is None  # checked in today
    assert due_nudge(db_path, date(2026, 11, 27)) is None  # one day: no gap yet
    assert due_nudge(db_path, date(2026, 11, 29)) == 3
    assert due_nudge(db_path, date(2026, 11, 29)) is None  # once a day
    assert due_nudge(db_path, date(2026, 11, 30)) == 4
    assert due_nudge(db_path.with_name("none.db"), date(2026, 11, 29)) is None
