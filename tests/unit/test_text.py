"""Wording helpers."""

from __future__ import annotations

import pytest

from goalcli.core.text import plural


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 steps"), (1, "1 step"), (2, "2 steps")],
)
def test_plural_puts_the_noun_in_the_right_number(count: int, expected: str) -> None:
    assert plural(count, "step") == expected


def test_plural_takes_an_irregular_form() -> None:
    assert plural(3, "entry", "entries") == "3 entries"
    assert plural(1, "entry", "entries") == "1 entry"


def test_the_session_page_counts_low_mood_days_in_words() -> None:
    from datetime import date

    from goalcli.core.session import talking_points

    one = [{"date": "2026-11-20", "mood": 2}, {"date": "2026-11-21", "mood": 7}]
    two = [{"date": "2026-11-20", "mood": 2}, {"date": "2026-11-21", "mood": 3}]
    as_of = date(2026, 11, 26)
    assert talking_points([], {}, one, as_of) == ["Mood was 3 or lower on 1 day: 2026-11-20."]
    assert talking_points([], {}, two, as_of) == [
        "Mood was 3 or lower on 2 days: 2026-11-20, 2026-11-21."
    ]
