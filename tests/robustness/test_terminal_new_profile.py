"""Issue 24 §8 at a real terminal: importing a client's export, or restoring their backup, into
a profile that does not exist asks first; "no" (the default) creates nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from lib.processes import goal_process
from lib.terminal import finish, goal_terminal


@pytest.fixture
def client_files(planned_fast: Callable[..., Result], tmp_path: Path) -> dict[str, Path]:
    export, backup = tmp_path / "jordan.json", tmp_path / "jordan-backup.db"
    assert goal_process("export", "--output", str(export)).returncode == 0
    assert goal_process("backup", str(backup)).returncode == 0
    return {"import": export, "restore": backup}


@pytest.mark.parametrize("command", ["import", "restore"])
def test_a_new_profile_is_created_only_when_the_question_says_yes(
    client_files: dict[str, Path], tmp_path: Path, command: str
) -> None:
    profile = tmp_path / "xdg" / "goalcli" / "profiles" / "jordan.db"
    source = str(client_files[command])
    with goal_terminal("--profile", "jordan", command, source) as child:
        child.expect_exact("There is no profile 'jordan' yet. Create it?")
        child.sendline("")  # the default is no
        output = finish(child)
    assert child.exitstatus == 2, output
    assert "No profile was created" in output
    assert not profile.exists()
    with goal_terminal("--profile", "jordan", command, source) as child:
        child.expect_exact("Create it?")
        child.sendline("y")
        output = finish(child)
    assert child.exitstatus == 0, output
    assert "Created the profile 'jordan'." in output
    assert profile.exists()
    listed = goal_process("--profile", "jordan", "list", "--format", "json")
    assert listed.returncode == 0 and '"title"' in listed.stdout
