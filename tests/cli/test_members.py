"""Couples and families: a profile's members (intake, answers file, `goal profile members`), each
member's own GAS and GBO at a review (`goal review GOAL --member NAME`, or asked in turn), and
the report, session page, caseload and export showing them side by side."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from lib.paths import EXAMPLES
from lib.snapshots import Snapshot

# Every test here runs on SQLite and on PostgreSQL (lib/postgres.py): the same results.
pytestmark = pytest.mark.usefixtures("engine")

Run = Callable[..., Result]
COUPLES = str(EXAMPLES / "couples.toml")
NARROW = {"COLUMNS": "100", "NO_COLOR": "1"}


@pytest.fixture
def couple(goal: Run, snapshot: Snapshot) -> Run:
    """The couples example plan (goals 1 and 2), with members Sam and Alex."""

    def build() -> None:
        result = goal("intake", "--answers", COUPLES, env={"GOALCLI_TODAY": "2026-11-01"})
        assert result.exit_code == 0, result.output
        added = goal("profile", "members", "--add", "Sam", "--add", "Alex")
        assert added.exit_code == 0, added.output

    snapshot("test_members.couple", build)
    return goal


def report(goal: Run) -> dict[str, Any]:
    result = goal("report", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def members(goal: Run) -> list[str]:
    result = goal("profile", "members", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def rate(goal: Run, *args: str) -> Result:
    result = goal("review", *args)
    assert result.exit_code == 0, result.output
    return result


# --- members -----------------------------------------------------------------------------------


def test_members_are_added_listed_and_removed(couple: Run) -> None:
    assert members(couple) == ["Sam", "Alex"]
    listed = couple("profile", "members")
    assert listed.stdout.splitlines() == ["Sam", "Alex"]

    removed = couple("profile", "members", "--remove", "alex")
    assert removed.exit_code == 0, removed.output
    assert "Removed 1 member: Alex" in removed.stdout
    assert members(couple) == ["Sam"]


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (("--add", "sam"), "'sam' is a member already"),
        (("--remove", "Salm"), "'Salm' is not a member of this profile; did you mean 'Sam'?"),
        (("--add", "  "), "member's name cannot be left empty"),
        (("--add", "x" * 61), "member's name"),
    ],
)
def test_bad_member_changes_are_refused(couple: Run, args: tuple[str, ...], problem: str) -> None:
    result = couple("profile", "members", *args)
    assert result.exit_code == 2
    assert problem in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert members(couple) == ["Sam", "Alex"]


def test_an_individual_profile_has_no_members(goal: Run) -> None:
    assert goal("intake", "--answers", str(EXAMPLES / "elevate-mood.toml")).exit_code == 0
    result = goal("profile", "members", "--add", "Sam")
    assert result.exit_code == 2
    assert "Members are for couples and family therapy" in result.stderr
    assert members(goal) == []


def test_the_answers_file_names_the_members(goal: Run, tmp_path: Path) -> None:
    text = (EXAMPLES / "couples.toml").read_text("utf-8")
    text = text.replace(
        'therapy_type = "couples"', 'therapy_type = "couples"\nmembers = ["Sam", "Alex"]'
    )
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")

    assert goal("intake", "--answers", str(path)).exit_code == 0
    assert members(goal) == ["Sam", "Alex"]


@pytest.mark.parametrize(
    ("members_line", "therapy", "problem"),
    [
        ('members = ["Sam", "sam"]', "couples", "intake.members: 'sam' is a member already"),
        ('members = "Sam and Alex"', "couples", "intake.members must be a list of names"),
        ('members = ["Sam"]', "individual", "members are for couples and family therapy"),
    ],
)
def test_bad_members_in_an_answers_file_are_refused(
    goal: Run, tmp_path: Path, members_line: str, therapy: str, problem: str
) -> None:
    text = (EXAMPLES / "couples.toml").read_text("utf-8")
    text = text.replace('therapy_type = "couples"', f'therapy_type = "{therapy}"\n{members_line}')
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")

    result = goal("intake", "--answers", str(path))
    assert result.exit_code == 2
    assert problem in result.stderr


# --- reviews by member -------------------------------------------------------------------------


def test_each_member_rates_and_the_report_shows_them_side_by_side(couple: Run) -> None:
    rate(couple, "1", "--member", "sam", "--gas", "+1", "--gbo", "6")
    rate(couple, "1", "--member", "Alex", "--gas", "-1", "--gbo", "3")
    rate(couple, "2", "--member", "Sam", "--gas", "2", "--gbo", "5")
    rate(couple, "2", "--member", "Alex", "--gas", "2", "--gbo", "5")

    review = report(couple)["review"]
    # Mean levels: goal 1 (1 - 1)/2 = 0, goal 2 2; weights 1: Σwx = 2, Σw² = 2, Σw = 2
    # → 50 + 20/√(1.4 + 1.2) = 62.4. Sam: +1 and +2 → 50 + 30/√2.6 = 68.6; Alex: -1 and +2 → 56.2.
    assert review["gas_t_score"] == round(50 + 20 / math.sqrt(2.6), 1) == 62.4
    assert review["members"] == [
        {"member": "Sam", "gas_t_score": 68.6},
        {"member": "Alex", "gas_t_score": 56.2},
    ]
    assert review["ratings"] == [
        {
            "id": 1,
            "title": "Understand each other's fears",
            "ratings": [
                {"member": "Sam", "gas": 1, "gbo": 6},
                {"member": "Alex", "gas": -1, "gbo": 3},
            ],
            "agreement": "GAS levels differ by 2; GBO ratings differ by 3",
        },
        {
            "id": 2,
            "title": review["ratings"][1]["title"],
            "ratings": [
                {"member": "Sam", "gas": 2, "gbo": 5},
                {"member": "Alex", "gas": 2, "gbo": 5},
            ],
            "agreement": "agree",
        },
    ]
    table = " ".join(couple("report", env=NARROW).stdout.split())  # as read, across wrapped lines
    assert "GAS T-score 62.4 at the mean level; Sam 68.6, Alex 56.2" in table
    assert "Sam: GAS +1, GBO 6 | Alex: GAS -1, GBO 3 (GAS levels differ by 2; GBO" in table
    page = couple("report", "--format", "markdown").stdout
    assert "Sam: GAS +1, GBO 6 \\| Alex: GAS -1, GBO 3" in page
    assert "- **Review 2026-11-26 (Sam):** GAS +1, GBO 6/10" in page


def test_a_member_rating_sits_beside_the_shared_one(couple: Run) -> None:
    rate(couple, "1", "--gas", "0", "--gbo", "4", "--note", "Together")
    rate(couple, "1", "--member", "Sam", "--gas", "1", "--gbo", "6")
    rate(couple, "1", "--member", "Sam", "--gbo", "7")  # the same member again: updated

    shown = json.loads(couple("show", "1", "--format", "json").stdout)
    assert [(r["member"], r["gas"], r["gbo"], r["note"]) for r in shown["reviews"]] == [
        (None, 0, 4, "Together"),
        ("Sam", 1, 7, None),
    ]
    goal_entry = report(couple)["goals"][0]
    assert (goal_entry["gas"], goal_entry["gbo"]) == (0, 4)  # the goal's own: the shared rating
    # Goal 1 was rated by a member: it counts at the members' mean (+1), not the shared 0.
    assert report(couple)["review"]["gas_t_score"] == 60.0


def test_a_members_gbo_change_counts_from_their_own_first_rating(couple: Run) -> None:
    rate(couple, "1", "--member", "Sam", "--gbo", "3", "--date", "2026-11-10")
    rate(couple, "1", "--member", "Alex", "--gbo", "8", "--date", "2026-11-10")
    rate(couple, "1", "--member", "Sam", "--gbo", "6")
    shown = json.loads(couple("show", "1", "--format", "json").stdout)
    changes = [(r["date"], r["member"], r["gbo_change"]) for r in shown["reviews"]]
    assert changes == [
        ("2026-11-10", "Sam", None),
        ("2026-11-10", "Alex", None),
        ("2026-11-26", "Sam", 3),
    ]


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (("1", "--member", "Alix", "--gas", "0"), "did you mean 'Alex'?"),
        (("1", "--member", "Zoe", "--gas", "0"), "the members are Sam, Alex."),
        (("--member", "Sam"), "need a GOAL"),
        (("1", "--member", "Sam"), "Give at least one of --gas"),
    ],
)
def test_an_unknown_member_is_refused(couple: Run, args: tuple[str, ...], problem: str) -> None:
    result = couple("review", *args)
    assert result.exit_code == 2
    assert problem in result.stderr
    assert report(couple)["review"] is None


def test_the_interactive_review_asks_each_member_in_turn(couple: Run) -> None:
    # Goal 1: Sam GAS, GBO; Alex GAS, GBO; helped, hindered, next step. Goal 2: all Enter.
    answers = ["1", "6", "0", "5", "Listening", "", ""] + [""] * 7
    result = couple("review", input="\n".join(answers) + "\n", env=NARROW)

    assert result.exit_code == 0, result.output
    assert "  Sam: GAS level (-2..+2)" in result.stdout
    assert "  Alex: GBO rating (0-10)" in result.stdout
    shown = json.loads(couple("show", "1", "--format", "json").stdout)
    assert [(r["member"], r["gas"], r["gbo"], r["helped"]) for r in shown["reviews"]] == [
        (None, None, None, "Listening"),  # what helped is said together
        ("Sam", 1, 6, None),
        ("Alex", 0, 5, None),
    ]
    assert "Each member's GAS T-score: Sam 60.0, Alex 50.0" in result.stdout


def test_the_caseload_uses_the_mean_level(couple: Run, db_path: Path) -> None:
    """The caseload reads the database files on this machine (db_path: SQLite only)."""
    rate(couple, "1", "--member", "Sam", "--gas", "2")
    rate(couple, "1", "--member", "Alex", "--gas", "0")
    result = couple("caseload", "--format", "json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)["profiles"]
    assert row["gas_t_score"] == 60  # one goal at the mean level +1: 50 + 10·1/√1


def test_members_and_their_ratings_go_out_and_come_back(couple: Run, tmp_path: Path) -> None:
    rate(couple, "1", "--member", "Sam", "--gas", "1", "--gbo", "6")
    rate(couple, "1", "--gas", "0")
    exported = tmp_path / "couple.json"
    assert couple("export", "--output", str(exported)).exit_code == 0
    document = json.loads(exported.read_text("utf-8"))
    assert document["members"] == ["Sam", "Alex"]
    assert [r["member"] for r in document["goals"][0]["reviews"]] == [None, "Sam"]

    replaced = couple("import", str(exported), "--replace", "--yes")
    assert replaced.exit_code == 0, replaced.output
    again = tmp_path / "again.json"
    assert couple("export", "--output", str(again)).exit_code == 0
    second = json.loads(again.read_text("utf-8"))
    for key in ("members", "goals"):
        assert second[key] == document[key]


def test_a_members_review_is_listed_removed_and_brought_back_as_theirs(couple: Run) -> None:
    """`goal reviews` the same way for a couple: each row names its member; removing Sam's
    review leaves Alex's; undo puts Sam's back as Sam's, and a second correction is Sam's too."""
    rate(couple, "1", "--member", "Sam", "--gas", "+1", "--gbo", "6")
    rate(couple, "1", "--member", "Alex", "--gas", "-1", "--gbo", "3")

    def listed() -> list[tuple[str | None, int | None]]:
        result = couple("reviews", "list", "1", "--format", "json")
        assert result.exit_code == 0, result.output
        return [(row["member"], row["gbo"]) for row in json.loads(result.stdout)]

    assert sorted(listed(), key=str) == [("Alex", 3), ("Sam", 6)]
    table = couple("reviews", "list", "1", env=NARROW)
    assert "Who" in table.stdout and "Sam" in table.stdout

    removed = couple("reviews", "remove", "1", "--date", "today", "--member", "sam", "--yes")
    assert removed.exit_code == 0, removed.output
    assert "review by Sam of goal 1" in removed.stdout
    assert listed() == [("Alex", 3)]
    missing = couple("reviews", "remove", "1", "--date", "today", "--member", "Sam", "--yes")
    assert missing.exit_code == 2 and "no review by Sam" in missing.stderr

    assert couple("undo", "--yes").exit_code == 0
    assert sorted(listed(), key=str) == [("Alex", 3), ("Sam", 6)]
    corrected = rate(couple, "1", "--member", "Sam", "--gbo", "8")
    assert "GBO was 6, now 8" in corrected.stdout
    assert sorted(listed(), key=str) == [("Alex", 3), ("Sam", 8)]
