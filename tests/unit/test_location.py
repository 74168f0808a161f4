"""Where the database is: paths.resolve_location, worked out once per command."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from goalcli.storage.paths import Location, resolve_location

URL = "postgresql+psycopg://me:secret@db.example/goals"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("GOALCLI_DB", raising=False)
    monkeypatch.delenv("GOALCLI_PROFILE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))


def test_a_db_option_beats_a_profile_and_names_no_profile(tmp_path: Path) -> None:
    assert resolve_location("here.db", "maya") == Location(
        server_url=None, file=Path("here.db"), profile=None, server_profile=None
    )


def test_a_profile_option_beats_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GOALCLI_DB", str(tmp_path / "env.db"))
    location = resolve_location(None, "maya")
    assert location.file == tmp_path / "goalcli" / "profiles" / "maya.db"
    assert location.profile == "maya"


def test_goalcli_profile_chooses_a_file_when_nothing_else_does(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GOALCLI_PROFILE", "sam")
    location = resolve_location(None, None)
    assert (location.file, location.profile) == (
        tmp_path / "goalcli" / "profiles" / "sam.db",
        "sam",
    )
    assert resolve_location(None, None) == location  # a value: the same options, the same place


def test_a_server_url_in_the_environment_takes_the_profile_as_its_schema(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GOALCLI_DB", URL)
    monkeypatch.setenv("GOALCLI_PROFILE", "sam")
    assert resolve_location(None, None) == Location(
        server_url=URL, file=None, profile=None, server_profile="sam"
    )
    assert resolve_location(None, "maya").server_profile == "maya"


def test_a_file_in_db_wins_over_a_server_in_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GOALCLI_DB", URL)
    location = resolve_location(str(tmp_path / "mine.db"), None)
    assert (location.server_url, location.file) == (None, tmp_path / "mine.db")


def test_a_location_is_frozen() -> None:
    location = resolve_location("here.db", None)
    with pytest.raises(FrozenInstanceError):
        location.__setattr__("file", Path("elsewhere.db"))
