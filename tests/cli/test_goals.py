"""Living with goals: `goal show`, `goal edit`, status changes, `goal delete` and `goal step`.

Today is 2026-11-26 (a Thursday). Every refusal must exit 2 and leave the database exactly as
it was, which `dump` (SQLite's own iterdump of the file) checks byte for byte.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from goalcli import prompts
from goalcli.errors import InputError
from goalcli.storage import goals as goal_store
from goalcli.storage.database import Database, open_database
from lib.answers import answers_toml, fewer_panics, intake_from, walk_outside, walk_the_dog
from lib.database import rows
from lib.snapshots import Snapshot

pytestmark = pytest.mark.usefixtures("engine")

Run = Callable[..., Result]

# Goals 1 "Walk outside" (0 → 30 minutes) and 2 "Walk the dog" share the prefix "walk";
# 3 "Fewer panic episodes" goes down (6 → 1). All started 2026-11-01.
# `goal step list --format json`: a step nobody rated (behavioural activation, issue 28).
UNRATED = {"expected_pleasure": None, "pleasure": None, "mastery": None}
PLAN = answers_toml(
    "2026-11-01",
    walk_outside(target_date="2027-02-26", first_step_on="2026-11-02"),
    walk_the_dog(first_step_on="2026-11-02"),
    fewer_panics(first_step_on="2026-11-02", frequency="3 per week"),
)


@pytest.fixture
def plan(goal: Run, tmp_path: Path, snapshot: Snapshot) -> Run:
    snapshot("test_goals.plan", lambda: intake_from(goal, tmp_path, PLAN))
    return goal


@pytest.fixture
def tty(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Pretend standard input is a terminal (CliRunner's never is)."""
    monkeypatch.setattr(prompts, "stdin_is_terminal", lambda: True)
    yield


def dump(db_path: Path) -> str:
    connection = sqlite3.connect(db_path)
    try:
        return "\n".join(connection.iterdump())
    finally:
        connection.close()


def changes(db_path: Path, goal_id: int) -> list[tuple[Any, ...]]:
    return rows(
        db_path,
        # A logged check-in is a change only undo reads (issue 24): these tests follow the plan's.
        "SELECT day, field, old_value, new_value, reason FROM goal_change WHERE goal_id = ? "
        "AND field NOT IN ('checkin_logged', 'mood_logged') ORDER BY id",
        goal_id,
    )


