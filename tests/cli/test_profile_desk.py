"""Issue 14: profiles that cannot be confused (missing is an error with "did you mean",
`goal profile show|set|rename|remove`), and `goal caseload`."""

from __future__ import annotations

import json
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from lib.database import dump
from lib.paths import EXAMPLES

PLAN = str(EXAMPLES / "elevate-mood.toml")
Goal = Callable[..., Result]


def profile_db(tmp_path: Path, name: str) -> Path:
    return tmp_path / "xdg" / "goalcli" / "profiles" / f"{name}.db"


def start(goal: Goal, name: str) -> None:
    result = goal("--profile", name, "intake", "--yes", "--answers", PLAN)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["report"],
        ["log", "1", "--value", "3"],
        ["export", "--format", "json"],
        ["backup"],
        ["profile", "set", "--review-every", "7"],
    ],
)
def test_a_mistyped_profile_is_refused_with_did_you_mean(
    goal: Goal, tmp_path: Path, command: list[str]
) -> None:
    start(goal, "dana")
    before = sorted(tmp_path.rglob("*"))
    result = goal("--profile", "dna", *command)
    assert result.exit_code == 2, result.output
    assert result.output == "goal: There is no profile 'dna'; did you mean 'dana'?\n"
    assert sorted(tmp_path.rglob("*")) == before  # nothing created


def test_a_far_name_gets_the_way_to_list_them(goal: Goal) -> None:
    start(goal, "dana")
    result = goal("--profile", "zebra", "list")
    assert result.exit_code == 2
    assert "There is no profile 'zebra'; `goal profiles` lists them" in result.output


def test_intake_on_a_new_profile_needs_yes_without_a_terminal(goal: Goal, tmp_path: Path) -> None:
    start(goal, "dana")
    result = goal("--profile", "dna", "intake", "--answers", PLAN)
    assert result.exit_code == 2
    assert "There is no profile 'dna' yet; add --yes to create it" in result.output
    assert "'dana'" in result.output
    assert not profile_db(tmp_path, "dna").exists()
    # An existing profile needs no --yes.
    assert goal("--profile", "dana", "intake", "--answers", PLAN).exit_code == 0


def test_profile_show_set_and_json(goal: Goal, tmp_path: Path) -> None:
    start(goal, "dana")
    assert goal("--profile", "dana", "log", "--mood", "6").exit_code == 0
    saved = goal(
        "--profile",
        "dana",
        "profile",
        "set",
        "--display-name",
        "Dana [b]R[/b]",
        "--review-every",
        "7",
    )
    assert saved.exit_code == 0, saved.output
    shown = json.loads(goal("profile", "show", "dana", "--format", "json").output)
    assert shown["display_name"] == "Dana [b]R[/b]"
    assert shown["review_every"] == 7
    assert shown["therapy_type"] == "individual"
    assert shown["goals"] == 2
    assert shown["first_checkin"] == shown["last_checkin"] == "2026-11-26"
    table = goal("profile", "show", "dana")
    assert "Display name: Dana [b]R[/b]" in table.output  # literal, never markup
    assert "Review every: 7 days" in table.output
    refused = goal("profile", "show", "dan")
    assert refused.exit_code == 2 and "did you mean 'dana'" in refused.output


def test_profile_set_refuses_nothing_to_set_and_a_bad_interval(goal: Goal) -> None:
    start(goal, "dana")
    assert goal("--profile", "dana", "profile", "set").exit_code == 2
    assert goal("--profile", "dana", "profile", "set", "--review-every", "0").exit_code == 2


def test_rename_moves_everything_and_never_overwrites(goal: Goal, tmp_path: Path) -> None:
    start(goal, "dana")
    start(goal, "eli")
    refused = goal("profile", "rename", "dana", "eli")
    assert refused.exit_code == 2 and "already exists" in refused.output
    assert goal("profile", "rename", "dana", "dana-k").exit_code == 0
    assert not profile_db(tmp_path, "dana").exists()
    assert not Path(f"{profile_db(tmp_path, 'dana')}-wal").exists()
    listed = json.loads(goal("--profile", "dana-k", "list", "--format", "json").output)
    assert len(listed) == 2
    assert goal("profile", "rename", "nobody", "x").exit_code == 2
    assert goal("profile", "rename", "eli", "../x").exit_code == 2


