"""`goal caseload`: every profile at a glance, read-only, who needs attention first and why."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from goalcli.cli import app_state
from goalcli.commands._shared import OutputOption
from goalcli.commands.report import ReportFormat
from goalcli.core import dates
from goalcli.core.text import to_json
from goalcli.render import widgets
from goalcli.render.caseload import WIDE_ENOUGH, caseload_blocks, caseload_markdown, caseload_table
from goalcli.render.html import caseload_html
from goalcli.storage.files import write_private
from goalcli.views.caseload import build_caseload

if TYPE_CHECKING:
    from pathlib import Path

EXAMPLES = {
    "caseload": """
goal caseload
goal caseload --format html --output caseload.html   the page to print
goal caseload --format json | jq '.profiles[].reasons'
"""
}
"""Shown at the end of `goal caseload --help`."""


def caseload(
    ctx: typer.Context,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", help="How to show it.")
    ] = ReportFormat.table,
    output: OutputOption = None,
) -> None:
    """Every profile at a glance, who needs attention first and why (read-only)."""

    document = build_caseload(dates.today(), app_state(ctx).server_url)
    text = None
    if output_format is ReportFormat.json:
        text = to_json(document) + "\n"
    elif output_format is ReportFormat.markdown:
        text = caseload_markdown(document)
    elif output_format is ReportFormat.html:
        text = caseload_html(document)
    if text is not None:
        if output is not None:
            _write(output, text)
        else:
            typer.echo(text, nl=False)
        return

    out = widgets.console(record=output is not None)
    if not document["profiles"]:
        out.print("No databases yet.")
    else:
        wide = out.width >= WIDE_ENOUGH
        out.print(caseload_table(document) if wide else caseload_blocks(document))
    if output is not None:
        _write(output, out.export_text())


def _write(output: Path, text: str) -> None:
    """The caseload as a private file, through the one writer every --output uses (as
    `goal report --output`): 0600, complete or not at all, refusing what it refuses."""

    write_private(output, text)
    typer.echo(f"Wrote the caseload to {output} (readable only by you).", err=True)
