"""`goal undo`: reverse the latest change a person made on this database (an edit, a status
change, a step change, a check-in, mood, review or questionnaire logged, replaced or removed, an
added goal), after showing it and asking; `--list` shows what can be undone, and marks the
changes `goal import` brought in (history, never taken by undo)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from goalcli import prompts
from goalcli.commands._shared import TableOrJson, TableOrJsonOption, existing_database
from goalcli.core.text import to_json
from goalcli.errors import InputError
from goalcli.render import goal as render_goal
from goalcli.render import widgets

# Imported inside the functions that use them: SQLModel (the storage entity modules, views)
# and Rich, which completion and --help must not load (tests/cli/test_startup.py).

if TYPE_CHECKING:
    from goalcli.storage.models import GoalChange

EXAMPLES = {
    "undo": """
goal undo                  show the latest change, ask, then reverse it
goal undo --yes            reverse it without asking (for scripts)
goal undo --list           the latest changes, newest first
"""
}
"""Shown at the end of `goal undo --help`."""


def undo(
    ctx: typer.Context,
    list_them: Annotated[
        bool, typer.Option("--list", help="Show the latest changes that can be undone.")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Undo it without asking (for scripts).")
    ] = False,
    output_format: TableOrJsonOption = TableOrJson.table,
) -> None:
    """Undo the latest change you made: an edit, a step, a check-in, mood or review, a goal added."""
    from goalcli.storage import changes
    from goalcli.storage import undo as undoing

    database = existing_database(ctx)
    with database.read() as session:
        latest = changes.undoable_changes(session)
        taken = changes.latest_undoable(session)
    described = [(change, _sentence(change)) for change in latest]
    out = widgets.console()
    if list_them:
        if output_format is TableOrJson.json:
            rows = [
                {
                    "goal": change.goal_id,
                    "date": change.day.isoformat(),
                    "field": change.field,
                    "text": text,
                    "imported": change.imported_at is not None,
                }
                for change, text in described
            ]
            typer.echo(to_json(rows))
            return
        if not described:
            out.print("Nothing to undo.")
        for number, (change, text) in enumerate(described, start=1):
            mark = " (imported: history)" if change.imported_at else ""
            out.print(widgets.user_text(f"{number}. {render_goal.sentence(text)}{mark}"))
        return
    if taken is None:
        raise InputError("There is no change to undo.")
    change, text = taken, _sentence(taken)
    out.print(widgets.user_text(f"This undoes: {render_goal.sentence(text)}"))
    if change.field == "goal_added":
        out.print(
            widgets.user_text(
                f"Undoing it removes goal {change.goal_id} \u201c{change.new_value}\u201d "
                "and its steps."
            )
        )
    if not prompts.confirm_destructive("Undo it?", yes=yes, what="Undoing a change"):
        out.print("Nothing was changed.")
        return
    with database.write() as session:
        # The change shown, read again inside this transaction: refused if it is gone or differs.
        undoing.undo_change(session, change.id or 0, shown=change)
    out.print("Undone.")


def _sentence(change: GoalChange) -> str:
    """The change in words, naming its goal ("goal 1: target lowered ...")."""
    from goalcli.storage import changes

    text = changes.describe(change)
    return text if change.goal_id is None else f"goal {change.goal_id}: {text}"
