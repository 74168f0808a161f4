"""goalcli on a PostgreSQL server: what only a server has (URLs and their passwords, schemas as
profiles, roles, dropped connections) and moving a history between the two engines. The command
suites themselves run on both engines through the `engine` fixture (lib/postgres.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from lib.paths import EXAMPLES
from lib.postgres import admin, libpq_url, without_clock

Run = Callable[..., Result]
GOLDEN_HISTORY = Path(__file__).resolve().parents[1] / "data" / "golden" / "history.json"


def export_json(goal: Run, *args: str) -> dict[str, Any]:
    result = goal(*args, "export")
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    document.pop("exported_at")
    return document


def test_a_password_in_the_url_is_never_printed(goal: Run, pg_server: str) -> None:
    # Nothing listens on port 1: the connection fails, and the message names the URL masked.
    url = "postgresql+psycopg://maya:hunter2-secret@127.0.0.1:1/goals"
    for args in (("--db", url, "list"), ("--db", url, "--debug", "report")):
        result = goal(*args)
        assert result.exit_code == 1
        assert "hunter2" not in result.output
    plain = goal("--db", url, "list")
    assert plain.output.strip() == (
        "goal: Can't reach the PostgreSQL database "
        "postgresql+psycopg://maya:***@127.0.0.1:1/goals; is the server running? "
        "Nothing was changed."
    )


def test_pgpassword_is_read_as_postgresql_tools_read_it(
    goal: Run, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # libpq reads PGPASSWORD (and ~/.pgpass) itself: a URL without a password works with it.
    monkeypatch.setenv("PGPASSWORD", "not-needed-by-this-server")
    assert (
        goal("--db", pg_url, "intake", "--answers", str(EXAMPLES / "couples.toml")).exit_code == 0
    )
    assert len(export_json(goal, "--db", pg_url)["goals"]) == 2


def test_file_commands_are_refused_plainly_on_a_server(goal: Run, pg_url: str) -> None:
    assert (
        goal("--db", pg_url, "intake", "--answers", str(EXAMPLES / "couples.toml")).exit_code == 0
    )
    for command in (("encrypt",), ("backup",), ("restore", "some.db")):
        result = goal("--db", pg_url, *command)
        assert result.exit_code == 1, result.output
        assert "works on a SQLite file" in result.output
        assert "Traceback" not in result.output


def test_a_history_moves_from_sqlite_to_postgresql_and_back_exactly(
    goal: Run, pg_url: str, tmp_path: Path
) -> None:
    laptop = str(tmp_path / "laptop.db")
    back_home = str(tmp_path / "back-home.db")
    assert goal("--db", laptop, "import", str(GOLDEN_HISTORY)).exit_code == 0
    # Questionnaires too (a risk answer among them): their days and flags move exactly.
    for answers, day in (("2,2,2,2,2,0,0,0,1", "yesterday"), ("1,1,1,1,1,1,1", "today")):
        measure = "phq9" if answers.count(",") == 8 else "gad7"
        taken = goal(
            "--db", laptop, "measure", "take", measure, "--answers", answers, "--date", day
        )
        assert taken.exit_code == 0, taken.output
    moved = tmp_path / "moved.json"
    assert goal("--db", laptop, "export", "--output", str(moved)).exit_code == 0
    assert goal("--db", pg_url, "import", str(moved)).exit_code == 0
    on_server = export_json(goal, "--db", pg_url)
    assert on_server == export_json(goal, "--db", laptop)
    assert [entry["risk"] for entry in on_server["measures"]] == [True, False]
    returned = tmp_path / "returned.json"
    assert goal("--db", pg_url, "export", "--output", str(returned)).exit_code == 0
    assert goal("--db", back_home, "import", str(returned)).exit_code == 0
    assert export_json(goal, "--db", back_home) == on_server
    # And the commands read it the same: the whole report, byte for byte.
    for command in (
        ("report", "--all", "--format", "json"),
        ("report", "--format", "markdown"),
        ("measure", "history"),
    ):
        assert goal("--db", pg_url, *command).output == goal("--db", laptop, *command).output
    # New rows on the server take ids after the imported ones (the id sequences follow).
    assert (
        goal("--db", pg_url, "intake", "--answers", str(EXAMPLES / "couples.toml")).exit_code == 0
    )
    ids = [entry["id"] for entry in export_json(goal, "--db", pg_url)["goals"]]
    assert len(ids) == len(set(ids)) == len(on_server["goals"]) + 2


def test_profiles_are_schemas_of_one_database(goal: Run, pg_url: str) -> None:
    plan = str(EXAMPLES / "elevate-mood.toml")
    assert goal("--db", pg_url, "--profile", "maya", "intake", "--answers", plan).exit_code == 0
    assert goal("--db", pg_url, "--profile", "maya", "log", "1", "--value", "9").exit_code == 0
    assert export_json(goal, "--db", pg_url, "--profile", "sam")["goals"] == []
    assert export_json(goal, "--db", pg_url)["goals"] == []  # the default: schema public
    # Any profile name is a schema name (quoted; folded to lower case, as a role is granted it).
    assert (
        goal("--db", pg_url, "--profile", "Dr.Smith-2", "intake", "--answers", plan).exit_code == 0
    )
    assert len(export_json(goal, "--db", pg_url, "--profile", "dr.smith-2")["goals"]) == 2
    with admin(pg_url) as connection:
        schemas = {row[0] for row in connection.execute("SELECT nspname FROM pg_namespace")}
    assert "maya" in schemas
    listed = json.loads(
        goal("--db", pg_url, "--profile", "maya", "profiles", "--format", "json").output
    )
    assert [
        (row["name"], row["goals"], row["last_checkin"], row["selected"]) for row in listed
    ] == [("dr.smith-2", 2, None, False), ("maya", 2, "2026-11-26", True)]


def test_a_client_role_limited_to_its_schema_cannot_read_another(goal: Run, pg_url: str) -> None:
    plan = str(EXAMPLES / "elevate-mood.toml")
    for client in ("maya", "sam"):
        assert goal("--db", pg_url, "--profile", client, "intake", "--answers", plan).exit_code == 0
    database = pg_url.rsplit("/", 1)[1]
    role = f"maya_{database[-12:]}"  # roles are server-wide: one per test database
    with admin(pg_url) as connection:
        # The three lines of docs/devices.md (with the test's role name).
        connection.execute(f"CREATE ROLE {role} LOGIN")
        connection.execute(f"GRANT USAGE ON SCHEMA maya TO {role}")
        connection.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA maya TO {role}"
        )
    as_maya = pg_url.replace("://goalcli@", f"://{role}@")
    try:
        mine = goal("--db", as_maya, "--profile", "maya", "log", "1", "--value", "7")
        assert mine.exit_code == 0, mine.output
        theirs = goal("--db", as_maya, "--profile", "sam", "report")
        assert theirs.exit_code == 1
        assert "may not use the profile sam" in theirs.output
        import psycopg

        with (
            psycopg.connect(libpq_url(as_maya)) as connection,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            connection.execute("SELECT title FROM sam.goal").fetchall()
    finally:
        with admin(pg_url) as connection:
            connection.execute(f"DROP OWNED BY {role}")
            connection.execute(f"DROP ROLE {role}")


def test_a_dropped_connection_saves_nothing_and_says_so_in_one_sentence(
    goal: Run, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from goalcli.storage import transfer

    original = transfer._merge_children
    seen = {"goals": 0}

    def cut_after_the_first_goal(connection: Any, *args: Any, **kwargs: Any) -> None:
        original(connection, *args, **kwargs)
        seen["goals"] += 1
        if seen["goals"] == 1:  # half the history written: the server goes away
            (pid,) = connection.execute("SELECT pg_backend_pid()").fetchone()
            with admin(pg_url) as other:
                other.execute("SELECT pg_terminate_backend(%s)", (pid,))

    monkeypatch.setattr(transfer, "_merge_children", cut_after_the_first_goal)
    result = goal("--db", pg_url, "import", str(GOLDEN_HISTORY))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert "connection to the PostgreSQL database" in result.output
    assert "was lost; nothing of this command was saved" in result.output
    monkeypatch.undo()
    assert export_json(goal, "--db", pg_url)["goals"] == []


def test_a_newer_schema_on_the_server_is_refused(goal: Run, pg_url: str) -> None:
    assert (
        goal("--db", pg_url, "intake", "--answers", str(EXAMPLES / "couples.toml")).exit_code == 0
    )
    with admin(pg_url) as connection:
        connection.execute("INSERT INTO _migrations VALUES ('m999_from_the_future', 'x')")
    result = goal("--db", pg_url, "list")
    assert result.exit_code == 1
    assert "written by a newer goalcli" in result.output


def test_every_writing_command_leaves_the_same_history_on_both_engines(
    goal: Run, pg_url: str, tmp_path: Path
) -> None:
    script = [
        ("intake", "--answers", str(EXAMPLES / "elevate-mood.toml")),
        ("edit", "1", "--title", "Walk more", "--target", "40"),
        ("step", "add", "1", "Buy shoes", "--due", "tomorrow"),
        ("step", "done", "1", "1"),
        ("step", "undo", "1", "1"),
        ("log", "walk", "--value", "12", "--mood", "6", "--note", "Ünïcode ✓"),
        ("log", "WALK M", "--value", "14", "--date", "yesterday"),
        ("pause", "2"),
        ("resume", "2"),
        ("review", "1", "--gas", "1", "--gbo", "5"),
        ("drop", "2", "--reason", "not now"),
        ("intake", "--answers", str(EXAMPLES / "couples.toml")),
        ("delete", "3", "--yes"),
    ]
    laptop = str(tmp_path / "laptop.db")
    for command in script:
        on_sqlite = goal("--db", laptop, *command)
        on_server = goal("--db", pg_url, *command)
        assert (on_server.exit_code, on_server.output) == (on_sqlite.exit_code, on_sqlite.output)
    # The same rows, but for when each was written (the clock moved between the two runs).
    assert without_clock(export_json(goal, "--db", pg_url)) == without_clock(
        export_json(goal, "--db", laptop)
    )
    for command in (("report", "--all"), ("show", "1"), ("list", "--all", "--format", "json")):
        assert goal("--db", pg_url, *command).output == goal("--db", laptop, *command).output


def test_status_reads_the_server(goal: Run, pg_url: str) -> None:
    """The shell-prompt line has no file to glance at on a server: it asks the server."""
    assert goal("--db", pg_url, "status").output == "○ not logged today\n"  # nothing there yet
    assert (
        goal(
            "--db",
            pg_url,
            "--profile",
            "maya",
            "intake",
            "--answers",
            str(EXAMPLES / "couples.toml"),
        ).exit_code
        == 0
    )
    assert goal("--db", pg_url, "--profile", "maya", "status", "--short").output == "○\n"
    assert goal("--db", pg_url, "--profile", "maya", "log", "1", "--mood", "6").exit_code == 0
    assert goal("--db", pg_url, "--profile", "maya", "status").output == "✓ logged today\n"
    assert goal("--db", pg_url, "status", "--short").output == "○\n"  # another schema
