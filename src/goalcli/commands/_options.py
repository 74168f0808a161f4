"""Options that several commands take, declared once so that they read and behave alike."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class TableOrJson(StrEnum):
    """The two ways most commands show what they found: a Rich table, or JSON for scripts."""

    table = "table"
    json = "json"


TableOrJsonOption = Annotated[TableOrJson, typer.Option("--format", help="How to show it.")]

OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (private, 0600) instead of the screen.",
        dir_okay=False,
    ),
]
