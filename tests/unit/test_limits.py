"""core/limits.py: the one set of limits every door applies, on hand-picked cases."""

from __future__ import annotations

from datetime import date

import pytest

from goalcli.core import limits
from goalcli.core.limits import FIELD_LIMITS, LINE, NOTE, check_text, text_problem
from goalcli.errors import InputError


def test_check_text_strips() -> None:
    assert check_text("  walk daily  ", "title") == "walk daily"


def test_check_text_optional_may_be_empty() -> None:
    assert check_text("   ", "reason", required=False) == ""


def test_check_text_required_refuses_blank_naming_the_field() -> None:
    with pytest.raises(InputError, match="The title cannot be left empty"):
        check_text("  \n ", "title")


def test_length_is_per_field_and_never_quotes_the_text() -> None:
    assert check_text("x" * LINE.length, "title") == "x" * LINE.length
    with pytest.raises(InputError) as caught:
        check_text("secret " * 40, "title")
    assert str(caught.value) == "The title is 279 characters long; please keep it to 200."
    assert check_text("x" * NOTE.length, "note") == "x" * NOTE.length
    with pytest.raises(InputError, match="keep it to 10000"):
        check_text("x" * (NOTE.length + 1), "note")


@pytest.mark.parametrize(
    ("text", "limit", "problem"),
    [
        ("two\nlines", LINE, "must be one line (it holds a line break or tab)"),
        ("a\ttab", LINE, "must be one line (it holds a line break or tab)"),
        ("two\nlines\tand a tab", NOTE, None),
        ("nul\x00", NOTE, "holds a NUL character"),
        ("carriage\r\nreturn", NOTE, "holds a control character (U+000D)"),
        ("\x1b[31mred", NOTE, "holds a control character (U+001B)"),
        ("c1 \x9b", NOTE, "holds a control character (U+009B)"),
        ("lone \udcff", NOTE, "holds bytes that are not UTF-8 text"),
        # Printed escaped, but stored as typed: bidi marks, joiners, emoji, other scripts.
        ("\u202eright to left", LINE, None),
        ("👩\u200d👩\u200d👧 família مرحبا", LINE, None),
    ],
)
def test_text_characters(text: str, limit: limits.TextLimit, problem: str | None) -> None:
    assert text_problem(text, limit) == problem


def test_every_stored_text_has_a_limit() -> None:
    from goalcli.core.answers import GOAL_TEXT_FIELDS, INTAKE_KEYS
    from goalcli.core.export_format import REVIEW_FIELDS

    # measures is a list of questionnaire ids (checked against core.measures.IDS), not text;
    # members a list of names, each a "member".
    intake_texts = set(INTAKE_KEYS) - {"measures", "members"}
    stored = {*GOAL_TEXT_FIELDS, *intake_texts, "frequency", "step", "note", "reason", "change"}
    stored |= {"member", "gas_level"}
    stored |= {name for name in REVIEW_FIELDS if name in {"helped", "hindered", "next_step"}}
    assert stored <= FIELD_LIMITS.keys()


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (1e12, None),
        (-1e12, None),
        (0.000001, None),
        (
            1e12 + 1,
            "1000000000001 is too large; goalcli keeps numbers between "
            "-1000000000000 and 1000000000000",
        ),
        (float("inf"), "is not an ordinary number"),
        (float("nan"), "is not an ordinary number"),
    ],
)
def test_number_range(value: float, problem: str | None) -> None:
    assert limits.number_problem(value) == problem


def test_smallest_gap() -> None:
    assert limits.gap_problem(0, 1e-6) is None
    assert limits.gap_problem(5, 5) == "is the same as the starting point"
    assert limits.gap_problem(0, 1e-7) == "is too close to the starting point to measure progress"


def test_date_range() -> None:
    assert limits.date_problem(date(1900, 1, 1)) is None
    assert limits.date_problem(date(9999, 12, 31)) is None
    assert limits.date_problem(date(1899, 12, 31)) == "falls outside the years 1900 to 9999"


def test_counts() -> None:
    assert limits.count_problem(limits.MAX_STEPS, limits.MAX_STEPS, "steps") is None
    assert (
        limits.count_problem(1000, 999, "steps") == "1000 steps are more than goalcli keeps (999)"
    )
