"""Signals: who is not on track, and why (issue 27). Pure: stdlib only, no I/O.

A signal is information for the therapist, never a verdict: nothing here changes a status or
blocks anything. Each carries its kind, what it is about (a measure or a goal), since when, the
rule in words and the figures it rests on. The rules and their sources are in docs/signals.md:
- `reliable deterioration` (a questionnaire): the latest total is worse than the first by at
  least the measure's reliable-change threshold (Jacobson & Truax 1991; NHS Talking Therapies
  thresholds: PHQ-9 6, GAD-7 4, WHO-5 10 percentage points, read from the measure's data file).
- `no reliable improvement` (a questionnaire): at least 3 administrations spanning at least
  6 weeks, the latest still at or above caseness, and no reliable improvement from the first.
- `behind` (a goal): behind the road at the end of each of the last 3 or more weeks with known
  data; an incomplete week neither breaks nor extends the run (Lambert's OQ-45 not-on-track
  signal compares the course with an expected path in the same way).
- `stalled` (a goal): behind, and its trend steady or worsening at each of the last 4 week ends.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from goalcli.core import weeks as weekly
from goalcli.core.measures import Measure, Taken
from goalcli.core.progress import levels, trends

SignalKind = Literal["reliable deterioration", "no reliable improvement", "behind", "stalled"]

KIND_ORDER: tuple[SignalKind, ...] = (
    "reliable deterioration",
    "no reliable improvement",
    "behind",
    "stalled",
)
"""How signals are listed: a reliable deterioration first (the caseload sorts by it)."""

NO_IMPROVEMENT_ADMINISTRATIONS = 3
NO_IMPROVEMENT_SPAN_DAYS = 42
BEHIND_WEEKS = 3
STALLED_WEEKS = 4
LOOKBACK_WEEKS = 12
"""How many week ends back a goal's run of behind weeks is looked for."""

