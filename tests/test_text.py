"""Wording helpers."""

from __future__ import annotations

import pytest

from goalcli.text import plural


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 steps"), (1, "1 step"), (2, "2 steps")],
)
def test_plural_puts_the_noun_in_the_right_number(count: int, expected: str) -> None:
    assert plural(count, "step") == expected


def test_plural_takes_an_irregular_form() -> None:
    assert plural(3, "entry", "entries") == "3 entries"
    assert plural(1, "entry", "entries") == "1 entry"
