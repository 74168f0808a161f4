"""SIGKILL at random moments while goalcli writes: every acknowledged write survives.

A driver process runs writing commands one after another in-process (many writes a second,
so kills land inside SQLite's writes, not only between processes) and appends one line to
an acknowledgement file after each command exited 0 and printed its confirmation. The test
kills it with SIGKILL after a random delay, then checks that the database passes
PRAGMA integrity_check, holds every acknowledged write with its value, note and day, holds
nothing half-written (a check-in without its mood, an intake without its goals), and that
goalcli itself opens it again.

The short loop (5 kills) always runs; the long one (10 more, a new seed each time) is marked
slow: deselect it with `-m "not slow"`. Together they take about 15 seconds.

The same for issue 4's writers (edit, step add, import: every acknowledged one is there, steps
are added whole) and for restore: killed at any moment, the database is one of the two backups
being restored in turn, whole and passing integrity_check, never missing and never a mix.

The short loops run on an encrypted database too (issue 17: every write then derives the key
and writes SQLCipher's pages; the restore loop swaps a plain and an encrypted backup in turn);
the long ones on a plain database only, to keep the tier's time. The check-ins alternate between
the flag form's two paths (issue 26: storage/quick.py without the ORM, and the full path), and
both must have written acknowledged check-ins, each on the path meant.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from lib.database import integrity, rows
from lib.encryption import BOTH, encrypt_if
from lib.paths import MOOD_PLAN
from lib.processes import goal_process

START = date(2010, 1, 4)  # the plan starts long ago, so every write has its own day
TODAY = "2026-11-26"
PER_RUN = 150  # writes a driver makes at most, so days never repeat across runs

# Runs in the killed process. argv: ack file, first write number.
# The check-ins alternate between the flag form's two paths (issue 26): storage/quick.py and the
# full path (GOALCLI_FULL_PATH); each is acknowledged as log-quick or log-full by the path it
# did take (log_flags did the command or not), log-unexpected when that was not the one meant.
DRIVER = r"""
import contextlib, io, os, sys
from datetime import date, timedelta
from goalcli.cli import app
from goalcli.storage import quick

taken = []
real_log_flags = quick.log_flags

def log_flags(*args, **kwargs):
    logged = real_log_flags(*args, **kwargs)
    taken.append("quick" if logged is not None else "full")
    return logged

quick.log_flags = log_flags

ack_path, first = sys.argv[1], int(sys.argv[2])
start = date(2010, 1, 4)
with open(ack_path, "a", buffering=1) as ack:
    with contextlib.redirect_stdout(io.StringIO()):  # warm up: import everything a write uses
        app(["report", "--format", "json"], standalone_mode=False)
    print("ready", flush=True)
    for number in range(first, first + %(per_run)d):
        day = (start + timedelta(days=number)).isoformat()
        if number %% 10 == 9:
            kind, args, expect = "intake", ["intake", "--answers", %(plan)r], "Saved 2 goals"
        elif number %% 2:
            kind, args, expect = "review", [
                "review", "1", "--gas", str(number %% 5 - 2), "--gbo", str(number %% 11),
                "--note", f"review {number}", "--date", day,
            ], "GBO"
        else:
            meant = "full" if number %% 4 == 0 else "quick"
            if meant == "full":
                os.environ["GOALCLI_FULL_PATH"] = "1"
            else:
                os.environ.pop("GOALCLI_FULL_PATH", None)
            kind, args, expect = "log", [
                "log", "1", "--value", str(number), "--mood", str(number %% 11),
                "--note", f"crash note {number}", "--date", day,
            ], "Saved mood"
        taken.clear()
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            try:
                code = app(args, standalone_mode=False)
            except SystemExit as exit:
                code = exit.code
        if kind == "log":
            kind = "log-" + (meant if taken == [meant] else "unexpected")
        if code in (0, None) and expect in out.getvalue():
            ack.write(f"{kind} {number} {day}\n")
