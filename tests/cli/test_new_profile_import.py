"""Issue 24 §8: a client's export (or backup) goes into a new profile with one command:
`goal --profile jordan import jordan.json --create-profile`; without a terminal and without the
flag (or --yes) it is refused in one sentence naming the flag, and nothing is created. On SQLite
files and on a PostgreSQL server (where a profile is a schema)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from lib.paths import EXAMPLES

Run = Callable[..., Result]
MOOD_PLAN = str(EXAMPLES / "elevate-mood.toml")


def _exported(run: Run, *args: str) -> dict[str, Any]:
    result = run(*args, "export")
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    document.pop("exported_at")
    return document


@pytest.fixture
def client_file(planned_fast: Run, tmp_path: Path) -> Path:
    """The client's `goal export`, as a therapist receives it."""
    target = tmp_path / "jordan.json"
    assert planned_fast("log", "1", "--value", "12", "--mood", "6").exit_code == 0
    assert planned_fast("export", "--output", str(target)).exit_code == 0
    return target


@pytest.fixture
def where(request: pytest.FixtureRequest, goal: Run) -> Run:
    """`goal ...` on this machine's profiles (files), or on a server's (schemas)."""
    if request.param == "sqlite":
        return goal
    url = request.getfixturevalue("pg_url")

    def run(*args: str, **kwargs: Any) -> Result:
        return goal("--db", url, *args, **kwargs)

    return run


BOTH_ENGINES = pytest.mark.parametrize("where", ["sqlite", "postgres"], indirect=True)


def _profiles(run: Run) -> list[str]:
    result = run("profiles", "--format", "json")
    assert result.exit_code == 0, result.output
    return [row["name"] for row in json.loads(result.stdout)]


@BOTH_ENGINES
def test_a_clients_export_goes_into_a_new_profile_with_one_command(
    where: Run, goal: Run, client_file: Path
) -> None:
    result = where("--profile", "jordan", "import", str(client_file), "--create-profile")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Created the profile 'jordan'.\nImported ")
    assert "jordan" in _profiles(where)
    assert _exported(where, "--profile", "jordan") == _exported(goal)
    # Once it exists, the next import merges into it without the flag.
    again = where("--profile", "jordan", "import", str(client_file))
    assert again.exit_code == 0, again.output
    assert "Created" not in again.output


@BOTH_ENGINES
def test_yes_creates_it_too(where: Run, client_file: Path) -> None:
    result = where("--profile", "sam", "import", str(client_file), "--yes")
    assert result.exit_code == 0, result.output
    assert "sam" in _profiles(where)


@BOTH_ENGINES
def test_without_a_terminal_or_the_flag_nothing_is_created(
    where: Run, client_file: Path, tmp_path: Path
) -> None:
    assert where("--profile", "jordan", "import", str(client_file), "--yes").exit_code == 0
    before = _profiles(where)
    result = where("--profile", "jordn", "import", str(client_file))
    assert result.exit_code == 2
    assert result.output == (
        "goal: There is no profile 'jordn' yet; add --create-profile to create it "
        "(or did you mean 'jordan'?).\n"
    )
    assert _profiles(where) == before
    assert not (tmp_path / "xdg" / "goalcli" / "profiles" / "jordn.db").exists()
    # --replace on a new profile is refused the same way, before anything is deleted or made.
    result = where("--profile", "kim", "import", str(client_file), "--replace")
    assert result.exit_code == 2
    assert "add --create-profile" in result.output
    assert _profiles(where) == before


@BOTH_ENGINES
def test_a_file_that_cannot_be_imported_creates_no_profile(where: Run, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "something else"}', encoding="utf-8")
    result = where("--profile", "jordan", "import", str(broken), "--create-profile")
    assert result.exit_code == 2, result.output
    assert "jordan" not in _profiles(where)


def test_a_clients_backup_is_restored_into_a_new_profile(
    planned_fast: Run, db_path: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "jordan-backup.db"
    assert planned_fast("backup", str(backup)).exit_code == 0
    profile = tmp_path / "xdg" / "goalcli" / "profiles" / "jordan.db"

    refused = planned_fast("--profile", "jordan", "restore", str(backup))
    assert refused.exit_code == 2
    assert refused.output == (
        "goal: There is no profile 'jordan' yet; add --create-profile to create it.\n"
    )
    assert not profile.exists()

    for flag, name in (("--create-profile", "jordan"), ("--yes", "sam")):
        result = planned_fast("--profile", name, "restore", str(backup), flag)
        assert result.exit_code == 0, result.output
        assert result.output.startswith(f"Created the profile '{name}'.\nRestored ")
        assert _exported(planned_fast, "--profile", name) == _exported(planned_fast)
    # An existing profile is still replaced only when confirmed.
    again = planned_fast("--profile", "jordan", "restore", str(backup), "--create-profile")
    assert again.exit_code == 2
    assert "add --yes" in again.output
