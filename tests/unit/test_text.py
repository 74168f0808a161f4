"""Wording helpers."""

from __future__ import annotations

import pytest

from goalcli.core.text import (
    amount,
    better_words,
    distance_words,
    plural,
    read_number,
    read_whole,
    scale_top,
    streak_words,
    unit_for,
    value_path,
)


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
    as_of = date(2026, 11, 22)  # the day after: no silence to talk about
    assert talking_points([], {}, one, as_of) == ["Mood was 3 or lower on 1 day: 2026-11-20."]
    assert talking_points([], {}, two, as_of) == [
        "Mood was 3 or lower on 2 days: 2026-11-20, 2026-11-21."
    ]


# --- the one number formatter and the one escaper (core.text) ----------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(30.0, 30), (2.5, 2.5), (-0.0, 0), (1 / 3, 1 / 3), (1e12, 10**12), (None, None)],
)
def test_number_writes_whole_numbers_as_ints_and_keeps_the_rest_exact(
    value: float | None, expected: object
) -> None:
    from goalcli.core.text import number

    shown = number(value)
    assert shown == expected and type(shown) is type(expected)


def test_number_text_is_the_same_number_for_tables_and_prompts() -> None:
    from goalcli.core.text import number_text

    assert [number_text(v) for v in (30.0, 2.5, 1234567.5, None)] == ["30", "2.5", "1234567.5", "–"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("\x9b31m", "\\x9b31m"),
        ("a\tb\rc", "a\\tb\\rc"),
        ("\u202eevil\u202c", "\\u202eevil\\u202c"),  # bidi overrides, as errors.visible did
        ("\u2066x\u2069 \u200f", "\\u2066x\\u2069 \\u200f"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("line\u2028break", "line\\u2028break"),
        ("🙂 👨\u200d👩\u200d👧 🌧️", "🙂 👨\u200d👩\u200d👧 🌧️"),  # emoji joiners are kept
        ("Ünïcødé [b]x[/b]", "Ünïcødé [b]x[/b]"),
    ],
)
def test_visible_escapes_what_could_steer_or_disguise_and_nothing_else(
    text: str, expected: str
) -> None:
    from goalcli.core.text import visible
    from goalcli.errors import visible as message_visible

    assert visible(text) == expected
    assert message_visible(text) == expected  # messages and renderers share the one escaper


def test_visible_keeps_newlines_only_when_asked() -> None:
    from goalcli.core.text import visible

    assert visible("one\ntwo") == "one\\ntwo"
    assert visible("one\n\x1btwo", keep_newlines=True) == "one\n\\x1btwo"


def test_every_renderer_escapes_a_right_to_left_override() -> None:
    from goalcli.render.markdown import markdown_text
    from goalcli.render.widgets import user_text

    assert user_text("\u202eevil").plain == "\\u202eevil"
    assert markdown_text("\u202eevil") == "\\\\u202eevil"


def test_to_json_escapes_hidden_characters_and_reads_back_the_same() -> None:
    import json

    from goalcli.core.text import to_json

    document = {"title": "\u202eevil\x9b \U000e0001 🙂", "note": "a\nb"}
    text = to_json(document)
    assert "\u202e" not in text and "\x9b" not in text and "\U000e0001" not in text
    assert "🙂" in text
    assert json.loads(text) == document


# --- Units, counts and direction, said as English says them (issue 12) ---


@pytest.mark.parametrize(
    ("unit", "top"),
    [("0-10", 10), ("0–10", 10), ("/10", 10), ("out of 10", 10), ("0 to 5", 5), (" /100 ", 100)],
)
def test_scale_top_reads_a_rating_scale(unit: str, top: int) -> None:
    assert scale_top(unit) == top


@pytest.mark.parametrize("unit", ["minutes", "invites", "10 minute blocks", "kg", "", "0-10 pages"])
def test_scale_top_is_none_for_things_counted(unit: str) -> None:
    assert scale_top(unit) is None


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (7, "0-10", "7/10"),
        (7.5, "out of 10", "7.5/10"),
        (1, "invites", "1 invite"),
        (2, "invites", "2 invites"),
        (0, "invites", "0 invites"),
        (1, "minutes walked", "1 minute walked"),
        (1, "panic episodes", "1 panic episode"),
        (1, "glasses of water", "1 glass of water"),
        (1, "times", "1 time"),
        (1, "kg", "1 kg"),
        (1, "focus", "1 focus"),  # not a plural: kept
        (1.5, "hours", "1.5 hours"),
        (30, "%", "30%"),
        (4, "", "4"),
        (None, "minutes", "–"),
    ],
)
def test_amount_reads_as_english(value: float | None, unit: str, expected: str) -> None:
    assert amount(value, unit) == expected


