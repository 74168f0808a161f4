"""Time goalcli's commands as whole processes against their floors, and at scale.

    python bench/run.py [--repeat 9] [--goal PATH/TO/goal] [--keep DIR]

Each command runs as its own process (the installed `goal` console script, next to this
Python unless --goal says otherwise), in alternating rounds: every round runs every command
once, so background load hits them all alike. The table shows medians of wall time and of the
child's peak RSS (from os.wait4), and each target's ratio to its reference:

- start-up: `goal --help`, `--version` and shell completion against
  `python -c "import typer.rich_utils"` (at most 1.3x);
- `goal status` (the shell-prompt line), `goal remind --notify` (what the daily reminder runs)
  and the completion of goal ids on the large history against `goal --help` and `python -c
  "import typer"` (at most 1.3x);
- `goal log GOAL --value N` against `python -c "import sqlmodel, typer, rich.console,
  dateutil.parser"` (at most 1.3x), and against itself forced down the full path
  (GOALCLI_FULL_PATH=1: SQLModel instead of storage/quick.py's sqlite3; at most 1.0x, issue 26);
- the interactive `goal log` at a pseudo-terminal: its first question against the flag form
  (at most 1.2x), and its save, timed from the last answer's Enter to the exit, against the
  whole flag form (at most 1.0x; the same save down the full path for information);
- with --peers, the same `goal log` against jrnl's `jrnl TEXT` (jrnl installed from PyPI into
  its own virtual environment in the work folder; at most 0.8x) and, when `task` is installed,
  Taskwarrior's `task add` (for information); a peer that can't be installed is skipped with
  a note;
- on the small history encrypted with SQLCipher, the same `goal log` against the plain one plus
  SQLCipher's key derivation alone (a process that opens and keys the file and reads its first
  page, less one that only imports SQLCipher; at most 1.1x the sum, issue 26), and against
  itself forced down the full path (at most 1.0x);
- flat at scale: `goal report` (table and JSON), `goal show` (table and JSON) and `goal log` on
  50 goals x 2,000 days with 100,000 check-ins against the same command on one goal x 30 days
  (at most 1.5x, in time and in peak memory);
- `goal export --format csv` (to stdout and to --output FILE) streams: its peak memory stays
  within 1.5x, while its time grows with the rows it writes (reported as rows per second);
- `goal caseload` over 50 profiles of a year of daily check-ins each against the same over one
  such profile (at most 2x, in time and in peak memory; issue 14);
- `goal export` (JSON) holds everything in one document, so it grows in time and memory; it
  is shown for information, with no target;
- with --pg URL (or GOALCLI_BENCH_PG_URL), `goal log` and `goal report` on the same two
  histories imported into a local PostgreSQL server (schemas bench_small and bench_large), beside
  SQLite's: flat at scale there too (at most 1.5x), and their ratio to SQLite's for information.

The histories are built fresh in a temporary folder with bench/make_history.py, and
GOALCLI_TODAY is fixed so that every run sees the same dates.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 26)
SMALL = (1, 30, 0)  # goals, days, at least this many check-ins
LARGE = (50, 2000, 100_000)
CLIENT = (3, 365, 0)  # one caseload profile: a year of daily check-ins on three goals
CASELOAD = 50  # profiles in the large caseload
FULL_PATH = {"GOALCLI_FULL_PATH": "1"}  # storage/quick.py gives way to SQLModel
JRNL = "peer: jrnl TEXT"
BENCH_PASSPHRASE = "bench-passphrase"
SQLCIPHER_FLOOR = "floor: import sqlcipher3"
SQLCIPHER_KEYED = "sqlcipher3: open, key, read page 1"
KDF = "key derivation alone (keyed - import)"
PLAIN_AND_KDF = "log small + key derivation"
# What SQLCipher does for any open of the file: its key derived (PBKDF2-HMAC-SHA512, 256,000
# iterations, salted from page 1) when the first page is read.
KEY_AND_READ = """
import sys
from sqlcipher3 import dbapi2
connection = dbapi2.connect(sys.argv[1])
connection.execute("PRAGMA key = '" + sys.argv[2] + "'")
connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
"""
TASK = "peer: task add"
JRNL_CONFIG = """\
colors: {{body: none, date: none, tags: none, title: none}}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: true
indent_character: '|'
journals:
  default:
    journal: {journal}
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%F %r'
version: v4.2
"""


@dataclass
class Case:
    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    # Run at a pseudo-terminal and timed until this text appears (the process is then ended):
    # how long a person waits for an interactive command's first question.
    until: str | None = None
    # Run at a pseudo-terminal answering each question (the text to wait for, the answer) and
    # timed from the last answer's Enter to the exit: what saving an interactive command costs.
    answers: list[tuple[str, str]] | None = None
    # A row computed, round by round, from others' times instead of run: (name, +1 or -1) each.
    parts: tuple[tuple[str, int], ...] = ()

    @property
    def time(self) -> float:
        return statistics.median(self.times)

    @property
    def cpu_time(self) -> float:
        return statistics.median(self.cpu)

    @property
    def rss(self) -> float:
        return statistics.median(self.rss_kb) if self.rss_kb else 0.0


def combine(cases: list[Case]) -> None:
    """Fill in the computed rows (Case.parts), in order, from the same rounds' runs: paired, so
    load that hits one round hits both sides of the difference."""
    by_name = {case.name: case for case in cases}
    for case in cases:
        if not case.parts:
            continue
        rounds = range(min(len(by_name[name].times) for name, _ in case.parts))
        case.times = [sum(sign * by_name[n].times[i] for n, sign in case.parts) for i in rounds]
        case.cpu = [sum(sign * by_name[n].cpu[i] for n, sign in case.parts) for i in rounds]


@dataclass(frozen=True)
class Target:
    case: str
    reference: str
    limit: float | None  # None: shown for information only
    memory: bool  # also compare peak RSS
    time: bool = True  # judged on wall time too (not when time must grow with the output)


def run_once(case: Case, base_env: dict[str, str]) -> None:
    env = {**base_env, **case.env}
    if case.until is not None:
        _run_until(case, env, case.until.encode())
        return
    if case.answers is not None:
        _run_answering(case, env, case.answers)
        return
    began = time.perf_counter()
    process = subprocess.Popen(
        case.argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    took = time.perf_counter() - began
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    if process.returncode != 0:
        raise SystemExit(
            f"{case.name} failed ({process.returncode}): {' '.join(case.argv)}\n{errors}"
        )
    case.times.append(took)
    case.cpu.append(usage.ru_utime + usage.ru_stime)
    case.rss_kb.append(usage.ru_maxrss)  # kilobytes on Linux


def _run_until(case: Case, env: dict[str, str], text: bytes) -> None:
    """Time `case` at a pseudo-terminal until `text` appears in what it writes, then end it."""
    import pty
    import select

    main, terminal = pty.openpty()
    began = time.perf_counter()
    process = subprocess.Popen(
        case.argv, env=env, stdin=terminal, stdout=terminal, stderr=terminal, start_new_session=True
    )
    os.close(terminal)
    seen = b""
    try:
        while text not in seen:
            ready, _, _ = select.select([main], [], [], 60)
            chunk = b""
            if ready:
                with contextlib.suppress(OSError):  # the terminal closed: the process ended
                    chunk = os.read(main, 65536)
            if not chunk:
                raise SystemExit(f"{case.name}: no {text!r} in {seen[-300:]!r}")
            seen += chunk
        took = time.perf_counter() - began
    finally:
        process.kill()
        _, _status, usage = os.wait4(process.pid, 0)
        os.close(main)
    case.times.append(took)
    case.cpu.append(usage.ru_utime + usage.ru_stime)
    case.rss_kb.append(usage.ru_maxrss)


def _cpu_seconds(pid: int) -> float:
    """The user + system time process `pid` (all its threads) has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _run_answering(case: Case, env: dict[str, str], answers: list[tuple[str, str]]) -> None:
    """Run `case` at a pseudo-terminal, answer each question when its text appears, and time
    the wall and CPU time from the last answer's Enter to the process's exit."""
    import pty
    import select

    main, terminal = pty.openpty()
    process = subprocess.Popen(
        case.argv, env=env, stdin=terminal, stdout=terminal, stderr=terminal, start_new_session=True
    )
    os.close(terminal)
    seen = b""

    def read(wanted: bytes | None) -> None:
        nonlocal seen
        while wanted is None or wanted not in seen:
            ready, _, _ = select.select([main], [], [], 60)
            chunk = b""
            if ready:
                with contextlib.suppress(OSError):  # the terminal closed: the process ended
                    chunk = os.read(main, 65536)
            if not chunk:
                if wanted is None:
                    return
                process.kill()
                raise SystemExit(f"{case.name}: no {wanted!r} in {seen[-300:]!r}")
            seen += chunk

    try:
        for question, answer in answers:
            read(question.encode())
            seen = b""
            if question == answers[-1][0]:
                cpu_before = _cpu_seconds(process.pid)
                began = time.perf_counter()
            os.write(main, answer.encode() + b"\r")
        read(None)
        _, status, usage = os.wait4(process.pid, 0)
        took = time.perf_counter() - began
    finally:
        os.close(main)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{case.name} failed: {seen[-300:]!r}")
    case.times.append(took)
    case.cpu.append(usage.ru_utime + usage.ru_stime - cpu_before)
    case.rss_kb.append(usage.ru_maxrss)


