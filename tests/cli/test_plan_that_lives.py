"""Issue 13's "Done means", start to finish through CliRunner: a client sets up interactively,
backfills three days, adds a second goal from a template a week later, fixes a wrong baseline
and a mistyped check-in, removes a step, undoes the last change, and sees every change in
`goal show`. Days move with GOALCLI_TODAY."""

from __future__ import annotations

import json
from collections.abc import Callable

from typer.testing import Result

Run = Callable[..., Result]

# The interactive intake's answers for one goal, in the order commands/intake.py asks; the
# start point is mistyped (5 where it was 0).
SET_UP = [
    "individual",  # therapy type
    "Feel less stuck",  # expectations
    "Night shifts",  # obstacles
    "Wanting to go outside",  # success feels like
    "My kids",  # motivations
    "",  # support contact: skipped
    "",  # questionnaires: none
    "Walk outside",  # title
    "",  # started today (the three days before come later, with goal edit)
    "Walk outside for 20 minutes after lunch on weekdays",  # specific
    "minutes walked per day",  # measure
    "minutes",  # unit
    "5",  # baseline: a typo for 0
    "30",  # target
    "daily",  # how often
    "reading",  # kind
    "7",  # confidence
    "Moving outside lifts my mood and helps me sleep",  # relevant
    "2027-02-26",  # target date
    "",  # GAS follow-up guide: skipped
    "Put shoes by the door",  # steps, each with its expected pleasure (Enter skips)...
    "",
    "Walk 10 minutes",
    "",
    "Walk 20 minutes",
    "",
    "",  # ...until an empty line
    "1",  # which step comes first
    "tomorrow",  # when
    "n",  # no more goals
    "y",  # save the plan
]


def on(day: str) -> dict[str, str]:
    return {"GOALCLI_TODAY": day}


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_plan_that_lives(goal: Run) -> None:
    # Day one: the plan, asked.
    ok(goal("intake", input="\n".join(SET_UP) + "\n", env=on("2026-11-20")))

    # The three days before, from paper: the goal started earlier than today.
    ok(goal("edit", "1", "--start-date", "3 days ago", env=on("2026-11-20")))
    for day, value in (("2026-11-17", "10"), ("2026-11-18", "150"), ("2026-11-19", "12")):
        ok(goal("log", "1", "--value", value, "--date", day, env=on("2026-11-20")))

    # A week later: a second goal from a template.
    week_later = on("2026-11-27")
    added = ok(goal("add", "--template", "creativity", "--confidence", "6", env=week_later))
    assert "Added goal 2." in added.stdout

    # Corrections: the start point, the mistyped check-in, a step that no longer fits.
    ok(goal("edit", "1", "--baseline", "0", env=week_later))
    fixed = ok(goal("log", "1", "--value", "15", "--date", "2026-11-18", env=week_later))
    assert "(was 150, now 15)" in fixed.stdout
    ok(goal("step", "remove", "1", "3", "--yes", env=week_later))
    steps = json.loads(goal("step", "list", "1", "--format", "json", env=week_later).stdout)
    assert [step["text"] for step in steps] == ["Put shoes by the door", "Walk 10 minutes"]

    # Undo the last change: the step comes back in its place.
    undone = ok(goal("undo", "--yes", env=week_later))
    assert "This undoes: Goal 1: step “Walk 20 minutes” removed on 2026-11-27." in flat(
        undone.stdout
    )
    steps = json.loads(goal("step", "list", "1", "--format", "json", env=week_later).stdout)
    assert [step["text"] for step in steps] == [
        "Put shoes by the door",
        "Walk 10 minutes",
        "Walk 20 minutes",
    ]

    # Every change, in `goal show`.
    shown = json.loads(ok(goal("show", "1", "--format", "json", env=week_later)).stdout)
    assert [change["text"] for change in shown["changes"]] == [
        "start date moved from 2026-11-20 to 2026-11-17 on 2026-11-20",
        "start point lowered from 5 to 0 on 2026-11-27",
        "check-in of 2026-11-18 changed from 150 to 15 on 2026-11-27",
        "step “Walk 20 minutes” removed on 2026-11-27 (undone)",
    ]
    assert shown["baseline"] == 0
    assert [(entry["date"], entry["value"]) for entry in shown["recent_checkins"]] == [
        ("2026-11-19", 12),
        ("2026-11-18", 15),
        ("2026-11-17", 10),
    ]
    table = ok(goal("show", "1", env={**week_later, "COLUMNS": "120"})).stdout
    assert "Check-in of 2026-11-18 changed from 150 to 15 on 2026-11-27." in table
    second = json.loads(ok(goal("show", "2", "--format", "json", env=week_later)).stdout)
    assert [change["text"] for change in second["changes"]] == [
        "goal “Get back to making things” added on 2026-11-27"
    ]
