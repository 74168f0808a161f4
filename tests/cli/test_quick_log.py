"""Two paths, one behaviour: `goal log GOAL --value/--mood/--note/--date` over sqlite3
(storage/quick.py) and over SQLModel (the full path, forced with GOALCLI_FULL_PATH) on the same
inputs leave the same database, row for row in every table, and print the same bytes.

The only columns compared loosely are the wall-clock stamps (created_at, updated_at of
checkin, mood and goal_change): each path stamps the second it runs in, so they are compared
as present-or-absent, not by value.

Today is 2026-11-26 (a Thursday); the goals start 2026-11-19.
"""

from __future__ import annotations

import io
import shutil
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from lib.answers import answers_toml, fewer_panics, intake_from, walk_outside
from lib.database import copy_database
from lib.encryption import PASSPHRASE, is_plain_sqlite, keyed, passphrase_script

Run = Callable[..., Result]

COUNT = """\
[[goals]]
title = "Invitations said yes to"
specific = "Say yes to invitations from friends"
measure = "invitations accepted per week"
unit = "invitations"
baseline = 0
target = 3
relevant = "I miss my friends"
confidence = 6
target_date = "2027-01-08"
steps = ["Reply to Sam"]
first_step = 1
first_step_on = "2026-11-20"
kind = "weekly_total"
"""

# Goal 1: a reading 0 → 30 minutes; 2: a reading that goes down 6 → 1; 3: a weekly total.
PLAN = answers_toml(
    "2026-11-19",
    walk_outside(target_date="2026-12-19", first_step_on="2026-11-20"),
    fewer_panics(first_step_on="2026-11-20"),
    COUNT,
)

STAMPS = {"created_at", "updated_at"}


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the three goals (made once; each example works on copies)."""
    from lib.fixtures import TODAY

    folder = tmp_path_factory.mktemp("plan")
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("GOALCLI_DB", str(folder / "goals.db"))
    monkeypatch.setenv("GOALCLI_TODAY", TODAY)
    try:
        from typer.testing import CliRunner

        from goalcli.cli import app

        runner = CliRunner()
        intake_from(lambda *args, **kw: runner.invoke(app, list(args), **kw), folder, PLAN)
    finally:
        monkeypatch.undo()
    return folder / "goals.db"


def dump(path: Path, passphrase: str | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every table, row for row in rowid order; wall-clock stamps only as present-or-absent.
    An encrypted database is read with its passphrase."""
    with sqlite3.connect(path) if passphrase is None else keyed(path, passphrase) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        found: dict[str, list[tuple[Any, ...]]] = {}
        for table in tables:
            columns = [row[1] for row in db.execute(f"PRAGMA table_info('{table}')")]
            rows = db.execute(f"SELECT * FROM '{table}' ORDER BY rowid").fetchall()
            found[table] = [
                tuple(
                    (value is not None) if name in STAMPS else value
                    for name, value in zip(columns, row, strict=True)
                )
                for row in rows
            ]
    db.close()
    return found


