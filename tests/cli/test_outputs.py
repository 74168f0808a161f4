"""Issue 24 §1: no file goalcli writes for you (`--output`, a backup) can land on its own data.

Every door with an `--output` option is found from the Typer app itself (sub-apps and lazily
mounted commands too), so a new one cannot be added without the guard."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from lib.files import mode

Run = Callable[..., Result]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _output_commands() -> list[tuple[str, ...]]:
    """Every command (as the words that call it) that has an --output option: the app's own
    commands, lazily mounted ones and the commands of every sub-app, however deep."""
    import typer.main

    from goalcli._lazy import LAZY_COMMANDS, build_command
    from goalcli.cli import app

    root = typer.main.get_command(app)
    found: list[tuple[str, ...]] = []

    def walk(command: Any, words: tuple[str, ...], ctx: Any) -> None:
        if any("--output" in getattr(param, "opts", ()) for param in command.get_params(ctx)):
            found.append(words)
        for name in getattr(command, "list_commands", lambda _ctx: [])(ctx):
            child = command.commands.get(name)
            if child is None and words == () and name in LAZY_COMMANDS:
                child = build_command(name)  # built as `goal NAME` would build it
            if child is None:
                child = command.get_command(ctx, name)
            walk(child, (*words, name), child.make_context(name, [], resilient_parsing=True))

    walk(root, (), root.make_context("goal", [], resilient_parsing=True))
    return found


OUTPUT_COMMANDS = _output_commands()


def test_the_walk_finds_every_known_output_door() -> None:
    """The walk sees lazily mounted commands (else the test below would check nothing)."""
    assert {("report",), ("export",)} <= set(OUTPUT_COMMANDS)


@pytest.mark.parametrize("command", OUTPUT_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("companion", ["", "-wal", "-shm", "-journal"])
def test_every_output_door_refuses_the_live_database(
    planned_fast: Run, db_path: Path, command: tuple[str, ...], companion: str
) -> None:
    target = Path(f"{db_path}{companion}")
    before = _digest(db_path)
    existed = target.exists()
    result = planned_fast(*command, "--output", str(target))
    assert result.exit_code == 2, result.output
    assert "is the database in use" in result.output
    assert "nothing was written" in result.output
    assert _digest(db_path) == before
    assert target.exists() == existed


REPORT_AND_EXPORT = [
    ("report", "--format", "table"),
    ("report", "--format", "json"),
    ("report", "--format", "markdown"),
    ("report", "--format", "html"),
    ("export", "--format", "json"),
    ("export", "--format", "csv"),
    ("export", "--format", "fhir"),
]


@pytest.fixture
def data(planned_fast: Run, db_path: Path, tmp_path: Path) -> Iterator[Path]:
    """The planned database, and the working folder set to tmp_path (for relative names)."""
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield db_path
    finally:
        os.chdir(previous)


def _refused(goal: Run, command: tuple[str, ...], target: Path | str, why: str) -> None:
    """`command --output target` is refused (exit 2, one sentence saying `why`), and neither
    the database nor the target changed."""
    db = Path(os.environ["GOALCLI_DB"])
    before = _digest(db)
    target_before = Path(target).read_bytes() if Path(target).is_file() else None
    result = goal(*command, "--output", str(target))
    assert result.exit_code == 2, result.output
    assert why in result.output
    assert result.output.count("\n") == 1  # one sentence
    assert _digest(db) == before
    after = Path(target).read_bytes() if Path(target).is_file() else None
    assert after == target_before


@pytest.mark.parametrize("command", REPORT_AND_EXPORT, ids=" ".join)
def test_a_link_to_the_database_is_the_database(
    data: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    from typer.testing import CliRunner

    from goalcli.cli import app

    def goal(*args: str) -> Result:
        return CliRunner().invoke(app, list(args))

    symlink = tmp_path / "looks-harmless.html"
    symlink.symlink_to(data)
    _refused(goal, command, symlink, "is the database in use")
    hard = tmp_path / "hard.json"
    os.link(data, hard)
    _refused(goal, command, hard, "is the database in use")
    # A relative name and one with "..": the same file.
    relative = os.path.relpath(data, tmp_path)
    _refused(goal, command, relative, "is the database in use")
    _refused(goal, command, f"{data.parent}/../data/{data.name}", "is the database in use")
    # A symlink to the -wal that does not exist yet.
    wal_link = tmp_path / "wal-link"
    wal_link.symlink_to(f"{data}-wal")
    _refused(goal, command, wal_link, "is the database in use")


@pytest.mark.parametrize("command", REPORT_AND_EXPORT, ids=" ".join)
def test_another_database_a_profile_or_a_backup_is_never_replaced(
    data: Path, tmp_path: Path, goal: Run, command: tuple[str, ...]
) -> None:
    # A copy of the database elsewhere (another person's file, an old backup you moved).
    copy = tmp_path / "old-goals.db"
    shutil.copy(data, copy)
    _refused(goal, command, copy, "holds a database")
    # A backup goal made: in the backups folder beside the database.
    assert goal("backup").exit_code == 0
    (backup,) = (data.parent / "backups").iterdir()
    _refused(goal, command, backup, "inside goalcli's data folder")
    # A profile's database, in the data directory.
    profile = tmp_path / "xdg" / "goalcli" / "profiles" / "jordan.db"
    profile.parent.mkdir(parents=True)
    shutil.copy(data, profile)
    _refused(goal, command, profile, "inside goalcli's data folder")
    # A new file in the data directory: it is goalcli's, not a place for reports.
    _refused(goal, command, profile.parent / "report.html", "inside goalcli's data folder")
    assert not (profile.parent / "report.html").exists()
    # A -wal of another database (its name gives it away even when it is empty).
    (tmp_path / "old-goals.db-wal").write_bytes(b"")
    _refused(goal, command, tmp_path / "old-goals.db-wal", "holds a database")


@pytest.mark.parametrize("command", REPORT_AND_EXPORT, ids=" ".join)
def test_an_encrypted_database_is_never_replaced(
    data: Path, tmp_path: Path, goal: Run, command: tuple[str, ...]
) -> None:
    """An encrypted goalcli database (SQLCipher) has no readable header: whole pages of bytes
    that are not text are kept, without a passphrase."""
    pytest.importorskip("sqlcipher3")
    from lib.encryption import keyed

    encrypted = tmp_path / "client.db"
    connection = keyed(encrypted)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    assert not encrypted.read_bytes().startswith(b"SQLite format 3")
    _refused(goal, command, encrypted, "holds a database")


def test_a_folder_a_device_and_a_name_with_a_newline_are_refused(data: Path, goal: Run) -> None:
    from goalcli.errors import InputError
    from goalcli.storage.files import check_output

    result = goal("report", "--output", str(data.parent))
    assert result.exit_code == 2
    with pytest.raises(InputError, match="is a folder"):
        check_output(data.parent)
    if Path("/dev/null").exists():
        _refused(goal, ("export",), "/dev/null", "not a regular file")
    _refused(goal, ("export",), "report\n.json", "control character")
    assert not Path("report\n.json").exists()


@pytest.mark.parametrize("command", REPORT_AND_EXPORT, ids=" ".join)
def test_any_other_file_is_replaced_whole_and_private(
    data: Path, tmp_path: Path, goal: Run, command: tuple[str, ...]
) -> None:
    # An old report of exactly two 512-byte pages: text, so not taken for an encrypted database.
    old = tmp_path / "old.txt"
    old.write_text("x" * 1023 + "\n", encoding="utf-8")
    old.chmod(0o644)
    result = goal(*command, "--output", str(old))
    assert result.exit_code == 0, result.output
    assert old.read_text(encoding="utf-8") != "x" * 1023 + "\n"
    assert mode(old) == 0o600
    new = tmp_path / "new-output"
    assert goal(*command, "--output", "new-output").exit_code == 0
    assert new.is_file() and mode(new) == 0o600


def test_a_backup_never_lands_on_the_database_or_its_companions(
    data: Path, goal: Run, tmp_path: Path
) -> None:
    before = _digest(data)
    for companion in ("-wal", "-shm", "-journal"):
        target = Path(f"{data}{companion}")
        result = goal("backup", str(target))
        assert result.exit_code == 2, result.output
        assert "is the database in use" in result.output
        assert not target.exists()
    result = goal("backup", str(data))
    assert result.exit_code == 2
    assert _digest(data) == before
    # The backups folder stays a backup's place.
    assert goal("backup", str(data.parent / "backups" / "named.db")).exit_code == 0
    assert goal("backup", str(tmp_path / "elsewhere.db")).exit_code == 0


def test_the_write_itself_checks_again(data: Path, tmp_path: Path) -> None:
    """A door that writes through report's `_write` (or write_output / open_output) is guarded
    even without the option's check, and a database that appeared meanwhile is kept."""
    from goalcli.commands.report import _write
    from goalcli.errors import InputError
    from goalcli.storage.files import open_output, write_output

    before = _digest(data)
    with pytest.raises(InputError, match="holds a database"):
        _write(data, "report")
    with pytest.raises(InputError, match="is the database in use"):
        write_output(tmp_path / "fresh.db", "x", databases=[tmp_path / "fresh.db"])
    with pytest.raises(InputError, match="holds a database"), open_output(data) as handle:
        handle.write("x")
    assert _digest(data) == before
    assert not (tmp_path / "fresh.db").exists()


def test_the_database_that_does_not_exist_yet_is_not_an_output(db_path: Path, goal: Run) -> None:
    """An export with no database yet (it is empty) still never takes the database's name:
    the next command would find a JSON file where the database belongs."""
    for companion in ("", "-wal"):
        result = goal("export", "--output", f"{db_path}{companion}")
        assert result.exit_code == 2, result.output
        assert "is the database in use" in result.output
        assert not Path(f"{db_path}{companion}").exists()
