"""Excused days (`goal skip`, issue 28) in the pure judgement: a weekly total judged over its
other days with the target prorated, completeness over those days, a weekly streak that passes
over a week all excused, the week's words, silences that do not count excused days.
Hand-computed cases, and the property that an excused day never flatters a goal to lower
something."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goalcli.core import weeks
from goalcli.core.caseload import Facts, attention
from goalcli.core.progress import levels
from goalcli.core.progress.habit import rhythm_streak
from goalcli.core.session import silences

AS_OF = date(2026, 11, 26)  # a Thursday; the week judged is 20-26 November
WEEK = [AS_OF - timedelta(days=back) for back in range(6, -1, -1)]  # 20th .. 26th
START = date(2026, 10, 1)
TARGET_DATE = date(2027, 3, 1)


def judge(
    values: dict[date, float], excused: set[date], baseline: float, target: float
) -> levels.Standing:
    return levels.standing(
        "weekly_total",
        sorted(values.items()),
        baseline,
        target,
        START,
        TARGET_DATE,
        AS_OF,
        excused,
    )


def test_three_walks_a_week_with_two_days_excused_is_judged_against_2_1_over_five_days() -> None:
    # 2 walks on the 5 days not excused (the 20th and 21st excused: ill).
    values = {WEEK[2]: 1, WEEK[3]: 0, WEEK[4]: 1, WEEK[5]: 0, WEEK[6]: 0}
    judged = judge(values, {WEEK[0], WEEK[1]}, baseline=0, target=3)

    assert judged.level.value == 2  # the level is what was done: never scaled up
    assert (judged.level.days_known, judged.level.days_counted) == (5, 7)
    assert judged.level.days_excused == 2
    assert judged.complete
    assert levels.prorated(3, 2) == pytest.approx(15 / 7)  # 2.14: "2.1 over the other 5"
    # 2 of 15/7 is 14/15 of the way: the same as 2 · 7/5 = 2.8 of 3.
    assert judged.progress == pytest.approx(14 / 15)
    # Left unknown instead, the same 2 walks count against the whole 3: 2/3.
    unknown = judge(values, set(), baseline=0, target=3)
    assert unknown.progress == pytest.approx(2 / 3)


def test_a_limit_of_7_drinks_is_5_over_5_days() -> None:
    assert levels.prorated(7, 2) == pytest.approx(5)
    # From 21 a week down to 7; 2 days excused; 5 drinks on the other 5 days: the limit, met.
    values = {day: 1 for day in WEEK[2:]}
    judged = judge(values, {WEEK[0], WEEK[1]}, baseline=21, target=7)
    assert judged.progress == pytest.approx(1.0)  # (5·7/5 − 21) / (7 − 21)
    assert judged.status == "achieved"
    # 6 drinks on those 5 days: over the prorated limit (6 > 5): 8.4 a week, progress 0.9.
    values[WEEK[6]] = 2
    over = judge(values, {WEEK[0], WEEK[1]}, baseline=21, target=7)
    assert over.progress == pytest.approx((8.4 - 21) / (7 - 21))
    assert over.status != "achieved"


@pytest.mark.parametrize(
    ("known", "excused", "complete"),
    [
        (5, 0, True),  # no day excused: at most 2 of 7 unknown, as before
        (4, 2, True),  # 4 of 5: 28 >= 25
        (3, 2, False),  # 3 of 5: 21 < 25
        (4, 1, False),  # 4 of 6: 28 < 30 (needs 5 of 6)
        (5, 1, True),
        (3, 4, True),  # 3 of 3
        (2, 4, False),
        (1, 6, True),  # 1 of 1
        (0, 7, False),  # all excused: nothing known, never complete
    ],
)
def test_completeness_is_five_sevenths_of_the_days_not_excused(
    known: int, excused: int, complete: bool
) -> None:
    assert levels.week_complete(known, 7, excused) is complete


def test_a_goal_to_lower_something_with_too_few_of_its_other_days_known_is_unknown() -> None:
    values = {WEEK[4]: 0, WEEK[5]: 0, WEEK[6]: 0}  # 3 of the 5 days not excused
    judged = judge(values, {WEEK[0], WEEK[1]}, baseline=21, target=7)
    assert judged.status == levels.UNKNOWN
    assert not judged.judged


@pytest.mark.parametrize(("baseline", "target"), [(0, 3), (21, 7)])
def test_a_week_all_excused_is_unknown_whatever_the_direction(
    baseline: float, target: float
) -> None:
    judged = judge({}, set(WEEK), baseline, target)
    assert judged.level.judged_value is None
    assert judged.status == levels.UNKNOWN
    assert not judged.judged  # no percentage is shown for it


def test_a_day_with_a_value_is_known_never_excused() -> None:
    judged = judge({WEEK[6]: 2}, {WEEK[6]}, baseline=0, target=3)
    assert (judged.level.days_known, judged.level.days_excused) == (1, 0)


def test_the_week_says_how_many_days_are_excused() -> None:
    words = levels.level_words("weekly_total", "increase", "2 walks", 5, 7, 2, "2.1 walks")
    assert words == "last 7 days: 2 walks (2 days excused: target 2.1 walks over the other 5)"
    missing = levels.level_words("weekly_total", "increase", "2 walks", 4, 7, 2, "2.1 walks")
    assert missing == (
        "last 7 days: 2 walks (4 of 5 days logged; 2 days excused: target 2.1 walks "
        "over the other 5)"
    )
    thin = levels.level_words("weekly_total", "decrease", "3 drinks", 3, 7, 2, "5 drinks")
    assert thin == "last 7 days: only 3 of 5 days logged; 2 days excused (3 drinks on those)"
    assert levels.level_words("weekly_total", "decrease", "0", 0, 7, 7) == (
        "last 7 days: all 7 days excused"
    )
    assert weeks.known_words(3, 7, 2) == "3 of 5 days logged, 2 days excused"
    assert weeks.known_words(1, 4, 1) == "1 of 3 days since the start logged, 1 day excused"
    assert weeks.known_words(0, 7, 7) == "all 7 days excused"


def test_a_chart_week_with_excused_days_is_drawn_against_the_road_prorated() -> None:
    start = AS_OF - timedelta(days=70)
    target_date = AS_OF + timedelta(days=70)  # halfway on AS_OF: the road (0 to 3) at 1.5
    readings = [(day, 1.0) for day in WEEK[2:]]
    ends = [AS_OF - timedelta(days=7), AS_OF]
    series = weeks.weekly_series(
        "weekly_total",
        readings,
        baseline=0,
        target=3,
        start=start,
        target_date=target_date,
        ends=ends,
        excused={WEEK[0], WEEK[1], *(day - timedelta(days=7) for day in WEEK)},
    )
    before, latest = series
    # The week before: all 7 days excused: no level (a gap), not complete, the road unscaled.
    assert (before.level, before.complete, before.days_excused) == (None, False, 7)
    assert before.expected == before.expected_prorated == pytest.approx(3 * 63 / 140)  # 1.35
    # The latest: 5 walks over the 5 days not excused; the road 1.5, over those days 1.5 · 5/7.
    assert (latest.level, latest.days_known, latest.days_excused) == (5, 5, 2)
    assert latest.complete
    assert latest.expected == pytest.approx(1.5)  # the road, as always
    assert latest.expected_prorated == pytest.approx(1.5 * 5 / 7)  # what the level is drawn against
    assert latest.judged_level == pytest.approx(7.0)


def test_a_weekly_streak_passes_over_a_week_all_excused() -> None:
    rhythm = (3, 7)
    this_week = [AS_OF - timedelta(days=back) for back in (0, 2, 4)]
    ill_week = {AS_OF - timedelta(days=7 + back) for back in range(7)}
    week_before = [AS_OF - timedelta(days=14 + back) for back in (0, 1, 2)]
    days = this_week + week_before
    assert rhythm_streak(days, AS_OF, rhythm) == (1, "weeks")  # the empty week breaks it
    assert rhythm_streak(days, AS_OF, rhythm, ill_week) == (2, "weeks")


def test_a_partly_excused_week_is_met_with_the_target_prorated() -> None:
    rhythm = (3, 7)
    # This week: 2 days excused and 2 check-ins: 2 < 3 · 5/7 = 2.14, not met (and counting
    # starts from the week before, which has 3).
    excused = {AS_OF - timedelta(days=5), AS_OF - timedelta(days=6)}
    days = [AS_OF, AS_OF - timedelta(days=1)]
    days += [AS_OF - timedelta(days=7 + back) for back in (0, 1, 2)]
    assert rhythm_streak(days, AS_OF, rhythm, excused) == (1, "weeks")
    # 4 days excused and 2 check-ins: 2 >= 3 · 3/7 = 1.29, met.
    more = excused | {AS_OF - timedelta(days=3), AS_OF - timedelta(days=4)}
    assert rhythm_streak(days, AS_OF, rhythm, more) == (2, "weeks")


def test_the_caseload_does_not_count_excused_days_as_silence() -> None:
    base = {
        "recent_moods": [],
        "statuses": ["on track"],
        "gbo_changes": [None],
        "last_review": AS_OF - timedelta(days=3),
        "review_every": 14,
        "started": AS_OF - timedelta(days=30),
    }
    last = AS_OF - timedelta(days=10)
    ill = [AS_OF - timedelta(days=back) for back in range(1, 9)]  # 8 of the 10 days
    assert attention(Facts(last_checkin=last, excused_days=ill, **base), AS_OF).reasons == []  # type: ignore[arg-type]
    judged = attention(Facts(last_checkin=last, excused_days=ill[:5], **base), AS_OF)  # type: ignore[arg-type]
    assert judged.reasons == ["no check-in for 5 days, not counting 5 excused days"]
    assert judged.score == 25
    # An excused day before the last check-in changes nothing.
    earlier = attention(
        Facts(last_checkin=last, excused_days=[last - timedelta(days=1)], **base),  # type: ignore[arg-type]
        AS_OF,
    )
    assert earlier.reasons == ["no check-in for 10 days"]


def _goal(title: str, last: str | None, excused: list[str]) -> dict[str, object]:
    return {
        "title": title,
        "last_checkin": last,
        "start_date": "2026-11-01",
        "streak_unit": "days",
        "excused_days": excused,
    }


def test_worth_talking_about_does_not_count_excused_days_as_silence() -> None:
    ill = ["2026-11-23", "2026-11-24", "2026-11-25"]
    # Last check-in the 22nd, ill the 23rd to the 25th: one day quiet, nothing said.
    assert silences([_goal("Walk", "2026-11-22", ill)], [], AS_OF) == []
    # The same without the excused days: four days quiet.
    assert silences([_goal("Walk", "2026-11-22", [])], [], AS_OF) == [
        "No check-in for 4 days (the last on 2026-11-22)."
    ]
    # Checked in on another goal; Call quiet since the 20th, 2 of its days excused.
    goals = [_goal("Walk", "2026-11-26", []), _goal("Call", "2026-11-20", ill[:2])]
    assert silences(goals, [], AS_OF) == [
        "Call has not been logged for 4 days; not counting 2 excused days."
    ]


# The property: compared with leaving a day unknown, excusing it never makes a goal to lower
# something look better. Its progress is never higher (the known days' total is judged against
# a target cut to fewer days, so it weighs more, never less); when both are judged, its status
# is never better; and the level it is judged from is never below the known days' own total.
# (Excusing can make a week judgeable that was "unknown", but only with 5/7 of the days not
# excused known.)
RANK = {"overdue": 0, "behind": 1, "on track": 2, "ahead": 3, "achieved": 4}


@given(
    values=st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=7, max_size=7),
    excused_before=st.sets(st.integers(0, 6), max_size=6),
    day=st.integers(0, 6),
    target=st.integers(0, 20),
    extra=st.integers(1, 30),
    target_date=st.sampled_from([AS_OF - timedelta(days=3), AS_OF + timedelta(days=40)]),
)
def test_excusing_a_day_never_flatters_a_goal_to_lower_something(
    values: list[int | None],
    excused_before: set[int],
    day: int,
    target: int,
    extra: int,
    target_date: date,
) -> None:
    baseline = target + extra
    known = {
        WEEK[index]: float(value)
        for index, value in enumerate(values)
        if value is not None and index != day and index not in excused_before
    }
    others = {WEEK[index] for index in excused_before if index != day}

    def judged(excused: set[date]) -> levels.Standing:
        return levels.standing(
            "weekly_total",
            sorted(known.items()),
            baseline,
            target,
            START,
            target_date,
            AS_OF,
            excused,
        )

    left = judged(others)  # the day left unknown
    excused = judged(others | {WEEK[day]})
    assert excused.direction == "decrease"
    assert excused.progress <= left.progress + 1e-9
    if excused.level.judged_value is not None:
        assert excused.level.judged_value >= excused.level.value - 1e-9
    if excused.status in RANK and left.status in RANK:
        assert RANK[excused.status] <= RANK[left.status]
    if left.status == levels.UNKNOWN and excused.status != levels.UNKNOWN:
        other_days = 7 - excused.level.days_excused
        assert 7 * excused.level.days_known >= 5 * other_days


def test_a_week_all_excused_is_no_point_of_a_weekly_totals_trend() -> None:
    from goalcli.core.progress.trends import trend

    # Four weeks ending AS_OF: 3, 3, 3 walks, then a week all excused; 0 → 3 a week.
    weeks_back = [AS_OF - timedelta(days=7 * back) for back in (3, 2, 1, 0)]
    readings = [
        (end - timedelta(days=offset), 1.0) for end in weeks_back[:3] for offset in (0, 2, 4)
    ]
    ill = {AS_OF - timedelta(days=offset) for offset in range(7)}
    # Left unknown, the last week reads as 0: totals 3, 3, 3, 0; the slopes' median is −0.5 a
    # week, worsening.
    unknown = trend("weekly_total", readings, 0, 3, START, AS_OF)
    assert unknown is not None and (unknown.per_week, unknown.direction) == (-0.5, "worsening")
    # Excused, it is no point: 3, 3, 3 over weeks 0, 1, 2: steady.
    judged = trend("weekly_total", readings, 0, 3, START, AS_OF, ill)
    assert judged is not None and (judged.per_week, judged.direction) == (0.0, "steady")


def test_a_week_behind_the_road_is_judged_over_its_days_not_excused() -> None:
    from goalcli.core.signals import goal_signals

    # 0 → 7 walks a week over 280 days, halfway on AS_OF: the road is 3.5 then, 3.33 and 3.15 at
    # the two week ends before. Each of the last three weeks: 2 days excused, 0.45 walks on each
    # of the other 5 (2.25): on the whole week's road that is behind (2.25/7 = 0.32 of the way
    # against 0.5, 0.475, 0.45 less 0.10), over the 5 days it is 3.15 a week (0.45): not behind.
    start, target_date = AS_OF - timedelta(days=140), AS_OF + timedelta(days=140)
    ends = [AS_OF - timedelta(days=7 * back) for back in (2, 1, 0)]
    readings = [(end - timedelta(days=back), 0.45) for end in ends for back in range(5)]
    excused = {end - timedelta(days=back) for end in ends for back in (5, 6)}

    def found(days: set[date]) -> list[str]:
        return [
            signal.kind
            for signal in goal_signals(
                "Walk",
                "weekly_total",
                readings,
                baseline=0,
                target=7,
                start=start,
                target_date=target_date,
                as_of=AS_OF,
                excused=days,
            )
        ]

    assert found(set()) == ["behind"]  # the 2 days left unknown: 5 of 7 known, complete
    assert found(excused) == []
