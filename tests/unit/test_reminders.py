"""core/reminders.py on hand-written cases (issue 24): what a crontab line and a unit's
ExecStart say for awkward paths, and which crontab lines are goalcli's."""

from __future__ import annotations

import pytest

from goalcli.core import reminders
from goalcli.errors import InputError

ARGV = ["/usr/bin/python3", "-m", "goalcli", "--db", "/d/a%b.db", "remind", "--notify"]


def test_a_percent_is_escaped_for_cron_inside_and_outside_quotes() -> None:
    assert reminders.cron_escaped("/d/a%b.db") == "/d/a'\\%'b.db"
    assert reminders.cron_escaped("'/d/a b%.db'") == "'/d/a b'\\%'.db'"
    line = reminders.cron_line(20, 30, ARGV, "/d/a%b.db")
    assert line == (
        "30 20 * * * /usr/bin/python3 -m goalcli --db /d/a'\\%'b.db remind --notify"
        " # goalcli-remind for /d/a'\\%'b.db"
    )


def test_a_unit_quotes_every_word_and_doubles_percent_and_dollar() -> None:
    assert reminders.unit_escaped(["/p", '/d/$HOME "x" \\ 5%.db']) == (
        '"/p" "/d/$$HOME \\"x\\" \\\\ 5%%.db"'
    )


@pytest.mark.parametrize("path", ["/d/a\nb.db", "/d/a\rb.db", "/d/a\x00b.db", "/d/\x7f.db"])
def test_a_control_character_is_refused(path: str) -> None:
    with pytest.raises(InputError):
        reminders.check_runnable(["/usr/bin/python3"], path)


def test_only_an_active_daily_line_with_the_exact_marker_is_goalclis() -> None:
    db = "/d/goals.db"
    ours = reminders.cron_line(7, 5, ["/p", "--db", db], db)
    table = "\n".join(
        [
            "# " + ours,  # commented out
            "*/5 * * * * x # goalcli-remind for /d/goals.db",  # hand-edited schedule
            "61 7 * * * x # goalcli-remind for /d/goals.db",  # no such minute
            "0 9 * * * mine # goalcli-remind",  # the user's own, old-style comment
            "0 9 * * * x # goalcli-remind for /d/goals.db.old",  # another database
            ours,
        ]
    )
    assert reminders.cron_time(table, db) == (7, 5)
    assert reminders.without_reminder(table, db) == "\n".join(table.splitlines()[:-1]) + "\n"
    assert reminders.cron_time(reminders.without_reminder(table, db), db) is None
