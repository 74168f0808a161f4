"""Where a goal stands: its kind, its level (made from several check-ins), its progress from
baseline to target, and its status (achieved, ahead, on track, behind, overdue, starting,
unknown), judged once by standing() for every output; the status and level in words.

These definitions are a public contract; users' own scripts rely on them, so change them only
with a changelog entry. Dates are ``datetime.date``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

EPSILON = 1e-9
"""Tolerance for threshold comparisons, so float fuzz never flips a status."""

STATUS_MARGIN = 0.10
"""How far progress may stray from the expected pace and still be "on track"."""
Direction = Literal["increase", "decrease"]


def direction(baseline: float, target: float) -> Direction:
    """Say whether the goal is to raise or to lower the measure."""
    return "decrease" if target < baseline else "increase"


def progress(baseline: float, target: float, current: float) -> float:
    """Fraction of the way from baseline to target; not clamped (may be < 0 or > 1)."""
    if target == baseline:
        # Intake refuses such goals; answering anyway keeps the function total.
        return 1.0 if current == target else 0.0
    return (current - baseline) / (target - baseline)


def expected_progress(start: date, target_date: date, as_of: date) -> float:
    """Fraction of the planned time that has passed by as_of, clamped to 0..1."""
    total = (target_date - start).days
    if total <= 0:
        return 1.0
    elapsed = (as_of - start).days
    return min(1.0, max(0.0, elapsed / total))


def status(progress: float, expected: float, target_date: date, as_of: date) -> str:
    """Classify a goal as achieved, overdue, ahead, behind or on track."""
    if progress >= 1.0 - EPSILON:
        return "achieved"
    if as_of > target_date:
        return "overdue"
    if progress >= expected + STATUS_MARGIN - EPSILON:
        return "ahead"
    if progress < expected - STATUS_MARGIN - EPSILON:
        return "behind"
    return "on track"


Kind = Literal["reading", "weekly_total"]
KINDS: tuple[Kind, ...] = ("reading", "weekly_total")


def as_kind(value: str) -> Kind:
    """A stored kind, typed (the schema's CHECK allows only the two)."""
    return "weekly_total" if value == "weekly_total" else "reading"


LEVEL_READINGS = 3
"""A reading goal's level is the mean of this many latest readings (and achieving needs them)."""

READING_WINDOW_DAYS = 28
"""Readings older than this (counted back from as_of) no longer make a level; it goes stale."""

WEEK_DAYS = 7


Reading = tuple[date, float]
"""One check-in with a value: its day and the value."""


COMPLETE_WEEK_DAYS = 5
"""A weekly total's 7 days are complete with at most 7 − 5 = 2 days missing (a day before the
goal's start is not missing): fewer known days make the week incomplete."""

UNKNOWN = "unknown"
"""The status of a goal to lower something whose level is too thin to judge (an incomplete week,
a stale reading level): never read as success."""

STATUS_WORDS = {UNKNOWN: "not enough check-ins"}
"""How a status is said on a page; a status not here is said as it is ("on track")."""


def status_words(goal_status: str) -> str:
    """A status as people read it: "unknown" is "not enough check-ins", the rest as they are."""
    return STATUS_WORDS.get(goal_status, goal_status)


@dataclass(frozen=True)
class Level:
    """Where a goal stands, made from several check-ins rather than one lucky value."""

    value: float
    readings: int  # how many check-in values make it (reading: at most 3)
    stale: bool  # a reading goal with no reading in the last 28 days: the latest value ever
    # A weekly total: the days of its 7 with a check-in value (0 is a known day: "none today"),
    # and the days of the 7 that could have one (those on or after the start). None: a reading.
    days_known: int | None = None
    days_counted: int = WEEK_DAYS
    # A weekly total: the days of those counted that are excused (`goal skip`: ill, away); the
    # week is judged over its other days. Always 0 for a reading.
    days_excused: int = 0

    @property
    def complete(self) -> bool:
        """A reading level is complete unless stale; a weekly total by week_complete."""
        if self.days_known is None:
            return not self.stale
        return week_complete(self.days_known, self.days_counted, self.days_excused)

    @property
    def judged_value(self) -> float | None:
        """What the level is judged from: a weekly total with excused days on the scale of a
        whole week (its value × 7 / the days not excused; the same as prorating the baseline and
        the target over those days); None when every day is excused (nothing to judge)."""
        if self.days_known is None or not self.days_excused:
            return self.value
        share = prorated_share(self.days_excused)
        return None if share <= 0 else self.value / share


def week_complete(days_known: int, days_counted: int, days_excused: int = 0) -> bool:
    """Whether a weekly total's week has enough known days to be judged. Without excused days:
    at most 2 of the days that count are unknown. With some: at least 5/7 of the days not
    excused are known (7 × known ≥ 5 × other days: 4 of 5, 5 of 6, 3 of 4, 3 of 3); a week
    whose every day is excused is never complete (nothing is known of it)."""
    if not days_excused:
        return days_counted - days_known <= WEEK_DAYS - COMPLETE_WEEK_DAYS
    other = days_counted - days_excused
    return other > 0 and WEEK_DAYS * days_known >= COMPLETE_WEEK_DAYS * other


def prorated_share(days_excused: int) -> float:
    """The share of a week's target that its days not excused carry: (7 − excused) / 7."""
    return max(0, WEEK_DAYS - days_excused) / WEEK_DAYS


def prorated(amount: float, days_excused: int) -> float:
    """A weekly amount (a target, the road) prorated over the days not excused: 3 walks a week
    with 2 days excused is 3 × 5/7 ≈ 2.1 over the other 5 days; a limit of 7 drinks is 5."""
    return amount * prorated_share(days_excused)


def level(
    kind: Kind,
    readings: Sequence[Reading],
    baseline: float,
    as_of: date,
    start: date | None = None,
    excused: Collection[date] = (),
) -> Level:
    """The level progress is judged from, on as_of.

    reading: the mean of the latest 3 values among those in the 28 days ending as_of; with none
    there, the latest value ever (stale); with no value at all, the baseline.
    weekly_total: the sum of the values of the known days among the 7 ending as_of, with how many
    days are known and how many count (days before `start` do not: nothing was due then), and
    how many of those are `excused` (a day with a value is known, never excused).
    Readings are the check-ins that have a value, one per day.
    """
    known = sorted((day, value) for day, value in readings if day <= as_of)
    if kind == "weekly_total":
        first = as_of - timedelta(days=WEEK_DAYS - 1)
        if start is not None and start > first:
            first = start
        week = [(day, value) for day, value in known if day >= first]
        counted = max(0, (as_of - first).days + 1)
        known_days = {day for day, _ in week}
        return Level(
            float(sum(value for _, value in week)),
            len(week),
            stale=False,
            days_known=len(known_days),
            days_counted=counted,
            days_excused=len({day for day in excused if first <= day <= as_of} - known_days),
        )
    first = as_of - timedelta(days=READING_WINDOW_DAYS - 1)
    recent = [value for day, value in known if day >= first][-LEVEL_READINGS:]
    if recent:
        return Level(sum(recent) / len(recent), len(recent), stale=False)
    if known:
        return Level(known[-1][1], 1, stale=True)
    return Level(baseline, 0, stale=False)


def is_starting(kind: Kind, start: date, as_of: date) -> bool:
    """A weekly total is 'starting' until the 7 days ending as_of all fall on or after its start."""
    return kind == "weekly_total" and (as_of - start).days < WEEK_DAYS - 1


def can_be_achieved(kind: Kind, goal_level: Level, start: date, as_of: date) -> bool:
    """Achieved needs a sustained level: 3 readings, or a full first week of totals."""
    if kind == "weekly_total":
        return not is_starting(kind, start, as_of)
    return goal_level.readings >= LEVEL_READINGS


def judged_status(
    kind: Kind,
    goal_level: Level,
    progress_made: float,
    expected: float,
    start: date,
    target_date: date,
    as_of: date,
    goal_direction: Direction = "increase",
) -> str:
    """status(), with the rules against premature or flattering verdicts: 'starting' for a
    weekly total in its first week; 'unknown' for a goal to lower something whose level is not
    complete (an incomplete week: its unknown days would read as zeros; a stale reading); and no
    'achieved' before the level is sustained (judged as not achieved). A goal to raise something
    is judged on an incomplete week as it stands: its total is a lower bound. A weekly total
    whose 7 days are all excused is 'unknown' whichever its direction: nothing is known."""
    if is_starting(kind, start, as_of):
        return "starting"
    if goal_level.judged_value is None:
        return UNKNOWN
    if goal_direction == "decrease" and not goal_level.complete:
        return UNKNOWN
    if progress_made >= 1.0 - EPSILON and not can_be_achieved(kind, goal_level, start, as_of):
        progress_made = min(progress_made, 1.0 - 2 * EPSILON)  # judged as not (yet) achieved
    return status(progress_made, expected, target_date, as_of)


@dataclass(frozen=True)
class Standing:
    """Where a goal stands on a day, judged once (standing()) for every page that shows it."""

    kind: Kind
    direction: Direction
    level: Level
    progress: float  # from the level; for an unjudged level of a decrease goal an upper bound
    expected: float
    status: str

    @property
    def days_known(self) -> int | None:
        return self.level.days_known

    @property
    def complete(self) -> bool:
        return self.level.complete

    @property
    def at_least(self) -> bool:
        """A goal to raise something judged on an incomplete week: its total is a lower bound."""
        return self.direction == "increase" and not self.complete

    @property
    def judged(self) -> bool:
        return progress_judged(self.direction, self.status)


def progress_judged(goal_direction: str, goal_status: str) -> bool:
    """Whether a goal's level may be shown as a figure of progress (a percentage, "down 18 from
    the start"): not for a goal to lower something on a level too thin to judge, nor on the
    part-week of its first week, where the unknown days would read as zeros; for no goal
    judged 'unknown' (a week all excused)."""
    if goal_status == UNKNOWN:
        return False
    return goal_direction == "increase" or goal_status != "starting"


def standing(
    kind: Kind,
    readings: Sequence[Reading],
    baseline: float,
    target: float,
    start: date,
    target_date: date,
    as_of: date,
    excused: Collection[date] = (),
) -> Standing:
    """The one judgement of a goal on as_of (level, progress, status) that every output uses:
    the report and its pages, `goal show`, the check-in line and the caseload. A weekly total
    with `excused` days in its 7 is judged over its other days: progress from judged_value,
    the target prorated over them."""
    goal_level = level(kind, readings, baseline, as_of, start, excused)
    goal_direction = direction(baseline, target)
    judged_value = goal_level.judged_value
    # A week all excused has nothing to judge: no progress either way (its status says unknown).
    done = progress(baseline, target, baseline if judged_value is None else judged_value)
    expected = expected_progress(start, target_date, as_of)
    judged = judged_status(
        kind, goal_level, done, expected, start, target_date, as_of, goal_direction
    )
    return Standing(kind, goal_direction, goal_level, done, expected, judged)


def days_logged_words(days_known: int, days_counted: int) -> str:
    """ "3 of 7 days logged", "1 of 1 day logged"."""
    return f"{days_known} of {days_counted} day{'' if days_counted == 1 else 's'} logged"


def excused_words(days_excused: int) -> str:
    """ "1 day excused", "2 days excused"."""
    return f"{days_excused} day{'' if days_excused == 1 else 's'} excused"


def level_words(
    kind: str,
    goal_direction: str,
    value: str,
    days_known: int | None,
    days_counted: int,
    days_excused: int = 0,
    prorated_target: str = "",
) -> str:
    """The level as a page labels it; `value` is the level already written with its unit.

    weekly total: "last 7 days: 8", with the days logged when some are missing ("last 7 days: 8
    (6 of 7 days logged)"); incomplete, a goal to raise something reads "at least 2 (3 of 7 days
    logged)" and a goal to lower something, whose status says "not enough check-ins", "only 3 of
    7 days logged (5 drinks on those)" or "0 of 7 days logged". A reading: "level 4".
    With excused days the days logged are counted over the others and the week says so, with
    the target prorated over them when given ("last 7 days: 2 (2 days excused: target 2.1
    over the other 5)"); a week all excused reads "last 7 days: all 7 days excused".
    """
    if kind != "weekly_total" or days_known is None:
        return f"level {value}"
    other = days_counted - days_excused
    if days_excused and other <= 0:
        return f"last 7 days: all {days_counted} days excused"
    logged = days_logged_words(days_known, other)
    excused = ""
    if days_excused:
        excused = excused_words(days_excused)
        if prorated_target:
            excused += f": target {prorated_target} over the other {other}"
    if week_complete(days_known, days_counted, days_excused):
        said = "; ".join(part for part in (logged if days_known < other else "", excused) if part)
        return f"last 7 days: {value}" + (f" ({said})" if said else "")
    if days_excused:
        logged += f"; {excused_words(days_excused)}"
    if goal_direction == "increase":
        return f"last 7 days: at least {value} ({logged})"
    if days_known == 0:
        return f"last 7 days: {logged}"
    return f"last 7 days: only {logged} ({value} on those)"


UNUSUAL_FACTOR = 3
"""A value more than this many times the larger of baseline and target looks like a typo."""


def unusual_value(kind: Kind, baseline: float, target: float, value: float) -> bool:
    """Whether a day's value lies far outside the goal's scale: more than 3× the larger of
    baseline and target, or below 0 for a count (a weekly total, or a goal whose baseline and
    target are both 0 or more). For a weekly total pass the day's total after the entry."""
    largest = max(baseline, target)
    if largest > 0 and value > UNUSUAL_FACTOR * largest + EPSILON:
        return True
    counts = kind == "weekly_total" or min(baseline, target) >= 0
    return counts and value < 0


def unusual_words(kind: Kind, value: str) -> str:
    """What is asked about: "11 walks in one day" (a weekly total's day) or "300 minutes";
    `value` is the value already written with its unit."""
    return f"{value} in one day" if kind == "weekly_total" else value
