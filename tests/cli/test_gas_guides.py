"""GAS follow-up guides (Kiresuk & Sherman): five descriptions per goal, -2 to +2, through every
door (answers file, intake and `goal add` questions, `goal edit` flags and questions), shown by
`goal review`, `goal show` and the report, kept in the goal's history."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.lib.answers import answers_toml, intake_from, walk_outside
from typer.testing import Result

from goalcli import prompts
from lib.snapshots import Snapshot

# Every test here runs on SQLite and on PostgreSQL (lib/postgres.py): the same results.
pytestmark = pytest.mark.usefixtures("engine")

Run = Callable[..., Result]
NARROW = {"COLUMNS": "80", "NO_COLOR": "1"}
GUIDE = [
    "No walks at all",
    "Walks on 1 or 2 days",
    "Walks on 3 or 4 days",
    "Walks on 5 or 6 days",
    "[b]Walks every day[/b]",  # user text: printed literally, never as markup
]
GUIDE_TOML = "gas_levels = " + json.dumps(GUIDE) + "\n"


def with_guide(goal_table: str, guide: str = GUIDE_TOML) -> str:
    return goal_table + guide


@pytest.fixture
def guided(goal: Run, tmp_path: Path, snapshot: Snapshot) -> Run:
    """Goal 1 has the GAS guide GUIDE; goal 2 has none."""
    walk = walk_outside(target_date="2027-02-26", first_step_on="2026-11-27")
    other = walk.replace('title = "Walk outside"', 'title = "Read"')
    answers = answers_toml("2026-11-20", with_guide(walk), other)
    snapshot("test_gas_guides.guided", lambda: intake_from(goal, tmp_path, answers))
    return goal


@pytest.fixture
def tty(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Pretend standard input is a terminal (CliRunner's never is)."""
    monkeypatch.setattr(prompts, "stdin_is_terminal", lambda: True)
    yield


