"""Issue 24 §1 as it was found: `goal report --output "$GOALCLI_DB"` replaced the live database
with the report and exited 0. Real processes, on a plain and an encrypted database, while a
second goalcli process holds the database open (its -wal and -shm exist)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from lib.encryption import BOTH, encrypt_if
from lib.processes import assert_one_plain_line, goal_process

DOORS = [
    ["report", "--format", "html"],
    ["report", "--format", "markdown"],
    ["report", "--format", "json"],
    ["report"],
    ["export"],
    ["export", "--format", "csv"],
    ["export", "--format", "fhir"],
]


# Holds the database open in WAL mode (with its -wal and -shm), as another goal command would.
HOLDER = """
import os, sys, time
key = os.environ["HOLDER_KEY"]
if key:
    import sqlcipher3 as sqlite3
else:
    import sqlite3
connection = sqlite3.connect(sys.argv[1])
if key:
    connection.execute("PRAGMA key = '" + key.replace("'", "''") + "'")
    if "GOALCLI_TEST_KDF_ITER" in os.environ:  # the suites' cheap key derivation, as goal's
        connection.execute("PRAGMA kdf_iter = " + str(int(os.environ["GOALCLI_TEST_KDF_ITER"])))
connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
print("ready", flush=True)
time.sleep(30)
"""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@BOTH
def test_no_output_door_replaces_the_live_database_or_its_files(
    planned_fast: Callable[..., Result], db_path: Path, encryption: str | None
) -> None:
    encrypt_if(encryption, db_path)
    before = _digest(db_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "HOLDER_KEY": encryption or ""},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "ready\n"
        for door in DOORS:
            for target in (str(db_path), f"{db_path}-wal", f"{db_path}-shm"):
                done = goal_process(*door, "--output", target)
                assert done.returncode == 2, (door, target, done.stderr)
                assert_one_plain_line(done.stderr)
                assert "database in use" in done.stderr
        assert _digest(db_path) == before
    finally:
        holder.kill()
        holder.wait()
    done = goal_process("report", "--format", "json")
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("door", [DOORS[0], DOORS[4]], ids=" ".join)
def test_another_profiles_database_is_kept(
    planned_fast: Callable[..., Result], db_path: Path, tmp_path: Path, door: list[str]
) -> None:
    """The same run against a profile that is not the one in use, named through a symlink."""
    assert (
        goal_process(
            "--profile",
            "jordan",
            "intake",
            "--yes",
            "--answers",
            str(Path(__file__).parents[2] / "examples" / "elevate-mood.toml"),
        ).returncode
        == 0
    )
    profile = tmp_path / "xdg" / "goalcli" / "profiles" / "jordan.db"
    before = _digest(profile)
    link = tmp_path / "session.html"
    link.symlink_to(profile)
    done = goal_process(*door, "--output", str(link))
    assert done.returncode == 2, done.stderr
    assert_one_plain_line(done.stderr)
    assert _digest(profile) == before
    assert link.is_symlink()
