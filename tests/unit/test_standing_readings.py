"""What the standing's level and trend read of the figures' window (views/standing.py): the
28 days ending as_of and the reading before them, not the 800 days habit strength needs."""

from __future__ import annotations

from datetime import date, timedelta

from goalcli.core.progress import levels, trends
from goalcli.storage.figure_queries import GoalFigures
from goalcli.views.standing import _readings

AS_OF = date(2026, 11, 26)


def _figures(window: list[tuple[date, float | None]]) -> GoalFigures:
    values = [(day, value) for day, value in window if value is not None]
    return GoalFigures(
        latest_value=values[-1][1] if values else 4.0,
        latest_value_day=values[-1][0] if values else date(2024, 1, 1),
        checkins=len(window),
        last_checkin=window[-1][0] if window else None,
        streak=0,
        gas=None,
        gbo_first=None,
        gbo_last=None,
        window=window,
    )


def back(days: int) -> date:
    return AS_OF - timedelta(days=days)


def test_the_28_days_ending_as_of_and_the_value_before_them() -> None:
    # Values 800 days back to today, every 10 days; 2026-10-30 (27 days back) opens the 28.
    window: list[tuple[date, float | None]] = [
        (back(days), float(days)) for days in range(800, -1, -10)
    ]
    window.insert(-1, (back(5), None))  # a check-in without a value is no reading
    assert _readings(_figures(window), AS_OF) == [
        (back(30), 30.0),  # the one before the 28 days: a stale level's, had they none
        (back(20), 20.0),
        (back(10), 10.0),
        (back(0), 0.0),
    ]


def test_a_stale_level_keeps_its_latest_value() -> None:
    window: list[tuple[date, float | None]] = [(back(400), 7.0), (back(100), 9.0), (back(3), None)]
    readings = _readings(_figures(window), AS_OF)
    assert readings == [(back(100), 9.0)]
    level = levels.level("reading", readings, 0.0, AS_OF)
    assert (level.value, level.stale) == (9.0, True)
    # Nothing in the window at all: the latest value ever (older than the window).
    assert _readings(_figures([]), AS_OF) == [(date(2024, 1, 1), 4.0)]


def test_the_level_and_trend_read_the_same_from_the_trimmed_readings() -> None:
    window: list[tuple[date, float | None]] = [
        (back(days), float(days % 13)) for days in range(820, -1, -1)
    ]
    full = [(day, value) for day, value in window if value is not None]
    trimmed = _readings(_figures(window), AS_OF)
    assert len(trimmed) == 29  # the 28 days and the one before
    for kind in ("reading", "weekly_total"):
        assert levels.level(kind, trimmed, 0.0, AS_OF, back(820)) == levels.level(
            kind, full, 0.0, AS_OF, back(820)
        )
        assert trends.trend(kind, trimmed, 0.0, 20.0, back(820), AS_OF) == trends.trend(
            kind, full, 0.0, 20.0, back(820), AS_OF
        )