NUMBER_WORDS = {3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


@dataclass(frozen=True)
class Signal:
    kind: SignalKind
    subject: Literal["measure", "goal"]
    name: str  # the measure's name ("PHQ-9") or the goal's name
    since: date
    why: str
    figures: dict[str, float | int | str] = field(default_factory=dict)
    weeks: int | None = None  # behind: how many weeks in the run
    goal_id: int | None = None  # a goal's id: titles may repeat, ids don't

    def as_json(self) -> dict[str, object]:
        made: dict[str, object] = {"kind": self.kind, self.subject: self.name}
        if self.goal_id is not None:
            made["goal_id"] = self.goal_id
        made.update(since=self.since.isoformat(), why=self.why, figures=dict(self.figures))
        return made


def _points(measure: Measure, change: int) -> int:
    """A change as the measure's threshold counts it (WHO-5: percentage points)."""
    if measure.reliable_change_percent is not None and measure.percent_multiplier is not None:
        return change * measure.percent_multiplier
    return change


def _unit(measure: Measure) -> str:
    return "percentage points" if measure.reliable_change_percent is not None else "points"


def _threshold(measure: Measure) -> int:
    if measure.reliable_change_percent is not None:
        return measure.reliable_change_percent
    return measure.reliable_change or 0


def measure_signals(measure: Measure, taken: Sequence[Taken]) -> list[Signal]:
    """The questionnaire signals of one measure from its scores (any order)."""
    if not taken:
        return []
    ordered = sorted(taken, key=lambda score: score.day)
    first, latest = ordered[0], ordered[-1]
    change = _points(measure, latest.total - first.total)
    worse = -change if measure.higher_is_better else change
    figures: dict[str, float | int | str] = {
        "first": first.total,
        "latest": latest.total,
        "first_day": first.day.isoformat(),
        "latest_day": latest.day.isoformat(),
        "threshold": _threshold(measure),
        "administrations": len(ordered),
    }
    verdict = measure.reliable(first.total, latest.total)
    found: list[Signal] = []
    if verdict == "deterioration":
        way = "below" if measure.higher_is_better else "above"
        since = next(
            score.day
            for score in ordered[1:]
            if measure.reliable(first.total, score.total) == "deterioration"
        )
        found.append(
            Signal(
                "reliable deterioration",
                "measure",
                measure.name,
                since,
                f"{measure.name} is {worse} {_unit(measure)} {way} its first score, "
                f"{latest.total} vs {first.total} — a reliable deterioration",
                figures,
            )
        )
    span = (latest.day - first.day).days
    if (
        len(ordered) >= NO_IMPROVEMENT_ADMINISTRATIONS
        and span >= NO_IMPROVEMENT_SPAN_DAYS
        and measure.at_caseness(latest.total)
        and verdict != "improvement"
    ):
        found.append(
            Signal(
                "no reliable improvement",
                "measure",
                measure.name,
                first.day,
                f"{measure.name} is still at or above caseness ({latest.total}, caseness "
                f"{measure.caseness}) after {len(ordered)} scores over {span // 7} weeks, "
                f"with no reliable improvement from its first score {first.total}",
                {**figures, "caseness": measure.caseness or 0, "span_days": span},
            )
        )
    return found


def _behind_at(week: weekly.Week, baseline: float, target: float, target_date: date) -> bool:
    assert week.judged_level is not None
    # A week with excused days is judged over its other days (core.weeks), as the standing is.
    done = levels.progress(baseline, target, week.judged_level)
    expected = levels.progress(baseline, target, week.expected)
    return levels.status(done, expected, target_date, week.end) in ("behind", "overdue")


def goal_signals(
    name: str,
    kind: levels.Kind,
    readings: Sequence[levels.Reading],
    *,
    baseline: float,
    target: float,
    start: date,
    target_date: date,
    as_of: date,
    goal_id: int | None = None,
    excused: Collection[date] = (),
) -> list[Signal]:
    """The goal signals of one goal on as_of: `behind` (a run of 3 or more weeks behind the
    road, counting only complete weeks, each judged over its days not `excused`) and
    `stalled`."""
    ends = weekly.week_ends(start, as_of, LOOKBACK_WEEKS)
    series = weekly.weekly_series(
        kind,
        readings,
        baseline=baseline,
        target=target,
        start=start,
        target_date=target_date,
        ends=ends,
        excused=excused,
    )
    known = [week for week in series if week.complete and week.level is not None]
    run: list[weekly.Week] = []
    for week in reversed(known):
        if not _behind_at(week, baseline, target, target_date):
            break
        run.append(week)
    run.reverse()
    found: list[Signal] = []
    if len(run) < BEHIND_WEEKS:
        return found
    count = len(run)
    figures: dict[str, float | int | str] = {
        "weeks": count,
        "latest_level": round(run[-1].level or 0.0, 2),
        "latest_expected": round(run[-1].expected_prorated, 2),
        "latest_week_end": run[-1].end.isoformat(),
    }
    found.append(
        Signal(
            "behind",
            "goal",
            name,
            run[0].start,
            f"{name} has been behind the road at the end of each of the last "
            f"{NUMBER_WORDS.get(count, str(count))} weeks with known data "
            f"(latest {_figure(run[-1].level)} vs {_figure(run[-1].expected_prorated)} planned)",
            figures,
            weeks=count,
            goal_id=goal_id,
        )
    )
    directions = [
        trends.trend(
            kind, readings, baseline, target, start, as_of - timedelta(days=7 * back), excused
        )
        for back in range(STALLED_WEEKS - 1, -1, -1)
    ]
    if count >= STALLED_WEEKS and all(
        found_trend is not None and found_trend.direction != "improving"
        for found_trend in directions
    ):
        found.append(
            Signal(
                "stalled",
                "goal",
                name,
                run[-STALLED_WEEKS].start,
                f"{name} is behind and its trend has been steady or worsening for four weeks",
                {**figures, "trend_weeks": STALLED_WEEKS},
                goal_id=goal_id,
            )
        )
    return found


def _figure(value: float | None) -> str:
    if value is None:
        return "unknown"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def ordered(found: Sequence[Signal]) -> list[Signal]:
    """Signals in KIND_ORDER, then by name."""
    return sorted(found, key=lambda signal: (KIND_ORDER.index(signal.kind), signal.name))


def one_line(found: Sequence[Signal]) -> str:
    """All signals on one line, as `goal report`'s table shows them."""
    return entries_line([signal.as_json() for signal in ordered(found)])


def entries_line(entries: Sequence[Mapping[str, object]]) -> str:
    """The JSON report's signals (already ordered) on one line: "Signals: behind: Walk; ..."; ""
    for none."""
    if not entries:
        return ""
    named = (f"{entry['kind']}: {entry.get('goal') or entry.get('measure')}" for entry in entries)
    return "Signals: " + "; ".join(named)
