"""The console script's first step: the commands a person types most, recognised from the
command line before Typer, Click and Rich are imported (issue 26), since importing them costs
more than the whole command.

- `goal [--db PATH] log GOAL --value N [--mood M] [--note T] [--done STEP]... [--date WHEN]`
  (each option once but --done, as `--opt VALUE` or `--opt=VALUE`, GOAL anywhere after `log`),
  saved by storage/quick.py;
- `goal [--db PATH] status [--short]`, the shell prompt's line, read by storage/glance.py;
- `goal [--db PATH] remind --notify`, what the daily reminder runs (commands/_notify.py);
- bash's completion of GOAL after a command that takes it first (`goal show <TAB>`);
- the first question of `goal [--db PATH] log` at a terminal (hot/checkin.py), whose
  answer it hands to the full path with the rest of the check-in.

This module reads the command line and answers the flag form, status, the reminder and
completion; hot/checkin.py asks the check-in's first question; hot/common.py holds what they
share (the database file, failures in the CLI boundary's words).

They are parsed here strictly. Anything else — another command, another option (`--help`,
`--debug`, `--profile`), a second GOAL, an option given twice, a value the checks
refuse, completion, GOALCLI_FULL_PATH — goes to the whole Typer application unchanged, which
then says exactly what it always said. So does every case storage/quick.py gives way on (or a
database `goal status` cannot read plainly); nothing is written before it does.

What they print is what the full path prints (render.screens.checkin_said through
render/plain.py; Rich itself where it colours). Their failures are said as the CLI boundary
(cli.GoalGroup) says them. tests/cli/test_quick_log.py runs them and the full path on the
same inputs and compares the databases and the bytes printed.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from goalcli.errors import (
    EXIT_INTERRUPTED,
    SAVED_NOTE,
    GoalError,
    owning_the_process,
    prepare_streams,
    settled,
)
from goalcli.hot.common import local_file
from goalcli.prompts import output_failed, say_error

if TYPE_CHECKING:
    from goalcli.storage.quick import Logged

_asked_first = False
"""Whether goalcli.hot.checkin asked the check-in's first question (the rest is the full
path's)."""

LOG_OPTIONS = ("--value", "--mood", "--note", "--date")
"""The options of `goal log` this module reads; any other goes to the full path."""


def main() -> None:
    """Console-script entry point: the flag form here, everything else in goalcli.cli."""
    owning_the_process()
    try:
        code = run(sys.argv[1:])
    except KeyboardInterrupt:  # Ctrl-C before anything was saved (run says it after a save)
        say_error("Interrupted; nothing was saved.", own_line=True)
        sys.exit(EXIT_INTERRUPTED)
    if code is not None:
        sys.exit(code)
    from goalcli.cli import main as full_main

    if not _asked_first:
        full_main()
        return
    # The rest of the check-in, its modules loaded while the first question was answered. At
    # the exit the interpreter would search those modules' hundreds of thousands of objects
    # for cycles (0.1-0.2 s, more than the save); frozen, they are freed without that search.
    # Nothing depends on a collection then: the database is closed by the command's boundary.
    import gc

    try:
        full_main()
    finally:
        gc.freeze()


def _global_db(argv: list[str], command: str) -> tuple[str | None, list[str]] | None:
    """(--db, the arguments after `command`) when only --db comes before it; else None."""
    db: str | None = None
    position = 0
    while position < len(argv) and argv[position] != command:
        token = argv[position]
        if db is None and token == "--db" and position + 1 < len(argv):
            db, position = argv[position + 1], position + 2
        elif db is None and token.startswith("--db="):
            db, position = token.removeprefix("--db="), position + 1
        else:
            return None
    if position == len(argv):
        return None
    return db, argv[position + 1 :]


def parse_status(argv: list[str]) -> tuple[str | None, bool] | None:
    """(--db, --short) of `goal [--db PATH] status [--short]`, or None for anything else."""
    found = _global_db(argv, "status")
    if found is None or found[1] not in ([], ["--short"]):
        return None
    return found[0], bool(found[1])


def _status(db: str | None, short: bool) -> int | None:
    """commands/status.py on a plain local file: ✓ or ○ and the words; None gives way (a
    server, a file that cannot be read plainly: encrypted, busy...)."""
    from goalcli.core import dates
    from goalcli.storage.glance import Unreadable, last_checkin_day

    path = local_file(db)
    if path is None:
        return None
    today = dates.today()
    try:
        last = last_checkin_day(path, today, encrypted_too=False)
    except Unreadable:
        return None  # the full path reads an encrypted file with its passphrase, or says why
    from goalcli.render.screens import LOGGED, NOT_LOGGED

    line = LOGGED if last == today else NOT_LOGGED
    try:
        sys.stdout.write((line.split()[0] if short else line) + "\n")
        sys.stdout.flush()
    except OSError as error:
        return output_failed(error, saved=False)
    return 0


