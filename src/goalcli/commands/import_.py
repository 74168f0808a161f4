"""`goal import`: load a `goal export` document, checked whole before anything is written."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from goalcli import prompts
from goalcli.cli import app_state
from goalcli.commands._new_profile import confirm_new_profile
from goalcli.core import export_format as export_format
from goalcli.errors import InputError, StorageError, quote
from goalcli.storage import backup as backups
from goalcli.storage import transfer
from goalcli.storage.migrations import schema_version
from goalcli.storage.saving import now_stamp
from goalcli.storage.transfer import KINDS

# Years of daily check-ins with long notes export to a few MB; a file far beyond that is not
# an export, and is refused before it is read into memory.
MAX_IMPORT_BYTES = 64 * 2**20

EXAMPLES = {
    "import": """
goal import goals.json   merged, keeping what is here
goal --profile sam import goals.json   into one profile
goal import --replace goals.json   replaces everything (asks first)
"""
}
"""Shown at the end of `goal import --help`."""


def import_file(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(metavar="FILE", help="A JSON file from `goal export`.")],
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Delete everything in the database first, then load FILE."),
    ] = False,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes", "-y", help="Don't ask: replace (with --replace), create a new --profile."
        ),
    ] = False,
    create_profile: Annotated[
        bool,
        typer.Option(
            "--create-profile",
            help="The --profile does not exist yet: create it (a client's export, taken in).",
        ),
    ] = False,
) -> None:
    """Import an export: merge it without duplicates (or --replace everything with it)."""

    raw = _read_json(path)
    try:
        document = export_format.validate(raw, current_schema=schema_version())
    except InputError as error:
        raise InputError(
            f"Can't import {quote(path)}: {error.message}; nothing was changed."
        ) from None

    # Checked whole first: a file that can't be imported creates no profile either.
    created = confirm_new_profile(
        ctx, yes=yes or create_profile, flag="--create-profile", on_server=True
    )
    on_server = app_state(ctx).server_url is not None
    db_path: Path | None = None if on_server else app_state(ctx).db_path
    if replace and not created:  # a new profile holds nothing to replace
        where = app_state(ctx).target_name
        question = f"Delete everything in {where} and load {path} instead?"
        if not prompts.confirm_destructive(question, yes=yes, what="Replacing all your data"):
            typer.echo("Nothing was changed.")
            return
    # On a server, the server's own backups (pg_dump) keep what is replaced.
    existed = db_path is not None and db_path.exists()
    database = app_state(ctx).database(create=True)
    if replace and existed and db_path is not None:
        kept = backups.backup_database(
            db_path,
            backups.default_backup_path(db_path, datetime.now()),
            any_free_name=True,
            passphrase=database.passphrase,
        )
        typer.echo(f"Backed up the current database to {kept} first.")
    counts = transfer.import_into(database, document, replace=replace, stamp=now_stamp())
    if replace:
        database.forget()  # the replaced data leaves the file and its -wal (not the backup)
    if created:
        typer.echo(f"Created the profile {quote(created)}.")
    typer.echo(_summary(path, counts, replace))


def _read_json(path: Path) -> Any:

    try:
        if path.exists() and not path.is_file() and not path.is_dir():
            # A FIFO or a device would block or never end: no export is one of those.
            raise InputError(
                f"{quote(path)} is not a regular file, so not an export; nothing was changed."
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_IMPORT_BYTES + 1)
        if len(data) > MAX_IMPORT_BYTES:
            raise InputError(
                f"Can't import {quote(path)}: it is larger than {MAX_IMPORT_BYTES // 2**20} MB, far more "
                "than any goalcli export; nothing was changed."
            )
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise InputError(f"There is no file {quote(path)}; nothing was changed.") from None
    except IsADirectoryError:
        raise InputError(
            f"{quote(path)} is a folder, not an export file; nothing was changed."
        ) from None
    except UnicodeDecodeError:
        raise InputError(
            f"Can't import {quote(path)}: it is not UTF-8 text, so not a goalcli export; nothing was "
            "changed."
        ) from None
    except OSError as error:
        raise StorageError(
            f"Can't read {quote(path)} ({error.strerror}); nothing was changed."
        ) from None

    def no_constants(name: str) -> Any:
        raise ValueError(f"{name} is not a number JSON allows")

    def no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise ValueError(f"the key {key!r} appears twice in one object")
            result[key] = value
        return result

    try:
        return json.loads(text, parse_constant=no_constants, object_pairs_hook=no_duplicate_keys)
    except json.JSONDecodeError as error:
        raise InputError(
            f"Can't import {quote(path)}: it is not complete JSON (line {error.lineno}, column "
            f"{error.colno}: {error.msg.lower()}); nothing was changed."
        ) from None
    except (ValueError, RecursionError) as error:
        # Only our own hooks' messages: the key is quoted shortened.
        reason = str(error) if isinstance(error, ValueError) else "nested too deeply"
        raise InputError(
            f"Can't import {quote(path)}: {reason[:80]}; nothing was changed."
        ) from None


def _summary(path: Path, counts: Any, replace: bool) -> str:

    names = {
        "checkins": ("check-in", "check-ins"),
        "changes": ("goal change", "goal changes"),
        "measures": ("questionnaire", "questionnaires"),
        "schedules": ("questionnaire schedule", "questionnaire schedules"),
        "settings": ("crisis line", "crisis lines"),
        "risk events": ("risk event", "risk events"),
    }

    def amount(kind: str, number: int) -> str:
        singular, plural = names.get(kind, (kind[:-1], kind))
        return f"{number} {singular if number == 1 else plural}"

    added = ", ".join(amount(kind, counts.added[kind]) for kind in KINDS if counts.added[kind])
    if replace:
        return f"Replaced everything with {path}: loaded {added or 'nothing'}."
    skipped = sum(counts.skipped.values())
    text = f"Imported {path}: added {added or 'nothing new'}"
    if skipped:
        text += f"; skipped {skipped} already there"
    text += "."
    for name, day in counts.risks_kept:
        text += (
            f" The {name} of {day} here has other answers than the file's: these stay, and the "
            "file's risk answer is kept beside them as a risk event."
        )
    return text
