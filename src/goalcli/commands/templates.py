"""`goal templates`: goal templates drawn from common therapy goals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from goalcli.commands._shared import TableOrJson, TableOrJsonOption
from goalcli.core.templates import templates_for
from goalcli.core.text import number, number_text, to_json
from goalcli.render import widgets

# Imported inside the functions that use them: SQLModel (the storage entity modules, views)
# and Rich, which completion and --help must not load (tests/cli/test_startup.py).

if TYPE_CHECKING:
    from rich.console import RenderableType

    from goalcli.core.templates import Template


def templates(
    therapy_type: Annotated[
        str | None,
        typer.Option(
            "--type",
            metavar="TYPE",
            help="Only the templates for one kind of therapy: individual, couples or family.",
            show_default=False,
        ),
    ] = None,
    output_format: TableOrJsonOption = TableOrJson.table,
) -> None:
    """List ready-made goal templates; start from one with `goal intake --template ID`."""

    chosen = templates_for(therapy_type)
    if output_format is TableOrJson.json:
        typer.echo(to_json([template_document(template) for template in chosen]))
        return
    out = widgets.console()
    out.print(_table(chosen))
    out.print("Start a goal from one with `goal intake --template ID`.", style="dim")


def template_document(template: Template) -> dict[str, Any]:
    """One template as plain JSON data."""

    return {
        "id": template.id,
        "title": template.title,
        "therapy_type": template.therapy_type,
        "specific": template.specific,
        "measure": template.measure,
        "unit": template.unit,
        "baseline": number(template.baseline),
        "target": number(template.target),
        "relevant": template.relevant,
        "steps": list(template.steps),
        "frequency": template.frequency,
    }


def _table(chosen: list[Template]) -> RenderableType:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    # Light borders, so that all five columns fit an 80-column terminal.
    table = Table(
        title="Goal templates",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
    )
    table.add_column("Id", no_wrap=True, style="bold")
    table.add_column("Title", min_width=14)
    table.add_column("Type", no_wrap=True)
    table.add_column("Start → target", min_width=13)
    table.add_column("How often", min_width=5)
    for template in chosen:
        measure = Text(f"{number_text(template.baseline)} → {number_text(template.target)} ")
        measure.append(widgets.user_text(template.unit))
        table.add_row(
            widgets.user_text(template.id),
            widgets.user_text(template.title),
            template.therapy_type,
            measure,
            widgets.user_text(template.frequency),
        )
    return table
