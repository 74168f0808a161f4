"""Completion (issue 18): goal ids with their titles, WHEN words, template ids and profile
names, read without opening the database for writing; install scripts for bash, zsh and fish."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

HISTORY = Path(__file__).resolve().parents[1] / "data" / "golden" / "history.json"


def _complete(goal: Callable[..., Result], words: str, **env: str) -> list[str]:
    """What zsh would be offered ("value":"help" pairs) for the last word of `words`."""
    result = goal(env={"_GOAL_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": words, **env})
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_goal_ids_come_with_their_titles(goal: Callable[..., Result], db_path: Path) -> None:
    assert goal("import", str(HISTORY)).exit_code == 0
    before = db_path.read_bytes()
    offered = "\n".join(_complete(goal, "goal show "))
    for pair in ('"1":"Walk outside (active)"', '"3":"Call a friend (paused)"'):
        assert pair in offered
    assert '"Fewer evening drinks":"goal 2 (active)"' in "\n".join(_complete(goal, "goal done Fe"))
    assert db_path.read_bytes() == before


def test_no_database_offers_no_goal_and_creates_none(
    goal: Callable[..., Result], db_path: Path
) -> None:
    assert "Walk" not in "\n".join(_complete(goal, "goal show "))
    assert not db_path.exists()


def test_when_words_template_ids_and_profiles(goal: Callable[..., Result], tmp_path: Path) -> None:
    assert '"yesterday"' in "\n".join(_complete(goal, "goal log --date ye"))
    assert '"elevate-mood"' in "\n".join(_complete(goal, "goal intake --template elev"))
    profiles = tmp_path / "xdg" / "goalcli" / "profiles"
    profiles.mkdir(parents=True)
    (profiles / "sam.db").touch()
    offered = _complete(goal, "goal --profile s", XDG_DATA_HOME=str(tmp_path / "xdg"))
    assert '"sam"' in "\n".join(offered)


def test_measure_ids_complete_with_their_names(goal: Callable[..., Result]) -> None:
    offered = "\n".join(_complete(goal, "goal measure take ph"))
    assert '"phq9"' in offered and "PHQ-9" in offered
    assert '"gad7"' not in offered
    assert '"who5"' in "\n".join(_complete(goal, "goal measure history w"))


def test_completion_can_be_installed(goal: Callable[..., Result]) -> None:
    # Typer writes the script for bash, zsh or fish (the shell it detects, or the one named).
    text = goal("--help", env={"COLUMNS": "120"}).output
    assert "--install-completion" in text
    assert "--show-completion" in text
