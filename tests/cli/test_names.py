"""Names that look alike are one name (issue 24, section 4): a member's name, a profile's
display name and a goal's title are kept in one form (stripped, Unicode NFC) whichever door
they come through (a flag, a question, an answers file, `goal edit`, `goal import`), found again
however they are typed, and never hold a character that cannot be seen. A member removed since
keeps their reviews, which can still be listed, corrected and removed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from lib.paths import EXAMPLES

# Every test here runs on SQLite and on PostgreSQL (lib/postgres.py): the same results.
pytestmark = pytest.mark.usefixtures("engine")

Run = Callable[..., Result]
COUPLES = str(EXAMPLES / "couples.toml")
JOSE = "Jos\u00e9"  # composed: one "é"
JOSE_DECOMPOSED = "Jose\u0301"  # "e" and a combining acute accent: looks the same
ZERO_WIDTH = "Sa\u200bm"  # "Sam" with a zero-width space inside


@pytest.fixture
def couple(goal: Run) -> Run:
    result = goal("intake", "--answers", COUPLES)
    assert result.exit_code == 0, result.output
    return goal


def _json(goal: Run, *args: str) -> Any:
    result = goal(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _refused(result: Result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1, message
    for word in words:
        assert word in message, message


# --- members -------------------------------------------------------------------------------


def test_a_member_typed_either_way_is_one_member_kept_composed(couple: Run) -> None:
    added = couple("profile", "members", "--add", f"  {JOSE_DECOMPOSED} ")
    assert added.exit_code == 0, added.output
    assert _json(couple, "profile", "members", "--format", "json") == [JOSE]

    again = couple("profile", "members", "--add", JOSE)
    _refused(again, "is a member already")
    # Found again however it is typed: decomposed, other case, spaces around.
    rated = couple("review", "1", "--member", " JOSE\u0301 ", "--gas", "1")
    assert rated.exit_code == 0, rated.output
    reviews = _json(couple, "reviews", "list", "1", "--format", "json")
    assert [review["member"] for review in reviews] == [JOSE]


@pytest.mark.parametrize(
    "name", [ZERO_WIDTH, "\u202eSam", "Sam\ufeff", "Sa\u00adm", "Sa\u2028m", "Sa\u200dm"]
)
def test_a_member_name_with_an_invisible_character_is_refused(couple: Run, name: str) -> None:
    _refused(couple("profile", "members", "--add", name), "invisible character")
    assert _json(couple, "profile", "members", "--format", "json") == []


def test_a_member_name_from_the_answers_file_is_kept_composed(goal: Run, tmp_path: Path) -> None:
    plan = (
        Path(COUPLES)
        .read_text()
        .replace(
            'therapy_type = "couples"',
            f'therapy_type = "couples"\nmembers = [" {JOSE_DECOMPOSED}", "Alex"]',
        )
    )
    answers = tmp_path / "plan.toml"
    answers.write_text(plan)
    assert goal("intake", "--answers", str(answers)).exit_code == 0
    assert _json(goal, "profile", "members", "--format", "json") == [JOSE, "Alex"]

    refused = tmp_path / "hidden.toml"
    refused.write_text(plan.replace(f" {JOSE_DECOMPOSED}", ZERO_WIDTH))
    _refused(goal("intake", "--answers", str(refused)), "invisible character")


# --- goal titles and display names ---------------------------------------------------------


def test_a_title_is_kept_composed_and_stripped_through_every_door(
    couple: Run, tmp_path: Path
) -> None:
    edited = couple("edit", "1", "--title", f" {JOSE_DECOMPOSED}'s walk ")
    assert edited.exit_code == 0, edited.output
    titles = [item["title"] for item in _json(couple, "list", "--format", "json")]
    assert titles[0] == f"{JOSE}'s walk"
    # Typed the other way, it is the same goal.
    shown = couple("show", f"{JOSE}'S WALK", "--format", "json")
    assert shown.exit_code == 0, shown.output

    added = couple(
        "add",
        "--title",
        f"Cook with {JOSE_DECOMPOSED} ",
        "--specific",
        "Cook dinner together on Sundays",
        "--measure",
        "dinners cooked per week",
        "--unit",
        "dinners",
        "--baseline",
        "0",
        "--target",
        "1",
        "--relevant",
        "We laugh when we cook",
        "--confidence",
        "7",
        "--target-date",
        "in 3 months",
        "--frequency",
        "weekly",
        "--kind",
        "weekly_total",
        "--step",
        "Buy a cookbook",
    )
    assert added.exit_code == 0, added.output
    titles = [item["title"] for item in _json(couple, "list", "--format", "json")]
    assert titles[-1] == f"Cook with {JOSE}"


@pytest.mark.parametrize("door", ["edit", "add"])
def test_a_title_with_an_invisible_character_is_refused(couple: Run, door: str) -> None:
    before = _json(couple, "list", "--format", "json")
    if door == "edit":
        result = couple("edit", "1", "--title", f"Talk {ZERO_WIDTH}")
    else:
        result = couple(
            "add",
            "--template",
            "elevate-mood",
            "--title",
            f"Talk {ZERO_WIDTH}",
            "--confidence",
            "6",
            "--relevant",
            "It matters",
        )
    _refused(result, "invisible character")
    assert _json(couple, "list", "--format", "json") == before


def test_a_display_name_is_kept_composed_and_never_invisible(goal: Run) -> None:
    made = goal("--profile", "jo", "intake", "--answers", COUPLES, "--yes")
    assert made.exit_code == 0, made.output
    set_name = goal("--profile", "jo", "profile", "set", "--display-name", f" {JOSE_DECOMPOSED} ")
    assert set_name.exit_code == 0, set_name.output
    assert _json(goal, "profile", "show", "jo", "--format", "json")["display_name"] == JOSE
    _refused(
        goal("--profile", "jo", "profile", "set", "--display-name", ZERO_WIDTH),
        "invisible character",
    )
    assert _json(goal, "profile", "show", "jo", "--format", "json")["display_name"] == JOSE


# --- import ----------------------------------------------------------------------------------


def _export(goal: Run) -> dict[str, Any]:
    document: dict[str, Any] = _json(goal, "export")
    document.pop("exported_at")
    return document


def _with_member_reviews(goal: Run, tmp_path: Path, names: list[str], rater: str) -> Path:
    """An export of the couple's plan whose members are NAMES, with a review of goal 1 by
    RATER (as a hand-edited or foreign file might hold them)."""
    document = _export(goal)
    document["exported_at"] = "2026-11-26T12:00:00+00:00"
    document["members"] = names
    document["goals"][0]["reviews"] = [
        {
            "day": "2026-11-20",
            "gas": 1,
            "gbo": 6,
            "weight": 1,
            "helped": None,
            "hindered": None,
            "next_step": None,
            "note": None,
            "member": rater,
        }
    ]
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(document, ensure_ascii=False))
    return path


def test_an_import_of_padded_and_decomposed_names_keeps_them_as_every_door_does(
    couple: Run, goal: Run, tmp_path: Path
) -> None:
    """Decided: an import puts names in their one form (stripped, NFC), so a command can reach
    them; two spellings of one name in a file are refused whole (below)."""
    path = _with_member_reviews(couple, tmp_path, [" pad ", JOSE_DECOMPOSED], " pad ")
    document = json.loads(path.read_text())
    document["goals"][1]["title"] = f" {JOSE_DECOMPOSED} walks "
    path.write_text(json.dumps(document, ensure_ascii=False))

    imported = goal("import", "--replace", "--yes", str(path))
    assert imported.exit_code == 0, imported.output
    assert _json(goal, "profile", "members", "--format", "json") == ["pad", JOSE]
    titles = [item["title"] for item in _json(goal, "list", "--format", "json")]
    assert titles[1] == f"{JOSE} walks"
    # Reachable: pad's review is corrected and removed by typing the name.
    assert (
        goal("review", "1", "--member", "pad", "--gas", "2", "--date", "2026-11-20").exit_code == 0
    )
    removed = goal("reviews", "remove", "1", "--date", "2026-11-20", "--member", "pad", "--yes")
    assert removed.exit_code == 0, removed.output
    assert _json(goal, "reviews", "list", "1", "--format", "json") == []


@pytest.mark.parametrize(
    "names",
    [[JOSE, JOSE_DECOMPOSED], ["pad", " pad "], ["Sam", "sam"]],
    ids=["nfc-nfd", "pad", "case"],
)
def test_an_import_naming_one_member_two_ways_is_refused_whole(
    couple: Run, tmp_path: Path, names: list[str]
) -> None:
    before = _export(couple)
    path = _with_member_reviews(couple, tmp_path, names, names[0])
    _refused(couple("import", str(path)), "members")
    assert _export(couple) == before


def test_an_import_of_one_day_reviewed_under_two_spellings_is_refused_whole(
    couple: Run, tmp_path: Path
) -> None:
    before = _export(couple)
    path = _with_member_reviews(couple, tmp_path, [JOSE], JOSE)
    document = json.loads(path.read_text())
    twin = dict(document["goals"][0]["reviews"][0], member=JOSE_DECOMPOSED)
    document["goals"][0]["reviews"].append(twin)
    path.write_text(json.dumps(document, ensure_ascii=False))
    _refused(couple("import", str(path)), "reviews")
    assert _export(couple) == before


@pytest.mark.parametrize("field", ["members", "title", "reviewer"])
def test_an_import_with_an_invisible_character_in_a_name_is_refused_whole(
    couple: Run, tmp_path: Path, field: str
) -> None:
    before = _export(couple)
    path = _with_member_reviews(couple, tmp_path, ["Sam"], "Sam")
    document = json.loads(path.read_text())
    if field == "members":
        document["members"] = ["Sam", ZERO_WIDTH.replace("S", "T")]
    elif field == "title":
        document["goals"][0]["title"] = f"Talk {ZERO_WIDTH}"
    else:
        document["goals"][0]["reviews"][0]["member"] = ZERO_WIDTH
    path.write_text(json.dumps(document, ensure_ascii=False))
    _refused(couple("import", str(path)), "invisible character")
    assert _export(couple) == before


def test_merging_a_file_that_spells_a_member_otherwise_keeps_one_member(
    couple: Run, tmp_path: Path
) -> None:
    assert couple("profile", "members", "--add", JOSE).exit_code == 0
    assert (
        couple("review", "1", "--member", JOSE, "--gbo", "5", "--date", "2026-11-20").exit_code == 0
    )
    path = _with_member_reviews(couple, tmp_path, [JOSE_DECOMPOSED.lower()], JOSE_DECOMPOSED)
    merged = couple("import", str(path))
    assert merged.exit_code == 0, merged.output
    assert _json(couple, "profile", "members", "--format", "json") == [JOSE]
    reviews = _json(couple, "reviews", "list", "1", "--format", "json")
    assert [(review["member"], review["gbo"]) for review in reviews] == [(JOSE, 5)]


# --- a member removed since ------------------------------------------------------------------


def test_a_removed_members_reviews_are_listed_corrected_and_removed(couple: Run) -> None:
    assert couple("profile", "members", "--add", "Sam", "--add", "Alex").exit_code == 0
    for who in ("Sam", "Alex"):
        rated = couple("review", "1", "--member", who, "--gas", "0", "--date", "2026-11-20")
        assert rated.exit_code == 0, rated.output
    assert couple("profile", "members", "--remove", "Sam").exit_code == 0

    listed = _json(couple, "reviews", "list", "1", "--format", "json")
    assert sorted(review["member"] for review in listed) == ["Alex", "Sam"]

    corrected = couple("review", "1", "--member", "sam", "--gas", "2", "--date", "2026-11-20")
    assert corrected.exit_code == 0, corrected.output
    assert "Corrected goal 1's review by Sam" in corrected.stdout
    # A new rating by someone no longer a member is refused: only their own can be corrected.
    _refused(
        couple("review", "1", "--member", "Sam", "--gas", "1", "--date", "2026-11-21"),
        "not a member",
    )

    removed = couple("reviews", "remove", "1", "--date", "2026-11-20", "--member", "SAM", "--yes")
    assert removed.exit_code == 0, removed.output
    left = _json(couple, "reviews", "list", "1", "--format", "json")
    assert [review["member"] for review in left] == ["Alex"]
