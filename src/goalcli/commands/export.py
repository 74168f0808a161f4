"""`goal export`: everything you wrote, as one JSON document or a CSV of check-ins."""

from __future__ import annotations

import sys
from collections.abc import Generator, Iterator
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from goalcli.cli import app_state
from goalcli.commands._shared import OutputOption
from goalcli.core import dates
from goalcli.core.text import to_json, visible
from goalcli.errors import InputError
from goalcli.storage import transfer
from goalcli.storage.files import open_output, write_output

if TYPE_CHECKING:
    from goalcli.storage.store import Store

EXAMPLES = {
    "export": """
goal export -o goals.json
goal export --format csv -o checkins.csv
goal export --format fhir -o record.json      for a clinic's record
goal export --format fhir --since "6 months ago" --include-name -o record.json
"""
}
"""Shown at the end of `goal export --help`."""


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"
    fhir = "fhir"


def export(
    ctx: typer.Context,
    output_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="json: everything, for `goal import`; csv: check-ins; "
            "fhir: a FHIR R4 Bundle for a clinic's record (docs/fhir.md).",
        ),
    ] = ExportFormat.json,
    output: OutputOption = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="WHEN|last-review",
            help="fhir only: check-ins, moods, reviews and questionnaires from this day on "
            '(a date, words like "3 months ago", or the latest review).',
        ),
    ] = None,
    include_name: Annotated[
        bool,
        typer.Option(
            "--include-name", help="fhir only: put the profile's display name on the Patient."
        ),
    ] = False,
) -> None:
    """Export your goals, steps, check-ins, moods, reviews and changes (never creates a database)."""

    if output_format is not ExportFormat.fhir and (since is not None or include_name):
        used = "--since" if since is not None else "--include-name"
        raise InputError(f"{used} goes with --format fhir only.")
    since_day = _since_day(since)  # a date word is checked before anything is read
    in_use = app_state(ctx).database_files  # never the output (checked again when it is written)
    database = app_state(ctx).database(create=False)
    _warn_about_source(database, app_state(ctx).target_name)
    exported_at = datetime.now(UTC).isoformat(timespec="seconds")
    if output is None and not sys.stdout.isatty():
        _print_utf8()

    if output_format is ExportFormat.json:
        document = transfer.export_json(database, exported_at)
        _write_text(to_json(document) + "\n", output, in_use)
    elif output_format is ExportFormat.fhir:
        from_last_review = since is not None and _is_last_review(since)
        record = _fhir_record(database, exported_at, since_day, from_last_review, include_name)
        _write_text(to_json(record) + "\n", output, in_use)
    else:
        _write_csv(database, output, in_use)
    if output is not None:
        typer.echo(f"Exported to {output} (readable only by you).", err=True)


def _warn_about_source(database: Store | None, target_name: str) -> None:
    """Said on stderr before anything is written: an export that will be empty, or one that
    leaves an encrypted database's data in plain text."""
    if database is None:
        typer.echo(f"No database at {target_name} yet; the export is empty.", err=True)
    elif database.encrypted:
        typer.echo(
            "Warning: the database is encrypted, but this export is plain text; keep it "
            "somewhere safe and delete it when it has served.",
            err=True,
        )


def _print_utf8() -> None:
    """Into a file or a program: the data whole, as UTF-8 (what `goal import` reads), not with
    what the locale's encoding cannot hold replaced."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(encoding="utf-8", errors="strict")


def _write_text(text: str, output: Path | None, in_use: tuple[Path, ...]) -> None:
    """A JSON export to the screen (or pipe), or to the output file."""
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_output(output, text, databases=in_use)


def _fhir_record(
    database: Store | None,
    exported_at: str,
    since_day: date | None,
    from_last_review: bool,
    include_name: bool,
) -> dict[str, Any]:
    """The FHIR Bundle (core/fhir.py) of the database, from `since_day` or the latest review on."""
    from goalcli.core import fhir

    document = transfer.export_json(database, exported_at)
    if from_last_review:
        since_day = fhir.latest_review_day(document, dates.today())
    name = transfer.display_name(database) if include_name else None
    record = fhir.bundle(document, since=since_day, display_name=name)
    if database is not None and len(record["entry"]) == 1:
        # A valid Bundle all the same (the Patient alone): said, so no one sends it
        # believing it holds a history.
        held = (
            f"No goals, and nothing from {since_day.isoformat()} on"
            if since_day
            else "No goals, moods or questionnaires yet"
        )  # (one line of 80 columns)
        typer.echo(f"{held}: the record holds the Patient only.", err=True)
    return record


def _write_csv(database: Store | None, output: Path | None, in_use: tuple[Path, ...]) -> None:
    """The check-ins as CSV, streamed to the screen (or pipe) or to the output file."""
    with transfer.exported_checkins(database) as rows:
        if output is None and sys.stdout.isatty():
            rows = _visible(rows)
        if output is None:
            transfer.write_csv(rows, sys.stdout)
            sys.stdout.flush()
        else:
            with open_output(output, databases=in_use, newline="") as handle:
                transfer.write_csv(rows, handle)


def _is_last_review(since: str) -> bool:
    return since.strip().lower() == "last-review"


def _since_day(since: str | None) -> date | None:
    """The first day --since keeps (a date or date words; not in the future). `last-review` is
    read from the data (None here), as `goal report --since last-review` reads it."""
    if since is None or _is_last_review(since):
        return None
    today = dates.today()
    since_day = dates.parse_when(since, today=today, prefer="past")
    if since_day > today:
        raise InputError(f"--since {since_day.isoformat()} is in the future.")
    return since_day


def _visible(rows: Iterator[tuple[Any, ...]]) -> Generator[tuple[Any, ...]]:
    """On a terminal, escape sequences in titles and notes are shown, not obeyed."""

    for row in rows:
        yield tuple(
            visible(value, keep_newlines=True) if isinstance(value, str) else value for value in row
        )
