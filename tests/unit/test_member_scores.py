"""GAS T-scores for couples and families, and how far members' ratings are apart: pure
functions, checked on hand-computed numbers (Kiresuk & Sherman, rho = 0.3)."""

from __future__ import annotations

import math

import pytest

from goalcli.core import members
from goalcli.core.progress import review_scores
from goalcli.errors import InputError


@pytest.mark.parametrize(
    ("goals", "expected"),
    [
        # One goal, levels -1 and +1: mean 0, exactly 50.
        ([([-1, 1], 1.0)], 50.0),
        # Means 0 and 1.5, weights 1: Σwx = 1.5, Σw² = 2, Σw = 2 → 50 + 15/√(1.4 + 1.2).
        ([([1, -1], 1.0), ([2, 1], 1.0)], 50 + 15 / math.sqrt(2.6)),
        # Means 1 (weight 2) and -2 (weight 1): Σwx = 2 - 2 = 0 → 50.
        ([([2, 0], 2.0), ([-2], 1.0)], 50.0),
        # Means 1 (weight 3) and -1.5 (weight 1): Σwx = 1.5, Σw² = 10, Σw = 4
        # → 50 + 15/√(7 + 4.8) = 54.3666...
        ([([1], 3.0), ([-1, -2], 1.0)], 50 + 15 / math.sqrt(11.8)),
        # A goal nobody rated is left out.
        ([([1, 1], 1.0), ([], 2.0)], 60.0),
    ],
)
def test_mean_level_t_score(goals: list[tuple[list[int], float]], expected: float) -> None:
    assert review_scores.mean_level_t_score(goals) == pytest.approx(expected)


def test_mean_level_t_score_of_single_levels_is_the_ordinary_t_score() -> None:
    ratings = [(1, 1.0), (-1, 2.0), (2, 3.0)]
    assert review_scores.mean_level_t_score(
        [([level], w) for level, w in ratings]
    ) == pytest.approx(review_scores.gas_t_score(ratings))


def test_mean_level_t_score_with_nothing_rated_is_none() -> None:
    assert review_scores.mean_level_t_score([]) is None
    assert review_scores.mean_level_t_score([([], 1.0)]) is None


def test_mean_level_t_score_checks_every_level() -> None:
    with pytest.raises(InputError, match="GAS level"):
        review_scores.mean_level_t_score([([1, 3], 1.0)])


def test_each_member_has_their_own_t_score() -> None:
    # Sam: +1 on both goals: 50 + 10·2/√(1.4 + 1.2) = 62.40; Alex: -1 and 0: 50 - 10/√2.6.
    assert review_scores.gas_t_score([(1, 1), (1, 1)]) == pytest.approx(50 + 20 / math.sqrt(2.6))
    assert review_scores.gas_t_score([(-1, 1), (0, 1)]) == pytest.approx(50 - 10 / math.sqrt(2.6))


def test_levels_by_goal_prefers_the_members_levels() -> None:
    rows = [
        (1, None, 0, 1),
        (1, "Sam", 1, 1),
        (1, "Alex", -1, 1),
        (2, None, 2, 2),
        (3, "Sam", -2, 3),
    ]
    assert review_scores.levels_by_goal(rows) == [([1, -1], 1.0), ([2], 2.0), ([-2], 3.0)]


@pytest.mark.parametrize(
    ("gas", "gbo", "words"),
    [
        ([1, 1], [5, 5], "agree"),
        ([1, -1], [6, 3], "GAS levels differ by 2; GBO ratings differ by 3"),
        ([0, 0], [4, 7], "same GAS level; GBO ratings differ by 3"),
        ([2, 0, 1], [], "GAS levels differ by 2"),
        ([1, 2], [6], "GAS levels differ by 1"),
        ([1], [6], None),
        ([], [], None),
    ],
)
def test_agreement_in_words(gas: list[int], gbo: list[int], words: str | None) -> None:
    assert review_scores.agreement_words(gas, gbo) == words


def test_spread() -> None:
    assert review_scores.spread([3, 7, 5]) == 4
    assert review_scores.spread([3]) is None


def test_member_names_are_found_ignoring_case_or_refused_with_the_closest() -> None:
    assert members.find("sam", ["Sam", "Alex"]) == "Sam"
    with pytest.raises(InputError, match="did you mean 'Alex'"):
        members.find("Alix", ["Sam", "Alex"])
    with pytest.raises(InputError, match="the members are Sam, Alex"):
        members.find("Zoe", ["Sam", "Alex"])
    with pytest.raises(InputError, match="no members"):
        members.find("Sam", [])


def test_member_names_are_checked() -> None:
    assert members.check_names([" Sam ", "Alex"]) == ["Sam", "Alex"]
    with pytest.raises(InputError, match="member already"):
        members.check_names(["Sam", "sam"])
    with pytest.raises(InputError, match="member already"):
        members.check_names(["Sam"], already=["SAM"])
    with pytest.raises(InputError, match="at most 12"):
        members.check_names([f"Child {n}" for n in range(13)])
    with pytest.raises(InputError, match="cannot be left empty"):
        members.check_names(["  "])
    with pytest.raises(InputError, match="one line"):
        members.check_names(["Sam\nAlex"])
