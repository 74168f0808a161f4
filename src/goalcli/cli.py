"""The Typer app: global options, the one error boundary, and the commands mounted on it.

Only Typer and the standard library are imported here: every command imports what it needs
(SQLModel, Rich, dateutil) inside its own body, so `goal --help` and completion start fast.
Commands are mounted lazily (see `_mount` and _lazy.py): a command's module is imported and its
options built only when that command runs, completes or shows its own --help.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, overload

import typer

from goalcli import __version__
from goalcli._lazy import LazyGroup, lazy_command
from goalcli.errors import (
    EXIT_INTERRUPTED,
    SAVED_NOTE,
    GoalError,
    owning_the_process,
    prepare_streams,
    settled,
)
from goalcli.prompts import output_failed, say_error

if TYPE_CHECKING:
    from goalcli.storage.paths import Location
    from goalcli.storage.store import Store


@dataclass
class AppState:
    """What the global options chose, shared with every command through the Typer context."""

    db_option: str | None = None
    profile_option: str | None = None
    debug: bool = False
    # Set by `goal intake --encrypt`: a database created by this command is encrypted.
    encrypt_new: bool = False
    # Set by `goal intake` once creating a new profile is confirmed: the one door that may.
    allow_new_profile: bool = False
    _database: Store | None = field(default=None, repr=False)

    @functools.cached_property
    def location(self) -> Location:
        """Where the database is, worked out once for this command (see paths.Location)."""
        from goalcli.storage.paths import resolve_location

        return resolve_location(self.db_option, self.profile_option)

    @property
    def server_url(self) -> str | None:
        """The PostgreSQL URL when the database is on a server; a --profile then picks a
        schema there, not a file."""
        return self.location.server_url

    @property
    def db_path(self) -> Path:
        """The SQLite file the options choose. Commands that work on the file itself (backup,
        restore, encrypt) are refused plainly on a server; a profile with no database yet is
        refused (exit 2, with "did you mean") unless `intake` has confirmed creating it."""
        from goalcli.errors import StorageError
        from goalcli.storage.server import masked

        path = self.location.file
        if path is None:
            assert self.location.server_url is not None
            raise StorageError(
                f"This command works on a SQLite file (backups, restores and encryption are "
                f"SQLite's), and the database is on the server {masked(self.location.server_url)}; "
                "use the server's own tools there (pg_dump, an encrypted disk)."
            )
        if not self.allow_new_profile and self.new_profile is not None:
            from goalcli.errors import InputError
            from goalcli.storage.paths import default_data_dir, missing_profile_message

            raise InputError(missing_profile_message(self.new_profile, default_data_dir()))
        return path

    @property
    def database_files(self) -> tuple[Path, ...]:
        """The SQLite file the options choose, whether or not it exists yet (none on a
        server): what no output may be written onto."""
        path = self.location.file
        return () if path is None else (path,)

    @property
    def new_profile(self) -> str | None:
        """The name of the chosen profile when it has no database yet; else None (and always
        None on a server, where a profile is a schema the first write creates)."""
        path, name = self.location.file, self.location.profile
        if path is None or name is None or path.exists():
            return None
        return name

    @property
    def target_name(self) -> str:
        """The database as messages name it: its file, or its URL with the password masked."""
        from goalcli.storage.server import masked

        url = self.server_url
        return str(self.db_path) if url is None else masked(url)

    @overload
    def database(self, *, create: Literal[True]) -> Store: ...

    @overload
    def database(self, *, create: bool) -> Store | None: ...

    def database(self, *, create: bool) -> Store | None:
        """The database, opened once per process; None when reading and there is none yet."""
        if self._database is None:
            quiet_libraries(debug=self.debug)
            if (url := self.server_url) is not None:
                from goalcli.storage.server import open_server_database

                profile = self.location.server_profile
                self._database = open_server_database(url, profile, create=create)
                return self._database
            from goalcli.storage.database import open_database
            from goalcli.storage.passphrase import Passphrases

            self._database = open_database(
                self.db_path, create=create, passphrases=Passphrases(), encrypt=self.encrypt_new
            )
        return self._database

    _saved: bool = field(default=False, repr=False)

    def mark_saved(self) -> None:
        """For commands that write outside a database transaction (a backup, a restore): from
        now on a failure is reported as coming after the change, not instead of it."""
        self._saved = True

    @property
    def saved(self) -> bool:
        """Whether this command has already changed something (a committed write)."""
        return self._saved or (self._database is not None and self._database.committed)

    def close(self) -> None:
        """Close the database this command opened (the one place that does); the next
        `database()` opens it again."""
        if self._database is not None:
            self._saved = self.saved
            self._database.close()
            self._database = None


def app_state(ctx: typer.Context) -> AppState:
    """What the global options chose, for a command: the one typed way to Typer's `ctx.obj`."""
    state = ctx.find_root().obj
    if not isinstance(state, AppState):  # a command run without the app's callback
        raise TypeError("goalcli's commands run under the goal app (cli.app)")
    return state


