"""The options `goal add` and `goal edit` share: a goal's parts as flags, declared once.

Only the options whose name, placeholder and help read the same in both commands are here;
where the words differ (add's "The target number." and edit's "A new target number.", edit's
--baseline and --start-date that correct a goal), each command keeps its own."""

from __future__ import annotations

from typing import Annotated

import typer

SpecificOption = Annotated[
    str | None, typer.Option("--specific", help="What you will do, where and when.")
]
MeasureOption = Annotated[str | None, typer.Option("--measure", help="What you count.")]
UnitOption = Annotated[str | None, typer.Option("--unit", help="Its unit.")]
RelevantOption = Annotated[
    str | None, typer.Option("--relevant", help="Why the goal matters to you.")
]
ConfidenceOption = Annotated[
    str | None, typer.Option("--confidence", help="How sure you are, 0-10.")
]
FrequencyOption = Annotated[
    str | None,
    typer.Option("--frequency", help="How often you check in: daily, weekly, 3 per week."),
]
