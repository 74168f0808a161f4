"""Several commands in one process, as the tests and a program embedding goalcli run them: what
a command builds once (its Click command, a server connection and the statements compiled for
it) is kept for the next, and nothing of one command's input or failure reaches the next.
`goal` itself runs one command per process, where none of this is seen."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from typer.testing import Result

from lib.paths import EXAMPLES
from lib.postgres import admin, goalcli_sessions, no_goalcli_session_left

Run = Callable[..., Result]


def session_pids(url: str) -> list[int]:
    return [pid for pid, _, _ in goalcli_sessions(url)]


def test_the_commands_of_one_process_share_one_server_connection(goal: Run, pg_url: str) -> None:
    from goalcli.storage.server import release_connections

    planned = goal("--db", pg_url, "intake", "--answers", str(EXAMPLES / "elevate-mood.toml"))
    assert planned.exit_code == 0, planned.output
    seen = []
    for args in (("list",), ("log", "1", "--value", "14"), ("report", "--format", "json")):
        result = goal("--db", pg_url, *args)
        assert result.exit_code == 0, result.output
        seen.append(session_pids(pg_url))
    # One idle connection, the same after each command: kept, not made again.
    assert len(seen[0]) == 1
    assert seen == [seen[0]] * 3
    release_connections()  # what the end of the process does
    no_goalcli_session_left(pg_url)


def test_a_kept_connection_the_server_ended_is_replaced_not_reported(
    goal: Run, pg_url: str
) -> None:
    planned = goal("--db", pg_url, "intake", "--answers", str(EXAMPLES / "elevate-mood.toml"))
    assert planned.exit_code == 0, planned.output
    (kept,) = session_pids(pg_url)
    with admin(pg_url) as connection:  # the server restarted, or an administrator ended it
        connection.execute("SELECT pg_terminate_backend(%s)", (kept,))
    no_goalcli_session_left(pg_url)
    logged = goal("--db", pg_url, "log", "1", "--value", "14")
    assert logged.exit_code == 0, logged.output
    assert "lost" not in logged.output
    report = goal("--db", pg_url, "report", "--format", "json")
    assert report.exit_code == 0, report.output
    (first,) = (g for g in json.loads(report.stdout)["goals"] if g["id"] == 1)
    assert first["current"] == 14
    (replaced,) = session_pids(pg_url)
    assert replaced != kept


@pytest.mark.usefixtures("engine")
def test_one_commands_options_and_refusals_do_not_reach_the_next(planned: Run) -> None:
    # Each command is built once per process (`_lazy.build_command`): what one invocation
    # was given must not be what the next one finds.
    as_json = planned("report", "--format", "json")
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout)["goals"]
    as_table = planned("report")
    assert as_table.exit_code == 0, as_table.output
    assert not as_table.stdout.lstrip().startswith("{")
    refused = planned("log", "1", "--value", "many")
    assert refused.exit_code == 2
    logged = planned("log", "1", "--value", "12")
    assert logged.exit_code == 0, logged.output
    shown = json.loads(planned("report", "--format", "json").stdout)
    (first,) = (g for g in shown["goals"] if g["id"] == 1)
    assert first["current"] == 12
