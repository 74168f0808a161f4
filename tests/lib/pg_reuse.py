"""A server database that one xdist worker keeps for its whole session and hands to each of its
tests in turn, put back between them as it was.

Making and dropping a database per test (CREATE DATABASE ... TEMPLATE, DROP DATABASE) cost about
0.1-0.15 s of wall a test on the test server; emptying the tables a test wrote costs a few ms.
So after each test `ReusedDatabase.put_back()`:

1. ends every other session still connected to the database (a process or an engine the test
   left behind), as DROP DATABASE ... WITH (FORCE) did;
2. drops every schema the test made (the profiles of a server) and every table, view or sequence
   it added to a schema that was there before;
3. empties (TRUNCATE) the tables that hold rows, except the ones whose rows are part of the
   schema (`_migrations`: the schema's version), and sets every sequence back where it was, so
   ids start again at 1;
4. checks the catalogue against the fingerprint taken when the database was made (`catalogue`:
   schemas, tables, columns, constraints, indexes, sequences and their values, rights, ...,
   and the rows of `_migrations`). A test that changed the catalogue itself (a migration test,
   an ALTER TABLE, a grant) leaves a different one: the database is then dropped and made
   again from its template, as before. So does any server error while putting it back (the
   test dropped the database, a lock not released in time).

Roles are the server's, not a database's: a test that makes one drops it (as before).
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

# Rows that are part of the schema rather than data a test wrote: put back by a rebuild only.
SCHEMA_ROWS = ("_migrations",)
# How long putting back waits for a lock (a session the test left still ending) before it gives
# up and makes the database again.
LOCK_WAIT = "5s"

_USER_NAMESPACES = (
    "SELECT oid FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
    "AND nspname <> 'information_schema'"
)

# Everything a test could change in the database's catalogue, one line a fact, in a fixed order.
# Names only (never oids, which a rebuilt database need not share); search_path is pg_catalog
# while this runs, so every regclass is written with its schema.
CATALOGUE = f"""
SELECT line FROM (
  SELECT 'database ' || coalesce(datacl::text, '-') || ' ' || datconnlimit || ' '
         || datallowconn AS line
    FROM pg_database WHERE datname = current_database()
  UNION ALL SELECT 'setting ' || array_to_string(setconfig, ',') FROM pg_db_role_setting
    WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
  UNION ALL SELECT 'extension ' || extname || ' ' || extversion FROM pg_extension
  UNION ALL SELECT 'default acl ' || defaclrole::regrole::text || ' ' || defaclobjtype::text || ' '
         || defaclacl::text FROM pg_default_acl
  UNION ALL SELECT 'schema ' || nspname || ' ' || nspowner::regrole::text || ' '
         || coalesce(nspacl::text, '-')
    FROM pg_namespace WHERE oid IN ({_USER_NAMESPACES})
  UNION ALL SELECT 'relation ' || c.oid::regclass::text || ' ' || c.relkind::text || ' '
         || c.relowner::regrole::text || ' ' || coalesce(c.relacl::text, '-') || ' '
         || c.relrowsecurity || ' ' || c.relpersistence::text
    FROM pg_class c WHERE c.relnamespace IN ({_USER_NAMESPACES})
  UNION ALL SELECT 'column ' || a.attrelid::regclass::text || '.' || a.attname || ' '
         || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull || ' '
         || a.attidentity::text || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '-') || ' '
         || a.attnum || ' ' || coalesce(a.attacl::text, '-')
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relnamespace IN ({_USER_NAMESPACES})
  UNION ALL SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' '
         || pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace IN ({_USER_NAMESPACES})
  UNION ALL SELECT 'index ' || pg_get_indexdef(i.indexrelid)
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE c.relnamespace IN ({_USER_NAMESPACES})
  UNION ALL SELECT 'trigger ' || tgrelid::regclass::text || ' ' || pg_get_triggerdef(oid)
    FROM pg_trigger WHERE NOT tgisinternal
  UNION ALL SELECT 'view ' || c.oid::regclass::text || ' ' || pg_get_viewdef(c.oid)
    FROM pg_class c WHERE c.relkind IN ('v', 'm') AND c.relnamespace IN ({_USER_NAMESPACES})
  UNION ALL SELECT 'function ' || p.oid::regprocedure::text || ' ' || md5(p.prosrc)
    FROM pg_proc p WHERE p.pronamespace IN ({_USER_NAMESPACES})
  UNION ALL SELECT 'type ' || t.oid::regtype::text || ' ' || t.typtype::text
    FROM pg_type t WHERE t.typnamespace IN ({_USER_NAMESPACES}) AND t.typrelid = 0
         AND t.typelem = 0
  UNION ALL SELECT 'policy ' || polrelid::regclass::text || ' ' || polname FROM pg_policy
  UNION ALL SELECT 'comment ' || classoid::regclass::text || ' ' || objsubid || ' '
         || description FROM pg_description
    WHERE objoid IN (SELECT oid FROM pg_class WHERE relnamespace IN ({_USER_NAMESPACES}))
  UNION ALL SELECT 'sequence ' || schemaname || '.' || sequencename || ' ' || start_value || ' '
         || increment_by || ' ' || min_value || ' ' || max_value || ' ' || cycle || ' '
         || coalesce(last_value::text, 'unused')
    FROM pg_sequences
) AS facts ORDER BY line
"""

# The tables and sequences of the user schemas, by schema-qualified, quoted name.
_TABLES = f"""
SELECT format('%I.%I', n.nspname, c.relname), c.relname FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND c.relnamespace IN ({_USER_NAMESPACES})
  ORDER BY 1
