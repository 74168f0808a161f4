"""Behavioural activation: how an activity felt (pleasure and mastery, 0-10 each), the pleasure
predicted when it was planned, and what a period of them shows. Pure: the standard library only.

A rating not given is unknown: it is left out of every average, never read as 0.
"""

from __future__ import annotations

from collections.abc import Mapping

RATED_FIELDS = ("pleasure", "mastery", "expected_pleasure")
"""What a step may carry; a check-in carries the first two."""

_WORDS = {"pleasure": "pleasure", "mastery": "mastery", "expected_pleasure": "expected pleasure"}


def ratings_words(ratings: Mapping[str, int | None]) -> str | None:
    """The ratings given, in words for the change log ("pleasure 7, mastery 5"); None when
    none is given."""
    parts = [
        f"{_WORDS[name]} {value}"
        for name in RATED_FIELDS
        if (value := ratings.get(name)) is not None
    ]
    return ", ".join(parts) or None
