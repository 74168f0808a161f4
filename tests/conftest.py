"""Every test runs against its own temporary database and a fixed today."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TODAY = "2026-11-26"  # a Thursday


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point GOALCLI_DB at tmp_path and freeze today, so no test touches real data."""
    db = tmp_path / "data" / "goals.db"
    monkeypatch.setenv("GOALCLI_DB", str(db))
    monkeypatch.setenv("GOALCLI_TODAY", TODAY)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("GOALCLI_PROFILE", raising=False)
    return db


@pytest.fixture
def db_path(isolated: Path) -> Path:
    return isolated


@pytest.fixture
def goal() -> Callable[..., Result]:
    """Run `goal ARGS...` in-process; `input=` feeds the prompts."""
    from goalcli.cli import app

    runner = CliRunner()

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, env=env)

    return run


@pytest.fixture
def planned(goal: Callable[..., Result]) -> Callable[..., Result]:
    """A database holding the elevate-mood example plan (goals 1 and 2)."""
    result = goal("intake", "--answers", str(EXAMPLES / "elevate-mood.toml"))
    assert result.exit_code == 0, result.output
    return goal