"""
_OTHER_RELATIONS = f"""
SELECT format('%I.%I', n.nspname, c.relname), c.relkind FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('v', 'm', 'S', 'f') AND c.relnamespace IN ({_USER_NAMESPACES})
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
  ORDER BY 1
"""
_SEQUENCES = (
    "SELECT format('%I.%I', schemaname, sequencename), last_value, start_value FROM pg_sequences"
)
_SCHEMAS = f"SELECT nspname FROM pg_namespace WHERE oid IN ({_USER_NAMESPACES})"
# Which table refers to which (a child's rows are loaded after its parent's).
_REFERENCES = f"""
SELECT format('%I.%I', cn.nspname, c.relname), format('%I.%I', pn.nspname, p.relname)
  FROM pg_constraint k
  JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
  JOIN pg_class p ON p.oid = k.confrelid JOIN pg_namespace pn ON pn.oid = p.relnamespace
  WHERE k.contype = 'f' AND k.connamespace IN ({_USER_NAMESPACES})
"""
_DROP_KIND = {"v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE", "f": "FOREIGN TABLE"}


def connect(url: str) -> Any:
    """A connection of the test library's own to the database of `url`: autocommit, the
    catalogue first on the search path (so every name it prints carries its schema)."""
    import psycopg

    from lib.postgres import libpq_url

    return psycopg.connect(
        libpq_url(url),
        autocommit=True,
        options=f"-c search_path=pg_catalog -c lock_timeout={LOCK_WAIT}",
        application_name="goalcli-tests",
    )


def catalogue(connection: Any, *, sequence_values: bool = True) -> str:
    """The fingerprint of the database's catalogue: a hash of every fact CATALOGUE lists and of
    the rows of the SCHEMA_ROWS tables; without where the sequences stand when asked so (a
    history's rows move them)."""
    lines = [row[0] for row in connection.execute(CATALOGUE)]
    if not sequence_values:
        lines = [line.rsplit(" ", 1)[0] if line.startswith("sequence ") else line for line in lines]
    for name, bare in connection.execute(_TABLES).fetchall():
        if bare in SCHEMA_ROWS:
            rows = connection.execute(f"SELECT t::text FROM {name} AS t ORDER BY 1").fetchall()
            lines += [f"row {name} {row[0]}" for row in rows]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


class Baseline:
    """What a database held when it was made: its schemas, tables and sequences, and the
    fingerprint of its catalogue."""

    def __init__(self, connection: Any) -> None:
        self.schemas = {row[0] for row in connection.execute(_SCHEMAS)}
        tables = connection.execute(_TABLES).fetchall()
        self.tables = {name for name, _ in tables}
        self.emptied = sorted(name for name, bare in tables if bare not in SCHEMA_ROWS)
        self.relations = {row[0] for row in connection.execute(_OTHER_RELATIONS)}
        # Each sequence's last value (None: none handed out yet) and first value.
        self.sequences = {
            name: (last, start) for name, last, start in connection.execute(_SEQUENCES)
        }
        self.fingerprint = catalogue(connection)
        self.shape = catalogue(connection, sequence_values=False)
        self.load_order = _parents_first(self.emptied, connection.execute(_REFERENCES).fetchall())
        # One statement naming the tables that hold rows now (a TRUNCATE of an empty table
        # still costs a new file per table and index).
        self.holding_rows = (
            " UNION ALL ".join(
                f"SELECT {_literal(name)} WHERE EXISTS (SELECT 1 FROM {name})"
                for name in self.emptied
            )
            or None
        )


def _parents_first(tables: list[str], references: list[tuple[str, str]]) -> list[str] | None:
    """`tables` in an order where every table comes after those it refers to (None: a cycle,
    so no order loads them)."""
    parents = {table: {p for c, p in references if c == table and p != table} for table in tables}
    ordered: list[str] = []
    while parents:
        ready = sorted(table for table, needs in parents.items() if not needs - set(ordered))
        if not ready:
            return None
        ordered += ready
        for table in ready:
            del parents[table]
    return ordered


class SavedRows:
    """The rows of a database's tables (COPY's binary form: every value as the server holds
    it) and where its sequences stood, to put into another database with the same catalogue."""

    def __init__(self, tables: list[tuple[str, bytes]], sequences: list[tuple[str, int, bool]]):
        self.tables = tables
        self.sequences = sequences


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class ReusedDatabase:
    """One database on the test server, made from `template` (or empty without one), kept for
    a session and put back after each test (see the module's docstring)."""

    def __init__(self, server: str, template: str | None = None) -> None:
        from lib.postgres import with_database

        self.server = server
        self.template = template
        # Roles a test makes are named after the database's last 12 characters: unique a worker.
        self.name = f"goalcli_test_{uuid.uuid4().hex[:12]}"
        self.url = with_database(server, self.name)
        self.rebuilds = 0  # how often a test's changes were undone by making it again
        # The library's own session in the database, kept between tests: a new one costs the
        # server a process and its caches (about 12 ms of the 15 a putting back took).
        self._session: Any = None
        self._make()
        self.baseline = Baseline(self.session())
        self._dirty = False

    def session(self) -> Any:
        """The library's own connection to the database (connected again when it was ended:
        the test dropped the database, or ended every session in it)."""
        if self._session is None or self._session.closed or self._session.broken:
            self._session = connect(self.url)
        return self._session

    def release(self) -> None:
        """Close the library's own session: PostgreSQL copies or drops a database only while
        nobody is connected to it."""
        if self._session is not None:
            self._session.close()
            self._session = None

    def _make(self) -> None:
        from lib.postgres import admin, copy_database

        with admin(self.server) as connection:
            if self.template:
                connection.execute(copy_database(connection, self.name, self.template))
            else:
                connection.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        from lib.postgres import admin

        self.release()
        with admin(self.server) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def rebuild(self) -> None:
        self.drop()
        self._make()
        self.rebuilds += 1
        self._dirty = False

    def lend(self) -> str:
        """The URL for the next test: as the database was made (made again if the last test's
        putting back did not finish)."""
        if self._dirty:
            self.rebuild()
        self._dirty = True
        LENT[self.name] = self
        return self.url

    def save_rows(self) -> SavedRows | None:
        """The rows the database holds now, when only rows changed since it was made (its
        catalogue is the baseline's); None otherwise (a schema or a table was added...)."""
        baseline = self.baseline
        if baseline.load_order is None:
            return None
        connection = self.session()
        if catalogue(connection, sequence_values=False) != baseline.shape:
            return None
        full = set(_holding_rows(connection, baseline))
        tables = []
        for name in baseline.load_order:
            if name in full:
                with connection.cursor().copy(f"COPY {name} TO STDOUT (FORMAT binary)") as out:
                    tables.append((name, b"".join(bytes(chunk) for chunk in out)))
        sequences = [
            (name, *connection.execute(f"SELECT last_value, is_called FROM {name}").fetchone())
            for name in sorted(baseline.sequences)
        ]
        return SavedRows(tables, sequences)

    def restore_rows(self, saved: SavedRows) -> None:
        """Put `saved` in place of the rows the database holds (in one transaction)."""
        connection = self.session()
        with connection.transaction():
            full = _holding_rows(connection, self.baseline)
            if full:
                connection.execute(f"TRUNCATE {', '.join(full)} CASCADE")
            for name, data in saved.tables:
                with connection.cursor().copy(f"COPY {name} FROM STDIN (FORMAT binary)") as into:
                    into.write(data)
            if saved.sequences:
                connection.execute(
                    "SELECT "
                    + ", ".join(
                        f"setval({_literal(name)}, {last}, {'true' if called else 'false'})"
                        for name, last, called in saved.sequences
                    )
                )

    def put_back(self) -> bool:
        """Undo what the test did; True when the quick way did it, False when the database
        had to be made again."""
        import psycopg

        for attempt in ("kept session", "new session"):
            try:
                if attempt == "new session":
                    self.release()  # the kept one may have been ended by the test
                if self._put_back(self.session()):
                    self._dirty = False
                    return True
                break  # the catalogue differs
            except psycopg.Error:
                continue  # the database is gone, or a lock was held too long
        self.rebuild()
        return False

    def _put_back(self, connection: Any) -> bool:
        from goalcli.storage.server import release_connections

        baseline = self.baseline
        # goalcli keeps its connections for the process's next command: closed as a process's
        # end closes them, so that only what a test left open is ended below.
        release_connections()
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        with connection.transaction():
            for (schema,) in connection.execute(_SCHEMAS).fetchall():
                if schema not in baseline.schemas:
                    connection.execute(f'DROP SCHEMA "{_quoted(schema)}" CASCADE')
            added = [
                name
                for name, _ in connection.execute(_TABLES).fetchall()
                if name not in baseline.tables
            ]
            if added:
                connection.execute(f"DROP TABLE {', '.join(added)} CASCADE")
            for name, kind in connection.execute(_OTHER_RELATIONS).fetchall():
                if name not in baseline.relations:
                    connection.execute(f"DROP {_DROP_KIND[kind]} IF EXISTS {name} CASCADE")
            full = _holding_rows(connection, baseline)
            if full:
                connection.execute(f"TRUNCATE {', '.join(full)} CASCADE")
            if baseline.sequences:
                connection.execute(
                    "SELECT "
                    + ", ".join(
                        f"setval({_literal(name)}, {last}, true)"
                        if last is not None
                        else f"setval({_literal(name)}, {start}, false)"
                        for name, (last, start) in sorted(baseline.sequences.items())
                    )
                )
        return catalogue(connection) == baseline.fingerprint


# The databases lent so far, by name (the snapshots save and restore rows through them, and
# close the library's session before copying one).
LENT: dict[str, ReusedDatabase] = {}


def _holding_rows(connection: Any, baseline: Baseline) -> list[str]:
    if not baseline.holding_rows:
        return []
    return [row[0] for row in connection.execute(baseline.holding_rows)]


def _quoted(identifier: str) -> str:
    return identifier.replace('"', '""')
