"""Signals (issue 27) on hand-computed cases."""

from __future__ import annotations

from datetime import date, timedelta

from goalcli.core import signals
from goalcli.core.measures import Taken, measure

START = date(2026, 1, 1)
TARGET_DATE = date(2026, 3, 12)  # 70 days: the road rises 1 a week from 0 to 10


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def test_phq9_13_15_19_over_six_weeks_is_a_reliable_deterioration_and_no_improvement() -> None:
    scores = [
        Taken(date(2026, 1, 1), 13),
        Taken(date(2026, 1, 22), 15),
        Taken(date(2026, 2, 12), 19),
    ]
    found = signals.measure_signals(measure("phq9"), scores)
    assert [signal.kind for signal in found] == [
        "reliable deterioration",
        "no reliable improvement",
    ]
    deterioration = found[0]
    assert deterioration.why == (
        "PHQ-9 is 6 points above its first score, 19 vs 13 — a reliable deterioration"
    )
    assert deterioration.since == date(2026, 2, 12)  # 15 − 13 = 2 was not yet reliable
    assert deterioration.figures["first"] == 13 and deterioration.figures["latest"] == 19
    assert deterioration.as_json()["measure"] == "PHQ-9"
    assert found[1].figures["span_days"] == 42


def test_a_change_one_below_the_threshold_is_no_signal() -> None:
    # PHQ-9: 13 → 18 is 5 < 6; two scores only, so no "no reliable improvement" either.
    assert (
        signals.measure_signals(measure("phq9"), [Taken(START, 13), Taken(date(2026, 3, 1), 18)])
        == []
    )
    # GAD-7: 12 → 15 is 3 < 4; 12 → 16 is 4.
    assert (
        signals.measure_signals(measure("gad7"), [Taken(START, 12), Taken(date(2026, 1, 9), 15)])
        == []
    )
    found = signals.measure_signals(
        measure("gad7"), [Taken(START, 12), Taken(date(2026, 1, 9), 16)]
    )
    assert [signal.kind for signal in found] == ["reliable deterioration"]


def test_who5_reads_its_threshold_in_percentage_points_from_its_data_file() -> None:
    # Higher is better: 15 → 12 is 3 raw points down, × 4 = 12 percentage points ≥ 10.
    found = signals.measure_signals(
        measure("who5"), [Taken(START, 15), Taken(date(2026, 1, 15), 12)]
    )
    assert found[0].why == (
        "WHO-5 is 12 percentage points below its first score, 12 vs 15 — a reliable deterioration"
    )
    # 15 → 13 is 8 percentage points: not reliable.
    assert (
        signals.measure_signals(measure("who5"), [Taken(START, 15), Taken(date(2026, 1, 15), 13)])
        == []
    )


def test_no_reliable_improvement_needs_three_scores_six_weeks_and_caseness() -> None:
    phq9 = measure("phq9")
    steady = [Taken(START, 14), Taken(date(2026, 1, 20), 13), Taken(date(2026, 2, 12), 12)]
    assert [s.kind for s in signals.measure_signals(phq9, steady)] == ["no reliable improvement"]
    # 41 days is short of six weeks.
    short = [Taken(START, 14), Taken(date(2026, 1, 20), 13), Taken(date(2026, 2, 11), 12)]
    assert signals.measure_signals(phq9, short) == []
    # Below caseness (9 < 10) on the latest.
    below = [Taken(START, 14), Taken(date(2026, 1, 20), 13), Taken(date(2026, 2, 12), 9)]
    assert signals.measure_signals(phq9, below) == []
    # 14 → 8 is a reliable improvement (6) even though... 8 is below caseness anyway; 16 → 10:
    improved = [Taken(START, 16), Taken(date(2026, 1, 20), 13), Taken(date(2026, 2, 12), 10)]
    assert signals.measure_signals(phq9, improved) == []


def behind(readings: list[tuple[date, float]], as_of: date) -> list[signals.Signal]:
    return signals.goal_signals(
        "Walk",
        "weekly_total",
        readings,
        baseline=0.0,
        target=10.0,
        start=START,
        target_date=TARGET_DATE,
        as_of=as_of,
    )


def test_behind_for_four_weeks_counts_only_weeks_behind_the_road() -> None:
    # Week ends Jan 8, 15, 22, 29, Feb 5; the road expects 1, 2, 3, 4, 5 by then. A total of 0:
    # progress 0 vs expected 0.1 is within the 0.10 margin on Jan 8, behind from Jan 15 on.
    zeros = [(day, 0.0) for day in days(START, date(2026, 2, 5))]
    found = behind(zeros, date(2026, 2, 5))
    assert [signal.kind for signal in found] == ["behind"]  # the trend needs 4 weeks: not stalled
    assert found[0].weeks == 4
    assert found[0].since == date(2026, 1, 9)
    assert found[0].why.startswith(
        "Walk has been behind the road at the end of each of the last four weeks"
    )


def test_an_incomplete_week_neither_breaks_nor_extends_the_run() -> None:
    # The week Jan 23-29 has 2 known days: incomplete, so skipped. Left: Jan 15, 22, Feb 5.
    gap = [
        (day, 0.0)
        for day in days(START, date(2026, 2, 5))
        if not date(2026, 1, 22) < day < date(2026, 1, 28)
    ]
    found = behind(gap, date(2026, 2, 5))
    assert found[0].weeks == 3
    # Without the Jan 15 week the run is two weeks: no signal (shows the gap did not extend it).
    thin = [(day, value) for day, value in gap if not date(2026, 1, 8) < day <= date(2026, 1, 15)]
    assert behind(thin, date(2026, 2, 5)) == []


def test_a_week_on_the_road_breaks_the_run() -> None:
    # The week ending Jan 22 totals 7 ≥ 3 planned: ahead, so the run is Jan 29 and Feb 5 only.
    readings = [
        (day, 1.0 if date(2026, 1, 15) < day <= date(2026, 1, 22) else 0.0)
        for day in days(START, date(2026, 2, 5))
    ]
    assert behind(readings, date(2026, 2, 5)) == []


def test_stalled_needs_behind_and_a_flat_trend_at_each_of_four_week_ends() -> None:
    # By Feb 26 the trend (four weekly totals ending there) exists at Feb 5, 12, 19 and 26 and is
    # flat at 0: steady. Behind since Jan 15: seven weeks.
    zeros = [(day, 0.0) for day in days(START, date(2026, 2, 26))]
    found = behind(zeros, date(2026, 2, 26))
    assert [signal.kind for signal in found] == ["behind", "stalled"]
    assert found[0].weeks == 7
    assert found[1].since == date(2026, 1, 30)  # the start of the fourth-last week


def test_signals_are_ordered_deterioration_first() -> None:
    goal = behind([(day, 0.0) for day in days(START, date(2026, 2, 5))], date(2026, 2, 5))
    phq = signals.measure_signals(measure("phq9"), [Taken(START, 10), Taken(date(2026, 1, 9), 16)])
    assert [s.kind for s in signals.ordered([*goal, *phq])] == ["reliable deterioration", "behind"]
    assert signals.one_line([*goal, *phq]) == "Signals: reliable deterioration: PHQ-9; behind: Walk"
