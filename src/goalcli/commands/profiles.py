"""`goal profiles`: the profiles on this machine, read without creating or changing any."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import typer

from goalcli.commands._shared import TableOrJson, TableOrJsonOption


def profiles(
    ctx: typer.Context,
    output_format: TableOrJsonOption = TableOrJson.table,
) -> None:
    """List the profiles (one database per person), with goals and the last check-in of each."""
    from goalcli.core.text import to_json
    from goalcli.render import widgets
    from goalcli.storage.paths import default_data_dir, existing_profiles

    url = ctx.obj.server_url
    if url is not None:  # on a server, profiles are schemas of its database
        from goalcli.storage.paths import PROFILE_ENV
        from goalcli.storage.server import schema_name, server_profiles

        in_use = schema_name(ctx.obj.profile_option or os.environ.get(PROFILE_ENV) or None)
        rows = [dict(row, selected=row["name"] == in_use) for row in server_profiles(url)]
    else:
        selected = ctx.obj.db_path
        rows = [
            {"name": name, **_summary(path), "selected": path == selected}
            for name, path in existing_profiles(default_data_dir())
        ]
    if output_format is TableOrJson.json:
        typer.echo(to_json(rows))
        return
    out = widgets.console()
    if not rows:
        out.print("No profiles yet. Start one with `goal --profile NAME intake`.")
        return
    from rich.table import Table

    table = Table(title_justify="left")
    for heading, justify in (
        ("Profile", "left"),
        ("Goals", "right"),
        ("Last check-in", "left"),
        ("Size", "right"),
        ("", "left"),
    ):
        table.add_column(heading, justify=justify)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(
            widgets.user_text(row["name"]),
            "" if row["goals"] is None else str(row["goals"]),
            row["last_checkin"] or ("—" if row["problem"] is None else row["problem"]),
            _size_text(row["size_bytes"]),
            "← in use" if row["selected"] else "",
        )
    out.print(table)


def _summary(path: Path) -> dict[str, Any]:
    """Goal count and last check-in of one profile, read-only; a refused file is named, not read."""
    from goalcli.errors import StorageError
    from goalcli.storage.database import (
        check_database_file,
        connect,
        is_encrypted,
        open_encrypted,
        sql_errors,
    )
    from goalcli.storage.passphrase import from_command

    summary: dict[str, Any] = {
        "goals": None,
        "last_checkin": None,
        "size_bytes": path.stat().st_size,
        "problem": None,
    }
    try:
        if path.is_file() and is_encrypted(path):
            # Only the passphrase command, never a prompt per profile: without it, "locked".
            passphrase = from_command(path)
            if passphrase is None:
                summary["problem"] = "locked"
                return summary
            connection, _ = open_encrypted(path, passphrase, read_only=True)
        else:
            check_database_file(path)
            connection = connect(path, None, read_only=True)
        try:
            goals, last = connection.execute(
                "SELECT (SELECT count(*) FROM goal), (SELECT max(day) FROM checkin)"
            ).fetchone()
        finally:
            connection.close()
    except (StorageError, *sql_errors()):  # type: ignore[misc]  # mypy can't see a built tuple
        summary["problem"] = "not readable"
        return summary
    summary["goals"], summary["last_checkin"] = int(goals), last
    return summary


def _size_text(size: int) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{size} {unit}" if unit == "B" else f"{size:.0f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size:.1f} GB"
