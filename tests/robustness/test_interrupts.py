"""Ctrl-C, Ctrl-D, ended and closed input at every prompt of every writing command.

Promise: exit 130 (or 2 when there is no input at all), one plain sentence, never a hang,
and the database exactly as it was (compared with iterdump). Exhaustive in-process (CliRunner
input cut at each prompt; KeyboardInterrupt raised at each prompt); a representative set in a
real terminal through pexpect; and real processes with stdin at /dev/null or closed.
The writing commands come from lib.writers.WRITERS. The flag form of `goal log` (issue 26),
which asks nothing but the passphrase, is interrupted at that prompt and at moments spread over
its run, on both of its paths.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import Result

from lib.database import dump, rows
from lib.encryption import BOTH, PASSPHRASE, encrypt_if, is_plain_sqlite, plain_and_encrypted
from lib.paths import MOOD_PLAN
from lib.processes import (
    LOG_PATHS,
    assert_one_plain_line,
    goal_process,
    paths_taken,
)
from lib.terminal import finish, goal_terminal
from lib.writers import FLAG_LOG, INTERACTIVE_WRITERS, SENTINEL, Writer, writer_ids

Run = Callable[..., Result]

CASES = [
    pytest.param(writer, asked, id=f"{writer.id}-prompt{asked + 1}")
    for writer in INTERACTIVE_WRITERS
    for asked in range(len(writer.session))
]
# Every prompt on a plain database; on an encrypted one the last prompt of each command, the
# moment before it saves (issue 17: the prompts are the same, the saving is not).
CASES_BOTH_WAYS = pytest.mark.parametrize(
    ("writer", "asked", "encryption"),
    plain_and_encrypted(
        CASES,
        {f"{writer.id}-prompt{len(writer.session)}" for writer in INTERACTIVE_WRITERS},
    ),
    indirect=["encryption"],
)


def feed(answers: tuple[str, ...]) -> str:
    return "".join(f"{answer}\n" for answer in answers)


@pytest.fixture(autouse=True)
def at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process runs answer "yes, a person is at the keyboard" (edit, delete, restore and
    import --replace ask only then); real processes below are unaffected."""
    monkeypatch.setattr("goalcli.prompts.stdin_is_terminal", lambda: True)


def no_leftovers(db_path: Path) -> None:
    """An interrupted restore or import leaves no staged copy or partial file behind."""
    names = [p.name for p in db_path.parent.iterdir()]
    assert not [name for name in names if name.startswith(".")], names