def shown(goal: Run, reference: str) -> dict[str, Any]:
    result = goal("show", reference, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def report(goal: Run, *args: str) -> dict[str, Any]:
    result = goal("report", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def flat(text: str) -> str:
    return " ".join(text.split())


def refused(goal: Run, db_path: Path, *args: str, input: str | None = None) -> Result:
    """Run a command that must be refused with exit 2, changing nothing."""
    before = dump(db_path)
    result = goal(*args, input=input)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("goal: ")
    assert "Traceback" not in result.output
    assert dump(db_path) == before
    return result


# --- goal show ------------------------------------------------------------------------------


def test_show_json_has_every_part_of_the_goal(plan: Run) -> None:
    plan("log", "fewer", "--value", "4", "--note", "Breathed through it", "--date", "yesterday")
    plan("step", "done", "fewer", "1", "--date", "2026-11-20")

    document = shown(plan, "fewer")

    assert document["id"] == 3
    assert document["goal_status"] == "active"
    assert (document["baseline"], document["target"], document["unit"]) == (6, 1, "episodes")
    assert document["specific"] == "Use the breathing exercise when panic starts"
    assert document["measure"] == "panic episodes per week"
    assert document["relevant"] == "I want to go to the shops again"
    assert (document["confidence"], document["frequency"]) == (5, "3 per week")
    assert (document["start_date"], document["target_date"]) == ("2026-11-01", "2027-01-08")
    assert document["steps"] == [
        {"position": 1, "text": "Learn box breathing", "due": "2026-11-02", "done": "2026-11-20"},
        {"position": 2, "text": "Practise it daily", "due": None, "done": None},
    ]
    assert document["recent_checkins"] == [
        {"date": "2026-11-25", "value": 4, "note": "Breathed through it"}
    ]
    standing = document["standing"]
    assert standing["current"] == 4
    assert standing["progress"] == 0.4  # (4 − 6) / (1 − 6)
    assert standing["direction"] == "decrease"
    assert standing["steps_done"] == 1
    # Ticking a step off is a change the person made, so it is in the history.
    assert [(c["date"], c["field"], c["new"]) for c in document["changes"]] == [
        ("2026-11-20", "step_done", "Learn box breathing")
    ]
    assert document["changes"][0]["text"] == "step “Learn box breathing” done on 2026-11-20"


def test_show_lists_only_the_latest_ten_checkins_newest_first(plan: Run) -> None:
    for day in range(10, 22):  # twelve check-ins, 2026-11-10 .. 2026-11-21
        result = plan("log", "1", "--value", str(day), "--date", f"2026-11-{day}")
        assert result.exit_code == 0, result.output

    document = shown(plan, "1")

    dates = [checkin["date"] for checkin in document["recent_checkins"]]
    assert dates == [f"2026-11-{day}" for day in range(21, 11, -1)]
    assert document["standing"]["checkins"] == 12  # the standing still counts them all


def test_show_table_prints_user_text_literally(plan: Run) -> None:
    # A bidi override is refused in a title (a name: issue 24); a note keeps it, shown escaped.
    assert plan("edit", "1", "--title", "Walk [bold]out[/bold]").exit_code == 0
    plan("log", "1", "--value", "5", "--note", "[red]rain[/red] \u202e")

    result = plan("show", "1")

    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "Walk [bold]out[/bold]" in out
    assert "[red]rain[/red] \\u202e" in out
    assert "\u202e" not in result.stdout
    assert "Put shoes by the door" in out
    assert "0 → 5 → 30 minutes" in out
    assert "confidence 7/10" in out
    assert "Title changed from “Walk outside” to “Walk [bold]out[/bold]” on 2026-11-26" in out


def test_show_refuses_unknown_and_ambiguous_goals(plan: Run, db_path: Path) -> None:
    unknown = refused(plan, db_path, "show", "swim")
    assert "'swim'" in unknown.stderr
    ambiguous = refused(plan, db_path, "show", "walk")
    assert "1, 2" in ambiguous.stderr
    assert "Walk outside" not in ambiguous.stderr
    assert "Walk the dog" not in ambiguous.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["show", "1"],
        ["edit", "1", "--target", "5"],
        ["pause", "1"],
        ["delete", "1", "--yes"],
        ["step", "list", "1"],
        ["step", "add", "1", "Stretch"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_without_a_database_commands_say_so_and_create_nothing(
    goal: Run, db_path: Path, args: list[str]
) -> None:
    result = goal(*args)

    assert result.exit_code == 1
    assert "goal intake" in result.stderr
    assert not db_path.exists()


# --- goal edit ------------------------------------------------------------------------------


def test_edit_records_each_changed_part(plan: Run, db_path: Path) -> None:
    result = plan(
        "edit", "fewer", "--target", "2", "--target-date", "in 3 months", "--confidence", "6",
        "--frequency", "daily", "--title", "Fewer panics", "--specific", "Box breathing at 4-4-4",
        "--measure", "panic episodes a week", "--unit", "panics", "--relevant", "The shops",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "Saved 9 changes to goal 3" in out
    assert "Target raised from 1 to 2 on 2026-11-26." in out
    assert changes(db_path, 3) == [
        ("2026-11-26", "title", "Fewer panic episodes", "Fewer panics", None),
        ("2026-11-26", "specific", "Use the breathing exercise when panic starts",
         "Box breathing at 4-4-4", None),
        ("2026-11-26", "measure", "panic episodes per week", "panic episodes a week", None),
        ("2026-11-26", "unit", "episodes", "panics", None),
        ("2026-11-26", "target", "1", "2", None),
        ("2026-11-26", "target_date", "2027-01-08", "2027-02-26", None),
        ("2026-11-26", "relevant", "I want to go to the shops again", "The shops", None),
        ("2026-11-26", "confidence", "5", "6", None),
        ("2026-11-26", "frequency", "3 per week", "daily", None),
    ]  # fmt: skip
    assert all(stamp for (stamp,) in rows(db_path, "SELECT created_at FROM goal_change"))
    document = shown(plan, "3")
    assert (document["title"], document["target"], document["target_date"]) == (
        "Fewer panics",
        2,
        "2027-02-26",
    )
    assert (document["confidence"], document["frequency"], document["unit"]) == (
        6,
        "daily",
        "panics",
    )


def test_edit_records_only_what_changed(plan: Run, db_path: Path) -> None:
    result = plan("edit", "1", "--target", "30", "--confidence", "9", "--unit", "minutes")

    assert result.exit_code == 0, result.output
    assert changes(db_path, 1) == [("2026-11-26", "confidence", "7", "9", None)]


def test_an_edit_that_changes_nothing_says_so(plan: Run, db_path: Path) -> None:
    before = dump(db_path)
    result = plan(
        "edit", "1", "--target", "30.0", "--target-date", "2027-02-26", "--frequency", "every day"
    )

    assert result.exit_code == 0, result.output
    assert "Nothing changed" in result.stdout
    assert dump(db_path) == before


def test_edit_frequency_is_stored_in_its_normal_words(plan: Run, db_path: Path) -> None:
    result = plan("edit", "1", "--frequency", "3 times a week")

    assert result.exit_code == 0, result.output
    assert changes(db_path, 1) == [("2026-11-26", "frequency", "daily", "3 per week", None)]


def test_edit_kind_is_recorded_and_changes_how_the_goal_is_judged(plan: Run, db_path: Path) -> None:
    plan("log", "1", "--value", "10", "--date", "2026-11-25")
    plan("log", "1", "--value", "5")
    result = plan("edit", "1", "--kind", "weekly total")

    assert result.exit_code == 0, result.output
    assert "Measured as a weekly total instead of a reading" in " ".join(result.stdout.split())
    assert changes(db_path, 1) == [("2026-11-26", "kind", "reading", "weekly_total", None)]
    report = json.loads(plan("report", "--format", "json").stdout)
    (walk,) = [entry for entry in report["goals"] if entry["id"] == 1]
    assert (walk["kind"], walk["level"]) == ("weekly_total", 15)  # 10 + 5 over 7 days


EDIT_REFUSED = {
    "bad kind": (["--kind", "daily"], "'daily' is not a kind of measure"),
    "target equals baseline": (["--target", "0"], "same as the starting point"),
    "target not a number": (["--target", "lots"], "'lots'"),
    "target nan": (["--target", "nan"], "'nan'"),
    "confidence 11": (["--confidence", "11"], "0 to 10"),
    "confidence not whole": (["--confidence", "6.5"], "'6.5'"),
    "target date before start": (["--target-date", "2026-10-01"], "2026-10-01"),
    "target date passed": (["--target-date", "2026-11-20"], "has passed"),
    "ambiguous date": (["--target-date", "03/04/2027"], "YYYY-MM-DD"),
    "unreadable date": (["--target-date", "someday"], "'someday'"),
    "empty title": (["--title", "   "], "title"),
    "bad frequency": (["--frequency", "hourly"], "'hourly'"),
    "one good part, one bad": (["--title", "New title", "--confidence", "12"], "0 to 10"),
}


@pytest.mark.parametrize("case", list(EDIT_REFUSED), ids=list(EDIT_REFUSED))
def test_bad_edits_are_refused_and_change_nothing(plan: Run, db_path: Path, case: str) -> None:
    args, words = EDIT_REFUSED[case]

    result = refused(plan, db_path, "edit", "1", *args)

    assert words in result.stderr


def test_edit_refuses_unknown_and_ambiguous_goals(plan: Run, db_path: Path) -> None:
    refused(plan, db_path, "edit", "swim", "--target", "5")
    assert "1, 2" in refused(plan, db_path, "edit", "walk", "--target", "5").stderr


def test_edit_with_no_options_outside_a_terminal_asks_nothing(plan: Run, db_path: Path) -> None:
    result = refused(plan, db_path, "edit", "1", input="Something\n")

    assert "--target" in result.stderr
    assert "Title" not in result.stdout


def test_interactive_edit_keeps_values_on_enter(plan: Run, db_path: Path, tty: None) -> None:
    before = dump(db_path)
    result = plan("edit", "1", input="\n" * 11)  # ten parts, then no GAS guide

    assert result.exit_code == 0, result.output
    assert "Title [Walk outside]" in result.stdout
    assert "Target [30]" in result.stdout
    assert "Target date [2027-02-26]" in result.stdout
    assert "Nothing changed" in result.stdout
    assert dump(db_path) == before


def test_interactive_edit_reasks_bad_answers_and_saves_after_confirming(
    plan: Run, db_path: Path, tty: None
) -> None:
    answers = [
        "",  # title kept
        "",  # specific
        "",  # measure
        "",  # unit
        "0",  # target equal to the baseline: asked again
        "20",
        "2026-10-01",  # before the start: asked again
        "in 4 months",
        "",  # relevant
        "12",  # confidence out of range: asked again
        "8",
        "",  # frequency
        "",  # kind
        "",  # no GAS guide
        "y",
    ]
    result = plan("edit", "walk o", input="\n".join(answers) + "\n")

    assert result.exit_code == 0, result.output
    assert result.stdout.count("Target [30]") == 2
    assert result.stdout.count("Confidence (0-10) [7]") == 2
    assert "2026-10-01" in result.stderr
    out = flat(result.stdout)
    assert "Target lowered from 30 to 20 on 2026-11-26." in out
    assert changes(db_path, 1) == [
        ("2026-11-26", "target", "30", "20", None),
        ("2026-11-26", "target_date", "2027-02-26", "2027-03-26", None),
        ("2026-11-26", "confidence", "7", "8", None),
    ]


def test_interactive_edit_declined_saves_nothing(plan: Run, db_path: Path, tty: None) -> None:
    before = dump(db_path)
    answers = ["New title", "", "", "", "", "", "", "", "", "", "", "n"]
    result = plan("edit", "1", input="\n".join(answers) + "\n")

    assert result.exit_code == 0, result.output
    assert "Nothing was saved." in result.stdout
    assert dump(db_path) == before


def test_interactive_edit_interrupted_saves_nothing(plan: Run, db_path: Path, tty: None) -> None:
    before = dump(db_path)
    result = plan("edit", "1", input="New title\n\n\n")  # then Ctrl-D

    assert result.exit_code == 130
    assert "nothing was saved" in result.stderr.lower()
    assert dump(db_path) == before


def test_report_mentions_changes_in_plain_words(plan: Run) -> None:
    plan("edit", "1", "--target", "20", "--target-date", "2027-03-26")
    plan("edit", "fewer", "--title", "Fewer panics")

    table = flat(plan("report").stdout)
    markdown = plan("report", "--format", "markdown").stdout
    goals = {entry["id"]: entry for entry in report(plan)["goals"]}

    assert "Target lowered from 30 to 20 on 2026-11-26." in table
    assert "Target date moved from 2027-02-26 to 2027-03-26 on 2026-11-26." in table
    assert "- Changed: target lowered from 30 to 20 on 2026-11-26" in markdown
    assert "- Changed: title changed from “Fewer panic episodes” to “Fewer panics”" in markdown
    assert [change["text"] for change in goals[1]["changes"]] == [
        "target lowered from 30 to 20 on 2026-11-26",
        "target date moved from 2027-02-26 to 2027-03-26 on 2026-11-26",
    ]
    assert goals[2]["changes"] == []
    # Existing fields keep their names and meaning: the new target counts.
    assert (goals[1]["target"], goals[1]["target_date"]) == (20, "2027-03-26")


def test_report_since_leaves_out_older_changes(plan: Run, goal: Run) -> None:
    goal("edit", "1", "--target", "20", env={"GOALCLI_TODAY": "2026-11-10"})
    plan("edit", "1", "--target", "25")

    (entry,) = [g for g in report(plan, "--since", "2026-11-20")["goals"] if g["id"] == 1]

    assert [change["new"] for change in entry["changes"]] == ["25"]
    assert len(shown(plan, "1")["changes"]) == 2


def test_report_without_since_mentions_the_last_30_days_of_changes(plan: Run, goal: Run) -> None:
    goal("edit", "1", "--target", "20", env={"GOALCLI_TODAY": "2026-10-27"})  # 31 days ago
    goal("edit", "1", "--target", "22", env={"GOALCLI_TODAY": "2026-10-28"})  # 30 days, inclusive
    plan("edit", "1", "--target", "25")

    (entry,) = [g for g in report(plan)["goals"] if g["id"] == 1]

    assert [change["new"] for change in entry["changes"]] == ["22", "25"]
    assert "lowered from 30 to 20" not in flat(plan("report").stdout)
    assert len(shown(plan, "1")["changes"]) == 3  # show keeps the whole history


# --- status: done, pause, resume, drop ------------------------------------------------------


def test_paused_goal_leaves_the_checkin_and_the_default_report(plan: Run, db_path: Path) -> None:
    result = plan("pause", "walk t")

    assert result.exit_code == 0, result.output
    assert "Goal 2 paused on 2026-11-26." in result.stdout
    assert changes(db_path, 2) == [("2026-11-26", "status", "active", "paused", None)]
    assert [g["id"] for g in report(plan)["goals"]] == [1, 3]
    every = {g["id"]: g["goal_status"] for g in report(plan, "--all")["goals"]}
    assert every == {1: "active", 2: "paused", 3: "active"}
    assert "(paused)" in plan("report", "--all").stdout
    assert "### 2. Walk the dog (paused)" in plan("report", "--all", "--format", "markdown").stdout
    listed = json.loads(plan("list", "--all", "--format", "json").stdout)
    assert [(g["id"], g["status"]) for g in listed] == [(1, "active"), (2, "paused"), (3, "active")]
    assert [g["id"] for g in json.loads(plan("list", "--format", "json").stdout)] == [1, 3]
    # The interactive check-in no longer asks about it.
    check_in = plan("log", input="\n\n\n")
    assert check_in.exit_code == 0, check_in.output
    assert "Walk the dog" not in check_in.stdout
    assert "Fewer panic episodes" in check_in.stdout


def test_logging_a_paused_goal_is_refused(plan: Run, db_path: Path) -> None:
    plan("pause", "2")

    result = refused(plan, db_path, "log", "2", "--value", "3")

    assert "goal resume 2" in result.stderr


def test_resume_brings_a_goal_back(plan: Run, db_path: Path) -> None:
    plan("pause", "2")
    result = plan("resume", "2")

    assert result.exit_code == 0, result.output
    assert "Goal 2 resumed on 2026-11-26." in result.stdout
    assert [g["id"] for g in report(plan)["goals"]] == [1, 2, 3]
    assert plan("log", "2", "--value", "3").exit_code == 0
    assert [c[3] for c in changes(db_path, 2)] == ["paused", "active"]


def test_drop_keeps_the_reason_in_history(plan: Run, db_path: Path) -> None:
    result = plan("drop", "fewer", "--reason", "Not the [b]right[/b] time")

    assert result.exit_code == 0, result.output
    assert changes(db_path, 3) == [
        ("2026-11-26", "status", "active", "dropped", "Not the [b]right[/b] time")
    ]
    out = flat(plan("show", "3").stdout)
    assert "Dropped on 2026-11-26 (reason: Not the [b]right[/b] time)." in out
    assert [g["id"] for g in report(plan)["goals"]] == [1, 2]


def test_done_goal_is_shown_with_all_and_can_be_reopened(plan: Run, db_path: Path) -> None:
    assert plan("done", "1").exit_code == 0
    assert [g["id"] for g in report(plan)["goals"]] == [2, 3]
    assert "(done)" in plan("report", "--all").stdout

    result = plan("resume", "1")

    assert "Goal 1 reopened on 2026-11-26." in result.stdout
    assert [c[2:4] for c in changes(db_path, 1)] == [("active", "done"), ("done", "active")]


TRANSITIONS_REFUSED = {
    "resume an active goal": ([], ["resume", "1"], "active already"),
    "pause a paused goal": (["pause", "1"], ["pause", "1"], "already paused"),
    "done twice": (["done", "1"], ["done", "1"], "already done"),
    "pause a done goal": (["done", "1"], ["pause", "1"], "nothing to pause"),
    "drop a done goal": (["done", "1"], ["drop", "1"], "stays finished"),
    "drop twice": (["drop", "1"], ["drop", "1", "--reason", "again"], "dropped already"),
    "done a dropped goal": (["drop", "1"], ["done", "1"], "goal resume 1"),
    "unknown goal": ([], ["pause", "swim"], "'swim'"),
    "ambiguous goal": ([], ["done", "walk"], "1, 2"),
}


@pytest.mark.parametrize("case", list(TRANSITIONS_REFUSED), ids=list(TRANSITIONS_REFUSED))
def test_nonsense_status_changes_are_refused(plan: Run, db_path: Path, case: str) -> None:
    first, then, words = TRANSITIONS_REFUSED[case]
    if first:
        assert plan(*first).exit_code == 0

    result = refused(plan, db_path, *then)

    assert words in result.stderr


# --- goal delete ----------------------------------------------------------------------------


def _history_for_goal_1(plan: Run) -> None:
    plan("log", "1", "--value", "10", "--note", "Sunny walk", "--done", "1", "--date", "yesterday")
    plan("review", "1", "--gas", "1", "--gbo", "5")
    plan("edit", "1", "--target", "20")
    plan("log", "3", "--value", "4")


def _count(db_path: Path, table: str, goal_id: int) -> int:
    return rows(db_path, f"SELECT count(*) FROM {table} WHERE goal_id = ?", goal_id)[0][0]


TABLES = ("step", "checkin", "review", "goal_change")


def test_delete_with_yes_removes_the_goal_and_everything_under_it(plan: Run, db_path: Path) -> None:
    _history_for_goal_1(plan)
    others = {table: _count(db_path, table, 3) for table in TABLES}

    result = plan("delete", "1", "--yes")

    assert result.exit_code == 0, result.output
    assert "Deleted goal 1" in result.stdout
    assert rows(db_path, "SELECT id FROM goal ORDER BY id") == [(2,), (3,)]
    assert {table: _count(db_path, table, 1) for table in TABLES} == dict.fromkeys(TABLES, 0)
    assert {table: _count(db_path, table, 3) for table in TABLES} == others
    assert others["checkin"] == 1
    assert "Sunny walk" not in dump(db_path)


def test_delete_takes_y_for_yes_like_restore_and_import(plan: Run, db_path: Path) -> None:
    result = plan("delete", "2", "-y")

    assert result.exit_code == 0, result.output
    assert rows(db_path, "SELECT id FROM goal ORDER BY id") == [(1,), (3,)]


def test_delete_after_typing_the_title(plan: Run, db_path: Path, tty: None) -> None:
    _history_for_goal_1(plan)

    result = plan("delete", "walk o", input="Walk outside\n")

    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    # The changes: step 1 done with the check-in, the check-in itself (undo can take it), and
    # the target edit.
    assert "3 steps, 1 check-in, 1 review and 3 recorded changes" in out
    assert "goal export" in out
    assert rows(db_path, "SELECT id FROM goal ORDER BY id") == [(2,), (3,)]


def test_delete_refuses_a_wrong_title(plan: Run, db_path: Path, tty: None) -> None:
    _history_for_goal_1(plan)

    result = refused(plan, db_path, "delete", "1", input="walk outside\n")

    assert "nothing was deleted" in result.stderr
    assert "walk outside" not in result.stderr.lower()


def test_delete_without_a_terminal_or_yes_refuses(plan: Run, db_path: Path) -> None:
    result = refused(plan, db_path, "delete", "1", input="Walk outside\n")

    assert "--yes" in result.stderr
    assert "Type the goal's title" not in result.stdout


def test_delete_interrupted_at_the_prompt_deletes_nothing(
    plan: Run, db_path: Path, tty: None
) -> None:
    before = dump(db_path)
    result = plan("delete", "1", input="")

    assert result.exit_code == 130
    assert dump(db_path) == before


def test_delete_refuses_unknown_and_ambiguous_goals(plan: Run, db_path: Path) -> None:
    refused(plan, db_path, "delete", "swim", "--yes")
    assert "1, 2" in refused(plan, db_path, "delete", "walk", "--yes").stderr


# --- goal step ------------------------------------------------------------------------------


def steps(goal: Run, reference: str) -> list[dict[str, Any]]:
    result = goal("step", "list", reference, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_step_add_done_undo_and_list(plan: Run) -> None:
    added = plan("step", "add", "walk t", "Buy poo bags", "--due", "friday")
    assert added.exit_code == 0, added.output
    assert "Added step 2 to goal 2: Buy poo bags (due 2026-11-27)" in flat(added.stdout)

    done = plan("step", "done", "2", "2", "--date", "monday")
    assert "Step 2 of goal 2 done on 2026-11-23." in done.stdout
    again = plan("step", "done", "2", "2")
    assert "already done on 2026-11-23" in again.stdout
    assert steps(plan, "2") == [
        {"position": 1, "text": "Find the lead", "due": "2026-11-02", "done": None} | UNRATED,
        {"position": 2, "text": "Buy poo bags", "due": "2026-11-27", "done": "2026-11-23"}
        | UNRATED,
    ]
    assert report(plan)["goals"][1]["steps_done"] == 1

    undone = plan("step", "undo", "2", "2")
    assert "open again (it was done 2026-11-23)" in undone.stdout
    assert steps(plan, "2")[1]["done"] is None
    assert "was not done; nothing changed" in plan("step", "undo", "2", "2").stdout

    table = plan("step", "list", "2")
    assert table.exit_code == 0
    assert "Buy poo bags" in table.stdout
    assert "Find the lead" in table.stdout


def test_step_done_defaults_to_today(plan: Run) -> None:
    result = plan("step", "done", "fewer", "2")

    assert result.exit_code == 0, result.output
    assert steps(plan, "3")[1]["done"] == "2026-11-26"


def test_step_text_is_kept_literally(plan: Run) -> None:
    plan("step", "add", "1", "[bold]Stretch[/bold]")

    assert steps(plan, "1")[-1]["text"] == "[bold]Stretch[/bold]"
    assert "[bold]Stretch[/bold]" in plan("step", "list", "1").stdout


STEP_REFUSED = {
    "no such step": (["done", "1", "9"], "no step 9; its steps are 1 to 3"),
    "step zero": (["done", "1", "0"], "1 to"),
    "step not a number": (["undo", "1", "first"], "'first'"),
    "done tomorrow": (["done", "1", "1", "--date", "tomorrow"], "in the future"),
    "done before the start": (["done", "1", "1", "--date", "2026-10-30"], "before goal 1 started"),
    "done on an ambiguous date": (["done", "1", "1", "--date", "03/04/2026"], "YYYY-MM-DD"),
    "due in the past": (["add", "1", "Stretch", "--due", "2026-11-20"], "has passed"),
    "due unreadable": (["add", "1", "Stretch", "--due", "soonish"], "'soonish'"),
    "empty step": (["add", "1", "  "], "step"),
    "unknown goal": (["add", "swim", "Stretch"], "'swim'"),
    "ambiguous goal": (["list", "walk"], "1, 2"),
    "undo unknown step": (["undo", "2", "3"], "no step 3"),
}


@pytest.mark.parametrize("case", list(STEP_REFUSED), ids=list(STEP_REFUSED))
def test_bad_step_commands_are_refused(plan: Run, db_path: Path, case: str) -> None:
    args, words = STEP_REFUSED[case]

    result = refused(plan, db_path, "step", *args)

    assert words in result.stderr


def test_help_stays_light() -> None:
    code = (
        "import sys; from goalcli.cli import app; "
        "heavy = {'sqlmodel', 'sqlalchemy', 'dateutil'} & set(sys.modules); "
        "print(sorted(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# --- storage.goals directly: only real changes are recorded, in the caller's transaction -------

DAY = date(2026, 11, 26)


@pytest.fixture
def database(plan: Run, db_path: Path) -> Iterator[Database]:
    opened = open_database(db_path, create=False)
    assert opened is not None
    yield opened
    opened.close()


def test_store_edit_with_equal_values_records_nothing(database: Database, db_path: Path) -> None:
    with database.write() as session:
        made = goal_store.edit_goal(
            session, 1, {"target": 30.0, "confidence": 7, "title": "Walk outside"}, DAY
        )
    assert made == []
    assert changes(db_path, 1) == []


def test_store_edit_records_what_changed(database: Database, db_path: Path) -> None:
    with database.write() as session:
        made = goal_store.edit_goal(session, 1, {"target": 20.0, "confidence": 7}, DAY)
    assert [change.field for change in made] == ["target"]
    assert changes(db_path, 1) == [("2026-11-26", "target", "30", "20", None)]


def test_store_refusal_inside_a_write_saves_nothing(database: Database, db_path: Path) -> None:
    before = dump(db_path)
    with pytest.raises(InputError), database.write() as session:
        goal_store.edit_goal(session, 1, {"target": 20.0}, DAY)
        goal_store.change_status(session, 1, "resume", DAY)
    assert dump(db_path) == before


def test_store_refuses_fields_that_are_not_editable(database: Database) -> None:
    with pytest.raises(ValueError), database.write() as session:
        goal_store.edit_goal(session, 1, {"status": "done"}, DAY)


def test_a_paused_goal_behind_plan_is_not_a_talking_point(plan: Run) -> None:
    # Goal 1 started 2026-11-01 and has no check-in: behind plan, with step 1 overdue.
    talk = plan("report", "--format", "markdown").stdout.split("## Worth talking about")[1]
    assert "Walk outside is behind plan" in talk
    plan("pause", "1")

    talk = plan("report", "--all", "--format", "markdown").stdout.split("## Worth talking about")[1]

    assert "Walk outside" not in talk
    assert "Walk the dog is behind plan" in talk
