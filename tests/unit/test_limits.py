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


# --- names: one form, found however typed, nothing invisible (issue 24) ----------------------


def test_a_name_is_kept_stripped_and_composed() -> None:
    assert limits.name_form("  Jose\u0301\u00a0") == "Jos\u00e9"  # NFC; a no-break space stripped
    assert check_text(" Jose\u0301 ", "member", what="member's name") == "Jos\u00e9"
    assert check_text("Jose\u0301", "title") == "Jos\u00e9"
    # Not a name: other text is only stripped, in the form it was typed.
    assert check_text(" Jose\u0301 ", "note") == "Jose\u0301"


def test_a_name_key_ignores_case_form_and_spaces() -> None:
    assert limits.name_key(" JOSE\u0301 ") == limits.name_key("jos\u00e9")
    assert limits.name_key("Straße") == limits.name_key("STRASSE")
    assert limits.name_key("Sam") != limits.name_key("Sam2")


NAME = FIELD_LIMITS["member"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Sa\u200bm", "U+200B"),  # zero-width space
        ("Sa\u200cm", "U+200C"),  # zero-width non-joiner
        ("Sa\u200dm", "U+200D"),  # a joiner between letters
        ("\u202eSam", "U+202E"),  # right-to-left override
        ("Sam\u200e", "U+200E"),  # left-to-right mark
        ("\ufeffSam", "U+FEFF"),  # byte order mark
        ("Sa\u00adm", "U+00AD"),  # soft hyphen
        ("Sa\u2060m", "U+2060"),  # word joiner
        ("Sa\u2028m", "U+2028"),  # line separator
        ("Sam\U000e0041", "U+E0041"),  # a tag character after a letter
        ("Sam", None),
        ("\u05e9\u05dc\u05d5\u05dd", None),  # Hebrew, right to left by itself
        ("\U0001f469\u200d\U0001f4bb Ada", None),  # woman technologist: a joiner in an emoji
        ("\u2764\ufe0f\u200d\U0001f525", None),  # heart on fire: after a variation selector
        ("\U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f", None),  # Wales
    ],
)
def test_a_name_holds_no_invisible_character(text: str, problem: str | None) -> None:
    found = text_problem(text, NAME)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found and "invisible" in found
    # Other text keeps them as typed (a note, a step): they are shown escaped where they print.
    assert text_problem(text, NOTE) is None


def test_the_doors_refuse_an_invisible_character_in_a_name_in_one_sentence() -> None:
    with pytest.raises(InputError) as caught:
        check_text("Sa\u200bm", "member", what="member's name")
    assert caught.value.message == (
        "The member's name holds an invisible character (U+200B), which would make it look like "
        "another name."
    )


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (0, None),
        (10, None),
        (11, "must be from 0 to 10 (got 11)"),
        (-1, "must be from 0 to 10 (got -1)"),
        (7.0, "must be a whole number from 0 to 10"),  # an import's 7.0 is not rounded
        (True, "must be a whole number from 0 to 10"),  # JSON true is not 1
        ("7", "must be a whole number from 0 to 10"),
        (None, "must be a whole number from 0 to 10"),
    ],
)
def test_a_pleasure_or_mastery_rating_is_a_whole_number_0_to_10(
    value: object, problem: str | None
) -> None:
    assert limits.rating_problem(value) == problem
