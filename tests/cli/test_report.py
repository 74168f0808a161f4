"""`goal report`, `goal list`, `goal demo` and the global options.

The main scenario is a plan made on 2026-11-19 and logged over the following week; every
expected number below is worked out by hand from docs/progress.md's definitions (see WEEK).
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from lib.answers import answers_toml, fewer_panics, walk_outside

# Every test here runs on SQLite and on PostgreSQL (lib/postgres.py): the same results.
pytestmark = pytest.mark.usefixtures("engine")

Run = Callable[..., Result]

PLAN = answers_toml(
    "2026-11-19",
    walk_outside(target_date="2026-12-19", first_step_on="2026-11-20"),
    fewer_panics(title="Fewer panics", first_step_on="2026-11-20"),
    """\
[[goals]]
title = "Read at night"
specific = "Read a paper book in bed instead of scrolling"
measure = "pages read per night"
unit = "pages"
baseline = 0
target = 20
relevant = "I sleep better without the phone"
confidence = 8
target_date = "2026-12-19"
steps = ["Put a book on the pillow"]
first_step = 1
first_step_on = "2026-11-20"
""",
)

# The week, as (today, arguments to `goal log`). Some days are logged on the day itself
# (GOALCLI_TODAY moved), others afterwards with --date from 2026-11-26.
WEEK: list[tuple[str, list[str]]] = [
    ("2026-11-19", ["walk", "--value", "5", "--mood", "2"]),
    ("2026-11-19", ["fewer", "--value", "6"]),
    ("2026-11-20", ["1", "--value", "8", "--mood", "5", "--done", "1"]),
    ("2026-11-21", ["1", "--value", "10", "--mood", "6"]),
    # 2026-11-22: no walk (a gap in its streak); a worse day for panics
    ("2026-11-26", ["2", "--value", "7", "--date", "2026-11-22"]),
    ("2026-11-26", ["walk", "--value", "12", "--mood", "7", "--done", "2", "--date", "monday"]),
    ("2026-11-24", ["walk", "--value", "15", "--mood", "3"]),
    ("2026-11-24", ["--mood", "8"]),  # replaces the 3 logged earlier that day
    # 2026-11-25: a walk check-in with a note but no value
    ("2026-11-26", ["walk", "--note", "Too tired [bold]today[/bold]", "--date", "yesterday"]),
    ("2026-11-26", ["fewer", "--value", "5", "--mood", "6", "--note", "Calmer"]),
]

# Worked out by hand for as_of 2026-11-26, start 2026-11-19 (7 days in).
# Walk outside: 0 → 30, target 2026-12-19 (30 days after the start).
WALK = {
    "id": 1,
    "title": "Walk outside",
    "unit": "minutes",
    "direction": "increase",
    "baseline": 0,
    "target": 30,
    "kind": "reading",
    "current": 15,  # 2026-11-24; the 25th has no value
    "level": 12.33,  # the latest three values: (10 + 12 + 15) / 3
    "stale": False,
    "progress": 0.41,  # 12.33 / 30
    "expected_progress": 0.23,  # 7 / 30
    "status": "ahead",  # 0.41 ≥ 0.23 + 0.10
    "start_date": "2026-11-19",
    "target_date": "2026-12-19",
    "days_left": 23,
    "streak": 3,  # 23, 24, 25 (none today yet; the 22nd is a gap)
    "streak_unit": "days",
    # Five readings (19: 5, 20: 8, 21: 10, 23: 12, 24: 15); pairwise slopes a day, sorted:
    # 1, 4/3, 5/3, 7/4, 7/4, 2, 2, 2.5, 3, 3. Median (7/4 + 2) / 2 = 1.875, × 7 = 13.125 a
    # week (13.12 to 2 places, half to even), towards 30 by more than 5% of 30: improving.
    "trend": {"per_week": 13.12, "direction": "improving"},
    "checkins": 6,  # 19, 20, 21, 23, 24, 25
    "steps_done": 2,
    "steps_total": 3,
    "last_checkin": "2026-11-25",
}
# Fewer panics: 6 → 1, target 2027-01-08 (50 days after the start).
PANICS = {
    "id": 2,
    "title": "Fewer panics",
    "unit": "episodes",
    "direction": "decrease",
    "baseline": 6,
    "target": 1,
    "kind": "reading",
    "current": 5,
    "level": 6,  # (6 + 7 + 5) / 3: the better day today does not outweigh the worse one
    "stale": False,
    "progress": 0.0,  # (6 − 6) / (1 − 6)
    "expected_progress": 0.14,  # 7 / 50
    "status": "behind",  # 0 < 0.14 − 0.10
    "start_date": "2026-11-19",
    "target_date": "2027-01-08",
    "days_left": 43,
    "streak": 1,  # today only; nothing on the 25th
    "streak_unit": "days",
    "trend": None,  # three readings; a trend needs four
    "checkins": 3,  # 19, 22, 26
    "steps_done": 0,
    "steps_total": 2,
    "last_checkin": "2026-11-26",
}
# Read at night: 0 → 20, no check-ins at all.
READ = {
    "id": 3,
    "title": "Read at night",
    "unit": "pages",
    "direction": "increase",
    "baseline": 0,
    "target": 20,
    "kind": "reading",
    "current": 0,  # the baseline
    "level": 0,  # the baseline
    "stale": False,
    "progress": 0.0,
    "expected_progress": 0.23,
    "status": "behind",  # 0 < 0.23 − 0.10
    "start_date": "2026-11-19",
    "target_date": "2026-12-19",
    "days_left": 23,
    "streak": 0,
    "streak_unit": "days",
    "trend": None,
    "checkins": 0,
    "steps_done": 0,
    "steps_total": 1,
    "last_checkin": None,
}
# Moods: 19→2, 20→5, 21→6, 23→7, 24→8 (replaced 3), 26→6.
MOOD_SERIES = [
    {"date": "2026-11-19", "mood": 2},
    {"date": "2026-11-20", "mood": 5},
    {"date": "2026-11-21", "mood": 6},
    {"date": "2026-11-23", "mood": 7},
    {"date": "2026-11-24", "mood": 8},
    {"date": "2026-11-26", "mood": 6},
]
WALK_PANICS_READ = ("Walk outside", "Fewer panics", "Read at night")
MOOD_7 = 6.4  # 20..26: (5 + 6 + 7 + 8 + 6) / 5
MOOD_30 = 5.7  # 2026-10-28..26: 34 / 6 = 5.67


def _run(runner: CliRunner, db: Path, today: str, args: list[str], input: str | None = None):
    from goalcli.cli import app

    env = {"GOALCLI_DB": str(db), "GOALCLI_TODAY": today}
    result = runner.invoke(app, args, env=env, input=input)
    assert result.exit_code == 0, (args, result.output)
    return result


@pytest.fixture(scope="module")
def week_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The week's database, built once and copied for each test."""
    folder = tmp_path_factory.mktemp("week")
    db = folder / "goals.db"
    answers = folder / "plan.toml"
    answers.write_text(PLAN, encoding="utf-8")
    runner = CliRunner()
    _run(runner, db, "2026-11-26", ["intake", "--answers", str(answers)])
    for today, args in WEEK:
        _run(runner, db, today, ["log", *args])
    return db


