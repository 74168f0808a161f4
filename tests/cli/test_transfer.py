"""Export and import: the document, the CSV, refusals that change nothing, merges, round trips."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import stat
import tempfile
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from goalcli.core import export_format as export_format
from goalcli.errors import InputError
from goalcli.storage import transfer
from goalcli.storage.database import open_database
from goalcli.storage.migrations import schema_version
from lib import strategies
from lib.database import dump_read_only
from lib.snapshots import Snapshot
from lib.strategies import texts

# Every test here runs on SQLite and on PostgreSQL (lib/postgres.py): the same results.
pytestmark = pytest.mark.usefixtures("engine")

SENTINEL = "SENTINEL-note-9c1e"


def export_json(goal: Callable[..., Result], *args: str) -> dict[str, Any]:
    result = goal(*args, "export")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def without_stamp(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key != "exported_at"}


@pytest.fixture
def history(planned: Callable[..., Result], snapshot: Snapshot) -> Callable[..., Result]:
    """The example plan with two check-ins (one with an awkward note), a mood and a review."""
    goal = planned

    def build() -> None:
        note = 'Rain, "walked" anyway\nsecond line \u202e ✓ 🌧'
        assert goal("log", "1", "--value", "20", "--mood", "6", "--note", note).exit_code == 0
        assert goal("log", "2", "--value", "1").exit_code == 0
        assert goal("review", "1", "--gas", "1", "--gbo", "6").exit_code == 0

    snapshot("test_transfer.history", build)
    return goal


# --- export ------------------------------------------------------------------------------------


def test_json_export_holds_everything_in_a_stable_shape(history: Callable[..., Result]) -> None:
    document = export_json(history)
    assert list(document) == list(export_format.TOP_FIELDS)
    assert document["format"] == "goalcli-export"
    assert document["version"] == 1
    assert document["schema_version"] == schema_version()
    datetime.fromisoformat(document["exported_at"])
    [intake] = document["intakes"]
    assert list(intake) == list(export_format.INTAKE_FIELDS)
    assert intake["created_on"] == "2026-11-26"
    first, second = document["goals"]
    assert list(first) == [*export_format.GOAL_FIELDS, *export_format.GOAL_LISTS]
    assert first["id"] == 1 and first["intake"] == 1
    assert first["baseline"] == 5 and isinstance(first["baseline"], int)  # not 5.0
    assert [step["position"] for step in first["steps"]] == [1, 2, 3, 4, 5]
    assert first["checkins"] == [
        {
            "day": "2026-11-26",
            "value": 20,
            "note": 'Rain, "walked" anyway\nsecond line \u202e ✓ 🌧',
            "pleasure": None,
            "mastery": None,
        }
    ]
    assert first["reviews"][0]["gas"] == 1 and first["reviews"][0]["gbo"] == 6
    assert second["checkins"] == [
        {"day": "2026-11-26", "value": 1, "note": None, "pleasure": None, "mastery": None}
    ]
    assert document["moods"] == [{"day": "2026-11-26", "mood": 6}]


def test_export_without_a_database_is_empty_and_creates_nothing(
    goal: Callable[..., Result], db_path: Path
) -> None:
    document = export_json(goal)
    assert without_stamp(document) == without_stamp(transfer.empty_document("", schema_version()))
    csv_result = goal("export", "--format", "csv")
    assert csv_result.exit_code == 0
    assert csv_result.stdout == ",".join(transfer.CSV_COLUMNS) + "\n"
    assert not db_path.exists()
    assert not db_path.parent.exists()


def test_csv_export_one_row_per_checkin_with_that_days_mood(
    history: Callable[..., Result],
) -> None:
    result = history("export", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == list(transfer.CSV_COLUMNS)
    assert rows[1][0] == "1" and rows[1][3:5] == ["2026-11-26", "20"]
    assert rows[1][5] == 'Rain, "walked" anyway\nsecond line \u202e ✓ 🌧'
    assert rows[1][6] == "6"
    assert rows[2][0] == "2" and rows[2][4:] == ["1", "", "6", "", ""]  # not rated: empty
    assert len(rows) == 3


def test_csv_export_ends_each_row_with_the_check_ins_ratings(
    history: Callable[..., Result],
) -> None:
    assert history("log", "1", "--pleasure", "7", "--mastery", "0").exit_code == 0
    assert history("log", "2", "--pleasure", "4").exit_code == 0
    result = history("export", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    # The columns that were there stay where they were: the ratings come after them.
    older = ["goal_id", "goal_title", "unit", "day", "value", "note", "mood"]
    assert rows[0] == [*older, "pleasure", "mastery"]
    assert rows[1][4] == "20" and rows[1][6:] == ["6", "7", "0"]  # mastery 0 is a rating
    assert rows[2][4] == "1" and rows[2][6:] == ["6", "4", ""]  # no mastery given: empty


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])  # a note's leading tab or CR is trimmed
def test_csv_text_cells_a_spreadsheet_would_run_start_with_a_quote(
    history: Callable[..., Result], tmp_path: Path, start: str
) -> None:
    formula = f'{start}HYPERLINK("http://x")'
    assert history("log", "1", "--value", "-3", "--note", formula).exit_code == 0
    target = tmp_path / "out.csv"
    assert history("export", "--format", "csv", "--output", str(target)).exit_code == 0
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][5] == "'" + formula
    assert rows[1][4] == "-3"  # a number, not text: a negative value stays a number
    assert export_json(history)["goals"][0]["checkins"][-1]["note"] == formula  # JSON: as typed


def test_csv_text_that_only_contains_a_formula_sign_is_left_alone() -> None:
    assert export_format.spreadsheet_safe("Walk = 30 min") == "Walk = 30 min"
    assert export_format.spreadsheet_safe("") == ""
    assert export_format.spreadsheet_safe("\tx") == "'\tx"
    assert export_format.spreadsheet_safe("\rx") == "'\rx"


@pytest.mark.parametrize("output_format", ["json", "csv"])
def test_export_files_are_private_and_written_whole(
    history: Callable[..., Result], tmp_path: Path, output_format: str, umask_022: None
) -> None:
    target = tmp_path / f"out.{output_format}"
    result = history("export", "--format", output_format, "--output", str(target))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "readable only by you" in result.output
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []
    text = target.read_text(encoding="utf-8")
    if output_format == "json":
        assert json.loads(text)["format"] == "goalcli-export"
    else:
        assert text.startswith("goal_id,goal_title")


def test_write_csv_consumes_rows_as_it_goes() -> None:
    """Fed an endless stream, write_csv must write as it reads, never collect first."""

    class Full(Exception):
        pass

    class SmallHandle(io.StringIO):
        def write(self, text: str) -> int:
            if self.tell() > 10_000:
                raise Full
            return super().write(text)

    def endless() -> Iterator[tuple[Any, ...]]:
        day = 0
        while True:
            day += 1
            yield (1, "Walk", "minutes", f"day {day}", 1.0, None, None, None, None)

    with pytest.raises(Full):
        transfer.write_csv(endless(), SmallHandle())


def test_csv_export_streams_from_sqlite_in_bounded_memory(tmp_path: Path) -> None:
    """20,000 check-ins with long notes: peak memory stays far below the size of the CSV."""
    path = tmp_path / "big.db"
    database = open_database(path, create=True)
    assert database is not None
    database.close()
    note = "n" * 400
    connection = sqlite3.connect(path)
    connection.execute(
        "INSERT INTO goal (id, title, specific, measure, unit, baseline, target, relevant, "
        "confidence, start_date, target_date, created_at) VALUES "
        "(1, 'Walk', 's', 'm', 'minutes', 0, 30, 'r', 5, '2000-01-01', '2100-01-01', 'x')"
    )
    connection.executemany(
        "INSERT INTO checkin (goal_id, day, value, note, created_at, updated_at) "
        "VALUES (1, ?, ?, ?, 'x', 'x')",
        ((date.fromordinal(730_000 + n).isoformat(), n, f"{n}{note}") for n in range(20_000)),
    )
    connection.commit()

    class Counting(io.TextIOBase):
        size = 0

        def write(self, text: str) -> int:
            self.size += len(text)
            return len(text)

    sink = Counting()
    rows = transfer.checkin_rows(connection)
    assert isinstance(rows, Iterator)
    tracemalloc.start()
    try:
        written = transfer.write_csv(rows, sink)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        connection.close()
    assert written == 20_000
    assert sink.size > 8_000_000
    assert peak < sink.size / 20, (peak, sink.size)


# --- import refusals ---------------------------------------------------------------------------


UNRATED = {"expected_pleasure": None, "pleasure": None, "mastery": None}


def _valid_document() -> dict[str, Any]:
    document = transfer.empty_document("2026-11-26T09:00:00+00:00", schema_version())
    document["goals"] = [
        {
            "id": 1,
            "intake": None,
            "title": "Walk outside",
            "specific": "Walk after lunch",
            "measure": "minutes",
            "unit": "minutes",
            "baseline": 0,
            "target": 30,
            "relevant": "mood",
            "confidence": 7,
            "frequency": "daily",
            "kind": "weekly_total",
            "weight": 1,
            "start_date": "2026-11-01",
            "target_date": "2027-02-01",
            "status": "active",
            "created_at": "2026-11-01T10:00:00+00:00",
            "gas_levels": None,
            "steps": [
                {"position": 1, "text": "Shoes", "due_on": None, "done_on": "2026-11-02"} | UNRATED
            ],
            "checkins": [
                {"day": "2026-11-02", "value": 10, "note": SENTINEL, "pleasure": 7, "mastery": 5},
                {
                    "day": "2026-11-03",
                    "value": None,
                    "note": None,
                    "pleasure": None,
                    "mastery": None,
                },
                {"day": "2026-11-04", "value": 12.5, "note": "ok", "pleasure": None, "mastery": 0},
            ],
            "reviews": [],
            "changes": [],
            "excused_days": [{"day": "2026-11-05", "reason": "ill"}],
        }
    ]
    document["moods"] = [{"day": "2026-11-02", "mood": 5}]
    return document


def _broken(change: Callable[[dict[str, Any]], None]) -> str:
    document = _valid_document()
    change(document)
    return json.dumps(document)


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        target: Any = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


REFUSALS = {
    "corrupt": ("{not json", "not complete JSON"),
    "truncated": (json.dumps(_valid_document())[:300], "not complete JSON"),
    "empty": ("", "not complete JSON"),
    "foreign": (json.dumps({"name": "my notes", "items": [1, 2]}), "not a goalcli export"),
    "a list": ("[1, 2, 3]", "not a goalcli export"),
    "newer format": (_broken(_set(("version",), 2)), "version: export format 2 is newer"),
    "newer schema": (_broken(_set(("schema_version",), 999)), "schema_version: written by a newer"),
    "pleasure out of range": (
        _broken(_set(("goals", 0, "checkins", 0, "pleasure"), 11)),
        "goals[1].checkins[1].pleasure: 11 is out of range (0 to 10)",
    ),
    "mastery not whole": (
        _broken(_set(("goals", 0, "checkins", 0, "mastery"), 7.5)),
        "goals[1].checkins[1].mastery: expected a whole number from 0 to 10",
    ),
    "expected pleasure as text": (
        _broken(_set(("goals", 0, "steps", 0, "expected_pleasure"), "3")),
        "goals[1].steps[1].expected_pleasure: expected a whole number from 0 to 10",
    ),
    "excused on a check-in day": (
        _broken(_set(("goals", 0, "excused_days", 0, "day"), "2026-11-02")),
        "goals[1].excused_days[1]: the goal has a check-in that day as well",
    ),
    "wrong type": (
        _broken(_set(("goals", 0, "checkins", 2, "value"), "ten")),
        "goals[1].checkins[3].value: expected a number, found text",
    ),
    "bool as number": (
        _broken(_set(("goals", 0, "confidence"), True)),
        "goals[1].confidence: expected a whole number",
    ),
    "bad date": (
        _broken(_set(("goals", 0, "checkins", 1, "day"), "2026-13-01")),
        "goals[1].checkins[2].day: '2026-13-01' is not a date",
    ),
    "ambiguous date": (
        _broken(_set(("moods", 0, "day"), "03/04/2026")),
        "moods[1].day: '03/04/2026' is not a date",
    ),
    "out of range": (
        _broken(_set(("moods", 0, "mood"), 11)),
        "moods[1].mood: 11 is out of range (0 to 10)",
    ),
    "missing field": (
        _broken(lambda d: d["goals"][0].pop("title")),
        "goals[1].title: missing",
    ),
    "unknown field": (
        _broken(_set(("goals", 0, "colour"), "red")),
        "goals[1]: unknown field 'colour'",
    ),
    "duplicate day": (
        _broken(_set(("goals", 0, "checkins", 2, "day"), "2026-11-02")),
        "goals[1].checkins[3]: appears twice",
    ),
    "dangling intake": (
        _broken(_set(("goals", 0, "intake"), 9)),
        "goals[1].intake: no intake with id 9",
    ),
    "equal target": (
        _broken(_set(("goals", 0, "target"), 0)),
        "goals[1].target: is the same as the starting point",
    ),
    # The limits every door applies (core/limits.py): what the CLI refuses, import refuses.
    "target too close": (
        _broken(_set(("goals", 0, "target"), 1e-7)),
        "goals[1].target: has more than 6 digits after the decimal point",
    ),
    "a value no flag could type": (
        _broken(_set(("goals", 0, "checkins", 0, "value"), 3.2444557632761547e-244)),
        "goals[1].checkins[1].value: has more than 6 digits after the decimal point",
    ),
    "number too large": (
        _broken(_set(("goals", 0, "checkins", 0, "value"), 1e300)),
        "goals[1].checkins[1].value: 1e+300 is too large",
    ),
    "huge integer": (
        json.dumps(_valid_document()).replace('"value": 12.5', '"value": ' + "9" * 400),
        "too large",
    ),
    "year out of range": (
        _broken(_set(("moods", 0, "day"), "0001-01-01")),
        "moods[1].day: 0001-01-01 falls outside the years 1900 to 9999",
    ),
    "target date before start": (
        _broken(_set(("goals", 0, "target_date"), "2026-01-01")),
        "goals[1].target_date: must be after the goal's start_date",
    ),
    "control character": (
        _broken(_set(("goals", 0, "checkins", 0, "note"), "red \x1b[31m")),
        "goals[1].checkins[1].note: the text holds a control character (U+001B)",
    ),
    "title of two lines": (
        _broken(_set(("goals", 0, "title"), "Walk\noutside")),
        "goals[1].title: the text must be one line",
    ),
    "title too long": (
        _broken(_set(("goals", 0, "title"), "x" * 201)),
        "goals[1].title: the text is 201 characters long; please keep it to 200",
    ),
    "empty step": (
        _broken(_set(("goals", 0, "steps", 0, "text"), " ")),
        "goals[1].steps[1].text: can't be empty",
    ),
    "step beyond the last": (
        _broken(_set(("goals", 0, "steps", 0, "position"), 1000)),
        "goals[1].steps[1].position: 1000 is out of range (1 to 999)",
    ),
    "too many goals": (
        _broken(lambda d: d.__setitem__("goals", d["goals"] * 501)),
        "goals: 501 goals are more than goalcli keeps (500)",
    ),
    "unknown kind": (
        _broken(_set(("goals", 0, "kind"), "monthly")),
        "goals[1].kind: 'monthly' is not one of reading, weekly_total",
    ),
    "note of wrong type": (
        _broken(_set(("goals", 0, "checkins", 0, "note"), 5)),
        "goals[1].checkins[1].note: expected text or null, found a number",
    ),
    "NaN": (
        json.dumps(_valid_document()).replace('"value": 12.5', '"value": NaN'),
        "NaN is not a number JSON allows",
    ),
    "schedule interval": (
        _broken(
            _set(
                ("measure_schedule",), [{"measure": "phq9", "every_days": 0, "since": "2026-11-01"}]
            )
        ),
        "measure_schedule[1].every_days: 0 is out of range (1 to 365)",
    ),
    "scheduled twice": (
        _broken(
            _set(
                ("measure_schedule",),
                [{"measure": "gad7", "every_days": 14, "since": "2026-11-01"}] * 2,
            )
        ),
        "measure_schedule[2]: appears twice in the file",
    ),
    "unknown measure scheduled": (
        _broken(
            _set(
                ("measure_schedule",), [{"measure": "bdi", "every_days": 14, "since": "2026-11-01"}]
            )
        ),
        "measure_schedule[1].measure: 'bdi' is not one of phq9, gad7, who5",
    ),
    "empty crisis line": (_broken(_set(("crisis_line",), " ")), "crisis_line: can't be empty"),
    "crisis line a number": (
        _broken(_set(("crisis_line",), 999)),
        "crisis_line: expected text or null, found a number",
    ),
    "duplicate key": (
        json.dumps(_valid_document()).replace('"unit": "minutes"', '"unit": "a", "unit": "b"'),
        "appears twice in one object",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_bad_files_are_refused_and_change_nothing(
    history: Callable[..., Result], db_path: Path, tmp_path: Path, case: str
) -> None:
    text, expected = REFUSALS[case]
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    before_bytes, before_dump = db_path.read_bytes(), dump_read_only(db_path)
    result = history("import", str(bad))
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "nothing was changed" in result.output
    assert SENTINEL not in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert db_path.read_bytes() == before_bytes
    assert dump_read_only(db_path) == before_dump


def test_a_refused_file_does_not_create_a_database(
    goal: Callable[..., Result], db_path: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "goalcli-export"', encoding="utf-8")
    assert goal("import", str(bad)).exit_code == 2
    assert goal("import", str(tmp_path / "missing.json")).exit_code == 2
    assert goal("import", str(tmp_path)).exit_code == 2
    (tmp_path / "latin1.json").write_bytes(b'{"note": "caf\xe9"}')
    assert goal("import", str(tmp_path / "latin1.json")).exit_code == 2
    assert not db_path.exists()


def test_validate_is_pure_and_normalises() -> None:
    document = export_format.validate(_valid_document(), current_schema=schema_version())
    [goal] = document.goals
    assert goal["baseline"] == 0.0 and isinstance(goal["baseline"], float)
    assert goal["checkins"][2]["value"] == 12.5
    with pytest.raises(InputError, match=r"^goals\[1\]\.steps\[1\]\.text: expected text"):
        export_format.validate(
            json.loads(_broken(_set(("goals", 0, "steps", 0, "text"), None))),
            current_schema=schema_version(),
        )


# --- import: merge, replace, create --------------------------------------------------------------


def test_import_into_a_missing_database_creates_it(
    goal: Callable[..., Result], db_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(_valid_document()), encoding="utf-8")
    result = goal("import", str(source))
    assert result.exit_code == 0, result.output
    assert "added 1 goal, 1 steps" not in result.output
    assert "1 goal, 1 step, 3 check-ins, 1 mood" in result.output
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    document = export_json(goal)
    assert without_stamp(document) == without_stamp(_valid_document())


def test_an_export_from_before_kinds_imports_as_readings(
    goal: Callable[..., Result], tmp_path: Path
) -> None:
    older = _valid_document()
    older["schema_version"] = 3  # before m004_goal_kind: goals had no kind
    del older["goals"][0]["kind"]
    source = tmp_path / "older.json"
    source.write_text(json.dumps(older), encoding="utf-8")

    result = goal("import", str(source))

    assert result.exit_code == 0, result.output
    (exported,) = export_json(goal)["goals"]
    assert exported["kind"] == "reading"


def test_an_export_from_before_the_change_log_imports(
    goal: Callable[..., Result], tmp_path: Path
) -> None:
    older = _valid_document()
    older["schema_version"] = 7  # before m008_change_log: no detail, no mood changes
    older["goals"][0]["changes"] = [
        {
            "day": "2026-11-05",
            "field": "target",
            "old_value": "30",
            "new_value": "25",
            "reason": None,
            "created_at": "2026-11-05T09:00:00+00:00",
        }
    ]
    source = tmp_path / "older.json"
    source.write_text(json.dumps(older), encoding="utf-8")

    result = goal("import", str(source))

    assert result.exit_code == 0, result.output
    exported = export_json(goal)
    assert exported["goals"][0]["changes"][0]["undone_at"] is None
    assert exported["goals"][0]["changes"][0]["detail"] is None
    assert exported["mood_changes"] == []


def test_undone_changes_and_mood_changes_go_out_and_come_back_exactly(
    history: Callable[..., Result], tmp_path: Path
) -> None:
    history("log", "--mood", "3")  # replaces the 6 of the fixture: a mood change
    history("step", "remove", "1", "2", "--yes")
    assert history("undo", "--yes").exit_code == 0
    exported = tmp_path / "mine.json"
    assert history("export", "--output", str(exported)).exit_code == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    [removed] = [c for c in document["goals"][0]["changes"] if c["field"] == "step_removed"]
    assert removed["undone_at"] is not None
    assert json.loads(removed["detail"]) == {"position": 2, "due_on": None, "done_on": None}
    [mood] = document["mood_changes"]
    assert (mood["field"], mood["old_value"], mood["new_value"]) == ("mood_replaced", "6", "3")

    elsewhere = str(tmp_path / "elsewhere.db")
    assert history("--db", elsewhere, "import", str(exported)).exit_code == 0
    again = history("--db", elsewhere, "export")
    assert without_stamp(json.loads(again.stdout)) == without_stamp(document)
    # The undone step removal stays undone there; the mood change is history there, listed
    # and marked as brought in, never what undo takes on that database (issue 24).
    listed = json.loads(history("--db", elsewhere, "undo", "--list", "--format", "json").stdout)
    assert [(entry["field"], entry["imported"]) for entry in listed] == [("mood_replaced", True)]
    shown = " ".join(history("--db", elsewhere, "undo", "--list").stdout.split())
    assert shown == "1. Mood of 2026-11-26 changed from 6 to 3 on 2026-11-26. (imported: history)"
    refused = history("--db", elsewhere, "undo", "--yes")
    assert refused.exit_code == 2 and "There is no change to undo." in refused.stderr
    moods = json.loads(history("--db", elsewhere, "export").stdout)["moods"]
    assert moods == [{"day": "2026-11-26", "mood": 3}]


def test_merging_an_older_export_does_not_bring_an_undone_change_back(
    history: Callable[..., Result], tmp_path: Path
) -> None:
    history("edit", "1", "--target", "20")
    exported = tmp_path / "before-undo.json"
    assert history("export", "--output", str(exported)).exit_code == 0
    assert history("undo", "--yes").exit_code == 0

    result = history("import", str(exported))

    assert result.exit_code == 0, result.output
    assert "added nothing new" in result.output
    listed = json.loads(history("undo", "--list", "--format", "json").stdout)
    assert [entry for entry in listed if entry["field"] == "target"] == []


def test_an_export_from_before_gas_guides_imports_without_a_guide(
    goal: Callable[..., Result], tmp_path: Path
) -> None:
    older = _valid_document()
    older["schema_version"] = 8  # before m009_gas_levels: goals had no GAS guide
    del older["goals"][0]["gas_levels"]
    source = tmp_path / "older.json"
    source.write_text(json.dumps(older), encoding="utf-8")

    result = goal("import", str(source))

    assert result.exit_code == 0, result.output
    (exported,) = export_json(goal)["goals"]
    assert exported["gas_levels"] is None


GUIDE = ["No walks", "One walk", "Three walks", "Four walks", "Every day"]


def test_a_gas_guide_goes_out_and_comes_back(goal: Callable[..., Result], tmp_path: Path) -> None:
    document = _valid_document()
    document["goals"][0]["gas_levels"] = GUIDE
    source = tmp_path / "guide.json"
    source.write_text(json.dumps(document), encoding="utf-8")

    assert goal("import", str(source)).exit_code == 0

    (exported,) = export_json(goal)["goals"]
    assert exported["gas_levels"] == GUIDE
    shown = json.loads(goal("show", "1", "--format", "json").stdout)
    assert shown["gas_levels"] == GUIDE


@pytest.mark.parametrize(
    ("guide", "problem"),
    [
        (GUIDE[:4], "goals[1].gas_levels: expected a list of five descriptions"),
        ([*GUIDE[:4], ""], "goals[1].gas_levels[5]: can't be empty"),
        ([*GUIDE[:4], "x" * 201], "goals[1].gas_levels[5]: the text"),
        ("Every day", "goals[1].gas_levels: expected a list of five descriptions"),
    ],
)
def test_a_bad_gas_guide_is_refused_naming_it(
    goal: Callable[..., Result], tmp_path: Path, guide: object, problem: str
) -> None:
    document = _valid_document()
    document["goals"][0]["gas_levels"] = guide
    source = tmp_path / "guide.json"
    source.write_text(json.dumps(document), encoding="utf-8")

    result = goal("import", str(source))

    assert result.exit_code == 2
    assert problem in result.stderr
    assert "Traceback" not in result.output


def test_importing_twice_is_the_same_as_once(
    history: Callable[..., Result], tmp_path: Path
) -> None:
    exported = tmp_path / "mine.json"
    assert history("export", "--output", str(exported)).exit_code == 0
    before = export_json(history)
    again = history("import", str(exported))
    assert again.exit_code == 0, again.output
    assert "added nothing new" in again.output
    assert without_stamp(export_json(history)) == without_stamp(before)


def test_merge_adds_only_what_is_missing(history: Callable[..., Result], tmp_path: Path) -> None:
    document = export_json(history)
    document["goals"][0]["checkins"].append({"day": "2026-11-27", "value": 25, "note": None})
    document["goals"][0]["steps"].append(
        {"position": 6, "text": "New step", "due_on": None, "done_on": None}
    )
    document["moods"].append({"day": "2026-11-20", "mood": 3})
    source = tmp_path / "more.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    result = history("import", str(source))
    assert result.exit_code == 0, result.output
    assert "added 1 step, 1 check-in, 1 mood; skipped" in result.output
    # Another person's goal whose id 1 is taken here: it is added with a new id.
    other = tmp_path / "other.json"
    other.write_text(json.dumps(_valid_document()), encoding="utf-8")
    result = history("import", str(other))
    assert result.exit_code == 0, result.output
    assert "added 1 goal, 1 step, 3 check-ins, 1 mood, 1 excused day." in result.output
    after = export_json(history)
    assert [goal["id"] for goal in after["goals"]] == [1, 2, 3]
    assert after["goals"][2]["title"] == "Walk outside"
    assert after["goals"][0]["checkins"][-1]["day"] == "2026-11-27"
    assert len(after["goals"][0]["steps"]) == 6
    assert [mood["day"] for mood in after["moods"]] == ["2026-11-02", "2026-11-20", "2026-11-26"]


def test_replace_needs_confirmation_then_loads_only_the_file(
    history: Callable[..., Result], db_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(_valid_document()), encoding="utf-8")
    before = dump_read_only(db_path)
    refused = history("import", "--replace", str(source))
    assert refused.exit_code == 2
    assert "--yes" in refused.output
    assert dump_read_only(db_path) == before
    declined = history("import", "--replace", str(source), input="n\n")
    assert declined.exit_code in (0, 2)
    assert dump_read_only(db_path) == before

    replaced = history("import", "--replace", "--yes", str(source))
    assert replaced.exit_code == 0, replaced.output
    assert "Backed up the current database to" in replaced.output
    assert without_stamp(export_json(history)) == without_stamp(_valid_document())
    [kept] = (db_path.parent / "backups").iterdir()
    assert len(dump_read_only(kept)) == len(before)


# --- round trip --------------------------------------------------------------------------------

DAY = st.dates(date(2000, 1, 1), date(2099, 12, 31)).map(date.isoformat)
STAMP = st.datetimes(datetime(2000, 1, 1), datetime(2099, 1, 1), timezones=st.just(UTC)).map(
    lambda moment: moment.isoformat(timespec="seconds")
)
NUMBER = strategies.NUMBERS


def optional(field: str) -> st.SearchStrategy[str | None]:
    return st.none() | texts(field)


# A recorded change; undone or not, with or without a detail (JSON text holding an object).
CHANGES = st.fixed_dictionaries(
    {
        "day": DAY,
        "field": texts("change", required=True),
        "old_value": optional("change"),
        "new_value": optional("change"),
        "reason": optional("change"),
        "created_at": STAMP,
        "undone_at": st.none() | STAMP,
        "detail": st.none()
        | st.dictionaries(st.sampled_from(["date", "position", "note"]), st.none() | DAY).map(
            lambda found: json.dumps(found, ensure_ascii=False, sort_keys=True)
        ),
    }
)


RATING = st.none() | st.integers(0, 10)  # pleasure, mastery: null is not rated


@st.composite
def goal_documents(draw: st.DrawFn, goal_id: int, intake_ids: list[int]) -> dict[str, Any]:
    baseline, target = draw(strategies.baseline_and_target())
    start_date = draw(DAY)
    target_date = draw(DAY.filter(lambda day: day > start_date))
    positions = sorted(draw(st.lists(st.integers(1, 60), unique=True, max_size=4)))
    checkin_days = sorted(draw(st.lists(DAY, unique=True, max_size=6)))
    review_days = sorted(draw(st.lists(DAY, unique=True, max_size=2)))
    changes = draw(st.lists(CHANGES, max_size=3))
    return {
        "id": goal_id,
        "intake": draw(st.none() | st.sampled_from(intake_ids)) if intake_ids else None,
        "title": draw(texts("title", required=True)),
        "specific": draw(texts("specific")),
        "measure": draw(texts("measure")),
        "unit": draw(texts("unit")),
        "baseline": baseline,
        "target": target,
        "relevant": draw(texts("relevant")),
        "confidence": draw(st.integers(0, 10)),
        "frequency": draw(st.sampled_from(["daily", "weekly", "3 per week"])),
        "kind": draw(st.sampled_from(["reading", "weekly_total"])),
        "weight": draw(st.integers(1, 3)),
        "start_date": start_date,
        "target_date": target_date,
        "status": draw(st.sampled_from(export_format.GOAL_STATUSES)),
        "created_at": draw(STAMP),
        "gas_levels": draw(
            st.none() | st.lists(texts("gas_level", required=True), min_size=5, max_size=5)
        ),
        "steps": [
            {
                "position": position,
                "text": draw(texts("step", required=True)),
                "due_on": draw(st.none() | DAY),
                "done_on": draw(st.none() | DAY),
                "expected_pleasure": draw(RATING),
                "pleasure": draw(RATING),
                "mastery": draw(RATING),
            }
            for position in positions
        ],
        "checkins": [
            {
                "day": day,
                "value": draw(st.none() | NUMBER),
                "note": draw(optional("note")),
                "pleasure": draw(RATING),
                "mastery": draw(RATING),
            }
            for day in checkin_days
        ],
        "reviews": [
            {
                "day": day,
                "gas": draw(st.none() | st.integers(-2, 2)),
                "gbo": draw(st.none() | st.integers(0, 10)),
                "weight": draw(st.integers(1, 3)),
                "helped": draw(optional("helped")),
                "hindered": draw(optional("hindered")),
                "next_step": draw(optional("next_step")),
                "note": draw(optional("note")),
                "member": draw(st.none() | texts("member", required=True)),
            }
            for day in review_days
        ],
        "changes": sorted(changes, key=lambda change: (change["day"], change["created_at"])),
        "excused_days": [
            {"day": day, "reason": draw(optional("reason"))}
            for day in sorted(draw(st.lists(DAY, unique=True, max_size=3)))
            if day not in checkin_days
        ],
    }


@st.composite
def histories(draw: st.DrawFn) -> dict[str, Any]:
    intake_ids = sorted(draw(st.lists(st.integers(1, 50), unique=True, max_size=2)))
    intakes = [
        {
            "id": intake_id,
            "therapy_type": draw(st.sampled_from(export_format.THERAPY_TYPES)),
            "expectations": draw(texts("expectations")),
            "obstacles": draw(texts("obstacles")),
            "success_feels_like": draw(texts("success_feels_like")),
            "motivations": draw(texts("motivations")),
            "support_contact": draw(optional("support_contact")),
            "created_on": draw(DAY),
        }
        for intake_id in intake_ids
    ]
    goal_ids = sorted(draw(st.lists(st.integers(1, 500), unique=True, max_size=3)))
    goals = [draw(goal_documents(goal_id, intake_ids)) for goal_id in goal_ids]
    if goals and draw(st.booleans()):  # the same plan twice on one day: equal goals, both kept
        goals.append(dict(goals[0], id=goal_ids[-1] + 1))
    mood_days = sorted(draw(st.lists(DAY, unique=True, max_size=5)))
    document = transfer.empty_document("2026-11-26T09:00:00+00:00", schema_version())
    document["intakes"] = intakes
    document["goals"] = goals
    document["moods"] = [{"day": day, "mood": draw(st.integers(0, 10))} for day in mood_days]
    document["mood_changes"] = sorted(
        draw(st.lists(CHANGES, max_size=2)),
        key=lambda change: (change["day"], change["created_at"]),
    )
    scheduled = draw(st.lists(st.sampled_from(["gad7", "phq9", "who5"]), unique=True))
    document["measure_schedule"] = [
        {"measure": measure, "every_days": draw(st.integers(1, 365)), "since": draw(DAY)}
        for measure in sorted(scheduled)
    ]
    document["crisis_line"] = draw(st.none() | texts("support_contact", required=True))
    document["members"] = draw(st.sampled_from([[], ["Sam"], ["Sam", "Alex"]]))
    return document


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=histories())
def test_round_trip_is_exact(goal: Callable[..., Result], document: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "history.json"
        source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        first_db, second_db = str(Path(folder) / "a.db"), str(Path(folder) / "b.db")
        imported = goal("--db", first_db, "import", str(source))
        assert imported.exit_code == 0, imported.output
        first = goal("--db", first_db, "export", "--output", str(Path(folder) / "first.json"))
        assert first.exit_code == 0, first.output
        exported = json.loads((Path(folder) / "first.json").read_text(encoding="utf-8"))
        assert without_stamp(exported) == without_stamp(document)

        again = goal("--db", second_db, "import", str(Path(folder) / "first.json"))
        assert again.exit_code == 0, again.output
        second = goal("--db", second_db, "export", "--output", str(Path(folder) / "second.json"))
        assert second.exit_code == 0, second.output
        first_text = (Path(folder) / "first.json").read_text(encoding="utf-8").splitlines()
        second_text = (Path(folder) / "second.json").read_text(encoding="utf-8").splitlines()
        assert [line for line in first_text if '"exported_at"' not in line] == [
            line for line in second_text if '"exported_at"' not in line
        ]
        # Importing the same history again adds nothing.
        merged = goal("--db", second_db, "import", str(source))
        assert merged.exit_code == 0, merged.output
        assert "added nothing new" in merged.output


def test_an_interrupted_import_writes_nothing(
    history: Callable[..., Result], db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(_valid_document()), encoding="utf-8")
    before = dump_read_only(db_path)
    real_merge = transfer._merge_children

    def merge_then_interrupt(*args: Any, **kwargs: Any) -> None:
        real_merge(*args, **kwargs)  # rows are written inside the transaction...
        raise KeyboardInterrupt  # ...then Ctrl-C arrives before the commit

    monkeypatch.setattr(transfer, "_merge_children", merge_then_interrupt)
    result = history("import", str(source))
    assert result.exit_code == 130
    assert "nothing was saved" in result.output
    assert dump_read_only(db_path) == before


def test_profiles_export_and_back_up_their_own_data(
    goal: Callable[..., Result], tmp_path: Path, engine: str
) -> None:
    plan = str(Path(__file__).resolve().parents[2] / "examples" / "elevate-mood.toml")
    assert goal("--profile", "alice", "intake", "--yes", "--answers", plan).exit_code == 0
    assert len(export_json(goal, "--profile", "alice")["goals"]) == 2
    if engine == "postgresql":  # a profile is a schema; a server is backed up by its own tools
        assert export_json(goal, "--profile", "bob")["goals"] == []
        listed = json.loads(goal("profiles", "--format", "json").output)
        assert [row["name"] for row in listed] == ["alice"]
        return
    refused = goal("--profile", "bob", "export", "--format", "json")
    assert refused.exit_code == 2  # a profile that does not exist is not an empty export
    backed_up = goal("--profile", "alice", "backup")
    assert backed_up.exit_code == 0, backed_up.output
    folder = tmp_path / "xdg" / "goalcli" / "profiles" / "backups"
    [copy] = folder.iterdir()
    assert copy.name.startswith("alice-")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    listed = json.loads(goal("profiles", "--format", "json").output)
    assert [row["name"] for row in listed] == ["alice"]  # backups are not profiles


def test_ratings_go_out_and_come_back(planned: Callable[..., Result], tmp_path: Path) -> None:
    """Pleasure, mastery and a predicted pleasure travel through export and import."""
    assert planned("log", "1", "--value", "9", "--pleasure", "7", "--mastery", "5").exit_code == 0
    assert planned("step", "edit", "1", "2", "--expect-pleasure", "3").exit_code == 0
    assert planned("step", "done", "1", "2", "--pleasure", "8", "--mastery", "6").exit_code == 0
    exported = tmp_path / "out.json"
    document = export_json(planned)
    exported.write_text(json.dumps(document))
    first = document["goals"][0]
    assert first["checkins"][0] | {"note": None} == {
        "day": "2026-11-26",
        "value": 9,
        "note": None,
        "pleasure": 7,
        "mastery": 5,
    }
    step = first["steps"][1]
    assert (step["expected_pleasure"], step["pleasure"], step["mastery"]) == (3, 8, 6)

    assert planned("import", "--replace", "--yes", str(exported)).exit_code == 0
    assert export_json(planned)["goals"][0]["checkins"] == first["checkins"]
    assert export_json(planned)["goals"][0]["steps"] == first["steps"]


def test_an_export_from_before_ratings_imports_as_not_rated(
    goal: Callable[..., Result], tmp_path: Path
) -> None:
    document = _valid_document()
    del document["goals"][0]["excused_days"]  # as a file written before them
    for item in [*document["goals"][0]["checkins"], *document["goals"][0]["steps"]]:
        for name in UNRATED:
            item.pop(name, None)  # as a file written before the ratings
    source = tmp_path / "old.json"
    source.write_text(json.dumps(document))

    assert goal("import", str(source)).exit_code == 0
    imported = export_json(goal)["goals"][0]
    assert {(c["pleasure"], c["mastery"]) for c in imported["checkins"]} == {(None, None)}
    assert imported["steps"][0]["expected_pleasure"] is None
    assert imported["excused_days"] == []


def test_excused_days_go_out_and_come_back(planned: Callable[..., Result], tmp_path: Path) -> None:
    assert planned("skip", "1", "--reason", "flu").exit_code == 0
    document = export_json(planned)
    assert document["goals"][0]["excused_days"] == [{"day": "2026-11-26", "reason": "flu"}]
    source = tmp_path / "out.json"
    source.write_text(json.dumps(document))

    assert planned("import", "--replace", "--yes", str(source)).exit_code == 0
    assert export_json(planned)["goals"][0]["excused_days"] == document["goals"][0]["excused_days"]
