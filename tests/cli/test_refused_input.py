"""Refused input is quoted short (issue 11): a private sentence typed where a command takes
no more arguments, or given to an option that refuses it, never shows up whole in a message."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

import goalcli.cli  # noqa: F401  (mounts the lazy commands, so STARTS never depends on test order)
from goalcli._lazy import LAZY_COMMANDS
from lib.writers import SENTINEL, WRITERS

Run = Callable[..., Result]
# The sentinel sits beyond the short quote (errors.QUOTE_LIMIT characters).
SENTENCE = f"I felt great today after talking to my sister {SENTINEL}"
STEP_COMMANDS = (
    ("step", "add", "1", "Call Sam"),
    ("step", "done", "1", "1"),
    ("step", "list", "1"),
)
# A valid start of every command: the writers' own invocations, then the others.
STARTS = [writer.args for writer in WRITERS]
STARTS += [(name,) for name in LAZY_COMMANDS if name not in {"step", "delete", "restore"}]
STARTS += [("show", "1"), ("delete", "1", "--yes"), ("step", "undo", "1", "1"), *STEP_COMMANDS]


# Commands whose first argument (GOAL or FILE) takes the sentence when it comes as one argument.
TAKES_A_FIRST_ARGUMENT = {
    "log",
    "show",
    "edit",
    "done",
    "pause",
    "resume",
    "drop",
    "review",
    "import",
    "skip",
}


def _flat(output: str) -> str:
    """The output as one line, without the box Rich draws around a usage error."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", output).split())


def _refused(result: Result) -> None:
    assert result.exit_code == 2, result.output
    assert SENTINEL not in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("start", STARTS, ids=[" ".join(start[:2]) for start in STARTS])
@pytest.mark.parametrize("how", ["words", "one argument"])
def test_an_extra_sentence_is_refused_quoted_short(
    planned_fast: Run, tmp_path: Path, start: tuple[str, ...], how: str
) -> None:
    if start == ("backup",):  # its optional FILE would take the sentence as a file name
        start = ("backup", str(tmp_path / "copy.db"))
    extra = SENTENCE.split() if how == "words" else [SENTENCE]
    result = planned_fast(*start, *extra)
    _refused(result)
    if how == "one argument" and len(start) == 1 and start[0] in TAKES_A_FIRST_ARGUMENT:
        # The whole sentence lands in the command's GOAL (or FILE): refused as no such goal
        # (or file), quoted short all the same.
        assert "No goal matches" in result.output or "no file" in result.output, result.output
    else:
        assert "unexpected extra argument" in result.output or "No such command" in result.output


def test_a_note_typed_without_note_names_the_way(planned_fast: Run) -> None:
    result = planned_fast("log", "1", "--value", "3", *SENTENCE.split())
    _refused(result)
    assert _flat(result.output).endswith(
        "Got unexpected extra argument(s) ('I felt great today after talking to my s...'); "
        'text with spaces goes in quotes after its option, e.g. --note "..."'
    )


@pytest.mark.parametrize(
    "args",
    [
        (SENTENCE,),  # taken for a command
        ("report", "--format", SENTENCE),  # a refused choice
        ("report", f"--{SENTENCE}"),  # an unknown option
        ("list", "--format", SENTENCE),
        ("export", "--format", SENTENCE),
    ],
    ids=["command", "choice", "option", "list-format", "export-format"],
)
def test_usage_errors_quote_short(planned_fast: Run, args: tuple[str, ...]) -> None:
    _refused(planned_fast(*args))