@pytest.fixture
def week(week_db: Path, db_path: Path, goal: Run) -> Run:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{week_db}{suffix}")
        if source.exists():
            shutil.copy(source, f"{db_path}{suffix}")
    return goal


def report(goal: Run, *args: str, today: str | None = None) -> dict[str, Any]:
    env = {"GOALCLI_TODAY": today} if today else None
    result = goal("report", "--format", "json", *args, env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def by_id(document: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {entry["id"]: entry for entry in document["goals"]}


def assert_fields(entry: dict[str, Any], expected: dict[str, Any]) -> None:
    shown = {key: entry.get(key, "<missing>") for key in expected}
    assert shown == expected


def section(markdown: str, heading_start: str) -> str:
    """The Markdown from a heading that starts with `heading_start` up to the next heading."""
    lines = markdown.splitlines()
    (start,) = [i for i, line in enumerate(lines) if line.startswith(heading_start)]
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("#")), len(lines))
    return "\n".join(lines[start:end])


# --- the JSON report after a week -----------------------------------------------------------


def test_week_report_json_goal_fields(week: Run) -> None:
    document = report(week)

    assert document["as_of"] == "2026-11-26"
    assert [entry["id"] for entry in document["goals"]] == [1, 2, 3]
    goals = by_id(document)
    assert_fields(goals[1], WALK)
    assert_fields(goals[2], PANICS)
    assert_fields(goals[3], READ)