def _state(ctx: Any) -> AppState | None:
    """The AppState, at the error boundary: none yet when the options themselves failed."""
    state = ctx.obj
    return state if isinstance(state, AppState) else None


def quiet_libraries(*, debug: bool) -> None:
    """Keep the libraries' own reports off the terminal: SQLAlchemy logs a connection it failed
    to roll back (the server killed mid-command) with a whole traceback, and warns through
    `warnings`; the person gets the one sentence the error boundary says instead. With --debug
    they are shown. Called where a database is opened, just before the libraries are imported,
    so the quick commands (status, completion) never import `logging`."""
    import logging

    if debug:
        logging.basicConfig(level=logging.WARNING)
        return
    # Python prints a record that no handler takes on stderr (its "last resort"): one handler
    # that drops records, on the root logger, stops that for every library's logger at once.
    root = logging.getLogger()
    if not any(isinstance(handler, logging.NullHandler) for handler in root.handlers):
        root.addHandler(logging.NullHandler())
    logging.captureWarnings(True)  # warnings become records of "py.warnings": dropped too


class GoalGroup(LazyGroup):
    """Converts every GoalError, Ctrl-C and Ctrl-D into one sentence and its exit code
    (the one place errors become words); its commands are mounted lazily (see _lazy.py)."""

    _raw_args: tuple[str, ...] = ()

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        self._raw_args = tuple(args)  # for the nudge: which command, and whether JSON
        rest: list[str] = super().parse_args(ctx, args)
        return rest

    def invoke(self, ctx: Any) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a pipe closed early fails here, inside the boundary
            _maybe_nudge(ctx, self._raw_args)
            # Inside the try: a Ctrl-C before this line is told below; after it, none is.
            settled()
            return result
        except GoalError as error:
            settled()  # the outcome is decided: what follows says it, uninterrupted
            if _debugging(ctx):
                raise
            message = error.message
            if _saved(ctx):
                message = f"{SAVED_NOTE} before this went wrong: {message}"
            say_error(message)
            raise typer.Exit(error.exit_code) from None
        except (KeyboardInterrupt, EOFError, typer.Abort) as error:
            settled()
            if _debugging(ctx):
                raise
            say_error(
                f"Interrupted; {SAVED_NOTE.lower()} before that."
                if _saved(ctx)
                else _interrupted(error),
                own_line=True,
            )
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except OSError as error:
            # The output failed: a pipe closed early (`| head -1`), stdout closed (`>&-`), a
            # full disk. Whether anything was saved decides what is true to say.
            settled()
            if _debugging(ctx):
                raise
            raise typer.Exit(output_failed(error, saved=_saved(ctx))) from None
        except (typer.Exit, SystemExit, typer.TyperException):
            # Typer's own exits and usage errors (exit 2) keep their meaning: the Click
            # exceptions Typer vendors (UsageError, BadParameter...) subclass TyperException.
            settled()
            raise
        except Exception as error:
            # A bug of ours: say so plainly; the message itself could hold user data.
            settled()
            if _debugging(ctx):
                raise
            what = (
                f"{SAVED_NOTE}, but then something went wrong inside goalcli"
                if _saved(ctx)
                else "Something went wrong inside goalcli"
            )
            done = "" if _saved(ctx) else "; nothing was changed"
            say_error(f"{what} ({type(error).__name__}){done}. Run again with --debug to see why.")
            raise typer.Exit(1) from None
        finally:
            if (state := _state(ctx)) is not None:
                state.close()


