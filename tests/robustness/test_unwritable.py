"""Places goalcli cannot write: exit 1, one plain sentence, earlier data intact, no traceback.

Every writing command in lib.writers.WRITERS is tried against: a path under a regular file (with
--db), a read-only folder (with and without a database in it), a read-only database file,
and a full disk. Read-only places are tested as an ordinary user would meet them: when the
tests run as root, the child process drops the capabilities that let root ignore file modes
(see lib.files.obeying_file_modes). A full disk is a real write() failure: RLIMIT_FSIZE with
SIGXFSZ ignored makes every write past the limit fail with EFBIG, as a full disk fails with
ENOSPC.
"""

from __future__ import annotations

import os
import resource
import signal
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from lib.database import dump, rows
from lib.encryption import PASSPHRASE, encrypt_if, plain_and_encrypted
from lib.files import obeying_file_modes
from lib.paths import MOOD_PLAN
from lib.processes import assert_one_plain_line, goal_process
from lib.writers import OWN_CODE_PATHS, SENTINEL, WRITERS, Writer, prepare, writer_params

Run = Callable[..., Result]
EVERY_WRITER = pytest.mark.parametrize("writer", writer_params())
# Every writer on a plain database, and those with their own way in on an encrypted one too.
EVERY_WRITER_BOTH_WAYS = pytest.mark.parametrize(
    ("writer", "encryption"),
    plain_and_encrypted(writer_params(), OWN_CODE_PATHS),
    indirect=["encryption"],
)


@pytest.fixture
def ordinary_user() -> object:
    return obeying_file_modes()


@pytest.fixture
def on_disk(planned_fast: Run, db_path: Path, encryption: str | None) -> Path:
    """The elevate-mood plan (encrypted in an encrypted run), checkpointed into the file (no
    -wal left behind)."""
    encrypt_if(encryption, db_path)
    assert dump(db_path) is not None
    return db_path


@pytest.fixture
def restore_modes(db_path: Path) -> Iterator[None]:
    """Put write permission back afterwards so pytest can clean tmp_path."""
    yield
    for path in (db_path.parent, db_path):
        if path.exists():
            path.chmod(stat.S_IMODE(path.stat().st_mode) | 0o700 if path.is_dir() else 0o600)


def _refused(result: object, before: list[str] | None, db_path: Path) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)  # type: ignore[attr-defined]
    assert_one_plain_line(result.stderr)  # type: ignore[attr-defined]
    assert SENTINEL not in result.stderr + result.stdout  # type: ignore[attr-defined]
    assert PASSPHRASE not in result.stderr + result.stdout  # type: ignore[attr-defined]
    assert dump(db_path) == before


# --- a path under a regular file ---------------------------------------------------------------


@EVERY_WRITER
def test_db_option_under_a_regular_file(tmp_path: Path, writer: Writer) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("my notes")

    result = goal_process("--db", str(blocker / "goals.db"), *writer.args)

    assert result.returncode == 1, result.stderr
    assert_one_plain_line(result.stderr)
    assert blocker.read_text() == "my notes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


# --- read-only folders and files ---------------------------------------------------------------


def test_a_new_database_in_a_read_only_folder(
    ordinary_user: object, db_path: Path, restore_modes: None
) -> None:
    db_path.parent.mkdir(mode=0o500)

    result = goal_process("intake", "--answers", MOOD_PLAN, preexec_fn=ordinary_user)

    _refused(result, None, db_path)
    assert list(db_path.parent.iterdir()) == []