def test_week_report_json_mood(week: Run) -> None:
    mood = report(week)["mood"]

    assert mood["series"] == MOOD_SERIES
    assert mood["last_7_avg"] == MOOD_7
    assert mood["last_30_avg"] == MOOD_30


def test_report_two_days_later_breaks_streaks_and_moves_expectations(week: Run) -> None:
    document = report(week, today="2026-11-28")
    goals = by_id(document)

    assert document["as_of"] == "2026-11-28"
    # Nothing on the 27th or 28th: no streak is alive any more.
    assert [goals[i]["streak"] for i in (1, 2, 3)] == [0, 0, 0]
    assert goals[1]["expected_progress"] == 0.3  # 9 / 30
    assert goals[2]["expected_progress"] == 0.18  # 9 / 50
    assert goals[1]["status"] == "ahead"  # level 12.33: 0.41 ≥ 0.40
    assert goals[2]["status"] == "behind"  # level 6: 0 < 0.08
    assert (goals[1]["days_left"], goals[2]["days_left"]) == (21, 41)
    # 22..28 holds the moods of the 23rd, 24th and 26th: (7 + 8 + 6) / 3.
    assert document["mood"]["last_7_avg"] == 7.0
    assert document["mood"]["last_30_avg"] == MOOD_30


def test_report_the_next_day_keeps_a_streak_ending_yesterday(week: Run) -> None:
    goals = by_id(report(week, today="2026-11-27"))

    assert goals[2]["streak"] == 1  # the 26th, counted as yesterday's
    assert goals[1]["streak"] == 0  # its last check-in was the 25th


def test_logging_today_extends_the_streak_across_yesterday(week: Run) -> None:
    result = week("log", "walk", "--value", "18")

    assert result.exit_code == 0, result.output
    walk = by_id(report(week))[1]
    assert walk["streak"] == 4  # 23, 24, 25, 26
    assert walk["checkins"] == 7
    assert walk["current"] == 18
    assert walk["level"] == 15  # (12 + 15 + 18) / 3
    assert walk["progress"] == 0.5  # 15 / 30
    assert walk["last_checkin"] == "2026-11-26"
    assert "streak 4 days" in " ".join(result.stdout.split())


def test_report_after_the_target_date_is_overdue(week: Run) -> None:
    goals = by_id(report(week, today="2026-12-20"))

    assert_fields(
        goals[1],
        # The 28 days ending 12-20 hold only the 23rd (12) and 24th (15): level 13.5, 0.45.
        {"status": "overdue", "days_left": -1, "expected_progress": 1.0, "progress": 0.45},
    )
    assert goals[3]["status"] == "overdue"
    # Fewer panics: 31 of 50 days gone, expected 0.62, progress 0 < 0.52.
    assert_fields(goals[2], {"status": "behind", "expected_progress": 0.62, "days_left": 19})


def test_achieved_and_beyond_are_not_clamped(week: Run) -> None:
    for when in ("2026-11-24", "2026-11-25", "2026-11-26"):
        week("log", "walk", "--value", "36", "--date", when)
    week("log", "read", "--value", "20")

    goals = by_id(report(week))
    # Three readings of 36: a sustained level, 36 / 30 = 1.2.
    assert_fields(goals[1], {"current": 36, "level": 36, "progress": 1.2, "status": "achieved"})
    # One reading at the target is not yet a sustained level: judged as not achieved (ahead
    # of 0.23 + 0.10), though its progress is shown as it is.
    assert_fields(goals[3], {"current": 20, "level": 20, "progress": 1.0, "status": "ahead"})


def test_decreasing_goal_going_the_wrong_way_is_negative(week: Run) -> None:
    week("log", "fewer", "--value", "8")

    panics = by_id(report(week))[2]
    # Level (6 + 7 + 8) / 3 = 7: (7 − 6) / (1 − 6) = −0.2
    assert_fields(panics, {"current": 8, "level": 7, "progress": -0.2, "status": "behind"})
    assert panics["direction"] == "decrease"