def test_remove_asks_keeps_a_backup_and_no_backup_skips_it(goal: Goal, tmp_path: Path) -> None:
    start(goal, "dana")
    start(goal, "eli")
    refused = goal("profile", "remove", "dana")  # no terminal, no --yes
    assert refused.exit_code == 2 and "--yes" in refused.output
    assert profile_db(tmp_path, "dana").exists()
    removed = goal("profile", "remove", "dana", "--yes")
    assert removed.exit_code == 0, removed.output
    assert not profile_db(tmp_path, "dana").exists()
    backups = tmp_path / "xdg" / "goalcli" / "profiles" / "backups"
    [kept] = backups.iterdir()
    assert kept.name.startswith("dana-")
    restored = goal("--db", str(tmp_path / "back.db"), "restore", "--yes", str(kept))
    assert restored.exit_code == 0, restored.output
    assert "2 goals" in restored.output or restored.exit_code == 0
    assert goal("profile", "remove", "eli", "--yes", "--no-backup").exit_code == 0
    assert [path.name for path in backups.iterdir()] == [kept.name]
    assert json.loads(goal("profiles", "--format", "json").output) == []


def test_profiles_say_what_each_database_holds(goal: Goal) -> None:
    start(goal, "dana")
    assert goal("--profile", "dana", "log", "--mood", "5", "--date", "2026-11-20").exit_code == 0
    assert goal("--profile", "dana", "log", "--mood", "6").exit_code == 0
    [row] = json.loads(goal("profiles", "--format", "json").output)
    assert row["first_checkin"] == "2026-11-20" and row["last_checkin"] == "2026-11-26"
    assert row["therapy_type"] == "individual"
    table = goal("profiles").output
    assert "2026-11-20 to 2026-11-26" in table


# The caseload


def caseload(goal: Goal, today: str = "2026-11-26", *args: str) -> Result:
    return goal("caseload", *args, env={"GOALCLI_TODAY": today})


