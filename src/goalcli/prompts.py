"""Asking the user, again and again until the answer can be used.

A bad answer gets one plain sentence and the same question; Ctrl-C or Ctrl-D ends the whole
command (Typer raises Abort, which the CLI boundary reports as "nothing was saved").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from goalcli.errors import InputError, quote

# Typer is imported inside the functions that ask or print: the flag form of `goal log` parses
# its options with this module's parsers before Typer is loaded (goalcli/hot/__init__.py, issue 26).

T = TypeVar("T")


def stdin_is_terminal() -> bool:
    """True when standard input is a terminal (not a pipe, a file or a test runner)."""
    import sys

    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):  # replaced or closed stdin
        return False


def at_terminal() -> bool:
    """True when a person can see a question and answer it: both standard input and standard
    output are terminals (a pipe either way is a script, which is never asked)."""
    import sys

    try:
        return stdin_is_terminal() and sys.stdout is not None and sys.stdout.isatty()
    except (AttributeError, ValueError):  # replaced or closed stdout
        return False


def fitted(text: str, *, err: bool = False) -> str:
    """`text` wrapped at word boundaries to the terminal's width when the stream it goes to is a
    terminal (core.text.wrapped); a pipe or a file gets whole lines, for grep and scripts."""
    import sys

    stream = sys.stderr if err else sys.stdout
    try:
        terminal = stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed stream
        terminal = False
    if not terminal:
        return text
    from goalcli.core.text import wrapped

    return wrapped(text)


class _Answered:
    """A header and a question the console script's first step (goalcli/hot/checkin.py) has
    already shown at the terminal, and the answer typed to it, for the say() and ask() that
    would show them next: they then say nothing and give that answer."""

    def __init__(self, header: str, question: str, answer: str) -> None:
        self.header: str | None = header  # None once say() has met it
        self.question = question
        self.answer = answer


_answered: _Answered | None = None


def answered_early(header: str, question: str, answer: str) -> None:
    """Record that `header` (said in bold) and `question` were shown and `answer` typed (the
    raw text, as typer.prompt returns it). If the next say() and ask() are not exactly these
    (the day changed meanwhile, another goal process saved a mood), they are shown afresh."""
    global _answered
    _answered = _Answered(header, question, answer)


def _already_said(text: str, err: bool, style: dict[str, bool | str]) -> bool:
    global _answered
    if _answered is None:
        return False
    if _answered.header == text and not err and style == {"bold": True}:
        _answered.header = None
        return True
    _answered = None  # something else to say first: everything is shown afresh
    return False


def _early_answer(question: str) -> str | None:
    global _answered
    found, _answered = _answered, None
    if found is None or found.header is not None or found.question != question:
        return None
    return found.answer


def say(text: str, *, err: bool = False, **style: bool | str) -> None:
    """Print a message, tip or sentence, wrapped to the terminal (see `fitted`)."""
    import typer

    if _already_said(text, err, style):
        return
    typer.secho(fitted(text, err=err), err=err, **style)  # type: ignore[arg-type]


def explain(text: str) -> None:
    """A short sentence on why the next question matters."""
    say(text, dim=True)


def _question(question: str) -> str:
    """The question's last line, for the prompt; the lines before it, wrapped, are printed now
    (the terminal would otherwise break a long question in the middle of a word)."""
    import typer

    *before, last = fitted(question).split("\n")
    for line in before:
        typer.echo(line)
    return last


def _need_input() -> None:
    """Python sets sys.stdin to None when goal starts with its input closed (`goal log <&-`)."""
    import sys

    if sys.stdin is None or sys.stdin.closed:
        raise InputError(
            "There is no input to answer questions from; run the command in a terminal "
            "or give the answers as options (see --help)."
        )


def ask(question: str, parse: Callable[[str], T], *, default: str | None = None) -> T:
    """Ask until `parse` accepts the answer. default="" lets Enter mean "nothing"."""
    import typer

    _need_input()
    raw = _early_answer(question)
    while True:
        if raw is None:
            raw = typer.prompt(_question(question), default=default, show_default=bool(default))
        try:
            return parse(raw)
        except InputError as error:
            say(f"  {error.message}", err=True, fg="yellow")
        raw = None


def ask_text(
    question: str, field: str, *, required: bool = True, default: str | None = None
) -> str:
    """Ask for the stored text `field` (a key of core/limits.FIELD_LIMITS) until it fits."""
    from goalcli.core import limits

    def parse(raw: str) -> str:
        # "The answer ...": the question it answers is on the line above.
        return limits.check_text(raw, field, what="answer", required=required)

    return ask(
        question, parse, default=default if default is not None else ("" if not required else None)
    )


def confirm(question: str, *, default: bool = True) -> bool:
    import typer

    _need_input()
    return typer.confirm(_question(question), default=default)


def confirm_destructive(question: str, *, yes: bool, what: str) -> bool:
    """Ask before something that can't be undone; --yes answers for a script.

    Without a terminal to ask on and without --yes, refuse (exit 2) rather than guess.
    """
    if yes:
        return True
    if not stdin_is_terminal():  # also when stdin is closed (sys.stdin is None)
        raise InputError(
            f"{what} needs your confirmation; add --yes to confirm it without a terminal."
        )
    import typer

    return typer.confirm(_question(question), default=False)


def parse_number(raw: str, what: str) -> float:
    """A number typed at a flag or a prompt, read by the one parser (core.text.read_number)."""
    import math

    from goalcli.core import smart
    from goalcli.core.text import read_number

    text = raw.strip()
    value = read_number(text)
    if value is None:
        raise InputError(
            f"{quote(text)} is not a number; type the {what} as digits, e.g. 3 or 2.5."
        )
    if not math.isfinite(value):
        raise InputError(f"{quote(text)} is not a usable number for the {what}.")
    return smart.check_number(value, what)


def parse_whole(raw: str, what: str, low: int, high: int) -> int:
    """A whole number from low to high; one sign is allowed (+1 is a GAS level)."""
    from goalcli.core.text import read_whole

    value = read_whole(raw)
    if value is None:
        raise InputError(
            f"{quote(raw.strip())} is not a whole number; the {what} is {low} to {high}."
        )
    if not low <= value <= high:
        raise InputError(f"The {what} must be from {low} to {high} (got {value}).")
    return value


def parse_step_number(raw: str) -> int:
    """A step's number, 1 to the most steps a goal keeps (core/limits.MAX_STEPS)."""
    from goalcli.core.limits import MAX_STEPS

    return parse_whole(raw, "step number", 1, MAX_STEPS)