def test_a_fractional_value(week: Run) -> None:
    week("log", "read", "--value", "2.5")

    read = by_id(report(week))[3]
    assert read["current"] == 2.5
    assert read["progress"] == 0.12  # 2.5 / 20 = 0.125, shown to 2 decimals
    assert read["status"] == "behind"  # 0.125 < 0.1333


# --- narrowing ------------------------------------------------------------------------------


@pytest.mark.parametrize("reference", ["2", "fewer", "FEWER P"])
def test_report_goal_narrows_to_one(week: Run, reference: str) -> None:
    document = report(week, "--goal", reference)

    assert [entry["id"] for entry in document["goals"]] == [2]
    assert_fields(document["goals"][0], PANICS)


def test_report_goal_unknown_is_refused(week: Run) -> None:
    result = week("report", "--goal", "swim", "--format", "json")

    assert result.exit_code == 2
    assert "'swim'" in result.stderr
    assert result.stdout == ""


def test_report_since_narrows_checkins_and_mood_series(week: Run) -> None:
    document = report(week, "--since", "monday")  # Monday = 2026-11-23
    goals = by_id(document)

    # Check-ins from the 23rd on: walk 23, 24, 25; panics 26; reading none.
    assert [goals[i]["checkins"] for i in (1, 2, 3)] == [3, 1, 0]
    assert document["mood"]["series"] == MOOD_SERIES[3:]
    # Where each goal stands does not depend on the period.
    assert [goals[i]["current"] for i in (1, 2, 3)] == [15, 5, 0]
    assert [goals[i]["progress"] for i in (1, 2, 3)] == [0.41, 0.0, 0.0]
    assert goals[1]["last_checkin"] == "2026-11-25"
    # The averages keep their definition: the 7 and 30 days ending as_of.
    assert document["mood"]["last_7_avg"] == MOOD_7
    assert document["mood"]["last_30_avg"] == MOOD_30


def test_report_since_a_day_without_checkins_in_the_period(week: Run) -> None:
    goals = by_id(report(week, "--since", "2026-11-26"))

    assert [goals[i]["checkins"] for i in (1, 2, 3)] == [0, 1, 0]


def test_report_since_the_future_is_refused(week: Run) -> None:
    result = week("report", "--since", "tomorrow")

    assert result.exit_code == 2
    assert "2026-11-27" in result.stderr


def test_report_since_garbage_is_refused(week: Run) -> None:
    result = week("report", "--since", "the other week")

    assert result.exit_code == 2
    assert "'the other week'" in result.stderr


# --- Markdown and table -----------------------------------------------------------------------


def test_week_report_markdown_has_the_same_numbers(week: Run) -> None:
    result = week("report", "--format", "markdown")

    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# ")
    assert "2026-11-26" in text.splitlines()[0]
    assert "\n## Goals\n" in text
    assert "\n## Mood\n" in text

    walk = section(text, "### 1. Walk outside")
    assert (
        "0 → **15** → 30 minutes (start → now → target): up 12.33 from your start, "
        "17.67 to go; level 12.33"
    ) in walk
    assert "41%" in walk and "23%" in walk and "ahead" in walk
    assert "2026-12-19" in walk and "23 days left" in walk
    (checkins,) = [line for line in walk.splitlines() if "streak 3 days" in line]
    assert re.search(r"\b6\b", checkins) and "2026-11-25" in checkins
    assert "2 of 3" in walk

    panics = section(text, "### 2. Fewer panics")
    # A goal to lower something says so the right way round, judged from its level (the mean
    # of the latest three readings: 6), while "now" is the latest value, 5.
    assert (
        "6 → **5** → 1 episode (start → now → target): no change from your start, 5 to go; level 6"
    ) in panics
    assert "0%" in panics and "14%" in panics and "behind" in panics
    assert "43 days left" in panics and "streak 1" in panics
    assert "0 of 2" in panics
    assert "Calmer" in panics

    read = section(text, "### 3. Read at night")
    assert "0 → **0** → 20 pages" in read
    assert "behind" in read and "0 of 1" in read

    mood = text.split("\n## Mood\n", 1)[1]
    assert "6.4" in mood and "5.7" in mood


