"""Tests for the WHEN language (goalcli.core.dates).

Most tests use a fixed today: Thursday 2026-11-26. Expected dates are worked out by hand.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goalcli.core.dates import WHEN_HELP, parse_when, today
from goalcli.errors import InputError

THU = date(2026, 11, 26)  # a Thursday
SRC = Path(__file__).resolve().parents[2] / "src"


def d(text: str) -> date:
    return date.fromisoformat(text)


def test_fixed_today_is_a_thursday() -> None:
    assert THU.strftime("%A") == "Thursday"


# --- ISO ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20", "2026-11-20"),
        ("  2026-11-20\t", "2026-11-20"),
        ("2024-02-29", "2024-02-29"),
        ("1900-01-01", "1900-01-01"),
        ("9999-12-31", "9999-12-31"),
        ("2030-01-15", "2030-01-15"),
    ],
)
@pytest.mark.parametrize("prefer", ["past", "future"])
def test_iso(text: str, expected: str, prefer: str) -> None:
    assert parse_when(text, today=THU, prefer=prefer) == d(expected)


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "2026-00-10", "2027-02-29"])
def test_iso_impossible_day_refused(text: str) -> None:
    with pytest.raises(InputError, match="not a real date"):
        parse_when(text, today=THU)


@pytest.mark.parametrize("text", ["1899-12-31", "0000-01-01", "0001-01-01"])
def test_iso_year_out_of_range_refused(text: str) -> None:
    with pytest.raises(InputError):
        parse_when(text, today=THU)


# --- today / yesterday / tomorrow ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", "2026-11-26"),
        ("TODAY", "2026-11-26"),
        ("  Today  ", "2026-11-26"),
        ("yesterday", "2026-11-25"),
        ("Yesterday", "2026-11-25"),
        ("tomorrow", "2026-11-27"),
        ("\ttomorrow\n", "2026-11-27"),
    ],
)
@pytest.mark.parametrize("prefer", ["past", "future"])
def test_named_days(text: str, expected: str, prefer: str) -> None:
    assert parse_when(text, today=THU, prefer=prefer) == d(expected)


def test_named_days_across_month_and_year() -> None:
    assert parse_when("yesterday", today=date(2027, 1, 1)) == d("2026-12-31")
    assert parse_when("tomorrow", today=date(2026, 12, 31)) == d("2027-01-01")
    assert parse_when("tomorrow", today=date(2028, 2, 28)) == d("2028-02-29")


# --- weekdays --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "past", "future"),
    [
        ("monday", "2026-11-23", "2026-11-30"),
        ("mon", "2026-11-23", "2026-11-30"),
        ("tuesday", "2026-11-24", "2026-12-01"),
        ("tue", "2026-11-24", "2026-12-01"),
        ("wednesday", "2026-11-25", "2026-12-02"),
        ("wed", "2026-11-25", "2026-12-02"),
        # bare weekday equal to today's weekday is today, in both directions
        ("thursday", "2026-11-26", "2026-11-26"),
        ("thu", "2026-11-26", "2026-11-26"),
        ("friday", "2026-11-20", "2026-11-27"),
        ("fri", "2026-11-20", "2026-11-27"),
        ("saturday", "2026-11-21", "2026-11-28"),
        ("sat", "2026-11-21", "2026-11-28"),
        ("sunday", "2026-11-22", "2026-11-29"),
        ("sun", "2026-11-22", "2026-11-29"),
        ("MONDAY", "2026-11-23", "2026-11-30"),
        (" Fri ", "2026-11-20", "2026-11-27"),
    ],
)
def test_bare_weekday(text: str, past: str, future: str) -> None:
    assert parse_when(text, today=THU, prefer="past") == d(past)
    assert parse_when(text, today=THU, prefer="future") == d(future)


def test_bare_weekday_default_direction_is_past() -> None:
    assert parse_when("monday", today=THU) == d("2026-11-23")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last monday", "2026-11-23"),
        ("last mon", "2026-11-23"),
        ("last wednesday", "2026-11-25"),
        ("last thursday", "2026-11-19"),  # strictly before today
        ("last thu", "2026-11-19"),
        ("last friday", "2026-11-20"),
        ("last sunday", "2026-11-22"),
        ("next monday", "2026-11-30"),
        ("next wednesday", "2026-12-02"),
        ("next thursday", "2026-12-03"),  # strictly after today
        ("next friday", "2026-11-27"),
        ("next sun", "2026-11-29"),
        ("Last   MONDAY", "2026-11-23"),
        ("NEXT\tFriday", "2026-11-27"),
    ],
)
@pytest.mark.parametrize("prefer", ["past", "future"])
def test_last_and_next_weekday_ignore_prefer(text: str, expected: str, prefer: str) -> None:
    assert parse_when(text, today=THU, prefer=prefer) == d(expected)


def test_weekday_across_year_boundary() -> None:
    # 2026-12-31 is a Thursday.
    assert parse_when("next monday", today=date(2026, 12, 31)) == d("2027-01-04")
    assert parse_when("last thursday", today=date(2027, 1, 1)) == d("2026-12-31")


# --- N units ago / in N units ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0 days ago", "2026-11-26"),
        ("1 day ago", "2026-11-25"),
        ("3 days ago", "2026-11-23"),
        ("10 days ago", "2026-11-16"),
        ("100 days ago", "2026-08-18"),
        ("1 week ago", "2026-11-19"),
        ("a week ago", "2026-11-19"),
        ("2 weeks ago", "2026-11-12"),
        ("1 month ago", "2026-10-26"),
        ("a month ago", "2026-10-26"),
        ("12 months ago", "2025-11-26"),
        ("a year ago", "2025-11-26"),
        ("2 years ago", "2024-11-26"),
        ("003 days ago", "2026-11-23"),
        ("3  Days   AGO", "2026-11-23"),
        ("2 day ago", "2026-11-24"),
        ("1 days ago", "2026-11-25"),
        ("in 0 days", "2026-11-26"),
        ("in 1 day", "2026-11-27"),
        ("in 5 days", "2026-12-01"),
        ("in a day", "2026-11-27"),
        ("in a week", "2026-12-03"),
        ("in 2 weeks", "2026-12-10"),
        ("in a month", "2026-12-26"),
        ("in 3 months", "2027-02-26"),
        ("in a year", "2027-11-26"),
        ("in 2 years", "2028-11-26"),
        ("IN 2 WEEKS", "2026-12-10"),
    ],
)
@pytest.mark.parametrize("prefer", ["past", "future"])
def test_relative_offsets(text: str, expected: str, prefer: str) -> None:
    assert parse_when(text, today=THU, prefer=prefer) == d(expected)


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("1 month ago", "2027-03-31", "2027-02-28"),
        ("1 month ago", "2028-03-31", "2028-02-29"),
        ("in 1 month", "2027-01-31", "2027-02-28"),
        ("in 1 month", "2028-01-31", "2028-02-29"),
        ("in 1 month", "2026-10-31", "2026-11-30"),
        ("1 year ago", "2028-02-29", "2027-02-28"),
        ("in 4 years", "2028-02-29", "2032-02-29"),
        ("in 2 months", "2026-12-31", "2027-02-28"),
    ],
)
def test_month_and_year_arithmetic_clamps_to_month_end(
    text: str, anchor: str, expected: str
) -> None:
    assert parse_when(text, today=d(anchor)) == d(expected)


def test_largest_offsets_that_still_fit() -> None:
    assert parse_when("in 99999 weeks", today=THU) == d("3943-06-03")
    assert parse_when("in 7973 years", today=THU) == d("9999-11-26")
    assert parse_when("126 years ago", today=THU) == d("1900-11-26")


@pytest.mark.parametrize(
    "text",
    [
        "in 99999 years",
        "99999 years ago",
        "in 99999 months",
        "99999 months ago",
        "99999 weeks ago",
        "99999 days ago",
        "in 7974 years",
        "127 years ago",
    ],
)
def test_offsets_outside_supported_years_refused(text: str) -> None:
    with pytest.raises(InputError, match="1900 to 9999"):
        parse_when(text, today=THU)


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("tomorrow", "9999-12-31"),
        ("in 1 day", "9999-12-31"),
        ("next monday", "9999-12-31"),
        ("saturday", "9999-12-31"),  # 9999-12-31 is a Friday; the coming Saturday is 10000
        ("yesterday", "1900-01-01"),
        ("last monday", "1900-01-01"),
        ("1 day ago", "1900-01-01"),
    ],
)
def test_results_beyond_the_edges_of_time_refused(text: str, anchor: str) -> None:
    with pytest.raises(InputError, match="1900 to 9999"):
        parse_when(text, today=d(anchor), prefer="future")


def test_bare_weekday_on_the_last_day_of_time_is_today() -> None:
    last_day = d("9999-12-31")
    assert last_day.strftime("%A") == "Friday"
    assert parse_when("friday", today=last_day, prefer="future") == last_day


# --- month-name dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "march 3",
        "March 3",
        "MARCH 3",
        "mar 3",
        "march 3rd",
        "mar 03",
        "3 march",
        "3rd march",
        "03 mar",
        "  march   3  ",
    ],
)
def test_month_date_without_year(text: str) -> None:
    assert parse_when(text, today=THU, prefer="past") == d("2026-03-03")
    assert parse_when(text, today=THU, prefer="future") == d("2027-03-03")


@pytest.mark.parametrize(
    "text",
    [
        "march 3 2027",
        "march 3, 2027",
        "march 3,2027",
        "march 3 , 2027",
        "mar 3rd 2027",
        "march 3rd, 2027",
        "3 march 2027",
        "3rd march 2027",
        "3 mar, 2027",
        "MARCH 3 2027",
    ],
)
@pytest.mark.parametrize("prefer", ["past", "future"])
def test_month_date_with_year_is_exact(text: str, prefer: str) -> None:
    assert parse_when(text, today=THU, prefer=prefer) == d("2027-03-03")


@pytest.mark.parametrize(
    ("text", "past", "future"),
    [
        ("november 26", "2026-11-26", "2026-11-26"),  # today counts both ways
        ("nov 25", "2026-11-25", "2027-11-25"),
        ("nov 27", "2025-11-27", "2026-11-27"),
        ("dec 31", "2025-12-31", "2026-12-31"),
        ("jan 1", "2026-01-01", "2027-01-01"),
        ("1st january", "2026-01-01", "2027-01-01"),
        ("feb 29", "2024-02-29", "2028-02-29"),
        ("may 1", "2026-05-01", "2027-05-01"),
        ("sept 9", "2026-09-09", "2027-09-09"),
        ("sep 9", "2026-09-09", "2027-09-09"),
        ("september 9th", "2026-09-09", "2027-09-09"),
        ("april 30", "2026-04-30", "2027-04-30"),
        ("jun 2nd", "2026-06-02", "2027-06-02"),
        ("july 4th", "2026-07-04", "2027-07-04"),
        ("11th aug", "2026-08-11", "2027-08-11"),
        ("12th oct", "2026-10-12", "2027-10-12"),
        ("13th october", "2026-10-13", "2027-10-13"),
        ("21st feb", "2026-02-21", "2027-02-21"),
        ("22nd feb", "2026-02-22", "2027-02-22"),
        ("23rd feb", "2026-02-23", "2027-02-23"),
        ("31st dec", "2025-12-31", "2026-12-31"),
    ],
)
def test_month_date_direction(text: str, past: str, future: str) -> None:
    assert parse_when(text, today=THU, prefer="past") == d(past)
    assert parse_when(text, today=THU, prefer="future") == d(future)


def test_feb_29_skips_the_century_that_is_not_leap() -> None:
    assert parse_when("feb 29", today=date(2100, 1, 1), prefer="future") == d("2104-02-29")
    assert parse_when("feb 29", today=date(2104, 1, 1), prefer="past") == d("2096-02-29")


def test_year_less_month_date_at_the_edges_of_time() -> None:
    with pytest.raises(InputError):
        parse_when("jan 1", today=date(9999, 12, 31), prefer="future")
    with pytest.raises(InputError):
        parse_when("dec 31", today=date(1900, 1, 1), prefer="past")
    assert parse_when("dec 31", today=date(9999, 12, 31), prefer="future") == d("9999-12-31")


@pytest.mark.parametrize("text", ["march 3 1899", "march 3 0001", "3 march 1000"])
def test_month_date_year_out_of_range(text: str) -> None:
    with pytest.raises(InputError, match="1900 to 9999"):
        parse_when(text, today=THU)


@pytest.mark.parametrize(
    "text", ["feb 30 2027", "feb 29 2027", "32 march", "april 31", "march 0", "0 march", "feb 30"]
)
def test_month_date_impossible_day(text: str) -> None:
    with pytest.raises(InputError, match="not a real date"):
        parse_when(text, today=THU)


@pytest.mark.parametrize("text", ["3th march", "march 1nd", "11st june", "march 2rd", "12nd may"])
def test_month_date_wrong_ordinal_suffix(text: str) -> None:
    with pytest.raises(InputError):
        parse_when(text, today=THU)


# --- non-ISO numeric dates ---------------------------------------------------------------


@pytest.mark.parametrize("text", ["03/04/2025", "3.4.2025", "03-04-2025", "3/4/2025"])
def test_ambiguous_numeric_refused_with_iso_hint(text: str) -> None:
    with pytest.raises(InputError) as info:
        parse_when(text, today=THU)
    message = str(info.value)
    assert f"'{text}'" in message
    assert "could be read two ways" in message
    assert "YYYY-MM-DD" in message
    assert "2025-04-03" in message


def test_ambiguous_numeric_message_exact() -> None:
    with pytest.raises(InputError) as info:
        parse_when("03/04/2025", today=THU)
    assert str(info.value) == (
        "'03/04/2025' could be read two ways; write it as YYYY-MM-DD, e.g. 2025-04-03."
    )


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("25/12/2025", "2025-12-25"),
        ("12/25/2025", "2025-12-25"),
        ("25.12.2025", "2025-12-25"),
        ("04/04/2025", "2025-04-04"),
        ("2025/04/03", "2025-04-03"),
        ("2025.4.3", "2025-04-03"),
        ("2026-1-5", "2026-01-05"),
        ("2026-11-5", "2026-11-05"),
    ],
)
def test_unambiguous_numeric_still_refused_with_suggestion(text: str, suggestion: str) -> None:
    with pytest.raises(InputError) as info:
        parse_when(text, today=THU)
    message = str(info.value)
    assert "YYYY-MM-DD" in message
    assert suggestion in message
    assert "two ways" not in message


@pytest.mark.parametrize(
    "text", ["13/13/2025", "3/4", "3.4", "1/2/3", "03/04/25", "2025/13/40", "1.2.3.4", "03/04/1850"]
)
def test_other_numeric_refused_with_iso_hint(text: str) -> None:
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        parse_when(text, today=THU)


# --- garbage -----------------------------------------------------------------------------

GARBAGE = [
    "",
    " ",
    "   \t\n ",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "-1",
    "0",
    "10",
    "2026",
    "march",
    "3pm",
    "the 3rd of march with my sister",
    "3rd of march",
    "yesterday-ish",
    "yesterday.",
    "today!",
    "next",
    "last",
    "in days",
    "in",
    "3 days",
    "ago",
    "days ago",
    "32 march",
    "feb 30 2027",
    "march 3 99999",
    "march 3 27",
    "march 3 2027 2028",
    "march, 3",
    "x" * 10_000,
    "today" + " " * 10_000,
    "today\x00",
    "\x1b[31mred",
    "to\x07day",
    "today\x1c",
    "\x7ftoday",
    "📅",
    "today 📅",
    "\u200btoday",
    "today\u00a0",
    "ｔｏｄａｙ",  # fullwidth letters
    "２０２６-１１-２０",  # fullwidth digits
    "٣ days ago",  # Arabic-Indic digit
    "3 wee\u212as ago",  # Kelvin sign lower-cases to ASCII k
    "next next monday",
    "last today",
    "next week",
    "last month",
    "this monday",
    "mondays",
    "monday monday",
    "mo",
    "thurs",
    "in -3 days",
    "-3 days ago",
    "+3 days ago",
    "3.5 days ago",
    "1e3 days ago",
    "in 3 days ago",
    "a days ago",
    "in a days",
    "an hour ago",
    "3 hours ago",
    "in 100000 days",
    "100000 days ago",
    "3 days from now",
    "2026-11-20T10:00",
    "2026-11-20 10:00",
    "2026-W48-4",
    "20261120",
    "2026-11-20-",
    "2026--11-20",
    "None",
    "null",
    "[]",
    "'; drop table goals; --",
]


@pytest.mark.parametrize("text", GARBAGE)
@pytest.mark.parametrize("prefer", ["past", "future"])
def test_garbage_refused(text: str, prefer: str) -> None:
    with pytest.raises(InputError):
        parse_when(text, today=THU, prefer=prefer)


@pytest.mark.parametrize("value", [None, 3, 3.0, b"today", ["today"]])
def test_non_text_refused_with_input_error(value: object) -> None:
    with pytest.raises(InputError):
        parse_when(value, today=THU)  # type: ignore[arg-type]


def test_invalid_prefer_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="prefer"):
        parse_when("monday", today=THU, prefer="sideways")  # type: ignore[arg-type]


# --- error messages ------------------------------------------------------------------------


def test_error_message_quotes_input_and_offers_forms() -> None:
    with pytest.raises(InputError) as info:
        parse_when("yesterdya", today=THU)
    message = str(info.value)
    assert message == (
        "Can't read 'yesterdya' as a date; use a date such as 2026-11-20, today, "
        "yesterday, monday, 3 days ago or in 2 weeks."
    )
    assert info.value.exit_code == 2


def test_error_message_quotes_stripped_input() -> None:
    with pytest.raises(InputError, match="'yesterdya'"):
        parse_when("   yesterdya \n", today=THU)


def test_empty_input_message() -> None:
    with pytest.raises(InputError, match="No date given"):
        parse_when("  ", today=THU)


@pytest.mark.parametrize(
    "text", ["\x1b[31mred", "\x1b]0;pwned\x07", "x" * 60 + "\x1b[2J", "\x1b[31m" * 5000]
)
def test_error_message_never_contains_raw_escape(text: str) -> None:
    with pytest.raises(InputError) as info:
        parse_when(text, today=THU)
    message = str(info.value)
    assert "\x1b" not in message
    assert "\x07" not in message
    assert message.isprintable()


def test_error_message_escapes_control_characters_visibly() -> None:
    with pytest.raises(InputError) as info:
        parse_when("\x1b[31mred", today=THU)
    assert "'\\x1b[31mred'" in str(info.value)


@pytest.mark.parametrize("text", ["x" * 10_000, "y" * 90, "march " * 30])
def test_error_message_truncates_long_input(text: str) -> None:
    with pytest.raises(InputError) as info:
        parse_when(text, today=THU)
    message = str(info.value)
    assert "..." in message
    assert len(message) < 160
    assert "\n" not in message


@pytest.mark.parametrize("text", ["yesterdya", "2026-02-30", "in 99999 years", "03/04/2025", ""])
def test_error_messages_are_one_short_sentence(text: str) -> None:
    with pytest.raises(InputError) as info:
        parse_when(text, today=THU)
    message = str(info.value)
    assert message.endswith(".")
    assert "\n" not in message
    assert len(message) < 160


def test_when_help_is_one_line_listing_the_forms() -> None:
    assert "\n" not in WHEN_HELP
    for example in ("2026-11-20", "today", "yesterday", "monday", "3 days ago", "in 2 weeks"):
        assert example in WHEN_HELP


def test_when_help_examples_all_parse() -> None:
    for example in ("2026-11-20", "today", "yesterday", "monday", "last friday", "3 days ago"):
        parse_when(example, today=THU)
    parse_when("in 2 weeks", today=THU)
    parse_when("march 3", today=THU)


# --- today() -------------------------------------------------------------------------------


def test_today_env_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOALCLI_TODAY", "2026-11-26")
    assert today() == THU
    monkeypatch.setenv("GOALCLI_TODAY", " 2030-01-02 ")
    assert today() == d("2030-01-02")  # read on every call


def test_today_without_override_is_the_real_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOALCLI_TODAY", raising=False)
    before = date.today()
    got = today()
    assert got in (before, before + timedelta(days=1))


def test_today_empty_override_means_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOALCLI_TODAY", "")
    before = date.today()
    assert today() in (before, before + timedelta(days=1))


@pytest.mark.parametrize(
    "value", ["tomorrow", "2026-02-30", "26-11-2026", "2026-11-26T00:00", "20261126", "1850-01-01"]
)
def test_today_invalid_override_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("GOALCLI_TODAY", value)
    with pytest.raises(InputError, match="GOALCLI_TODAY") as info:
        today()
    assert f"'{value}'" in str(info.value)


def test_today_invalid_override_is_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOALCLI_TODAY", "\x1b[31m2026")
    with pytest.raises(InputError) as info:
        today()
    assert "\x1b" not in str(info.value)


def test_today_override_feeds_parse_when(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOALCLI_TODAY", "2026-11-26")
    assert parse_when("yesterday", today=today()) == d("2026-11-25")


# --- start-up cost -----------------------------------------------------------------------------


def test_import_does_not_load_dateutil() -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    code = (
        "import sys, goalcli.core.dates; "
        "assert 'dateutil' not in sys.modules, sorted(m for m in sys.modules if 'dateutil' in m); "
        "assert not any(m.split('.')[0] in ('typer', 'rich', 'sqlmodel', 'sqlalchemy') "
        "for m in sys.modules); print('ok')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


# --- properties --------------------------------------------------------------------------------

DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31))
PREFER = st.sampled_from(["past", "future"])
TOKENS = st.sampled_from(
    [
        "today", "yesterday", "tomorrow", "last", "next", "in", "ago", "a", "day", "days",
        "week", "weeks", "month", "months", "year", "years", "monday", "fri", "march",
        "feb", "sept", "3", "29", "31", "3rd", "1st", "2027", "99999", "0", ",", "-", "/",
        "2026-11-20", "03/04/2025", "  ", "\t", "\x1b", "📅",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(text=st.text(), anchor=DATES, prefer=PREFER)
def test_arbitrary_text_gives_date_or_input_error(text: str, anchor: date, prefer: str) -> None:
    try:
        result = parse_when(text, today=anchor, prefer=prefer)
    except InputError as error:
        assert "\x1b" not in str(error)
    else:
        assert type(result) is date


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(TOKENS, min_size=1, max_size=4),
    joiner=st.sampled_from([" ", "", "  ", ", "]),
    anchor=DATES,
    prefer=PREFER,
)
def test_token_soup_gives_date_or_input_error(
    words: list[str], joiner: str, anchor: date, prefer: str
) -> None:
    try:
        result = parse_when(joiner.join(words), today=anchor, prefer=prefer)
    except InputError:
        return
    assert type(result) is date
    assert 1900 <= result.year <= 9999


@given(day=DATES)
def test_iso_round_trip(day: date) -> None:
    assert parse_when(day.isoformat(), today=THU) == day


@given(
    anchor=st.dates(min_value=date(1901, 1, 1), max_value=date(9998, 12, 31)),
    weekday=st.sampled_from(["mon", "tuesday", "wed", "thursday", "fri", "saturday", "sun"]),
)
def test_weekday_properties(anchor: date, weekday: str) -> None:
    past = parse_when(weekday, today=anchor, prefer="past")
    future = parse_when(weekday, today=anchor, prefer="future")
    last = parse_when(f"last {weekday}", today=anchor)
    nxt = parse_when(f"next {weekday}", today=anchor)
    assert len({past.weekday(), future.weekday(), last.weekday(), nxt.weekday()}) == 1
    assert past.strftime("%a").lower() == weekday[:3]
    assert 0 <= (anchor - past).days <= 6
    assert 0 <= (future - anchor).days <= 6
    assert 1 <= (anchor - last).days <= 7
    assert 1 <= (nxt - anchor).days <= 7


@given(
    anchor=st.dates(min_value=date(1901, 1, 1), max_value=date(9998, 12, 31)),
    target=st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)),  # a leap year
    month_first=st.booleans(),
)
def test_year_less_month_date_properties(anchor: date, target: date, month_first: bool) -> None:
    month = target.strftime("%B").lower()
    text = f"{month} {target.day}" if month_first else f"{target.day} {month}"
    past = parse_when(text, today=anchor, prefer="past")
    future = parse_when(text, today=anchor, prefer="future")
    assert (past.month, past.day) == (future.month, future.day) == (target.month, target.day)
    assert past <= anchor <= future
    assert (future - past).days <= 366 * 8


@settings(deadline=None)
@given(anchor=DATES, count=st.integers(min_value=0, max_value=99_999))
def test_day_offsets_match_timedelta(anchor: date, count: int) -> None:
    for text, sign in ((f"{count} days ago", -1), (f"in {count} days", 1)):
        try:
            expected = anchor + timedelta(days=sign * count)
        except OverflowError:
            expected = None
        if expected is None or not 1900 <= expected.year <= 9999:
            with pytest.raises(InputError):
                parse_when(text, today=anchor)
        else:
            assert parse_when(text, today=anchor) == expected