@pytest.fixture
def prompts_seen(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every question asked (typer.prompt and typer.confirm), in order."""
    seen: list[str] = []
    real_prompt, real_confirm = typer.prompt, typer.confirm

    def prompt(text: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(text)
        return real_prompt(text, *args, **kwargs)

    def confirm(text: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(text)
        return real_confirm(text, *args, **kwargs)

    monkeypatch.setattr(typer, "prompt", prompt)
    monkeypatch.setattr(typer, "confirm", confirm)
    return seen


@pytest.mark.parametrize("writer", INTERACTIVE_WRITERS, ids=writer_ids(INTERACTIVE_WRITERS))
def test_each_session_answers_exactly_every_prompt(
    planned_fast: Run, db_path: Path, prompts_seen: list[str], writer: Writer
) -> None:
    """The sessions below are complete: one answer per prompt, and they do write."""
    before = dump(db_path)
    assert writer.interactive is not None
    result = planned_fast(*writer.interactive, input=feed(writer.session))

    assert result.exit_code == 0, result.output
    assert len(prompts_seen) == len(writer.session), prompts_seen
    assert dump(db_path) != before


@CASES_BOTH_WAYS
def test_input_ending_at_each_prompt_saves_nothing(
    planned_fast: Run,
    db_path: Path,
    prompts_seen: list[str],
    writer: Writer,
    asked: int,
    encryption: str | None,
) -> None:
    encrypt_if(encryption, db_path)
    before = dump(db_path)
    assert writer.interactive is not None
    result = planned_fast(*writer.interactive, input=feed(writer.session[:asked]))

    assert result.exit_code == 130, result.output
    assert len(prompts_seen) == asked + 1  # it stopped at the prompt that got no answer
    assert "nothing was saved" in result.stderr
    assert "Traceback" not in result.output
    assert dump(db_path) == before
    no_leftovers(db_path)


@CASES_BOTH_WAYS
def test_ctrl_c_at_each_prompt_saves_nothing(
    planned_fast: Run,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    writer: Writer,
    asked: int,
    encryption: str | None,
) -> None:
    encrypt_if(encryption, db_path)
    calls = {"n": 0}
    real_prompt, real_confirm = typer.prompt, typer.confirm

    def interrupting(real: Callable[..., Any]) -> Callable[..., Any]:
        def ask(*args: Any, **kwargs: Any) -> Any:
            calls["n"] += 1
            if calls["n"] == asked + 1:
                raise KeyboardInterrupt
            return real(*args, **kwargs)

        return ask

    monkeypatch.setattr(typer, "prompt", interrupting(real_prompt))
    monkeypatch.setattr(typer, "confirm", interrupting(real_confirm))
    before = dump(db_path)
    assert writer.interactive is not None

    result = planned_fast(*writer.interactive, input=feed(writer.session))

    assert calls["n"] == asked + 1
    assert result.exit_code == 130, result.output
    assert "Interrupted; nothing was saved." in result.stderr
    assert dump(db_path) == before
    no_leftovers(db_path)


# --- real processes: no terminal, no input ----------------------------------------------------


@pytest.fixture
def planned_on_disk(planned_fast: Run, db_path: Path) -> list[str] | None:
    return dump(db_path)


@pytest.mark.parametrize("writer", INTERACTIVE_WRITERS, ids=writer_ids(INTERACTIVE_WRITERS))
def test_stdin_at_dev_null_ends_plainly(
    planned_on_disk: list[str] | None, db_path: Path, writer: Writer
) -> None:
    assert writer.interactive is not None
    result = goal_process(*writer.interactive, stdin=subprocess.DEVNULL, timeout=20)

    if writer.needs_terminal:  # asks only a person at a terminal: refused, pointing at flags
        assert result.returncode == 2, result.stderr
        assert_one_plain_line(result.stderr)
        assert dump(db_path) == planned_on_disk
        return
    assert result.returncode == 130, result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "goal: The input ended before every question was answered; nothing was saved."
    )
    assert "Traceback" not in result.stderr
    assert dump(db_path) == planned_on_disk


@pytest.mark.parametrize("writer", INTERACTIVE_WRITERS, ids=writer_ids(INTERACTIVE_WRITERS))
def test_closed_stdin_is_refused_plainly(
    planned_on_disk: list[str] | None, db_path: Path, writer: Writer
) -> None:
    """`goal log <&-`: Python starts with sys.stdin = None; nothing may be asked or saved."""
    assert writer.interactive is not None
    result = goal_process(*writer.interactive, preexec_fn=lambda: os.close(0), timeout=20)

    assert result.returncode == 2, result.stderr
    assert_one_plain_line(result.stderr)
    if not writer.needs_terminal:
        assert "no input to answer questions from" in result.stderr
    assert "Traceback" not in result.stderr
    assert dump(db_path) == planned_on_disk


def test_answers_piped_in_still_work(planned_on_disk: list[str] | None, db_path: Path) -> None:
    """Not a terminal is fine when the answers are there: a script can pipe a check-in."""
    result = goal_process("log", input="6\n12\n\n\n\nfrom a script\n\n", timeout=20)

    assert result.returncode == 0, result.stderr
    assert dump(db_path) != planned_on_disk


# --- a real terminal (pexpect): a representative set -------------------------------------------

pexpect = pytest.importorskip("pexpect")
PROMPT = re.compile(r"([^\r\n]*): $")


def _terminal_session(args: tuple[str, ...], answers: tuple[str, ...], stop_at: int, key: str):
    """Answer prompts in a real terminal until prompt number `stop_at`; there press `key`."""
    with goal_terminal(*args) as child:
        for index in range(stop_at + 1):
            child.expect(PROMPT)
            if index < stop_at:
                child.sendline(answers[index])
        if key == "ctrl-c":
            child.sendintr()
        else:
            child.sendeof()
        return child, finish(child)


# The intake's Ctrl-C and Ctrl-D in a terminal are in test_terminal.py.
TERMINAL_CASES = [
    ("log", 0, "ctrl-c"),
    ("log", 5, "ctrl-d"),  # at the note
    ("log", 10, "ctrl-c"),  # the last prompt
    ("review", 2, "ctrl-d"),
    ("review", 9, "ctrl-c"),  # the last prompt
    ("edit", 0, "ctrl-d"),  # the title
    ("edit", 4, "ctrl-c"),  # the target
    ("edit", 9, "ctrl-d"),  # "Save these changes?"
    ("delete", 0, "ctrl-d"),  # typing the title (its Ctrl-C is in test_terminal_goals.py)
    ("import", 0, "ctrl-c"),  # import --replace: "Delete everything ...?"
    ("import", 0, "ctrl-d"),
    ("restore", 0, "ctrl-c"),
    ("restore", 0, "ctrl-d"),
]


# On an encrypted database: the last prompt of a check-in and a restore's question.
ENCRYPTED_TERMINAL_CASES = {"log-10-ctrl-c", "restore-0-ctrl-d"}


@pytest.mark.parametrize(
    ("command", "stop_at", "key", "encryption"),
    plain_and_encrypted(
        [pytest.param(*case, id="-".join(map(str, case))) for case in TERMINAL_CASES],
        ENCRYPTED_TERMINAL_CASES,
    ),
    indirect=["encryption"],
)
def test_keys_in_a_real_terminal_save_nothing(
    planned_fast: Run, db_path: Path, command: str, stop_at: int, key: str, encryption: str | None
) -> None:
    encrypt_if(encryption, db_path)
    planned_on_disk = dump(db_path)
    writer = next(w for w in INTERACTIVE_WRITERS if w.id == command)
    assert writer.interactive is not None

    child, output = _terminal_session(writer.interactive, writer.session, stop_at, key)

    assert child.exitstatus == 130, output
    assert "Interrupted; nothing was saved." in output
    assert "Traceback" not in output
    assert dump(db_path) == planned_on_disk
    no_leftovers(db_path)


def test_import_replace_confirmed_in_a_real_terminal(
    planned_on_disk: list[str] | None, db_path: Path
) -> None:
    """`goal import --replace FILE` answered "y" at a real terminal replaces everything, after
    a safety backup of what was there."""
    writer = next(w for w in INTERACTIVE_WRITERS if w.id == "import")
    assert writer.interactive is not None
    with goal_terminal(*writer.interactive) as child:
        child.expect(r"\[y/N\]: ")
        child.sendline("y")
        output = finish(child)

    assert child.exitstatus == 0, output
    assert "Replaced everything with" in output
    assert "Backed up the current database to" in output
    from lib.database import rows
    from lib.writers import SENTINEL

    assert rows(db_path, "SELECT note FROM checkin") == [(f"{SENTINEL} felt low",)]
    assert len(list((db_path.parent / "backups").iterdir())) == 1
    no_leftovers(db_path)


# --- the passphrase asked at a real terminal (issue 17) ----------------------------------------


@pytest.mark.parametrize("encryption", ["encrypted"], indirect=True)
@pytest.mark.parametrize("key", ["ctrl-c", "ctrl-d"])
@pytest.mark.parametrize("log_path", list(LOG_PATHS))
def test_keys_at_the_passphrase_prompt_save_nothing(
    planned_fast: Run,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    key: str,
    encryption: str | None,
    log_path: str,
) -> None:
    """The flag form asks for the passphrase on either of its paths (issue 26: the quick one
    unlocks the file itself, the full path's way)."""
    encrypt_if(encryption, db_path)
    monkeypatch.delenv("GOALCLI_PASSPHRASE_COMMAND")  # so it is asked
    for name, value in LOG_PATHS[log_path].items():
        monkeypatch.setenv(name, value)
    before = dump(db_path)
    note = tmp_path / "path"
    with goal_terminal("log", "1", "--value", "3", noting=note) as child:
        child.expect_exact("Passphrase for ")
        if key == "ctrl-c":
            child.sendintr()
        else:
            child.sendeof()
        output = finish(child)

    assert child.exitstatus == 130, output
    assert "Interrupted; nothing was saved." in output
    assert "Traceback" not in output
    assert dump(db_path) == before
    no_leftovers(db_path)
    if log_path == "quick":  # the full path may not have loaded SQLModel by the prompt
        assert paths_taken(note) == ["quick"]


@pytest.mark.parametrize("encryption", ["encrypted"], indirect=True)
@pytest.mark.parametrize("log_path", list(LOG_PATHS))
def test_the_passphrase_typed_at_the_prompt_is_asked_once(
    planned_fast: Run,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    encryption: str | None,
    log_path: str,
) -> None:
    """Typed at the terminal, the passphrase opens the file once on either path; a case the
    quick path gives way on after unlocking (the low-mood note's day) is not asked twice."""
    assert encryption is not None
    encrypt_if(encryption, db_path)
    for day in ("2026-11-24", "2026-11-25"):
        assert goal_process("log", "--mood", "1", "--date", day).returncode == 0
    monkeypatch.delenv("GOALCLI_PASSPHRASE_COMMAND")  # so it is asked
    for name, value in LOG_PATHS[log_path].items():
        monkeypatch.setenv(name, value)
    for args, path in ((("1", "--value", "3"), log_path), (("1", "--mood", "2"), "full")):
        note = tmp_path / "path"
        note.unlink(missing_ok=True)
        with goal_terminal("log", *args, noting=note) as child:
            child.expect_exact("Passphrase for ")
            child.sendline(encryption)
            output = finish(child)
        assert child.exitstatus == 0, output
        assert output.count("Passphrase for ") == 1, output
        assert encryption not in output
        assert paths_taken(note) == [path]
    assert rows(db_path, "SELECT value FROM checkin") == [(3.0,)]
    assert rows(db_path, "SELECT mood FROM mood WHERE day = '2026-11-26'") == [(2,)]


@pytest.mark.parametrize("at", ["New passphrase: ", "Repeat it: "])
def test_ctrl_c_choosing_a_passphrase_leaves_the_plain_file_or_none(
    planned_fast: Run, db_path: Path, tmp_path: Path, at: str
) -> None:
    """`goal encrypt` stopped while the passphrase is chosen changes nothing; `intake
    --encrypt` stopped there creates nothing."""
    original = db_path.read_bytes()
    fresh = tmp_path / "fresh" / "goals.db"
    for args in (("encrypt",), ("--db", str(fresh), "intake", "--encrypt", "--answers", MOOD_PLAN)):
        with goal_terminal(*args) as child:
            child.expect_exact("New passphrase: ")
            if at == "Repeat it: ":
                child.sendline(PASSPHRASE)
                child.expect_exact(at)
            child.sendintr()
            output = finish(child)
        assert child.exitstatus == 130, output
        assert "Interrupted; nothing was saved." in output
        assert "Traceback" not in output and PASSPHRASE not in output
    assert is_plain_sqlite(db_path) and db_path.read_bytes() == original
    no_leftovers(db_path)
    assert not fresh.exists()
    assert not fresh.parent.exists() or list(fresh.parent.iterdir()) == []


# --- the flag form interrupted mid-way, on each of its paths (issue 26) ------------------------

# Runs goalcli once its own modules are imported (the command's are imported as it runs), and
# sends itself SIGINT (what Ctrl-C sends) `delay` seconds into the command (none for 0); appends
# to the note file the path taken (SQLModel loaded: "full") and the seconds the command took.
INTERRUPTED_MAIN = """
import atexit, os, signal, sys, time
note, delay = sys.argv.pop(1), float(sys.argv.pop(1))
from goalcli.cli import main
began = time.monotonic()
def noted():
    with open(note, "a", encoding="ascii") as handle:
        path = "full" if "sqlmodel" in sys.modules else "quick"
        handle.write(f"{path} {time.monotonic() - began}\\n")
atexit.register(noted)
signal.signal(signal.SIGALRM, lambda *_: os.kill(os.getpid(), signal.SIGINT))
if delay:
    signal.setitimer(signal.ITIMER_REAL, delay)
sys.argv[0] = "goal"
try:
    main()
finally:
    signal.setitimer(signal.ITIMER_REAL, 0)
"""


@BOTH
@pytest.mark.parametrize("log_path", list(LOG_PATHS))
def test_ctrl_c_at_any_moment_of_the_flag_form_saves_all_or_nothing(
    planned_fast: Run, db_path: Path, tmp_path: Path, encryption: str | None, log_path: str
) -> None:
    """SIGINT at moments spread over a whole flag-form check-in, on the quick path and on the
    full one: exit 130 with "nothing was saved" and the database exactly as it was, or the
    whole check-in saved and said so (exit 0, or 130 saying it was saved before that)."""
    encrypt_if(encryption, db_path)
    env = {**os.environ, **LOG_PATHS[log_path]}
    original = db_path.parent / "original.db"
    shutil.copy2(db_path, original)
    before = dump(db_path)
    note = tmp_path / "path"

    def run(delay: float) -> tuple[int, str]:
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        shutil.copy2(original, db_path)
        note.unlink(missing_ok=True)
        done = subprocess.run(
            [sys.executable, "-c", INTERRUPTED_MAIN, str(note), str(delay), *FLAG_LOG],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        return done.returncode, done.stderr

    code, stderr = run(0)  # the whole check-in, uninterrupted: how long it takes
    assert code == 0, stderr
    path, took = note.read_text(encoding="ascii").split()
    assert path == log_path
    saved = dump(db_path)
    assert saved != before
    outcomes = []
    for fraction in (0.05, 0.2, 0.4, 0.6, 0.75, 0.9):
        code, stderr = run(float(took) * fraction)
        assert "Traceback" not in stderr and SENTINEL not in stderr, stderr
        if code == 130 and "nothing was saved" in stderr:
            assert dump(db_path) == before
        else:
            assert code in (0, 130), stderr
            assert code == 0 or "were saved before that" in stderr, stderr
            assert _without_stamps(dump(db_path)) == _without_stamps(saved)
        outcomes.append(code)
    assert 130 in outcomes, outcomes  # something was interrupted


# Ctrl-C just after the command finished and said so: SIGINT sent to the process right after
# the boundary that says the outcome (GoalGroup.invoke on the full path, hot._log_flags on the
# quick one) has returned, while the context closes the database and the interpreter exits.
LATE_INTERRUPT_MAIN = """
import os, signal, sys, time
path = sys.argv.pop(1)
import goalcli.cli, goalcli.hot
owner, name = (goalcli.cli.GoalGroup, "invoke") if path == "full" else (goalcli.hot, "_log_flags")
real = getattr(owner, name)
def then_interrupted(*args, **kwargs):
    outcome = real(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.2)  # Python acts on a pending signal here at the latest
    return outcome
setattr(owner, name, then_interrupted)
sys.argv[0] = "goal"
goalcli.hot.main()
"""


@pytest.mark.parametrize("log_path", list(LOG_PATHS))
def test_ctrl_c_after_the_check_in_was_said_changes_neither_its_words_nor_its_status(
    planned_fast: Run, db_path: Path, log_path: str
) -> None:
    """Found by the sweep above in CI (2026-12-07): SIGINT landing after `goal log` had printed
    its confirmation ended the process with a silent 130 (Typer turns a KeyboardInterrupt
    outside the command into Exit(130)), and on the quick path with "nothing was saved" about a
    saved check-in. Once the outcome is said (errors.settled), Ctrl-C is ignored to the end."""
    before = dump(db_path)
    done = subprocess.run(
        [sys.executable, "-c", LATE_INTERRUPT_MAIN, log_path, *FLAG_LOG],
        capture_output=True,
        text=True,
        env={**os.environ, **LOG_PATHS[log_path]},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "Saved mood 6/10" in done.stdout
    assert rows(db_path, "SELECT note FROM checkin") == [(SENTINEL,)]
    assert dump(db_path) != before


def test_a_command_run_in_process_leaves_its_callers_ctrl_c_alone(planned_fast: Run) -> None:
    """errors.settled ignores Ctrl-C only in goalcli's own process: a program (or a test
    runner) that runs a command in-process keeps its Ctrl-C."""
    import signal

    handler = signal.getsignal(signal.SIGINT)
    assert planned_fast("log", "1", "--value", "3").exit_code == 0
    assert planned_fast("log", "1", "--value", "oops").exit_code == 2
    assert signal.getsignal(signal.SIGINT) is handler
    assert handler is not signal.SIG_IGN


def _without_stamps(statements: list[str] | None) -> list[str]:
    """A dump with the wall-clock stamps of the check-in's rows left out (each run has its own)."""
    return [re.sub(r"'\d{4}-\d\d-\d\dT[\d:.+]+'", "'STAMP'", line) for line in statements or []]
