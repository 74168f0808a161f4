"""`goal export`: everything you wrote, as one JSON document or a CSV of check-ins."""

from __future__ import annotations

import sys
from collections.abc import Generator, Iterator
from enum import StrEnum
from typing import Annotated, Any

import typer

from goalcli.commands._shared import OutputOption

EXAMPLES = {
    "export": """
goal export -o goals.json
goal export --format csv -o checkins.csv
"""
}
"""Shown at the end of `goal export --help`."""


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"


def export(
    ctx: typer.Context,
    output_format: Annotated[
        ExportFormat,
        typer.Option("--format", help="json: everything, for `goal import`; csv: check-ins."),
    ] = ExportFormat.json,
    output: OutputOption = None,
) -> None:
    """Export your goals, steps, check-ins, moods, reviews and changes (never creates a database)."""
    from contextlib import closing, nullcontext
    from datetime import UTC, datetime

    from goalcli.core.text import to_json
    from goalcli.errors import StorageError
    from goalcli.storage import transfer
    from goalcli.storage.database import describe_sqlite_error, sql_errors, sqlite_connection
    from goalcli.storage.files import open_output, write_output
    from goalcli.storage.migrations import schema_version

    in_use = ctx.obj.database_files  # never the output (checked again when it is written)
    database = ctx.obj.database(create=False)
    if database is None:
        typer.echo(f"No database at {ctx.obj.target_name} yet; the export is empty.", err=True)
    elif database.encrypted:
        typer.echo(
            "Warning: the database is encrypted, but this export is plain text; keep it "
            "somewhere safe and delete it when it has served.",
            err=True,
        )
    exported_at = datetime.now(UTC).isoformat(timespec="seconds")
    if output is None and not sys.stdout.isatty():
        # Into a file or a program: the data whole, as UTF-8 (what `goal import` reads), not
        # with what the locale's encoding cannot hold replaced.
        reconfigure = getattr(sys.stdout, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="strict")

    try:
        with database.read() if database is not None else nullcontext() as session:
            connection = sqlite_connection(session) if session is not None else None
            if output_format is ExportFormat.json:
                if connection is None:
                    document = transfer.empty_document(exported_at, schema_version())
                else:
                    document = transfer.export_document(connection, exported_at, schema_version())
                text = to_json(document) + "\n"
                if output is None:
                    typer.echo(text, nl=False)
                else:
                    write_output(output, text, databases=in_use)
            else:
                rows = transfer.checkin_rows(connection) if connection is not None else _no_rows()
                if output is None and sys.stdout.isatty():
                    rows = _visible(rows)
                # Closed while the database is still open, also when the reader went away.
                with closing(rows):
                    if output is None:
                        transfer.write_csv(rows, sys.stdout)
                        sys.stdout.flush()
                    else:
                        with open_output(output, databases=in_use, newline="") as handle:
                            transfer.write_csv(rows, handle)
    except sql_errors() as error:  # raw SQL errors, in the same plain words as the rest
        raise StorageError(describe_sqlite_error(error, ctx.obj.db_path)) from error
    if output is not None:
        typer.echo(f"Exported to {output} (readable only by you).", err=True)


def _visible(rows: Iterator[tuple[Any, ...]]) -> Generator[tuple[Any, ...]]:
    """On a terminal, escape sequences in titles and notes are shown, not obeyed."""
    from goalcli.core.text import visible

    for row in rows:
        yield tuple(
            visible(value, keep_newlines=True) if isinstance(value, str) else value for value in row
        )


def _no_rows() -> Generator[tuple[Any, ...]]:
    """No check-ins, as a generator like checkin_rows (it can be closed the same way)."""
    yield from ()
