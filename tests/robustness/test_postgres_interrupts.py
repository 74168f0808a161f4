"""Ctrl-C and a dropped connection in the middle of a command on a PostgreSQL server.

Real processes: the test holds a lock the command needs, so the command is caught inside its
transaction (waiting on the server), then it is interrupted (SIGINT, as Ctrl-C sends) or its
connection is cut (pg_terminate_backend, as a dropped network does). Promise: Ctrl-C exits 130
with "Interrupted; nothing was saved.", a lost connection exits 1 with one sentence saying so,
and either way the server holds exactly what it held before: the transaction is rolled back,
none of it half-written, and no session of it is left behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from typer.testing import Result

from lib.paths import EXAMPLES, MOOD_PLAN
from lib.postgres import (
    ThrowawayServer,
    admin,
    goalcli_sessions,
    libpq_url,
    no_goalcli_session_left,
    with_database,
)
from lib.processes import assert_one_plain_line
from lib.writers import SENTINEL, SENTINEL_EXPORT, WRITERS, Writer, writer_params

Run = Callable[..., Result]
SERVER_WRITERS = tuple(writer for writer in WRITERS if writer.id not in {"backup", "restore"})
COUPLES_PLAN = str(EXAMPLES / "couples.toml")
LOST = "was lost; nothing of this command was saved."
OPENING = "(opening)"
# What every goalcli holds while it opens a database (storage/server.py): held here, a command
# waits at its very start, in the transaction that checks the schema's migrations.
MIGRATIONS_LOCK = "SELECT pg_advisory_xact_lock(hashtext('goalcli migrations'))"


def _dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every goalcli table, in a fixed order."""
    with admin(url) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' ORDER BY table_name"
            )
        ]
        return {
            table: sorted(db.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in tables
        }


@contextmanager
def caught_mid_command(url: str, args: tuple[str, ...], tables: str) -> Iterator[tuple[Any, int]]:
    """`goal ARGS` started while another session holds `tables` locked (or, for OPENING, the
    lock goalcli takes while it opens the database), yielded once it waits for them inside its
    transaction: (the process, its server session's pid)."""
    import psycopg

    from goalcli.storage.server import release_connections

    # The test's own commands ran in this process, which keeps their connection for its next
    # one: closed, so that every goalcli session on the server is the command's (see no_goalcli_session_left).
    release_connections()
    holder = psycopg.connect(libpq_url(url))
    holder.execute(
        MIGRATIONS_LOCK if tables == OPENING else f"LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "goalcli", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, GOALCLI_DB=url),
        # Ctrl-C's signal reaches it as at a prompt, even when this suite runs in the
        # background of a shell (which starts it with SIGINT ignored, and children inherit that).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            waiting = [pid for pid, _, wait in goalcli_sessions(url) if wait == "Lock"]
            if waiting:
                break
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the command never reached the locked tables"
            time.sleep(0.05)
        yield process, waiting[0]
    finally:
        with contextlib.suppress(psycopg.Error):  # a killed server took this session too
            holder.rollback()
        holder.close()
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


def _finished(process: Any) -> tuple[int, str]:
    _, stderr = process.communicate(timeout=30)
    return process.returncode, stderr


@pytest.fixture
def planned_server(goal: Run, pg_url: str) -> str:
    assert goal("--db", pg_url, "intake", "--answers", MOOD_PLAN).exit_code == 0
    return pg_url


def _every_table(url: str) -> str:
    with admin(url) as db:
        return ", ".join(
            row[0]
            for row in db.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_name <> '_migrations'"
            )
        )


@pytest.mark.parametrize("writer", writer_params(SERVER_WRITERS))
def test_ctrl_c_while_a_writer_waits_on_the_server_saves_nothing(
    goal: Run, planned_server: str, writer: Writer
) -> None:
    for args in writer.setup:
        assert goal("--db", planned_server, *args).exit_code == 0, args
    before = _dump(planned_server)

    with caught_mid_command(planned_server, writer.args, _every_table(planned_server)) as (
        process,
        _,
    ):
        process.send_signal(signal.SIGINT)
        code, stderr = _finished(process)

    assert code == 130, stderr
    assert_one_plain_line(stderr)
    assert stderr.strip() == "goal: Interrupted; nothing was saved."
    assert SENTINEL not in stderr
    no_goalcli_session_left(planned_server)
    assert _dump(planned_server) == before


@pytest.mark.parametrize("writer", writer_params(SERVER_WRITERS))
def test_a_connection_dropped_while_a_writer_waits_saves_nothing(
    goal: Run, planned_server: str, writer: Writer
) -> None:
    for args in writer.setup:
        assert goal("--db", planned_server, *args).exit_code == 0, args
    before = _dump(planned_server)

    with caught_mid_command(planned_server, writer.args, _every_table(planned_server)) as (
        process,
        pid,
    ):
        with admin(planned_server) as db:
            db.execute("SELECT pg_terminate_backend(%s)", (pid,))
        code, stderr = _finished(process)

    assert code == 1, stderr
    assert_one_plain_line(stderr)
    assert LOST in stderr
    assert SENTINEL not in stderr
    no_goalcli_session_left(planned_server)
    assert _dump(planned_server) == before


@pytest.mark.parametrize("cut", ["ctrl-c", "dropped"])
def test_an_import_cut_after_writing_half_of_it_saves_none_of_it(
    goal: Run, pg_url: str, cut: str
) -> None:
    """The import has written its intake and goals (their locks are held by its transaction)
    and waits to write the check-ins: cut there, the goals it wrote go too."""
    # Another plan than the export's, so the import has goals of its own to add.
    assert goal("--db", pg_url, "intake", "--answers", COUPLES_PLAN).exit_code == 0
    planned_server = pg_url
    before = _dump(planned_server)
    with caught_mid_command(planned_server, ("import", SENTINEL_EXPORT), "checkin") as (
        process,
        pid,
    ):
        with admin(planned_server) as db:
            written = {
                row[0]
                for row in db.execute(
                    "SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                    "WHERE l.pid = %s AND l.granted AND l.mode = 'RowExclusiveLock'",
                    (pid,),
                )
            }
            assert "goal" in written, written  # half-way: goals written, check-ins not yet
            if cut == "dropped":
                db.execute("SELECT pg_terminate_backend(%s)", (pid,))
        if cut == "ctrl-c":
            process.send_signal(signal.SIGINT)
        code, stderr = _finished(process)

    assert_one_plain_line(stderr)
    if cut == "ctrl-c":
        assert (code, stderr.strip()) == (130, "goal: Interrupted; nothing was saved.")
    else:
        assert code == 1 and LOST in stderr, stderr
    no_goalcli_session_left(planned_server)
    assert _dump(planned_server) == before


# --- the server itself killed ------------------------------------------------------------------


@pytest.fixture
def own_server_database(own_pg_server: ThrowawayServer, goal: Run) -> Iterator[str]:
    """A fresh database with the plan on the test's own server (running again if an earlier
    test killed it)."""
    if not own_pg_server.running():
        own_pg_server.start()
    name = f"goalcli_killed_{uuid.uuid4().hex[:12]}"
    with admin(own_pg_server.url) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    url = with_database(own_pg_server.url, name)
    assert goal("--db", url, "intake", "--answers", MOOD_PLAN).exit_code == 0
    yield url


@pytest.mark.parametrize("moment", ["opening", "writing"])
@pytest.mark.parametrize("writer", writer_params(SERVER_WRITERS))
def test_the_server_killed_during_a_writer_is_one_sentence(
    goal: Run, own_pg_server: ThrowawayServer, own_server_database: str, writer: Writer, moment: str
) -> None:
    """Issue 24: the server killed under `goal import` (and every other writer) printed
    SQLAlchemy's "Exception during reset or similar" traceback (its pool failing to roll back
    the dead connection). Now, killed while the writer opens the database or while it waits
    inside its write: one sentence, exit 1, no library's log on stderr, and after the restart
    the server holds what it held before."""
    url = own_server_database
    for args in writer.setup:
        assert goal("--db", url, *args).exit_code == 0, args
    before = _dump(url)

    tables = OPENING if moment == "opening" else _every_table(url)
    with caught_mid_command(url, writer.args, tables) as (process, _):
        own_pg_server.kill()
        code, stderr = _finished(process)

    assert code == 1, stderr
    assert_one_plain_line(stderr)
    assert LOST in stderr or "Can't reach" in stderr, stderr
    assert "Exception" not in stderr and "Traceback" not in stderr
    assert SENTINEL not in stderr
    own_pg_server.start()
    assert _dump(url) == before
