"""The measures' data files and their scoring, on hand-computed cases at every named boundary."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from goalcli.core import measures
from goalcli.core.measures import MeasureDataError, from_data, measure, recovery

PHQ9 = measure("phq9")
GAD7 = measure("gad7")
WHO5 = measure("who5")


def phq9_answers(total: int, item9: int = 0) -> list[int]:
    """Nine answers adding up to `total`, item 9 set to `item9`, filled from item 1."""
    answers = [0] * 9
    answers[8] = item9
    left = total - item9
    for index in range(8):
        answers[index] = min(3, left)
        left -= answers[index]
    assert left == 0 and sum(answers) == total
    return answers


# -- the data files ------------------------------------------------------------------------


@pytest.mark.parametrize("measure_id", measures.IDS)
def test_every_data_file_loads_and_keeps_its_source_and_copyright(measure_id: str) -> None:
    loaded = measure(measure_id)
    assert loaded.id == measure_id
    assert loaded.source and loaded.copyright
    assert loaded.bands[0].low == 0 and loaded.bands[-1].high == loaded.top_total


def test_the_published_shapes() -> None:
    assert (len(PHQ9.items), PHQ9.top_total, PHQ9.loinc) == (9, 27, "44261-6")
    assert (len(GAD7.items), GAD7.top_total, GAD7.loinc) == (7, 21, "70274-6")
    assert (len(WHO5.items), WHO5.top_total) == (5, 25)
    assert PHQ9.answers == (
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    )
    assert GAD7.answers == PHQ9.answers
    assert WHO5.answers[0] == "At no time" and WHO5.answers[5] == "All of the time"
    assert PHQ9.followup is not None and GAD7.followup is None
    assert "Pfizer" in PHQ9.copyright and "Pfizer" in GAD7.copyright
    assert "WHO Collaborating Centre" in WHO5.copyright


def _phq9_data() -> dict[str, object]:
    text = resources.files("goalcli.core.measures").joinpath("phq9.toml").read_text("utf-8")
    return tomllib.loads(text)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["bands"].pop(1),  # a gap between 4 and 10
        lambda d: d["bands"][-1].update(high=26),  # stops short of the top total
        lambda d: d.pop("copyright"),
        lambda d: d.update(source=" "),
        lambda d: d.update(risk_item=10),
        lambda d: d["items"].append(""),
        lambda d: d.pop("reliable_change"),
    ],
)
def test_a_broken_data_file_is_refused(change) -> None:  # type: ignore[no-untyped-def]
    data = _phq9_data()
    change(data)
    with pytest.raises(MeasureDataError):
        from_data(data)


# -- totals and bands ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_bands_at_every_boundary(total: int, band: str) -> None:
    assert PHQ9.total(phq9_answers(total, item9=max(0, total - 24))) == total
    assert PHQ9.band(total) == band


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_bands(total: int, band: str) -> None:
    assert GAD7.band(total) == band


def test_caseness_boundaries() -> None:
    assert (PHQ9.at_caseness(9), PHQ9.at_caseness(10)) == (False, True)
    assert (GAD7.at_caseness(7), GAD7.at_caseness(8)) == (False, True)
    assert WHO5.at_caseness(0) is None


def test_who5_percentage_and_poor_wellbeing_below_13() -> None:
    assert WHO5.total([3, 3, 2, 2, 2]) == 12
    assert WHO5.percent(12) == 48
    assert WHO5.band(12) == "poor wellbeing"
    assert WHO5.band(13) == "above the cut-off"
    assert WHO5.percent(25) == 100
    assert PHQ9.percent(10) is None


def test_every_item_must_be_answered_within_its_range() -> None:
    with pytest.raises(ValueError, match="9 items"):
        PHQ9.total([1] * 8)
    with pytest.raises(ValueError, match="item 3"):
        PHQ9.total([0, 0, 4, 0, 0, 0, 0, 0, 0])
    with pytest.raises(ValueError, match="item 1"):
        WHO5.total([-1, 0, 0, 0, 0])


# -- the risk item --------------------------------------------------------------------------


@pytest.mark.parametrize("total", range(28))
def test_item_9_above_0_is_a_risk_at_every_total(total: int) -> None:
    # Every way item 9 can be above 0 at this total (1 up to 25, 2 up to 26, 3 up to 27).
    for item9 in (1, 2, 3):
        if item9 <= total <= 24 + item9:
            assert PHQ9.risk(phq9_answers(total, item9=item9))
    if total <= 24:
        assert not PHQ9.risk(phq9_answers(total, item9=0))


def test_a_total_of_1_from_item_9_alone_is_a_risk() -> None:
    answers = [0, 0, 0, 0, 0, 0, 0, 0, 1]
    assert PHQ9.total(answers) == 1 and PHQ9.band(1) == "minimal"
    assert PHQ9.risk(answers)
    assert not GAD7.risk([3] * 7)  # GAD-7 has no risk item


def test_the_difficulty_question_is_asked_only_above_0() -> None:
    assert not PHQ9.asks_followup([0] * 9)
    assert PHQ9.asks_followup(phq9_answers(1))
    assert not GAD7.asks_followup([1] * 7)


# -- reliable change ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "latest", "expected"),
    [
        (18, 12, "improvement"),  # down exactly 6
        (18, 13, None),  # down 5
        (12, 18, "deterioration"),  # up exactly 6
        (12, 17, None),
        (10, 10, None),
    ],
)
def test_phq9_reliable_change(first: int, latest: int, expected: str | None) -> None:
    assert PHQ9.reliable(first, latest) == expected


@pytest.mark.parametrize(
    ("first", "latest", "expected"),
    [(12, 8, "improvement"), (12, 9, None), (8, 12, "deterioration"), (8, 11, None)],
)
def test_gad7_reliable_change(first: int, latest: int, expected: str | None) -> None:
    assert GAD7.reliable(first, latest) == expected


@pytest.mark.parametrize(
    ("first", "latest", "expected"),
    [
        (10, 13, "improvement"),  # 40% -> 52%: up 12 points
        (10, 12, None),  # up 8 points
        (13, 10, "deterioration"),
        (13, 11, None),
    ],
)
def test_who5_reliable_change_is_10_percentage_points_and_higher_is_better(
    first: int, latest: int, expected: str | None
) -> None:
    assert WHO5.reliable(first, latest) == expected


# -- recovery (NHS Talking Therapies) ------------------------------------------------------


def test_recovery_and_reliable_recovery() -> None:
    # PHQ-9 18 -> 9 (reliable, below 10), GAD-7 12 -> 7 (reliable, below 8).
    outcome = recovery(PHQ9, 18, 9, GAD7, 12, 7)
    assert outcome.at_caseness_first and outcome.below_caseness_latest
    assert outcome.recovered and outcome.reliable_improvement and outcome.reliable_recovery


def test_recovered_without_reliable_improvement() -> None:
    # PHQ-9 10 -> 9 (down 1), GAD-7 8 -> 7 (down 1): over the line, not reliably.
    outcome = recovery(PHQ9, 10, 9, GAD7, 8, 7)
    assert outcome.recovered and not outcome.reliable_improvement and not outcome.reliable_recovery


def test_caseness_on_either_measure_at_first_is_enough() -> None:
    assert recovery(PHQ9, 4, 2, GAD7, 8, 3).recovered
    assert recovery(PHQ9, 10, 3, GAD7, 2, 2).recovered
    not_a_case = recovery(PHQ9, 9, 2, GAD7, 7, 1)
    assert not not_a_case.at_caseness_first and not not_a_case.recovered


def test_still_at_caseness_on_one_measure_is_not_recovery() -> None:
    outcome = recovery(PHQ9, 20, 9, GAD7, 15, 8)  # GAD-7 latest 8: still at caseness
    assert not outcome.recovered and outcome.reliable_improvement


def test_reliable_deterioration_on_one_cancels_reliable_improvement() -> None:
    # PHQ-9 down 6 (improvement), GAD-7 up 4 (deterioration).
    outcome = recovery(PHQ9, 16, 10, GAD7, 4, 8)
    assert not outcome.reliable_improvement and not outcome.reliable_recovery


def test_unknown_measure() -> None:
    with pytest.raises(KeyError):
        measure("bdi")


# -- a measure's course and its schedule -----------------------------------------------------


def test_summary_orders_by_day_and_keeps_risk_days() -> None:
    from datetime import date

    from goalcli.core.measures import Taken, summarise

    summary = summarise(
        PHQ9,
        [
            Taken(date(2026, 11, 20), 12, risk=True),
            Taken(date(2026, 11, 6), 18),
            Taken(date(2026, 11, 13), 15),
        ],
    )
    assert summary is not None
    assert (summary.first.total, summary.latest.total, summary.change) == (18, 12, -6)
    assert summary.reliable == "improvement"
    assert summary.risk_days == (date(2026, 11, 20),)
    assert summarise(PHQ9, []) is None


def test_next_due() -> None:
    from datetime import date

    from goalcli.core.measures import next_due

    since = date(2026, 11, 1)
    assert next_due(since, 14, None) == since
    assert next_due(since, 14, date(2026, 10, 30)) == since  # taken before it was scheduled
    assert next_due(since, 14, date(2026, 11, 12)) == date(2026, 11, 26)
