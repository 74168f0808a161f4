"""A PostgreSQL server for the tests: found through GOALCLI_TEST_PG_URL (.ci/run starts a
throwaway one with .ci/postgres.sh and sets it). Each test that asks gets a database of its own:
an empty one (`pg_url`), or for the suites run on both engines (`engine`) one holding goalcli's
schema, migrated once per session (per xdist worker). Each worker keeps one database of each
kind for its session and lends it to its tests in turn, put back as it was after each
(emptied, its sequences reset, the schemas a test made dropped; made afresh when a test changed
the catalogue itself: lib/pg_reuse.py), instead of making and dropping a database per test.

Locally, without the variable, the PostgreSQL tests skip; in CI (GOALCLI_TEST_PG_REQUIRED=1,
set by .ci/run) a missing server fails them instead, so they are never silently skipped there.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lib.pg_reuse import ReusedDatabase

PG_URL_ENV = "GOALCLI_TEST_PG_URL"
PG_REQUIRED_ENV = "GOALCLI_TEST_PG_REQUIRED"
ENGINES = ("sqlite", "postgresql")


def libpq_url(url: str) -> str:
    """The SQLAlchemy URL as psycopg itself takes it (no +psycopg)."""
    return "postgresql://" + url.split("://", 1)[1]


def without_clock(value: Any) -> Any:
    """A document without its stamps of the wall-clock time of writing (created_at, and a
    change's undone_at)."""
    if isinstance(value, dict):
        return {
            key: without_clock(item)
            for key, item in value.items()
            if key not in ("created_at", "undone_at")
        }
    if isinstance(value, list):
        return [without_clock(item) for item in value]
    return value


def with_database(url: str, name: str) -> str:
    base, _, query = url.partition("?")
    base = base.rsplit("/", 1)[0] + "/" + name
    return f"{base}?{query}" if query else base


def admin(url: str):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(libpq_url(url), autocommit=True)


def goalcli_sessions(url: str) -> list[tuple[Any, ...]]:
    """goalcli's sessions on the database of `url`: (pid, state, wait_event_type), by pid."""
    with admin(url) as db:
        return db.execute(
            "SELECT pid, state, wait_event_type FROM pg_stat_activity "
            "WHERE application_name = 'goalcli' AND datname = current_database() ORDER BY pid"
        ).fetchall()


def no_goalcli_session_left(url: str) -> None:
    """Wait until no session of goalcli is left on the database of `url` (a server process
    ends a moment after its connection was closed or ended); fail after 10 s."""
    deadline = time.monotonic() + 10
    while goalcli_sessions(url):
        assert time.monotonic() < deadline, goalcli_sessions(url)
        time.sleep(0.02)


def copy_database(connection: Any, name: str, template: str) -> str:
    """The statement that makes database `name` a copy of `template`. From PostgreSQL 15 on
    with FILE_COPY: a small database is copied and later dropped faster than with WAL_LOG, its
    default (measured on the test server: 40 + 20 ms against 40 + 55 ms). goalcli's own idle
    connections (it keeps them for the process's next command) are closed first: PostgreSQL
    copies a database only while nobody is connected to it."""
    from goalcli.storage.server import release_connections

    release_connections()
    strategy = " STRATEGY FILE_COPY" if connection.info.server_version >= 150000 else ""
    return f'CREATE DATABASE "{name}" TEMPLATE "{template}"{strategy}'


@pytest.fixture(scope="session")
def pg_server() -> str:
    url = os.environ.get(PG_URL_ENV)
    if not url:
        if os.environ.get(PG_REQUIRED_ENV):
            pytest.fail(f"{PG_URL_ENV} is not set, and the PostgreSQL tests must run here")
        pytest.skip(f"no PostgreSQL server ({PG_URL_ENV} unset; .ci/run starts one)")
    return url


@pytest.fixture(scope="session")
def _pg_empty(pg_server: str) -> Iterator[ReusedDatabase]:
    """An empty database of this session (xdist worker), lent to one test after another."""
    database = ReusedDatabase(pg_server)
    try:
        yield database
    finally:
        database.drop()


@pytest.fixture
def pg_url(_pg_empty: ReusedDatabase) -> Iterator[str]:
    """The URL of an empty database on the test server, the test's alone: the session's
    (per xdist worker), put back as it was after each test (lib/pg_reuse.py)."""
    yield _pg_empty.lend()
    _pg_empty.put_back()


@pytest.fixture(scope="session")
def pg_template(pg_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The name of a server database holding goalcli's schema and nothing else, made once per
    session (per xdist worker: each has its own) by goal's own opening of a new database
    (`open_server_database(..., create=True)`, what a first `goal intake` does before it
    writes) in a process of its own. A separate process because PostgreSQL copies a template
    only while nobody is connected to it, and its connections end with it."""
    name = f"goalcli_template_{uuid.uuid4().hex[:12]}"
    with admin(pg_server) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        home = tmp_path_factory.mktemp("pg-template")
        env = {
            **os.environ,
            "GOALCLI_DB": with_database(pg_server, name),
            "XDG_DATA_HOME": str(home / "xdg"),
            "HOME": str(home),
        }
        env.pop("GOALCLI_PROFILE", None)
        made = subprocess.run(
            [sys.executable, "-c", MIGRATE_ONLY],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert made.returncode == 0, made.stderr
        yield name
    finally:
        with admin(pg_server) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Not `goal list`: a reading command never makes goalcli's tables.
MIGRATE_ONLY = """\
import os
from goalcli.storage.server import open_server_database
open_server_database(os.environ["GOALCLI_DB"], None, create=True).close()
"""


@pytest.fixture(scope="session")
def _pg_migrated(pg_server: str, pg_template: str) -> Iterator[ReusedDatabase]:
    """A copy of `pg_template` for this session (xdist worker), lent to one test after
    another."""
    database = ReusedDatabase(pg_server, pg_template)
    try:
        yield database
    finally:
        database.drop()


@pytest.fixture
def pg_migrated_url(_pg_migrated: ReusedDatabase) -> Iterator[str]:
    """The URL of a server database holding goalcli's schema and no data (what the first goal
    command leaves behind), the test's alone: the session's copy of `pg_template`, put back as
    it was after each test (lib/pg_reuse.py)."""
    yield _pg_migrated.lend()
    _pg_migrated.put_back()


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test once on SQLite (the temporary file) and once on PostgreSQL (GOALCLI_DB set
    to a fresh server database with goalcli's schema, as the test's first command would have
    made it); returns the engine's name.

    A test marked `no_default_database` gets an empty server database instead: one that works
    only in profiles, where the default database (SQLite's file, the server's `public` schema)
    is never made, and that sees whether it is there (`goal caseload` lists it)."""
    if request.param == "postgresql":
        empty = request.node.get_closest_marker("no_default_database") is not None
        url = request.getfixturevalue("pg_url" if empty else "pg_migrated_url")
        monkeypatch.setenv("GOALCLI_DB", url)
    return str(request.param)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test that reads the SQLite file itself (`db_path`: its bytes, its existence) runs on
    SQLite only: on a server there is no such file to look at."""
    kept, dropped = [], []
    for item in items:
        params = getattr(item, "callspec", None)
        on_server = params is not None and params.params.get("engine") == "postgresql"
        uses_file = "db_path" in getattr(item, "fixturenames", ())
        (dropped if on_server and uses_file else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


class ThrowawayServer:
    """A PostgreSQL server of the test's own (initdb in a temporary folder, as .ci/postgres.sh
    makes the shared one), for tests that kill the server itself: the shared one survives.
    Needs the server's programs (the same package .ci/postgres.sh uses)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.data = folder / "data"
        self.port = _free_port()
        self.url = f"postgresql+psycopg://goalcli@127.0.0.1:{self.port}/goalcli"

    def _run(self, *command: str) -> None:
        line = " ".join(shlex.quote(part) for part in command)
        if os.geteuid() == 0:  # initdb refuses root: the package's `postgres` user runs it
            argv = ["su", "postgres", "-s", "/bin/sh", "-c", line]
        else:
            argv = ["sh", "-c", line]
        subprocess.run(argv, check=True, capture_output=True, timeout=120)

    def create(self) -> None:
        self.folder.mkdir(mode=0o755, exist_ok=True)
        self.folder.chmod(0o755)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        bin_dir = _pg_bin()
        self._run(
            str(bin_dir / "initdb"), "-D", str(self.data), "-U", "goalcli", "--auth=trust",
            "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        self.start()
        self._run(str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
                  "goalcli", "goalcli")  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(_pg_bin() / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"),
            "-w", "-o", options, "start",
        )  # fmt: skip

    def kill(self) -> None:
        """Stop the server at once, as a crash or a power cut does: every session ends
        without a goodbye (the next start recovers from its WAL)."""
        self._run(str(_pg_bin() / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def running(self) -> bool:
        try:
            self._run(str(_pg_bin() / "pg_ctl"), "-D", str(self.data), "status")
        except subprocess.CalledProcessError:
            return False
        return True

    def stop(self) -> None:
        if self.running():
            self._run(str(_pg_bin() / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")


def _pg_bin() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not versions:
        pytest.skip("no PostgreSQL programs to start a server of the test's own")
    return versions[-1]


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def own_pg_server(pg_server: str) -> Iterator[ThrowawayServer]:
    """A second server for the module (only where the shared one runs: the same CI set-up),
    stopped and removed afterwards."""
    server = ThrowawayServer(Path(tempfile.mkdtemp(prefix="goalcli-pg-own-")))
    try:
        server.create()
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)