def test_a_new_folder_under_a_read_only_folder(
    ordinary_user: object, tmp_path: Path, restore_modes: None
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        result = goal_process(
            "--db", str(locked / "sub" / "goals.db"), "intake", "--answers", MOOD_PLAN,
            preexec_fn=ordinary_user,
        )  # fmt: skip
        assert result.returncode == 1, result.stderr
        assert_one_plain_line(result.stderr)
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


@EVERY_WRITER_BOTH_WAYS
def test_a_database_in_a_read_only_folder(
    ordinary_user: object, on_disk: Path, restore_modes: None, writer: Writer
) -> None:
    prepare(writer)
    before = dump(on_disk)
    on_disk.parent.chmod(0o500)

    result = goal_process(*writer.args, preexec_fn=ordinary_user)

    _refused(result, before, on_disk)
    assert "read-only" in result.stderr and "check that its folder exists" not in result.stderr
    assert sorted(p.name for p in on_disk.parent.iterdir()) == ["goals.db"]


@EVERY_WRITER_BOTH_WAYS
def test_a_read_only_database_file(
    ordinary_user: object, on_disk: Path, restore_modes: None, writer: Writer
) -> None:
    prepare(writer)
    before = dump(on_disk)
    on_disk.chmod(0o400)

    result = goal_process(*writer.args, preexec_fn=ordinary_user)

    if writer.database_only_read:  # a backup only reads the database: that still works
        assert result.returncode == 0, result.stderr
        assert dump(on_disk) == before
        return
    _refused(result, before, on_disk)
    assert "read-only" in result.stderr
    assert stat.S_IMODE(on_disk.stat().st_mode) == 0o400  # never loosened to get its way


def test_reading_a_read_only_database_still_works(
    ordinary_user: object, on_disk: Path, restore_modes: None
) -> None:
    on_disk.chmod(0o400)

    result = goal_process("report", "--format", "json", preexec_fn=ordinary_user)

    assert result.returncode == 0, result.stderr
    assert "Do one thing I enjoy each day" in result.stdout


# --- a full disk -------------------------------------------------------------------------------

FILE_SIZE_LIMIT = 8192  # bytes: smaller than any write goalcli makes (a WAL frame is 4 KB + 24)


def _disk_full() -> None:  # pragma: no cover - runs in the child, before exec
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the kernel kills instead of EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))


@EVERY_WRITER_BOTH_WAYS
def test_a_full_disk(on_disk: Path, writer: Writer) -> None:
    prepare(writer)
    before = dump(on_disk)

    result = goal_process(*writer.args, preexec_fn=_disk_full)

    _refused(result, before, on_disk)
    assert "disk full" in result.stderr or "no room" in result.stderr
    # And once there is room again, the same command works on the intact database.
    assert goal_process(*writer.args).returncode == 0


def test_a_full_disk_when_creating_the_database(db_path: Path) -> None:
    result = goal_process("intake", "--answers", MOOD_PLAN, preexec_fn=_disk_full)

    _refused(result, None, db_path)
    assert not db_path.exists()
    # No half-built database is left beside where it would have been.
    assert [p.name for p in db_path.parent.iterdir()] == []


def test_a_full_disk_with_a_big_write_keeps_earlier_check_ins(
    on_disk: Path, tmp_path: Path
) -> None:
    """The limit is just above the current file: small writes fit, an import of 20 check-ins
    with notes of 9,000 characters (each within the limits, 180 KB together) does not."""
    import json

    assert goal_process("log", "1", "--value", "7", "--note", "kept").returncode == 0
    exported = goal_process("export", "--format", "json")
    document = json.loads(exported.stdout)
    document["goals"][0]["checkins"] += [
        {"day": f"2027-01-{day:02d}", "value": 9, "note": SENTINEL + "x" * 9_000}
        for day in range(1, 21)
    ]
    big = tmp_path / "big.json"
    big.write_text(json.dumps(document), encoding="utf-8")
    before = dump(on_disk)
    limit = on_disk.stat().st_size + 16384

    def tight() -> None:  # pragma: no cover - child
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = goal_process("import", str(big), preexec_fn=tight)

    _refused(result, before, on_disk)
    report = goal_process("report", "--format", "json")
    assert '"current": 7' in report.stdout


# --- odd things at the database path -----------------------------------------------------------

ODD_PATHS = {
    "fifo": lambda path: os.mkfifo(path),
    "dangling link": lambda path: path.symlink_to(path.parent / "elsewhere.db"),
}
FIFO_SAME_PATH = frozenset({"done", "pause", "resume", "drop", "delete", "step-done", "step-undo"})
ODD_CASES = [
    *(
        pytest.param(
            "fifo",
            writer.args,
            id=f"fifo-{writer.id}",
            # The goal commands all open the database through one function (_goal.find).
            marks=[pytest.mark.slow] if writer.id in FIFO_SAME_PATH else [],
        )
        for writer in WRITERS
    ),
    pytest.param("fifo", ("report",), id="fifo-report"),
    pytest.param("dangling link", ("intake", "--answers", MOOD_PLAN), id="dangling-intake"),
    pytest.param("dangling link", ("report",), id="dangling-report"),
]


