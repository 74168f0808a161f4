"""Profiles: one database per person, chosen by --profile or GOALCLI_PROFILE, kept apart."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from goalcli.errors import InputError
from goalcli.storage.paths import check_name, existing_profiles

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MOOD_PLAN = str(EXAMPLES / "elevate-mood.toml")


def profile_db(tmp_path: Path, name: str) -> Path:
    return tmp_path / "xdg" / "goalcli" / "profiles" / f"{name}.db"


@pytest.mark.parametrize(
    "name",
    ["../x", "/etc/x", "", ".hidden", "a/b", "x.", "-rf", "with space", "é", "a" * 65, "..", "a\n"],
)
def test_unsafe_names_are_refused(name: str) -> None:
    with pytest.raises(InputError):
        check_name(name)


@pytest.mark.parametrize("name", ["alice", "Client-07", "j.doe", "a_b", "7", "a" * 64])
def test_safe_names_are_accepted(name: str) -> None:
    assert check_name(name) == name


@pytest.mark.parametrize("name", ["../x", "/etc/x", "", ".hidden"])
def test_cli_refuses_unsafe_names_with_exit_2_and_creates_nothing(
    goal: Callable[..., Result], tmp_path: Path, name: str
) -> None:
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = goal("--profile", name, "log", "1", "--value", "3")
    assert result.exit_code == 2, result.output
    assert "profile name" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_bad_profile_env_is_refused_too(
    goal: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOALCLI_PROFILE", "../../etc/passwd")
    result = goal("list")
    assert result.exit_code == 2
    assert "GOALCLI_PROFILE" in result.output


def test_profiles_are_kept_apart(goal: Callable[..., Result], tmp_path: Path) -> None:
    assert goal("--profile", "alice", "intake", "--yes", "--answers", MOOD_PLAN).exit_code == 0
    alice = json.loads(goal("--profile", "alice", "list", "--format", "json").output)
    bob = goal("--profile", "bob", "list", "--format", "json")
    assert len(alice) == 2
    # A profile that does not exist is an error, never an empty client (issue 14).
    assert bob.exit_code == 2
    assert "There is no profile 'bob'" in bob.output
    assert profile_db(tmp_path, "alice").exists()
    assert not profile_db(tmp_path, "bob").exists()  # reading never creates a profile
    # The default database (GOALCLI_DB in the tests) stays empty as well.
    assert json.loads(goal("list", "--format", "json").output) == []


def test_profile_folders_and_files_are_private(
    goal: Callable[..., Result], tmp_path: Path, umask_022: None
) -> None:
    assert goal("--profile", "alice", "intake", "--yes", "--answers", MOOD_PLAN).exit_code == 0
    path = profile_db(tmp_path, "alice")
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_precedence_db_then_profile_then_env(
    goal: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    explicit = tmp_path / "explicit.db"
    # --db beats --profile.
    assert goal(
        "--db", str(explicit), "--profile", "alice", "intake", "--yes", "--answers", MOOD_PLAN
    )
    assert explicit.exists()
    assert not profile_db(tmp_path, "alice").exists()
    # --profile beats GOALCLI_DB (set by the test fixture).
    assert goal("--profile", "alice", "intake", "--yes", "--answers", MOOD_PLAN).exit_code == 0
    assert profile_db(tmp_path, "alice").exists()
    assert not db_path.exists()
    # GOALCLI_DB beats GOALCLI_PROFILE; without GOALCLI_DB the env profile is used.
    monkeypatch.setenv("GOALCLI_PROFILE", "bob")
    assert goal("intake", "--answers", MOOD_PLAN).exit_code == 0
    assert db_path.exists()
    assert not profile_db(tmp_path, "bob").exists()
    monkeypatch.delenv("GOALCLI_DB")
    assert goal("intake", "--answers", MOOD_PLAN).exit_code == 2  # a new profile: --yes
    assert goal("intake", "--yes", "--answers", MOOD_PLAN).exit_code == 0
    assert profile_db(tmp_path, "bob").exists()
    # And --profile still beats GOALCLI_PROFILE: carol is the one missing.
    listed = goal("--profile", "carol", "list", "--format", "json")
    assert listed.exit_code == 2 and "'carol'" in listed.output


def test_profiles_lists_without_creating(goal: Callable[..., Result], tmp_path: Path) -> None:
    result = goal("profiles", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output) == []
    assert not (tmp_path / "xdg").exists()
    assert goal("--profile", "bob", "intake", "--yes", "--answers", MOOD_PLAN).exit_code == 0
    assert goal("--profile", "bob", "log", "1", "--value", "4").exit_code == 0
    assert goal("--profile", "alice", "intake", "--yes", "--answers", MOOD_PLAN).exit_code == 0
    (profile_db(tmp_path, "x").parent / "notes.txt").write_text("not a profile")
    (profile_db(tmp_path, "x").parent / "broken.db").write_text("not a database")
    listed = json.loads(goal("--profile", "bob", "profiles", "--format", "json").output)
    assert [row["name"] for row in listed] == ["alice", "bob", "broken"]
    alice, bob, broken = listed
    assert alice["goals"] == 2 and alice["last_checkin"] is None and not alice["selected"]
    assert bob["goals"] == 2 and bob["last_checkin"] == "2026-11-26" and bob["selected"]
    assert broken["goals"] is None and broken["problem"] == "not readable"
    assert broken["size_bytes"] == len("not a database")
    table = goal("profiles")
    assert table.exit_code == 0
    assert "alice" in table.output and "broken" in table.output


def test_existing_profiles_ignores_companions(tmp_path: Path) -> None:
    folder = tmp_path / "goalcli" / "profiles"
    folder.mkdir(parents=True)
    for name in ("a.db", "a.db-wal", "a.db-shm", ".a.db.123.new", "b.txt", "..db"):
        (folder / name).write_text("")
    assert [name for name, _ in existing_profiles(tmp_path / "goalcli")] == ["a"]