def shown(goal: Run, reference: str) -> dict[str, Any]:
    result = goal("show", reference, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def report(goal: Run) -> dict[str, Any]:
    result = goal("report", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def changes(goal: Run, reference: str) -> list[tuple[str, str | None, str | None]]:
    return [(c["field"], c["old"], c["new"]) for c in shown(goal, reference)["changes"]]


# --- the answers file --------------------------------------------------------------------------


def test_an_answers_file_guide_is_stored_and_shown(guided: Run) -> None:
    assert shown(guided, "1")["gas_levels"] == GUIDE
    assert shown(guided, "2")["gas_levels"] is None
    goals = {entry["id"]: entry for entry in report(guided)["goals"]}
    assert goals[1]["gas_levels"] == GUIDE
    assert goals[2]["gas_levels"] is None


@pytest.mark.parametrize(
    ("guide", "problem"),
    [
        ('gas_levels = ["a", "b", "c", "d"]\n', "exactly five descriptions, from -2 to +2 (got 4)"),
        ('gas_levels = ["a", "b", "c", "d", "e", "f"]\n', "(got 6)"),
        ('gas_levels = ["a", "b", "", "d", "e"]\n', "GAS level 0 description cannot be left empty"),
        ('gas_levels = ["a", "b", "c", "d", 5]\n', "each description as text"),
        ('gas_levels = "all good"\n', "must be a list of five descriptions"),
        (f'gas_levels = ["a", "b", "c", "d", "{"x" * 201}"]\n', "GAS level +2 description"),
        ('gas_levels = ["a", "b", "c\\nd", "d", "e"]\n', "must be one line"),
    ],
)
def test_a_bad_guide_in_an_answers_file_is_refused(
    goal: Run, tmp_path: Path, db_path: Path, guide: str, problem: str
) -> None:
    walk = walk_outside(target_date="2027-02-26", first_step_on="2026-11-27")
    path = tmp_path / "plan.toml"
    path.write_text(answers_toml("2026-11-20", with_guide(walk, guide)), encoding="utf-8")

    result = goal("intake", "--answers", str(path))

    assert result.exit_code == 2
    assert "goals[1].gas_levels" in result.stderr
    assert problem in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not db_path.exists()


def test_goal_add_answers_file_takes_a_guide(guided: Run, tmp_path: Path) -> None:
    walk = walk_outside(target_date="2027-02-26", first_step_on="2026-11-27")
    more = walk.replace('title = "Walk outside"', 'title = "Swim"')
    path = tmp_path / "more.toml"
    path.write_text(with_guide(more), encoding="utf-8")

    result = guided("add", "--answers", str(path))

    assert result.exit_code == 0, result.output
    assert shown(guided, "swim")["gas_levels"] == GUIDE


# --- the questions -----------------------------------------------------------------------------

# `goal add`'s questions up to the target date (title, start, specific, measure, unit, start
# point, target, frequency, kind, confidence, relevant, target date), then the GAS guide, then
# one step, when, and "Save this goal?".
ADD_BEFORE_GAS = [
    "Swim",
    "today",
    "Swim 20 lengths at the leisure centre on Tuesdays",
    "lengths swum per week",
    "lengths",
    "0",
    "20",
    "weekly",
    "weekly total",
    "7",
    "Swimming clears my head",
    "2027-02-26",
]
ADD_AFTER_GAS = ["Find my goggles", "", "", "tomorrow", "y"]  # its expected pleasure skipped


def _lines(answers: list[str]) -> str:
    return "\n".join(answers) + "\n"


def test_goal_add_asks_for_the_guide_expected_outcome_first(guided: Run) -> None:
    guide = [
        "10 lengths a week",  # 0: the expected outcome, asked first
        "No swimming",  # -2
        "",  # -1 may not be empty once a guide is begun: asked again
        "5 lengths",
        "15 lengths",  # +1
        "20 lengths",  # +2
    ]
    result = guided("add", input=_lines([*ADD_BEFORE_GAS, *guide, *ADD_AFTER_GAS]))

    assert result.exit_code == 0, result.output
    assert "GAS 0: the expected outcome by the next review" in result.stdout
    assert result.stdout.count("GAS -1: somewhat less than expected") == 2
    assert shown(guided, "swim")["gas_levels"] == [
        "No swimming",
        "5 lengths",
        "10 lengths a week",
        "15 lengths",
        "20 lengths",
    ]


def test_goal_add_enter_skips_the_guide(guided: Run) -> None:
    result = guided("add", input=_lines([*ADD_BEFORE_GAS, "", *ADD_AFTER_GAS]))

    assert result.exit_code == 0, result.output
    assert "Enter skips the guide" in result.stdout
    assert shown(guided, "swim")["gas_levels"] is None


# --- goal edit ---------------------------------------------------------------------------------


def test_edit_replaces_one_level_and_records_it(guided: Run) -> None:
    result = guided("edit", "1", "--gas-level", "+1: Walks on 5 days")

    assert result.exit_code == 0, result.output
    assert "GAS level +1 description changed from" in result.stdout
    assert shown(guided, "1")["gas_levels"][3] == "Walks on 5 days"
    assert changes(guided, "1") == [("gas_plus_1", GUIDE[3], "Walks on 5 days")]


def test_edit_gives_a_goal_without_a_guide_all_five_levels(guided: Run) -> None:
    levels = ["-2:None", "-1: One", "0:Two", "+1: Three", "2: Four"]
    result = guided("edit", "2", *[arg for level in levels for arg in ("--gas-level", level)])

    assert result.exit_code == 0, result.output
    assert shown(guided, "2")["gas_levels"] == ["None", "One", "Two", "Three", "Four"]
    recorded = changes(guided, "2")
    assert recorded[0] == ("gas_minus_2", None, "None")  # nothing before: no "None" text
    assert len(recorded) == 5
    assert "GAS level -2 described as “None”" in " ".join(
        change["text"] for change in shown(guided, "2")["changes"]
    )


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (("2", "--gas-level", "0: Two"), "Goal 2 has no GAS guide yet; describe all five"),
        (("1", "--gas-level", "3: x"), "The GAS level must be from -2 to 2 (got 3)"),
        (("1", "--gas-level", "plus one: x"), "is not a whole number"),
        (("1", "--gas-level", "+1 Walks"), "needs a level and its description"),
        (("1", "--gas-level", "+1:  "), "GAS level +1 description cannot be left empty"),
        (("1", "--gas-level", "1:a", "--gas-level", "+1:b"), "--gas-level +1 is given twice"),
        (("1", "--gas-level", "1:" + "x" * 201), "GAS level +1 description"),
    ],
)
def test_edit_refuses_a_bad_level(
    guided: Run, db_path: Path, args: tuple[str, ...], problem: str
) -> None:
    before = shown(guided, "1")
    result = guided("edit", *args)

    assert result.exit_code == 2
    assert problem in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert shown(guided, "1") == before
    assert changes(guided, "2") == []


