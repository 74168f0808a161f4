"""The session page's facts (views/session.py), built once for the Markdown and the HTML page:
hand-made cases on a goal of the golden report (tests/data/golden/report.json)."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

from goalcli.views.report import GoalExtras, ReportGoal
from goalcli.views.session import days_left_words, gas_guide, goal_facts, latest_ratings
from goalcli.views.timeline import ReviewEntry
from lib.paths import DATA

GOLDEN: dict[str, Any] = json.loads((DATA / "golden" / "report.json").read_text())


def walk() -> ReportGoal:
    """The golden report's first goal, "Walk outside": GAS +1, GBO 6 (change +3), 48 days left."""
    goal: ReportGoal = copy.deepcopy(GOLDEN["goals"][0])
    return goal


def review(day: str) -> ReviewEntry:
    return {
        "date": day,
        "member": None,
        "gas": 1,
        "gas_text": None,
        "gbo": 6,
        "gbo_change": None,
        "helped": None,
        "hindered": None,
        "next_step": None,
        "note": None,
    }


def extras(**given: Any) -> GoalExtras:
    return GoalExtras(**{"latest_note": None, "trend": [], "notes": [], "steps": [], **given})


def test_the_facts_of_a_goal_in_words() -> None:
    facts = goal_facts(walk(), None, None, "client")
    assert facts.state is None
    assert facts.dates == "started 2026-10-15, target 2027-01-13 (48 days left)"
    assert facts.steps == "3 of 5"
    assert facts.ratings == "GAS +1, GBO 6 (change +3)"
    assert facts.smart == "S ✓ M ✓ A ✓ R ✓ T ✓"
    assert facts.gas_guide is None
    assert (facts.steps_done, facts.notes, facts.weeks) == ([], [], [])


def test_a_review_in_the_period_says_the_ratings_instead() -> None:
    extra = extras(reviews=[review("2026-11-20")])
    facts = goal_facts(walk(), extra, None, "client")
    assert facts.ratings is None
    assert facts.reviews == [review("2026-11-20")]
    assert len(facts.review_words) == 1


def test_steps_done_from_the_period_or_the_goals_start() -> None:
    steps = [
        (1, "Shoes by the door", None, date(2026, 10, 20)),
        (2, "Walk 10 minutes", None, date(2026, 11, 21)),
        (3, "Walk 20 minutes", None, None),
    ]
    extra = extras(steps=steps)
    assert [done[0] for done in goal_facts(walk(), extra, None, "client").steps_done] == [1, 2]
    since = goal_facts(walk(), extra, "2026-11-01", "client")
    assert since.steps_done == [(2, "Walk 10 minutes", date(2026, 11, 21))]


def test_a_goal_not_active_says_its_state() -> None:
    goal = walk()
    goal["goal_status"] = "paused"
    assert goal_facts(goal, None, None, "client").state == "paused"


def test_the_gas_guide_reads_from_plus_two_down() -> None:
    guide = ["much worse", "worse", "as expected", "better", "much better"]
    shown = gas_guide(guide)
    assert shown is not None
    assert [said for _, said in shown] == list(reversed(guide))
    assert gas_guide(None) is None


def test_no_ratings_without_gas_or_gbo() -> None:
    goal = walk()
    goal["gas"], goal["gbo"], goal["gbo_change"] = None, None, None
    assert latest_ratings(goal) is None
    goal["gbo"] = 4
    assert latest_ratings(goal) == "GAS –, GBO 4"


def test_days_left_and_past() -> None:
    assert days_left_words(48) == "48 days left"
    assert days_left_words(0) == "0 days left"
    assert days_left_words(-3) == "3 days past the target date"
