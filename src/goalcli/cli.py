"""The Typer app: global options, the one error boundary, and the commands mounted on it.

Only Typer and the standard library are imported here: every command imports what it needs
(SQLModel, Rich, dateutil) inside its own body, so `goal --help` and completion start fast.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.exceptions import (
    ClickException,
)  # Typer 0.29 vendors Click and does not re-export it
from typer.core import TyperGroup

from goalcli import __version__
from goalcli.errors import EXIT_INTERRUPTED, GoalError

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
    typer.echo(f"goal: {message}", err=True)


class GoalGroup(TyperGroup):
    """Converts every GoalError, Ctrl-C and Ctrl-D into one sentence and its exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except GoalError as error:
            if _debugging(ctx):
                raise
            _say_error(error.message)
            raise typer.Exit(error.exit_code) from None
        except (KeyboardInterrupt, EOFError, typer.Abort):
            if _debugging(ctx):
                raise
            _say_error("Interrupted; nothing was saved.")
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
    from goalcli.commands import backup as backup_command
    from goalcli.commands import demo, intake, listing, log, report, review, templates
    from goalcli.commands import export as export_command
    from goalcli.commands import import_ as import_command
    from goalcli.commands import profiles as profiles_command
    from goalcli.commands import restore as restore_command

    app.command("intake")(intake.intake)
    app.command("log")(log.log)
    app.command("report")(report.report)
    app.command("list")(listing.list_goals)
    app.command("review")(review.review)
    app.command("templates")(templates.templates)
    app.command("demo")(demo.demo)
    app.command("profiles")(profiles_command.profiles)
    app.command("export")(export_command.export)
    app.command("import")(import_command.import_file)
    app.command("backup")(backup_command.backup)
    app.command("restore")(restore_command.restore)


_mount()


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:  # Ctrl-C outside any command (e.g. while Python starts up)
        _say_error("Interrupted; nothing was saved.")
        sys.exit(EXIT_INTERRUPTED)