"""


def _driver() -> str:
    return DRIVER % {"per_run": PER_RUN, "plan": MOOD_PLAN}


@pytest.fixture
def long_plan(db_path: Path, encryption: str | None) -> Path:
    made = goal_process("intake", "--answers", MOOD_PLAN, env={"GOALCLI_TODAY": START.isoformat()})
    assert made.returncode == 0, made.stderr
    encrypt_if(encryption, db_path)
    return db_path


def _run_and_kill(ack: Path, first: int, rng: random.Random, slower: float = 1.0) -> None:
    _kill_at_random([_driver(), str(ack), str(first)], rng, 0.0, slower * 0.4)


def _kill_at_random(driver_args: list[str], rng: random.Random, low: float, high: float) -> None:
    """Start `python -c DRIVER ARGS...`, wait for its "ready", then SIGKILL it after a random
    moment between `low` and `high` seconds (unless it has finished by then)."""
    driver = subprocess.Popen(
        [sys.executable, "-c", *driver_args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=dict(os.environ, GOALCLI_TODAY=TODAY),
    )
    try:
        assert driver.stdout is not None
        assert driver.stdout.readline().strip() == "ready"
        try:
            driver.wait(timeout=rng.uniform(low, high))
        except subprocess.TimeoutExpired:
            driver.send_signal(signal.SIGKILL)
    finally:
        driver.kill()
        driver.wait(timeout=10)
        driver.stdout.close()  # type: ignore[union-attr]


def _acknowledged(ack: Path) -> list[tuple[str, int, str]]:
    if not ack.exists():
        return []
    result = []
    for line in ack.read_text().splitlines():
        kind, number, day = line.split()
        result.append((kind, int(number), day))
    return result


def _check(db_path: Path, acked: list[tuple[str, int, str]]) -> None:
    assert integrity(db_path) == "ok"
    assert rows(db_path, "PRAGMA foreign_key_check") == []

    checkins = {
        day: (value, note)
        for day, value, note in rows(
            db_path, "SELECT day, value, note FROM checkin WHERE goal_id=1"
        )
    }
    moods = dict(rows(db_path, "SELECT day, mood FROM mood"))
    reviews = {
        day: (gas, gbo, note)
        for day, gas, gbo, note in rows(db_path, "SELECT day, gas, gbo, note FROM review")
    }
    intakes = rows(db_path, "SELECT count(*) FROM intake")[0][0]

    for kind, number, day in acked:
        if kind.startswith("log"):
            assert checkins.get(day) == (number, f"crash note {number}"), (number, day)
            assert moods.get(day) == number % 11
        elif kind == "review":
            assert reviews.get(day) == (number % 5 - 2, number % 11, f"review {number}")
    assert intakes >= 1 + sum(kind == "intake" for kind, _, _ in acked)

    # Nothing half-done: a check-in and its mood were one transaction; so were an intake, its
    # two goals and their steps.
    assert set(checkins) == set(moods)
    for day, (value, note) in checkins.items():
        assert note == f"crash note {int(value)}", day  # type: ignore[arg-type]
    assert rows(db_path, "SELECT count(*) FROM goal")[0][0] == 2 * intakes
    assert rows(db_path, "SELECT count(*) FROM step")[0][0] == 9 * intakes
    assert rows(
        db_path, "SELECT count(*) FROM intake WHERE id NOT IN (SELECT intake_id FROM goal)"
    ) == [(0,)]


def _crash_loop(db_path: Path, runs: int, seed: int, slower: float = 1.0) -> None:
    """`slower`: how much later to kill (an encrypted write derives its key first)."""
    rng = random.Random(seed)
    ack = db_path.parent / "acknowledged.txt"
    for run in range(runs):
        _run_and_kill(ack, run * PER_RUN, rng, slower)
        try:
            _check(db_path, _acknowledged(ack))
        except AssertionError as error:
            raise AssertionError(f"after run {run} of the loop with seed {seed}: {error}") from None
    # goalcli itself opens what the crashes left, and shows the acknowledged check-ins.
    report = goal_process("report", "--format", "json", env={"GOALCLI_TODAY": TODAY})
    assert report.returncode == 0, report.stderr
    document = json.loads(report.stdout)
    logged = [number for kind, number, _ in _acknowledged(ack) if kind.startswith("log")]
    assert document["goals"][0]["checkins"] >= len(logged)
    assert len(_acknowledged(ack)) > 0, "no write was ever acknowledged: the loop tested nothing"
    # Both paths of the flag form wrote, each where it was meant to (issue 26).
    kinds = {kind for kind, _, _ in _acknowledged(ack)}
    assert {"log-quick", "log-full"} <= kinds, kinds
    assert "log-unexpected" not in kinds


@BOTH
def test_kill_during_writes_loses_no_acknowledged_write(
    long_plan: Path, encryption: str | None
) -> None:
    _crash_loop(long_plan, runs=5, seed=5, slower=1.0 if encryption is None else 4.0)


@pytest.mark.slow
def test_kill_during_writes_many_times(long_plan: Path) -> None:
    _crash_loop(long_plan, runs=10, seed=int.from_bytes(os.urandom(2), "big"))


def test_start_date_leaves_room_for_every_run() -> None:
    last_day = START + timedelta(days=20 * PER_RUN)
    assert last_day <= date.fromisoformat(TODAY)


# --- issue 4's writers: edit, step add, import; and restore ------------------------------------

# Runs in the killed process. argv: ack file, first write number, folder for import files.
GOAL_DRIVER = r"""
import contextlib, io, json, sys
from datetime import date, timedelta
from pathlib import Path
from goalcli.cli import app
from goalcli.storage.migrations import schema_version

