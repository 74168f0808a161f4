"""Start dates and start points that can be corrected: `goal edit --start-date WHEN` and
`--baseline N`, recorded in the goal's history, and the check-ins they let in."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from typer.testing import Result

pytestmark = pytest.mark.usefixtures("engine")

Goal = Callable[..., Result]


def test_an_earlier_start_lets_the_paper_check_ins_in(planned: Goal) -> None:
    # The plan was made today; the client kept notes on paper for three days before.
    assert planned("log", "1", "--value", "6", "--date", "yesterday").exit_code == 2

    result = planned("edit", "1", "--start-date", "3 days ago")

    assert result.exit_code == 0, result.output
    assert "Start date moved from 2026-11-26 to 2026-11-23 on 2026-11-26." in result.stdout
    for days_ago, value in ((3, "10"), (2, "12"), (1, "15")):
        logged = planned("log", "1", "--value", value, "--date", f"{days_ago} days ago")
        assert logged.exit_code == 0, logged.output
    assert planned("list", "--format", "json").stdout.count('"start_date": "2026-11-23"') == 1


def test_a_wrong_baseline_is_corrected_and_kept_in_the_history(planned: Goal) -> None:
    result = planned("edit", "1", "--baseline", "2")

    assert result.exit_code == 0, result.output
    assert "Start point lowered from 5 to 2 on 2026-11-26." in result.stdout
    shown = planned("show", "1")
    assert "Start point lowered from 5 to 2 on 2026-11-26." in shown.stdout
    listed = json.loads(planned("list", "--format", "json").stdout)
    assert listed[0]["baseline"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start-date", "tomorrow"], "is in the future"),
        (["--start-date", "2027-03-01"], "is in the future"),
        (["--start-date", "someday"], "'someday'"),
        (["--baseline", "30"], "same as the starting point"),
        (["--baseline", "lots"], "'lots' is not a number"),
    ],
)
def test_bad_corrections_are_refused(planned: Goal, args: list[str], message: str) -> None:
    before = planned("list", "--format", "json").stdout
    result = planned("edit", "1", *args)

    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert planned("list", "--format", "json").stdout == before


def test_a_later_start_may_not_strand_check_ins(planned: Goal) -> None:
    assert planned("edit", "1", "--start-date", "3 days ago").exit_code == 0
    assert planned("log", "1", "--value", "6", "--date", "2 days ago").exit_code == 0

    result = planned("edit", "1", "--start-date", "yesterday")

    assert result.exit_code == 2
    assert "has check-ins from 2026-11-24, before the start date 2026-11-25" in result.stderr
    assert '"start_date": "2026-11-23"' in planned("list", "--format", "json").stdout
