"""Every test runs against its own temporary database and a fixed today."""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
def umask_022() -> Iterator[None]:
    """The usual umask of a user's shell, so tests see the modes goalcli itself sets."""
    import os

    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


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


@pytest.fixture(scope="session")
def _planned_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The elevate-mood plan, made once per session by a real intake (see `planned_fast`)."""
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


@pytest.fixture(scope="session", autouse=True)
def _writer_files() -> Iterator[None]:
    """The backup `goal restore` restores in helpers.WRITERS: the plan plus a check-in whose
    note carries the sentinel (made from helpers.SENTINEL_EXPORT), built once per session."""
    import shutil

    from goalcli.cli import app
    from helpers import SENTINEL_BACKUP, SENTINEL_EXPORT, WRITER_FILES

    WRITER_FILES.mkdir(mode=0o700, exist_ok=True)
    source = WRITER_FILES / "source.db"
    env = {"GOALCLI_DB": str(source), "GOALCLI_TODAY": TODAY}
    runner = CliRunner()
    for args in (["import", SENTINEL_EXPORT], ["backup", SENTINEL_BACKUP]):
        result = runner.invoke(app, args, env=env)
        assert result.exit_code == 0, result.output
    try:
        yield
    finally:
        shutil.rmtree(WRITER_FILES, ignore_errors=True)