def test_markdown_escapes_user_markup(week: Run) -> None:
    text = week("report", "--format", "markdown").stdout

    # The note is shown as typed once rendered: the brackets are escaped, not live.
    assert r"Too tired \[bold\]today\[/bold\]" in text


def test_week_report_table(week: Run) -> None:
    result = week("report")

    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Progress as of 2026-11-26" in out
    for title in ("Walk outside", "Fewer panics", "Read at night"):
        assert title in out
    rows = {title: line for line in out.splitlines() for title in WALK_PANICS_READ if title in line}
    assert "ahead" in rows["Walk outside"]
    assert "behind" in rows["Fewer panics"]
    assert "behind" in rows["Read at night"]
    assert "2/3" in rows["Walk outside"] and "23d" in rows["Walk outside"]
    assert "0/2" in rows["Fewer panics"] and "43d" in rows["Fewer panics"]
    assert "41%" in rows["Walk outside"] and "0%" in rows["Fewer panics"]
    assert "3d" in rows["Walk outside"] and "1d" in rows["Fewer panics"]
    # Baseline → current → target with the unit.
    assert "0 → 15 → 30 minutes" in out
    assert "level 12.33" in out
    assert "6 → 5 → 1 episode " in out
    # The latest note, literally as typed (not read as Rich markup).
    assert "Too tired [bold]today[/bold]" in out
    assert "Mood" in out and "6.4/10" in out and "5.7/10" in out


# --- user text shown literally, never steering the terminal -----------------------------------


@pytest.fixture
def odd(goal: Run, tmp_path: Path, db_path: Path) -> Run:
    """A plan whose third goal's title holds Rich markup and an escape sequence, and a note
    with an escape sequence. goalcli refuses control characters at every door now (see
    core/limits.py), so they are written as an earlier goalcli could have stored them."""
    import sqlite3

    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    assert goal("intake", "--answers", str(path)).exit_code == 0
    result = goal("log", "1", "--value", "3", "--note", "placeholder")
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "UPDATE goal SET title = ? WHERE id = 3", ("[bold]Read[/bold] \x1b[2Jat night",)
        )
        connection.execute(
            "UPDATE checkin SET note = ? WHERE goal_id = 1",
            ("\x1b[31mred alert\x1b[0m [i]x[/i]",),
        )
    connection.close()
    return goal


@pytest.mark.parametrize(
    "args",
    [
        ["report"],
        ["report", "--format", "markdown"],
        ["report", "--format", "json"],
        ["list"],
        ["list", "--format", "json"],
        ["log", "1", "--value", "4"],
    ],
    ids=" ".join,
)
def test_no_raw_escape_byte_reaches_stdout(odd: Run, args: list[str]) -> None:
    result = odd(*args)

    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert "\x9b" not in result.stdout


def test_escape_in_a_note_is_shown_visibly(odd: Run) -> None:
    table = odd("report").stdout

    assert "\\x1b[31mred alert" in table
    assert "[i]x[/i]" in table


def test_markup_in_a_title_is_literal_in_table_and_json(odd: Run) -> None:
    document = report(odd)
    listed = json.loads(odd("list", "--format", "json").stdout)

    assert by_id(document)[3]["title"] == "[bold]Read[/bold] \x1b[2Jat night"
    assert listed[2]["title"] == "[bold]Read[/bold] \x1b[2Jat night"
    assert "[bold]Read[/bold]" in odd("report").stdout
    assert "[bold]Read[/bold]" in odd("list").stdout


# --- list -------------------------------------------------------------------------------------


def test_list_json_has_ids_and_fields(week: Run) -> None:
    result = week("list", "--format", "json")

    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(row["id"], row["title"], row["status"]) for row in rows] == [
        (1, "Walk outside", "active"),
        (2, "Fewer panics", "active"),
        (3, "Read at night", "active"),
    ]
    assert_fields(
        rows[1],
        {
            "unit": "episodes",
            "baseline": 6,
            "target": 1,
            "start_date": "2026-11-19",
            "target_date": "2027-01-08",
        },
    )


def test_list_table_shows_ids_and_titles(week: Run) -> None:
    out = week("list").stdout

    for number, title in enumerate(WALK_PANICS_READ, start=1):
        (line,) = [line for line in out.splitlines() if title in line]
        assert str(number) in line.split(title)[0]
        assert "active" in line


