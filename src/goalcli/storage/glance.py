"""A glance at the database without the SQL toolkit: the standard library's sqlite3, read-only.

For what must answer faster than `goal --help` (the shell-prompt line of `goal status`, the
daily nudge): importing SQLAlchemy and SQLModel alone takes longer than that. Nothing here
writes, creates or migrates; a database it cannot read (damaged, from a newer version,
encrypted unless the caller asks and a passphrase comes without asking) is reported as
unreadable, never touched.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from goalcli.core.text import visible

if TYPE_CHECKING:
    from sqlmodel import Session

_LAST_DAY = """
SELECT max(day) FROM (
  SELECT max(day) AS day FROM checkin WHERE day <= :today
  UNION ALL
  SELECT max(day) FROM mood WHERE day <= :today) AS latest
"""


class Unreadable(Exception):
    """The database exists but this glance cannot read it (encrypted, damaged, newer)."""


def last_checkin_day(path: Path, today: date, *, encrypted_too: bool = False) -> date | None:
    """The latest day up to `today` with a check-in or a mood; None with no database or none.

    With `encrypted_too` an encrypted database is read as well, keyed with what the passphrase
    command or the keyring gives (never a prompt: a shell prompt's line can't ask), at the cost
    of deriving its key; without a passphrase from them it is Unreadable."""
    from goalcli.storage.files import remove_stale_copies

    # The next command after a killed encrypt or decrypt may be this one (a shell prompt's).
    remove_stale_copies(path)
    if not path.exists():
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
    except sqlite3.Error as error:
        raise Unreadable(str(error)) from None
    try:
        row = connection.execute(_LAST_DAY, {"today": today.isoformat()}).fetchone()
    except sqlite3.DatabaseError as error:  # "file is not a database" (encrypted), no table...
        connection.close()
        if not encrypted_too:
            raise Unreadable(str(error)) from None
        row = _encrypted_last_day(path, today)
    finally:
        connection.close()
    try:
        return date.fromisoformat(row[0]) if row and row[0] else None
    except (TypeError, ValueError):
        raise Unreadable("a day that is not a date") from None


def last_checkin_on(session: Session, today: date) -> date | None:
    """last_checkin_day inside an open session: for a server, where there is no file to
    glance at (the same query; the SQL toolkit is loaded there anyway)."""
    from sqlalchemy import text

    day = session.execute(text(_LAST_DAY), {"today": today.isoformat()}).scalar()
    return date.fromisoformat(day) if day else None


def _encrypted_last_day(path: Path, today: date) -> tuple[object, ...] | None:
    """_LAST_DAY read from the encrypted database `path` (the SQLCipher part is loaded only
    here), or Unreadable: not encrypted after all, no passphrase without asking, a wrong one."""
    from goalcli.errors import GoalError
    from goalcli.storage.passphrase import Passphrases
    from goalcli.storage.probe import is_encrypted, sql_errors
    from goalcli.storage.sqlcipher import unlock

    if not is_encrypted(path):
        raise Unreadable("neither plain SQLite nor encrypted")
    try:
        connection, _, _ = unlock(path, Passphrases(interactive=False, quick=True), read_only=True)
    except GoalError as error:  # no source, a wrong passphrase, no SQLCipher installed
        raise Unreadable(error.message) from None
    try:
        row: tuple[object, ...] | None = connection.execute(
            _LAST_DAY, {"today": today.isoformat()}
        ).fetchone()
        return row
    except sql_errors() as error:
        raise Unreadable(str(error)) from None
    finally:
        connection.close()


NUDGE_GAP_DAYS = 2
"""A nudge needs at least this many days since the last check-in."""


def due_nudge(path: Path, today: date | None = None) -> int | None:
    """The days since the last check-in when a nudge is due now, and mark it given; else None.

    Due on a day without a check-in, 2 days or more after the last one, at most once a day:
    the day it was given is kept in DATABASE-nudged (a date; private like the database)."""
    from goalcli.core import dates

    today = today or dates.today()
    marker = path.with_name(path.name + "-nudged")
    try:
        if marker.read_text(encoding="ascii").strip() == today.isoformat():
            return None
    except (OSError, ValueError):
        pass  # never nudged, or the note is unreadable: decide afresh
    try:
        last = last_checkin_day(path, today)
    except Unreadable:
        return None
    if last is None or (today - last).days < NUDGE_GAP_DAYS:
        return None
    marker.write_text(today.isoformat() + "\n", encoding="ascii")
    return (today - last).days


def goal_choices(path: Path, incomplete: str) -> list[tuple[str, str]]:
    """Completion of GOAL: (the word, its help) for the goals whose id or title starts with what
    was typed — the ids with their titles, or the title itself."""
    typed = incomplete.casefold()
    found = []
    for goal_id, title, status in goal_titles(path):
        if str(goal_id).startswith(incomplete):  # digits or nothing typed: the ids
            found.append((str(goal_id), visible(f"{title} ({status})")))
        elif typed and title.casefold().startswith(typed):  # the start of a title: the title
            found.append((incomplete + title[len(incomplete) :], f"goal {goal_id} ({status})"))
    return found


def goal_titles(path: Path) -> list[tuple[int, str, str]]:
    """Every goal's id, title and status, for completion; [] when it cannot be read quickly."""
    if not path.exists():
        return []
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            rows = connection.execute("SELECT id, title, status FROM goal ORDER BY id").fetchall()
        finally:
            connection.close()
    except sqlite3.Error:
        return []  # encrypted, busy or damaged: completion offers nothing rather than fail
    return [(int(row[0]), str(row[1]), str(row[2])) for row in rows]
