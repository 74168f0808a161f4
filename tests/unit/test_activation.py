"""core/activation.py: behavioural-activation ratings in words and over a period."""

from __future__ import annotations

from datetime import date

from goalcli.core import activation


def test_ratings_in_words_leave_out_what_was_not_given() -> None:
    assert activation.ratings_words({"pleasure": 7, "mastery": 5}) == "pleasure 7, mastery 5"
    assert activation.ratings_words({"pleasure": None, "mastery": 0}) == "mastery 0"
    assert activation.ratings_words({"expected_pleasure": 3}) == "expected pleasure 3"
    assert activation.ratings_words({"pleasure": None, "mastery": None}) is None


def _walks() -> list[activation.Rated]:
    """Goal 1 "Walk": three check-ins (one not rated); goal 2 "Plan": three steps ticked off
    with predictions, the third enjoyed less than predicted."""
    walk = "Walk"
    return [
        activation.Rated(1, walk, walk, date(2026, 11, 20), pleasure=6, mastery=5),
        activation.Rated(1, walk, walk, date(2026, 11, 21), pleasure=8, mastery=None),
        activation.Rated(1, walk, walk, date(2026, 11, 22), pleasure=None, mastery=None),
        activation.Rated(1, walk, walk, date(2026, 11, 23), pleasure=None, mastery=7),
        activation.Rated(2, "Plan", "Call Ana", date(2026, 11, 20), 7, 4, 3, step=1),
        activation.Rated(2, "Plan", "Swim", date(2026, 11, 24), 6, 8, 4, step=2),
        activation.Rated(2, "Plan", "Bake", date(2026, 11, 25), 5, 6, 6, step=3),
    ]


def test_averages_per_goal_and_activity_leave_unrated_out() -> None:
    section = activation.activation_section(_walks())
    assert section is not None
    walk, plan = section["goals"]
    # Walk: pleasure (6 + 8) / 2 = 7; mastery (5 + 7) / 2 = 6; 3 rated (the unrated day is out).
    assert (walk["pleasure_avg"], walk["mastery_avg"], walk["rated"]) == (7.0, 6.0, 3)
    # Plan: pleasure (7 + 6 + 5) / 3 = 6; mastery (4 + 8 + 6) / 3 = 6.
    assert (plan["pleasure_avg"], plan["mastery_avg"], plan["rated"]) == (6.0, 6.0, 3)
    assert [(a["title"], a["pleasure_avg"]) for a in section["activities"]] == [
        ("Walk", 7.0),
        ("Call Ana", 7.0),
        ("Swim", 6.0),
        ("Bake", 5.0),
    ]
    assert len(section["ratings"]) == 6


def test_enjoyed_more_than_expected_two_of_three() -> None:
    section = activation.activation_section(_walks())
    assert section is not None
    predictions = section["predictions"]
    # Call Ana 3 -> 7 (+4), Swim 4 -> 6 (+2), Bake 6 -> 5 (less): 2 of 3, by (4 + 2) / 2 = 3.
    assert (predictions["compared"], predictions["enjoyed_more"]) == (3, 2)
    assert predictions["more_by_avg"] == 3.0
    assert activation.prediction_words(predictions["items"][0]) == "you expected 3/10, it was 7/10"
    lines = activation.summary_lines(section)
    assert "Enjoyed more than expected: 2 of 3 (by 3 points on average)." in lines
    assert "  Call Ana: you expected 3/10, it was 7/10" in lines
    assert "Goal 1, Walk: pleasure 7/10, mastery 6/10 (rated 3 times)" in lines


def test_the_highest_pleasure_activities_best_first() -> None:
    section = activation.activation_section(_walks())
    assert section is not None
    assert [a["title"] for a in section["highest_pleasure"]] == ["Walk", "Call Ana", "Swim"]


def test_no_ratings_no_section() -> None:
    unrated = activation.Rated(1, "Walk", "Walk", date(2026, 11, 20), None, None, 5, step=1)
    assert activation.activation_section([unrated]) is None
    assert activation.activation_section([]) is None


def test_an_average_keeps_one_decimal() -> None:
    items = [
        activation.Rated(1, "Walk", "Walk", date(2026, 11, day), pleasure, None)
        for day, pleasure in ((20, 7), (21, 8), (22, 8))
    ]
    section = activation.activation_section(items)
    assert section is not None
    assert section["goals"][0]["pleasure_avg"] == 7.7  # 23 / 3 = 7.67
    assert section["goals"][0]["mastery_avg"] is None