def test_list_all_includes_finished_goals(week: Run, db_path: Path) -> None:
    # No command finishes a goal yet: mark one done directly, as a later feature would.
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE goal SET status = 'done' WHERE id = 2")
    connection.close()

    active = json.loads(week("list", "--format", "json").stdout)
    everything = json.loads(week("list", "--all", "--format", "json").stdout)

    assert [row["id"] for row in active] == [1, 3]
    assert [(row["id"], row["status"]) for row in everything] == [
        (1, "active"),
        (2, "done"),
        (3, "active"),
    ]
    assert "Fewer panics" not in week("list").stdout
    assert "Fewer panics" in week("list", "--all").stdout
    # The report shows active goals only.
    assert [entry["id"] for entry in report(week)["goals"]] == [1, 3]


# --- no database yet ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["report"], ["report", "--format", "markdown"], ["list"], ["list", "--all"]],
    ids=" ".join,
)
def test_reading_without_a_database_hints_and_creates_nothing(
    goal: Run, db_path: Path, args: list[str]
) -> None:
    result = goal(*args)

    assert result.exit_code == 0, result.output
    assert "goal" in result.stdout.lower()
    assert "No " in result.stdout
    assert not db_path.exists()
    assert not db_path.parent.exists()


def test_report_table_without_a_database_points_to_intake(goal: Run) -> None:
    assert "goal intake" in goal("report").stdout
    assert "goal intake" in goal("list").stdout


def test_json_without_a_database_is_empty_but_valid(goal: Run, db_path: Path) -> None:
    document = report(goal)
    listed = json.loads(goal("list", "--format", "json").stdout)

    assert document["as_of"] == "2026-11-26"
    assert document["goals"] == []
    assert document["mood"] == {"last_7_avg": None, "last_30_avg": None, "series": []}
    assert listed == []
    assert not db_path.exists()


# --- demo -------------------------------------------------------------------------------------


def test_demo_shows_three_goals_and_leaves_no_database(
    goal: Run, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))

    result = goal("demo")

    assert result.exit_code == 0, result.output
    for title in ("Walk outside", "Fewer evening drinks", "Call a friend"):
        assert title in result.stdout
    assert "Mood" in result.stdout
    assert not db_path.exists()
    assert not db_path.parent.exists()
    assert not (tmp_path / "xdg").exists()
    assert list(scratch.iterdir()) == []  # the throwaway database was deleted


def test_demo_leaves_an_existing_database_alone(week: Run) -> None:
    before = report(week)
    assert week("demo").exit_code == 0
    assert report(week) == before


# --- global options ---------------------------------------------------------------------------


def test_version(goal: Run, db_path: Path) -> None:
    from goalcli import __version__

    result = goal("--version")

    assert result.exit_code == 0
    assert result.stdout.strip() == f"goal {__version__}"
    assert not db_path.exists()


def test_db_option_wins_over_the_environment(goal: Run, db_path: Path, tmp_path: Path) -> None:
    chosen = tmp_path / "elsewhere" / "mine.db"
    answers = tmp_path / "plan.toml"
    answers.write_text(PLAN, encoding="utf-8")

    result = goal("--db", str(chosen), "intake", "--answers", str(answers))

    assert result.exit_code == 0, result.output
    assert chosen.exists()
    assert not db_path.exists()
    listed = json.loads(goal("--db", str(chosen), "list", "--format", "json").stdout)
    assert [row["id"] for row in listed] == [1, 2, 3]
    # Without --db, GOALCLI_DB is used again: nothing there.
    assert json.loads(goal("list", "--format", "json").stdout) == []


@pytest.mark.parametrize(
    "args",
    [
        ["--bogus"],
        ["--db"],
        ["report", "--bogus"],
        ["report", "--format", "yaml"],
        ["list", "--format", "markdown"],
        ["log", "1", "--frobnicate", "3"],
        ["intake", "--answers"],
        ["nosuchcommand"],
    ],
    ids=" ".join,
)
def test_unknown_option_or_command_is_a_usage_error(
    goal: Run, db_path: Path, args: list[str]
) -> None:
    result = goal(*args)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "went wrong" not in result.stderr  # a usage error, not an internal failure
    assert not db_path.exists()