@pytest.mark.parametrize(("kind", "args"), ODD_CASES)
def test_odd_things_at_the_database_path_are_refused_without_a_hang(
    db_path: Path, kind: str, args: tuple[str, ...]
) -> None:
    db_path.parent.mkdir()
    ODD_PATHS[kind](db_path)
    before = sorted(p.name for p in db_path.parent.iterdir())

    result = goal_process(*args, timeout=15)  # a FIFO once made this wait forever

    assert result.returncode == 1, result.stderr
    assert_one_plain_line(result.stderr)
    assert sorted(p.name for p in db_path.parent.iterdir()) == before  # nothing created


def test_dev_null_as_the_database(tmp_path: Path) -> None:
    result = goal_process("--db", os.devnull, "log", "1", "--value", "3", timeout=15)

    assert result.returncode == 1, result.stderr
    assert_one_plain_line(result.stderr)


# --- files written for the user: export --output, report --output, backup PATH ----------------

OUTPUTS = {
    "export json": ("export", "--output"),
    "export csv": ("export", "--format", "csv", "--output"),
    "report": ("report", "--format", "markdown", "--output"),
    "session page": ("report", "--format", "html", "--output"),
    "backup": ("backup",),
}


def _no_partial_left(folder: Path, before: list[str]) -> None:
    assert sorted(p.name for p in folder.iterdir()) == before


@pytest.mark.parametrize("what", list(OUTPUTS))
def test_output_under_a_regular_file(on_disk: Path, tmp_path: Path, what: str) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("my notes")
    before = dump(on_disk)

    result = goal_process(*OUTPUTS[what], str(blocker / "out"))

    _refused(result, before, on_disk)
    assert blocker.read_text() == "my notes"


