"""prompts.answered_early: the header and first question the console script's first step
showed (goalcli/hot/checkin.py) are not shown twice, and the answer typed there is the answer;
but when the full path's next header or question is not exactly what was shown (the day
changed meanwhile, a mood was saved by another process), both are shown afresh and asked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import typer

from goalcli import prompts
from goalcli.errors import InputError

HEADER = "Check-in for Thursday 26 November 2026. Enter skips a question."
QUESTION = "Mood today (0-10)"


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """What typer.prompt was asked (it answers "5"); no early answer is left behind."""
    asked: list[str] = []

    def prompt(text: str, **_: object) -> str:
        asked.append(text)
        return "5"

    monkeypatch.setattr(typer, "prompt", prompt)
    yield asked
    monkeypatch.setattr(prompts, "_answered", None)


def _mood(raw: str) -> int:
    return prompts.parse_whole(raw, "mood", 0, 10)


def test_what_was_shown_is_not_shown_again_and_its_answer_is_taken(
    typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    prompts.answered_early(HEADER, QUESTION, "7")
    prompts.say(HEADER, bold=True)
    assert prompts.ask(QUESTION, _mood, default="") == 7
    assert typed == []
    assert capsys.readouterr() == ("", "")
    # Only once: the next question is asked.
    assert prompts.ask(QUESTION, _mood, default="") == 5
    assert typed == [QUESTION]


def test_a_refused_early_answer_is_said_and_asked_again(
    typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    prompts.answered_early(HEADER, QUESTION, "11")
    prompts.say(HEADER, bold=True)
    assert prompts.ask(QUESTION, _mood, default="") == 5
    assert typed == [QUESTION]
    assert "The mood must be from 0 to 10 (got 11)." in capsys.readouterr().err


@pytest.mark.parametrize(
    ("header", "question"),
    [
        ("Check-in for Friday 27 November 2026. Enter skips a question.", QUESTION),  # midnight
        (HEADER, "Mood today (0-10; 4 is saved for this day)"),  # saved meanwhile
    ],
)
def test_a_different_header_or_question_is_shown_and_asked_afresh(
    typed: list[str], capsys: pytest.CaptureFixture[str], header: str, question: str
) -> None:
    prompts.answered_early(HEADER, QUESTION, "7")
    prompts.say(header, bold=True)
    assert prompts.ask(question, _mood, default="") == 5
    assert typed == [question]
    out = capsys.readouterr().out
    assert (header in out) == (header != HEADER)


def test_nothing_answered_early_asks_as_always(typed: list[str]) -> None:
    with pytest.raises(InputError):
        _mood("x")
    assert prompts.ask(QUESTION, _mood, default="") == 5
    assert typed == [QUESTION]
