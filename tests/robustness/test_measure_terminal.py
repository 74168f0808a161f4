"""`goal measure take` in a real terminal: one item at a time, the risk note straight after a
risk answer (before the next question, never cutting the questions short), Ctrl-C saves nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lib.terminal import finish, goal_terminal

pexpect = pytest.importorskip("pexpect")

ANSWER = "Answer"


def history() -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "goalcli", "measure", "history", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.mark.parametrize("item9", [1, 3])
def test_risk_answer_shows_the_note_before_the_next_question(item9: int) -> None:
    subprocess.run(
        [sys.executable, "-m", "goalcli", "settings", "crisis-line", "Crisis team 0800 123"],
        check=True,
        capture_output=True,
    )
    with goal_terminal("measure", "take", "phq9") as child:
        child.expect("1/9. Little interest or pleasure")
        child.expect("0 Not at all")
        for _item in range(8):
            child.expect(ANSWER)
            child.sendline("0")
        child.expect("9/9. Thoughts that you would be better off dead")
        child.expect(ANSWER)
        child.sendline(str(item9))
        # The note comes at once, and the questions carry on after it.
        child.expect("A note for you")
        child.expect("Crisis team 0800 123")
        child.expect("local emergency")
        child.expect("how difficult have these problems made it")
        child.expect(ANSWER)
        child.sendline("1")
        output = finish(child)
    assert child.exitstatus == 0, output
    assert output.index("A note for you") < output.index("how difficult")
    course = history()["phq9"]
    assert course["latest"]["total"] == item9
    assert course["risk"] == ["2026-11-26"]


def test_no_note_without_a_risk_answer() -> None:
    with goal_terminal("measure", "take", "phq9") as child:
        for answer in ("2", "2", "2", "2", "2", "2", "2", "2", "0"):  # item 9 answered 0
            child.expect(ANSWER)
            child.sendline(answer)
        child.expect("how difficult")
        child.expect(ANSWER)
        child.sendline("0")
        output = finish(child)
    assert child.exitstatus == 0, output
    assert "A note for you" not in output
    assert "16 of 27, moderately severe" in output


def test_a_wrong_answer_is_asked_again_and_ctrl_c_saves_nothing() -> None:
    with goal_terminal("measure", "take", "gad7") as child:
        child.expect(ANSWER)
        child.sendline("7")
        child.expect("0 to 3")
        child.expect(ANSWER)
        child.sendline("2")
        child.expect("2/7")
        child.expect(ANSWER)
        child.sendintr()
        output = finish(child)
    assert child.exitstatus == 130, output
    assert "nothing was saved" in output
    assert not Path(os.environ["GOALCLI_DB"]).exists()  # not even an empty database
    assert history() == {}


# --- issue 24: asked first, and a risk answer never silently cleared ---------------------------

RISK = "1,0,1,0,0,0,0,0,2"


def _take(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "goalcli", "measure", "take", "phq9", *args],
        check=True,
        capture_output=True,
    )


def test_measure_remove_asks_in_a_terminal_naming_the_risk_answer() -> None:
    _take("--answers", RISK, "--date", "2026-11-20")
    with goal_terminal("measure", "remove", "phq9", "--date", "2026-11-20", columns=160) as child:
        child.expect(r"Remove the PHQ-9 taken on 2026-11-20 \(score 4\)\? It holds a risk answer\.")
        child.expect(r"\[y/N\]")
        child.sendline("")  # Enter keeps it
        output = finish(child)
    assert child.exitstatus == 0, output
    assert "Kept it; nothing changed." in output
    assert history()["phq9"]["latest"]["total"] == 4

    with goal_terminal("measure", "remove", "phq9", "--date", "2026-11-20", columns=160) as child:
        child.expect(r"\[y/N\]")
        child.sendline("y")
        output = finish(child)
    assert child.exitstatus == 0, output
    assert history() == {}


def test_taking_it_again_in_a_terminal_asks_before_replacing_a_risk_answer() -> None:
    _take("--answers", RISK, "--date", "2026-11-20")
    with goal_terminal(
        "measure",
        "take",
        "phq9",
        "--answers",
        "0,0,0,0,0,0,0,0,0",
        "--date",
        "2026-11-20",
        columns=200,
    ) as child:
        child.expect(r"PHQ-9 was already taken on 2026-11-20 \(score 4\)\. Its risk answer stays")
        child.expect(r"\[y/N\]")
        child.sendline("y")
        output = finish(child)

    assert child.exitstatus == 0, output
    course = history()["phq9"]
    assert course["latest"]["total"] == 0
    assert course["risk"] == ["2026-11-20"]  # kept as a risk event