def test_caseload_sorts_by_need_and_says_why(goal: Goal, db_path: Path) -> None:
    assert goal("intake", "--answers", PLAN).exit_code == 0  # the default database
    for name in ("ana", "bo", "cy"):
        start(goal, name)
    for day, mood in (("2026-12-07", 2), ("2026-12-08", 1), ("2026-12-09", 2)):
        logged = goal(
            "--profile",
            "bo",
            "log",
            "--mood",
            str(mood),
            "--date",
            day,
            env={"GOALCLI_TODAY": "2026-12-09"},
        )
        assert logged.exit_code == 0, logged.output
    assert (
        goal(
            "--profile", "ana", "log", "1", "--value", "1", env={"GOALCLI_TODAY": "2026-12-08"}
        ).exit_code
        == 0
    )
    assert goal("--profile", "cy", "log", "--mood", "7", "--date", "2026-11-26").exit_code == 0
    result = caseload(goal, "2026-12-09", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["version"] == 1 and document["as_of"] == "2026-12-09"
    rows = {row["profile"]: row for row in document["profiles"]}
    assert [row["profile"] for row in document["profiles"]] == ["bo", "(default)", "cy", "ana"]
    assert rows["bo"]["reasons"][:2] == [
        "low-mood rule fired (last three moods 2 or lower)",
        "three low-mood days in the last 7 days",
    ]
    assert rows["bo"]["low_mood_rule"] and rows["bo"]["lowest_mood_7d"] == 1
    assert rows["cy"]["reasons"][0] == "no check-in for 13 days"
    assert rows["cy"]["days_since_checkin"] == 13
    assert rows["(default)"]["reasons"][0] == "no check-in since the goals started 13 days ago"
    # ana checked in yesterday: only her goals, 13 days in with one low value, are behind.
    assert rows["ana"]["reasons"] == ["two goals behind"]
    assert rows["ana"]["goals_behind"] == 2 and rows["ana"]["days_since_checkin"] == 1
    assert rows["ana"]["review_every"] == 14 and not rows["ana"]["review_due"]
    assert rows["ana"]["measures"] == []  # issue 15 fills this in
    assert rows["(default)"]["path"] == str(db_path)


def test_caseload_shows_gas_t_score_gbo_and_review_due(goal: Goal) -> None:
    start(goal, "ana")
    reviewed = goal("--profile", "ana", "review", "1", "--gas", "1", "--gbo", "3")
    assert reviewed.exit_code == 0, reviewed.output
    assert goal("--profile", "ana", "profile", "set", "--review-every", "7").exit_code == 0
    [row] = json.loads(caseload(goal, "2026-12-03", "--format", "json").output)["profiles"]
    assert row["gas_t_score"] == 60  # one goal at +1, weight 1: 50 + 10·1/√1
    assert row["gbo"][0]["change"] == 0
    assert row["last_review"] == "2026-11-26" and row["review_due"]
    assert "review due (last 7 days ago)" in row["reasons"]


def test_caseload_is_read_only_and_never_migrates(goal: Goal, tmp_path: Path) -> None:
    start(goal, "ana")
    path = profile_db(tmp_path, "ana")
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("DROP TABLE profile_detail")  # as an older goalcli left it
    connection.execute("DELETE FROM _migrations WHERE name = 'm006_profile_detail'")
    connection.execute("PRAGMA user_version = 5")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    before = dump(path)
    result = caseload(goal, "2026-11-26", "--format", "json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.output)["profiles"]
    assert row["review_every"] == 14
    assert dump(path) == before


def test_caseload_prints_names_literally(goal: Goal) -> None:
    start(goal, "ana")
    named = goal("--profile", "ana", "profile", "set", "--display-name", "Ana [red]|*x*|")
    assert named.exit_code == 0
    table = goal("caseload", env={"GOALCLI_TODAY": "2026-11-26", "COLUMNS": "250"}).output
    assert "ana (Ana [red]|*x*|)" in table
    markdown = caseload(goal, "2026-11-26", "--format", "markdown").output
    assert "| ana (Ana \\[red\\]\\|\\*x\\*\\|) | individual |" in markdown


def test_caseload_names_an_unreadable_profile_and_goes_on(goal: Goal, tmp_path: Path) -> None:
    start(goal, "ana")
    profile_db(tmp_path, "zed").write_bytes(b"not a database at all" * 10)
    result = caseload(goal, "2026-11-26", "--format", "json")
    assert result.exit_code == 0
    rows = {row["profile"]: row for row in json.loads(result.output)["profiles"]}
    assert rows["zed"]["state"] == "not readable"
    assert rows["ana"]["state"] == "ok"


def test_caseload_with_nothing_yet(goal: Goal, tmp_path: Path) -> None:
    result = caseload(goal)
    assert result.exit_code == 0
    assert "No databases yet" in result.output
    assert not any(tmp_path.rglob("*.db"))


# Who is reading


def test_report_for_a_therapist_speaks_about_the_client(goal: Goal, db_path: Path) -> None:
    assert goal("intake", "--answers", PLAN).exit_code == 0
    for day, mood in (("2026-11-23", 1), ("2026-11-24", 2), ("2026-11-25", 1)):
        logged = goal(
            "log", "--mood", str(mood), "--date", day, env={"GOALCLI_TODAY": "2026-11-25"}
        )
        assert logged.exit_code == 0
    assert "A note for you" in logged.output  # the client's own check-in
    result = goal("report", "--for", "therapist", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert "A note about your client" in result.output
    assert "Your client's mood has been very low" in result.output


def test_the_reader_setting_per_machine(
    goal: Goal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert goal("intake", "--answers", PLAN).exit_code == 0
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    assert "bring what matters to you" in goal("report", "--format", "markdown").output
    (config / "goalcli").mkdir(parents=True)
    (config / "goalcli" / "settings.toml").write_text('reader = "therapist"\n')
    page = goal("report", "--format", "markdown").output
    assert "Nothing stands out; ask what matters to them." in page
    # --for beats the setting.
    assert (
        "bring what matters to you"
        in goal("report", "--for", "client", "--format", "markdown").output
    )
    (config / "goalcli" / "settings.toml").write_text('reader = "robot"\n')
    refused = goal("report")
    assert refused.exit_code == 2
    assert 'reader must be "client" or "therapist"' in refused.output


def test_the_session_page_lists_silences(goal: Goal) -> None:
    assert goal("intake", "--answers", PLAN).exit_code == 0
    page = goal("report", "--format", "markdown", env={"GOALCLI_TODAY": "2026-12-11"}).output
    assert "- No check-in for 15 days (since the goals started)." in page
    assert "- A review is due (none yet; every 14 days)." in page


def test_caseload_shows_questionnaires_and_puts_a_risk_answer_first(goal: Goal) -> None:
    """Issue 15 in the caseload: each profile's latest scores with their bands; a PHQ-9 whose
    item 9 was answered above 0 since the last review puts that client at the top, with why."""
    for name in ("ana", "bo"):
        start(goal, name)
    took = goal("--profile", "ana", "measure", "take", "gad7", "--answers", "2,2,1,1,1,0,0")
    assert took.exit_code == 0, took.output
    # PHQ-9 total 3 (minimal), but item 9 answered 1: a risk answer at any total.
    took = goal("--profile", "bo", "measure", "take", "phq9", "--answers", "1,0,1,0,0,0,0,0,1")
    assert took.exit_code == 0, took.output

    document = json.loads(caseload(goal, "2026-11-26", "--format", "json").output)
    rows = {row["profile"]: row for row in document["profiles"]}
    assert document["profiles"][0]["profile"] == "bo"
    assert rows["bo"]["measures"] == [
        {
            "measure": "phq9",
            "risk": ["2026-11-26"],
            "date": "2026-11-26",
            "total": 3,
            "band": "minimal",
        }
    ]
    assert "risk answer (PHQ-9 item 9) on 2026-11-26" in rows["bo"]["reasons"]
    assert rows["ana"]["measures"][0]["total"] == 7
    assert rows["ana"]["measures"][0]["band"] == "mild"
    assert not any("risk" in reason for reason in rows["ana"]["reasons"])

    table = " ".join(
        goal("caseload", env={"GOALCLI_TODAY": "2026-11-26", "COLUMNS": "200"}).stdout.split()
    )
    assert "PHQ-9 3 minimal (risk 2026-11-26)" in table


def test_caseload_stacks_each_profile_in_a_narrow_terminal(goal: Goal) -> None:
    """At 80 columns the ten-column table would cut its last columns; each profile becomes a
    block of labelled lines with every figure, and a wide terminal keeps the table."""
    start(goal, "ana")
    narrow = goal("caseload", env={"GOALCLI_TODAY": "2026-11-26", "COLUMNS": "80"}).stdout
    assert max(len(line.rstrip()) for line in narrow.splitlines()) <= 80
    lines = [line.rstrip() for line in narrow.splitlines()]
    assert "ana  individual" in lines
    for label in ("Needs attention", "Check-in", "Goals", "Lowest mood, last 7 days", "Review"):
        assert any(line.startswith(label) for line in lines), label
    wide = goal("caseload", env={"GOALCLI_TODAY": "2026-11-26", "COLUMNS": "200"}).stdout
    assert "┃ Profile" in wide


# The caseload, looked at (issue 23)

COUPLE = """
[intake]
therapy_type = "couples"
members = ["Sam", "Alex"]
expectations = "Hear each other again"
obstacles = "Late shifts"
success_feels_like = "A calm Sunday"
motivations = "Nine years together"

[[goals]]
title = "Understand each other's fears"
specific = "Twice a week, each of us shares one worry while the other listens"
measure = "how understood I felt, rated 0-10"
unit = "points"
baseline = 3
target = 7
relevant = "Our arguments are really about being scared"
confidence = 7
target_date = "in 3 months"
steps = ["Pick two evenings"]
first_step = 1
first_step_on = "tomorrow"
"""


def _couple(goal: Goal, tmp_path: Path) -> None:
    answers = tmp_path / "couple.toml"
    answers.write_text(COUPLE)
    result = goal("--profile", "kim", "intake", "--yes", "--answers", str(answers))
    assert result.exit_code == 0, result.output
    for day, member, gbo in (
        ("2026-11-12", "Sam", "3"),
        ("2026-11-12", "Alex", "6"),
        ("2026-11-26", "Sam", "6"),
        ("2026-11-26", "Alex", "2"),
    ):
        reviewed = goal(
            "--profile",
            "kim",
            "review",
            "1",
            "--member",
            member,
            "--gas",
            "0",
            "--gbo",
            gbo,
            env={"GOALCLI_TODAY": day},
        )
        assert reviewed.exit_code == 0, reviewed.output


def test_a_couples_gbo_comes_from_its_members_ratings(goal: Goal, tmp_path: Path) -> None:
    _couple(goal, tmp_path)
    [row] = json.loads(caseload(goal, "2026-11-26", "--format", "json").output)["profiles"]
    title = "Understand each other's fears"
    assert sorted(row["gbo"], key=lambda entry: entry["member"]) == [
        {"goal": title, "member": "Alex", "change": -4},
        {"goal": title, "member": "Sam", "change": 3},
    ]
    # Alex's fall is not hidden by Sam's rise.
    assert "GBO rating down 3 or more on one goal" in row["reasons"]
    markdown = caseload(goal, "2026-11-26", "--format", "markdown").output
    cell = markdown.splitlines()[-1].split(" | ")[7]
    assert sorted(cell.split(", ")) == ["Alex -4", "Sam +3"]


def test_the_caseloads_lowest_mood_is_labelled_on_its_scale(goal: Goal) -> None:
    start(goal, "ana")
    for day, mood in (("2026-11-20", 6), ("2026-11-24", 2), ("2026-11-26", 5)):
        assert goal("--profile", "ana", "log", "--mood", str(mood), "--date", day).exit_code == 0
    markdown = caseload(goal, "2026-11-26", "--format", "markdown").output
    headings, _, row = markdown.splitlines()[2:5]
    column = headings.split(" | ").index("Lowest mood, last 7 days")
    assert row.split(" | ")[column] == "2/10"
    narrow = goal("caseload", env={"GOALCLI_TODAY": "2026-11-26", "COLUMNS": "80"}).stdout
    assert any(
        line.split() == ["Lowest", "mood,", "last", "7", "days", "2/10"]
        for line in narrow.splitlines()
    )


def test_the_caseload_page_never_wraps_a_date(goal: Goal) -> None:
    start(goal, "ana")
    assert goal("--profile", "ana", "review", "1", "--gas", "0", "--gbo", "4").exit_code == 0
    page = caseload(goal, "2026-12-20", "--format", "html").output
    assert '<span class="date" style="white-space: nowrap">2026-11-26</span>, due' in page
    wide = goal("caseload", env={"GOALCLI_TODAY": "2026-12-20", "COLUMNS": "140"}).stdout
    assert "2026-11-26" in wide  # whole, on one line of its column


@pytest.mark.parametrize("output_format", ["html", "markdown", "json", "table"])
def test_caseload_output_writes_a_private_page(
    goal: Goal, tmp_path: Path, output_format: str
) -> None:
    start(goal, "ana")
    target = tmp_path / f"caseload.{output_format}"
    result = caseload(goal, "2026-11-26", "--format", output_format, "--output", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"Wrote the caseload to {target} (readable only by you)." in result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    shown = caseload(goal, "2026-11-26", "--format", output_format).stdout
    if output_format == "table":
        assert "Caseload on 2026-11-26" in target.read_text()
    else:
        assert target.read_text() == shown


def _target(kind: str, tmp_path: Path) -> Path:
    if kind == "a directory":
        folder = tmp_path / "folder"
        folder.mkdir(exist_ok=True)
        return folder
    if kind == "a missing folder":
        return tmp_path / "missing" / "page.html"
    if kind == "the database":
        return profile_db(tmp_path, "ana")
    link = tmp_path / "link.html"
    if not link.is_symlink():
        link.symlink_to(profile_db(tmp_path, "ana"))
    return link


@pytest.mark.parametrize("kind", ["a directory", "a missing folder", "the database", "a symlink"])
def test_caseload_output_refuses_what_report_output_refuses(
    goal: Goal, tmp_path: Path, kind: str
) -> None:
    """Both doors go through the one writer: whatever `goal report --output` does with a
    target, `goal caseload --output` does the same, and leaves it as the report left it."""
    start(goal, "ana")
    target = _target(kind, tmp_path)
    database = profile_db(tmp_path, "ana")
    before = database.read_bytes()
    report = goal("--profile", "ana", "report", "--format", "html", "--output", str(target))
    report_wrote_over_it = database.read_bytes() != before
    database.write_bytes(before)
    listed = caseload(goal, "2026-11-26", "--format", "html", "--output", str(target))
    assert listed.exit_code == report.exit_code, (listed.output, report.output)
    assert (database.read_bytes() != before) == report_wrote_over_it
    if report.exit_code != 0:
        assert database.read_bytes() == before  # refused: nothing written


def test_the_caseload_reads_signals_from_a_database_from_before_the_questionnaires(
    goal: Goal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Signals (issue 27): a profile made by goalcli at m004 (before m005_measures: no
    measure_score table), a goal 0 → 30 minutes from 2026-10-01 behind the road for three
    weeks: the caseload reads it as it is (never migrating it), with the goal's signal and no
    questionnaire."""
    from goalcli.storage import migrations
    from goalcli.storage.database import open_database

    path = profile_db(tmp_path, "old")
    path.parent.mkdir(parents=True)
    path.parent.chmod(0o700)
    known = [name for name, _ in migrations.MIGRATIONS].index("m005_measures")
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:known])
        database = open_database(path, create=True)
        assert database is not None
        database.close()
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute(
        "INSERT INTO intake VALUES (1, 'individual', 'hope', 'tired', 'calm', 'kids', NULL, "
        "'2026-10-01')"
    )
    connection.execute(
        "INSERT INTO goal (id, intake_id, title, specific, measure, unit, baseline, target, "
        "relevant, confidence, start_date, target_date, created_at) VALUES (1, 1, "
        "'Walk outside', 'after lunch', 'minutes walked', 'minutes', 0, 30, 'mood', 7, "
        "'2026-10-01', '2027-01-01', '2026-10-01T09:00:00')"
    )
    for day in ("2026-11-12", "2026-11-19", "2026-11-26"):  # three week ends
        connection.execute(
            "INSERT INTO checkin (goal_id, day, value, note, created_at, updated_at) "
            "VALUES (1, ?, 0, NULL, 'x', 'x')",
            (day,),
        )
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    tables = {row[0] for row in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}
    assert "measure_score" not in tables
    before = dump(path)
    result = caseload(goal, "2026-11-26", "--format", "json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)["profiles"]
    assert (row["profile"], row["state"], row["measures"]) == ("old", "ok", [])
    assert [(s["kind"], s["goal"], s["since"]) for s in row["signals"]] == [
        ("behind", "Walk outside", "2026-11-06")
    ]
    assert "one goal behind for 3 weeks or more" in row["reasons"]
    assert dump(path) == before  # read as it is: not migrated