@pytest.mark.parametrize("what", list(OUTPUTS))
def test_output_in_a_read_only_folder(
    ordinary_user: object, on_disk: Path, tmp_path: Path, what: str
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    before = dump(on_disk)
    try:
        result = goal_process(*OUTPUTS[what], str(locked / "out"), preexec_fn=ordinary_user)
        _refused(result, before, on_disk)
        _no_partial_left(locked, [])
    finally:
        locked.chmod(0o700)


@pytest.mark.parametrize("what", ["export json", "backup"])  # the two that can be made big
def test_output_on_a_full_disk(planned_fast: Run, on_disk: Path, tmp_path: Path, what: str) -> None:
    """The output can't fit, though SQLite's 32 KB -shm can (so reading works): the partial
    file is removed and nothing is replaced."""
    for number in range(220):  # steps at their longest (200 characters): 44 KB together
        made = planned_fast("step", "add", "1", f"{number:03d} " + "x" * 196)
        assert made.exit_code == 0, made.output
    dump(on_disk)  # checkpointed into the file
    limit = 40_000

    def tight() -> None:  # pragma: no cover - child
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    out = tmp_path / "out"
    out.mkdir()
    existing = out / "kept.txt"
    existing.write_text("an earlier export")
    before = dump(on_disk)
    target = existing if what != "backup" else out / "new.db"

    result = goal_process(*OUTPUTS[what], str(target), preexec_fn=tight)

    _refused(result, before, on_disk)
    assert str(target) in result.stderr  # names the file it could not write, not the database
    assert "disk full" in result.stderr or "File too large" in result.stderr
    assert existing.read_text() == "an earlier export"  # not replaced by half an export
    _no_partial_left(out, ["kept.txt"])


# --- encrypting, decrypting and a new passphrase where they cannot write (issue 17) ------------

# Each writes a whole new copy beside the database and renames it into place.
REWRITES = {
    "encrypt": ("plain", ("encrypt",)),
    "decrypt": ("encrypted", ("decrypt", "--yes")),
    "passphrase": ("encrypted", ("passphrase",)),
}
REWRITE_CASES = [
    pytest.param(args, encrypted, id=name) for name, (encrypted, args) in REWRITES.items()
]


@pytest.fixture
def new_passphrase(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a terminal, `goal encrypt` takes its passphrase from the passphrase command and
    `goal passphrase` the new one from the new-passphrase command."""
    from lib.encryption import OTHER_PASSPHRASE, passphrase_script

    folder = tmp_path / "new-passphrase"
    folder.mkdir()
    monkeypatch.setenv("GOALCLI_PASSPHRASE_COMMAND", str(passphrase_script(folder, PASSPHRASE)))
    script = passphrase_script(folder, OTHER_PASSPHRASE, "new")
    monkeypatch.setenv("GOALCLI_NEW_PASSPHRASE_COMMAND", str(script))


REWRITE_PLACES = {"read-only folder": 0o500, "read-only file": 0o400}


@pytest.mark.parametrize("place", list(REWRITE_PLACES))
@pytest.mark.parametrize(("args", "encryption"), REWRITE_CASES, indirect=["encryption"])
def test_a_rewrite_in_a_read_only_place_is_refused_leaving_it_whole(
    ordinary_user: object,
    on_disk: Path,
    restore_modes: None,
    new_passphrase: None,
    args: tuple[str, ...],
    place: str,
) -> None:
    before = dump(on_disk)
    (on_disk.parent if place == "read-only folder" else on_disk).chmod(REWRITE_PLACES[place])

    result = goal_process(*args, preexec_fn=ordinary_user)

    _refused(result, before, on_disk)
    assert "read-only" in result.stderr, result.stderr
    assert rows(on_disk, "PRAGMA journal_mode") == [("wal",)]
    assert not [p.name for p in on_disk.parent.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize(("args", "encryption"), REWRITE_CASES, indirect=["encryption"])
def test_a_rewrite_on_a_full_disk_leaves_the_database_whole_and_no_copy(
    on_disk: Path, new_passphrase: None, args: tuple[str, ...]
) -> None:
    before = dump(on_disk)
    # A file may grow to the size of SQLite's 32 KB -shm, not to a whole copy of the database.
    limit = on_disk.stat().st_size - 8192
    assert limit > 32768

    def tight() -> None:  # pragma: no cover - child
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    for ulimit in (_disk_full, tight):
        result = goal_process(*args, preexec_fn=ulimit)
        _refused(result, before, on_disk)
        assert "disk full" in result.stderr or "no room" in result.stderr, result.stderr
        # Still in WAL mode, as it was (a rewrite leaves it only for the copy).
        assert rows(on_disk, "PRAGMA journal_mode") == [("wal",)]
        assert not [p.name for p in on_disk.parent.iterdir() if p.name.startswith(".")]
    # With room again it goes through.
    assert goal_process(*args).returncode == 0


@pytest.mark.parametrize("encryption", ["encrypted"], indirect=True)
def test_reading_a_read_only_encrypted_database_still_works(
    ordinary_user: object, on_disk: Path, restore_modes: None
) -> None:
    on_disk.chmod(0o400)

    result = goal_process("report", "--format", "json", preexec_fn=ordinary_user)

    assert result.returncode == 0, result.stderr
    assert "Do one thing I enjoy each day" in result.stdout


@pytest.mark.parametrize("encryption", ["encrypted"], indirect=True)
def test_a_new_encrypted_database_where_it_cannot_be_written(
    ordinary_user: object, db_path: Path, restore_modes: None, encryption: str | None
) -> None:
    """`intake --encrypt` in a read-only folder or on a full disk: refused, nothing created."""
    new = ("intake", "--encrypt", "--answers", MOOD_PLAN)
    db_path.parent.mkdir(mode=0o500)
    _refused(goal_process(*new, preexec_fn=ordinary_user), None, db_path)
    assert list(db_path.parent.iterdir()) == []
    db_path.parent.chmod(0o700)
    _refused(goal_process(*new, preexec_fn=_disk_full), None, db_path)
    assert list(db_path.parent.iterdir()) == []