def parse_remind(argv: list[str]) -> tuple[str | None] | None:
    """(--db,) of `goal [--db PATH] remind --notify`, or None for anything else."""
    found = _global_db(argv, "remind")
    if found is None or found[1] != ["--notify"]:
        return None
    return (found[0],)


def _remind(db: str | None) -> int | None:
    """commands/remind.py's --notify (what the daily reminder runs) on a plain local file, with
    the same functions (commands/_notify.py); None gives way: an encrypted file (read with its
    passphrase command there), a path the full path refuses, a terminal on stderr (where the
    full path may add its nudge after the command)."""
    from goalcli.core.reminders import check_runnable

    try:
        if sys.stderr.isatty():
            return None
        path = local_file(db)
        if path is None:
            return None
        check_runnable([], str(path))  # a control character: refused in the full path's words
    except (GoalError, OSError, ValueError):
        return None
    os.umask(0o077)  # as cli.main_options (the notifier it runs inherits it)
    from goalcli.commands import _notify
    from goalcli.storage.glance import Unreadable

    try:
        logged = _notify.checked_in_today(path, encrypted_too=False)
    except (Unreadable, GoalError):
        return None  # encrypted, damaged, a bad GOALCLI_TODAY: the full path's to say
    try:
        if logged:
            _echo(_notify.LOGGED)
        else:
            _notify.remind(_echo)
        sys.stdout.flush()
    except GoalError as error:  # the notifier could not be run
        say_error(error.message)
        return error.exit_code
    except OSError as error:
        return output_failed(error, saved=False)
    return 0


def _echo(line: str) -> None:
    """typer.echo of one plain line on stdout."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


COMPLETE_ENV = "_GOAL_COMPLETE"
"""What bash's completion script sets (Typer's: `complete_bash`), with COMP_WORDS and
COMP_CWORD."""

GOAL_FIRST = frozenset({"log", "show", "edit", "done", "pause", "resume", "drop", "delete", "skip"})
"""The commands whose first argument is GOAL (commands/_shared.GoalArgument, or log's own)."""


def _complete_goal_ids() -> int | None:
    """Bash completion of `goal [--db PATH] COMMAND <TAB>` for a command of GOAL_FIRST: the goal
    ids (or titles) commands/_shared.complete_goal offers, one a line as Typer's bash completion
    writes them. Any other completion (another word, an option, quoting, a profile) is Click's."""
    from goalcli.storage.paths import PROFILE_ENV, resolve_path

    words_line = os.environ.get("COMP_WORDS", "")
    position = os.environ.get("COMP_CWORD", "")
    if any(mark in words_line for mark in "\"'\\") or not position.isdecimal():
        return None  # quoting: click.shell_completion.split_arg_string's to read
    if os.environ.get(PROFILE_ENV):
        return None
    words = words_line.split()
    index = int(position)
    before, incomplete = words[1:index], (words[index] if index < len(words) else "")
    if incomplete.startswith("-") or len(words) > index + 1:
        return None
    if len(before) == 3 and before[0] == "--db":
        db: str | None = before[1]
    elif len(before) == 2 and before[0].startswith("--db="):
        db = before[0].removeprefix("--db=")
    elif len(before) == 1:
        db = None
    else:
        return None
    if before[-1] not in GOAL_FIRST:
        return None
    from goalcli.storage.glance import goal_choices

    try:
        path = resolve_path(db, None)
    except GoalError:
        return None
    choices = goal_choices(path, incomplete)
    try:
        sys.stdout.write("\n".join(word for word, _help in choices) + "\n")
        sys.stdout.flush()
    except OSError as error:
        return output_failed(error, saved=False)
    return 0


def parse_log(argv: list[str]) -> tuple[str | None, str, dict[str, str], list[str]] | None:
    """(--db, GOAL, {option: value}, the --done values) of the flag form, or None for
    anything else."""
    found = _global_db(argv, "log")
    if found is None:
        return None
    db, rest = found
    goal: str | None = None
    given: dict[str, str] = {}
    done: list[str] = []
    index = 0
    while index < len(rest):
        token = rest[index]
        name, equals, value = token.partition("=")
        if token == "--done" and index + 1 < len(rest):
            done.append(rest[index + 1])  # repeatable, as Click reads it
            index += 2
            continue
        if token in LOG_OPTIONS and index + 1 < len(rest) and token not in given:
            given[token] = rest[index + 1]
            index += 2
            continue
        if equals and name == "--done":
            done.append(value)
        elif equals and name in LOG_OPTIONS and name not in given:
            given[name] = value
        elif token.startswith("-") or goal is not None:
            return None  # another option, `--`, a second GOAL: the full path's to read
        else:
            goal = token
        index += 1
    if goal is None or not (given.keys() - {"--date"} or done):
        return None  # no GOAL, or nothing but a date: the questions (or a refusal)
    return db, goal, given, done


def run(argv: list[str]) -> int | None:
    """Do the flag form of `goal log`, `goal status` or bash's completion of GOAL, and return
    the exit status; None (nothing done, nothing written) for the full path."""
    global _asked_first
    _asked_first = False
    if os.environ.get("GOALCLI_FULL_PATH"):
        return None  # forced (the bench and the tests)
    if os.environ.get(COMPLETE_ENV) == "complete_bash":
        return _complete_goal_ids()
    if any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ):
        return None  # another shell's completion, or another program name's: Click's
    glance = parse_status(argv)
    if glance is not None:
        prepare_streams()
        return _status(*glance)
    reminder = parse_remind(argv)
    if reminder is not None:
        prepare_streams()
        return _remind(reminder[0])
    found = _global_db(argv, "log")
    if found is not None and not found[1]:
        from goalcli.hot.checkin import ask_first

        prepare_streams()
        _asked_first = ask_first(found[0])  # the first question, if the full path asks it first
        return None  # the rest of the check-in is the full path's
    parsed = parse_log(argv)
    if parsed is None:
        return None
    return _log_flags(*parsed)


