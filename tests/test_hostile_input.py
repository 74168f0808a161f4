"""Hostile and odd input: refused plainly and writing nothing, or stored and shown exactly.

- Every odd date and number through every option that takes one: exit 2, one line on stderr,
  no traceback, no raw control character, nothing written.
- Answers files that are missing, a folder, not TOML, binary, of the wrong types, missing
  fields, out of range or huge: exit 2, naming the field, nothing written.
- User text with Rich markup, escape sequences, control characters, right-to-left marks,
  emoji, SQL and 100 000 characters: stored exactly, shown as typed, never interpreted; no raw
  ESC reaches stdout in the table or Markdown; JSON carries it JSON-escaped.
- Bytes that are not UTF-8, in arguments or at a prompt: refused (or asked again), never a crash.
- Properties (hypothesis): the WHEN parser and the number parsers raise nothing but InputError
  for any text at all, and what they accept is a usable value.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from goalcli import prompts, smart
from goalcli.dates import parse_when
from goalcli.errors import InputError
from helpers import MOOD_PLAN, SENTINEL, assert_one_plain_line, dump, goal_process, rows

Run = Callable[..., Result]

# --- dates -------------------------------------------------------------------------------------

BAD_DATES = [
    "",
    "   ",
    "\t\n",
    "\x00",
    "2026-11-20\x00",
    "99999-01-01",
    "0000-01-01",
    "1899-12-31",
    "2026-02-30",
    "2026-13-01",
    "03/04/2025",
    "3.4.2025",
    "2026-1-5",
    "the 3rd of never at noon",
    "tomorrow-ish",
    "next week sometime",
    "99999 days ago",
    "in 99999 years",
    "-1 days ago",
    "1e309",
    "NaN",
    "inf",
    "٢٠٢٦-١١-٢٠",  # ISO in Arabic-Indic digits
    "２０２６-１１-２０",  # ISO in full-width digits
    "\u202e02-11-6202",
    "\x1b[2J2026-11-20",
    "march 32",
    "feb 30 2027",
    "3th march",
    "2026-11-20" * 20,
    "x" * 100_000,
    "🗓️",
    "'); DROP TABLE goal;--",
]
DATE_OPTIONS = {
    "log --date": ("log", "1", "--value", "3", "--date"),
    "log --mood --date": ("log", "--mood", "5", "--date"),
    "review --date": ("review", "1", "--gas", "0", "--date"),
    "report --since": ("report", "--since"),
}


def _refused_plainly(result: Result) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert_one_plain_line(result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("option", list(DATE_OPTIONS))
def test_odd_dates_are_refused_and_write_nothing(
    planned_fast: Run, db_path: Path, option: str
) -> None:
    before = dump(db_path)
    for text in BAD_DATES:
        result = planned_fast(*DATE_OPTIONS[option], text)
        _refused_plainly(result)
        assert result.stdout == "", (text, result.stdout)
    assert dump(db_path) == before


def test_a_refused_date_is_quoted_visibly(planned_fast: Run) -> None:
    result = planned_fast("log", "1", "--value", "3", "--date", "\x1b[2Jtomorrow-ish")

    assert "'\\x1b[2Jtomorrow-ish'" in result.stderr


# --- numbers -----------------------------------------------------------------------------------

NOT_NUMBERS = ["", " ", "abc", "\x00", "5\x00", "0x10", "1,5", "1 000", "²", "①", "٣.٣.٣", "𝟓𝟓x"]
NOT_FINITE = ["nan", "NaN", "-nan", "inf", "-inf", "+Infinity", "1e309", "-1e309", "1" * 400]
HUGE = ["1e13", "-1e13", "1000000000001", "99999999999999999999"]
NOT_WHOLE = [*NOT_NUMBERS, *NOT_FINITE, "--5", "+-1", "6.5", "1e1", "99999999999", "-"]

BAD_NUMBERS = {
    "log --value": (("log", "1", "--value"), [*NOT_NUMBERS, *NOT_FINITE, *HUGE]),
    "log --mood": (("log", "--mood"), [*NOT_WHOLE, "-1", "11", "100"]),
    "log --done": (("log", "1", "--done"), [*NOT_WHOLE, "0", "6", "1000", "-1"]),
    "review --gas": (("review", "1", "--gas"), [*NOT_WHOLE, "3", "-3", "+3"]),
    "review --gbo": (("review", "1", "--gbo"), [*NOT_WHOLE, "-1", "11"]),
    "review --weight": (("review", "1", "--gbo", "5", "--weight"), [*NOT_WHOLE, "0", "4"]),
}


@pytest.mark.parametrize("option", list(BAD_NUMBERS))
def test_odd_numbers_are_refused_and_write_nothing(
    planned_fast: Run, db_path: Path, option: str
) -> None:
    args, values = BAD_NUMBERS[option]
    before = dump(db_path)
    for text in values:
        result = planned_fast(*args, text)
        _refused_plainly(result)
    assert dump(db_path) == before


def test_numbers_at_the_edges_are_kept_exactly(planned_fast: Run, db_path: Path) -> None:
    for value in ("1000000000000", "-1000000000000", "0.000001", "-0", "1e-400"):
        result = planned_fast("log", "1", "--value", value)
        assert result.exit_code == 0, (value, result.output)
        assert rows(db_path, "SELECT value FROM checkin") == [(float(value),)]
    document = json.loads(planned_fast("report", "--format", "json").stdout)
    assert all(math.isfinite(goal["progress"]) for goal in document["goals"])


def test_a_huge_value_never_makes_the_report_json_invalid(planned_fast: Run) -> None:
    assert planned_fast("log", "1", "--value", "1000000000000").exit_code == 0
    text = planned_fast("report", "--format", "json").stdout

    document = json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in JSON"))
    assert document["goals"][0]["current"] == 1_000_000_000_000


# --- answers files -----------------------------------------------------------------------------

BASE = Path(MOOD_PLAN).read_text(encoding="utf-8")


def _replace(line_start: str, new_line: str) -> str:
    """The example plan with its first line starting with `line_start` replaced."""
    pattern = re.compile(rf"^{re.escape(line_start)}.*$", re.M)
    changed, count = pattern.subn(lambda _match: new_line, BASE, count=1)
    assert count == 1, line_start
    return changed


ANSWERS: dict[str, tuple[str | bytes | None, str]] = {
    # name: (file contents; None = no file, "" = a folder; what the message must name)
    "missing": (None, "no answers file"),
    "a folder": ("", "is a folder"),
    "not TOML": ("this is = = not toml\n[[[", "TOML"),
    "binary": (bytes(range(256)) * 8, "TOML"),
    "UTF-16": (BASE.encode("utf-16"), "TOML"),
    "huge": ("# " + "x" * (2 * 1024 * 1024) + "\n" + BASE, "larger than 1 MB"),
    "empty": ("", "[intake]"),
    "intake is a list": ("intake = [1, 2]\n", "[intake]"),
    "no goals": (BASE.split("[[goals]]")[0], "[[goals]]"),
    "goals a number": ("goals = 5\n" + BASE.split("[[goals]]")[0], "[[goals]]"),
    "therapy type a number": (
        _replace("therapy_type =", "therapy_type = 1"),
        "intake.therapy_type",
    ),
    "missing expectations": (_replace("expectations =", ""), "intake.expectations"),
    "baseline as text": (_replace("baseline =", 'baseline = "five"'), "goals[1].baseline"),
    "baseline nan": (_replace("baseline =", "baseline = nan"), "goals[1].baseline"),
    "baseline huge": (_replace("baseline =", "baseline = 1e308"), "goals[1].baseline"),
    "target -inf": (_replace("target =", "target = -inf"), "goals[1].target"),
    "target a hair from the baseline": (
        _replace("target =", "target = 5.0000000001"),
        "goals[1].target",
    ),
    "confidence 64-bit": (
        _replace("confidence =", "confidence = 9223372036854775807"),
        "goals[1].confidence",
    ),
    "confidence -1": (_replace("confidence =", "confidence = -1"), "goals[1].confidence"),
    "confidence a float": (_replace("confidence =", "confidence = 7.0"), "goals[1].confidence"),
    "first step huge": (
        _replace("first_step =", "first_step = 9223372036854775807"),
        "goals[1].first_step",
    ),
    "steps nested": (_replace("steps = [", 'steps = [["a"],'), "goals[1].steps"),
    "target date with a time": (
        _replace("target_date =", "target_date = 2027-02-26T10:00:00"),
        "goals[1].target_date",
    ),
    "target date with a zone": (
        _replace("target_date =", "target_date = 2027-02-26T10:00:00Z"),
        "goals[1].target_date",
    ),
    "target date a time of day": (
        _replace("target_date =", "target_date = 10:00:00"),
        "goals[1].target_date",
    ),
    "target date in year 1": (
        _replace("target_date =", "target_date = 0001-06-01"),
        "goals[1].target_date",
    ),
    "target date in year 99999": (
        _replace("target_date =", 'target_date = "99999-01-01"'),
        "goals[1].target_date",
    ),
    "target date fuzzy": (
        _replace("target_date =", 'target_date = "the 3rd of never at noon"'),
        "goals[1].target_date",
    ),
    "target date ambiguous": (
        _replace("target_date =", 'target_date = "03/04/2027"'),
        "goals[1].target_date",
    ),
    "start date in year 1": ("start_date = 0001-01-01\n" + BASE, "start_date"),
    "start date with a time": ("start_date = 2026-11-01T08:00:00\n" + BASE, "start_date"),
    "frequency a number": (_replace("frequency =", "frequency = 3"), "goals[2].frequency"),
    "template with an escape": (
        _replace("title =", 'title = "x"\ntemplate = "\\u001b[2J"'),
        "goals[1].template",
    ),
}


@pytest.mark.parametrize("case", list(ANSWERS))
def test_bad_answers_files_are_refused_naming_the_field(
    planned_fast: Run, db_path: Path, tmp_path: Path, case: str
) -> None:
    contents, named = ANSWERS[case]
    path = tmp_path / "answers.toml"
    if contents == "" and case == "a folder":
        path.mkdir()
    elif isinstance(contents, bytes):
        path.write_bytes(contents)
    elif contents is not None:
        path.write_text(contents, encoding="utf-8")
    before = dump(db_path)

    result = planned_fast("intake", "--answers", str(path))

    _refused_plainly(result)
    assert result.stderr.count(named) == 1, result.stderr  # named, and named once
    assert dump(db_path) == before


# --- user text: stored exactly, shown as typed -------------------------------------------------

ODD_TEXT = {
    "rich markup": "[bold red]x[/] [link=http://evil]click[/link]",
    "ansi clear screen": "\x1b[2J\x1b[Hgone",
    "osc title": "\x1b]0;owned\x07title",
    "c1 csi": "\x9b31mred",
    "bell backspace cr": "ring\x07\x08\x08\rover",
    "nul": "before\x00after",
    "right to left": "\u202eevil\u202c text",
    "emoji": "🙂 walked 🌧️ anyway 👨‍👩‍👧",
    "sql": "'); DROP TABLE goal;--",
    "markdown": "*not bold* | cell | <b>html</b> `code` # heading",
    "newlines": "line one\nline two",
}


@pytest.mark.parametrize("case", list(ODD_TEXT))
def test_odd_note_is_stored_exactly_and_shown_literally(
    planned_fast: Run, db_path: Path, case: str
) -> None:
    text = ODD_TEXT[case]
    result = planned_fast("log", "1", "--value", "12", "--note", text)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x9b" not in result.stdout

    assert rows(db_path, "SELECT note FROM checkin") == [(text,)]
    assert rows(db_path, "SELECT count(*) FROM goal") == [(2,)]  # the SQL stayed text

    for args in (("report",), ("report", "--format", "markdown"), ("list",)):
        shown = planned_fast(*args)
        assert shown.exit_code == 0, shown.output
        for raw in ("\x1b", "\x9b", "\x00", "\x07", "\x08", "\r"):
            assert raw not in shown.stdout, (args, repr(raw))
    table = planned_fast("report").stdout
    if case == "rich markup":
        assert "[bold red]x[/]" in table  # never interpreted as markup
    if case == "ansi clear screen":
        assert "\\x1b[2J" in table  # shown as a visible escape
    if case == "emoji":
        assert "🙂 walked" in table


def test_review_note_and_next_step_are_stored_exactly(planned_fast: Run, db_path: Path) -> None:
    for case, text in ODD_TEXT.items():
        if "\n" in text:
            continue
        result = planned_fast("review", "1", "--gbo", "5", "--note", text, "--next-step", text)
        assert result.exit_code == 0, (case, result.output)
        assert "\x1b" not in result.stdout
        assert rows(db_path, "SELECT note FROM review") == [(text,)]
        assert rows(db_path, "SELECT text FROM step ORDER BY id DESC LIMIT 1") == [(text,)]


def test_a_100_kb_note_is_kept_whole(planned_fast: Run, db_path: Path) -> None:
    text = ("Ünïcødé 🙂 " * 10_000)[:100_000].strip()
    assert len(text) > 99_000
    result = planned_fast("log", "1", "--value", "3", "--note", text)

    assert result.exit_code == 0, result.output
    assert rows(db_path, "SELECT note FROM checkin") == [(text,)]
    markdown = planned_fast("report", "--format", "markdown")
    assert markdown.exit_code == 0


def test_a_note_over_the_limit_is_refused_without_being_quoted(
    planned_fast: Run, db_path: Path
) -> None:
    before = dump(db_path)
    result = planned_fast("log", "1", "--value", "3", "--note", SENTINEL + "x" * 100_000)

    _refused_plainly(result)
    assert SENTINEL not in result.stderr
    assert dump(db_path) == before


def test_odd_titles_from_an_answers_file_round_trip_through_json(
    goal: Run, db_path: Path, tmp_path: Path
) -> None:
    title = "[bold]x[/] \x1b[2J \u202eevil 🙂 '); DROP TABLE goal;--"
    escaped = json.dumps(title, ensure_ascii=False)  # TOML takes JSON's \u001b escapes
    path = tmp_path / "odd.toml"
    path.write_text(_replace("title =", f"title = {escaped}"), encoding="utf-8")
    assert goal("intake", "--answers", str(path)).exit_code == 0

    listed = goal("list", "--format", "json")
    reported = goal("report", "--format", "json")

    assert json.loads(listed.stdout)[0]["title"] == title
    assert json.loads(reported.stdout)["goals"][0]["title"] == title
    for output in (listed.stdout, reported.stdout, goal("list").stdout, goal("report").stdout):
        assert "\x1b" not in output
    assert rows(db_path, "SELECT title FROM goal WHERE id = 1") == [(title,)]


# --- properties --------------------------------------------------------------------------------

DIGITS = st.characters(categories=["Nd", "No", "Nl"])  # ٣, ５, ², ①, Ⅻ ...
NUMBERISH = st.text(
    alphabet=st.one_of(DIGITS, st.sampled_from(list("0123456789+-.eE_ xXn")), st.characters()),
    max_size=30,
)
ANCHORS = st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31))


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(), NUMBERISH))
def test_parse_number_accepts_a_usable_number_or_raises_input_error(text: str) -> None:
    try:
        value = prompts.parse_number(text, "value")
    except InputError as error:
        assert "\x1b" not in error.message
    else:
        assert type(value) is float
        assert math.isfinite(value)
        assert abs(value) <= smart.LARGEST_NUMBER


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(), NUMBERISH), low=st.integers(-5, 5), span=st.integers(0, 20))
def test_parse_whole_accepts_a_whole_number_in_range_or_raises_input_error(
    text: str, low: int, span: int
) -> None:
    try:
        value = prompts.parse_whole(text, "mood", low, low + span)
    except InputError:
        return
    assert type(value) is int
    assert low <= value <= low + span


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(
        alphabet=st.one_of(DIGITS, st.sampled_from(list("-/., :")), st.characters()),
        max_size=40,
    ),
    anchor=ANCHORS,
    prefer=st.sampled_from(["past", "future"]),
)
def test_when_with_any_digits_gives_a_date_or_input_error(
    text: str, anchor: date, prefer: str
) -> None:
    try:
        result = parse_when(text, today=anchor, prefer=prefer)  # type: ignore[arg-type]
    except InputError as error:
        assert "\x1b" not in error.message
    else:
        assert type(result) is date
        assert 1900 <= result.year <= 9999
        assert text.isascii()  # the WHEN language is written in ASCII only


@settings(max_examples=200, deadline=None)
@given(
    baseline=st.floats(-1e12, 1e12),
    target=st.floats(-1e12, 1e12),
    current=st.floats(-1e12, 1e12),
)
def test_progress_of_accepted_numbers_is_always_finite(
    baseline: float, target: float, current: float
) -> None:
    from goalcli.progress import progress

    try:
        smart.check_target(baseline, target)
    except InputError:
        return
    assert math.isfinite(progress(baseline, target, current) * 100)


# --- bytes that are not UTF-8 (a Latin-1 terminal, a binary paste) ----------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("log", "1", "--value", "3", "--note", b"caf\xe9 " + SENTINEL.encode()),
        ("review", "1", "--gbo", "5", "--note", b"\xff\xfe"),
        ("review", "1", "--gbo", "5", "--next-step", b"\x80step"),
        ("log", b"\xff", "--value", "3"),
        ("log", "1", "--value", b"\xb3"),
        ("log", "1", "--value", "3", "--date", b"2026-11-2\xb6"),
    ],
    ids=["log note", "review note", "next step", "goal", "value", "date"],
)
def test_undecodable_bytes_in_arguments_are_refused(
    planned_fast: Run, db_path: Path, args: tuple[str | bytes, ...]
) -> None:
    before = dump(db_path)
    result = goal_process(*args)  # type: ignore[arg-type]

    assert result.returncode == 2, result.stderr
    assert_one_plain_line(result.stderr)
    assert SENTINEL not in result.stderr
    assert dump(db_path) == before


def test_undecodable_bytes_at_a_prompt_are_asked_again(planned_fast: Run, db_path: Path) -> None:
    answers = b"7\n12\n\n\xff\xfe note\nplain note\n\n"
    result = subprocess.run(
        [sys.executable, "-m", "goalcli", "log"],
        input=answers,
        capture_output=True,
        timeout=30,
        env=dict(os.environ),
    )

    assert result.returncode == 0, result.stderr
    assert b"not UTF-8 text" in result.stderr
    assert rows(db_path, "SELECT value, note FROM checkin") == [(12.0, "plain note")]


@pytest.mark.parametrize(
    "args",
    [("intake", "--template", "\x1b[2J\u202e"), ("templates", "--type", "\x1b]0;owned\x07")],
    ids=["intake --template", "templates --type"],
)
def test_an_unknown_id_is_quoted_with_its_escapes_visible(goal: Run, args: tuple[str, ...]) -> None:
    result = goal(*args)

    _refused_plainly(result)
    assert "\\x1b" in result.stderr
