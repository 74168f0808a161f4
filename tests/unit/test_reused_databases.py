"""The test library's server databases (tests/lib/pg_reuse.py): one a worker, lent to each test
in turn and put back between them. What one test leaves must be gone for the next: its rows,
the ids it took, the schemas (profiles) it made, the sessions it left open; a test that changed
the catalogue itself gets the database made again."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from typer.testing import Result

from goalcli.storage import migrations
from lib.paths import MOOD_PLAN
from lib.pg_reuse import ReusedDatabase, catalogue, connect
from lib.postgres import admin

Run = Callable[..., Result]
PLAN = MOOD_PLAN


@pytest.fixture
def migrated(pg_server: str, pg_template: str) -> Iterator[ReusedDatabase]:
    database = ReusedDatabase(pg_server, pg_template)
    try:
        yield database
    finally:
        database.drop()


@pytest.fixture
def empty(pg_server: str) -> Iterator[ReusedDatabase]:
    database = ReusedDatabase(pg_server)
    try:
        yield database
    finally:
        database.drop()


def _one(url: str, sql: str) -> object:
    with connect(url) as connection:
        row = connection.execute(sql).fetchone()
        assert row is not None
        return row[0]


def _schemas(url: str) -> set[str]:
    with connect(url) as connection:
        return {
            row[0]
            for row in connection.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
                "AND nspname <> 'information_schema'"
            )
        }


def test_the_template_holds_goalcli_schema_at_its_current_version(
    migrated: ReusedDatabase,
) -> None:
    url = migrated.lend()
    assert _one(url, "SELECT count(*) FROM public._migrations") == migrations.schema_version()
    assert _one(url, "SELECT count(*) FROM public.goal") == 0


def test_rows_ids_and_profiles_left_by_a_test_are_gone_for_the_next(
    migrated: ReusedDatabase, goal: Run
) -> None:
    url = migrated.lend()
    assert goal("--db", url, "intake", "--yes", "--answers", PLAN).exit_code == 0
    assert (
        goal("--db", url, "--profile", "maya", "intake", "--yes", "--answers", PLAN).exit_code == 0
    )
    logged = goal("--db", url, "log", "1", "--value", "3", "--mood", "6")
    assert logged.exit_code == 0, logged.output
    assert _one(url, "SELECT count(*) FROM public.goal") > 0
    assert _one(url, "SELECT count(*) FROM public.checkin") == 1
    assert "maya" in _schemas(url)

    assert migrated.put_back() is True  # the quick way: no new database
    assert migrated.rebuilds == 0
    url = migrated.lend()
    for table in ("intake", "goal", "step", "checkin", "mood", "goal_change"):
        assert _one(url, f"SELECT count(*) FROM public.{table}") == 0, table
    assert _schemas(url) == {"public"}
    # The ids start again at 1, as in a new database.
    assert goal("--db", url, "intake", "--yes", "--answers", PLAN).exit_code == 0
    assert goal("--db", url, "log", "1", "--value", "3").exit_code == 0
    for table in ("intake", "goal", "step", "checkin"):
        assert _one(url, f"SELECT min(id) FROM public.{table}") == 1, table


def test_an_id_taken_by_a_row_since_deleted_is_handed_out_again(
    migrated: ReusedDatabase,
) -> None:
    url = migrated.lend()
    with connect(url) as connection:
        for _ in range(3):
            connection.execute(
                "INSERT INTO public.goal_change (goal_id, day, field, old_value, new_value, "
                "created_at) VALUES (NULL, '2026-11-01', 'mood_replaced', '4', '6', 'x')"
            )
        connection.execute("DELETE FROM public.goal_change")  # no rows left, the sequence moved
    assert migrated.put_back() is True
    url = migrated.lend()
    with connect(url) as connection:
        (new,) = connection.execute(
            "INSERT INTO public.goal_change (goal_id, day, field, old_value, new_value, "
            "created_at) VALUES (NULL, '2026-11-01', 'mood_replaced', '4', '6', 'x') RETURNING id"
        ).fetchone()
    assert new == 1


@pytest.mark.parametrize(
    "change",
    [
        "ALTER TABLE public.goal ADD COLUMN colour TEXT",
        "ALTER TABLE public.goal ALTER COLUMN unit DROP NOT NULL",
        "CREATE INDEX goal_by_unit ON public.goal (unit)",
        "DELETE FROM public._migrations WHERE name = 'm012_behavioural_activation'",
        "GRANT CREATE ON SCHEMA public TO PUBLIC",
        "ALTER SEQUENCE public.goal_id_seq INCREMENT BY 5",
    ],
)
def test_a_changed_catalogue_makes_the_database_again(
    migrated: ReusedDatabase, change: str
) -> None:
    url = migrated.lend()
    before = _one(url, "SELECT oid FROM pg_database WHERE datname = current_database()")
    with connect(url) as connection:
        fingerprint = catalogue(connection)
        connection.execute(change)
        assert catalogue(connection) != fingerprint
    assert migrated.put_back() is False
    assert migrated.rebuilds == 1
    url = migrated.lend()
    assert _one(url, "SELECT oid FROM pg_database WHERE datname = current_database()") != before
    with connect(url) as connection:
        assert catalogue(connection) == migrated.baseline.fingerprint
    assert _one(url, "SELECT count(*) FROM public._migrations") == migrations.schema_version()


def test_a_session_left_open_in_a_transaction_is_ended(migrated: ReusedDatabase) -> None:
    import psycopg

    url = migrated.lend()
    left = connect(url)
    try:
        left.autocommit = False
        left.execute("LOCK TABLE public.goal IN ACCESS EXCLUSIVE MODE")  # TRUNCATE would wait
        assert migrated.put_back() is True
        with pytest.raises(psycopg.OperationalError):
            left.execute("SELECT 1")
    finally:
        left.close()
    assert migrated.rebuilds == 0


def test_a_test_that_ends_every_session_still_gets_the_quick_way(
    migrated: ReusedDatabase, pg_server: str
) -> None:
    """The library keeps a session of its own in the database between tests; a test that ends
    them all (as the interrupt suites do to goal's) ends that one too."""
    url = migrated.lend()
    with connect(url) as connection:
        connection.execute("INSERT INTO public.setting (key, value) VALUES ('k', 'v')")
    with admin(pg_server) as connection:
        ended = connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            (migrated.name,),
        ).fetchall()
        assert ended  # at least the library's own session
    assert migrated.put_back() is True
    assert _one(migrated.lend(), "SELECT count(*) FROM public.setting") == 0
    assert migrated.rebuilds == 0