def test_unit_for_only_changes_exactly_one() -> None:
    assert unit_for(1, "drinks") == "drink"
    assert unit_for(1.0, "drinks") == "drink"
    assert unit_for(2, "drinks") == "drinks"


@pytest.mark.parametrize(
    ("values", "unit", "expected"),
    [
        ((0, 26, 30), "minutes", "0 → 26 → 30 minutes"),
        ((0, 0, 1), "invites", "0 → 0 → 1 invite"),
        ((7, 5, 3), "0-10", "7/10 → 5/10 → 3/10"),
        ((4, 0), "drinks", "4 → 0 drinks"),
    ],
)
def test_value_path_puts_the_unit_once_or_on_every_rating(
    values: tuple[float, ...], unit: str, expected: str
) -> None:
    assert value_path(values, unit) == expected


@pytest.mark.parametrize(
    ("baseline", "target", "level", "expected"),
    [
        # A goal to raise something.
        (0, 30, 18, "up 18 from your start, 12 to go"),
        (0, 30, 0, "no change from your start, 30 to go"),
        (0, 30, 30, "up 30 from your start, target reached"),
        (0, 30, 33, "up 33 from your start, 3 past the target"),
        # A goal to lower something (anxiety 7 -> 3): down is the good way.
        (7, 3, 5, "down 2 from your start, 2 to go"),
        (7, 3, 8, "up 1 from your start, 5 to go"),
        (7, 3, 3, "down 4 from your start, target reached"),
        (4, 0, -1, "down 5 from your start, 1 past the target"),
        # Differences without float fuzz: 7.3 - 3.1 is 4.199999999999999 in floats.
        (7.3, 3, 3.1, "down 4.2 from your start, 0.1 to go"),
    ],
)
def test_distance_words_respect_the_direction(
    baseline: float, target: float, level: float, expected: str
) -> None:
    assert distance_words(baseline, target, level) == expected


def test_distance_words_for_a_therapist_speak_about_the_client() -> None:
    assert distance_words(0, 30, 18, "therapist") == "up 18 from their start, 12 to go"
    assert distance_words(7, 3, 7, "therapist") == "no change from their start, 4 to go"


def test_better_words_name_the_better_way() -> None:
    assert better_words(7, 3) == "lower is better"
    assert better_words(0, 30) == "higher is better"


@pytest.mark.parametrize(
    ("count", "unit", "expected"),
    [
        (1, "weeks", "streak 1 week"),
        (3, "weeks", "streak 3 weeks"),
        (1, "days", "streak 1 day"),
        (0, "days", "streak 0 days"),
    ],
)
def test_streak_words_count_in_the_goals_rhythm(count: int, unit: str, expected: str) -> None:
    assert streak_words(count, unit) == expected


@pytest.mark.parametrize(
    ("typed", "read"),
    [("3", 3.0), (" -2.5 ", -2.5), (".5", 0.5), ("+1", 1.0), ("7.", 7.0), ("0.000001", 1e-06)],
)
def test_read_number_reads_numbers_as_people_write_them(typed: str, read: float) -> None:
    assert read_number(typed) == read


@pytest.mark.parametrize(
    "typed",
    ["1_5", "١٥", "１５", "1e3", " 1e3", "1E3", "inf", "nan", "-", ".", "1.2.3", "2,5", "0x10", ""],
)
def test_read_number_refuses_what_only_python_reads_as_a_number(typed: str) -> None:
    assert read_number(typed) is None


def test_read_number_refuses_a_wall_of_digits() -> None:
    assert read_number("9" * 41) is None


@pytest.mark.parametrize(("typed", "read"), [("7", 7), ("-1", -1), ("+2", 2), (" 10 ", 10)])
def test_read_whole_reads_whole_numbers(typed: str, read: int) -> None:
    assert read_whole(typed) == read


@pytest.mark.parametrize("typed", ["1_0", "١٥", "²", "3.0", "1e1", "--1", ""])
def test_read_whole_refuses_the_rest(typed: str) -> None:
    assert read_whole(typed) is None


def test_wrapped_breaks_only_between_words() -> None:
    from goalcli.core.text import wrapped

    text = "Naming what may get in the way lets you plan around it instead of being surprised."
    lines = wrapped(text, 41).split("\n")
    assert lines == [
        "Naming what may get in the way lets you",
        "plan around it instead of being",
        "surprised.",
    ]
    # Leading spaces (an indented error) carry to every line; a long word is never cut.
    assert wrapped("  x " + "/a" * 30, 30) == "  x\n  " + "/a" * 30
    assert wrapped("one\n\ntwo", 40) == "one\n\ntwo"
