"""Profiles on a PostgreSQL server are schemas of its database: `goal profiles`, `goal profile
show|set|rename|remove` and `goal caseload` work on them as they work on files (issue 19)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from lib.paths import EXAMPLES
from lib.postgres import admin

Run = Callable[..., Result]
MOOD_PLAN = str(EXAMPLES / "elevate-mood.toml")
COUPLES_PLAN = str(EXAMPLES / "couples.toml")


@pytest.fixture
def on_server(goal: Run, pg_url: str) -> Run:
    """`goal --db URL ...` on a server holding two profiles: maya (checked in, low mood) and
    sam (a couples plan, no check-in yet)."""

    def run(*args: str, **kwargs: Any) -> Result:
        return goal("--db", pg_url, *args, **kwargs)

    for profile, plan in (("maya", MOOD_PLAN), ("sam", COUPLES_PLAN)):
        assert run("--profile", profile, "intake", "--answers", plan).exit_code == 0
    assert run("--profile", "maya", "log", "1", "--value", "4", "--mood", "2").exit_code == 0
    return run


def schemas(url: str) -> set[str]:
    with admin(url) as connection:
        return {row[0] for row in connection.execute("SELECT nspname FROM pg_namespace")}


def exported(run: Run, *args: str) -> dict[str, Any]:
    result = run(*args, "export")
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    document.pop("exported_at")
    return document


def test_profiles_and_profile_show_describe_each_schema(on_server: Run) -> None:
    table = on_server("--profile", "sam", "profiles")
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    maya = next(line for line in lines if "maya" in line)
    sam = next(line for line in lines if "sam" in line)
    assert "individual" in maya and "2026-11-26" in maya and "← in use" not in maya
    assert "couples" in sam and "none yet" in sam and "← in use" in sam

    shown = json.loads(on_server("profile", "show", "maya", "--format", "json").output)
    assert shown["name"] == "maya"
    assert (shown["therapy_type"], shown["goals"]) == ("individual", 2)
    assert (shown["first_checkin"], shown["last_checkin"]) == ("2026-11-26", "2026-11-26")
    assert shown["path"].endswith("(profile maya)")
    assert shown["problem"] is None


def test_profile_set_saves_the_details_on_a_server(on_server: Run) -> None:
    saved = on_server("--profile", "maya", "profile", "set", "--display-name", "Maya K")
    assert saved.exit_code == 0, saved.output
    again = on_server("--profile", "maya", "profile", "set", "--review-every", "7")
    assert again.exit_code == 0, again.output
    shown = json.loads(on_server("profile", "show", "maya", "--format", "json").output)
    assert (shown["display_name"], shown["review_every"]) == ("Maya K", 7)


def test_a_profile_missing_on_the_server_is_refused_with_the_close_name(on_server: Run) -> None:
    for command in (("profile", "show", "mya"), ("profile", "rename", "mya", "x")):
        result = on_server(*command)
        assert result.exit_code == 2
        assert result.output == "goal: There is no profile 'mya'; did you mean 'maya'?\n"


def test_rename_moves_the_schema_and_keeps_its_history(on_server: Run, pg_url: str) -> None:
    before = exported(on_server, "--profile", "maya")
    result = on_server("profile", "rename", "maya", "Maya.K")
    assert result.exit_code == 0, result.output
    assert result.output == "Renamed the profile 'maya' to 'maya.k'.\n"
    assert {"maya.k", "sam"} <= schemas(pg_url) and "maya" not in schemas(pg_url)
    assert exported(on_server, "--profile", "maya.k") == before
    # A name taken by another profile is refused, and both stay as they were.
    taken = on_server("profile", "rename", "sam", "maya.k")
    assert taken.exit_code == 2
    assert "already exists; nothing was changed" in taken.output
    assert exported(on_server, "--profile", "maya.k") == before


def test_remove_keeps_an_export_that_imports_back_exactly(
    on_server: Run, pg_url: str, tmp_path: Path
) -> None:
    before = exported(on_server, "--profile", "maya")
    result = on_server("profile", "remove", "maya", "--yes")
    assert result.exit_code == 0, result.output
    first, second = result.output.splitlines()
    kept = Path(first.removeprefix("Exported the profile to ").removesuffix(" first."))
    assert kept.parent == tmp_path / "xdg" / "goalcli" / "backups"
    assert kept.name.startswith("maya-") and kept.suffix == ".json"
    assert kept.stat().st_mode & 0o777 == 0o600
    assert second == "Removed the profile 'maya'."
    assert "maya" not in schemas(pg_url)
    listed = json.loads(on_server("profiles", "--format", "json").output)
    assert [row["name"] for row in listed] == ["sam"]

    assert on_server("--profile", "maya", "import", str(kept), "--create-profile").exit_code == 0
    assert exported(on_server, "--profile", "maya") == before


def test_remove_whose_export_cannot_be_written_removes_nothing(
    on_server: Run, pg_url: str, tmp_path: Path
) -> None:
    data_dir = tmp_path / "xdg" / "goalcli"
    data_dir.mkdir(parents=True)
    (data_dir / "backups").write_text("a file where the backups folder goes")
    before = exported(on_server, "--profile", "maya")
    result = on_server("profile", "remove", "maya", "--yes")
    assert result.exit_code == 1
    assert result.output.startswith("goal: Can't write the profile's export to ")
    assert result.output.endswith("; nothing was removed (--no-backup removes it without one).\n")
    assert "maya" in schemas(pg_url)
    assert exported(on_server, "--profile", "maya") == before


def test_remove_without_backup_or_confirmation(on_server: Run, pg_url: str, tmp_path: Path) -> None:
    refused = on_server("profile", "remove", "sam")  # no terminal, no --yes
    assert refused.exit_code == 2
    assert "sam" in schemas(pg_url)
    removed = on_server("profile", "remove", "sam", "--yes", "--no-backup")
    assert removed.exit_code == 0, removed.output
    assert removed.output == "Removed the profile 'sam'.\n"
    assert not (tmp_path / "xdg" / "goalcli" / "backups").exists()
    assert "sam" not in schemas(pg_url)


def without_paths(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k != "path"} for row in document["profiles"]]


def test_the_caseload_reads_the_schemas_as_it_reads_files(on_server: Run, goal: Run) -> None:
    # The same two clients as files on this machine (the profiles folder of XDG_DATA_HOME).
    for profile, plan in (("maya", MOOD_PLAN), ("sam", COUPLES_PLAN)):
        created = goal("--profile", profile, "intake", "--answers", plan, "--yes")
        assert created.exit_code == 0, created.output
    assert goal("--profile", "maya", "log", "1", "--value", "4", "--mood", "2").exit_code == 0

    from_files = json.loads(goal("caseload", "--format", "json").output)
    from_server = json.loads(on_server("caseload", "--format", "json").output)
    assert [row["profile"] for row in from_server["profiles"]] == ["maya", "sam"]
    assert without_paths(from_server) == without_paths(from_files)
    assert from_server["profiles"][0]["path"].endswith("(profile maya)")
    assert from_server["profiles"][0]["reasons"], "a low mood needs attention"
    for output_format in ("table", "markdown"):
        shown = on_server("caseload", "--format", output_format)
        assert shown.exit_code == 0, shown.output
        assert "maya" in shown.output and "sam" in shown.output


def test_the_caseload_reads_in_a_read_only_transaction(
    on_server: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from goalcli.storage import profiles

    seen: list[str] = []
    original = profiles.caseload_facts

    def noting_the_transaction(connection: Any, *args: Any) -> Any:
        seen.append(connection.execute("SHOW transaction_read_only").fetchone()[0])
        return original(connection, *args)

    monkeypatch.setattr(profiles, "caseload_facts", noting_the_transaction)
    assert on_server("caseload", "--format", "json").exit_code == 0
    assert seen == ["on", "on"]


@pytest.fixture
def maya_only_role(on_server: Run, pg_url: str) -> Iterator[str]:
    """The URL of a role given docs/devices.md's rights to maya's schema only."""
    database = pg_url.rsplit("/", 1)[1]
    role = f"therapist_{database[-12:]}"
    with admin(pg_url) as connection:
        connection.execute(f"CREATE ROLE {role} LOGIN")
        connection.execute(f"GRANT USAGE ON SCHEMA maya TO {role}")
        connection.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA maya TO {role}")
    try:
        yield role
    finally:
        with admin(pg_url) as connection:
            connection.execute(f"DROP OWNED BY {role}")
            connection.execute(f"DROP ROLE {role}")


def test_a_role_sees_only_the_schemas_it_was_given(
    goal: Run, pg_url: str, maya_only_role: str
) -> None:
    as_role = pg_url.replace("://goalcli@", f"://{maya_only_role}@")

    def listed() -> list[tuple[str, str, str | None]]:
        result = goal("--db", as_role, "caseload", "--format", "json")
        assert result.exit_code == 0, result.output
        rows = json.loads(result.output)["profiles"]
        return [(row["profile"], row["state"], row["last_checkin"]) for row in rows]

    # Another client's schema is not this role's to see, not even by name.
    assert listed() == [("maya", "ok", "2026-11-26")]
    profiles = json.loads(goal("--db", as_role, "profiles", "--format", "json").output)
    assert [row["name"] for row in profiles] == ["maya"]
    refused = goal("--db", as_role, "profile", "remove", "sam", "--yes", "--no-backup")
    assert refused.exit_code == 2, refused.output
    assert refused.output.startswith("goal: There is no profile 'sam'")
    # A schema it may enter but whose tables it may not read: listed, as not readable.
    with admin(pg_url) as connection:
        connection.execute(f"GRANT USAGE ON SCHEMA sam TO {maya_only_role}")
    assert listed() == [("maya", "ok", "2026-11-26"), ("sam", "not readable", None)]
    # Nor may it remove what it does not own: one sentence, nothing changed.
    refused = goal("--db", as_role, "profile", "remove", "maya", "--yes", "--no-backup")
    assert refused.exit_code == 1, refused.output
    assert refused.output.count("\n") == 1
    assert "may not use" in refused.output
    assert "maya" in schemas(pg_url)
