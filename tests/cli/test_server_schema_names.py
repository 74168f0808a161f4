"""A profile's schema on a PostgreSQL server (issue 24, section 4): the profile's name in lower
case, byte for byte, so it fits PostgreSQL's 63-byte limit exactly (a longer name is refused
rather than cut, which would give two profiles one schema); the server's own schemas
(`public`, `information_schema`, `pg_*`) are never a profile; and two profiles never share a
schema, whatever their names."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import Result

from lib.paths import EXAMPLES
from lib.postgres import admin

Run = Callable[..., Result]
MOOD_PLAN = str(EXAMPLES / "elevate-mood.toml")
COUPLES_PLAN = str(EXAMPLES / "couples.toml")
LONGEST = "a" * 62 + "b"  # 63 bytes: the most a schema name holds


@pytest.fixture
def server(goal: Run, pg_url: str) -> Run:
    def run(*args: str, **kwargs: Any) -> Result:
        return goal("--db", pg_url, *args, **kwargs)

    return run


def _schemas(url: str) -> set[str]:
    with admin(url) as connection:
        return {row[0] for row in connection.execute("SELECT nspname FROM pg_namespace")}


def _goal_tables_in(url: str, schema: str) -> int:
    with admin(url) as connection:
        (count,) = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s", (schema,)
        ).fetchone()
    return int(count)


def test_the_longest_name_is_its_schema_exactly_and_a_longer_one_is_refused(
    server: Run, pg_url: str
) -> None:
    made = server("--profile", LONGEST, "intake", "--answers", MOOD_PLAN)
    assert made.exit_code == 0, made.output
    assert LONGEST in _schemas(pg_url)

    before = _schemas(pg_url)
    # One byte more: PostgreSQL would cut it to LONGEST's schema (and a 64th "c" as well).
    for longer in (LONGEST + "c", LONGEST + "d"):
        refused = server("--profile", longer, "intake", "--answers", COUPLES_PLAN)
        assert refused.exit_code == 2, refused.output
        assert "too long for a profile on a server" in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
    assert _schemas(pg_url) == before
    listed = json.loads(server("profiles", "--format", "json").stdout)
    assert [profile["name"] for profile in listed] == [LONGEST]
    assert [profile["goals"] for profile in listed] == [2]  # the couples plan never went there


@pytest.mark.parametrize(
    "name", ["public", "PUBLIC", "information_schema", "pg_catalog", "pg_toast", "Pg_mine"]
)
def test_the_servers_own_schemas_are_never_a_profile(server: Run, pg_url: str, name: str) -> None:
    assert server("intake", "--answers", MOOD_PLAN).exit_code == 0  # the default: public
    before = _schemas(pg_url)
    for args in (
        ("--profile", name, "intake", "--answers", COUPLES_PLAN),
        ("--profile", name, "list"),
        ("profile", "show", name),
        ("profile", "remove", name, "--yes"),
    ):
        refused = server(*args)
        assert refused.exit_code == 2, (args, refused.output)
        assert "keeps that name for its own schemas" in refused.stderr, refused.stderr
    assert _schemas(pg_url) == before
    listed = json.loads(server("list", "--format", "json").stdout)
    assert len(listed) == 2  # the default database kept its own two goals, and no more


def test_renaming_to_a_system_or_too_long_name_is_refused(server: Run, pg_url: str) -> None:
    assert server("--profile", "maya", "intake", "--answers", MOOD_PLAN).exit_code == 0
    for target in ("public", "pg_maya", LONGEST + "x"):
        refused = server("profile", "rename", "maya", target)
        assert refused.exit_code == 2, refused.output
    assert "maya" in _schemas(pg_url)


def test_names_differing_only_in_case_are_one_profile_never_two_in_one_schema(
    server: Run, pg_url: str
) -> None:
    """On a server a name is folded to lower case (as PostgreSQL folds names): `Maya` and
    `maya` are one profile, one schema, listed once; a second intake under the other spelling
    adds to it, as a second intake under the same spelling would."""
    assert server("--profile", "Maya", "intake", "--answers", MOOD_PLAN).exit_code == 0
    assert server("--profile", "maya", "log", "1", "--value", "3").exit_code == 0
    shown = json.loads(server("--profile", "MAYA", "list", "--format", "json").stdout)
    assert len(shown) == 2
    assert "Maya" not in _schemas(pg_url) and _goal_tables_in(pg_url, "maya") > 0
    listed = json.loads(server("profiles", "--format", "json").stdout)
    assert [profile["name"] for profile in listed] == ["maya"]
    # Renaming it to its own other spelling would be the same schema: refused as taken.
    refused = server("profile", "rename", "maya", "MAYA")
    assert refused.exit_code == 2, refused.output
    assert "already exists" in refused.stderr