def build_cases(
    goal: list[str],
    python: str,
    small: Path,
    large: Path,
    env: dict[str, str],
    encrypted: tuple[Path, Path] | None = None,
    caseloads: tuple[Path, Path] | None = None,
    server: str | None = None,
    peers: list[Case] | None = None,
) -> tuple[list[Case], list[Target]]:
    def on(db: Path, *args: str) -> list[str]:
        return [*goal, "--db", str(db), *args]

    complete = {"_GOAL_COMPLETE": "complete_bash", "COMP_WORDS": "goal ", "COMP_CWORD": "1"}
    cases = [
        Case("floor: import typer.rich_utils", [python, "-c", "import typer.rich_utils"]),
        Case(
            "floor: import sqlmodel, typer, rich, dateutil",
            [python, "-c", "import sqlmodel, typer, rich.console, dateutil.parser"],
        ),
        Case("goal --help", [*goal, "--help"]),
        Case("goal --version", [*goal, "--version"]),
        Case("goal completion (bash)", list(goal), env=complete),
    ]
    targets = [
        Target("goal --help", "floor: import typer.rich_utils", 1.3, False),
        Target("goal --version", "floor: import typer.rich_utils", 1.3, False),
        Target("goal completion (bash)", "floor: import typer.rich_utils", 1.3, False),
    ]
    # Same goal and value every time: the first run saves it, later runs update the same row.
    cases += [
        Case("log small", on(small, "log", "1", "--value", "7")),
        Case("log large", on(large, "log", "1", "--value", "7")),
    ]
    # The shell-prompt line (issue 18) reads the largest history with the standard library only;
    # issue 26 holds it, and the completion of goal ids, to 1.3x of importing Typer alone.
    cases.append(Case("floor: import typer", [python, "-c", "import typer"]))
    cases.append(Case("status large", on(large, "status")))
    targets.append(Target("status large", "goal --help", 1.3, False))
    targets.append(Target("status large", "floor: import typer", 1.3, False))
    # What the daily reminder runs (issue 26): on the large history, logged today by "log large"
    # (so no notification pops up on the machine running the bench), read the same way.
    cases.append(Case("remind --notify large", on(large, "remind", "--notify")))
    targets.append(Target("remind --notify large", "floor: import typer", 1.3, False))
    # Completing a GOAL offers ids with titles, read the same way (issue 18).
    ids = {"_GOAL_COMPLETE": "complete_bash", "COMP_WORDS": "goal show ", "COMP_CWORD": "2"}
    cases.append(
        Case("completion of goal ids large", list(goal), env={**ids, "GOALCLI_DB": str(large)})
    )
    targets.append(Target("completion of goal ids large", "goal --help", 1.3, False))
    targets.append(Target("completion of goal ids large", "floor: import typer", 1.3, False))
    # The same check-in forced down the full path (SQLModel): what storage/quick.py saves.
    cases.append(Case("log small full path", on(small, "log", "1", "--value", "7"), env=FULL_PATH))
    # The interactive check-in (issue 26): its first question, at a terminal, against the flags.
    cases.append(
        Case("log interactive: first question small", on(small, "log"), until="Mood today")
    )
    targets.append(Target("log interactive: first question small", "log small", 1.2, False))
    # ... and its save: from the last answer's Enter to the exit, against the whole flag form.
    checkin = [
        ("Mood today", "6"),
        ("Value now", "7"),  # what "log small" saves: no "Replace?" question
        ("Steps done", ""),
        ("Pleasure", ""),
        ("Mastery", ""),
        ("A note", ""),
    ]
    cases.append(Case("log interactive: save small", on(small, "log"), answers=checkin))
    cases.append(
        Case(
            "log interactive: save small full path",
            on(small, "log"),
            env=FULL_PATH,
            answers=checkin,
        )
    )
    targets.append(Target("log interactive: save small", "log small", 1.0, False))
    targets.append(
        Target("log interactive: save small", "log interactive: save small full path", None, False)
    )
    targets += [
        Target("log small", "floor: import sqlmodel, typer, rich, dateutil", 1.3, False),
        Target("log small", "log small full path", 1.0, False),
        Target("log large", "log small", 1.5, True),
    ]
    for peer in peers or []:
        cases.append(peer)
        limit = 0.8 if peer.name == JRNL else None
        targets.append(Target("log small", peer.name, limit, False))
    if encrypted is not None:
        # The small history encrypted (issue 17): every open derives the key (PBKDF2-HMAC-SHA512,
        # 256,000 iterations) once, which is the price of the passphrase.
        # Issue 26: the flag form runs without the ORM there too, so it must cost the plain
        # check-in plus that key derivation, and at most 10% more than the sum. The derivation
        # alone: a process that imports SQLCipher, opens and keys the file and reads its first
        # page, less one that only imports SQLCipher (paired, round by round).
        database, command = encrypted
        secret = {"GOALCLI_PASSPHRASE_COMMAND": str(command)}
        cases += [
            Case("log small encrypted", on(database, "log", "1", "--value", "7"), env=secret),
            Case(
                "log small encrypted full path",
                on(database, "log", "1", "--value", "7"),
                env={**secret, **FULL_PATH},
            ),
            Case(SQLCIPHER_FLOOR, [python, "-c", "import sqlcipher3.dbapi2"]),
            Case(SQLCIPHER_KEYED, [python, "-c", KEY_AND_READ, str(database), BENCH_PASSPHRASE]),
            Case(KDF, [], parts=((SQLCIPHER_KEYED, 1), (SQLCIPHER_FLOOR, -1))),
            Case(PLAIN_AND_KDF, [], parts=(("log small", 1), (KDF, 1))),
        ]
        targets += [
            Target("log small encrypted", PLAIN_AND_KDF, 1.1, False),
            Target("log small encrypted", "log small encrypted full path", 1.0, False),
            Target("log small encrypted", "log small", None, False),
        ]
    reading = [
        ("report table", ["report"]),
        ("report json", ["report", "--format", "json"]),
        ("show", ["show", "1"]),
        ("show json", ["show", "1", "--format", "json"]),
    ]
    for name, args in reading:
        cases += [Case(f"{name} small", on(small, *args)), Case(f"{name} large", on(large, *args))]
        # Issue 26: the report on 100,000 check-ins within 1.3x of a month's (it was 1.5x).
        limit = 1.3 if name.startswith("report") else 1.5
        targets.append(Target(f"{name} large", f"{name} small", limit, True))
    # Exports write every row: time grows with the history, memory must not (CSV streams).
    out = small.parent
    exports = [
        ("export csv", ["export", "--format", "csv"], 1.5),
        ("export csv --output", ["export", "--format", "csv", "--output", "{out}"], 1.5),
        ("export json", ["export", "--format", "json"], None),
    ]
    for name, args, limit in exports:
        for label, db in (("small", small), ("large", large)):
            argv = [arg.replace("{out}", str(out / f"export-{label}.csv")) for arg in args]
            cases.append(Case(f"{name} {label}", on(db, *argv)))
        targets.append(Target(f"{name} large", f"{name} small", limit, True, time=False))
    if caseloads is not None:
        # Issue 14: the caseload reads every profile; 50 of them must cost at most twice one.
        for label, data_dir in zip(("1 profile", f"{CASELOAD} profiles"), caseloads, strict=True):
            no_default = str(data_dir / "no-default.db")  # the default database is not there
            cases.append(
                Case(
                    f"caseload {label}",
                    [*goal, "caseload"],
                    env={"XDG_DATA_HOME": str(data_dir), "GOALCLI_DB": no_default},
                )
            )
        targets.append(Target(f"caseload {CASELOAD} profiles", "caseload 1 profile", 2.0, True))
    if server is not None:
        # The same histories on a PostgreSQL server: one schema each (see _server_copies).
        for name, args in (("log", ["log", "1", "--value", "7"]), ("report table", ["report"])):
            for label in ("small", "large"):
                argv = [*goal, "--db", server, "--profile", f"bench_{label}", *args]
                cases.append(Case(f"{name} {label} postgresql", argv))
            targets += [
                Target(f"{name} large postgresql", f"{name} small postgresql", 1.5, True),
                Target(f"{name} small postgresql", f"{name} small", None, False),
            ]
    return cases, targets


