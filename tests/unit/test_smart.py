"""Tests for goalcli.core.smart: validators and SMART coaching."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from goalcli.core.smart import (
    Suggestion,
    check_confidence,
    check_number,
    check_target,
    check_target_date,
    coach_achievable,
    coach_measurable,
    coach_relevant,
    coach_specific,
    coach_time_bound,
    smart_checklist,
)
from goalcli.errors import InputError

TODAY = date(2024, 3, 1)


# --- validators ----------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 5, 10])
def test_check_confidence_accepts(value: int) -> None:
    assert check_confidence(value) == value


@pytest.mark.parametrize("value", [15, -1, 11, 5.5, True, "7"])
def test_check_confidence_refuses(value: object) -> None:
    with pytest.raises(InputError) as caught:
        check_confidence(value)  # type: ignore[arg-type]
    assert "Confidence" in str(caught.value)


def test_check_confidence_quotes_value() -> None:
    with pytest.raises(InputError, match="15"):
        check_confidence(15)


def test_check_number_accepts() -> None:
    assert check_number(3, "baseline") == 3.0
    assert check_number(-2.5, "baseline") == -2.5


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, "3", None, True])
def test_check_number_refuses(value: object) -> None:
    with pytest.raises(InputError) as caught:
        check_number(value, "baseline")  # type: ignore[arg-type]
    assert "baseline" in str(caught.value)


def test_check_target_accepts() -> None:
    check_target(6, 1)
    check_target(0, 10.5)


def test_check_target_refuses_equal_to_baseline() -> None:
    with pytest.raises(InputError, match="same as the starting point"):
        check_target(4, 4)


@pytest.mark.parametrize(("baseline", "target"), [(math.nan, 1), (1, math.nan), (0, math.inf)])
def test_check_target_refuses_non_finite(baseline: float, target: float) -> None:
    with pytest.raises(InputError):
        check_target(baseline, target)


def test_check_target_date_accepts_tomorrow() -> None:
    check_target_date(TODAY + timedelta(days=1), TODAY)


@pytest.mark.parametrize("offset", [0, -1, -400])
def test_check_target_date_refuses_today_and_past(offset: int) -> None:
    target = TODAY + timedelta(days=offset)
    with pytest.raises(InputError, match="not in the future") as caught:
        check_target_date(target, TODAY)
    assert target.isoformat() in str(caught.value)


# --- coaching ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "be happier",
        "do better",
        "feel better",
        "I want to be more positive",
        "improve myself this year",
        "get better",
        "exercise",
        "be calmer in general",
        # Hopes stay hopes however long the sentence: be, do, get, feel are not actions.
        "I will do better at home",
        "get my life together this year",
    ],
)
def test_coach_specific_triggers(text: str) -> None:
    suggestion = coach_specific(text)
    assert isinstance(suggestion, Suggestion)
    assert suggestion.letter == "S"
    assert suggestion.message


@pytest.mark.parametrize(
    "text",
    [
        "walk for 20 minutes after lunch",
        "call my sister every Sunday",
        "go to bed by 11pm on weeknights",
        "journal for five minutes before bed",
        "feel better by running twice a week",
        "stop smoking after dinner",
        "practising guitar three evenings a week",
        # What therapy goals do (issue 23): the words goalcli's own templates use.
        "step away for ten minutes before I answer",
        "catch the moments I start biting my nails",
        "accept a no without arguing back",
        "tolerate the worry for five minutes before checking",
        "keep a gentle routine on weekdays",
    ],
)
def test_coach_specific_accepts_actions(text: str) -> None:
    assert coach_specific(text) is None


def test_coach_specific_quotes_the_vague_phrase() -> None:
    suggestion = coach_specific("I will be happier")
    assert suggestion is not None
    assert "'be happier'" in suggestion.message


@pytest.mark.parametrize(
    ("measure", "unit"),
    [("panic attacks", ""), ("", "times"), ("feel better", "better"), ("be happier", "happiness")],
)
def test_coach_measurable_triggers(measure: str, unit: str) -> None:
    suggestion = coach_measurable(measure, unit)
    assert suggestion is not None
    assert suggestion.letter == "M"


@pytest.mark.parametrize(
    ("measure", "unit"),
    [
        ("panic attacks per week", "episodes"),
        ("minutes walked", "minutes"),
        ("feel better, rated 0-10", "rating"),
    ],
)
def test_coach_measurable_accepts(measure: str, unit: str) -> None:
    assert coach_measurable(measure, unit) is None


@pytest.mark.parametrize("confidence", [0, 4])
def test_coach_achievable_triggers_below_five(confidence: int) -> None:
    suggestion = coach_achievable(confidence)
    assert suggestion is not None
    assert suggestion.letter == "A"
    assert str(confidence) in suggestion.message


@pytest.mark.parametrize("confidence", [5, 10])
def test_coach_achievable_silent_from_five(confidence: int) -> None:
    assert coach_achievable(confidence) is None


@pytest.mark.parametrize("reason", ["", "   ", "health", "for me"])
def test_coach_relevant_triggers(reason: str) -> None:
    suggestion = coach_relevant(reason)
    assert suggestion is not None
    assert suggestion.letter == "R"


def test_coach_relevant_accepts_a_reason() -> None:
    assert coach_relevant("so I can play with my kids") is None


def test_coach_time_bound_soon_and_far_differ() -> None:
    soon = coach_time_bound(TODAY + timedelta(days=6), TODAY)
    far = coach_time_bound(TODAY + timedelta(days=366), TODAY)
    assert soon is not None
    assert far is not None
    assert soon.letter == far.letter == "T"
    assert soon.message != far.message


@pytest.mark.parametrize("days", [7, 30, 365])
def test_coach_time_bound_accepts_a_week_to_a_year(days: int) -> None:
    assert coach_time_bound(TODAY + timedelta(days=days), TODAY) is None


def test_suggestion_is_frozen() -> None:
    suggestion = Suggestion("S", "hello")
    with pytest.raises(AttributeError):
        suggestion.message = "changed"  # type: ignore[misc]


# --- checklist -----------------------------------------------------------------


def test_smart_checklist_all_good() -> None:
    result = smart_checklist(
        specific="walk for 20 minutes after lunch",
        measure="walks per week",
        unit="walks",
        confidence=7,
        relevant="so I have more energy for my kids",
        target_date=TODAY + timedelta(days=60),
        today=TODAY,
    )
    assert result == {
        "specific": True,
        "measurable": True,
        "achievable": True,
        "relevant": True,
        "time_bound": True,
    }


def test_smart_checklist_all_weak() -> None:
    result = smart_checklist(
        specific="be happier",
        measure="feel better",
        unit="",
        confidence=2,
        relevant="",
        target_date=TODAY + timedelta(days=2),
        today=TODAY,
    )
    assert list(result) == ["specific", "measurable", "achievable", "relevant", "time_bound"]
    assert not any(result.values())


def test_coach_achievable_for_a_decrease_goal_suggests_a_smaller_change() -> None:
    """For drinks 4 -> 0 a lower target is the harder one: never suggest lowering it."""
    suggestion = coach_achievable(3, decrease=True)
    assert suggestion is not None
    assert "smaller change" in suggestion.message
    assert "nearer where you are now" in suggestion.message
    assert "raise" not in suggestion.message and "lower the target" not in suggestion.message


def test_coach_achievable_for_an_increase_goal_still_says_smaller_target() -> None:
    suggestion = coach_achievable(3)
    assert suggestion is not None
    assert "smaller target" in suggestion.message and "raise it later" in suggestion.message
