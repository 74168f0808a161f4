"""The interactive intake through a real terminal (pexpect), including Ctrl-C and Ctrl-D.

The test answers prompts by their text, and checks that the questions the intake must ask
came in the order the method needs. An unknown prompt fails the test at once (instead of
waiting for a timeout), naming the prompt.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from lib.paths import MOOD_PLAN
from lib.processes import goal_process
from lib.terminal import spawn_goal

pexpect = pytest.importorskip("pexpect")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# Every question the intake asks, in order, and what the client types. A list is answered
# one item per time the question is asked (confidence 15 is refused and asked again).
ANSWERS: dict[str, list[str]] = {
    "Therapy type (individual, couples, family)": ["couples"],
    "Who takes part (names)": ["Dana, Lee"],
    "What do you expect from therapy?": ["Argue less about chores"],
    "What might hinder your progress?": ["Long shifts; we both get defensive"],
    # Asked again at the end (part 4), after the summary.
    "What would success feel like?": ["Evenings that feel like a team again", "Laughing at dinner"],
    "What motivates you to change?": ["We still make each other laugh"],
    "Support contact (name and how to reach them)": ["Dr. Osei, 555-0142"],
    "Questionnaires to take every 14 days (phq9, gad7, who5, or none)": ["phq9, gad7"],
    "The goal, in your own words": ["Talk things through calmly"],
    "When did you start working on it": ["3 days ago"],
    "Specific": ["A 15-minute check-in after dinner on weekdays, phones away"],
    "What will you measure (e.g. minutes walked per day)": ["calm check-ins per week"],
    "Its unit (e.g. minutes, times, 0-10)": ["times"],
    "Where are you now (start point)": ["0"],
    "Target": ["4"],
    "How often will you check in (daily, or N per week)": ["daily"],
    "A reading, or a weekly total (reading, weekly total)": ["weekly total"],
    "Confidence (0-10)": ["15", "6"],
    "Why does it matter to you": ["We want our kids to see us sort things out"],
    "Target date": ["in 10 weeks"],
    "GAS 0: the expected outcome by the next review": [""],
    "Step 1": ["Agree on a time"],
    "Step 2": ["Use a timer so neither of us rambles"],
    "Step 3": ["Swap who speaks first each day"],
    "Step 4": [""],
    # Asked after each step typed: 11 is refused and asked again, Enter skips.
    "Expected pleasure: how much will you enjoy it? (0-10; Enter skips)": ["4", "11", "6", ""],
    "Which step comes first (number)": ["2"],
    "When will you take it": ["next monday"],
    "Add another goal?": ["n"],
    # The end: part 4 (what success feels like) answered again, then saved.
    "Save this plan?": ["4", "y"],
    # Asked first when a plan exists already: these sessions run the whole assessment again.
    "Add a goal, or a new assessment (add, new)": ["new"],
}
EXPECTED_ORDER = [
    "Therapy type (individual, couples, family)",
    "Who takes part (names)",
    "What do you expect from therapy?",
    "What might hinder your progress?",
    "What would success feel like?",
    "What motivates you to change?",
    "Support contact (name and how to reach them)",
    "Questionnaires to take every 14 days (phq9, gad7, who5, or none)",
    "The goal, in your own words",
    "When did you start working on it",
    "Specific",
    "What will you measure (e.g. minutes walked per day)",
    "Its unit (e.g. minutes, times, 0-10)",
    "Where are you now (start point)",
    "Target",
    "How often will you check in (daily, or N per week)",
    "A reading, or a weekly total (reading, weekly total)",
    "Confidence (0-10)",
    "Confidence (0-10)",  # 15 was refused
    "Why does it matter to you",
    "Target date",
    "GAS 0: the expected outcome by the next review",
    "Step 1",
    "Expected pleasure: how much will you enjoy it? (0-10; Enter skips)",
    "Step 2",
    "Expected pleasure: how much will you enjoy it? (0-10; Enter skips)",
    "Expected pleasure: how much will you enjoy it? (0-10; Enter skips)",  # 11 was refused
    "Step 3",
    "Expected pleasure: how much will you enjoy it? (0-10; Enter skips)",
    "Step 4",
    "Which step comes first (number)",
    "When will you take it",
    "Add another goal?",
    "Save this plan?",
    "What would success feel like?",
    "Save this plan?",
]
# Coaching tips may follow a vague answer; these answers are concrete, but a tip is no failure.
OPTIONAL = {"Change your answer?": "n", "Keep this date?": "y"}

PROMPT = re.compile(r"([^\r\n]*): $")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _question(line: str) -> str:
    """The question of a prompt line, without colours or the [default] typer shows."""
    text = ANSI.sub("", line).strip()
    text = re.sub(r"\s*\[[^\]]*\]$", "", text)
    for start in ("Target date (", "When did you start working on it (", "Save this plan?"):
        if text.startswith(start):
            return start.rstrip(" (")
    return text


def _converse(
    child: pexpect.spawn, stop_at: str | None = None, action: Callable[[], object] | None = None
) -> tuple[list[str], str]:
    """Answer prompts until the program ends; at `stop_at`, do `action` instead of answering.

    Returns the questions asked, in order, and the whole transcript.
    """
    answers = {question: list(replies) for question, replies in ANSWERS.items()}
    asked: list[str] = []
    try:
        while child.expect([PROMPT, pexpect.EOF]) == 0:
            question = _question(child.match.group(1))
            asked.append(question)
            if question == stop_at and action is not None:
                action()
                stop_at = None
                continue
            if question in OPTIONAL:
                child.sendline(OPTIONAL[question])
                continue
            replies = answers.get(question)
            assert replies, f"unexpected prompt {question!r} after {asked[:-1]}"
            child.sendline(replies.pop(0))
        child.close()
    finally:
        if child.isalive():
            child.terminate(force=True)
    return asked, child.logfile_read.getvalue()


def _goals() -> list[dict[str, object]]:
    result = subprocess.run(
        [sys.executable, "-m", "goalcli", "list", "--all", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=30,
        env=dict(os.environ),
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_interactive_intake_in_a_real_terminal(db_path: Path) -> None:
    child = spawn_goal("intake")
    asked, output = _converse(child)

    assert child.exitstatus == 0, output
    assert child.signalstatus is None
    assert "Traceback" not in output
    assert [q for q in asked if q not in OPTIONAL] == EXPECTED_ORDER
    assert "The confidence must be from 0 to 10 (got 15)." in output
    assert "Saved goal 1." in output

    goals = _goals()
    assert [(g["title"], g["baseline"], g["target"], g["unit"]) for g in goals] == [
        ("Talk things through calmly", 0, 4, "times")
    ]
    assert goals[0]["start_date"] == "2026-11-23"  # 3 days ago
    assert goals[0]["target_date"] == "2027-02-04"  # in 10 weeks from Thursday 2026-11-26
    # The numbered summary came twice: before and after part 4 was answered again.
    assert output.count("Your plan") == 2
    assert "Laughing at dinner" in output

    db = sqlite3.connect(db_path)
    try:
        assert db.execute(
            "SELECT therapy_type, support_contact, expectations, success_feels_like FROM intake"
        ).fetchall() == [
            ("couples", "Dr. Osei, 555-0142", "Argue less about chores", "Laughing at dinner")
        ]
        assert db.execute(
            "SELECT measure, every_days FROM measure_schedule ORDER BY measure"
        ).fetchall() == [
            ("gad7", 14),
            ("phq9", 14),
        ]
        assert db.execute("SELECT confidence FROM goal").fetchall() == [(6,)]
        assert db.execute("SELECT name FROM member ORDER BY id").fetchall() == [("Dana",), ("Lee",)]
        steps = db.execute("SELECT position, text, due_on FROM step ORDER BY position").fetchall()
        expected = db.execute("SELECT expected_pleasure FROM step ORDER BY position").fetchall()
    finally:
        db.close()
    assert [(position, text) for position, text, _ in steps] == [
        (1, "Agree on a time"),
        (2, "Use a timer so neither of us rambles"),
        (3, "Swap who speaks first each day"),
    ]
    # Step 2 was chosen to come first, "next monday" after Thursday 2026-11-26.
    assert steps[1][2] == "2026-11-30"
    assert "The expected pleasure must be from 0 to 10 (got 11)." in output
    assert expected == [(4,), (6,), (None,)]


def _assert_nothing_saved(child: pexpect.spawn, output: str, goals_before: int) -> None:
    assert child.exitstatus == 130, output
    assert "nothing was saved" in output.lower()
    assert "Traceback" not in output
    assert len(_goals()) == goals_before


def test_ctrl_c_midway_saves_nothing(db_path: Path) -> None:
    child = spawn_goal("intake")
    asked, output = _converse(child, "Its unit (e.g. minutes, times, 0-10)", child.sendintr)

    assert asked[-1] == "Its unit (e.g. minutes, times, 0-10)"
    _assert_nothing_saved(child, output, goals_before=0)
    assert not db_path.exists()


def test_ctrl_c_at_the_save_question_keeps_only_earlier_goals(db_path: Path) -> None:
    loaded = goal_process("intake", "--answers", MOOD_PLAN)
    assert loaded.returncode == 0, loaded.stderr
    before = db_path.read_bytes()

    child = spawn_goal("intake")
    asked, output = _converse(child, "Save this plan?", child.sendintr)

    assert asked[-1] == "Save this plan?"
    _assert_nothing_saved(child, output, goals_before=2)
    assert db_path.read_bytes() == before


def test_ctrl_d_at_a_prompt_saves_nothing(db_path: Path) -> None:
    child = spawn_goal("intake")
    asked, output = _converse(child, "Why does it matter to you", child.sendeof)

    assert asked[-1] == "Why does it matter to you"
    _assert_nothing_saved(child, output, goals_before=0)
    assert not db_path.exists()


def test_ctrl_d_at_the_end_of_the_intake_saves_nothing(db_path: Path) -> None:
    child = spawn_goal("intake")
    asked, output = _converse(child, "Save this plan?", child.sendeof)

    assert asked[-1] == "Save this plan?"
    shown = ANSI.sub("", output)
    assert "1.  Therapy" in shown and "18.  First step" in shown  # the numbered summary
    _assert_nothing_saved(child, output, goals_before=0)
    assert not db_path.exists()


def test_discarding_at_the_end_asks_first_and_saves_nothing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ANSWERS, "Save this plan?", ["discard", "discard"])
    monkeypatch.setitem(ANSWERS, "Discard this plan? Nothing of it will be saved.", ["n", "y"])
    child = spawn_goal("intake")
    asked, output = _converse(child)

    assert asked[-4:] == [
        "Save this plan?",
        "Discard this plan? Nothing of it will be saved.",
        "Save this plan?",
        "Discard this plan? Nothing of it will be saved.",
    ]
    assert child.exitstatus == 0, output
    assert "Nothing was saved." in output
    assert not db_path.exists()
