"""Standard self-report measures (PHQ-9, GAD-7, WHO-5): their data files and exact scoring.

What each measure asks, its answers, bands and thresholds live in the TOML files beside this
module, so a measure can be added or translated without touching code; this module only reads
them and does the arithmetic the publications and NHS Talking Therapies prescribe. Pure: no I/O
beyond reading the package's own data files.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Literal

Reliable = Literal["improvement", "deterioration"]


class MeasureDataError(ValueError):
    """A measure's data file breaks a rule (a gap between bands, a label missing...)."""


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    label: str


@dataclass(frozen=True)
class Followup:
    """A question asked after the items (PHQ-9's difficulty question): recorded, never scored."""

    text: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class Measure:
    id: str
    name: str
    title: str
    question: str
    source: str
    copyright: str
    loinc: str
    items: tuple[str, ...]
    answers: tuple[str, ...]
    bands: tuple[Band, ...]
    higher_is_better: bool
    caseness: int | None
    reliable_change: int | None
    percent_multiplier: int | None
    reliable_change_percent: int | None
    risk_item: int | None
    followup: Followup | None

    @property
    def top_answer(self) -> int:
        return len(self.answers) - 1

    @property
    def top_total(self) -> int:
        return self.top_answer * len(self.items)

    def total(self, answers: Sequence[int]) -> int:
        """The sum of every item's answer; a total needs every item answered."""
        check_answers(self, answers)
        return sum(answers)

    def band(self, total: int) -> str:
        for band in self.bands:
            if band.low <= total <= band.high:
                return band.label
        raise ValueError(f"{self.name} total {total} is outside 0-{self.top_total}")

    def percent(self, total: int) -> int | None:
        """WHO-5's percentage score (raw x 4); None for a measure without one."""
        return None if self.percent_multiplier is None else total * self.percent_multiplier

    def at_caseness(self, total: int) -> bool | None:
        return None if self.caseness is None else total >= self.caseness

    def risk(self, answers: Sequence[int]) -> bool:
        """True when the risk item is answered above 0, whatever the total."""
        return self.risk_item is not None and answers[self.risk_item - 1] > 0

    def asks_followup(self, answers: Sequence[int]) -> bool:
        return self.followup is not None and sum(answers) > 0

    def followup_label(self, answer: int | None) -> str | None:
        """The words of a follow-up answer ("Somewhat difficult"); None for none."""
        if answer is None or self.followup is None:
            return None
        return self.followup.answers[answer]

    def reliable(self, first: int, latest: int) -> Reliable | None:
        """Reliable improvement or deterioration from the first total to the latest, or None."""
        if self.reliable_change_percent is not None and self.percent_multiplier is not None:
            change = (latest - first) * self.percent_multiplier
            threshold = self.reliable_change_percent
        elif self.reliable_change is not None:
            change, threshold = latest - first, self.reliable_change
        else:
            return None
        if abs(change) < threshold:
            return None
        better = change > 0 if self.higher_is_better else change < 0
        return "improvement" if better else "deterioration"


def check_answers(measure: Measure, answers: Sequence[int]) -> None:
    """Every item answered, each with one of the measure's answers (ValueError otherwise)."""
    if len(answers) != len(measure.items):
        raise ValueError(
            f"{measure.name} has {len(measure.items)} items; got {len(answers)} answers."
        )
    for number, answer in enumerate(answers, start=1):
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise ValueError(f"{measure.name} item {number} needs a whole number.")
        if not 0 <= answer <= measure.top_answer:
            raise ValueError(
                f"{measure.name} item {number} is answered 0 to {measure.top_answer} (got {answer})."
            )


@dataclass(frozen=True)
class Recovery:
    """NHS Talking Therapies outcomes when PHQ-9 and GAD-7 are both used."""

    at_caseness_first: bool
    below_caseness_latest: bool
    recovered: bool
    reliable_improvement: bool
    reliable_recovery: bool


def recovery(
    phq9: Measure,
    phq9_first: int,
    phq9_latest: int,
    gad7: Measure,
    gad7_first: int,
    gad7_latest: int,
) -> Recovery:
    """Recovery: at caseness on the first scores (either measure) and below both thresholds on
    the latest. Reliable improvement: reliable improvement on at least one measure and reliable
    deterioration on neither. Reliable recovery: both."""
    first_case = bool(phq9.at_caseness(phq9_first)) or bool(gad7.at_caseness(gad7_first))
    latest_below = not phq9.at_caseness(phq9_latest) and not gad7.at_caseness(gad7_latest)
    changes = (phq9.reliable(phq9_first, phq9_latest), gad7.reliable(gad7_first, gad7_latest))
    improved = "improvement" in changes and "deterioration" not in changes
    recovered = first_case and latest_below
    return Recovery(first_case, latest_below, recovered, improved, recovered and improved)


@dataclass(frozen=True)
class Taken:
    """One taken measure as its history needs it: the day, the total, the risk flag, and the
    answer to an unscored follow-up question (PHQ-9's difficulty) when there is one."""

    day: date
    total: int
    risk: bool = False
    followup: int | None = None


@dataclass(frozen=True)
class Summary:
    """A measure's course: its first and latest totals, the change and whether it is reliable."""

    measure: Measure
    scores: tuple[Taken, ...]  # oldest first
    first: Taken
    latest: Taken
    change: int
    reliable: Reliable | None
    risk_days: tuple[date, ...]


