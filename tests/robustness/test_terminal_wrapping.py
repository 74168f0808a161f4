"""Words at a real terminal's width (issue 18): tips and questions wrap at word boundaries, and
the ^C message starts on its own line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from goalcli.commands._questions import WHY
from lib.terminal import finish, goal_terminal


@pytest.mark.parametrize("columns", [60, 80])
def test_intake_tips_wrap_at_words_and_ctrl_c_has_its_own_line(db_path: Path, columns: int) -> None:
    with goal_terminal("intake", columns=columns) as child:
        child.expect("Therapy type")
        child.expect(r"\]?: ")
        child.sendintr()
        output = re.sub(r"\x1b\[[0-9;]*m", "", finish(child))  # colours are not text

    lines = output.replace("\r\n", "\n").split("\n")
    assert all(len(line) <= columns for line in lines), lines
    # Every word of the tips arrives whole: no line ends inside a word.
    shown = set(re.findall(r"\S+", output))
    for tip in (WHY["therapy_type"], "Let's set up your goals. Ctrl-C at any point leaves"):
        for word in tip.split():
            assert word in shown, (columns, word)
    interrupted = next(line for line in lines if "Interrupted" in line)
    assert interrupted.startswith("goal: Interrupted"), interrupted
    assert child.exitstatus == 130
    assert not db_path.exists()


def test_the_nudge_at_a_terminal_once_a_day_never_with_json(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lib.processes import goal_process

    history = Path(__file__).resolve().parents[1] / "data" / "golden" / "history.json"
    assert goal_process("import", str(history)).returncode == 0
    monkeypatch.setenv("GOALCLI_TODAY", "2026-11-29")  # the history's last check-in: 11-26
    nudge = "Last check-in 3 days ago — `goal log` takes a minute."

    assert goal_process("list").stderr == ""  # not at a terminal (a pipe): never
    with goal_terminal("list", "--format", "json") as child:
        assert nudge not in finish(child)
    with goal_terminal("list") as child:
        assert nudge in finish(child)
    with goal_terminal("list") as child:
        assert nudge not in finish(child)  # once a day


def test_a_therapist_reading_a_profile_never_gets_the_nudge(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The nudge is for the person who logs (issue 23): not for `--for therapist`, the
    caseload, or a machine whose reader is a therapist; the client's own report still gets it."""
    from lib.processes import goal_process

    history = Path(__file__).resolve().parents[1] / "data" / "golden" / "history.json"
    assert goal_process("import", str(history)).returncode == 0
    monkeypatch.setenv("GOALCLI_TODAY", "2026-11-29")
    nudge = "Last check-in 3 days ago"

    for args in (
        ("report", "--for", "therapist"),
        ("report", "--for=therapist", "--format", "markdown"),
        ("caseload",),
    ):
        with goal_terminal(*args) as child:
            assert nudge not in finish(child), args
    config = tmp_path / "config"
    (config / "goalcli").mkdir(parents=True)
    (config / "goalcli" / "settings.toml").write_text('reader = "therapist"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    with goal_terminal("report") as child:
        assert nudge not in finish(child)
    with goal_terminal("report", "--for", "client") as child:
        assert nudge in finish(child)  # it was due all along: the client gets it


def test_the_check_in_header_wraps_between_words_at_60_columns(db_path: Path) -> None:
    from lib.paths import MOOD_PLAN
    from lib.processes import goal_process

    assert goal_process("intake", "--answers", MOOD_PLAN).returncode == 0
    with goal_terminal("log", columns=60) as child:
        child.expect("Mood today")
        child.sendintr()
        output = re.sub(r"\x1b\[[0-9;]*m", "", finish(child)).replace("\r\n", "\n")
    header = output[: output.index("Mood today")]
    lines = header.split("\n")
    assert all(len(line) <= 60 for line in lines), lines
    # "Check-in for Thursday 26 November 2026. Enter skips a question." is 63 characters:
    # it breaks between two words, each arriving whole.
    assert (
        " ".join(header.split())
        == "Check-in for Thursday 26 November 2026. Enter skips a question."
    )
    assert len([line for line in lines if line.strip()]) == 2
