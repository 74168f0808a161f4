"""The safety net: a calm note when mood has stayed very low. Pure functions, no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Literal

Reader = Literal["client", "therapist"]
"""Who reads a report: the client in their own use, or their therapist (`--for therapist`)."""
READERS: tuple[Reader, ...] = ("client", "therapist")

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
    return "A note for you" if reader == "client" else "A note about your client"


def note_text(support_contact: str | None, reader: Reader = "client") -> list[str]:
    """The note's lines, addressed to the client or, for a therapist, speaking about the client;
    the contact is the client's own words and is shown literally. Never hidden from either."""
    if reader == "therapist":
        lines = [
            "Your client's mood has been very low on their last three check-ins.",
        ]
        if support_contact:
            lines.append(f"They named someone to reach out to: {support_contact}")
        lines.append("Consider contacting them before the next session.")
        lines.append(
            "If they may be in danger or thinking of harming themselves, follow your "
            "risk procedure and the local emergency number."
        )
        return lines
    lines = [
        "Your mood has been very low on your last three check-ins. That sounds hard, and it is "
        "worth not carrying alone.",
    ]
    if support_contact:
        lines.append(f"You named someone to reach out to: {support_contact}")
    lines.append(
        "Consider telling your therapist how these days have been, before your next session if you can."
    )
    lines.append(
        "If you are in danger or thinking of harming yourself, call your local emergency number now."
    )
    return lines


RISK_NOTICE_KIND = "risk-item"


def risk_note_text(support_contact: str | None, crisis_line: str | None) -> list[str]:
    """The note shown straight after a risk item is answered above 0 (PHQ-9 item 9), whatever
    the total. The contact and crisis line are the person's own words, shown literally; no
    country's number is assumed."""
    lines = [
        "Thank you for answering that honestly. Thoughts of being better off dead or of hurting "
        "yourself are worth talking about, and you do not have to carry them alone.",
    ]
    if support_contact:
        lines.append(f"You named someone to reach out to: {support_contact}")
    if crisis_line:
        lines.append(f"Your crisis line: {crisis_line}")
    else:
        lines.append(
            "You can keep a crisis line to show here with `goal settings crisis-line TEXT`."
        )
    lines.append(
        "If you are in danger or might act on these thoughts, call your local emergency number now."
    )
    lines.append(
        "This answer is kept as a flag with its date so you and your therapist can talk "
        "about it. The questions carry on when you are ready."
    )
    return lines