def test_undo_puts_a_description_back(guided: Run) -> None:
    assert guided("edit", "1", "--gas-level", "0: Walks on 4 days").exit_code == 0
    assert guided("undo", "--yes").exit_code == 0
    assert shown(guided, "1")["gas_levels"] == GUIDE


def test_interactive_edit_keeps_the_guide_on_enter_and_changes_a_level(
    guided: Run, tty: None
) -> None:
    # Ten parts of the goal kept, then the guide's levels: 0 first, then -2, -1, +1, +2.
    answers = [""] * 10 + ["", "", "Walks on 2 days", "", "", "y"]
    result = guided("edit", "1", input=_lines(answers))

    assert result.exit_code == 0, result.output
    assert f"GAS 0: the expected outcome by the next review [{GUIDE[2]}]" in result.stdout
    assert changes(guided, "1") == [("gas_minus_1", GUIDE[1], "Walks on 2 days")]


def test_interactive_edit_can_write_a_first_guide(guided: Run, tty: None) -> None:
    answers = [""] * 10 + ["Two", "None", "One", "Three", "Four", "y"]
    result = guided("edit", "2", input=_lines(answers))

    assert result.exit_code == 0, result.output
    assert shown(guided, "2")["gas_levels"] == ["None", "One", "Two", "Three", "Four"]


# --- review, show, report ----------------------------------------------------------------------


def test_review_shows_the_guide_when_asking_and_the_level_chosen(guided: Run) -> None:
    # Goal 1: GAS +1, then Enter on GBO, helped, hindered, next step; goal 2: all Enter.
    answers = ["+1", "", "", "", ""] + [""] * 5
    result = guided("review", input=_lines(answers), env=NARROW)

    assert result.exit_code == 0, result.output
    out = result.stdout
    asked = out.index("GAS level (-2..+2)")
    assert out.index("The goal's GAS guide:") < asked
    assert out.index("+2  [b]Walks every day[/b]") < asked
    assert out.index("-2  No walks at all") < asked
    assert "GAS +1: Walks on 5 or 6 days" in out[asked:]
    (entry,) = shown(guided, "1")["reviews"]
    assert (entry["gas"], entry["gas_text"]) == (1, "Walks on 5 or 6 days")


def test_review_with_flags_says_what_the_level_given_looks_like(guided: Run) -> None:
    result = guided("review", "1", "--gas", "-2", env=NARROW)

    assert result.exit_code == 0, result.output
    assert "GAS -2: No walks at all" in result.stdout
    result = guided("review", "2", "--gas", "0", env=NARROW)
    assert "GAS 0:" not in result.stdout  # no guide, nothing to quote
    assert shown(guided, "2")["reviews"][0]["gas_text"] is None


def test_show_prints_the_guide_literally(guided: Run) -> None:
    out = guided("show", "1", env=NARROW).stdout
    assert "GAS guide   +2  [b]Walks every day[/b]" in out
    assert "             0  Walks on 3 or 4 days" in out
    assert "GAS guide" not in guided("show", "2", env=NARROW).stdout


def test_the_session_page_shows_the_guide_and_the_level_in_words(guided: Run) -> None:
    assert guided("review", "1", "--gas", "0").exit_code == 0
    out = guided("report", "--format", "markdown").stdout
    assert "- **GAS guide:**" in out
    assert "  - +2: \\[b\\]Walks every day\\[/b\\]" in out
    assert "  - -2: No walks at all" in out
    assert "GAS 0 (Walks on 3 or 4 days)" in out
