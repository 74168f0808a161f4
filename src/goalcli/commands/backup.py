"""`goal backup`: a consistent private copy of the database, safe while goalcli is in use."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from goalcli.cli import app_state
from goalcli.commands.encryption import database_passphrase
from goalcli.storage import backup as backups
from goalcli.storage.files import check_output


def backup(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Where to write it (a new file, or a folder); default: backups/ beside the "
            "database, named with the date and time.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Back up the database to a private file (0600) you can restore with `goal restore`."""

    db_path: Path = app_state(ctx).db_path
    chosen = path is None or path.is_dir()  # a name goalcli chooses, in the folder
    target = (
        backups.default_backup_path(db_path, datetime.now(), folder=path)
        if chosen or path is None
        else path
    )
    if not chosen:
        # A name you gave: never the database itself or its -wal/-shm/-journal (which need
        # not exist yet), nor another database; a backup may go into the backups folder.

        check_output(target, databases=(db_path,), door="goal backup", data_folders=True)
    passphrase = database_passphrase(ctx)
    written = backups.backup_database(db_path, target, any_free_name=chosen, passphrase=passphrase)
    kept = "encrypted with the same passphrase" if passphrase else "readable only by you"
    typer.echo(f"Backed up {db_path} to {written} ({kept}).")