class Spy:
    """Counts the flag form's runs that did the whole command (log_flags not None), and those
    goalcli.hot did without the Typer application (hot.run not None)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from goalcli import hot
        from goalcli.storage import quick

        self.done = 0
        self.by_hot = 0
        real = quick.log_flags
        real_run = hot.run

        def counted(*args: Any, **kwargs: Any) -> Any:
            logged = real(*args, **kwargs)
            self.done += logged is not None
            return logged

        def run(argv: list[str]) -> int | None:
            code = real_run(argv)
            self.by_hot += code is not None
            return code

        monkeypatch.setattr(quick, "log_flags", counted)
        monkeypatch.setattr(hot, "run", run)


def console_script(goal: Run, *args: str, env: dict[str, str]) -> tuple[int, str, str]:
    """`goal ARGS` as the console script runs it, in-process: goalcli.hot reads the command
    line first (the flag form, printed without Typer or Rich) and hands anything else to the
    Typer application, as hot.main does. (exit status, stdout, stderr)"""
    from goalcli import hot

    out, err = io.TextIOWrapper(io.BytesIO()), io.TextIOWrapper(io.BytesIO())
    with pytest.MonkeyPatch.context() as monkeypatch:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setattr(sys, "stdout", out)
        monkeypatch.setattr(sys, "stderr", err)
        code = hot.run(list(args))
        written = []
        for stream in (out, err):
            stream.flush()
            written.append(stream.buffer.getvalue().decode())  # type: ignore[attr-defined]
    if code is None:
        result = goal(*args, env=env)
        return result.exit_code, result.stdout, result.stderr
    return code, written[0], written[1]


def both(
    goal: Run,
    planned: Path,
    folder: Path,
    commands: list[list[str]],
    env: dict[str, str] | None = None,
    encrypted: Path | None = None,
) -> tuple[list[tuple[int, str, str]], list[tuple[int, str, str]]]:
    """Run `commands` on two copies of the plan, quick (through the console script's first
    step) and full (the Typer application, GOALCLI_FULL_PATH); assert equal databases.
    `encrypted`: copies of this encrypted plan instead (see `encrypted_plan`)."""
    if encrypted is None:
        quick_db = copy_database(planned, folder / "quick.db")
        full_db = copy_database(planned, folder / "full.db")
        passphrase, secret = None, {}
    else:
        quick_db = _copy_file(encrypted, folder / "quick.db")
        full_db = _copy_file(encrypted, folder / "full.db")
        passphrase = PASSPHRASE
        secret = {"GOALCLI_PASSPHRASE_COMMAND": str(encrypted.parent / "passphrase")}
    given = {**secret, **(env or {})}
    said: dict[str, list[tuple[int, str, str]]] = {"quick": [], "full": []}
    for args in commands:
        quick = console_script(goal, "--db", str(quick_db), "log", *args, env=given)
        said["quick"].append(quick)
        full = goal("--db", str(full_db), "log", *args, env={**given, "GOALCLI_FULL_PATH": "1"})
        said["full"].append((full.exit_code, full.stdout, full.stderr))
    assert dump(quick_db, passphrase) == dump(full_db, passphrase)
    for path in (quick_db, full_db):
        assert path.stat().st_mode & 0o077 == 0
        assert (passphrase is None) == is_plain_sqlite(path)
    return said["quick"], said["full"]


def _copy_file(source: Path, target: Path) -> Path:
    """A copy of the database file and its WAL (an encrypted one can't be read without its
    passphrase, so byte for byte)."""
    for suffix in ("", "-wal"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy2(f"{source}{suffix}", f"{target}{suffix}")
    return target


@pytest.fixture(scope="module")
def encrypted_plan(planned: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plan encrypted with `goal encrypt` (made once; each example works on copies), with
    the passphrase command `passphrase` beside it."""
    from lib.fixtures import TODAY

    folder = tmp_path_factory.mktemp("encrypted")
    script = passphrase_script(folder, PASSPHRASE)
    path = copy_database(planned, folder / "goals.db")
    from typer.testing import CliRunner

    from goalcli.cli import app

    env = {"GOALCLI_PASSPHRASE_COMMAND": str(script), "GOALCLI_TODAY": TODAY}
    result = CliRunner().invoke(app, ["--db", str(path), "encrypt"], env=env)
    assert result.exit_code == 0, result.output
    assert not is_plain_sqlite(path)
    return path


values = st.one_of(
    st.none(),
    st.integers(-5, 40).map(str),
    st.integers(0, 12).map(str),
    st.decimals(-100, 1000, places=2, allow_nan=False).map(str),
    st.sampled_from(["abc", "1e400", "nan", "", "12.3456789", "99999999999999999"]),
)
moods = st.one_of(st.none(), st.integers(0, 10).map(str), st.sampled_from(["11", "-1", "x"]))
notes = st.one_of(
    st.none(),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=20),
    st.text(max_size=30),  # control characters too: refused the same way
    st.sampled_from(["", "x" * 3000]),
)
days = st.one_of(
    st.none(),
    st.none(),
    st.sampled_from(["yesterday", "2026-11-24", "2026-11-19", "2026-11-18", "tomorrow"]),
)
goals = st.sampled_from(["1", "2", "3", "1", "2", "3", "4", "Walk", "01"])
# How the output is read: a pipe at 80 columns; narrow or wide (Rich wraps the line there);
# colours forced (Rich styles the line: the flag form prints it with Rich then); NO_COLOR.
outputs = st.sampled_from(
    [{}, {"COLUMNS": "30"}, {"COLUMNS": "200"}, {"FORCE_COLOR": "1"}, {"NO_COLOR": "1"}]
)


