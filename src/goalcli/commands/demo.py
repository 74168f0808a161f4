"""`goal demo`: see goalcli working on a made-up history, without touching your own data."""

from __future__ import annotations

import tempfile
from pathlib import Path

import typer

from goalcli.core import dates
from goalcli.render import report as render_report
from goalcli.render import widgets
from goalcli.storage.database import open_database

# Imported inside the functions that use them: SQLModel (the storage entity modules, views)
# and Rich, which completion and --help must not load (tests/cli/test_startup.py).


def demo() -> None:
    """Build a six-week example history in a throwaway database and show its report."""
    from goalcli.storage import goals
    from goalcli.storage.demo import DEMO_DAYS, build_demo
    from goalcli.views import report as reporting

    today = dates.today()
    # Never the user's database: a fresh one in a private temporary folder, deleted afterwards.
    with tempfile.TemporaryDirectory(prefix="goalcli-demo-") as folder:
        database = open_database(Path(folder) / "demo.db", create=True)
        assert database is not None
        try:
            with database.write() as session:
                build_demo(session, today)
            with database.read() as session:
                document, extras = reporting.build_report(
                    session, today, goals=goals.goals(session), patterns=False
                )
        finally:
            database.close()
    out = widgets.console()
    out.print(f"[bold]Demo:[/bold] a made-up client, {DEMO_DAYS // 7} weeks into three goals.\n")
    out.print(
        render_report.goal_table(
            document["goals"], extras, f"Progress as of {document['as_of']}", width=out.width
        )
    )
    out.print(render_report.mood_line(document["mood"]))
    out.print(
        "\nThat was a throwaway database, now deleted; your own data was not touched.\n"
        "Start yours with [bold]goal intake[/bold] (or [bold]goal intake --answers FILE.toml[/bold])."
    )
    typer.echo()
