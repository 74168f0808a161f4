"""`goal export --format fhir --output FILE` killed (SIGKILL) or interrupted (SIGINT) while it
writes the record: the file named is as it was or whole, never half a record. A kill -9 gives
goalcli no chance to clean up, so the private partial file beside the target stays; the next
write of that file wipes and removes it.

Real processes: the signal is sent the moment the partial file appears (the write has begun),
on a record of several megabytes so the write takes long enough to be caught."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lib.processes import assert_one_plain_line, goal_process

SCENARIO = Path(__file__).resolve().parents[1] / "data" / "fhir-scenario.json"
ATTEMPTS = 5


@pytest.fixture
def large(db_path: Path) -> Path:
    """The FHIR scenario and 2,500 more check-ins with long notes: a record of megabytes."""
    assert goal_process("import", str(SCENARIO)).returncode == 0
    connection = sqlite3.connect(db_path)
    with connection:
        connection.executemany(
            "INSERT INTO checkin (goal_id, day, value, note, created_at, updated_at) "
            "VALUES (1, date('2015-01-01', ?), 10, ?, 'x', 'x')",
            [(f"+{n} days", f"note {n} " + "w" * 2000) for n in range(2500)],
        )
    connection.close()
    return db_path


def _partials(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if path.name.endswith(".partial"))


def _signal_mid_write(
    target: Path, sent: signal.Signals
) -> subprocess.CompletedProcess[str] | None:
    """Start the export and send `sent` as soon as its partial file exists. None when the
    process finished before its partial file was seen (the write was too quick to catch)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "goalcli", "export", "--format", "fhir", "--output", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    partial = target.with_name(f".{target.name}.{process.pid}.partial")
    deadline = time.monotonic() + 120
    caught = False
    while process.poll() is None and time.monotonic() < deadline:
        if partial.exists():
            process.send_signal(sent)
            caught = True
            break
        time.sleep(0.0002)
    stdout, stderr = process.communicate(timeout=120)
    if not caught:
        return None
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def _old_record(target: Path) -> bytes:
    """A record already there (an older, shorter export): what must survive the signal."""
    done = goal_process("export", "--format", "fhir", "--since", "today", "--output", str(target))
    assert done.returncode == 0, done.stderr
    return target.read_bytes()


def test_kill_9_mid_write_leaves_the_old_record_and_the_next_write_cleans_up(
    large: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    target = folder / "record.json"
    old = _old_record(target)
    killed = 0
    for _ in range(ATTEMPTS):
        result = _signal_mid_write(target, signal.SIGKILL)
        if result is None:
            continue
        assert result.returncode == -signal.SIGKILL
        if target.read_bytes() != old:
            # The kill landed just after the rename (a loaded machine): the record is whole.
            json.loads(target.read_text(encoding="utf-8"))
            old = target.read_bytes()
            continue
        killed += 1
        for left in _partials(folder):  # what the kill left: private
            assert stat.S_IMODE(left.stat().st_mode) == 0o600
        # A kill -9 leaves it: nothing in the process could remove it.
        assert _partials(folder)
        if killed == 2:
            break
    assert killed, "every export finished before it could be killed mid-write"

    done = goal_process("export", "--format", "fhir", "--output", str(target))
    assert done.returncode == 0, done.stderr
    assert _partials(folder) == []  # the killed runs' partial files are gone
    assert [path.name for path in folder.iterdir()] == ["record.json"]
    whole = goal_process("export", "--format", "fhir")
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(whole.stdout)


def test_ctrl_c_mid_write_leaves_the_old_record_and_no_partial(large: Path, tmp_path: Path) -> None:
    target = tmp_path / "record.json"
    old = _old_record(target)
    for _ in range(ATTEMPTS):
        result = _signal_mid_write(target, signal.SIGINT)
        if result is not None and target.read_bytes() == old:
            break
        old = target.read_bytes()  # too late (it had finished, or renamed): try again
    else:
        pytest.fail("every export finished before it could be interrupted mid-write")
    assert result is not None
    assert result.returncode == 130, result.stderr
    assert_one_plain_line(result.stderr)
    assert "nothing was saved" in result.stderr
    assert target.read_bytes() == old
    assert _partials(tmp_path) == []


def test_a_partial_file_of_a_running_goalcli_is_left_to_it(large: Path, tmp_path: Path) -> None:
    """Only a dead process's partial file is removed: two exports to one name at once do not
    pull the file from under each other."""
    target = tmp_path / "record.json"
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        busy = target.with_name(f".{target.name}.{alive.pid}.partial")
        busy.write_text("being written", encoding="utf-8")
        other = tmp_path / ".other.json.1.partial"
        other.write_text("another file's", encoding="utf-8")
        done = goal_process("export", "--format", "fhir", "--output", str(target))
        assert done.returncode == 0, done.stderr
        assert busy.read_text(encoding="utf-8") == "being written"
        assert other.exists()
    finally:
        alive.kill()
        alive.wait()
    # Its process gone, the next export to that name removes it; another name's is not touched.
    assert goal_process("export", "--format", "fhir", "--output", str(target)).returncode == 0
    assert not busy.exists()
    assert other.exists()
    assert os.path.getsize(target) > 0
