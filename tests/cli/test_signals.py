"""Signals (issue 27) through the CLI: the JSON report's `signals`, the report table's one line,
the talking points, the session pages (their charts) and the caseload. Today is 2026-11-26 (the
suite's GOALCLI_TODAY)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from lib.answers import answers_toml, walk_outside
from lib.paths import EXAMPLES

pytestmark = pytest.mark.usefixtures("engine")

Run = Callable[..., Result]

# Walk outside, 0 → 30 minutes from 2026-10-01 to 2027-01-01 (92 days). One reading of 0 a week,
# on the week ends Oct 29 … Nov 26: each week's level is 0, the road already 28/92 × 30 ≈ 9 or
# more: behind at the end of five weeks (the weeks before Oct 29 have no reading: no data).
PLAN = answers_toml(
    "2026-10-01", walk_outside(target_date="2027-01-01", first_step_on="2026-10-02")
)
READING_DAYS = ("2026-10-29", "2026-11-05", "2026-11-12", "2026-11-19", "2026-11-26")


def behind_for_five_weeks(goal: Run, tmp_path: Path) -> None:
    answers = tmp_path / "plan.toml"
    answers.write_text(PLAN, encoding="utf-8")
    assert goal("intake", "--answers", str(answers)).exit_code == 0
    for day in READING_DAYS:
        logged = goal("log", "walk", "--value", "0", "--date", day)
        assert logged.exit_code == 0, logged.output


def test_json_report_carries_a_behind_signal(goal: Run, tmp_path: Path) -> None:
    behind_for_five_weeks(goal, tmp_path)
    result = goal("report", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["version"] == 6
    assert [(s["kind"], s["goal"], s["since"]) for s in document["signals"]] == [
        ("behind", "Walk outside", "2026-10-23")
    ]
    signal = document["signals"][0]
    assert signal["figures"]["weeks"] == 5
    assert signal["why"].startswith("Walk outside has been behind the road at the end of each of")
    # Information, never a verdict: the status is what it was.
    assert document["goals"][0]["status"] == "behind"


def test_no_signal_before_three_weeks_behind(goal: Run, tmp_path: Path) -> None:
    answers = tmp_path / "plan.toml"
    answers.write_text(PLAN, encoding="utf-8")
    assert goal("intake", "--answers", str(answers)).exit_code == 0
    for day in READING_DAYS[-2:]:
        assert goal("log", "walk", "--value", "0", "--date", day).exit_code == 0
    document = json.loads(goal("report", "--format", "json").stdout)
    assert document["signals"] == []


def test_phq9_reliable_deterioration_in_json(goal: Run) -> None:
    # 13 → 15 → 19 over six weeks.
    for day, answers in (
        ("2026-10-15", "2,2,2,2,2,1,1,1,0"),
        ("2026-11-05", "2,2,2,2,2,2,2,1,0"),
        ("2026-11-26", "3,3,3,2,2,2,2,2,0"),
    ):
        taken = goal("measure", "take", "phq9", "--answers", answers, "--date", day)
        assert taken.exit_code == 0, taken.output
    document = json.loads(goal("report", "--format", "json").stdout)
    kinds = [(s["kind"], s.get("measure")) for s in document["signals"]]
    assert kinds == [("reliable deterioration", "PHQ-9"), ("no reliable improvement", "PHQ-9")]
    assert document["signals"][0]["why"] == (
        "PHQ-9 is 6 points above its first score, 19 vs 13 — a reliable deterioration"
    )


def test_report_table_names_the_signal_on_one_line_for_the_therapist(
    goal: Run, tmp_path: Path
) -> None:
    behind_for_five_weeks(goal, tmp_path)
    therapist = goal("report", "--for", "therapist")
    assert therapist.exit_code == 0, therapist.output
    assert "Signals: behind: Walk outside" in therapist.stdout
    client = goal("report")
    assert "Signals:" not in client.stdout
    assert "something to bring to your next session" in " ".join(client.stdout.split())


def test_worth_talking_about_puts_the_signal_first_and_words_it_by_reader(
    goal: Run, tmp_path: Path
) -> None:
    behind_for_five_weeks(goal, tmp_path)
    therapist = goal("report", "--format", "markdown", "--for", "therapist")
    assert therapist.exit_code == 0, therapist.output
    after = therapist.stdout.split("## Worth talking about", 1)[1].strip().splitlines()
    assert after[0].startswith(
        "- Walk outside has been behind the road at the end of each of the last five weeks"
    )
    assert "Walk outside is behind plan" in therapist.stdout  # the status point is still there
    client = goal("report", "--format", "markdown", "--for", "client")
    after = client.stdout.split("## Worth talking about", 1)[1].strip().splitlines()
    assert after[0] == (
        "- Walk outside: your last five weeks were below your plan — something to bring to your "
        "next session."
    )
    assert "behind the road" not in client.stdout


@pytest.mark.no_default_database  # the caseload would list an empty default database
def test_a_reliable_deterioration_comes_first_in_the_caseload_before_silence(
    goal: Run,
) -> None:
    """PHQ-9 13 → 15 → 19 over six weeks: first in the caseload, above a profile silent for
    13 days (which has the higher score), with its reason named."""
    plan = str(EXAMPLES / "elevate-mood.toml")
    for name in ("dee", "sil"):
        started = goal("--profile", name, "intake", "--yes", "--answers", plan)
        assert started.exit_code == 0, started.output
    for day, answers in (
        ("2026-10-28", "2,2,2,2,2,1,1,1,0"),
        ("2026-11-18", "2,2,2,2,2,2,2,1,0"),
        ("2026-12-09", "3,3,3,2,2,2,2,2,0"),
    ):
        taken = goal(
            "--profile",
            "dee",
            "measure",
            "take",
            "phq9",
            "--answers",
            answers,
            "--date",
            day,
            env={"GOALCLI_TODAY": "2026-12-09"},
        )
        assert taken.exit_code == 0, taken.output
    mood = goal("--profile", "dee", "log", "--mood", "6", env={"GOALCLI_TODAY": "2026-12-09"})
    assert mood.exit_code == 0, mood.output
    result = goal("caseload", "--format", "json", env={"GOALCLI_TODAY": "2026-12-09"})
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["profiles"]
    assert [row["profile"] for row in rows] == ["dee", "sil"]
    dee, sil = rows
    assert sil["attention"] > dee["attention"]  # on score alone the silence would come first
    assert dee["priority"] == 2 and sil["priority"] == 3
    assert dee["reasons"][0] == "reliable deterioration on PHQ-9"
    assert "no reliable improvement on PHQ-9" in dee["reasons"]
    assert [s["kind"] for s in dee["signals"]] == [
        "reliable deterioration",
        "no reliable improvement",
    ]
    table = goal("caseload", env={"GOALCLI_TODAY": "2026-12-09", "COLUMNS": "160"})
    assert "reliable deterioration on PHQ-9" in table.stdout


def test_a_goal_behind_the_road_for_three_weeks_shows_the_signal_in_every_output(
    goal: Run, tmp_path: Path
) -> None:
    """Readings of 0 at the ends of the last three weeks (Nov 12, 19, 26), none before: behind
    for exactly three weeks, from the first day of the week ending Nov 12."""
    answers = tmp_path / "plan.toml"
    answers.write_text(PLAN, encoding="utf-8")
    started = goal("--profile", "behind", "intake", "--yes", "--answers", str(answers))
    assert started.exit_code == 0, started.output
    for day in READING_DAYS[-3:]:
        logged = goal("--profile", "behind", "log", "walk", "--value", "0", "--date", day)
        assert logged.exit_code == 0, logged.output

    def report(*args: str) -> str:
        shown = goal("--profile", "behind", "report", *args)
        assert shown.exit_code == 0, shown.output
        return shown.stdout

    # JSON.
    document = json.loads(report("--format", "json"))
    assert [
        (s["kind"], s["goal"], s["since"], s["figures"]["weeks"]) for s in document["signals"]
    ] == [("behind", "Walk outside", "2026-11-06", 3)]
    # The table: one line for the therapist, gentle words for the client.
    assert "Signals: behind: Walk outside" in report("--for", "therapist")
    client_table = " ".join(report().split())
    assert "Walk outside: your last three weeks were below your plan" in client_table
    # Markdown: first in "worth talking about" (the talking points), and beside the week table.
    for reader, said in (
        ("therapist", "Walk outside has been behind the road at the end of each of the last three"),
        ("client", "Walk outside: your last three weeks were below your plan"),
    ):
        page = report("--format", "markdown", "--for", reader)
        points = page.split("## Worth talking about", 1)[1].strip().splitlines()
        assert points[0].startswith(f"- {said}")
        table_end = page.split("| Week to |", 1)[1].split("\n\n", 2)
        assert table_end[1].startswith(f"Signal, the weeks ending from 2026-11-06: {said}")
    # HTML: the points, and the chart's band with its label and its legend.
    for reader, label in (("therapist", "behind 3 weeks"), ("client", "3 weeks below plan")):
        html = report("--format", "html", "--for", reader)
        chart = html.split('id="goal-1-title"', 1)[1].split("</svg>", 1)[0]
        assert 'fill="#dcdcdc"' in chart
        assert f">{label}</text>" in chart
        assert f"Shaded: {label}, from 6 Nov." in chart  # its <desc>
        assert "Shaded: Walk outside" in html  # the legend says it in words
    assert "your last three weeks were below your plan" in html
    assert "behind the road" not in html  # the client's page is gentle
    # The caseload names it among the profile's reasons.
    rows = json.loads(goal("caseload", "--format", "json").stdout)["profiles"]
    behind = next(row for row in rows if row["profile"] == "behind")
    assert behind["reasons"][0] == "one goal behind for 3 weeks or more"
    assert [s["kind"] for s in behind["signals"]] == ["behind"]


def test_a_goal_on_the_road_has_no_band_in_its_chart(goal: Run, tmp_path: Path) -> None:
    answers = tmp_path / "plan.toml"
    answers.write_text(PLAN, encoding="utf-8")
    assert goal("intake", "--answers", str(answers)).exit_code == 0
    for day in READING_DAYS[-3:]:
        assert goal("log", "walk", "--value", "30", "--date", day).exit_code == 0
    html = goal("report", "--format", "html").stdout
    assert 'fill="#dcdcdc"' not in html and "Shaded:" not in html
    assert "Signal, the weeks" not in goal("report", "--format", "markdown").stdout


def test_only_the_goal_behind_is_marked_when_two_goals_share_its_title(
    goal: Run, tmp_path: Path
) -> None:
    """Two goals titled "Walk outside": goal 1 read 0 at five week ends (behind), goal 2 read
    30 (on the road). The signal names goal 1 by id, and only goal 1's chart has the band."""
    walk = walk_outside(target_date="2027-01-01", first_step_on="2026-10-02")
    answers = tmp_path / "plan.toml"
    answers.write_text(answers_toml("2026-10-01", walk, walk), encoding="utf-8")
    started = goal("intake", "--answers", str(answers))
    assert started.exit_code == 0, started.output
    for day in READING_DAYS:
        assert goal("log", "1", "--value", "0", "--date", day).exit_code == 0
        assert goal("log", "2", "--value", "30", "--date", day).exit_code == 0
    document = json.loads(goal("report", "--format", "json").stdout)
    assert [(s["kind"], s["goal"], s["goal_id"]) for s in document["signals"]] == [
        ("behind", "Walk outside", 1)
    ]
    html = goal("report", "--format", "html", "--for", "therapist").stdout
    first = html.split('id="goal-1-title"', 1)[1].split("</svg>", 1)[0]
    second = html.split('id="goal-2-title"', 1)[1].split("</svg>", 1)[0]
    assert ">behind 5 weeks</text>" in first
    assert 'fill="#dcdcdc"' not in second