NUDGE = "Last check-in {days} days ago — `goal log` takes a minute."
# Commands after which a nudge would be noise: the check-in itself, the prompt line, the demo.
_NO_NUDGE = frozenset({"log", "status", "demo", "intake", "--help", "-h"})


def _maybe_nudge(ctx: Any, args: tuple[str, ...]) -> None:
    """Once a day, on stderr at a terminal, after a command: a gap of 2 days or more since the
    last check-in gets one kind sentence. Never with JSON (a script reads it), never an error."""
    state = _state(ctx)
    if state is None or _NO_NUDGE.intersection(args):
        return
    if "json" in args or "--format=json" in args:
        return
    with contextlib.suppress(Exception):  # a nudge must never fail a command that worked
        if not sys.stderr.isatty() or _read_by_therapist(ctx, args):
            return
        from goalcli.prompts import fitted
        from goalcli.storage.glance import due_nudge

        days = due_nudge(state.db_path)
        if days is not None:
            typer.echo(fitted(NUDGE.format(days=days), err=True), err=True)


def _read_by_therapist(ctx: Any, args: tuple[str, ...]) -> bool:
    """The nudge is for the person who logs: a therapist reading a client's profile (the
    caseload, `--for therapist`, or this machine's `reader = "therapist"` without `--for
    client`) never gets it."""
    if ctx.invoked_subcommand == "caseload":
        return True
    from itertools import pairwise

    chosen = [value for flag, value in pairwise(args) if flag == "--for"]
    chosen += [arg.removeprefix("--for=") for arg in args if arg.startswith("--for=")]
    if chosen:
        return chosen[-1] == "therapist"
    from goalcli.storage.paths import configured_reader

    return configured_reader() == "therapist"


def _saved(ctx: Any) -> bool:
    return (state := _state(ctx)) is not None and state.saved


def _interrupted(error: BaseException) -> str:
    """Ctrl-C or Ctrl-D at a terminal; or piped input that ran out before the questions did."""
    ended = isinstance(error, EOFError) or isinstance(error.__context__, EOFError)
    if ended and not (sys.stdin is not None and sys.stdin.isatty()):
        return "The input ended before every question was answered; nothing was saved."
    return "Interrupted; nothing was saved."


def _debugging(ctx: Any) -> bool:
    return (state := _state(ctx)) is not None and state.debug


app = typer.Typer(
    cls=GoalGroup,
    name="goal",
    help="Set SMART goals with your therapist, check in daily, and see honestly how you're doing.",
    no_args_is_help=False,  # `goal` alone shows a short first screen (see `_first_screen`)
    invoke_without_command=True,
    pretty_exceptions_enable=False,  # tracebacks only with --debug, and never with local values
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _complete_profile(incomplete: str) -> list[str]:
    """Completion of --profile: the profiles that exist (file names only; nothing is opened)."""
    from goalcli.storage.paths import default_data_dir, existing_profiles

    found = existing_profiles(default_data_dir())
    return [name for name, _ in found if name.startswith(incomplete)]


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"goal {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="Database file or postgresql+psycopg:// URL (default: $GOALCLI_DB, else "
            "$XDG_DATA_HOME/goalcli/goals.db).",
            show_default=False,
        ),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            metavar="NAME",
            autocompletion=_complete_profile,
            help="Use the profile NAME (one database per person; default: $GOALCLI_PROFILE).",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a full traceback when something fails.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    # Everything goalcli writes (database, -wal, -shm, exports) is for this user's eyes only.
    os.umask(0o077)
    state = ctx.obj = AppState(db_option=db, profile_option=profile, debug=debug)
    # Checked now, so a bad name is refused even when --db would win over it.
    from goalcli.storage.paths import PROFILE_ENV, check_name

    if profile is not None:
        check_name(profile)
    if os.environ.get(PROFILE_ENV):
        check_name(os.environ[PROFILE_ENV], source=PROFILE_ENV)
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        _first_screen(state.db_path)


