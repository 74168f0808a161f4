"""WRITERS: every way a command in this tree writes to the database (issue 5, "Nothing lost,
nobody in"). The crash, interrupt, unwritable-place and privacy suites run each entry, so a new
writing command (edit, step, import, restore, delete, ...) is covered everywhere by adding one
Writer here:

- `args`: a flags-only invocation that writes (run on the elevate-mood plan, goals 1 and 2,
  which starts on the fixed today 2026-11-26); it should carry SENTINEL in a free-text field
  where the command has one, so the privacy suite can look for it in failure output;
- `interactive`: the invocation that asks questions (None if the command never asks);
- `session`: the answers to every question of one complete interactive run, in order, one per
  prompt (the interrupt suite checks that this is exactly the number of prompts asked, then
  cuts the input and presses Ctrl-C at each of them).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from lib.paths import DATA, MOOD_PLAN
from lib.processes import goal_process

SENTINEL = "SENTINEL-c4f1e9"  # private words a user typed; must never show up in an error
# An export of the plan with a check-in whose note carries SENTINEL (for `goal import`).
SENTINEL_EXPORT = str(DATA / "sentinel-export.json")
# A backup of the plan with SENTINEL in a note, built once per session by `_writer_files`
# below: one folder a process, so pytest-xdist workers never share it.
WRITER_FILES = Path(tempfile.gettempdir()) / f"goalcli-writer-files-{os.getpid()}"
SENTINEL_BACKUP = str(WRITER_FILES / "sentinel-backup.db")

# Answers to a complete interactive intake (one goal, three steps, step 2 first), on the plan
# that exists already: a new assessment.
INTAKE_SESSION = (
    "new",  # a plan exists: add a goal, or a new assessment?
    "individual",
    "Feel less stuck in the mornings",
    "Night shifts",
    "Wanting to go outside",
    f"My kids notice when I am low {SENTINEL}",
    "",  # support contact: skipped
    "",  # questionnaires: kept as they are (none)
    "Walk outside",
    "",  # started working on it: today
    "Walk outside for 20 minutes after lunch on weekdays",
    "minutes walked per day",
    "minutes",
    "0",
    "30",
    "daily",
    "reading",
    "7",
    "Moving outside lifts my mood and helps me sleep",
    "2027-02-26",
    "Walks on 3 days a week",  # the GAS guide: the expected outcome, then -2, -1, +1, +2
    f"No walks {SENTINEL}",
    "Walks on 1 or 2 days",
    "Walks on 4 or 5 days",
    "Walks every day",
    "Put shoes by the door",
    "",  # its expected pleasure: skipped
    "Walk 10 minutes",
    "",
    "",  # ends the steps
    "2",  # which step first
    "tomorrow",
    "n",  # add another goal?
    "y",  # save this plan (or change a part, or discard)?
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
            "",  # goal 1 pleasure (issue 28; Enter skips)
            "",  # goal 1 mastery
            SENTINEL,  # goal 1 note
            "1",  # goal 2 value
            "",  # goal 2 steps done
            "",  # goal 2 pleasure
            "",  # goal 2 mastery
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
            "",  # kind
            "",  # no GAS guide
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
    Writer(
        "add",
        (
            "add",
            "--template",
            "elevate-mood",
            "--confidence",
            "6",
            "--relevant",
            f"It matters {SENTINEL}",
            "--start-date",
            "today",
        ),
        interactive=("add",),
        session=(
            "Read more",
            "today",  # started
            "Read 10 pages at night before sleeping",
            "pages read per day",
            "pages",
            "0",
            "10",
            "daily",
            "reading",
            "7",
            f"I miss books and they calm me down {SENTINEL}",
            "2027-02-26",
            "",  # no GAS guide
            "Buy a lamp",
            "",  # its expected pleasure: skipped
            "",  # ends the steps
            "tomorrow",
            "y",  # save this goal?
        ),
    ),
    Writer("step-edit", ("step", "edit", "1", "2", f"Note what drains me {SENTINEL}")),
    Writer("step-move", ("step", "move", "1", "3", "--to", "1")),
    Writer("step-remove", ("step", "remove", "1", "2", "--yes")),
    Writer(
        "checkin-remove",
        ("checkin", "remove", "1", "--date", "today", "--yes"),
        setup=(("log", "1", "--value", "3"),),
        repeatable=False,
    ),
    Writer("undo", ("undo", "--yes"), setup=(("pause", "2"),), repeatable=False),
    # Undoing a removed step puts it back and renumbers the others: its own code path.
    Writer(
        "undo-step-remove",
        ("undo", "--yes"),
        setup=(("step", "remove", "1", "2", "--yes"),),
        repeatable=False,
    ),
    Writer(
        "reviews-remove",
        ("reviews", "remove", "1", "--date", "today", "--yes"),
        setup=(("review", "1", "--gbo", "4", "--note", f"Steady {SENTINEL}"),),
        repeatable=False,
    ),
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

# The flag form of `goal log` that storage/quick.py takes (issue 26: a goal by its id, a mood
# that brings no safety note) on the elevate-mood plan; the "log" writer above adds --done,
# which the quick path now takes too (goalcli.hot). The suites run FLAG_LOG on both paths
# (lib.processes.LOG_PATHS) and check which one each process took (lib.processes.NOTING_MAIN).
FLAG_LOG = ("log", "1", "--value", "12", "--mood", "6", "--note", SENTINEL)


def prepare(writer: Writer, db_path: Path | None = None) -> None:
    """Run the writer's setup commands (on the plan already at GOALCLI_DB, or at db_path)."""
    for args in writer.setup:
        where = ("--db", str(db_path)) if db_path is not None else ()
        done = goal_process(*where, *args)
        assert done.returncode == 0, (args, done.stderr)


# Writers with their own way into the database (the others share one of these): the suites
# run them on an encrypted database as well (issue 17; lib.encryption.plain_and_encrypted).
OWN_CODE_PATHS = frozenset(
    {"intake", "log", "review", "edit", "delete", "add", "step-add", "import", "restore", "backup"}
)

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


@pytest.fixture(scope="session", autouse=True)
def _writer_files() -> Iterator[None]:
    """The backup `goal restore` restores in WRITERS: the plan plus a check-in whose note
    carries the sentinel (made from SENTINEL_EXPORT), built once per session."""
    import shutil

    from typer.testing import CliRunner

    from goalcli.cli import app
    from lib.fixtures import TODAY

    WRITER_FILES.mkdir(mode=0o700, exist_ok=True)
    source = WRITER_FILES / "source.db"
    env = {"GOALCLI_DB": str(source), "GOALCLI_TODAY": TODAY}
    runner = CliRunner()
    for args in (["import", SENTINEL_EXPORT], ["backup", SENTINEL_BACKUP]):
        result = runner.invoke(app, args, env=env)
        assert result.exit_code == 0, result.output
    try:
        yield
    finally:
        shutil.rmtree(WRITER_FILES, ignore_errors=True)
