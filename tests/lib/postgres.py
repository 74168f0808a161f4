"""A PostgreSQL server for the tests: found through GOALCLI_TEST_PG_URL (.ci/run starts a
throwaway one with .ci/postgres.sh and sets it). Each test that asks gets a database of its own,
dropped afterwards.

Locally, without the variable, the PostgreSQL tests skip; in CI (GOALCLI_TEST_PG_REQUIRED=1,
set by .ci/run) a missing server fails them instead, so they are never silently skipped there.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

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


@pytest.fixture(scope="session")
def pg_server() -> str:
    url = os.environ.get(PG_URL_ENV)
    if not url:
        if os.environ.get(PG_REQUIRED_ENV):
            pytest.fail(f"{PG_URL_ENV} is not set, and the PostgreSQL tests must run here")
        pytest.skip(f"no PostgreSQL server ({PG_URL_ENV} unset; .ci/run starts one)")
    return url


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """The URL of a fresh, empty database on the test server, dropped after the test."""
    name = f"goalcli_test_{uuid.uuid4().hex[:12]}"
    with admin(pg_server) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_database(pg_server, name)
    finally:
        with admin(pg_server) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test once on SQLite (the temporary file) and once on PostgreSQL (GOALCLI_DB set
    to a fresh server database); returns the engine's name."""
    if request.param == "postgresql":
        url = request.getfixturevalue("pg_url")
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
