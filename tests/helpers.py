"""Shared pieces of the robustness suites (issue 5, "Nothing lost, nobody in").

The heart of it is WRITERS: every way a command in this tree writes to the database. The
crash, interrupt, unwritable-place and privacy suites run each entry, so a new writing command
(edit, step, import, restore, delete, ...) is covered everywhere by adding one Writer here:

- `args`: a flags-only invocation that writes (run on the elevate-mood plan, goals 1 and 2,
  which starts on the fixed today 2026-11-26); it should carry SENTINEL in a free-text field
  where the command has one, so the privacy suite can look for it in failure output;
- `interactive`: the invocation that asks questions (None if the command never asks);
- `session`: the answers to every question of one complete interactive run, in order, one per
  prompt (the interrupt suite checks that this is exactly the number of prompts asked, then
  cuts the input and presses Ctrl-C at each of them).
"""

from __future__ import annotations

import ctypes
import functools
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
MOOD_PLAN = str(EXAMPLES / "elevate-mood.toml")
SENTINEL = "SENTINEL-c4f1e9"  # private words a user typed; must never show up in an error
# An export of the plan with a check-in whose note carries SENTINEL (for `goal import`).
SENTINEL_EXPORT = str(Path(__file__).resolve().parent / "data" / "sentinel-export.json")
# A backup of the plan with SENTINEL in a note, built once per session by conftest.py.
WRITER_FILES = Path(tempfile.gettempdir()) / f"goalcli-writer-files-{os.getpid()}"
SENTINEL_BACKUP = str(WRITER_FILES / "sentinel-backup.db")

# Answers to a complete interactive intake (one goal, three steps, step 2 first).
INTAKE_SESSION = (
    "individual",
    "Feel less stuck in the mornings",
    "Night shifts",
    "Wanting to go outside",
    f"My kids notice when I am low {SENTINEL}",
    "",  # support contact: skipped
    "Walk outside",
    "Walk outside for 20 minutes after lunch on weekdays",
    "minutes walked per day",
    "minutes",
    "0",
    "30",
    "daily",
    "7",
    "Moving outside lifts my mood and helps me sleep",
    "2027-02-26",
    "Put shoes by the door",
    "Walk 10 minutes",
    "",  # ends the steps
    "2",  # which step first
    "tomorrow",
    "n",  # add another goal?
    "y",  # save this plan?
)


@dataclass(frozen=True)
class Writer:
    id: str
    args: tuple[str, ...]
    interactive: tuple[str, ...] | None = None
    session: tuple[str, ...] = ()
    setup: tuple[tuple[str, ...], ...] = ()
    repeatable: bool = True
    needs_terminal: bool = False
    database_only_read: bool = False


WRITERS: tuple[Writer, ...] = (
    Writer(
        "intake",
        ("intake", "--answers", MOOD_PLAN),
        interactive=("intake",),
        session=INTAKE_SESSION,
    ),
    Writer(
        "log",
        ("log", "1", "--value", "12", "--mood", "6", "--note", SENTINEL, "--done", "1"),
        interactive=("log",),
        session=(
            "6",  # mood
            "12",  # goal 1 value
            "1 3",  # goal 1 steps done
            SENTINEL,  # goal 1 note
            "1",  # goal 2 value
            "",  # goal 2 steps done
            "Called Sam",  # goal 2 note
        ),
    ),
    Writer(
        "review",
        ("review", "1", "--gas", "1", "--gbo", "6", "--note", SENTINEL, "--next-step", "Ask"),
        interactive=("review",),
        session=(
            "+1",  # goal 1 GAS
            "6",  # goal 1 GBO
            SENTINEL,  # what helped
            "Late shifts",  # what got in the way
            "Walk with Sam",  # next step
            "0",  # goal 2 GAS
            "3",
            "",
            "",
            "",
        ),
    ),
    Writer(
        "edit",
        (
            "edit",
            "1",
            "--title",
            f"Enjoy one thing {SENTINEL}",
            "--target",
            "6",
            "--target-date",
            "2027-03-01",
            "--confidence",
            "8",
        ),
        interactive=("edit", "1"),
        session=(
            f"Enjoy one thing {SENTINEL}",  # title
            "",  # specific: kept
            "",  # measure
            "",  # unit
            "6",  # target
            "",  # target date
            "",  # relevant
            "8",  # confidence
            "",  # frequency
            "y",  # save these changes?
        ),
        needs_terminal=True,
    ),
    Writer("done", ("done", "1"), repeatable=False),
    Writer("pause", ("pause", "1"), repeatable=False),
    Writer("resume", ("resume", "1"), setup=(("pause", "1"),), repeatable=False),
    Writer("drop", ("drop", "1", "--reason", f"Too much {SENTINEL}"), repeatable=False),
    Writer(
        "delete",
        ("delete", "1", "--yes"),
        interactive=("delete", "1"),
        session=("Do one thing I enjoy each day",),
        repeatable=False,
        needs_terminal=True,
    ),
    Writer("step-add", ("step", "add", "1", f"Call Sam {SENTINEL}", "--due", "tomorrow")),
    Writer("step-done", ("step", "done", "1", "2", "--date", "today")),
    Writer("step-undo", ("step", "undo", "1", "1"), setup=(("step", "done", "1", "1"),)),
    Writer(
        "import",
        ("import", SENTINEL_EXPORT),
        interactive=("import", "--replace", SENTINEL_EXPORT),
        session=("y",),
        needs_terminal=True,
    ),
    Writer(
        "restore",
        ("restore", "--yes", SENTINEL_BACKUP),
        interactive=("restore", SENTINEL_BACKUP),
        session=("y",),
        needs_terminal=True,
    ),
    Writer("backup", ("backup",), database_only_read=True),
)
INTERACTIVE_WRITERS = tuple(writer for writer in WRITERS if writer.interactive is not None)