@st.composite
def check_in(draw: st.DrawFn) -> list[str]:
    args = [draw(goals)]
    for flag, strategy in (
        ("--value", values),
        ("--mood", moods),
        ("--note", notes),
        ("--date", days),
    ):
        given_value = draw(strategy)
        if given_value is not None:
            joined = draw(st.booleans())  # --note=TEXT as well as --note TEXT
            args += [f"{flag}={given_value}"] if joined else [flag, given_value]
    # Steps ticked off (repeatable): one the goal has, one it may lack, refused numbers.
    for step in draw(st.lists(st.sampled_from(["1", "2", "1", "5", "0", "x"]), max_size=2)):
        args += [f"--done={step}"] if draw(st.booleans()) else ["--done", step]
    if len(args) == 1:
        args += ["--value", draw(st.integers(0, 9).map(str))]
    return args


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(commands=st.lists(check_in(), min_size=1, max_size=4), env=outputs)
def test_both_paths_leave_the_same_database_and_say_the_same(
    goal: Run, planned: Path, tmp_path: Path, commands: list[list[str]], env: dict[str, str]
) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        spy = Spy(monkeypatch)
        quick, full = both(goal, planned, tmp_path, commands, env)
    event(f"quick path did {min(spy.done, 1)}+ of the commands")  # --hypothesis-show-statistics
    assert quick == full


def test_the_flag_form_takes_the_quick_path_and_matches(
    goal: Run, planned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New values, a replaced reading, a weekly total added to, a mood replaced, a refused
    total: the quick path did each command it could, and both said the same."""
    spy = Spy(monkeypatch)
    commands = [
        ["1", "--value", "10", "--mood", "6", "--note", "walked"],
        ["1", "--value", "12", "--mood", "7"],  # replaces the reading and the mood
        ["3", "--value", "2", "--date", "yesterday"],
        ["3", "--value", "1", "--date", "yesterday", "--note", "Sam"],  # adds to the day
        ["3", "--value", "1e15", "--date", "yesterday"],  # a number goalcli can't keep: refused
        ["3", "--value", "1000000000000", "--date", "yesterday"],  # nor a total: refused
        ["2", "--value", "40"],  # unusual for the goal: said on stderr
        ["3", "--done", "1", "--done=1"],  # a step ticked off (twice: it keeps its first day)
    ]
    quick, full = both(goal, planned, tmp_path, commands)
    assert quick == full
    assert [code for code, _, _ in quick] == [0, 0, 0, 0, 2, 2, 0, 0]
    assert "Replaced the value of 2026-11-26 (was 10, now 12)" in quick[1][1]
    assert "gives a total goalcli cannot keep" in quick[5][2]
    assert "looks unusual for goal 2" in quick[6][2]
    # Run once per path: the quick one did every command but the refused ones, the refused
    # total too without the Typer application; the refused number went to the application.
    assert spy.done == 6
    assert spy.by_hot == 7


@pytest.mark.parametrize(
    "args",
    [
        ["1", "--value", "3", "--help"],
        ["1", "--value", "abc"],
        ["1", "--mood", "11"],
        ["1", "--value", "3", "--value", "4"],
        ["1", "--value", "3", "--debug"],
        ["1", "--value"],
        ["1", "2", "--value", "3"],
        ["--value", "3"],
        ["1", "--", "--value", "3"],
        ["1", "--date", "tomorrow", "--value", "3"],
        ["1", "--date", "2026-11-18", "--value", "3"],  # before the goal started
        ["1", "--note", ""],
        ["1", "--note", "a\x1b[31mb"],
        ["Walk", "--value", "3"],
        ["9", "--value", "3"],
    ],
    ids=" ".join,
)
def test_what_the_flag_form_does_not_do_the_typer_application_says(
    goal: Run, planned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """Help, refusals and everything else goalcli.hot does not read reach the whole
    application unchanged: the same status and bytes as the full path, nothing written first."""
    spy = Spy(monkeypatch)
    quick, full = both(goal, planned, tmp_path, [args])
    assert quick == full
    assert spy.by_hot == 0


def test_colours_forced_are_riches_on_both_paths(
    goal: Run, planned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where Rich would colour (a terminal; FORCE_COLOR here), goalcli.hot prints with Rich:
    the same escape sequences as the full path."""
    spy = Spy(monkeypatch)
    quick, full = both(goal, planned, tmp_path, [["1", "--value", "12"]], {"FORCE_COLOR": "1"})
    assert quick == full
    assert "\x1b[" in quick[0][1]
    assert spy.by_hot == 1


def test_undo_takes_back_what_the_quick_path_logged(
    goal: Run, planned: Path, tmp_path: Path
) -> None:
    """The change-log rows the quick path writes are the ones `goal undo` reads."""
    path = copy_database(planned, tmp_path / "quick.db")
    assert console_script(goal, "--db", str(path), "log", "1", "--value", "10", env={})[0] == 0
    said = console_script(
        goal, "--db", str(path), "log", "1", "--value", "25", "--done", "1", env={}
    )
    assert said[0] == 0
    undone = goal("--db", str(path), "undo", "--yes")  # the step
    assert undone.exit_code == 0, undone.output
    undone = goal("--db", str(path), "undo", "--yes")  # the replaced value
    assert undone.exit_code == 0, undone.output
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM checkin WHERE goal_id = 1").fetchall() == [(10.0,)]
        assert db.execute("SELECT done_on FROM step WHERE goal_id = 1").fetchall()[0] == (None,)
    db.close()


@pytest.mark.parametrize(
    "change",
    [
        # A column a later migration adds (issue 28's pleasure): the quick path does not
        # know what it means, so the full path does the check-in.
        "ALTER TABLE checkin ADD COLUMN energy INTEGER",
        "ALTER TABLE goal_change ADD COLUMN source TEXT",
        "PRAGMA user_version = 1",  # needs a migration
        "INSERT INTO measure_schedule (measure, every_days, since) VALUES ('phq9', 14, '2026-11-01')",
    ],
)
def test_what_the_quick_path_does_not_know_goes_the_full_path(
    goal: Run, planned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    path = copy_database(planned, tmp_path / "changed.db")
    with sqlite3.connect(path) as db:
        db.execute(change)
    db.close()
    spy = Spy(monkeypatch)
    result = goal("--db", str(path), "log", "1", "--value", "10")
    assert result.exit_code == 0, result.output
    assert spy.done == 0
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM checkin WHERE goal_id = 1").fetchall() == [(10.0,)]
    db.close()


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["Walk outside", "--value", "10"], 0),  # a title: find_goal's rules
        (["1", "--value", "10", "--done", "9"], 2),  # a step it lacks: the full path names them
        (["1", "--mood", "1"], 0),  # low moods: the safety note (after two more below)
    ],
)
def test_cases_left_to_the_full_path(
    goal: Run,
    planned: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    code: int,
) -> None:
    path = copy_database(planned, tmp_path / "plan.db")
    for day in ("2026-11-24", "2026-11-25"):
        assert goal("--db", str(path), "log", "--mood", "1", "--date", day).exit_code == 0
    spy = Spy(monkeypatch)
    result = goal("--db", str(path), "log", *args)
    assert result.exit_code == code, result.output
    assert spy.done == 0