FIRST_COMMANDS = (
    ("goal demo", "see a made-up six-week history, touching nothing of yours"),
    ("goal intake", "set your first SMART goals, question by question"),
    ("goal log", "the daily check-in: a minute, goal by goal"),
    ("goal report", "where each goal stands against where it should be"),
    ("goal list", "your goals and their ids"),
)


def _first_screen(db_path: Path) -> None:
    """What `goal` alone prints: what this is, five commands to start with, where the data is."""
    from goalcli.prompts import fitted

    width = max(len(command) for command, _ in FIRST_COMMANDS)
    lines = [
        f"goal {__version__}: set SMART goals with your therapist, check in daily, and see "
        "honestly how you're doing.",
        "",
        "Start with:",
        *(f"  {command:<{width}}  {what}" for command, what in FIRST_COMMANDS),
        "",
        f"Your data: {db_path}" + ("" if db_path.exists() else " (not created yet)"),
        "Every command: goal --help; one command: goal COMMAND --help.",
    ]
    typer.echo(fitted("\n".join(lines)))
    raise typer.Exit(0)


def _mount() -> None:
    """The commands, in the order `goal --help` lists them.

    To add one: a line `lazy_command(NAME, "goalcli.commands.MODULE:FUNCTION", SUMMARY)`, with
    SUMMARY the first line of the function's docstring (tests/cli/test_startup.py checks they
    agree). `app.command(NAME)(function)` still works too, but imports the module up front.
    """
    lazy_command(
        "intake",
        "goalcli.commands.intake:intake",
        "Walk through the assessment and set SMART goals with concrete steps.",
    )
    lazy_command(
        "add",
        "goalcli.commands.add:add",
        "Add a goal to your plan: asked, from a template, from flags or from an answers file.",
    )
    lazy_command(
        "log",
        "goalcli.commands.log:log",
        "Check in: how you feel today and where each goal stands.",
    )
    lazy_command(
        "skip",
        "goalcli.commands.skip:skip",
        "Excuse a day for a goal (ill, away, a crisis): it neither counts nor breaks the habit.",
    )
    lazy_command(
        "status",
        "goalcli.commands.status:status",
        "One line for a shell prompt: ✓ logged today, or ○ not logged today.",
    )
    lazy_command(
        "remind",
        "goalcli.commands.remind:remind",
        "Remind you daily to check in (--at HH:MM), show it (--status) or remove it (--off).",
    )
    lazy_command(
        "report",
        "goalcli.commands.report:report",
        "Show progress for each active goal (--all: every goal), and your mood over 7 and 30 days.",
    )
    lazy_command(
        "patterns",
        "goalcli.commands.patterns:patterns",
        "Show what goes with a better day: mood with and without each step, goal, #tag and "
        "activity rated 7 or more.",
    )
    lazy_command(
        "list",
        "goalcli.commands.listing:list_goals",
        "List goals with their ids (use an id or the start of a title wherever GOAL is asked).",
    )
    lazy_command(
        "show",
        "goalcli.commands.show:show",
        "Show everything about one goal: its parts, steps, recent check-ins and changes.",
    )
    lazy_command(
        "edit",
        "goalcli.commands.edit:edit",
        "Change parts of a goal; with no options (in a terminal) it asks about each part.",
    )
    lazy_command(
        "done",
        "goalcli.commands.lifecycle:done",
        "Mark a goal as done (reached, or finished with).",
    )
    lazy_command(
        "pause",
        "goalcli.commands.lifecycle:pause",
        "Pause a goal: it leaves the daily check-in until you resume it.",
    )
    lazy_command(
        "resume",
        "goalcli.commands.lifecycle:resume",
        "Resume a paused goal, or reopen one that is done or dropped.",
    )
    lazy_command(
        "drop",
        "goalcli.commands.lifecycle:drop",
        "Drop a goal you are letting go of; its history is kept.",
    )
    lazy_command(
        "undo",
        "goalcli.commands.undo:undo",
        "Undo the latest change you made: an edit, a step, a check-in, mood or review, a goal added.",
    )
    lazy_command(
        "delete",
        "goalcli.commands.delete:delete",
        "Delete a goal with its steps, check-ins, reviews and history. This cannot be undone.",
    )
    lazy_command(
        "step",
        "goalcli.commands.step:app",
        "Add, reword, remove, move, tick off, undo and list the steps towards a goal.",
    )
    lazy_command(
        "checkin",
        "goalcli.commands.checkin:app",
        "List a goal's check-ins, or remove one (or a day's mood) entered by mistake.",
    )
    lazy_command(
        "review",
        "goalcli.commands.review:review",
        "Rate each active goal at a session (GAS and GBO); ratings on one date form one review.",
    )
    lazy_command(
        "reviews",
        "goalcli.commands.reviews:app",
        "List a goal's session reviews, or remove one given by mistake.",
    )
    lazy_command(
        "measure",
        "goalcli.commands.measure:app",
        "Take standard questionnaires (PHQ-9, GAD-7, WHO-5) and see their scores over time.",
    )
    lazy_command(
        "settings",
        "goalcli.commands.settings:app",
        "Show or change your settings (the crisis line shown with a risk answer).",
    )
    lazy_command(
        "templates",
        "goalcli.commands.templates:templates",
        "List ready-made goal templates; start from one with `goal intake --template ID`.",
    )
    lazy_command(
        "export",
        "goalcli.commands.export:export",
        "Export your goals, steps, check-ins, moods, reviews and changes (never creates a database).",
    )
    lazy_command(
        "import",
        "goalcli.commands.import_:import_file",
        "Import an export: merge it without duplicates (or --replace everything with it).",
    )
    lazy_command(
        "backup",
        "goalcli.commands.backup:backup",
        "Back up the database to a private file (0600) you can restore with `goal restore`.",
    )
    lazy_command(
        "restore",
        "goalcli.commands.restore:restore",
        "Replace the database with a backup (checked first; the current one is backed up).",
    )
    lazy_command(
        "encrypt",
        "goalcli.commands.encryption:encrypt",
        "Protect the database with a passphrase (asked twice; it cannot be recovered if lost).",
    )
    lazy_command(
        "decrypt",
        "goalcli.commands.encryption:decrypt",
        "Take the encryption off the database: store it as a plain SQLite file again.",
    )
    lazy_command(
        "passphrase",
        "goalcli.commands.encryption:passphrase",
        "Change the database's passphrase (or --remember it in the keyring, or --forget it).",
    )
    lazy_command(
        "profiles",
        "goalcli.commands.profiles:profiles",
        "List the profiles (one database per person): who, which therapy, goals and check-in dates.",
    )
    lazy_command(
        "profile",
        "goalcli.commands.profile:app",
        "Show, name, rename or remove one profile.",
    )
    lazy_command(
        "caseload",
        "goalcli.commands.caseload:caseload",
        "Every profile at a glance, who needs attention first and why (read-only).",
    )
    lazy_command(
        "demo",
        "goalcli.commands.demo:demo",
        "Build a six-week example history in a throwaway database and show its report.",
    )


_mount()


def main() -> None:
    """Console-script entry point."""
    owning_the_process()
    try:
        prepare_streams()
        app()
    except KeyboardInterrupt:  # Ctrl-C outside any command (e.g. while Python starts up)
        say_error("Interrupted; nothing was saved.", own_line=True)
        sys.exit(EXIT_INTERRUPTED)
