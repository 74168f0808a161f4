"""`goal profile show|set|members|rename|remove`: one profile at a time, by name.

Every name given here must be an existing profile (with "did you mean" for a close one): these
commands never create a profile; `goal --profile NAME intake` does.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from goalcli import prompts
from goalcli._lazy import GoalCommand, GoalSubGroup
from goalcli.cli import app_state
from goalcli.commands._shared import TableOrJson, TableOrJsonOption, existing_database
from goalcli.core import limits
from goalcli.core.members import TYPES_WITH_MEMBERS
from goalcli.core.text import plural, to_json
from goalcli.errors import InputError, StorageError, quote
from goalcli.render import widgets
from goalcli.storage import backup as backups
from goalcli.storage import profiles, transfer
from goalcli.storage.backup import BACKUPS_FOLDER, default_backup_path
from goalcli.storage.files import write_private
from goalcli.storage.migrations import schema_version
from goalcli.storage.passphrase import Passphrases
from goalcli.storage.paths import (
    check_name,
    default_data_dir,
    missing_profile_message,
    profile_path,
)
from goalcli.storage.probe import is_encrypted
from goalcli.storage.profiles import describe
from goalcli.storage.schemas import drop_schema, rename_schema, server_profile
from goalcli.storage.server import schema_name
from goalcli.storage.sqlcipher import unlock

# Imported inside the functions that use them: SQLModel (the storage entity modules, views)
# and Rich, which completion and --help must not load (tests/cli/test_startup.py).

if TYPE_CHECKING:
    from goalcli.storage.server import PortableConnection

app = typer.Typer(
    name="profile",
    cls=GoalSubGroup,
    add_completion=False,
    help="Show, name, rename or remove one profile.",
    no_args_is_help=True,
)

NameArgument = Annotated[str, typer.Argument(metavar="NAME", help="The profile's name.")]


def existing_profile(name: str) -> Path:
    """The database of the profile `name`; a name with none is refused (exit 2)."""

    check_name(name, source="NAME")
    path = profile_path(default_data_dir(), name)
    if not path.is_file():
        raise InputError(missing_profile_message(name, default_data_dir()))
    return path


def _passphrase(path: Path) -> str | None:
    """The passphrase of an encrypted profile from its usual sources; None for a plain one."""

    if not is_encrypted(path):
        return None
    connection, passphrase, _ = unlock(path, Passphrases(), read_only=True)
    connection.close()
    return passphrase


@app.command("show", cls=GoalCommand)
def show(
    ctx: typer.Context, name: NameArgument, output_format: TableOrJsonOption = TableOrJson.table
) -> None:
    """Show what a profile holds: its name, therapy type, goals, check-ins and review interval."""

    if (url := app_state(ctx).server_url) is not None:  # a schema of the server's database
        described = server_profile(url, name)
        described["path"] = described.pop("where")
    else:
        path = existing_profile(name)
        described = {"name": name, "path": str(path), **describe(path)}
    if output_format is TableOrJson.json:
        typer.echo(to_json(described))
        return
    out = widgets.console()
    for label, key in (
        ("Profile", "name"),
        ("Display name", "display_name"),
        ("Therapy type", "therapy_type"),
        ("Goals", "goals"),
        ("First check-in", "first_checkin"),
        ("Last check-in", "last_checkin"),
        ("Review every", "review_every"),
        ("Where" if app_state(ctx).server_url else "File", "path"),
        ("Problem", "problem"),
    ):
        value = described[key]
        if value is None:
            continue
        line = widgets.user_text(f"{label}: ")
        shown = f"{value} days" if key == "review_every" else str(value)
        line.append(widgets.user_text(shown))
        out.print(line)


@app.command("set", cls=GoalCommand)
def set_details(
    ctx: typer.Context,
    display_name: Annotated[
        str | None,
        typer.Option(
            "--display-name", metavar="TEXT", help='How the caseload names them ("" clears it).'
        ),
    ] = None,
    review_every: Annotated[
        int | None,
        typer.Option(
            "--review-every", metavar="DAYS", help="Days between reviews (1-365).", min=1, max=365
        ),
    ] = None,
) -> None:
    """Set the selected profile's display name or review interval (--profile NAME chooses it)."""

    if display_name is None and review_every is None:
        raise InputError("Say what to set: --display-name TEXT or --review-every DAYS.")
    if display_name:
        display_name = limits.check_text(display_name, "display_name")
    database = existing_database(ctx)
    with database.write() as session:
        profiles.save_details(session, display_name=display_name, review_every=review_every)
    typer.echo("Saved.")