ack_path, first, folder = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
start = date(2010, 1, 4)
def run(args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        try:
            code = app(args, standalone_mode=False)
        except SystemExit as exit:
            code = exit.code
    return code in (0, None), out.getvalue()
with open(ack_path, "a", buffering=1) as ack:
    run(["report", "--format", "json"])  # warm up
    print("ready", flush=True)
    for number in range(first, first + %(per_run)d):
        day = (start + timedelta(days=number)).isoformat()
        if number %% 3 == 0:
            kind, args, expect = "edit", ["edit", "1", "--title", f"title {number}"], "Saved"
        elif number %% 3 == 1:
            kind, args, expect = "step", ["step", "add", "1", f"step {number}"], "Added step"
        else:
            document = {"format": "goalcli-export", "version": 1, "schema_version": schema_version(),
                        "exported_at": None, "intakes": [], "goals": [],
                        "moods": [{"day": day, "mood": number %% 11}]}
            path = folder / f"import-{number}.json"
            path.write_text(json.dumps(document))
            kind, args, expect = "import", ["import", str(path)], "Imported"
        ok, out = run(args)
        if ok and expect in out:
            ack.write(f"{kind} {number} {day}\n")
"""


def _check_goal_writes(db_path: Path, acked: list[tuple[str, int, str]]) -> None:
    assert integrity(db_path) == "ok"
    assert rows(db_path, "PRAGMA foreign_key_check") == []
    titles = {
        new for (new,) in rows(db_path, "SELECT new_value FROM goal_change WHERE field='title'")
    }
    steps = [text for (text,) in rows(db_path, "SELECT text FROM step WHERE goal_id=1")]
    moods = dict(rows(db_path, "SELECT day, mood FROM mood"))
    for kind, number, day in acked:
        if kind == "edit":
            assert f"title {number}" in titles, number
        elif kind == "step":
            assert f"step {number}" in steps, number
        else:
            assert moods.get(day) == number % 11, (number, day)
    edits = [number for kind, number, _ in acked if kind == "edit"]
    (title,) = rows(db_path, "SELECT title FROM goal WHERE id=1")[0]
    if edits:  # the goal reads as the last acknowledged edit, or a later one
        assert title.startswith("title ") and int(title.split()[1]) >= max(edits), title
    # A step is added whole: positions run 1..n without gaps or repeats.
    positions = [
        p for (p,) in rows(db_path, "SELECT position FROM step WHERE goal_id=1 ORDER BY 1")
    ]
    assert positions == list(range(1, len(positions) + 1))


def _goal_crash_loop(db_path: Path, runs: int, seed: int, slower: float = 1.0) -> None:
    """`slower`: how much later to kill (an encrypted write derives its key first)."""
    rng = random.Random(seed)
    ack = db_path.parent / "acknowledged.txt"
    folder = db_path.parent.parent / "imports"
    folder.mkdir(exist_ok=True)
    wanted = {"edit", "step", "import"}
    run = 0
    # On a loaded machine a run may be killed before it reaches an import: go on (up to three
    # times the runs) until every kind of write has been acknowledged at least once.
    while run < runs or ({kind for kind, _, _ in _acknowledged(ack)} != wanted and run < 3 * runs):
        driver = [GOAL_DRIVER % {"per_run": PER_RUN}, str(ack), str(run * PER_RUN), str(folder)]
        _kill_at_random(driver, rng, 0.05, slower * (0.5 if run < runs else 1.5))
        try:
            _check_goal_writes(db_path, _acknowledged(ack))
        except AssertionError as error:
            raise AssertionError(f"after run {run} with seed {seed}: {error}") from None
        run += 1
    kinds = {kind for kind, _, _ in _acknowledged(ack)}
    assert kinds == wanted, kinds
    assert goal_process("show", "1", env={"GOALCLI_TODAY": TODAY}).returncode == 0


@BOTH
def test_kill_during_edits_steps_and_imports(long_plan: Path, encryption: str | None) -> None:
    _goal_crash_loop(long_plan, runs=4, seed=4, slower=1.0 if encryption is None else 3.0)


@pytest.mark.slow
def test_kill_during_edits_steps_and_imports_many_times(long_plan: Path) -> None:
    _goal_crash_loop(long_plan, runs=10, seed=int.from_bytes(os.urandom(2), "big"))


# Runs in the killed process: restore two backups in turn, for ever. argv: backup A, backup B.
RESTORE_DRIVER = r"""
import contextlib, io, sys
from goalcli.cli import app
with contextlib.redirect_stdout(io.StringIO()):  # warm up: import what a restore uses
    app(["report", "--format", "json"], standalone_mode=False)
print("ready", flush=True)
for turn in range(1000):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            app(["restore", "--yes", sys.argv[1 + turn %% 2]], standalone_mode=False)
        except SystemExit:
            pass
"""


def _restore_crash_loop(db_path: Path, runs: int, seed: int, slower: float = 1.0) -> None:
    """`slower`: how much later to kill (an encrypted restore derives keys several times)."""
    from lib.database import dump
    from lib.writers import SENTINEL_BACKUP

    rng = random.Random(seed)
    first = db_path.parent.parent / "first.db"
    assert goal_process("backup", str(first)).returncode == 0
    # Compared as sorted statements: SQLCipher's export (an encrypted restore) writes every plain
    # index before the unique ones, so the same schema can list its indexes in another order.
    wholes = {
        tuple(sorted(dump(Path(SENTINEL_BACKUP)) or ())): "the sentinel backup",
        tuple(
            sorted(dump(first) or ())
        ): "the first backup",  # (also the database before any restore)
    }
    backups = db_path.parent / "backups"
    run = 0
    # On a loaded machine every kill may land before the first restore is through: go on (up to
    # three times the runs, waiting longer) until one has left its safety backup.
    while run < runs or (not (backups.exists() and any(backups.iterdir())) and run < 3 * runs):
        high = slower * (0.6 if run < runs else 2.0)
        _kill_at_random([RESTORE_DRIVER % {}, SENTINEL_BACKUP, str(first)], rng, 0.05, high)
        # Never missing, never a mix: exactly one of the two, whole.
        assert db_path.exists(), f"run {run}: the database is gone"
        assert integrity(db_path) == "ok", f"run {run}"
        assert tuple(sorted(dump(db_path) or ())) in wholes, f"run {run}: neither backup"
        for leftover in db_path.parent.iterdir():  # a staged copy a kill left is private
            assert leftover.stat().st_mode & 0o077 == 0, leftover
        run += 1
    # Restores did happen (each leaves a safety backup), and goalcli opens what is left.
    assert list(backups.iterdir())
    assert goal_process("report", env={"GOALCLI_TODAY": TODAY}).returncode == 0


@BOTH
def test_kill_during_restores_leaves_one_database_whole(
    long_plan: Path, encryption: str | None
) -> None:
    _restore_crash_loop(long_plan, runs=4, seed=6, slower=1.0 if encryption is None else 4.0)


@pytest.mark.slow
def test_kill_during_restores_many_times(long_plan: Path) -> None:
    _restore_crash_loop(long_plan, runs=10, seed=int.from_bytes(os.urandom(2), "big"))
