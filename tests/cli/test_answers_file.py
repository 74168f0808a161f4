"""The answers file is strict (issue 11): an unknown key is refused at every level with the
closest known one, a byte-order mark is read, and a time where a date belongs is explained."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from lib.answers import answers_toml, walk_outside
from lib.writers import SENTINEL

# Every test here runs on SQLite and on PostgreSQL (lib/postgres.py): the same results.
pytestmark = pytest.mark.usefixtures("engine")

Run = Callable[..., Result]
GOAL = walk_outside(target_date="2027-02-26", first_step_on="tomorrow")
PLAN = answers_toml("2026-11-26", GOAL)


def refused(goal: Run, tmp_path: Path, text: str, *, encoding: str = "utf-8") -> str:
    path = tmp_path / "plan.toml"
    path.write_bytes(text.encode(encoding))
    result = goal("intake", "--answers", str(path))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert not (tmp_path / "data" / "goals.db").exists()  # nothing written, nothing created
    return result.output


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # [intake]: a misspelt optional key would leave the safety note naming nobody.
        (
            lambda plan: plan.replace("motivations =", 'suport_contact = "Sam"\nmotivations ='),
            "intake: the key 'suport_contact' is not one goalcli knows; "
            "did you mean 'support_contact'?",
        ),
        # [[goals]]: a misspelt frequency would store a weekly goal as daily.
        (
            lambda plan: plan.replace("first_step = 1", 'first_step = 1\nfrequncy = "weekly"'),
            "goals[1]: the key 'frequncy' is not one goalcli knows; did you mean 'frequency'?",
        ),
        # Top level.
        (
            lambda plan: (
                "strat_date = 2026-11-20\n" + plan.replace('start_date = "2026-11-26"', "")
            ),
            "The key 'strat_date' is not one goalcli knows; did you mean 'start_date'?",
        ),
        # A known key under the wrong table says where it belongs.
        (
            lambda plan: plan.replace('start_date = "2026-11-26"', "").replace(
                "motivations =", 'start_date = "2026-11-20"\nmotivations ='
            ),
            "intake: the key 'start_date' is not one goalcli knows here; "
            "'start_date' belongs at the top of the file, before [intake].",
        ),
        # Nested: a table inside [intake], and one inside a goal.
        (
            lambda plan: plan + '\n[intake.extra]\nnote = "x"\n',
            "intake: the key 'extra' is not one goalcli knows",
        ),
        (
            lambda plan: plan.replace("first_step = 1", "first_step = 1\n[goals.steps_detail]"),
            "goals[1]: the key 'steps_detail' is not one goalcli knows",
        ),
        # No close match: the keys it knows.
        (
            lambda plan: plan.replace("first_step = 1", "first_step = 1\nmood = 3"),
            "goals[1]: the key 'mood' is not one goalcli knows; the keys here are title,",
        ),
    ],
    ids=["intake", "goal", "top", "misplaced", "nested-intake", "nested-goal", "no-match"],
)
def test_unknown_keys_are_refused_naming_the_closest(
    goal: Run, tmp_path: Path, change: Callable[[str], str], expected: str
) -> None:
    assert expected in refused(goal, tmp_path, change(PLAN))


def test_an_unknown_key_is_quoted_short(goal: Run, tmp_path: Path) -> None:
    key = f"my_private_words_about_my_mother_{SENTINEL}"
    output = refused(goal, tmp_path, PLAN.replace("motivations =", f"{key} = 1\nmotivations ="))
    assert "'my_private_words_about_my_mother_SENTINE...'" in output
    assert SENTINEL not in output


def test_a_byte_order_mark_is_read(goal: Run, tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(PLAN.encode("utf-8-sig"))
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    result = goal("intake", "--answers", str(path))
    assert result.exit_code == 0, result.output
    assert "Saved goal 1" in result.output


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "2027-02-26T10:00:00",
            "goals[1].target_date must be a day, without a time of day: write 2027-02-26.",
        ),
        (
            "2027-02-26 10:00:00+01:00",
            "goals[1].target_date must be a day, without a time of day: write 2027-02-26.",
        ),
        (
            "10:30:00",
            'goals[1].target_date must be a day such as 2027-02-26 or "in 3 months", '
            "not a time of day.",
        ),
    ],
)
def test_a_time_where_a_date_belongs_is_explained(
    goal: Run, tmp_path: Path, value: str, expected: str
) -> None:
    text = PLAN.replace('target_date = "2027-02-26"', f"target_date = {value}")
    assert f"goal: {expected}" in refused(goal, tmp_path, text)


# Every field of an answers file, given a private sentence of the wrong kind or out of bounds:
# the message names the field and quotes at most a short piece of the sentence.
LONG = f"I told my sister everything about the night shifts {SENTINEL}"
FIELD_LINES = [
    ("therapy_type", "intake"),
    ("expectations", "intake"),
    ("support_contact", "intake"),
    ("title", "goal"),
    ("specific", "goal"),
    ("measure", "goal"),
    ("unit", "goal"),
    ("relevant", "goal"),
    ("baseline", "goal"),
    ("target", "goal"),
    ("confidence", "goal"),
    ("target_date", "goal"),
    ("first_step", "goal"),
    ("first_step_on", "goal"),
    ("frequency", "goal"),
    ("template", "goal"),
    ("steps", "goal"),
    ("start_date", "top"),
]


def _with(field: str, where: str, value: str) -> str:
    line = f"{field} = {value}\n"
    plan = PLAN
    for existing in plan.splitlines():
        if existing.startswith(f"{field} ="):
            return plan.replace(existing + "\n", line)
    if where == "intake":
        return plan.replace("[intake]\n", "[intake]\n" + line)
    if where == "goal":
        return plan.replace("[[goals]]\n", "[[goals]]\n" + line)
    return line + plan


@pytest.mark.parametrize(("field", "where"), FIELD_LINES, ids=[field for field, _ in FIELD_LINES])
@pytest.mark.parametrize(
    "value",
    [
        f'"{LONG}"',  # text, where text may not be what the field takes
        f'"""{LONG}\n{LONG}\u0007"""',  # a control character in a long text
        f'"{LONG * 60}"',  # far too long
        f'["{LONG}"]',  # a list
        f'{{ said = "{LONG}" }}',  # a table
    ],
    ids=["text", "control", "long", "list", "table"],
)
def test_refused_fields_quote_short(
    goal: Run, tmp_path: Path, field: str, where: str, value: str
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(_with(field, where, value), encoding="utf-8")
    result = goal("intake", "--answers", str(path))
    if result.exit_code == 0:  # a text field took the sentence as the answer it is
        return
    assert result.exit_code == 2, result.output
    assert SENTINEL not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
