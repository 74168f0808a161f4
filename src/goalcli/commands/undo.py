"""`goal undo`: reverse the latest change a person made (an edit, a status change, a removed
check-in), after showing it and asking; `--list` shows what can be undone."""

from __future__ import annotations

from typing import Annotated

import typer

from goalcli.commands._shared import TableOrJson, TableOrJsonOption


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
    """Undo the latest change you made (an edit, a status change, a removed check-in)."""
    from goalcli import prompts
    from goalcli.commands._shared import existing_database
    from goalcli.core import history
    from goalcli.core.text import to_json
    from goalcli.errors import InputError
    from goalcli.render import goal as render_goal
    from goalcli.render import widgets
    from goalcli.storage import changes

    database = existing_database(ctx)
    with database.read() as session:
        latest = changes.undoable_changes(session)
    described = [
        (
            change,
            f"goal {change.goal_id}: "
            + history.describe(
                change.field, change.old_value, change.new_value, change.day, change.reason
            ),
        )
        for change in latest
    ]
    out = widgets.console()
    if list_them:
        if output_format is TableOrJson.json:
            rows = [
                {"goal": change.goal_id, "field": change.field, "text": text}
                for change, text in described
            ]
            typer.echo(to_json(rows))
            return
        if not described:
            out.print("Nothing to undo.")
        for number, (_, text) in enumerate(described, start=1):
            out.print(widgets.user_text(f"{number}. {render_goal.sentence(text)}"))
        return
    if not described:
        raise InputError("There is no change to undo.")
    change, text = described[0]
    out.print(widgets.user_text(f"This undoes: {render_goal.sentence(text)}"))
    if not prompts.confirm_destructive("Undo it?", yes=yes, what="Undoing a change"):
        out.print("Nothing was changed.")
        return
    with database.write() as session:
        changes.undo_change(session, change.id or 0)
    out.print("Undone.")
