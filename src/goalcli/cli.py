"""The Typer app: global options, the one error boundary, and the commands mounted on it.

Only Typer and the standard library are imported here: every command imports what it needs
(SQLModel, Rich, dateutil) inside its own body, so `goal --help` and completion start fast.
Commands are mounted lazily (see `_mount`): a command's module is imported and its options
built only when that command runs, completes or shows its own --help.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

# Typer 0.29 vendors Click and does not re-export its exceptions.
from typer._click.exceptions import ClickException
from typer.core import TyperCommand, TyperGroup

from goalcli import __version__
from goalcli.errors import EXIT_INTERRUPTED, GoalError, visible

if TYPE_CHECKING:
    from goalcli.db import Database


@dataclass
class AppState:
    """What the global options chose, shared with every command through the Typer context."""

    db_option: str | None = None
    profile_option: str | None = None
    debug: bool = False
    _database: Database | None = field(default=None, repr=False)

    @property
    def db_path(self) -> Path:
        from goalcli.db import resolve_path

        return resolve_path(self.db_option, self.profile_option)

    def database(self, *, create: bool) -> Database | None:
        """The database, opened once per process; None when reading and there is none yet."""
        if self._database is None:
            from goalcli.db import open_database

            self._database = open_database(self.db_path, create=create)
        return self._database

    def close(self) -> None:
        if self._database is not None:
            self._database.close()


def _say_error(message: str) -> None:
    # Last line of defence: no control character (an escape sequence) reaches the terminal,
    # whatever a message was built from.
    typer.echo(f"goal: {visible(message)}", err=True)


@cache
def _deferred_coercion() -> type | None:
    """A Typer runtime parameter that builds the real one on its first value (see below)."""
    try:
        from typer._coercion import RuntimeParam, build_runtime_param
    except ImportError:  # pragma: no cover - a Typer without this layer
        return None

    class Deferred(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if getattr(ctx, "resilient_parsing", False):
                # Completing: nothing runs, so a default such as ExportFormat.json needs no
                # coercing (and no Pydantic); Click would drop a failed coercion here anyway.
                return value
            if param.type_descriptor.annotation is str and isinstance(value, str):
                # Text stays text: Pydantic would return it unchanged, after ~16 ms of set-up.
                return value
            real = build_runtime_param(param.type_descriptor)
            param._runtime_param = real
            return real._coerce_value(value, param=param, ctx=ctx)

    return Deferred


def _defer_coercion(params: list[Any]) -> list[Any]:
    """Build each parameter's Pydantic adapter only when it has a value to coerce.

    Typer 0.29 builds the adapter (importing Pydantic, ~50 ms) before it looks at the value,
    even when the value is None, as every value is while completing `goal <TAB>`. Should
    Typer's internals change, parameters are left as Typer made them.
    """
    deferred = _deferred_coercion()
    if deferred is None:
        return params
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is not None and getattr(param, "_runtime_param", False) is None:
            param._runtime_param = deferred(
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
            )
    return params


class GoalCommand(TyperCommand):
    """A command whose options import Pydantic only once they have a value (see above)."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _defer_coercion(super().get_params(ctx))


