"""Issue 14 at a real terminal: intake asks before creating a profile, and removing one asks
for its name to be typed."""

from __future__ import annotations

from pathlib import Path

from lib.paths import MOOD_PLAN
from lib.terminal import finish, goal_terminal


def profile_db(tmp_path: Path, name: str) -> Path:
    return tmp_path / "xdg" / "goalcli" / "profiles" / f"{name}.db"


def test_intake_asks_before_creating_a_profile(tmp_path: Path) -> None:
    with goal_terminal("--profile", "dana", "intake", "--answers", MOOD_PLAN) as child:
        child.expect_exact("There is no profile 'dana' yet. Create it?")
        child.sendline("n")
        output = finish(child)
    assert child.exitstatus == 2, output
    assert not profile_db(tmp_path, "dana").exists()
    with goal_terminal("--profile", "dana", "intake", "--answers", MOOD_PLAN) as child:
        child.expect_exact("Create it?")
        child.sendline("y")
        output = finish(child)
    assert child.exitstatus == 0, output
    assert profile_db(tmp_path, "dana").exists()
    # A close name is pointed out before the question.
    with goal_terminal("--profile", "dama", "intake", "--answers", MOOD_PLAN) as child:
        child.expect_exact("A profile with a close name exists: 'dana'.")
        child.expect_exact("Create it?")
        child.sendline("")  # the default is no
        finish(child)
    assert child.exitstatus == 2
    assert not profile_db(tmp_path, "dama").exists()


def test_removing_a_profile_needs_its_name_typed(tmp_path: Path) -> None:
    with goal_terminal("--profile", "dana", "intake", "--yes", "--answers", MOOD_PLAN) as child:
        finish(child)
    with goal_terminal("profile", "remove", "dana") as child:
        child.expect_exact("Type its name to confirm")
        child.sendline("dan")
        output = finish(child)
    assert child.exitstatus == 2 and "nothing was removed" in output
    assert profile_db(tmp_path, "dana").exists()
    with goal_terminal("profile", "remove", "dana") as child:
        child.expect_exact("Type its name to confirm")
        child.sendline("dana")
        output = finish(child)
    assert child.exitstatus == 0, output
    assert "Removed the profile 'dana'." in output
    assert not profile_db(tmp_path, "dana").exists()
    assert len(list((tmp_path / "xdg" / "goalcli" / "profiles" / "backups").iterdir())) == 1
