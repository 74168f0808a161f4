"""Risk answers stay (issue 24): a questionnaire removed or taken again is recorded and undoable,
a risk answer (PHQ-9 item 9 above 0) replaced is kept as a risk event that reports and the
caseload still show, and an import meeting another questionnaire of the same day keeps both
risk flags. On SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from lib.database import dump

pytestmark = pytest.mark.usefixtures("engine")

Run = Callable[..., Result]
RISK = "1,0,1,0,0,0,0,0,2"  # total 4, item 9 answered 2
CALM = "1,0,1,0,0,0,0,0,0"  # total 2, no risk answer
DAY = "2026-11-20"
TODAY = "2026-11-26"  # the tests' today (GOALCLI_TODAY)


def _ok(goal: Run, *args: str) -> Result:
    result = goal(*args)
    assert result.exit_code == 0, result.output
    return result


def _phq9(goal: Run) -> dict[str, Any]:
    course: dict[str, Any] = json.loads(_ok(goal, "measure", "history", "--format", "json").stdout)[
        "phq9"
    ]
    return course


def _answers(goal: Run) -> list[list[int]]:
    document = json.loads(_ok(goal, "export").stdout)
    return [taken["answers"] for taken in document["measures"]]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_measure_remove_asks_is_recorded_and_undone(goal: Run) -> None:
    _ok(goal, "measure", "take", "phq9", "--answers", RISK, "--date", DAY)

    refused = goal("measure", "remove", "phq9", "--date", DAY)
    assert refused.exit_code == 2
    assert refused.stderr.strip() == (
        f"goal: Removing the PHQ-9 taken on {DAY} needs your confirmation; add --yes to confirm "
        "it without a terminal."
    )
    assert _answers(goal) == [[int(part) for part in RISK.split(",")]]

    removed = _ok(goal, "measure", "remove", "phq9", "--date", DAY, "--yes")
    assert "`goal undo` puts it back" in removed.stdout
    listed = json.loads(_ok(goal, "undo", "--list", "--format", "json").stdout)
    assert listed[0]["text"] == f"PHQ-9 of {DAY} removed (score 4) on 2026-11-26"

    _ok(goal, "undo", "--yes")

    assert _answers(goal) == [[int(part) for part in RISK.split(",")]]
    assert _phq9(goal)["risk"] == [DAY]


def test_taking_it_again_keeps_the_risk_answer_and_undo_restores_the_answers(goal: Run) -> None:
    _ok(goal, "measure", "take", "phq9", "--answers", RISK, "--date", DAY)

    # Without a terminal and without --yes, a second one that day is refused, nothing written.
    refused = goal("measure", "take", "phq9", "--answers", CALM, "--date", DAY)
    assert refused.exit_code == 2 and "needs your confirmation" in refused.stderr
    _ok(goal, "measure", "take", "phq9", "--answers", CALM, "--date", DAY, "--yes")

    course = _phq9(goal)
    assert course["latest"]["total"] == 2 and course["latest"]["risk"] is False
    assert course["risk"] == [DAY]  # the replaced risk answer is still shown
    report = json.loads(_ok(goal, "report", "--format", "json").stdout)
    assert report["measures"]["phq9"]["risk"] == [DAY]
    markdown = _flat(_ok(goal, "report", "--format", "markdown").stdout)
    assert f"Risk item answered above 0 on: {DAY} (PHQ-9)" in markdown
    exported = json.loads(_ok(goal, "export").stdout)
    assert exported["risk_events"] == [
        {"measure": "phq9", "day": DAY, "answers": [1, 0, 1, 0, 0, 0, 0, 0, 2], "why": "replaced"}
    ]

    undone = _ok(goal, "undo", "--yes")

    assert f"PHQ-9 of {DAY} taken again (score 4, now 2)" in _flat(undone.stdout)
    assert _answers(goal) == [[1, 0, 1, 0, 0, 0, 0, 0, 2]]


def test_undo_of_a_replaced_questionnaire_refuses_answers_changed_since(
    goal: Run, db_path: Path
) -> None:
    _ok(goal, "measure", "take", "phq9", "--answers", RISK, "--date", DAY)
    _ok(goal, "measure", "take", "phq9", "--answers", CALM, "--date", DAY, "--yes")
    with sqlite3.connect(db_path) as connection:  # another program's answers since
        connection.execute("UPDATE measure_score SET answers = '0,0,0,0,0,0,0,0,0', total = 0")
    before = dump(db_path)

    result = goal("undo", "--yes")

    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"goal: Changed since: the PHQ-9 of {DAY} now has other answers (score 0); nothing was "
        "changed."
    )
    assert dump(db_path) == before


def test_the_caseload_still_shows_a_replaced_risk_answer(goal: Run) -> None:
    from lib.paths import MOOD_PLAN

    _ok(goal, "--profile", "bo", "intake", "--yes", "--answers", MOOD_PLAN)
    _ok(goal, "--profile", "bo", "measure", "take", "phq9", "--answers", RISK, "--date", TODAY)
    _ok(
        goal,
        "--profile",
        "bo",
        "measure",
        "take",
        "phq9",
        "--answers",
        CALM,
        "--date",
        TODAY,
        "--yes",
    )

    result = goal("caseload", "--format", "json", env={"GOALCLI_TODAY": "2026-11-26"})

    assert result.exit_code == 0, result.output
    [row] = [row for row in json.loads(result.stdout)["profiles"] if row["profile"] == "bo"]
    assert row["measures"][0]["risk"] == [TODAY]
    assert f"risk answer (PHQ-9 item 9) on {TODAY}" in row["reasons"]


def _file_with_phq9(goal: Run, tmp_path: Path, answers: str) -> Path:
    """An export of this database with the day's PHQ-9 answered otherwise (another device's)."""
    document = json.loads(_ok(goal, "export").stdout)
    values = [int(part) for part in answers.split(",")]
    document["measures"] = [
        {
            "measure": "phq9",
            "day": DAY,
            "answers": values,
            "followup": None,
            "total": sum(values),
            "risk": values[8] > 0,
            "loinc": "44261-6",
        }
    ]
    path = tmp_path / "other-device.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_import_meeting_another_questionnaire_that_day_keeps_both_risk_flags(
    goal: Run, tmp_path: Path
) -> None:
    _ok(goal, "measure", "take", "phq9", "--answers", CALM, "--date", DAY)
    source = _file_with_phq9(goal, tmp_path, RISK)

    result = _ok(goal, "import", str(source))

    assert (
        f"The PHQ-9 of {DAY} here has other answers than the file's: these stay, and the "
        "file's risk answer is kept beside them as a risk event." in _flat(result.stdout)
    )
    assert _answers(goal) == [[1, 0, 1, 0, 0, 0, 0, 0, 0]]  # this database's answers stay
    assert _phq9(goal)["risk"] == [DAY]  # and the file's risk answer is never dropped
    # The same file again adds nothing more.
    again = _ok(goal, "import", str(source))
    assert "added nothing new" in again.stdout
    assert len(json.loads(_ok(goal, "export").stdout)["risk_events"]) == 1


def test_import_with_two_different_risk_answers_that_day_keeps_both(
    goal: Run, tmp_path: Path
) -> None:
    _ok(goal, "measure", "take", "phq9", "--answers", RISK, "--date", DAY)
    source = _file_with_phq9(goal, tmp_path, "3,3,3,3,3,3,3,3,3")

    _ok(goal, "import", str(source))

    exported = json.loads(_ok(goal, "export").stdout)
    assert [(taken["answers"], taken["risk"]) for taken in exported["measures"]] == [
        ([1, 0, 1, 0, 0, 0, 0, 0, 2], True)
    ]
    assert exported["risk_events"] == [
        {"measure": "phq9", "day": DAY, "answers": [3] * 9, "why": "imported"}
    ]


def test_risk_events_go_out_and_come_back_and_older_files_import(goal: Run, tmp_path: Path) -> None:
    _ok(goal, "measure", "take", "phq9", "--answers", RISK, "--date", DAY)
    _ok(goal, "measure", "take", "phq9", "--answers", CALM, "--date", DAY, "--yes")
    exported = tmp_path / "mine.json"
    _ok(goal, "export", "--output", str(exported))
    elsewhere = str(tmp_path / "elsewhere.db")

    _ok(goal, "--db", elsewhere, "import", str(exported))

    again = json.loads(_ok(goal, "--db", elsewhere, "export").stdout)
    assert again["risk_events"] == json.loads(exported.read_text())["risk_events"]
    assert json.loads(
        _ok(goal, "--db", elsewhere, "measure", "history", "--format", "json").stdout
    )["phq9"]["risk"] == [DAY]
    older = json.loads(exported.read_text())
    del older["risk_events"]
    older["schema_version"] = 10
    path = tmp_path / "older.json"
    path.write_text(json.dumps(older), encoding="utf-8")
    assert goal("--db", str(tmp_path / "third.db"), "import", str(path)).exit_code == 0


def test_a_risk_event_in_a_file_must_hold_a_risk_answer(goal: Run, tmp_path: Path) -> None:
    document = json.loads(_ok(goal, "export").stdout)
    document["risk_events"] = [
        {"measure": "phq9", "day": DAY, "answers": [0] * 9, "why": "replaced"}
    ]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    result = goal("import", str(path))

    assert result.exit_code == 2
    assert "risk_events[1].answers: these answers hold no risk answer" in result.stderr