def prepare(writer: Writer, db_path: Path | None = None) -> None:
    """Run the writer's setup commands (on the plan already at GOALCLI_DB, or at db_path)."""
    for args in writer.setup:
        where = ("--db", str(db_path)) if db_path is not None else ()
        done = goal_process(*where, *args)
        assert done.returncode == 0, (args, done.stderr)


# Writers that share their code path with another one (status changes all go through one
# function, as do step done and undo): in the process-heavy suites they run under `slow`.
SAME_PATH_AS_ANOTHER = frozenset({"done", "pause", "resume", "step-done", "step-undo"})


def writer_params(
    writers: tuple[Writer, ...] = WRITERS, also_slow: frozenset[str] = frozenset()
) -> list[object]:
    """pytest params for `writers`, those in SAME_PATH_AS_ANOTHER (or also_slow) marked slow."""
    slow = SAME_PATH_AS_ANOTHER | also_slow
    return [
        pytest.param(writer, id=writer.id, marks=[pytest.mark.slow] if writer.id in slow else [])
        for writer in writers
    ]


def writer_ids(writers: tuple[Writer, ...] = WRITERS) -> list[str]:
    return [writer.id for writer in writers]


# --- running goalcli as a real process ---------------------------------------------------------


def goal_process(
    *args: str,
    input: str | None = None,
    timeout: float = 30,
    env: dict[str, str] | None = None,
    **popen: object,
) -> subprocess.CompletedProcess[str]:
    """`python -m goalcli ARGS` in the test's environment (GOALCLI_DB, GOALCLI_TODAY)."""
    return subprocess.run(  # type: ignore[call-overload]
        [sys.executable, "-m", "goalcli", *args],
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        **popen,
    )


# --- what the database holds -------------------------------------------------------------------


def dump(db_path: Path) -> list[str] | None:
    """Every row and schema statement, as SQL (None when there is no database)."""
    if not db_path.exists():
        return None
    # A plain connection, so that closing it removes the -wal and -shm (a read-only one can
    # leave them behind, and tests that look at the folder must find only goals.db).
    db = sqlite3.connect(db_path)
    try:
        return list(db.iterdump())
    finally:
        db.close()


def integrity(db_path: Path) -> str:
    db = sqlite3.connect(db_path)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


