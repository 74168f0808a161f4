"""The safety net: a calm note when mood has stayed very low. Pure functions, no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from goalcli.core import voice
from goalcli.core.voice import Reader

LOW_MOOD = 2
LOW_DAYS = 3
# An old run of low days should not keep raising the note weeks later.
RECENT_DAYS = 14
NOTICE_KIND = "low-mood"


def needs_note(recent_moods: Sequence[tuple[date, int]], today: date) -> bool:
    """True when the last three logged moods (newest first) are all 2 or lower and recent."""
    if len(recent_moods) < LOW_DAYS:
        return False
    latest = recent_moods[:LOW_DAYS]
    if latest[0][0] < today - timedelta(days=RECENT_DAYS):
        return False
    return all(mood <= LOW_MOOD for _, mood in latest)


def note_title(reader: Reader = "client") -> str:
    return voice.say("low_mood_title", reader)


def note_text(support_contact: str | None, reader: Reader = "client") -> list[str]:
    """The note's lines, addressed to the client or, for a therapist, speaking about the client
    (core.voice); the contact is the client's own words and is shown literally. Never hidden
    from either."""
    lines = [voice.say("low_mood_what", reader)]
    if support_contact:
        lines.append(voice.say("support_contact", reader, contact=support_contact))
    lines.append(voice.say("low_mood_next", reader))
    lines.append(voice.say("danger", reader))
    return lines


RISK_NOTICE_KIND = "risk-item"


def risk_note_text(support_contact: str | None, crisis_line: str | None) -> list[str]:
    """The note shown straight after a risk item is answered above 0 (PHQ-9 item 9), whatever
    the total. The contact and crisis line are the person's own words, shown literally; no
    country's number is assumed."""
    lines = [voice.RISK_ANSWER_THANKS]
    if support_contact:
        lines.append(voice.say("support_contact", "client", contact=support_contact))
    # A person at risk is not handed a settings command here: docs/questionnaires.md says how
    # to keep a line.
    if crisis_line:
        lines.append(voice.CRISIS_LINE.format(line=crisis_line))
    lines.append(voice.RISK_ANSWER_DANGER)
    lines.append(voice.RISK_ANSWER_KEPT)
    return lines
