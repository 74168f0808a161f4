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

from goalcli import prompts
from goalcli.core import limits, smart
from goalcli.core.dates import parse_when
from goalcli.errors import InputError
from lib.database import dump, rows
from lib.encryption import BOTH, encrypt_if
from lib.paths import MOOD_PLAN
from lib.processes import assert_one_plain_line, goal_process
from lib.writers import SENTINEL

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
HUGE = ["1e13", "-1e13", "1000000000001", "99999999999999999999", "0.0000000001"]
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
    # Scientific notation is refused (numbers are read as people write them): "1e-400", which
    # Python read as 0, is covered by tests/unit/test_text.py; tiny values are typed in full.
    for value in ("1000000000000", "-1000000000000", "0.000001", "-0", "999999999999.999999"):
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

# Control characters are refused at every door (core/limits.py): nothing stored can steer a
# terminal, and everything stored exports and imports again.
CONTROL_TEXT = {
    "ansi clear screen": "\x1b[2J\x1b[Hgone",
    "osc title": "\x1b]0;owned\x07title",
    "c1 csi": "\x9b31mred",
    "bell backspace cr": "ring\x07\x08\x08\rover",
    "nul": "before\x00after",
}
# Everything else is stored exactly and shown as typed (escaped where it could reorder text).
ODD_TEXT = {
    "rich markup": "[bold red]x[/] [link=http://evil]click[/link]",
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

    for args in (
        ("report",),
        ("report", "--format", "markdown"),
        ("report", "--format", "html"),
        ("list",),
    ):
        shown = planned_fast(*args)
        assert shown.exit_code == 0, shown.output
        for raw in ("\x1b", "\x9b", "\x00", "\x07", "\x08", "\r"):
            assert raw not in shown.stdout, (args, repr(raw))
    table = planned_fast("report").stdout
    if case == "rich markup":
        assert "[bold red]x[/]" in table  # never interpreted as markup
    if case == "right to left":
        assert "\\u202eevil" in table  # shown as a visible escape
    if case == "emoji":
        assert "🙂 walked" in table


@pytest.mark.parametrize("case", list(CONTROL_TEXT))
def test_control_characters_are_refused_at_every_text_option(
    planned_fast: Run, db_path: Path, case: str
) -> None:
    text = f"{CONTROL_TEXT[case]} {SENTINEL}"
    before = dump(db_path)
    for args in (
        ("log", "1", "--value", "12", "--note", text),
        ("review", "1", "--gbo", "5", "--note", text),
        ("review", "1", "--gbo", "5", "--next-step", text),
        ("edit", "1", "--title", text),
        ("edit", "1", "--specific", text),
        ("step", "add", "1", text),
        ("drop", "2", "--reason", text),
    ):
        result = planned_fast(*args)
        _refused_plainly(result)
        assert "control character" in result.stderr or "NUL" in result.stderr, result.stderr
        assert SENTINEL not in result.stderr
    assert dump(db_path) == before


def test_review_note_and_next_step_are_stored_exactly(planned_fast: Run, db_path: Path) -> None:
    for case, text in ODD_TEXT.items():
        if "\n" in text:  # a next step is one line
            continue
        result = planned_fast("review", "1", "--gbo", "5", "--note", text, "--next-step", text)
        assert result.exit_code == 0, (case, result.output)
        assert "\x1b" not in result.stdout
        assert rows(db_path, "SELECT note FROM review") == [(text,)]
        assert rows(db_path, "SELECT text FROM step ORDER BY id DESC LIMIT 1") == [(text,)]


def test_a_note_at_its_limit_is_kept_whole(planned_fast: Run, db_path: Path) -> None:
    text = ("Ünïcødé 🙂 " * 10_000)[: limits.NOTE.length].strip()
    assert len(text) > limits.NOTE.length - 10
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
    title = "[bold]x[/] <b>evil</b> 🙂 '); DROP TABLE goal;--"
    escaped = json.dumps(title, ensure_ascii=False)  # TOML takes JSON's \u001b escapes
    # A bidi override in a title is refused (a title is a name: issue 24), nothing written.
    hidden = tmp_path / "hidden.toml"
    overridden = json.dumps(title + " \u202eevil", ensure_ascii=False)
    hidden.write_text(_replace("title =", f"title = {overridden}"), encoding="utf-8")
    refused = goal("intake", "--answers", str(hidden))
    assert refused.exit_code == 2 and "invisible character" in refused.stderr, refused.output
    assert not db_path.exists()
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
        assert abs(value) <= limits.LARGEST_NUMBER


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
    from goalcli.core.progress.levels import progress

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
    # Mood, value, no steps, no pleasure or mastery, then the note: bad bytes, asked again.
    answers = b"7\n12\n\n\n\n\xff\xfe note\nplain note\n\n"
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


# --- the goal commands (issue 4): edit, status, steps, profiles --------------------------------

PAST = ["yesterday", "2026-11-20", "3 days ago"]
GOAL_OPTIONS: dict[str, tuple[tuple[str, ...], list[str]]] = {
    "edit --target": (("edit", "1", "--target"), [*NOT_NUMBERS, *NOT_FINITE, *HUGE, "5", "5.0"]),
    "edit --confidence": (("edit", "1", "--confidence"), [*NOT_WHOLE, "-1", "11", "100"]),
    "edit --target-date": (("edit", "1", "--target-date"), [*BAD_DATES, *PAST]),
    "edit --frequency": (("edit", "1", "--frequency"), ["", "sometimes", "0 per week", "1e309"]),
    "step add --due": (("step", "add", "1", "Call Sam", "--due"), [*BAD_DATES, *PAST]),
    "step done --date": (("step", "done", "1", "1", "--date"), [*BAD_DATES, "tomorrow"]),
    "step done N": (("step", "done", "--", "1"), [*NOT_WHOLE, "0", "-1", "10000", "1000000000"]),
    "step undo N": (("step", "undo", "--", "1"), [*NOT_WHOLE, "0", "-1", "10000", "1000000000"]),
}
ODD_GOALS = ["0", "-1", "²", "①", "٣", "9" * 5000, "1" * 19, "\x1b[2J", "", "no such goal"]


@pytest.mark.parametrize("option", list(GOAL_OPTIONS))
def test_odd_values_for_goal_commands_are_refused_and_write_nothing(
    planned_fast: Run, db_path: Path, option: str
) -> None:
    args, values = GOAL_OPTIONS[option]
    before = dump(db_path)
    for text in values:
        result = planned_fast(*args, text)
        _refused_plainly(result)
        assert result.stdout == "", (text, result.stdout)
    assert dump(db_path) == before


@pytest.mark.parametrize(
    "command",
    [("edit", "--target", "7", "--", "{}"), ("done", "--", "{}"), ("drop", "--", "{}"),
     ("delete", "--yes", "--", "{}"), ("step", "add", "--", "{}", "x"),
     ("step", "done", "--", "{}", "1"), ("show", "--", "{}")],
    ids=lambda command: " ".join(command[:2]),
)  # fmt: skip
def test_odd_goal_references_are_refused(
    planned_fast: Run, db_path: Path, command: tuple[str, ...]
) -> None:
    before = dump(db_path)
    for reference in ODD_GOALS:
        result = planned_fast(*(reference if arg == "{}" else arg for arg in command))
        _refused_plainly(result)
        assert "\x1b" not in result.stderr
    assert dump(db_path) == before


ODD_PROFILES = ["../x", "/etc/x", "a/b", "..", ".", "a\x00b", "a" * 65, "ａｌｉｃｅ", "аlice",
                "alice\u202e", "alice\u200b", "x\\y", "~", "-rf", "CON/x"]  # fmt: skip


@pytest.mark.parametrize("command", [("log", "1", "--value", "3"), ("profiles",), ("backup",)])
def test_odd_profile_names_are_refused_and_create_nothing(
    goal: Run, tmp_path: Path, command: tuple[str, ...]
) -> None:
    for name in ODD_PROFILES:
        result = goal("--profile", name, *command)
        _refused_plainly(result)
        assert "\x00" not in result.stderr
        if "\x00" not in name:  # an environment variable can't hold NUL
            environment = goal(*command, env={"GOALCLI_PROFILE": name, "GOALCLI_DB": ""})
            _refused_plainly(environment)
    assert not (tmp_path / "xdg").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"] or not any(tmp_path.iterdir())


# --- import files ------------------------------------------------------------------------------

EXPORT = Path(__file__).resolve().parents[1] / "data" / "sentinel-export.json"
EXPORT_TEXT = EXPORT.read_text(encoding="utf-8")

IMPORTS: dict[str, str | bytes] = {
    "empty": "",
    "truncated": EXPORT_TEXT[: len(EXPORT_TEXT) // 2],
    "one brace": "{",
    "nested lists 10k deep": "[" * 10_000 + "]" * 10_000,
    "nested objects 10k deep": '{"a":' * 10_000 + "1" + "}" * 10_000,
    "deep inside a note": EXPORT_TEXT.replace('"note": "', '"note": ' + "[" * 10_000, 1),
    "not UTF-8": EXPORT_TEXT.encode("utf-8").replace(b"felt low", b"felt \xff\xfe low"),
    "UTF-16": EXPORT_TEXT.encode("utf-16"),
    "NaN literal": EXPORT_TEXT.replace('"value": 4', '"value": NaN', 1),
    "Infinity literal": EXPORT_TEXT.replace('"value": 4', '"value": -Infinity', 1),
    "1e400": EXPORT_TEXT.replace('"value": 4', '"value": 1e400', 1),
    "duplicate key": EXPORT_TEXT.replace('"value": 4', '"value": 4, "value": 5', 1),
    "a list": "[]",
    "a number": "5",
    "a string": '"goalcli-export"',
    "null": "null",
    "another format": EXPORT_TEXT.replace('"goalcli-export"', '"other"', 1),
    "a newer version": EXPORT_TEXT.replace('"version": 1', '"version": 2', 1),
    "a newer schema": re.sub(r'"schema_version": \d+', '"schema_version": 999', EXPORT_TEXT),
    "binary": bytes(range(256)) * 64,
}


def _write(path: Path, contents: str | bytes) -> Path:
    if isinstance(contents, bytes):
        path.write_bytes(contents)
    else:
        path.write_text(contents, encoding="utf-8")
    return path


@pytest.mark.parametrize("replace", [False, True], ids=["merge", "replace"])
def test_bad_import_files_are_refused_and_change_nothing(
    planned_fast: Run, db_path: Path, tmp_path: Path, replace: bool
) -> None:
    before = dump(db_path)
    flags = ("--replace", "--yes") if replace else ()
    for case, contents in IMPORTS.items():
        path = _write(tmp_path / "import.json", contents)
        result = planned_fast("import", *flags, str(path))
        assert result.exit_code in (1, 2), (case, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), case
        assert_one_plain_line(result.stderr)
        assert SENTINEL not in result.stderr, case
        assert dump(db_path) == before, case
    assert not (db_path.parent / "backups").exists()  # refused before any safety backup


def test_a_huge_or_endless_import_file_is_refused_without_reading_it(
    planned_fast: Run, db_path: Path, tmp_path: Path
) -> None:
    from goalcli.commands.import_ import MAX_IMPORT_BYTES

    before = dump(db_path)
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:  # sparse: costs no disk
        handle.truncate(MAX_IMPORT_BYTES + 1)
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    for path in (huge, fifo, Path("/dev/zero")):
        result = goal_process("import", str(path), timeout=20)  # a FIFO would block for ever
        assert result.returncode == 2, (path, result.stderr)
        assert_one_plain_line(result.stderr)
    assert dump(db_path) == before


def _leaves(value: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, (*path, key))]
    if isinstance(value, list):
        return [leaf for index, item in enumerate(value) for leaf in _leaves(item, (*path, index))]
    return [path]


def _set(document: object, path: tuple[object, ...], value: object) -> object:
    import copy

    changed = copy.deepcopy(document)
    here = changed
    for key in path[:-1]:
        here = here[key]  # type: ignore[index]
    here[path[-1]] = value  # type: ignore[index]
    return changed


def test_a_wrong_type_anywhere_in_an_import_is_refused_by_name() -> None:
    """Every field of a real export, in turn, as a list, an object, a boolean and (where a value
    is required) null: validate names it, and raises nothing but InputError."""
    from goalcli.core import export_format as export_format
    from goalcli.storage.migrations import schema_version

    document = json.loads(EXPORT_TEXT)
    export_format.validate(document, current_schema=schema_version())  # the file itself is fine
    optional = {"note", "due_on", "done_on", "support_contact", "intake", "old_value",
                "new_value", "reason", "helped", "hindered", "next_step", "gas", "gbo",
                "weight", "value", "target_date", "exported_at"}  # fmt: skip
    checked = 0
    for path in _leaves(document):
        for wrong in ([], {}, True, *(() if path[-1] in optional else (None,))):
            try:
                export_format.validate(_set(document, path, wrong), current_schema=schema_version())
            except InputError as error:
                assert "\x1b" not in error.message and SENTINEL not in error.message
                checked += 1
            else:
                pytest.fail(f"{path} = {wrong!r} was accepted")
    assert checked > 100


# --- restore files -----------------------------------------------------------------------------


@BOTH
def test_bad_restore_files_are_refused_and_change_nothing(
    planned_fast: Run, db_path: Path, tmp_path: Path, encryption: str | None
) -> None:
    import sqlite3

    from lib.writers import SENTINEL_BACKUP

    encrypt_if(encryption, db_path)

    backup = Path(SENTINEL_BACKUP).read_bytes()
    foreign = tmp_path / "foreign.db"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    newer = bytearray(backup)
    newer[60:64] = (999).to_bytes(4, "big")  # user_version: a goalcli from the future
    cases: dict[str, bytes] = {
        "text": b"my notes, not a database\n",
        "empty": b"",
        "header only": backup[:100],
        "first page": backup[:4096],
        "truncated half": backup[: len(backup) // 2],
        "foreign": foreign.read_bytes(),
        "newer": bytes(newer),
        "export JSON": EXPORT_TEXT.encode(),
        # Whole pages of noise look like an encrypted database until a passphrase fails.
        "random pages": os.urandom(4 * 4096),
    }
    before = dump(db_path)
    for case, contents in cases.items():
        path = tmp_path / f"{case}.db"
        path.write_bytes(contents)
        result = planned_fast("restore", "--yes", str(path))
        assert result.exit_code in (1, 2), (case, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), case
        assert_one_plain_line(result.stderr)
        assert dump(db_path) == before, case
        assert sorted(p.name for p in db_path.parent.iterdir()) == ["goals.db"], case


# --- odd text through the goal commands --------------------------------------------------------

GOAL_TEXT_CASES = {k: v for k, v in ODD_TEXT.items() if "\n" not in v and not v.isspace()}


def _exported(goal: Run) -> dict[str, object]:
    result = goal("export")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("case", list(GOAL_TEXT_CASES))
def test_odd_text_in_goal_commands_is_stored_exactly_and_shown_neutralised(
    planned_fast: Run, case: str
) -> None:
    text = GOAL_TEXT_CASES[case].strip()
    # A title is a name: one holding an invisible character (a bidi override) is refused, as
    # it would look like another title (issue 24); the other texts keep it as typed.
    named = limits.text_problem(text, limits.FIELD_LIMITS["title"]) is None
    if not named:
        refused = planned_fast("edit", "1", "--title", text)
        assert refused.exit_code == 2 and "invisible character" in refused.stderr, refused.output
    title = ("--title", text) if named else ()
    for args in (
        ("edit", "1", *title, "--specific", text, "--relevant", text, "--unit", text),
        ("step", "add", "1", text),
        ("drop", "2", "--reason", text),
    ):
        result = planned_fast(*args)
        assert result.exit_code == 0, (args, result.output)
        assert "\x1b" not in result.stdout and "\x9b" not in result.stdout

    document = _exported(planned_fast)
    first, second = document["goals"]  # type: ignore[index]
    kept = ("title", "specific", "relevant", "unit") if named else ("specific", "relevant", "unit")
    assert [first[k] for k in kept] == [text] * len(kept)
    assert first["steps"][-1]["text"] == text
    assert second["changes"][-1]["reason"] == text

    for args in (("show", "1"), ("show", "2"), ("step", "list", "1"), ("report", "--all"),
                 ("report", "--all", "--format", "markdown"),
                 ("report", "--all", "--format", "html"), ("list", "--all")):  # fmt: skip
        shown = planned_fast(*args)
        assert shown.exit_code == 0, (args, shown.output)
        for raw in ("\x1b", "\x9b", "\x00", "\x07", "\x08", "\r"):
            assert raw not in shown.stdout, (args, repr(raw))
    if case == "rich markup":
        assert "[bold red]x[/]" in planned_fast("show", "1").stdout
    if case == "emoji":
        assert "🙂 walked" in planned_fast("step", "list", "1").stdout


def test_long_text_in_goal_commands_is_kept_to_its_limit_and_never_quoted(
    planned_fast: Run, db_path: Path
) -> None:
    line = ("Ünïcødé 🙂 " * 300)[: limits.LINE.length]
    longest = ("Ünïcødé 🙂 " * 300)[: limits.PARAGRAPH.length]
    assert planned_fast("step", "add", "1", line).exit_code == 0
    assert planned_fast("drop", "2", "--reason", longest).exit_code == 0
    document = _exported(planned_fast)
    assert document["goals"][0]["steps"][-1]["text"] == line.strip()  # type: ignore[index]
    assert document["goals"][1]["changes"][-1]["reason"] == longest.strip()  # type: ignore[index]

    before = dump(db_path)
    huge = SENTINEL + "x" * 100_000
    for args in (("edit", "1", "--title", huge), ("step", "add", "1", huge),
                 ("resume", "2"), ("drop", "2", "--reason", huge)):  # fmt: skip
        result = planned_fast(*args)
        if args[0] == "resume":
            assert result.exit_code == 0
            before = dump(db_path)
            continue
        _refused_plainly(result)
        assert SENTINEL not in result.stderr
    assert dump(db_path) == before
