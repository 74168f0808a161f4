"""`goal caseload`: every profile at a glance, read-only, who needs attention first and why."""

from __future__ import annotations

from typing import Annotated

import typer

from goalcli.commands.report import ReportFormat


def caseload(
    ctx: typer.Context,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", help="How to show it.")
    ] = ReportFormat.table,
) -> None:
    """Every profile at a glance, who needs attention first and why (read-only)."""
    from goalcli.core import dates
    from goalcli.views.caseload import build_caseload

    document = build_caseload(dates.today(), ctx.obj.server_url)
    if output_format is ReportFormat.json:
        from goalcli.core.text import to_json

        typer.echo(to_json(document))
        return
    if output_format is ReportFormat.markdown:
        from goalcli.render.caseload import caseload_markdown

        typer.echo(caseload_markdown(document), nl=False)
        return
    if output_format is ReportFormat.html:
        from goalcli.render.html import caseload_html

        typer.echo(caseload_html(document), nl=False)
        return
    from goalcli.render import widgets
    from goalcli.render.caseload import WIDE_ENOUGH, caseload_blocks, caseload_table

    out = widgets.console()
    if not document["profiles"]:
        out.print("No databases yet. Start one with `goal intake` or `goal --profile NAME intake`.")
        return
    wide = out.width >= WIDE_ENOUGH
    out.print(caseload_table(document) if wide else caseload_blocks(document))
