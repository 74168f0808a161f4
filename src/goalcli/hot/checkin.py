"""The interactive `goal log`'s first question, asked by the console script's first step
(goalcli/hot/__init__.py) before Typer, Rich and SQLModel are loaded (issue 26): they load in a
thread while the person types, and the full path (commands/log.py) takes the answer and asks
the rest, so everything after the first question is the same code.

Only where the full path would ask that question straight away, saying nothing else first:
`goal [--db PATH] log` alone, standard input and output terminals (UTF-8), a plain local
database at this goalcli's schema with nothing left beside it and at least one active goal,
a valid GOALCLI_TODAY. Anything else (no database or no goal, encryption, a migration due, a
profile without a database, a server, --date, any other option) goes to the full path
untouched. What is printed is what commands/log.py prints through Click (prompts.say and
prompts.ask): the header in bold, the question, then `input(" ")` as Click's prompt calls it.
prompts.answered_early hands over the answer; should the full path's header or question
differ by then (midnight passed, another process saved a mood), it shows them afresh.
Ctrl-C or Ctrl-D there ends as the full path ends it: one line, exit 130, nothing written.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from datetime import date
from pathlib import Path

from goalcli.errors import EXIT_INTERRUPTED, GoalError

PRELOADED = (
    "goalcli.cli",
    "goalcli.commands.log",
    "goalcli.storage.database",
    "goalcli.storage.goals",
    "goalcli.storage.checkins",
    "goalcli.storage.steps",
    "goalcli.storage.activation",
    "goalcli.storage.measures",
    "goalcli.storage.notices",
    "goalcli.views.report",
    "goalcli.render.widgets",
    "rich.console",
    "rich.text",
)
"""What the full check-in imports (commands/log.py and what it loads inside its functions),
loaded while the first question waits for its answer."""


def ask_first(db: str | None) -> bool:
    """Ask the check-in's first question if the full path would ask it first, leave its
    answer with goalcli.prompts and say True; False, having done nothing, otherwise. Either
    way the caller goes on to the full path (goalcli.cli.main)."""
    asked = _what_to_ask(db)
    if asked is None:
        return False
    header, question = asked
    from goalcli.prompts import answered_early, fitted

    *before, last = fitted(question).split("\n")
    prompt = last + ": "
    # click.secho(bold=True): the whole (wrapped) text between one pair of codes, one write.
    _write(f"\x1b[1m{fitted(header)}\x1b[0m\n")
    for line in before:
        _write(line + "\n")
    _write(prompt[:-1])  # Click writes the prompt but its last character, which input() does
    loading = threading.Thread(target=_preload, name="goalcli-preload", daemon=True)
    try:
        # Ctrl-C must reach this thread, blocked in input(): a SIGINT the kernel gave the
        # loading thread would leave the read waiting. That thread is born with it blocked.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            loading.start()
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        answer = _read_answer(prompt[-1:])
    except (KeyboardInterrupt, EOFError):
        # What cli.GoalGroup says for the Abort Click raises there (stdin is a terminal).
        _end("Interrupted; nothing was saved.", EXIT_INTERRUPTED, own_line=True)
    except Exception as error:  # undecodable input, say: what the boundary says of it
        _end(
            f"Something went wrong inside goalcli ({type(error).__name__}); nothing was "
            "changed. Run again with --debug to see why.",
            1,
        )
    answered_early(header, question, answer)
    try:
        loading.join()
    except KeyboardInterrupt:  # Ctrl-C while the rest still loads: nothing saved yet
        _end("Interrupted; nothing was saved.", EXIT_INTERRUPTED, own_line=True)
    return True


def _read_answer(prompt: str) -> str:
    """input(prompt) as Click's prompt calls it, but a Ctrl-C that lands between the prompt
    and the read still ends it: with the loading thread running, the main thread can be put
    aside just there, and a signal handled before read() blocks would leave it waiting (a hang
    seen ~1 in 10 times when Ctrl-C follows the prompt at once). So the prompt is written as
    input() writes it (on stderr), the line is awaited with select() beside the signal wake-up
    pipe (a signal wakes it whenever it came), and input() then reads the line already there."""
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    previous = signal.set_wakeup_fd(wake_write, warn_on_full_buffer=False)
    try:
        sys.stdout.flush()
        sys.stderr.write(prompt)
        sys.stderr.flush()
        import select

        while True:
            ready, _, _ = select.select([sys.stdin.fileno(), wake_read], [], [])
            if sys.stdin.fileno() in ready:
                break
            os.read(wake_read, 512)  # another signal than SIGINT: wait on
    finally:
        signal.set_wakeup_fd(previous)
        os.close(wake_read)
        os.close(wake_write)
    return input()


def _what_to_ask(db: str | None) -> tuple[str, str] | None:
    """(the header, the first question) as commands/log.py would word them now; None when
    the full path would do or say anything else first."""
    if not _at_utf8_terminal():
        return None
    from goalcli.core import dates
    from goalcli.hot.common import local_file
    from goalcli.render import screens
    from goalcli.storage.quick import plain_and_current

    try:
        path = local_file(db)
        if path is None or not plain_and_current(path):
            return None
        today = dates.today()
        facts = _first_facts(path, today)
    except (GoalError, OSError, ValueError):
        return None
    if facts is None:
        return None
    (mood,) = facts
    already = screens.MOOD_SAVED.format(mood=mood) if mood is not None else ""
    return (
        screens.CHECKIN_HEADER.format(day=today),
        screens.MOOD_QUESTION.format(already=already),
    )


def _at_utf8_terminal() -> bool:
    """Standard input and output are terminals (where the full path asks; a pipe either way
    is the full path's) whose encoding Click uses as it stands."""
    for stream in (sys.stdin, sys.stdout):
        try:
            if stream is None or not stream.isatty():
                return False
        except (AttributeError, ValueError):
            return False
        if (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            return False
    return True


def _first_facts(path: Path, today: date) -> tuple[int | None] | None:
    """(the mood saved for `today`, None without one); None when there is no active goal (the
    full path refuses then) or the file cannot be read plainly."""
    import sqlite3

    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
    except sqlite3.Error:
        return None
    try:
        with connection:
            connection.execute("BEGIN")  # one snapshot for both reads
            active = connection.execute(
                "SELECT 1 FROM goal WHERE status = 'active' LIMIT 1"
            ).fetchone()
            mood = connection.execute(
                "SELECT mood FROM mood WHERE day = ?", (today.isoformat(),)
            ).fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    if active is None:
        return None
    if mood is None:
        return (None,)
    return (mood[0],) if type(mood[0]) is int else None


def _preload() -> None:
    """Import what the rest of the check-in needs, while the person types; a failure is left
    for the full path to meet where it always would."""
    import importlib

    for name in PRELOADED:
        try:
            importlib.import_module(name)
        except Exception:  # the full path imports it again and says what failed
            continue


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _end(message: str, code: int, *, own_line: bool = False) -> None:
    """Say `message` as cli._say_error does and exit with `code` at once: nothing is open or
    written, and the loading thread is not waited for."""
    from goalcli.prompts import say_error

    say_error(message, own_line=own_line)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
