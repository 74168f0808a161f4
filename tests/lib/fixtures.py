"""The fixtures every tier uses: each test runs against its own temporary database and a fixed
today, and runs `goal` in-process through Typer's CliRunner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner, Result

from lib.paths import EXAMPLES

if TYPE_CHECKING:  # lib.snapshots loads as a plugin of its own (tests/conftest.py)
    from lib.snapshots import Snapshot

TODAY = "2026-11-26"  # a Thursday


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point GOALCLI_DB at tmp_path and freeze today, so no test touches real data."""
    db = tmp_path / "data" / "goals.db"
    monkeypatch.setenv("GOALCLI_DB", str(db))
    monkeypatch.setenv("GOALCLI_TODAY", TODAY)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("GOALCLI_PROFILE", raising=False)
    # No test reads or writes the real keyring, and no passphrase comes from outside.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    for name in ("GOALCLI_PASSPHRASE_COMMAND", "GOALCLI_NEW_PASSPHRASE_COMMAND"):
        monkeypatch.delenv(name, raising=False)
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
def planned(goal: Callable[..., Result], snapshot: Snapshot) -> Callable[..., Result]:
    """A database holding the elevate-mood example plan (goals 1 and 2), on the test's engine:
    made by a real intake once a session, then copied (lib/snapshots.py)."""

    def build() -> None:
        result = goal("intake", "--answers", str(EXAMPLES / "elevate-mood.toml"))
        assert result.exit_code == 0, result.output

    snapshot("planned", build)
    return goal


@pytest.fixture(scope="session")
def _planned_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The elevate-mood plan, made once per session (per worker under xdist, each in its own
    temporary folder) by a real intake (see `planned_fast`)."""
    import os

    from goalcli.cli import app

    template = tmp_path_factory.mktemp("template") / "goals.db"
    env = {"GOALCLI_DB": str(template), "GOALCLI_TODAY": TODAY}
    previous = os.umask(0o022)
    try:
        result = CliRunner().invoke(
            app, ["intake", "--answers", str(EXAMPLES / "elevate-mood.toml")], env=env
        )
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    return template


@pytest.fixture
def planned_fast(
    _planned_template: Path, db_path: Path, goal: Callable[..., Result]
) -> Callable[..., Result]:
    """Same as `planned`, but copies a database made once: for suites that run many cases."""
    import shutil

    db_path.parent.mkdir(mode=0o700, parents=True)
    shutil.copy2(_planned_template, db_path)
    return goal