def _peers(python: str, work: Path, env: dict[str, str]) -> list[Case]:
    """jrnl from PyPI in its own virtual environment (and Taskwarrior when installed), each
    writing to the work folder; a peer that can't be set up is skipped with a note."""
    peers = []
    venv = work / "jrnl-venv"
    jrnl = venv / "bin" / "jrnl"
    if not jrnl.exists():
        made = subprocess.run(
            [python, "-m", "venv", str(venv)], capture_output=True, text=True, check=False
        )
        if made.returncode == 0:
            made = subprocess.run(
                [str(venv / "bin" / "pip"), "install", "-q", "jrnl"],
                capture_output=True,
                text=True,
                check=False,
            )
        if made.returncode != 0 or not jrnl.exists():
            last = (made.stderr.strip().splitlines() or ["no output"])[-1]
            print(f"note: jrnl could not be installed, so it is skipped ({last})", file=sys.stderr)
    if jrnl.exists():
        config = work / "jrnl-config"
        (config / "jrnl").mkdir(parents=True, exist_ok=True)
        journal = work / "journal.txt"
        (config / "jrnl" / "jrnl.yaml").write_text(JRNL_CONFIG.format(journal=journal))
        peers.append(Case(JRNL, [str(jrnl), "walked"], env={"XDG_CONFIG_HOME": str(config)}))
    task = shutil.which("task")
    if task is None:
        print("note: Taskwarrior (task) is not installed, so it is skipped", file=sys.stderr)
    else:
        taskrc = work / "taskrc"
        taskrc.write_text(f"data.location={work / 'task'}\nconfirmation=off\n")
        peers.append(
            Case(TASK, [task, "rc.verbose=nothing", "add", "walked"], env={"TASKRC": str(taskrc)})
        )
    return peers