# How a command's end is said on stderr, by the CLI boundary (cli.GoalGroup) and by the
# console script's quick answers (goalcli/hot/) alike, without Typer.


def output_failed(error: OSError, *, saved: bool) -> int:
    """Say that the output failed (a pipe closed early, stdout closed, a full disk) as is true
    of the data, and return the exit status."""
    import errno

    from goalcli.errors import SAVED_NOTE, silence_stdout

    silence_stdout()
    if saved:
        # The change is made; only its confirmation was lost. Retrying would repeat it.
        say_error(f"{SAVED_NOTE}, but the confirmation could not be shown.")
        return 0
    if error.errno not in (errno.EPIPE, errno.EBADF):
        say_error(f"Could not finish: {error.strerror or type(error).__name__}.")
    # A reader that stopped reading (`| head`) is not news; the status says it all.
    return 1


def say_error(message: str, *, own_line: bool = False) -> None:
    """One line on stderr, fitted to its width. Last line of defence: no control character (an
    escape sequence) reaches the terminal, whatever a message was built from. `own_line`:
    after ^C the cursor may still sit after a prompt's question, so a terminal gets a line
    break first."""
    import contextlib
    import sys

    from goalcli.core.text import visible

    with contextlib.suppress(OSError, ValueError):  # stderr closed too: the status still speaks
        text = fitted(f"goal: {visible(message)}", err=True)
        if own_line and sys.stderr.isatty():
            text = "\n" + text
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