def test_a_database_dropped_by_the_test_is_made_again(
    migrated: ReusedDatabase, pg_server: str
) -> None:
    migrated.lend()
    with admin(pg_server) as connection:
        connection.execute(f'DROP DATABASE "{migrated.name}" WITH (FORCE)')
    assert migrated.put_back() is False
    url = migrated.lend()
    assert _one(url, "SELECT count(*) FROM public._migrations") == migrations.schema_version()


def test_an_unfinished_put_back_makes_the_next_lend_start_afresh(
    migrated: ReusedDatabase,
) -> None:
    url = migrated.lend()
    with connect(url) as connection:
        connection.execute("ALTER TABLE public.goal ADD COLUMN colour TEXT")
    # No put_back (a teardown that never ran): the next lend does not hand this one on.
    url = migrated.lend()
    assert migrated.rebuilds == 1
    with connect(url) as connection:
        assert catalogue(connection) == migrated.baseline.fingerprint


def test_an_empty_database_migrated_by_a_test_is_empty_again(
    empty: ReusedDatabase, goal: Run
) -> None:
    url = empty.lend()
    assert goal("--db", url, "intake", "--yes", "--answers", PLAN).exit_code == 0
    assert (
        goal("--db", url, "--profile", "sam", "intake", "--yes", "--answers", PLAN).exit_code == 0
    )
    with connect(url) as connection:
        connection.execute("CREATE VIEW public.titles AS SELECT title FROM public.goal")
    assert empty.put_back() is True
    url = empty.lend()
    assert _schemas(url) == {"public"}
    assert (
        _one(url, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace") == 0
    )
    assert empty.rebuilds == 0


def _dump(url: str) -> dict[str, list[tuple[object, ...]]]:
    with connect(url) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables "
                "WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            table: [tuple(row) for row in connection.execute(f"SELECT * FROM {table}")]
            for table in tables
        }


def test_a_history_saved_as_rows_comes_back_whole_with_its_next_ids(
    migrated: ReusedDatabase, goal: Run
) -> None:
    """What the snapshots keep of a history on a server (lib/snapshots.py): every row, in the
    order a table is read, and where each sequence stood."""
    url = migrated.lend()
    assert goal("--db", url, "intake", "--yes", "--answers", PLAN).exit_code == 0
    assert goal("--db", url, "log", "1", "--value", "2.5", "--note", "é 'walk'").exit_code == 0
    # The same day again: the check-in is updated, and its sequence has moved past its id.
    assert goal("--db", url, "log", "1", "--value", "3", "--mood", "6").exit_code == 0
    last_id = _one(url, "SELECT last_value FROM public.checkin_id_seq")
    assert last_id == 2 and _one(url, "SELECT max(id) FROM public.checkin") == 1
    history = _dump(url)
    saved = migrated.save_rows()
    assert saved is not None
    assert migrated.put_back() is True

    url = migrated.lend()
    assert goal("--db", url, "intake", "--yes", "--answers", PLAN).exit_code == 0  # in the way
    migrated.restore_rows(saved)
    assert _dump(url) == history
    assert goal("--db", url, "log", "2", "--value", "1").exit_code == 0
    with connect(url) as connection:
        (newest,) = connection.execute("SELECT max(id) FROM public.checkin").fetchone()
    assert newest == last_id + 1  # as it would be in the database the history was made in
    assert migrated.rebuilds == 0


def test_a_history_that_made_a_profile_is_not_saved_as_rows(
    migrated: ReusedDatabase, goal: Run
) -> None:
    url = migrated.lend()
    assert (
        goal("--db", url, "--profile", "maya", "intake", "--yes", "--answers", PLAN).exit_code == 0
    )
    assert migrated.save_rows() is None  # the snapshot copies the whole database instead
