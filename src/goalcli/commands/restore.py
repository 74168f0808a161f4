"""`goal restore`: put a backup back in place of the database, keeping a copy of the current one."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from goalcli import prompts
from goalcli.cli import app_state
from goalcli.commands._new_profile import confirm_new_profile
from goalcli.commands.encryption import database_passphrase
from goalcli.commands.profiles import checkin_span
from goalcli.errors import StorageError, quote
from goalcli.storage import backup as backups
from goalcli.storage.database import check_database_file
from goalcli.storage.encryption import rewrite
from goalcli.storage.passphrase import COMMAND_ENV, Passphrases, at_terminal
from goalcli.storage.probe import is_encrypted
from goalcli.storage.profiles import describe
from goalcli.storage.sqlcipher import WrongPassphrase, unlock

# Imported inside the functions that use them: SQLModel (the storage entity modules, views)
# and Rich, which completion and --help must not load (tests/cli/test_startup.py).


def restore(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="The backup file to restore.", show_default=False)],
    yes: Annotated[
        bool,
        typer.Option(
            "--yes", "-y", help="Don't ask; replace the current database (or create the --profile)."
        ),
    ] = False,
    create_profile: Annotated[
        bool,
        typer.Option(
            "--create-profile",
            help="The --profile does not exist yet: create it from the backup.",
        ),
    ] = False,
) -> None:
    """Replace the database with a backup (checked first; the current one is backed up)."""

    # A new profile is asked about (or --create-profile / --yes) before the backup is read.
    created = confirm_new_profile(ctx, yes=yes or create_profile, flag="--create-profile")
    db_path: Path = app_state(ctx).db_path
    current = database_passphrase(ctx)
    if db_path.exists():
        # never replace another program's file or a newer database
        check_database_file(db_path, current)
    backup_passphrase = None
    if path.is_file() and is_encrypted(path):
        backup_passphrase = _backup_passphrase(path, current)
    staged = backups.stage_restore(path, db_path, backup_passphrase)
    try:
        if current is not None and backup_passphrase != current:
            # Made before the passphrase was changed, or before the database was encrypted:
            # the restored database takes the current passphrase, so the passphrase command
            # and the keyring keep opening it (and an encrypted database never turns plain).
            rewrite(staged, backup_passphrase, current)
        if db_path.exists():
            question = (
                f"Replace the database {db_path} ({holds(db_path)}) "
                f"with the backup {path} ({holds(staged)})?"
            )
        else:
            question = f"Restore the backup {path} ({holds(staged)}) as {db_path}?"
        # A profile just confirmed as new holds nothing to lose: no second question.
        confirmed = yes or created is not None
        if not prompts.confirm_destructive(question, yes=confirmed, what="Replacing the database"):
            typer.echo("Nothing was changed.")
            return
        kept = backups.install(
            staged,
            db_path,
            keep_as=backups.default_backup_path(db_path, datetime.now()),
            passphrase=current,
        )
        if kept is not None:
            typer.echo(f"Backed up the current database to {kept} first.")
    finally:
        # With its -wal and -shm: re-keyed, the copy is in WAL mode, and describing it for the
        # question opens it.
        backups.discard(staged)
    if created is not None:
        typer.echo(f"Created the profile {quote(created)}.")
    typer.echo(f"Restored {path} to {db_path}.")


def holds(path: Path) -> str:
    """What a database holds, in a few words: "3 goals, check-ins 2026-10-01 to 2026-11-25"."""

    described = describe(path)
    if described["problem"] is not None:
        return str(described["problem"])
    goals = described["goals"]
    span = checkin_span(described["first_checkin"], described["last_checkin"])  # type: ignore[arg-type]
    return f"{goals} goal{'' if goals == 1 else 's'}, check-ins {span}"


def _backup_passphrase(path: Path, current: str | None) -> str:
    """The passphrase of the encrypted backup `path`: the database's own first, then the usual
    sources; a backup made before the passphrase was changed needs the old one, asked at a
    terminal when the sources (a command, the keyring) only know the current one."""

    known = [current] if current else []
    try:
        opened, found, _ = unlock(path, Passphrases(), known=known, read_only=True)
    except WrongPassphrase:
        if not (at_terminal() and os.environ.get(COMMAND_ENV)):
            raise StorageError(
                f"The passphrase does not open the backup {path}; a backup made before the "
                "passphrase was changed needs the old one: run `goal restore` at a terminal "
                "to type it. Nothing was changed."
            ) from None
        print(
            f"The current passphrase does not open the backup {path}; type the one it was "
            "made with.",
            file=sys.stderr,
        )
        opened, found, _ = unlock(path, Passphrases(prompt_only=True), read_only=True)
    opened.close()
    return found
