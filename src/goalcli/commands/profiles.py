"""`goal profiles`: the profiles on this machine, read without creating or changing any."""

from __future__ import annotations

import typer

from goalcli.cli import app_state
from goalcli.commands._shared import TableOrJson, TableOrJsonOption
from goalcli.core.text import to_json
from goalcli.render import widgets
from goalcli.storage.paths import default_data_dir, existing_profiles
from goalcli.storage.profiles import describe
from goalcli.storage.schemas import server_profiles
from goalcli.storage.server import schema_name

# Imported inside the functions that use them: SQLModel (the storage entity modules, views)
# and Rich, which completion and --help must not load (tests/cli/test_startup.py).


def profiles(
    ctx: typer.Context,
    output_format: TableOrJsonOption = TableOrJson.table,
) -> None:
    """List the profiles (one database per person): who, which therapy, goals and check-in dates."""

    url = app_state(ctx).server_url
    if url is not None:  # on a server, profiles are schemas of its database
        in_use = schema_name(app_state(ctx).location.server_profile)
        rows = [dict(row, selected=row["name"] == in_use) for row in server_profiles(url)]
    else:
        selected = app_state(ctx).db_path
        rows = [
            {"name": name, **describe(path), "selected": path == selected}
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
        ("Name", "left"),
        ("Type", "left"),
        ("Goals", "right"),
        ("Check-ins", "left"),
        ("Size", "right"),
        ("", "left"),
    ):
        table.add_column(heading, justify=justify)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(
            widgets.user_text(row["name"]),
            widgets.user_text(row["display_name"] or ""),
            row["therapy_type"] or "",
            "" if row["goals"] is None else str(row["goals"]),
            row["problem"] or checkin_span(row["first_checkin"], row["last_checkin"]),
            _size_text(row["size_bytes"]),
            "← in use" if row["selected"] else "",
        )
    out.print(table)


def checkin_span(first: str | None, last: str | None) -> str:
    """The days a database's check-ins span, as a person recognises it: "2026-10-01 to 2026-11-25"."""
    if first is None or last is None:
        return "none yet"
    return first if first == last else f"{first} to {last}"


def _size_text(size: int) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{size} {unit}" if unit == "B" else f"{size:.0f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size:.1f} GB"
