"""`goal encrypt`, `goal decrypt` and `goal passphrase`: protect the database with a passphrase,
take the protection off, or change (or remember) the passphrase. Each writes a checked copy and
swaps it in whole (storage/encryption.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from goalcli import prompts
from goalcli.cli import app_state
from goalcli.commands._shared import existing_database
from goalcli.errors import InputError, StorageError
from goalcli.storage import backup as backups
from goalcli.storage import passphrase as sources
from goalcli.storage.database import check_database_file
from goalcli.storage.encryption import rewrite
from goalcli.storage.passphrase import Passphrases
from goalcli.storage.probe import is_encrypted, sqlcipher_module

DELETION_NOTE = (
    "The plain file was removed. On SSDs, copy-on-write file systems (btrfs, APFS, ZFS) and in "
    "synced or snapshotted folders its old contents can stay readable until overwritten; older "
    "backups in {backups} are still plain: delete them (or re-create them with `goal backup`)."
)


def database_passphrase(ctx: typer.Context) -> str | None:
    """The passphrase of the selected database, from its sources (None: plain or missing)."""

    path: Path = app_state(ctx).db_path
    if not (path.is_file() and is_encrypted(path)):
        return None
    passphrase = existing_database(ctx).passphrase  # an encrypted file is always opened
    app_state(ctx).close()  # the commands that ask this reopen the file their own way
    return passphrase


def prepare_new_encrypted(ctx: typer.Context) -> None:
    """For `intake --encrypt`: refuse now if it can't be done; else the database this command
    creates will be encrypted."""

    path: Path = app_state(ctx).db_path
    if path.exists() and not (path.is_file() and is_encrypted(path)):
        raise InputError(
            f"{path} already exists and is not encrypted; encrypt it with `goal encrypt`."
        )
    sqlcipher_module()  # says how to add the optional part
    app_state(ctx).encrypt_new = True


def _existing(ctx: typer.Context) -> Path:

    path: Path = app_state(ctx).db_path
    if not path.exists():
        raise StorageError(f"There is no database at {path} yet; nothing to change.")
    return path


def _rows(counts: dict[str, int]) -> int:
    return sum(count for table, count in counts.items() if table != "migration")


def encrypt(ctx: typer.Context) -> None:
    """Protect the database with a passphrase (asked twice; it cannot be recovered if lost)."""

    sqlcipher_module()
    path = _existing(ctx)
    if path.is_file() and is_encrypted(path):
        raise InputError(
            f"{path} is already encrypted (or not a goalcli database); "
            "change its passphrase with `goal passphrase`."
        )
    check_database_file(path)
    app_state(ctx).database(create=False)  # an older schema is upgraded first
    app_state(ctx).close()
    new = Passphrases().new(path)
    counts = rewrite(path, None, new)
    typer.echo(f"Encrypted {path} ({_rows(counts)} rows kept, checked).")
    typer.echo(DELETION_NOTE.format(backups=backups.backups_dir(path)))


def decrypt(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask; store it plain.")] = False,
) -> None:
    """Take the encryption off the database: store it as a plain SQLite file again."""

    path = _existing(ctx)
    old = database_passphrase(ctx)
    if old is None:
        raise InputError(f"{path} is not encrypted; nothing to do.")
    question = f"Store {path} without encryption (anyone with the file can then read it)?"
    if not prompts.confirm_destructive(question, yes=yes, what="Decrypting the database"):
        typer.echo("Nothing was changed.")
        return
    counts = rewrite(path, old, None)
    sources.forget(path)
    typer.echo(f"Decrypted {path} ({_rows(counts)} rows kept, checked); it is plain SQLite now.")


def passphrase(
    ctx: typer.Context,
    remember: Annotated[
        bool,
        typer.Option(
            "--remember",
            help="Keep the current passphrase in this machine's keyring instead of changing it.",
        ),
    ] = False,
    forget: Annotated[
        bool, typer.Option("--forget", help="Remove the passphrase from the keyring.")
    ] = False,
) -> None:
    """Change the database's passphrase (or --remember it in the keyring, or --forget it)."""

    path = _existing(ctx)
    if remember and forget:
        raise InputError("--remember and --forget can't be used together.")
    if forget:
        removed = sources.forget(path)
        typer.echo(
            "The keyring no longer holds the passphrase."
            if removed
            else "The keyring held no passphrase for this database."
        )
        return
    old = database_passphrase(ctx)
    if old is None:
        raise InputError(f"{path} is not encrypted; encrypt it with `goal encrypt`.")
    if remember:
        sources.remember(path, old)
        typer.echo("The keyring now holds the passphrase; goal will not ask for it here.")
        return
    remembered = sources.is_remembered(path)
    new = sources.Passphrases().new(path, variable=sources.NEW_COMMAND_ENV)
    counts = rewrite(path, old, new)
    if remembered:
        sources.remember(path, new)
    typer.echo(f"Changed the passphrase of {path} ({_rows(counts)} rows kept, checked).")
    typer.echo(
        "Backups made before keep the old passphrase; the old file's blocks may stay on the disk "
        "until overwritten."
    )
