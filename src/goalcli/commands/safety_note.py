"""Shows the safety note from `goal log` and `goal report`, at most once a day, never blocking."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from goalcli.storage.database import Database


def maybe_show(database: Database, today: date) -> None:
    """Print the note on stderr (stdout may be JSON) if mood has stayed very low."""
    from goalcli.core import safety
    from goalcli.render import screens, widgets
    from goalcli.storage import checkins, goals, notices

    with database.read() as session:
        recent = checkins.recent_moods(session, today, safety.LOW_DAYS)
        if not safety.needs_note(recent, today) or notices.notice_shown(
            session, safety.NOTICE_KIND, today
        ):
            return
        intake = goals.latest_intake(session)
    with database.write() as session:
        notices.mark_notice_shown(session, safety.NOTICE_KIND, today)
    widgets.console(stderr=True).print(
        screens.safety_panel(safety.note_text(intake.support_contact if intake else None))
    )
