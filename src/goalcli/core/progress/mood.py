"""Mood averages over the days before a date."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from goalcli.errors import InputError


def mood_average(moods: Mapping[date, float], as_of: date, days: int) -> float | None:
    """Mean mood over the `days` days ending as_of inclusive, to 1 decimal; None if none."""
    if days < 1:
        raise InputError(f"The number of days to average over must be at least 1, not {days}.")
    first = as_of - timedelta(days=days - 1)
    values = [mood for day, mood in moods.items() if first <= day <= as_of]
    if not values:
        return None
    return round(sum(values) / len(values), 1)