@app.command("members", cls=GoalCommand)
def members_command(
    ctx: typer.Context,
    add: Annotated[
        list[str] | None,
        typer.Option("--add", metavar="NAME", help="Add a member (repeat for each)."),
    ] = None,
    remove: Annotated[
        list[str] | None,
        typer.Option("--remove", metavar="NAME", help="Remove a member (their past ratings stay)."),
    ] = None,
    output_format: TableOrJsonOption = TableOrJson.table,
) -> None:
    """List, add or remove the members of a couples or family profile (--profile NAME chooses
    it); each member can give their own ratings at a review (`goal review GOAL --member NAME`)."""
    from goalcli.storage import members

    database = existing_database(ctx)
    if add or remove:
        with database.write() as session:
            therapy = members.therapy_type(session)
            if add and therapy not in TYPES_WITH_MEMBERS:
                raise InputError(
                    f"Members are for couples and family therapy; this profile's intake says "
                    f"{therapy or 'nothing yet'}."
                )
            removed = members.remove_members(session, remove or [])
            added = members.add_members(session, add or [])
        out = widgets.console()
        if added:
            out.print(
                widgets.user_text(f"Added {plural(len(added), 'member')}: {', '.join(added)}.")
            )
        if removed:
            out.print(
                widgets.user_text(
                    f"Removed {plural(len(removed), 'member')}: {', '.join(removed)} "
                    "(their past ratings stay in the reviews)."
                )
            )
    with database.read() as session:
        names = members.members(session)
    if output_format is TableOrJson.json:
        typer.echo(to_json(names))
        return
    if add or remove:
        return
    out = widgets.console()
    if not names:
        out.print("No members yet; `goal profile members --add NAME` adds one (couples, family).")
    for name in names:
        out.print(widgets.user_text(name))


@app.command("rename", cls=GoalCommand)
def rename(
    ctx: typer.Context, old: NameArgument, new: Annotated[str, typer.Argument(metavar="NEW")]
) -> None:
    """Rename a profile (its database file, or schema on a server); its history stays as it is."""

    if (url := app_state(ctx).server_url) is not None:
        rename_schema(url, old, new)
        app_state(ctx).mark_saved()
        typer.echo(f"Renamed the profile {quote(old)} to {quote(schema_name(new))}.")
        return
    path = existing_profile(old)
    target = profile_path(default_data_dir(), check_name(new, source="NEW"))
    profiles.rename(path, target, _passphrase(path))
    typer.echo(f"Renamed the profile {quote(old)} to {quote(new)}.")


@app.command("remove", cls=GoalCommand)
def remove(
    ctx: typer.Context,
    name: NameArgument,
    no_backup: Annotated[
        bool, typer.Option("--no-backup", help="Don't keep a backup of it first.")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Don't ask for the name to be typed.")
    ] = False,
) -> None:
    """Remove a profile: asks for its name to be typed, and keeps a backup unless --no-backup."""

    url = app_state(ctx).server_url
    if url is not None:
        name = server_profile(url, name)["name"]  # refused here if there is none
    else:
        path = existing_profile(name)
    if not yes:
        if not prompts.stdin_is_terminal():
            raise InputError(
                "Removing a profile needs your confirmation; add --yes to confirm it without "
                "a terminal."
            )
        typed = typer.prompt(
            f"This removes the profile {quote(name)}. Type its name to confirm",
            default="",
            show_default=False,
        )
        if typed.strip() != name:
            raise InputError("That is not the profile's name; nothing was removed.")
    if url is not None:
        exports: list[Path] = []
        drop_schema(
            url, name, None if no_backup else lambda rows: exports.append(_export(rows, name))
        )
        app_state(ctx).mark_saved()
        for export in exports:
            typer.echo(f"Exported the profile to {export} first.")
        typer.echo(f"Removed the profile {quote(name)}.")
        return
    if not no_backup:
        kept = backups.backup_database(
            path,
            backups.default_backup_path(path, datetime.now()),
            any_free_name=True,
            passphrase=_passphrase(path),
        )
        typer.echo(f"Backed up the profile to {kept} first.")
    profiles.remove(path)
    app_state(ctx).mark_saved()
    typer.echo(f"Removed the profile {quote(name)}.")


def _export(connection: PortableConnection, name: str) -> Path:
    """A server profile's keepsake, written inside the transaction that removes it: its
    `goal export` document, in the backups folder of this machine's data directory (`goal
    --profile NAME import FILE --create-profile` brings it back). A server is backed up by its own tools; this
    keeps what the removal deletes. If the file can't be written, nothing is removed."""

    document = transfer.export_document(
        connection,
        datetime.now(UTC).isoformat(timespec="seconds"),
        schema_version(),
    )
    folder = default_data_dir() / BACKUPS_FOLDER
    # Named as a file profile's backup is (the name, then the local time of taking it).
    kept = default_backup_path(Path(f"{name}.json"), datetime.now(), folder, suffix=".json")
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_private(kept, to_json(document) + "\n")
    except OSError as error:
        raise StorageError(
            f"Can't write the profile's export to {folder} ({error.strerror}); nothing was "
            "removed (--no-backup removes it without one)."
        ) from None
    return kept