def _log_flags(db: str | None, goal: str, given: dict[str, str], done: list[str]) -> int | None:
    """The flag form of `goal log`, saved by storage/quick.py and said as the full path says
    it; None (nothing written) when it gives way."""
    prepare_streams()
    os.umask(0o077)  # as cli.main_options: the database and its -wal are the user's alone
    saved = False

    def mark_saved() -> None:
        nonlocal saved
        saved = True

    try:
        checked = _checked(db, given, done)
        if checked is None:
            return None
        path, day, mood, value, note, steps = checked
        from goalcli.storage import quick

        logged = quick.log_flags(
            path, goal, day, mood, value, note, committed=mark_saved, done=steps
        )
        if logged is None:
            return None
        _say_logged(logged, day, mood, value)
        sys.stdout.flush()  # a pipe closed early fails here, inside this boundary
        # Inside the try: a Ctrl-C before this line is told below; after it, none is.
        settled()
        return 0
    except GoalError as error:
        settled()  # the outcome is decided: what follows says it, uninterrupted
        # Refused before anything was written (a lock, a full disk, a total too large).
        message = (
            f"{SAVED_NOTE} before this went wrong: {error.message}" if saved else error.message
        )
        say_error(message)
        return error.exit_code
    except (KeyboardInterrupt, EOFError):
        settled()
        told = f"Interrupted; {SAVED_NOTE.lower()} before that." if saved else None
        say_error(told or "Interrupted; nothing was saved.", own_line=True)
        return EXIT_INTERRUPTED
    except OSError as error:
        settled()
        return output_failed(error, saved=saved)
    except Exception as error:
        if not saved:
            return None  # rolled back (storage/quick.py): the full path meets it and says it
        settled()
        # A bug of ours after the commit: said as cli.GoalGroup says it.
        say_error(
            f"{SAVED_NOTE}, but then something went wrong inside goalcli "
            f"({type(error).__name__}). Run again with --debug to see why."
        )
        return 1


def _checked(
    db: str | None, given: dict[str, str], done: list[str]
) -> tuple[Path, date, int | None, float | None, str | None, list[int]] | None:
    """The database file, the day and the values, checked as `goal log` checks them; None when
    any check refuses (the full path then says so in its words) or the file is not plainly a
    local one."""
    from goalcli.core import dates, limits
    from goalcli.prompts import parse_number, parse_step_number, parse_whole

    path = local_file(db)
    if path is None:
        return None
    try:
        today = dates.today()
        when = given.get("--date")
        day = dates.parse_when(when, today=today, prefer="past") if when is not None else today
        if day > today:
            return None
        mood, value, note = (given.get(name) for name in ("--mood", "--value", "--note"))
        checked = (
            parse_whole(mood, "mood", 0, 10) if mood is not None else None,
            parse_number(value, "value") if value is not None else None,
            limits.check_text(note, "note", required=False) or None if note is not None else None,
        )
        steps = [parse_step_number(step) for step in done]
        if checked == (None, None, None) and not steps:
            return None  # `--note ""` alone gives nothing: `goal log` then asks (commands/log)
        return (path, day, *checked, steps)
    except GoalError:
        return None


def _say_logged(logged: Logged, day: date, mood: int | None, value: float | None) -> None:
    """commands.log._print_feedback and the unusual value's line, as the full path prints them."""
    from goalcli.prompts import fitted
    from goalcli.render import plain, screens
    from goalcli.views.standing import logged_standing

    standing = logged_standing(logged)
    told = [(logged.goal.kind, logged.saved, standing, logged.day_value)]
    lines = screens.checkin_said(day, logged.as_of, mood, logged.mood_saved, told)
    texts = ["".join(text for text, _style in pieces) for _line_style, pieces in lines]
    if not plain.write_plain(texts):
        from goalcli.render import widgets

        out = widgets.console()
        for line in lines:
            out.print(screens.styled(line))
    if value is not None and (said := screens.unusual_line(logged.goal, day, logged.day_value)):
        sys.stdout.flush()
        sys.stderr.write(fitted(said, err=True) + "\n")