class GoalSubGroup(TyperGroup):
    """A sub-app's group (`goal step`), deferring Pydantic like GoalCommand."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _defer_coercion(super().get_params(ctx))


@dataclass(frozen=True)
class LazyCommand:
    """A command known by name, module and summary; imported and built only when used."""

    target: str  # "package.module:function"
    summary: str  # the first line of the function's docstring, shown by `goal --help`


LAZY_COMMANDS: dict[str, LazyCommand] = {}


def lazy_command(name: str, target: str, summary: str) -> None:
    """Mount `target` ("module:function") as `goal NAME` without importing it yet."""
    LAZY_COMMANDS[name] = LazyCommand(target, summary)


def _build_command(name: str) -> Any:
    from typer.main import get_command_from_info
    from typer.models import CommandInfo, DefaultPlaceholder

    module_name, function_name = LAZY_COMMANDS[name].target.split(":")
    function = getattr(importlib.import_module(module_name), function_name)
    if isinstance(function, typer.Typer):  # a sub-app, one per noun (`goal step ...`)
        # Its group and commands defer Pydantic too, unless the sub-app chose its own classes.
        if function.info.cls is None or isinstance(function.info.cls, DefaultPlaceholder):
            function.info.cls = GoalSubGroup
        for info in function.registered_commands:
            if info.cls in (None, TyperCommand):
                info.cls = GoalCommand
        group = typer.main.get_group(function)
        group.name = name
        return group
    return get_command_from_info(
        CommandInfo(name=name, callback=function, cls=GoalCommand),
        pretty_exceptions_short=app.pretty_exceptions_short,
        rich_markup_mode=app.rich_markup_mode,
    )


class GoalGroup(TyperGroup):
    """Converts every GoalError, Ctrl-C and Ctrl-D into one sentence and its exit code.

    Also mounts the lazy commands: listing them (help, completion) shows their summary;
    resolving one to run or complete it imports and builds it.
    """

    def get_params(self, ctx: Any) -> list[Any]:
        return _defer_coercion(super().get_params(ctx))

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        return [*names, *(name for name in LAZY_COMMANDS if name not in names)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in LAZY_COMMANDS:
            # A stand-in for listings; resolve_command builds the real one.
            return TyperCommand(cmd_name, short_help=LAZY_COMMANDS[cmd_name].summary)
        return command

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else None
        if name in LAZY_COMMANDS and name not in self.commands:
            self.commands[name] = _build_command(name)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except GoalError as error:
            if _debugging(ctx):
                raise
            _say_error(error.message)
            raise typer.Exit(error.exit_code) from None
        except (KeyboardInterrupt, EOFError, typer.Abort) as error:
            if _debugging(ctx):
                raise
            _say_error(_interrupted(error))
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except OSError as error:
            # A broken pipe or a full disk while printing: plain words, no traceback.
            if _debugging(ctx):
                raise
            _say_error(f"Could not finish: {error.strerror or type(error).__name__}.")
            raise typer.Exit(1) from None
        except (typer.Exit, SystemExit, ClickException):
            raise  # Typer's own exits and usage errors (exit 2) keep their meaning
        except Exception as error:
            # A bug of ours: say so plainly; the message itself could hold user data.
            if _debugging(ctx):
                raise
            _say_error(
                f"Something went wrong inside goalcli ({type(error).__name__}); nothing was "
                "changed. Run again with --debug to see why."
            )
            raise typer.Exit(1) from None
        finally:
            state = ctx.obj
            if isinstance(state, AppState):
                state.close()


def _interrupted(error: BaseException) -> str:
    """Ctrl-C or Ctrl-D at a terminal; or piped input that ran out before the questions did."""
    ended = isinstance(error, EOFError) or isinstance(error.__context__, EOFError)
    if ended and not (sys.stdin is not None and sys.stdin.isatty()):
        return "The input ended before every question was answered; nothing was saved."
    return "Interrupted; nothing was saved."


def _debugging(ctx: Any) -> bool:
    return isinstance(ctx.obj, AppState) and ctx.obj.debug


app = typer.Typer(
    cls=GoalGroup,
    name="goal",
    help="Set SMART goals with your therapist, check in daily, and see honestly how you're doing.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # tracebacks only with --debug, and never with local values
    context_settings={"help_option_names": ["-h", "--help"]},
)


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
            help="Database file (default: $GOALCLI_DB, else $XDG_DATA_HOME/goalcli/goals.db).",
            show_default=False,
        ),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            metavar="NAME",
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
    ctx.obj = AppState(db_option=db, profile_option=profile, debug=debug)
    # Checked now, so a bad name is refused even when --db would win over it.
    from goalcli.profiles import PROFILE_ENV, check_name

    if profile is not None:
        check_name(profile)
    if os.environ.get(PROFILE_ENV):
        check_name(os.environ[PROFILE_ENV], source=PROFILE_ENV)


def _mount() -> None:
    """The commands, in the order `goal --help` lists them.

    To add one: a line `lazy_command(NAME, "goalcli.commands.MODULE:FUNCTION", SUMMARY)`, with
    SUMMARY the first line of the function's docstring (tests/test_startup.py checks they
    agree). `app.command(NAME)(function)` still works too, but imports the module up front.
    """
    lazy_command(
        "intake",
        "goalcli.commands.intake:intake",
        "Walk through the assessment and set SMART goals with concrete steps.",
    )
    lazy_command(
        "log",
        "goalcli.commands.log:log",
        "Check in: how you feel today and where each goal stands.",
    )
    lazy_command(
        "report",
        "goalcli.commands.report:report",
        "Show progress for each active goal (--all: every goal), and your mood over 7 and 30 days.",
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
        "done", "goalcli.commands.status:done", "Mark a goal as done (reached, or finished with)."
    )
    lazy_command(
        "pause",
        "goalcli.commands.status:pause",
        "Pause a goal: it leaves the daily check-in until you resume it.",
    )
    lazy_command(
        "resume",
        "goalcli.commands.status:resume",
        "Resume a paused goal, or reopen one that is done or dropped.",
    )
    lazy_command(
        "drop",
        "goalcli.commands.status:drop",
        "Drop a goal you are letting go of; its history is kept.",
    )
    lazy_command(
        "delete",
        "goalcli.commands.delete:delete",
        "Delete a goal with its steps, check-ins, reviews and history. This cannot be undone.",
    )
    lazy_command(
        "step",
        "goalcli.commands.step:app",
        "Add, tick off, undo and list the steps towards a goal.",
    )
    lazy_command(
        "review",
        "goalcli.commands.review:review",
        "Rate each active goal at a session (GAS and GBO); ratings on one date form one review.",
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
        "profiles",
        "goalcli.commands.profiles:profiles",
        "List the profiles (one database per person), with goals and the last check-in of each.",
    )
    lazy_command(
        "demo",
        "goalcli.commands.demo:demo",
        "Build a six-week example history in a throwaway database and show its report.",
    )


_mount()


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:  # Ctrl-C outside any command (e.g. while Python starts up)
        _say_error("Interrupted; nothing was saved.")
        sys.exit(EXIT_INTERRUPTED)
