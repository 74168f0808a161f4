"""Pleasure, mastery and predicted pleasure travel where the data travels (issue 28): a backup
and its restore, an SQLCipher database (encrypted, backed up, restored, decrypted) and a
PostgreSQL server (the same ratings and changes as on SQLite, and a history moved between them).
Export and import: tests/cli/test_transfer.py; both engines for every command:
tests/cli/test_activation.py."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import Result

from lib.database import rows
from lib.encryption import encrypted_rows, is_plain_sqlite
from lib.postgres import without_clock

Run = Callable[..., Result]

# Every rating column goalcli keeps, read straight from the tables.
RATINGS = (
    "SELECT 'checkin', goal_id, day, pleasure, mastery, NULL FROM checkin "
    "UNION ALL SELECT 'step', goal_id, position, pleasure, mastery, expected_pleasure FROM step "
    "WHERE pleasure IS NOT NULL OR mastery IS NOT NULL OR expected_pleasure IS NOT NULL "
    "ORDER BY 1, 2, 3"
)
RATED = [
    ("checkin", 1, "2026-11-26", 7, 5, None),
    ("checkin", 2, "2026-11-26", 0, None, None),  # 0 is a rating, never "not rated"
    ("step", 1, 1, 8, 6, 3),
    ("step", 1, 2, None, None, 4),
]


def _ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def _rate(goal: Run, *db: str) -> None:
    """The ratings of RATED, given through the commands (on `--db` when given)."""
    _ok(goal(*db, "log", "1", "--value", "9", "--pleasure", "7"))
    _ok(goal(*db, "log", "1", "--mastery", "5"))
    _ok(goal(*db, "log", "2", "--value", "1", "--pleasure", "0"))
    _ok(goal(*db, "step", "edit", "1", "1", "--expect-pleasure", "3"))
    _ok(goal(*db, "step", "done", "1", "1", "--pleasure", "8", "--mastery", "6"))
    _ok(goal(*db, "step", "edit", "1", "2", "--expect-pleasure", "4"))


def _ratings_shown(goal: Run, *db: str) -> tuple[Any, Any]:
    """The ratings as the commands show them: the check-ins' and the steps'."""
    checkins = json.loads(_ok(goal(*db, "checkin", "list", "1", "--format", "json")).stdout)
    steps = json.loads(_ok(goal(*db, "step", "list", "1", "--format", "json")).stdout)
    return (
        [(c["date"], c["pleasure"], c["mastery"]) for c in checkins],
        [(s["expected_pleasure"], s["pleasure"], s["mastery"]) for s in steps],
    )


def test_a_backup_keeps_the_ratings_and_its_restore_brings_them_back(
    planned: Run, db_path: Path, tmp_path: Path
) -> None:
    _rate(planned)
    backup = tmp_path / "kept.db"
    _ok(planned("backup", str(backup)))
    assert rows(backup, RATINGS) == RATED

    # Changed and removed after the backup...
    _ok(planned("log", "1", "--pleasure", "-"))
    _ok(planned("step", "edit", "1", "1", "--pleasure", "2", "--expect-pleasure", "-"))
    assert rows(db_path, RATINGS) != RATED

    # ...the restore puts back the ratings as they were, and goal undo still works after it.
    _ok(planned("restore", "--yes", str(backup)))
    assert rows(db_path, RATINGS) == RATED
    _ok(planned("undo", "--yes"))  # the last change in the backup: step 2's prediction
    assert rows(db_path, RATINGS) == RATED[:3]


def test_ratings_in_an_encrypted_database_survive_backup_restore_and_decrypt(
    planned_fast: Run, db_path: Path, tmp_path: Path, passphrase_command: Path
) -> None:
    _ok(planned_fast("encrypt"))
    _rate(planned_fast)
    shown = _ratings_shown(planned_fast)
    assert shown == ([("2026-11-26", 7, 5)], [(3, 8, 6), (4, None, None), *[(None,) * 3] * 3])
    assert encrypted_rows(db_path, RATINGS) == RATED
    assert not is_plain_sqlite(db_path)

    backup = tmp_path / "kept.db"
    _ok(planned_fast("backup", str(backup)))
    assert not is_plain_sqlite(backup)
    assert encrypted_rows(backup, RATINGS) == RATED

    _ok(planned_fast("log", "1", "--pleasure", "-"))  # removed, then restored from the backup
    assert encrypted_rows(db_path, RATINGS) != RATED
    _ok(planned_fast("restore", "--yes", str(backup)))
    assert encrypted_rows(db_path, RATINGS) == RATED
    assert _ratings_shown(planned_fast) == shown

    _ok(planned_fast("decrypt", "--yes"))
    assert is_plain_sqlite(db_path)
    assert rows(db_path, RATINGS) == RATED


def _export(goal: Run, *db: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(_ok(goal(*db, "export")).stdout)
    document.pop("exported_at")
    return document


def test_ratings_on_postgresql_are_those_of_sqlite(goal: Run, pg_url: str, tmp_path: Path) -> None:
    laptop = str(tmp_path / "laptop.db")
    script: list[tuple[str, ...]] = [
        (
            "intake",
            "--answers",
            str(Path(__file__).resolve().parents[2] / "examples" / "elevate-mood.toml"),
        ),
        ("log", "1", "--value", "9", "--pleasure", "7", "--mastery", "5"),
        ("step", "add", "1", "Swim at the lido", "--expect-pleasure", "3"),
        ("step", "done", "1", "6", "--pleasure", "8", "--mastery", "0"),
        ("log", "1", "--pleasure", "-"),
        ("step", "edit", "1", "6", "--expect-pleasure", "-"),
        ("undo", "--yes"),
        ("log", "1", "--pleasure", "11"),  # refused alike: exit 2, nothing written
        ("skip", "2", "--reason", "ill"),
    ]
    for command in script:
        on_sqlite = goal("--db", laptop, *command)
        on_server = goal("--db", pg_url, *command)
        assert (on_server.exit_code, on_server.output) == (on_sqlite.exit_code, on_sqlite.output)
    assert _ratings_shown(goal, "--db", pg_url) == _ratings_shown(goal, "--db", laptop)
    checkins, steps = _ratings_shown(goal, "--db", pg_url)
    assert checkins == [("2026-11-26", None, 5)]
    assert steps[-1] == (3, 8, 0)  # the prediction removed, then put back by undo
    assert without_clock(_export(goal, "--db", pg_url)) == without_clock(
        _export(goal, "--db", laptop)
    )
    for command in (
        ("report", "--format", "json"),
        ("report", "--format", "markdown"),
        ("show", "1"),
    ):
        assert goal("--db", pg_url, *command).output == goal("--db", laptop, *command).output

    # A history moved from SQLite to the server keeps every rating.
    moved = tmp_path / "moved.json"
    _ok(goal("--db", laptop, "export", "--output", str(moved)))
    _ok(goal("--db", pg_url, "import", "--replace", "--yes", str(moved)))
    assert without_clock(_export(goal, "--db", pg_url)) == without_clock(
        _export(goal, "--db", laptop)
    )