def rows(db_path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    db = sqlite3.connect(db_path)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


def assert_one_plain_line(stderr: str) -> None:
    """goalcli's promise for every refusal: one sentence on stderr, no traceback, no escape."""
    lines = stderr.strip("\n").splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("goal: "), stderr
    assert "Traceback" not in stderr
    assert "\x1b" not in stderr and "\x00" not in stderr


# --- running as an ordinary user ---------------------------------------------------------------

_PR_CAPBSET_DROP = 24
# CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER: what lets root ignore file modes.
_FILE_MODE_CAPS = (1, 2, 3)


def _drop_file_mode_caps() -> None:  # pragma: no cover - runs in the child, before exec
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in _FILE_MODE_CAPS:
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            os._exit(99)


def obeying_file_modes() -> object:
    """A preexec_fn under which the child obeys file modes as an ordinary user would.

    Root ignores file modes; the venv's Python lives under root's 0700 home, so switching to
    `nobody` cannot run it. Dropping the three capabilities that override file modes from the
    bounding set before exec does the same job: the child is still uid 0 (so it can reach the
    interpreter) but is refused by a 0500 folder or a 0400 file like anyone else.
    """
    if os.geteuid() != 0:
        return None  # an ordinary user already obeys file modes
    if not _can_drop_file_mode_caps():
        pytest.skip("running as root and unable to drop CAP_DAC_OVERRIDE (prctl refused)")
    return _drop_file_mode_caps


@functools.cache
def _can_drop_file_mode_caps() -> bool:
    probe = subprocess.run(
        [sys.executable, "-c", "pass"],
        preexec_fn=_drop_file_mode_caps,
        capture_output=True,
        timeout=30,
    )
    return probe.returncode == 0


# --- answers files for the CLI suites ----------------------------------------------------------

# The intake every CLI suite's plan shares; the suites differ in their goals and dates.
INTAKE_TABLE = """\
[intake]
therapy_type = "individual"
expectations = "Feel less stuck"
obstacles = "Night shifts"
success_feels_like = "Wanting to go outside"
motivations = "My kids"
"""


def answers_toml(start_date: str, *goals: str) -> str:
    """An answers file for a plan made on `start_date`: the shared intake, then `goals`
    ([[goals]] tables such as walk_outside() returns), in order (goal ids 1, 2, ...)."""
    return f'start_date = "{start_date}"\n\n{INTAKE_TABLE}' + "".join(f"\n{g}" for g in goals)


def walk_outside(*, target_date: str, first_step_on: str) -> str:
    """0 → 30 minutes; three steps."""
    return f"""\
[[goals]]
title = "Walk outside"
specific = "Walk after lunch"
measure = "minutes walked per day"
unit = "minutes"
baseline = 0
target = 30
relevant = "Moving lifts my mood"
confidence = 7
target_date = "{target_date}"
steps = ["Put shoes by the door", "Walk 10 minutes", "Walk 20 minutes"]
first_step = 1
first_step_on = "{first_step_on}"
"""


def walk_the_dog(*, first_step_on: str) -> str:
    """0 → 7 walks by 2027-01-08; one step. Its title shares the prefix "Walk" with walk_outside."""
    return f"""\
[[goals]]
title = "Walk the dog"
specific = "Take Rex round the block"
measure = "walks per week"
unit = "walks"
baseline = 0
target = 7
relevant = "Rex and I both need it"
confidence = 8
target_date = "2027-01-08"
steps = ["Find the lead"]
first_step = 1
first_step_on = "{first_step_on}"
"""


def fewer_panics(
    *, first_step_on: str, title: str = "Fewer panic episodes", frequency: str | None = None
) -> str:
    """6 → 1 episodes by 2027-01-08 (a goal that goes down); two steps."""
    often = f'frequency = "{frequency}"\n' if frequency is not None else ""
    return f"""\
[[goals]]
title = "{title}"
specific = "Use the breathing exercise when panic starts"
measure = "panic episodes per week"
unit = "episodes"
baseline = 6
target = 1
relevant = "I want to go to the shops again"
confidence = 5
target_date = "2027-01-08"
steps = ["Learn box breathing", "Practise it daily"]
first_step = 1
first_step_on = "{first_step_on}"
{often}"""


def intake_from(goal: Callable[..., Result], folder: Path, answers: str) -> Callable[..., Result]:
    """Run `goal intake --answers` on the text `answers` (saved as folder/plan.toml)."""
    path = folder / "plan.toml"
    path.write_text(answers, encoding="utf-8")
    result = goal("intake", "--answers", str(path))
    assert result.exit_code == 0, result.output
    return goal


def dump_read_only(path: Path) -> list[str]:
    """Every row and schema statement of the database at `path`, read without changing it
    (for backups and exports, which must stay byte for byte as they were written)."""
    connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def mode(path: Path) -> int:
    """The permission bits of a file or folder (0o600, 0o700)."""
    return path.stat().st_mode & 0o777


# --- a real terminal ---------------------------------------------------------------------------

# How long a real-terminal test waits for one prompt. Generous: on a loaded machine one Python
# start-up can take seconds, and a wait that times out proves nothing.
TERMINAL_TIMEOUT = 60


def spawn_goal(*args: str, columns: int = 120) -> Any:
    """`python -m goalcli ARGS` in a real terminal (pexpect), in the test's environment; what
    the terminal showed collects in `child.logfile_read`."""
    import io

    import pexpect

    child = pexpect.spawn(
        sys.executable,
        ["-m", "goalcli", *args],
        env=dict(os.environ, TERM="xterm"),
        encoding="utf-8",
        timeout=TERMINAL_TIMEOUT,
        dimensions=(40, columns),
    )
    child.logfile_read = io.StringIO()
    return child
