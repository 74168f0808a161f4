"""`goal patterns` (issue 27) through the CLI. Today is 2026-11-26 (the suite's GOALCLI_TODAY)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from html import escape
from pathlib import Path

import pytest
from typer.testing import Result

from goalcli.render.markdown import markdown_text
from lib.answers import answers_toml, walk_outside

pytestmark = pytest.mark.usefixtures("engine")

Run = Callable[..., Result]

PLAN = answers_toml(
    "2026-10-01", walk_outside(target_date="2027-01-01", first_step_on="2026-10-02")
)
FIRST = date(2026, 10, 16)  # 42 days to 2026-11-26
WALK_DAYS = {1, 4, 8, 11, 15, 18, 22, 25, 29, 32, 36, 39}  # 12 of the 42


def plan(goal: Run, tmp_path: Path) -> None:
    answers = tmp_path / "plan.toml"
    answers.write_text(PLAN, encoding="utf-8")
    assert goal("intake", "--answers", str(answers)).exit_code == 0


def test_six_weeks_with_walks_two_points_better_show_the_walking_pattern(
    goal: Run, tmp_path: Path
) -> None:
    plan(goal, tmp_path)
    for n in range(42):
        walked = n in WALK_DAYS
        mood = 7 if walked else 5
        day = (FIRST + timedelta(days=n)).isoformat()
        logged = goal(
            "log", "walk", "--value", "20" if walked else "0", "--mood", str(mood), "--date", day
        )
        assert logged.exit_code == 0, logged.output
    table = goal("patterns")
    assert table.exit_code == 0, table.output
    said = " ".join(table.stdout.split())
    assert "Mood is 2.0 higher on days with Walk outside (7.0 on 12 days vs 5.0 on 30;" in said
    # The day after a walk is never a walk here (5.0 vs 5.8): found too, as it should be.
    assert "Mood is 0.8 lower on the day after days with Walk outside" in said
    assert said.count("a pattern, not proof of a cause") == 2
    document = json.loads(goal("patterns", "--format", "json").stdout)
    walk = [c for c in document["comparisons"] if c["factor"] == "Walk outside"]
    assert [(c["lag"], c["shown"]) for c in walk] == [(0, True), (1, True)]
    assert walk[0]["p_holm"] <= 0.05 and walk[0]["exact"]
    # Byte-stable: the same history gives the same output.
    assert (
        goal("patterns", "--format", "json").stdout == goal("patterns", "--format", "json").stdout
    )
    everything = goal("patterns", "--all", "--format", "markdown")
    assert everything.exit_code == 0
    assert "a step done" in everything.stdout  # not compared: too few days, still listed
    all_table = " ".join(goal("patterns", "--all").stdout.split())
    assert all_table.count("a pattern, not proof of a cause") == 2
    assert "no more than chance would give" not in all_table  # both walking lines are shown


def test_too_little_data_says_how_many_more_days(goal: Run, tmp_path: Path) -> None:
    plan(goal, tmp_path)
    for n in range(3):
        day = (date(2026, 11, 24) + timedelta(days=n)).isoformat()
        assert goal("log", "--mood", "5", "--date", day).exit_code == 0
    result = goal("patterns")
    assert result.exit_code == 0, result.output
    assert "7 more days of moods needed" in " ".join(result.stdout.split())


def test_a_future_since_is_refused(goal: Run) -> None:
    result = goal("patterns", "--since", "2027-01-01")
    assert result.exit_code == 2
    assert "in the future" in result.output


def test_tags_in_notes_are_factors_and_a_day_without_a_check_in_is_unknown(
    goal: Run, tmp_path: Path
) -> None:
    """#Sun in notes on 6 of 20 days (mood 8 then, 4 otherwise). Walk outside is logged on only
    4 days: its other days are unknown, so it is not compared (4 with a value, 0 without)."""
    plan(goal, tmp_path)
    for n in range(20):
        day = (date(2026, 11, 7) + timedelta(days=n)).isoformat()
        sunny = n % 3 == 0 and n < 18
        args = ["--mood", "8" if sunny else "4", "--date", day]
        if sunny:  # days 0, 3, 6, 9, 12, 15; a walk value on the first four only
            value = ["--value", "10"] if n < 12 else []
            args = ["walk", *value, "--note", "Out in the #Sun", *args]
        logged = goal("log", *args)
        assert logged.exit_code == 0, logged.output
    document = json.loads(goal("patterns", "--format", "json").stdout)
    by_name = {(c["factor"], c["lag"]): c for c in document["comparisons"]}
    sun = by_name[("#sun", 0)]
    assert (sun["with_days"], sun["without_days"], sun["with_mean"], sun["without_mean"]) == (
        6,
        14,
        8.0,
        4.0,
    )
    assert sun["shown"]
    walk = by_name[("Walk outside", 0)]
    assert (walk["with_days"], walk["without_days"], walk["p"]) == (4, 0, None)


def test_bad_since_is_refused_quoting_it_and_no_database_is_too_little(
    goal: Run, db_path: Path
) -> None:
    bad = goal("patterns", "--since", "blursday")
    assert bad.exit_code == 2
    assert "blursday" in bad.output and "Traceback" not in bad.output
    empty = goal("patterns")
    assert empty.exit_code == 0, empty.output
    assert "about 10 more days of moods needed" in " ".join(empty.stdout.split())
    document = json.loads(goal("patterns", "--format", "json").stdout)
    assert document["days_with_mood"] == 0 and document["comparisons"] == []
    assert not db_path.exists()  # looking creates nothing


def test_the_session_page_carries_the_top_patterns_or_says_none(goal: Run, tmp_path: Path) -> None:
    plan(goal, tmp_path)
    page = goal("report", "--format", "markdown")
    assert page.exit_code == 0, page.output
    section = page.stdout.split("## What goes with a better day", 1)[1]
    assert "more days of moods needed" in section
    for n in range(42):
        walked = n in WALK_DAYS
        day = (FIRST + timedelta(days=n)).isoformat()
        value = "20" if walked else "0"
        mood = "7" if walked else "5"
        assert goal("log", "walk", "--value", value, "--mood", mood, "--date", day).exit_code == 0
    section = goal("report", "--format", "markdown").stdout.split(
        "## What goes with a better day", 1
    )[1]
    lines = [line for line in section.splitlines() if line.startswith("- ")]
    assert len(lines) == 2  # the top two of those shown
    assert lines[0].startswith("- Mood is 2.0 higher on days with Walk outside")


def test_the_report_carries_every_comparison_and_the_top_two_in_every_format(
    goal: Run, tmp_path: Path
) -> None:
    """Walks on 12 of 42 days, each rated pleasure 8 (the other days' check-ins 4) and mood 2
    points higher: the JSON report (version 6) holds every comparison, the pleasure factor
    among them; the table, the Markdown and the HTML page show the same top two lines."""
    plan(goal, tmp_path)
    for n in range(42):
        walked = n in WALK_DAYS
        logged = goal(
            "log",
            "walk",
            "--value",
            "20" if walked else "0",
            "--mood",
            "7" if walked else "5",
            "--pleasure",
            "8" if walked else "4",
            "--date",
            (FIRST + timedelta(days=n)).isoformat(),
        )
        assert logged.exit_code == 0, logged.output
    document = json.loads(goal("report", "--format", "json").stdout)
    assert document["version"] == 6
    section = document["patterns"]
    assert (section["since"], section["days_with_mood"]) == ("2026-10-02", 42)
    by_name = {(c["factor"], c["lag"]): c for c in section["comparisons"]}
    assert set(by_name) == {
        (factor, lag)
        for factor in (
            "a step done",
            "Walk outside",
            "an activity rated pleasure 7 or more",
            "an activity rated mastery 7 or more",
        )
        for lag in (0, 1)
    }
    pleasure = by_name[("an activity rated pleasure 7 or more", 0)]
    assert (pleasure["with_days"], pleasure["without_days"]) == (12, 30)
    assert (pleasure["with_mean"], pleasure["without_mean"], pleasure["shown"]) == (7.0, 5.0, True)
    assert by_name[("an activity rated mastery 7 or more", 0)]["with_days"] == 0  # none rated
    top = section["top"]
    assert len(top) == 2 and all(line.endswith("a pattern, not proof of a cause") for line in top)
    assert any("with an activity rated pleasure 7 or more (7.0 on 12 days" in line for line in top)
    table = " ".join(goal("report").stdout.split())
    assert "What goes with a better day " + " ".join(top) in table
    markdown = goal("report", "--format", "markdown").stdout
    assert markdown.split("## What goes with a better day\n\n", 1)[1] == "".join(
        f"- {markdown_text(line)}\n" for line in top
    )
    html = goal("report", "--format", "html").stdout
    section_html = html.split('<h2 id="patterns">What goes with a better day</h2>', 1)[1]
    assert section_html.split("</ul>", 1)[0].count("<li>") == 2
    assert all(f"<li>{escape(line, quote=False)}</li>" in section_html for line in top)
