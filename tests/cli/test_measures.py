"""goal measure and goal settings crisis-line through the CLI, against a temporary database."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from lib.paths import MOOD_PLAN

pytestmark = pytest.mark.usefixtures("engine")

Run = Callable[..., Result]

PHQ9_ZERO = "0,0,0,0,0,0,0,0,0"


def words(output: str) -> str:
    """What was printed as plain words, without the note's border or the terminal's wrapping."""
    return " ".join(output.replace("│", " ").split())


def history_json(goal: Run, *args: str) -> dict:
    result = goal("measure", "history", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_take_with_answers_scores_and_bands(goal: Run) -> None:
    result = goal("measure", "take", "phq9", "--answers", "2,2,2,2,2,0,0,0,0")
    assert result.exit_code == 0, result.output
    assert "Saved PHQ-9 for 2026-11-26: 10 of 27, moderate" in result.stdout
    assert "not a diagnosis" in result.stdout
    assert "A note for you" not in result.stdout
    course = history_json(goal)["phq9"]
    assert course["latest"] == {
        "date": "2026-11-26",
        "total": 10,
        "band": "moderate",
        "percent": None,
        "risk": False,
        "followup": None,
        "followup_label": None,
    }
    assert course["risk"] == []


def test_who5_shows_its_percentage(goal: Run) -> None:
    result = goal("measure", "take", "WHO-5", "--answers", "3,3,2,2,2")
    assert result.exit_code == 0, result.output
    assert "12 of 25 (48%), poor wellbeing" in result.stdout


def test_bad_answers_are_refused_and_nothing_is_saved(goal: Run) -> None:
    for answers, words in (
        ("1,1", "9 items"),
        ("1,1,1,1,1,1,1,1,4", "Answer 9"),
        ("1,1,1,1,x,1,1,1,1", "Answer 5"),
    ):
        result = goal("measure", "take", "phq9", "--answers", answers)
        assert result.exit_code == 2, result.output
        assert words in result.stderr and "Traceback" not in result.output
    assert goal("measure", "take", "bdi", "--answers", "1").exit_code == 2
    assert history_json(goal) == {}


def test_without_a_terminal_it_asks_for_answers(goal: Run) -> None:
    result = goal("measure", "take", "gad7", input="1\n")
    assert result.exit_code == 2
    assert "--answers" in result.stderr


def test_taken_twice_on_one_day_keeps_the_later_after_asking(goal: Run) -> None:
    assert goal("measure", "take", "gad7", "--answers", "1,1,1,1,1,1,1").exit_code == 0
    refused = goal("measure", "take", "gad7", "--answers", "3,3,3,3,3,3,3")
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    assert history_json(goal)["gad7"]["latest"]["total"] == 7
    replaced = goal("measure", "take", "gad7", "--answers", "3,3,3,3,3,3,3", "--yes")
    assert replaced.exit_code == 0, replaced.output
    course = history_json(goal)["gad7"]
    assert [score["total"] for score in course["scores"]] == [21]


def test_the_risk_item_at_a_total_of_1_shows_the_note_and_is_flagged(goal: Run) -> None:
    assert goal("settings", "crisis-line", "Samaritans 116 123").exit_code == 0
    result = goal("measure", "take", "phq9", "--answers", "0,0,0,0,0,0,0,0,1")
    assert result.exit_code == 0, result.output
    out = words(result.stdout)
    assert "Your crisis line: Samaritans 116 123" in out
    assert "local emergency number" in out
    assert "1 of 27, minimal" in out
    document = history_json(goal)
    assert document["phq9"]["risk"] == ["2026-11-26"]
    history = goal("measure", "history")
    assert history.stdout.lstrip().startswith("Risk item answered above 0 on: 2026-11-26")


def test_without_a_crisis_line_no_number_is_assumed(goal: Run) -> None:
    result = goal("measure", "take", "phq9", "--answers", "3,3,3,3,3,3,3,3,2")
    out = words(result.stdout)
    # A person at risk is shown what can help now, never told to run a settings command
    # (issue 23: how to keep a crisis line is in docs/questionnaires.md).
    assert "local emergency number" in out
    assert "goal settings" not in out and "`goal" not in out
    for number in ("999", "911", "112", "988", "116"):
        assert number not in out


def test_crisis_line_shows_sets_and_clears(goal: Run) -> None:
    assert "No crisis line" in goal("settings", "crisis-line").stdout
    assert goal("settings", "crisis-line", "[bold]Ring 0800[/bold]").exit_code == 0
    assert "Crisis line: [bold]Ring 0800[/bold]" in goal("settings", "crisis-line").stdout
    assert goal("settings", "crisis-line", "--clear").exit_code == 0
    assert "No crisis line" in goal("settings", "crisis-line").stdout
    assert goal("settings", "crisis-line", "   ").exit_code == 2


def test_history_reliable_change_and_recovery(goal: Run) -> None:
    take = [
        ("phq9", "3,3,3,3,3,1,1,1,0", "2026-11-01"),  # 18, moderately severe
        ("gad7", "2,2,2,2,2,1,1", "2026-11-01"),  # 12, moderate
        ("phq9", "3,3,3,0,0,0,0,0,0", "2026-11-26"),  # 9: down 9
        ("gad7", "1,1,1,1,1,1,1", "2026-11-26"),  # 7: down 5
    ]
    for measure, answers, day in take:
        assert goal("measure", "take", measure, "--answers", answers, "--date", day).exit_code == 0
    document = history_json(goal)
    assert document["phq9"]["first"]["band"] == "moderately severe"
    assert document["phq9"]["change"] == -9
    assert document["phq9"]["reliable"] == "improvement"
    assert document["gad7"]["reliable"] == "improvement"
    assert document["recovery"] == {
        "at_caseness_first": True,
        "below_caseness_latest": True,
        "recovered": True,
        "reliable_improvement": True,
        "reliable_recovery": True,
    }
    only = history_json(goal, "gad7")
    assert list(only) == ["gad7"]
    table = goal("measure", "history").stdout
    assert "▼9" in table and "reliable recovery" in table


def test_remove(goal: Run) -> None:
    assert (
        goal("measure", "take", "phq9", "--answers", PHQ9_ZERO, "--date", "2026-11-20").exit_code
        == 0
    )
    missing = goal("measure", "remove", "phq9", "--date", "2026-11-21")
    assert missing.exit_code == 2 and "No PHQ-9" in missing.stderr
    asked = goal("measure", "remove", "phq9", "--date", "2026-11-20")
    assert asked.exit_code == 2
    assert "Removing the PHQ-9 taken on 2026-11-20 needs your confirmation" in asked.stderr
    assert history_json(goal) != {}
    assert goal("measure", "remove", "phq9", "--date", "2026-11-20", "--yes").exit_code == 0
    assert history_json(goal) == {}


def test_schedule_and_what_is_due(goal: Run) -> None:
    result = goal("measure", "schedule", "phq9", "gad7", env={"GOALCLI_TODAY": "2026-11-01"})
    assert result.exit_code == 0 and "every 14 days" in result.stdout
    taken = goal("measure", "take", "phq9", "--answers", PHQ9_ZERO, "--date", "2026-11-10")
    assert taken.exit_code == 0
    rows = {
        row["id"]: row for row in json.loads(goal("measure", "list", "--format", "json").stdout)
    }
    assert rows["phq9"]["next_due"] == "2026-11-24" and rows["phq9"]["due"] is True
    assert rows["gad7"]["next_due"] == "2026-11-01" and rows["gad7"]["due"] is True
    assert rows["who5"]["every_days"] is None and rows["who5"]["due"] is False
    assert goal("measure", "schedule", "who5", "--every", "7").exit_code == 0
    rows = {
        row["id"]: row for row in json.loads(goal("measure", "list", "--format", "json").stdout)
    }
    assert rows["who5"]["every_days"] == 7 and rows["phq9"]["every_days"] is None
    assert goal("measure", "schedule", "who5", "--every", "0").exit_code == 2
    assert goal("measure", "schedule", "--clear").exit_code == 0
    assert "No measures scheduled" in goal("measure", "schedule").stdout


def test_report_json_markdown_and_table_show_measures_with_risk_first(planned: Run) -> None:
    goal = planned
    empty = json.loads(goal("report", "--format", "json").stdout)
    assert empty["version"] == 6 and empty["measures"] == {} and empty["signals"] == []
    for measure, answers, day in (
        ("phq9", "2,2,2,2,2,2,1,1,0", "2026-11-01"),  # 14, moderate
        ("phq9", "1,1,1,1,1,1,1,0,1", "2026-11-20"),  # 8, mild, risk
        ("gad7", "1,1,1,1,1,1,1", "2026-11-20"),  # 7, one score
    ):
        assert goal("measure", "take", measure, "--answers", answers, "--date", day).exit_code == 0
    document = json.loads(goal("report", "--format", "json").stdout)["measures"]
    assert [entry["total"] for entry in document["phq9"]["scores"]] == [14, 8]
    assert document["phq9"]["change"] == -6 and document["phq9"]["reliable"] == "improvement"
    assert document["phq9"]["risk"] == ["2026-11-20"]
    assert document["gad7"]["reliable"] is None
    assert document["recovery"]["recovered"] is True  # PHQ-9 14 at caseness; now 8 and 7

    page = goal("report", "--format", "markdown").stdout
    risk = page.index("Risk item answered above 0 on: 2026-11-20 (PHQ-9)")
    assert risk < page.index("## Goals") and risk < page.index("## Questionnaires")
    assert "| 2026-11-20 | 8/27 | mild | ▼6 | risk item |" in page

    table = goal("report").stdout
    assert table.lstrip().startswith("Risk item answered above 0")
    assert "PHQ-9: -6 since 2026-11-01: reliable improvement" in words(table)


def test_log_says_in_one_line_when_a_questionnaire_is_due(planned: Run) -> None:
    goal = planned
    quiet = goal("log", "1", "--value", "2")
    assert quiet.exit_code == 0 and "due" not in quiet.stdout
    assert goal("measure", "schedule", "phq9", "gad7", "--every", "7").exit_code == 0
    assert (
        "PHQ-9 and GAD-7 are due: `goal measure take phq9`."
        in goal("log", "1", "--value", "2").stdout
    )
    assert goal("measure", "take", "phq9", "--answers", PHQ9_ZERO).exit_code == 0
    assert goal("measure", "take", "gad7", "--answers", "0,0,0,0,0,0,0").exit_code == 0
    assert "due" not in goal("log", "1", "--value", "2").stdout
    week_later = goal("log", "1", "--value", "2", env={"GOALCLI_TODAY": "2026-12-03"})
    assert "PHQ-9 and GAD-7 are due" in week_later.stdout


def test_export_carries_every_answer_and_imports_exactly_back(
    goal: Run, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    assert (
        goal(
            "measure", "take", "phq9", "--answers", "1,2,3,0,1,2,3,0,1", "--date", "2026-11-02"
        ).exit_code
        == 0
    )
    assert goal("measure", "take", "gad7", "--answers", "3,2,1,0,1,2,3").exit_code == 0
    exported = json.loads(goal("export").stdout)
    assert exported["measures"] == [
        {
            "measure": "phq9",
            "day": "2026-11-02",
            "answers": [1, 2, 3, 0, 1, 2, 3, 0, 1],
            "followup": None,
            "total": 13,
            "risk": True,
            "loinc": "44261-6",
        },
        {
            "measure": "gad7",
            "day": "2026-11-26",
            "answers": [3, 2, 1, 0, 1, 2, 3],
            "followup": None,
            "total": 12,
            "risk": False,
            "loinc": "70274-6",
        },
    ]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(exported))
    monkeypatch.setenv("GOALCLI_DB", str(tmp_path / "other.db"))
    imported = goal("import", str(path))
    assert imported.exit_code == 0 and "2 questionnaires" in imported.stdout
    assert json.loads(goal("export").stdout)["measures"] == exported["measures"]
    assert history_json(goal)["phq9"]["risk"] == ["2026-11-02"]
    again = goal("import", str(path))
    assert "skipped 2 already there" in again.stdout


def test_an_export_whose_total_or_risk_disagrees_with_its_answers_is_refused(
    goal: Run, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    assert goal("measure", "take", "phq9", "--answers", "0,0,0,0,0,0,0,0,1").exit_code == 0
    exported = json.loads(goal("export").stdout)
    for field, wrong, words in (
        ("total", 0, "add up to 1"),
        ("risk", False, "measures[1].risk"),
        ("answers", [0, 0, 0], "9 items"),
        ("measure", "bdi", "measures[1].measure"),
    ):
        document = json.loads(json.dumps(exported))
        document["measures"][0][field] = wrong
        path = tmp_path / f"{field}.json"
        path.write_text(json.dumps(document))
        result = goal("import", "--replace", "--yes", str(path))
        assert result.exit_code == 2, result.output
        assert words in result.stderr
    assert len(history_json(goal)["phq9"]["scores"]) == 1


def test_an_export_from_before_measures_still_imports(goal: Run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(goal("export").stdout)
    del document["measures"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(document))
    assert goal("import", str(path)).exit_code == 0


def _schedule_and_crisis_line(goal: Run) -> tuple[dict[str, int | None], str]:
    listed = goal("measure", "list", "--format", "json")
    assert listed.exit_code == 0, listed.output
    crisis = goal("settings", "crisis-line")
    assert crisis.exit_code == 0, crisis.output
    return {row["id"]: row["every_days"] for row in json.loads(listed.stdout)}, crisis.stdout


def test_the_crisis_line_and_the_schedule_travel_in_the_export(
    goal: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert goal("measure", "schedule", "phq9", "who5", "--every", "7").exit_code == 0
    assert goal("settings", "crisis-line", "Samaritans 116 123 [bold]").exit_code == 0
    exported = json.loads(goal("export").stdout)
    assert exported["measure_schedule"] == [
        {"measure": "phq9", "every_days": 7, "since": "2026-11-26"},
        {"measure": "who5", "every_days": 7, "since": "2026-11-26"},
    ]
    assert exported["crisis_line"] == "Samaritans 116 123 [bold]"
    path = tmp_path / "export.json"
    path.write_text(json.dumps(exported))
    before = _schedule_and_crisis_line(goal)

    monkeypatch.setenv("GOALCLI_DB", str(tmp_path / "other.db"))
    imported = goal("import", str(path))
    assert imported.exit_code == 0, imported.output
    assert "2 questionnaire schedules, 1 crisis line" in imported.stdout
    assert _schedule_and_crisis_line(goal) == before
    assert {
        key: value
        for key, value in json.loads(goal("export").stdout).items()
        if key != "exported_at"
    } == {key: value for key, value in exported.items() if key != "exported_at"}


def test_a_merge_keeps_the_crisis_line_and_schedule_already_here(goal: Run, tmp_path: Path) -> None:
    assert goal("measure", "schedule", "phq9", "gad7", "--every", "7").exit_code == 0
    assert goal("settings", "crisis-line", "The file's line").exit_code == 0
    path = tmp_path / "export.json"
    path.write_text(goal("export").stdout)
    assert goal("measure", "schedule", "phq9", "--every", "28").exit_code == 0
    assert goal("settings", "crisis-line", "My own line").exit_code == 0

    merged = goal("import", str(path))
    assert merged.exit_code == 0, merged.output
    schedule, crisis = _schedule_and_crisis_line(goal)
    assert schedule == {"phq9": 28, "gad7": 7, "who5": None}  # gad7 filled in from the file
    assert "My own line" in crisis

    replaced = goal("import", "--replace", "--yes", str(path))
    assert replaced.exit_code == 0, replaced.output
    schedule, crisis = _schedule_and_crisis_line(goal)
    assert schedule == {"phq9": 7, "gad7": 7, "who5": None}
    assert "The file's line" in crisis


def test_an_export_from_before_the_schedule_and_crisis_line_still_imports(
    goal: Run, tmp_path: Path
) -> None:
    assert goal("measure", "schedule", "gad7").exit_code == 0
    assert goal("settings", "crisis-line", "My own line").exit_code == 0
    document = json.loads(goal("export").stdout)
    del document["measure_schedule"], document["crisis_line"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(document))

    merged = goal("import", str(path))
    assert merged.exit_code == 0, merged.output
    assert _schedule_and_crisis_line(goal)[0]["gad7"] == 14  # nothing here is lost
    replaced = goal("import", "--replace", "--yes", str(path))
    assert replaced.exit_code == 0, replaced.output
    schedule, crisis = _schedule_and_crisis_line(goal)
    assert schedule == {"phq9": None, "gad7": None, "who5": None}  # the file had none
    assert "No crisis line set" in crisis


# --- PHQ-9's tenth answer (difficulty, not scored) from --answers --------------------------------


@pytest.mark.parametrize(
    ("answers", "followup", "label"),
    [
        ("1,0,0,0,0,0,0,0,0,0", 0, "Not difficult at all"),  # total 1: the lowest that asks it
        ("3,3,3,3,3,3,3,3,3,3", 3, "Extremely difficult"),  # total 27, the top answer
        ("0,0,2,0,0,0,0,0,0", None, None),  # nine answers: the tenth is optional
    ],
)
def test_phq9_takes_a_tenth_unscored_answer(
    goal: Run, answers: str, followup: int | None, label: str | None
) -> None:
    result = goal("measure", "take", "phq9", "--answers", answers)

    assert result.exit_code == 0, result.output
    nine = [int(answer) for answer in answers.split(",")][:9]
    assert f": {sum(nine)} of 27," in result.stdout  # the tenth is not scored
    latest = history_json(goal)["phq9"]["latest"]
    assert (latest["followup"], latest["followup_label"]) == (followup, label)
    [exported] = json.loads(goal("export").stdout)["measures"]
    assert (exported["answers"], exported["followup"]) == (nine, followup)
    table = goal("measure", "history")
    assert table.exit_code == 0, table.output
    assert ("Difficulty" in table.stdout) is (label is not None)
    if label is not None:
        assert label in table.stdout


@pytest.mark.parametrize(
    ("measure", "answers", "message"),
    [
        (
            "phq9",
            "0,0,0,0,0,0,0,0,0,1",
            "Answer 10 (how difficult the problems made things) is given only when the 9 items "
            "add up to more than 0; these add up to 0.",
        ),
        ("phq9", "1,0,0,0,0,0,0,0,0,4", "Answer 10 ('4') must be a whole number from 0 to 3."),
        ("phq9", "1,0,0,0,0,0,0,0,0,-1", "Answer 10 ('-1') must be a whole number from 0 to 3."),
        (
            "phq9",
            "1,0,0,0,0,0,0,0,0,1,1",
            "PHQ-9 has 9 items and, optionally, the unscored answer 10 on difficulty (0 to 3); "
            "--answers gave 11",
        ),
        ("gad7", "1,0,0,0,0,0,0,1", "GAD-7 has 7 items; --answers gave 8"),
        ("who5", "1,1,1,1,1,1", "WHO-5 has 5 items; --answers gave 6"),
    ],
)
def test_a_tenth_answer_out_of_place_is_refused(
    goal: Run, db_path: Path, measure: str, answers: str, message: str
) -> None:
    result = goal("measure", "take", measure, "--answers", answers)

    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not db_path.exists()


def test_at_60_columns_every_date_is_whole(goal: Run) -> None:
    """The widest questionnaire table (PHQ-9 with its difficulty answer and a risk item) at 60
    columns (issue 23): dates whole, never "2026-11…", headings whole, no line over 60."""
    assert goal("intake", "--answers", MOOD_PLAN).exit_code == 0
    for day, answers in (
        ("2026-11-12", "1,1,1,1,1,1,1,1,1,2"),
        ("2026-11-26", "1,1,1,1,1,0,0,1,1,3"),
    ):
        taken = goal("measure", "take", "phq9", "--answers", answers, "--date", day)
        assert taken.exit_code == 0, taken.output
    for command in (("measure", "history"), ("report",)):
        out = goal(*command, env={"COLUMNS": "60"}).stdout
        assert "…" not in out, command
        assert max(len(line) for line in out.splitlines()) <= 60
        rows = [line.split() for line in out.splitlines() if "/27" in line]
        assert [row[0] for row in rows] == ["2026-11-12", "2026-11-26"], command
        assert any(
            line.split()[:5] == ["Date", "Score", "Band", "Change", "Difficulty"]
            for line in out.splitlines()
        )