def test_every_column_the_quick_sql_names_is_in_the_models_with_its_type() -> None:
    """A model change cannot drift from storage/quick.py silently: each table and column its SQL
    names exists in the SQLModel metadata with the same type (a new column elsewhere is fine:
    quick.py gives way to the full path when a table it writes has a column it doesn't know)."""
    from sqlalchemy.dialects import sqlite
    from sqlmodel import SQLModel

    import goalcli.storage.models  # noqa: F401  (registers the tables)
    from goalcli.storage import quick

    for table_name, columns in quick.KNOWN_COLUMNS.items():
        table = SQLModel.metadata.tables[table_name]
        for name, type_name in columns.items():
            column = table.columns[name]
            assert column.type.compile(dialect=sqlite.dialect()) == type_name, (table_name, name)


def test_the_quick_sql_names_only_known_tables() -> None:
    """Every table named after FROM/INTO/UPDATE in storage/quick.py is in KNOWN_COLUMNS."""
    import re

    from goalcli.storage import figure_queries, quick

    source = (
        Path(quick.__file__).read_text()
        + figure_queries.GOAL_FIGURES
        + figure_queries.GOAL_WINDOW
        + figure_queries.GOAL_STREAK_FROM
    )
    named = set(re.findall(r"\b(?:FROM|INTO|UPDATE)\s+([a-z_]+)", source))
    named -= {"run", "pragma_table_info"}  # the streak's recursive CTE; the column check
    assert named <= set(quick.KNOWN_COLUMNS), named - set(quick.KNOWN_COLUMNS)


