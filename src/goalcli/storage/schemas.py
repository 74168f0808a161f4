"""Profiles on a PostgreSQL server: the goalcli schemas of one database, listed, read for the
caseload, renamed and removed (profiles.py does the same for files; server.py opens one).

A listing or the caseload reads every schema in one read-only REPEATABLE READ transaction, so
nothing is created, migrated or changed and every client is read at the same moment. A rename
or removal is one transaction, queued behind any goalcli creating or migrating a schema.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from goalcli.errors import InputError, StorageError, quote
from goalcli.storage.profiles import NOT_READABLE, Unopened, contents, not_described
from goalcli.storage.server import (
    DEFAULT_SCHEMA,
    PortableConnection,
    connect_raw,
    describe_server_error,
    masked,
    quoted,
    schema_name,
)


@contextmanager
def snapshot(url: str) -> Iterator[Snapshot]:
    """One read-only transaction over the whole database (a listing or the caseload: nothing
    is created, migrated or changed); a server failure is one StorageError."""
    import psycopg

    raw = connect_raw(url, read_only=True)
    try:
        with raw.transaction():
            yield Snapshot(url, raw)
    except psycopg.Error as error:
        raise StorageError(describe_server_error(error, url)) from error
    finally:
        raw.close()


class Snapshot:
    """The goalcli schemas of one database, read inside one read-only transaction."""

    def __init__(self, url: str, raw: Any) -> None:
        self.url = url
        self._raw = raw

    def schemas(self) -> list[str]:
        """Every goalcli schema this role may use (`public`, the default database, included)."""
        return goalcli_schemas(self._raw)

    def profiles(self) -> list[str]:
        return [schema for schema in self.schemas() if schema != DEFAULT_SCHEMA]

    def where(self, schema: str) -> str:
        """How messages and the caseload name a schema: the masked URL and the profile."""
        shown = masked(self.url)
        return shown if schema == DEFAULT_SCHEMA else f"{shown} (profile {schema})"

    @contextmanager
    def reading(self, schema: str) -> Iterator[PortableConnection]:
        """The schema's tables, unqualified, as the file readers take them (profiles.py). One
        this role may not read is Unopened(NOT_READABLE); the snapshot goes on past it."""
        try:
            with self._raw.transaction():  # a savepoint: a refusal here spoils no other schema
                self._raw.execute(f"SET LOCAL search_path TO {quoted(schema)}")
                yield PortableConnection(self._raw)
        except Exception as error:
            if not type(error).__module__.startswith("psycopg"):
                raise
            raise Unopened(NOT_READABLE) from error

    def size(self, schema: str) -> int:
        (size,) = self._raw.execute(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind = 'r'",
            (schema,),
        ).fetchone()
        return int(size)

    def describe(self, schema: str) -> dict[str, Any]:
        """What profiles.describe says of a file, for one schema: contents, size, problem."""
        described = not_described(self.size(schema))
        try:
            with self.reading(schema) as connection:
                described.update(contents(connection))
        except Unopened as unopened:
            described["problem"] = unopened.reason
        return described


def server_profiles(url: str) -> list[dict[str, Any]]:
    """Each profile on the server (a schema holding goalcli's tables; `public`, the default
    database, is not a profile), by name, described as `goal profiles` describes a file."""
    with snapshot(url) as database:
        return [{"name": schema, **database.describe(schema)} for schema in database.profiles()]


def server_profile(url: str, name: str) -> dict[str, Any]:
    """The profile `name` on the server, described; a name with no schema is refused (exit 2)."""
    with snapshot(url) as database:
        schema = _existing_schema(database.profiles(), name)
        return {"name": schema, "where": database.where(schema), **database.describe(schema)}


def _existing_schema(profiles: list[str], name: str) -> str:
    from goalcli.storage.paths import check_name, missing_profile_message

    schema = schema_name(check_name(name, source="NAME"))
    if schema not in profiles:
        raise InputError(missing_profile_message(name, known=profiles))
    return schema


def rename_schema(url: str, old: str, new: str) -> None:
    """Rename the profile `old` to `new`: one ALTER SCHEMA, its tables and grants go with it.
    Refused (exit 2) when `new` is taken or `old` is not a profile."""
    from goalcli.storage.paths import check_name

    target = schema_name(check_name(new, source="NEW"))
    _in_one_transaction(url, lambda raw: _rename(raw, old, target))


def _rename(raw: Any, old: str, target: str) -> None:
    source = _existing_schema(_locked_profiles(raw), old)
    taken = raw.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (target,)).fetchone()
    if taken is not None:
        raise InputError(f"A profile named {quote(target)} already exists; nothing was changed.")
    raw.execute(f"ALTER SCHEMA {quoted(source)} RENAME TO {quoted(target)}")


def drop_schema(
    url: str, name: str, keep: Callable[[PortableConnection], None] | None = None
) -> None:
    """Remove the profile `name`: its schema and everything in it, in one transaction. With
    `keep`, its tables are first locked against every other device and `keep` reads them (to
    write the export kept of it): what is kept is exactly what is removed."""

    def drop(raw: Any) -> None:
        schema = _existing_schema(_locked_profiles(raw), name)
        if keep is not None:
            tables = [
                f"{quoted(schema)}.{quoted(row[0])}"
                for row in raw.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = %s", (schema,)
                )
            ]
            raw.execute(f"LOCK TABLE {', '.join(tables)} IN ACCESS EXCLUSIVE MODE")
            raw.execute(f"SET LOCAL search_path TO {quoted(schema)}")
            keep(PortableConnection(raw))
        raw.execute(f"DROP SCHEMA {quoted(schema)} CASCADE")

    _in_one_transaction(url, drop)


def _locked_profiles(raw: Any) -> list[str]:
    """The profiles, once no other goalcli is creating or migrating one (the migrations' lock)."""
    raw.execute("SELECT pg_advisory_xact_lock(hashtext('goalcli migrations'))")
    return [schema for schema in goalcli_schemas(raw) if schema != DEFAULT_SCHEMA]


def goalcli_schemas(raw: Any) -> list[str]:
    """The schemas holding goalcli's tables that this role may use, by name. Another client's
    schema, which a client's or therapist's role was given no rights to, is not listed: its
    name is not that role's to see in a listing or caseload."""
    found = raw.execute(
        "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relname = '_migrations' AND c.relkind = 'r' "
        "AND has_schema_privilege(n.oid, 'USAGE')"
    )
    return sorted((row[0] for row in found), key=str.casefold)


def _in_one_transaction(url: str, change: Any) -> None:
    import psycopg

    raw = connect_raw(url)
    try:
        with raw.transaction():
            change(raw)
    except psycopg.Error as error:
        raise StorageError(describe_server_error(error, url)) from error
    finally:
        raw.close()