def _caseloads(python: str, work: Path, env: dict[str, str]) -> tuple[Path, Path]:
    """Two XDG data folders: one profile, and CASELOAD profiles, each a CLIENT history."""
    goals, days, _ = CLIENT
    client = work / f"client-{goals}x{days}.db"
    if not client.exists():
        subprocess.run(
            [
                python,
                str(HERE / "make_history.py"),
                "--db",
                str(client),
                "--goals",
                str(goals),
                "--days",
                str(days),
                "--today",
                TODAY.isoformat(),
            ],
            check=True,
            env=env,
        )
    sys.path.insert(0, str(HERE))
    from make_history import as_profiles

    one, many = work / "caseload-1", work / f"caseload-{CASELOAD}"
    as_profiles(client, one, 1)
    as_profiles(client, many, CASELOAD)
    return one, many


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=9, help="rounds (default 9)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first (default 1)")
    default_goal = Path(sys.executable).with_name("goal")
    parser.add_argument("--goal", default=str(default_goal), help="the goal console script")
    parser.add_argument("--keep", type=Path, help="build the histories here and keep them")
    parser.add_argument(
        "--only", help="run only the targets whose name contains this text (and their references)"
    )
    parser.add_argument(
        "--pg",
        default=os.environ.get("GOALCLI_BENCH_PG_URL"),
        help="a PostgreSQL URL: also time log and report there (default $GOALCLI_BENCH_PG_URL)",
    )
    parser.add_argument(
        "--peers",
        action="store_true",
        help="also time jrnl (installed from PyPI into its own venv) and Taskwarrior if present",
    )
    args = parser.parse_args(argv)

    goal = [args.goal]
    python = sys.executable
    work = args.keep or Path(tempfile.mkdtemp(prefix="goalcli-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "GOALCLI_TODAY": TODAY.isoformat(), "XDG_DATA_HOME": str(work / "xdg")}
    env.pop("GOALCLI_DB", None)
    env.pop("GOALCLI_TEST_KDF_ITER", None)  # SQLCipher's own key derivation, as users get it
    # Measure goalcli as installed: with its bytecode cached, like the floors' packages (an
    # environment with PYTHONDONTWRITEBYTECODE would otherwise recompile it on every run).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    try:
        histories = {}
        rows = {}
        for label, (goals, days, checkins) in (("small", SMALL), ("large", LARGE)):
            path = work / f"{label}-{goals}x{days}x{checkins}.db"
            if not path.exists():
                # In a child process: a fork inherits its parent's peak RSS on Linux, so the
                # parent stays small for the children's ru_maxrss to mean what it says.
                subprocess.run(
                    [
                        python,
                        str(HERE / "make_history.py"),
                        "--db",
                        str(path),
                        "--goals",
                        str(goals),
                        "--days",
                        str(days),
                        "--today",
                        TODAY.isoformat(),
                        "--checkins",
                        str(checkins),
                    ],
                    check=True,
                    env=env,
                )
            histories[label] = path
            rows[label] = _count_checkins(path)
        encrypted = _encrypted_copy(goal, histories["small"], work, env)
        if args.pg:
            _server_copies(goal, histories, work, env, args.pg)
        cases, targets = build_cases(
            goal,
            python,
            histories["small"],
            histories["large"],
            env,
            encrypted,
            _caseloads(python, work, env),
            args.pg,
            _peers(python, work, env) if args.peers else None,
        )
        if args.only:
            targets = [
                target for target in targets if args.only in f"{target.case} {target.reference}"
            ]
            wanted = {name for target in targets for name in (target.case, target.reference)}
            for case in reversed(cases):  # a computed row needs the rows it is computed from
                if case.name in wanted:
                    wanted.update(name for name, _ in case.parts)
            cases = [case for case in cases if case.name in wanted]
        for round_number in range(args.warmup + args.repeat):
            order = cases if round_number % 2 == 0 else cases[::-1]
            for case in order:
                if not case.parts:
                    run_once(case, env)
            if round_number < args.warmup:
                for case in cases:
                    case.times.clear()
                    case.cpu.clear()
                    case.rss_kb.clear()
            print(
                f"round {round_number + 1}/{args.warmup + args.repeat}", file=sys.stderr, end="\r"
            )
        print(file=sys.stderr)
        combine(cases)
        report(cases, targets, args.repeat, rows)
        met = all(_met(cases, target) for target in targets)
        return 0 if met else 1
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def _encrypted_copy(
    goal: list[str], small: Path, work: Path, env: dict[str, str]
) -> tuple[Path, Path] | None:
    """The small history encrypted with `goal encrypt`, and its passphrase command; None when the
    encryption extra is not installed."""
    try:
        import sqlcipher3  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        print("log small encrypted: skipped (goalcli[encryption] not installed)", file=sys.stderr)
        return None
    command = work / "passphrase"
    command.write_text(f"#!/bin/sh\necho {BENCH_PASSPHRASE}\n", encoding="utf-8")
    command.chmod(0o700)
    database = work / f"encrypted-{small.name}"
    if not database.exists():
        shutil.copy2(small, database)
        subprocess.run(
            [*goal, "--db", str(database), "encrypt"],
            check=True,
            env={**env, "GOALCLI_PASSPHRASE_COMMAND": str(command)},
            stdout=subprocess.DEVNULL,
        )
    return database, command


def _server_copies(
    goal: list[str], histories: dict[str, Path], work: Path, env: dict[str, str], url: str
) -> None:
    """Each history exported from SQLite and imported, replacing what was there, into the
    schema bench_LABEL of the server at `url` (goal's own export and import)."""
    for label, path in histories.items():
        exported = work / f"{label}.json"
        if not exported.exists():
            subprocess.run(
                [*goal, "--db", str(path), "export", "--output", str(exported)],
                check=True,
                env=env,
                stderr=subprocess.DEVNULL,
            )
        subprocess.run(
            [
                *goal,
                "--db",
                url,
                "--profile",
                f"bench_{label}",
                "import",
                "--replace",
                "--yes",
                str(exported),
            ],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )


def _count_checkins(path: Path) -> int:
    import sqlite3

    connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM checkin").fetchone()[0])
    finally:
        connection.close()


def _ratios(cases: list[Case], target: Target) -> tuple[float, float, float]:
    by_name = {case.name: case for case in cases}
    case, ref = by_name[target.case], by_name[target.reference]
    rss_ratio = case.rss / ref.rss if ref.rss else float("nan")  # a computed row has none
    return case.time / ref.time, rss_ratio, case.cpu_time / ref.cpu_time


def _met(cases: list[Case], target: Target) -> bool:
    if target.limit is None:
        return True
    time_ratio, rss_ratio, _ = _ratios(cases, target)
    time_ok = not target.time or time_ratio <= target.limit
    return time_ok and (not target.memory or rss_ratio <= target.limit)


def report(cases: list[Case], targets: list[Target], repeat: int, rows: dict[str, int]) -> None:
    print(f"Medians of {repeat} alternating runs: wall time, CPU time (user + system) and peak")
    print("RSS of each process. Targets are judged on wall time (and memory where shown);")
    print("the CPU ratio is the same comparison with less noise from other load.")
    print(f"small: {SMALL[0]} goal x {SMALL[1]} days, {rows['small']:,} check-ins; large: ", end="")
    print(f"{LARGE[0]} goals x {LARGE[1]:,} days, {rows['large']:,} check-ins.\n")
    print(f"| {'command':<46} | {'wall ms':>7} | {'CPU ms':>6} | {'RSS MB':>6} |")
    print(f"| {'-' * 46} | {'-' * 6}:| {'-' * 5}:| {'-' * 5}:|")
    for case in cases:
        rss = f"{case.rss / 1024:>6.1f}" if case.rss_kb else f"{'-':>6}"
        print(
            f"| {case.name:<46} | {case.time * 1000:>7.0f} | {case.cpu_time * 1000:>6.0f} | {rss} |"
        )
    print()
    print(
        f"| {'target':<26} | {'against':<46} | {'wall':>6} | {'CPU':>6} | {'memory':>6} "
        "| limit    | met  |"
    )
    print(f"| {'-' * 26} | {'-' * 46} | {'-' * 5}:| {'-' * 5}:| {'-' * 5}:| -------: | ---- |")
    for target in targets:
        time_ratio, rss_ratio, cpu_ratio = _ratios(cases, target)
        memory = f"{rss_ratio:.2f}x" if target.memory else "-"
        if target.limit is None:
            limit, met = "-", "info"
        else:
            limit = f"{target.limit:.1f}x" + ("" if target.time else " mem")
            met = "yes" if _met(cases, target) else "NO"
        print(
            f"| {target.case:<26} | {target.reference:<46} | {time_ratio:>5.2f}x "
            f"| {cpu_ratio:>5.2f}x | {memory:>6} | {limit:>8} | {met:<4} |"
        )
    by_name = {case.name: case for case in cases}
    lines = []
    for target in targets:
        if target.time or not target.case.startswith("export"):
            continue
        name = target.case.removesuffix(" large")
        extra = by_name[target.case].time - by_name[target.reference].time
        added = rows["large"] - rows["small"]
        if extra > 0:
            lines.append(
                f"{name}: {added:,} more check-ins in {extra * 1000:.0f} ms more, "
                f"{added / extra:,.0f} rows/s"
            )
    if lines:
        print("\nExports write every row, so their time grows with the history; per added row:")
        for line in lines:
            print(f"- {line}")


if __name__ == "__main__":
    raise SystemExit(main())
