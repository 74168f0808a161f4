"""The scores of a review: the Goal Attainment Scaling T-score (Kiresuk & Sherman), for one
rater or for a couple's or family's mean levels; Goal-Based Outcome changes; how far members'
ratings of a goal are apart.

These definitions are a public contract; users' own scripts rely on them, so change them only
with a changelog entry.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from goalcli.errors import InputError

GAS_RHO = 0.3
"""Inter-goal correlation assumed by Kiresuk & Sherman's T-score formula."""

GBO_MEANINGFUL_CHANGE = 3
"""A GBO change of this many points (0..10 scale) is clinically meaningful."""


def gas_t_score(ratings: Sequence[tuple[int, float]]) -> float | None:
    """Goal Attainment Scaling T-score (Kiresuk & Sherman) from (level, weight) pairs.

    T = 50 + 10·Σwx / √((1−ρ)·Σw² + ρ·(Σw)²) with ρ = 0.3. Not rounded.
    """
    if not ratings:
        return None
    for level, weight in ratings:
        if isinstance(level, bool) or not isinstance(level, int) or not -2 <= level <= 2:
            raise InputError(f"A GAS level must be a whole number from -2 to 2, not {level!r}.")
        if isinstance(weight, bool) or not math.isfinite(weight) or weight < 1:
            raise InputError(f"A GAS weight must be a number of at least 1, not {weight!r}.")
    return _t_score([(float(level), weight) for level, weight in ratings])


def _t_score(ratings: Sequence[tuple[float, float]]) -> float:
    weighted = sum(weight * level for level, weight in ratings)
    sum_sq = sum(weight * weight for _, weight in ratings)
    total = sum(weight for _, weight in ratings)
    denominator = math.sqrt((1 - GAS_RHO) * sum_sq + GAS_RHO * total * total)
    return 50.0 + 10.0 * weighted / denominator


def mean_level_t_score(goals: Sequence[tuple[Sequence[int], float]]) -> float | None:
    """The GAS T-score of a couple or family: each goal's level is the mean of the levels its
    members gave it (one level: that level), then the Kiresuk-Sherman formula as in
    gas_t_score, with that mean as x. Goals nobody rated are left out; None when none was."""
    rated = [(levels, weight) for levels, weight in goals if levels]
    if not rated:
        return None
    for levels, weight in rated:  # the same checks, level by level
        gas_t_score([(level, weight) for level in levels])
    return _t_score([(sum(levels) / len(levels), weight) for levels, weight in rated])


def levels_by_goal(
    rows: Iterable[tuple[int, str | None, int, float]],
) -> list[tuple[list[int], float]]:
    """The GAS levels given on one day, as (levels, weight) per goal for
    mean_level_t_score: the members' levels where members rated the goal, else its
    shared level. Rows are (goal id, member or None, level, weight)."""
    shared: dict[int, tuple[list[int], float]] = {}
    by_members: dict[int, tuple[list[int], float]] = {}
    for goal_id, member, level, weight in rows:
        chosen = shared if member is None else by_members
        levels, _ = chosen.setdefault(goal_id, ([], float(weight)))
        levels.append(int(level))
    return [
        by_members.get(goal_id) or shared[goal_id] for goal_id in sorted({*shared, *by_members})
    ]


def spread(values: Sequence[int]) -> int | None:
    """How far apart the ratings are (largest − smallest); None with fewer than two."""
    return max(values) - min(values) if len(values) > 1 else None


def agreement_words(gas_levels: Sequence[int], gbo_ratings: Sequence[int]) -> str | None:
    """Members' ratings of one goal on one date, compared in words: "agree", or how far apart
    they are ("GAS levels differ by 2; same GBO rating"). None when no scale has two ratings."""
    gas_spread, gbo_spread = spread(gas_levels), spread(gbo_ratings)
    if gas_spread is None and gbo_spread is None:
        return None
    if not gas_spread and not gbo_spread:
        return "agree"
    parts = []
    if gas_spread is not None:
        parts.append(f"GAS levels differ by {gas_spread}" if gas_spread else "same GAS level")
    if gbo_spread is not None:
        parts.append(f"GBO ratings differ by {gbo_spread}" if gbo_spread else "same GBO rating")
    return "; ".join(parts)


def gbo_change(ratings_in_date_order: Sequence[int]) -> int | None:
    """Latest minus first Goal-Based Outcome rating (0..10); None with no ratings."""
    for rating in ratings_in_date_order:
        if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 10:
            raise InputError(f"A GBO rating must be a whole number from 0 to 10, not {rating!r}.")
    if not ratings_in_date_order:
        return None
    return ratings_in_date_order[-1] - ratings_in_date_order[0]


def gbo_meaningful(change: int | None) -> bool:
    """True when a GBO change is a meaningful improvement (up 3 or more points)."""
    return change is not None and change >= GBO_MEANINGFUL_CHANGE


def gbo_deteriorated(change: int | None) -> bool:
    """True when a GBO change is a meaningful deterioration (down 3 or more points)."""
    return change is not None and change <= -GBO_MEANINGFUL_CHANGE