def test_a_link_or_a_leftover_copy_goes_the_full_path(
    goal: Run, planned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database reached through a symlink, or with a killed encrypt's copy beside it, is the
    full path's to check and tidy; the check-in is saved all the same."""
    real = copy_database(planned, tmp_path / "real.db")
    link = tmp_path / "link.db"
    link.symlink_to(real)
    leftover = tmp_path / ".other.db.123.tmp"
    other = copy_database(planned, tmp_path / "other.db")
    leftover.write_bytes(b"")
    spy = Spy(monkeypatch)
    for path in (link, other):
        result = goal("--db", str(path), "log", "1", "--value", "10")
        assert result.exit_code == 0, result.output
    assert spy.done == 0
    for path in (real, other):
        with sqlite3.connect(path) as db:
            assert db.execute("SELECT value FROM checkin").fetchall() == [(10.0,)]
        db.close()


@pytest.mark.parametrize("logged", [False, True])
@pytest.mark.parametrize("args", [["status"], ["status", "--short"]], ids=" ".join)
def test_status_on_the_console_scripts_path_says_what_the_application_says(
    goal: Run,
    planned: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    logged: bool,
) -> None:
    """`goal status` read by goalcli.hot (without Typer) prints the full path's bytes."""
    path = copy_database(planned, tmp_path / "status.db")
    if logged:
        assert goal("--db", str(path), "log", "1", "--value", "3").exit_code == 0
    spy = Spy(monkeypatch)
    quick = console_script(goal, "--db", str(path), *args, env={})
    full = goal("--db", str(path), *args, env={"GOALCLI_FULL_PATH": "1"})
    assert quick == (full.exit_code, full.stdout, full.stderr)
    assert quick[1].startswith("✓" if logged else "○")
    assert spy.by_hot == 1


@pytest.mark.parametrize(
    ("args", "content"),
    [
        (["status"], b"not a database at all" * 100),  # refused in the application's words
        (["status"], None),  # no database: not logged, and none is created
        (["status", "--help"], None),
        (["status", "--short", "--short"], None),
    ],
)
def test_status_that_goalcli_hot_does_not_read_plainly_goes_to_the_application(
    goal: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    content: bytes | None,
) -> None:
    path = tmp_path / "status.db"
    if content is not None:
        path.write_bytes(content)
    spy = Spy(monkeypatch)
    quick = console_script(goal, "--db", str(path), *args, env={})
    full = goal("--db", str(path), *args, env={"GOALCLI_FULL_PATH": "1"})
    assert quick == (full.exit_code, full.stdout, full.stderr)
    assert spy.by_hot == (1 if content is None and args == ["status"] else 0)
    assert path.exists() == (content is not None)


NOTIFIERS = {
    "none": None,  # the message on stdout
    "notify-send": '#!/bin/sh\necho "$@" >> "{log}"\n',
    "broken": "#!/nonexistent/interpreter\n",  # cannot be run: exit 1, in one sentence
}


@pytest.mark.parametrize("logged", [False, True])
@pytest.mark.parametrize("notifier", list(NOTIFIERS))
def test_the_reminders_notify_on_the_console_scripts_path_does_what_the_application_does(
    goal: Run,
    planned: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    notifier: str,
    logged: bool,
) -> None:
    """`goal remind --notify` (what cron or the systemd timer runs) done by goalcli.hot without
    Typer: the same status, bytes and notification as the full path."""
    path = copy_database(planned, tmp_path / "remind.db")
    if logged:
        assert goal("--db", str(path), "log", "--mood", "6").exit_code == 0
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "notified.log"
    if (script := NOTIFIERS[notifier]) is not None:
        (bin_dir / "notify-send").write_text(script.format(log=log))
        (bin_dir / "notify-send").chmod(0o755)
    env = {"PATH": str(bin_dir)}  # no other notifier: the one chosen here, or none
    spy = Spy(monkeypatch)
    quick = console_script(goal, "--db", str(path), "remind", "--notify", env=env)
    quick_notified = log.read_text() if log.exists() else None
    log.unlink(missing_ok=True)
    full = goal("--db", str(path), "remind", "--notify", env={**env, "GOALCLI_FULL_PATH": "1"})
    assert quick == (full.exit_code, full.stdout, full.stderr)
    assert quick_notified == (log.read_text() if log.exists() else None)
    assert spy.by_hot == 1
    if logged:
        assert (quick[1], quick_notified) == ("Already checked in today.\n", None)
    elif notifier == "none":
        assert quick[1] == "Time for today's check-in: `goal log` takes a minute.\n"
    if not logged and notifier == "notify-send":
        assert quick_notified == "goalcli Time for today's check-in: `goal log` takes a minute.\n"
    if not logged and notifier == "broken":
        assert quick[0] == 1
        assert quick[2].startswith("goal: Could not run notify-send: ")


@pytest.mark.parametrize(
    "args",
    [
        ["remind", "--notify", "--via", "cron"],  # another option: Typer's to read
        ["remind", "--notify", "--notify"],
        ["remind", "--status"],
        ["--db", "bad\nname.db", "remind", "--notify"],  # refused in the application's words
    ],
    ids=" ".join,
)
def test_a_reminder_that_goalcli_hot_does_not_do_goes_to_the_application(
    goal: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no notifier, no crontab, no systemctl
    spy = Spy(monkeypatch)
    quick = console_script(goal, *args, env={})
    full = goal(*args, env={"GOALCLI_FULL_PATH": "1"})
    assert quick == (full.exit_code, full.stdout, full.stderr)
    assert spy.by_hot == 0


def _bash(words: str) -> dict[str, str]:
    """The environment bash's completion script gives `goal` for the command line `words`."""
    index = len(words.split()) - (0 if words.endswith(" ") else 1)
    return {"_GOAL_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(index)}


@pytest.mark.parametrize(
    ("words", "by_hot"),
    [
        ("goal show ", True),
        ("goal done 1", True),
        ("goal log W", True),  # the start of a title: the title
        ("goal log w", True),  # in any case
        ("goal --db DB edit ", True),
        ("goal --db=DB pause ", True),
        ("goal drop 9", True),  # nothing starts so: nothing offered
        ("goal show 1 ", False),  # the next word: Click's
        ("goal show --", False),
        ("goal step ", False),
        ("goal step done ", False),
        ("goal report ", False),
        ("goal show 'W", False),  # quoting: Click's to read
        ("goal ", False),
    ],
)
def test_bash_completion_of_goal_ids_says_what_typer_says(
    goal: Run,
    planned: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    words: str,
    by_hot: bool,
) -> None:
    """goalcli.hot completes GOAL after a command that takes it first, for bash, without
    Typer; the same lines as Typer's completion, and every other completion is Typer's."""
    path = copy_database(planned, tmp_path / "complete.db")
    monkeypatch.setenv("GOALCLI_DB", str(path))
    words = words.replace("DB", str(path))
    spy = Spy(monkeypatch)
    quick = console_script(goal, env=_bash(words))
    full = goal(env={**_bash(words), "GOALCLI_FULL_PATH": "1"})
    assert quick == (full.exit_code, full.stdout, full.stderr)
    assert spy.by_hot == by_hot
    if by_hot and "9" not in words and "edit" not in words:
        assert quick[1].strip(), words


def test_a_failure_after_the_save_is_told_as_after_it_on_both_paths(
    goal: Run, planned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug of ours while printing, after the commit: both paths say the change was saved
    (never "nothing was changed"), with the same words and status, and keep it."""
    from goalcli.render import screens

    def broken(*_args: object, **_kwargs: object) -> list[screens.Pieces]:
        raise RuntimeError("printing failed")

    monkeypatch.setattr(screens, "checkin_said", broken)
    spy = Spy(monkeypatch)
    quick, full = both(goal, planned, tmp_path, [["1", "--value", "10"]])
    assert quick == full
    code, _out, err = quick[0]
    assert code == 1
    assert err.startswith("goal: Your changes were saved, but then something went wrong")
    assert spy.by_hot == 1


# The same contract on an encrypted database (issue 26): the flag form runs over SQLCipher's
# DB-API module, unlocked the full path's way. Few examples: each opens derive a key (the
# suite's cheap one, GOALCLI_TEST_KDF_ITER, but still a SQLCipher connection or two each).


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(commands=st.lists(check_in(), min_size=1, max_size=3))
def test_on_an_encrypted_database_both_paths_leave_the_same_rows_and_say_the_same(
    goal: Run, planned: Path, encrypted_plan: Path, tmp_path: Path, commands: list[list[str]]
) -> None:
    quick, full = both(goal, planned, tmp_path, commands, encrypted=encrypted_plan)
    assert quick == full


def test_the_flag_form_on_an_encrypted_database_takes_the_quick_path_and_matches(
    goal: Run,
    planned: Path,
    encrypted_plan: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spy = Spy(monkeypatch)
    commands = [
        ["1", "--value", "10", "--mood", "6", "--note", "walked"],
        ["1", "--value", "12", "--mood", "7"],  # replaces the reading and the mood
        ["3", "--value", "2", "--date", "yesterday"],
        ["3", "--value", "1", "--date", "yesterday", "--note", "Sam"],  # adds to the day
        ["3", "--value", "1e15", "--date", "yesterday"],  # refused
    ]
    quick, full = both(goal, planned, tmp_path, commands, encrypted=encrypted_plan)
    assert quick == full
    assert [code for code, _, _ in quick] == [0, 0, 0, 0, 2]
    assert "Replaced the value of 2026-11-26 (was 10, now 12)" in quick[1][1]
    assert spy.done == 4


def _counting_passphrase(folder: Path) -> tuple[Path, Path]:
    """A passphrase command that notes each run in a file: (the command, the file)."""
    runs = folder / "runs"
    script = folder / "counting-passphrase"
    giving = passphrase_script(folder, PASSPHRASE)
    script.write_text(f"#!/bin/sh\necho run >> '{runs}'\nexec '{giving}'\n", encoding="utf-8")
    script.chmod(0o700)
    return script, runs


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["1", "--value", "10", "--mood", "1"], 0),  # the safety note's day (after two more)
        (["4", "--value", "10"], 2),  # no goal 4: the full path's refusal
        (["1", "--value", "10", "--date", "2026-11-18"], 2),  # before the goal's start
    ],
)
def test_giving_way_on_an_encrypted_database_asks_for_the_passphrase_once(
    goal: Run,
    encrypted_plan: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    code: int,
) -> None:
    """The flag form unlocked the file, then found the case is the full path's: the full path
    takes its keyed connection (one passphrase command, one key derivation, as before)."""
    path = _copy_file(encrypted_plan, tmp_path / "goals.db")
    script, runs = _counting_passphrase(tmp_path)
    env = {"GOALCLI_PASSPHRASE_COMMAND": str(script)}
    for day in ("2026-11-24", "2026-11-25"):
        assert goal("--db", str(path), "log", "--mood", "1", "--date", day, env=env).exit_code == 0
    runs.unlink()
    spy = Spy(monkeypatch)
    result = goal("--db", str(path), "log", *args, env=env)
    assert result.exit_code == code, result.output
    assert spy.done == 0
    assert runs.read_text() == "run\n"


@pytest.mark.parametrize("problem", ["wrong passphrase", "no passphrase", "no sqlcipher3"])
def test_an_encrypted_database_that_cannot_be_opened_is_refused_as_the_full_path_refuses(
    goal: Run,
    encrypted_plan: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    problem: str,
) -> None:
    """Same exit code, same sentence, the file untouched, on both paths."""
    import sys

    env = {"GOALCLI_PASSPHRASE_COMMAND": str(encrypted_plan.parent / "passphrase")}
    if problem == "wrong passphrase":
        env["GOALCLI_PASSPHRASE_COMMAND"] = str(passphrase_script(tmp_path, "not it"))
    elif problem == "no passphrase":
        env = {}
    else:
        monkeypatch.setitem(sys.modules, "sqlcipher3", None)  # `import sqlcipher3` fails
        monkeypatch.setitem(sys.modules, "sqlcipher3.dbapi2", None)
    said = []
    for name, full in (("quick", {}), ("full", {"GOALCLI_FULL_PATH": "1"})):
        path = _copy_file(encrypted_plan, tmp_path / f"{name}.db")
        before = path.read_bytes()
        result = goal("--db", str(path), "log", "1", "--value", "10", env={**env, **full})
        said.append((result.exit_code, result.stderr.replace(name, "NAME")))
        assert path.read_bytes() == before
    assert said[0] == said[1]
    assert said[0][0] == 1
    expected = {
        "wrong passphrase": "The passphrase does not open",
        "no passphrase": "is encrypted and there is no passphrase",
        "no sqlcipher3": "Encryption needs goalcli's optional part",
    }[problem]
    assert expected in said[0][1]