def summarise(measure: Measure, taken: Sequence[Taken]) -> Summary | None:
    """The course of one measure from its scores in any order; None when never taken."""
    if not taken:
        return None
    ordered = tuple(sorted(taken, key=lambda score: score.day))
    first, latest = ordered[0], ordered[-1]
    return Summary(
        measure=measure,
        scores=ordered,
        first=first,
        latest=latest,
        change=latest.total - first.total,
        reliable=measure.reliable(first.total, latest.total),
        risk_days=tuple(score.day for score in ordered if score.risk),
    )


DEFAULT_EVERY_DAYS = 14


def next_due(since: date, every_days: int, last_taken: date | None) -> date:
    """When a scheduled measure is next due: straight away if never taken since it was
    scheduled, else every_days after it was last taken."""
    from datetime import timedelta

    if last_taken is None or last_taken < since:
        return since
    return last_taken + timedelta(days=every_days)


IDS = ("phq9", "gad7", "who5")
"""Every measure goalcli ships, in the order they are listed."""


def known_id(raw: str) -> str:
    """The id of a measure as a person may type it ("PHQ-9", "phq9"); InputError naming the
    closest id for one goalcli does not know."""
    import difflib

    from goalcli.errors import InputError, quote

    key = raw.strip().lower().replace("-", "")
    if key in IDS:
        return key
    close = difflib.get_close_matches(key, IDS, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise InputError(
        f"{quote(raw)} is not a measure goalcli knows{hint}; use one of {', '.join(IDS)}."
    )


def known_ids(raws: Sequence[str]) -> list[str]:
    """Measure ids as known_id reads them, each once, in the order given."""
    return list(dict.fromkeys(known_id(raw) for raw in raws))


def check_ids_text(raw: str) -> list[str]:
    """Measures typed at a question: ids separated by commas or spaces; "none" or nothing for
    none."""
    words = raw.replace(",", " ").split()
    if [word.lower() for word in words] in ([], ["none"]):
        return []
    return known_ids(words)


def measure(measure_id: str) -> Measure:
    """A measure by its id ("phq9"); KeyError for an unknown one."""
    if measure_id not in IDS:
        raise KeyError(measure_id)
    return _load(measure_id)


def all_measures() -> list[Measure]:
    return [measure(measure_id) for measure_id in IDS]


@cache
def _load(measure_id: str) -> Measure:
    text = resources.files(__name__).joinpath(f"{measure_id}.toml").read_text(encoding="utf-8")
    return from_data(tomllib.loads(text))


def from_data(data: dict[str, Any]) -> Measure:
    """A measure from its parsed data file, checked: bands cover 0 to the top total exactly."""
    try:
        followup_data = data.get("followup")
        loaded = Measure(
            id=str(data["id"]),
            name=str(data["name"]),
            title=str(data["title"]),
            question=str(data["question"]),
            source=str(data["source"]),
            copyright=str(data["copyright"]),
            loinc=str(data.get("loinc", "")),
            items=tuple(str(item) for item in data["items"]),
            answers=tuple(str(answer) for answer in data["answers"]),
            bands=tuple(
                Band(int(band["low"]), int(band["high"]), str(band["label"]))
                for band in data["bands"]
            ),
            higher_is_better=bool(data["higher_is_better"]),
            caseness=_optional_int(data, "caseness"),
            reliable_change=_optional_int(data, "reliable_change"),
            percent_multiplier=_optional_int(data, "percent_multiplier"),
            reliable_change_percent=_optional_int(data, "reliable_change_percent"),
            risk_item=_optional_int(data, "risk_item"),
            followup=None
            if followup_data is None
            else Followup(
                str(followup_data["text"]), tuple(str(a) for a in followup_data["answers"])
            ),
        )
    except (KeyError, TypeError) as error:
        raise MeasureDataError(f"missing or malformed key: {error}") from None
    _check(loaded)
    return loaded


def _optional_int(data: dict[str, Any], key: str) -> int | None:
    return None if key not in data else int(data[key])


def _check(loaded: Measure) -> None:
    if not loaded.items or len(loaded.answers) < 2:
        raise MeasureDataError(f"{loaded.id}: needs items and at least two answers")
    if not all(text.strip() for text in (*loaded.items, *loaded.answers)):
        raise MeasureDataError(f"{loaded.id}: an item or answer is empty")
    expected_low = 0
    for band in loaded.bands:
        if band.low != expected_low or band.high < band.low or not band.label.strip():
            raise MeasureDataError(f"{loaded.id}: bands must run from 0 upwards without gaps")
        expected_low = band.high + 1
    if expected_low != loaded.top_total + 1:
        raise MeasureDataError(f"{loaded.id}: bands must end at the top total {loaded.top_total}")
    if loaded.risk_item is not None and not 1 <= loaded.risk_item <= len(loaded.items):
        raise MeasureDataError(f"{loaded.id}: risk_item is not one of its items")
    if loaded.reliable_change is None and loaded.reliable_change_percent is None:
        raise MeasureDataError(f"{loaded.id}: needs a reliable change threshold")
    if not loaded.source.strip() or not loaded.copyright.strip():
        raise MeasureDataError(f"{loaded.id}: needs its source and copyright line")
