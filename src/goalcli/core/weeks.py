"""A goal week by week, as every chart draws it (`goal show`, the report's sparkline, the
Markdown table and the session page's SVG): one pure function, so no output can draw a week
differently from another.

The rules (issue 23, "Charts and figures that show what happened"):
- Nothing before the goal's start date is plotted or counted: a week that begins before the
  start holds only its days from the start on, and those earlier days are not missing.
- A day is *known* when it has a check-in with a value for the goal (a value of 0 is known).
- A weekly total's level is the sum of its known days; a week with no known day has no level
  (a gap, never a 0); a week with fewer than INCOMPLETE_BELOW known days is incomplete, drawn
  hollow with its days known in words.
- A reading goal's level is core.progress.levels.level on the week's last day (the mean of its latest
  readings); before its first reading it has none (a gap, never the baseline passed off as a
  measurement), and a stale level (no reading in 28 days) is incomplete.
- An excused day (`goal skip`: ill, away) is neither known nor missing. A weekly total's week
  is judged over its other days (core.progress.levels.week_complete), and drawn against the road
  prorated over them (expected_prorated: 3 a week with 2 days excused is 2.1); a week all excused
  has no level (a gap) and is not complete. A reading's week only says how many days were excused.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from goalcli.core.progress import levels

INCOMPLETE_BELOW = 5
"""A weekly total's week with fewer known days than this is incomplete."""


@dataclass(frozen=True)
class Week:
    """The 7 days ending on `end`: the goal's level then, how many of its days are known and
    counted, and where the road (baseline on the start date to target on the target date) says
    the level should be by `end`."""

    start: date  # end − 6, even when that is before the goal's start
    end: date
    level: float | None  # None: nothing known to draw (a gap)
    days_known: int  # days from max(start, goal start) to end with a value
    days_counted: int  # days from max(start, goal start) to end: 7, fewer in the first week
    complete: bool
    expected: float
    days_excused: int = 0  # days from max(start, goal start) to end excused (`goal skip`)
    share: float = 1.0  # a weekly total: the share of its target the days not excused carry

    @property
    def judged_level(self) -> float | None:
        """The level on the scale of a whole week (core.progress.levels.Level.judged_value)."""
        return None if self.level is None else self.level / self.share

    @property
    def expected_prorated(self) -> float:
        """Where the road expects the level over the week's days not excused: what the level
        (the known days' total) is drawn against."""
        return self.expected * self.share


def week_ends(start: date, as_of: date, weeks: int) -> list[date]:
    """The last days of the (at most) `weeks` 7-day weeks ending as_of, oldest first. Weeks that
    end before the goal's start are left out (there was nothing to measure yet), and so is one
    ending on the start date itself: the start point (the baseline on that day) stands there."""
    ends = [as_of - timedelta(days=7 * back) for back in range(weeks - 1, -1, -1)]
    return [end for end in ends if end > start]


def road(baseline: float, target: float, start: date, target_date: date, day: date) -> float:
    """Where the plan expects the level on `day`: baseline + (target − baseline) · elapsed share."""
    return baseline + (target - baseline) * levels.expected_progress(start, target_date, day)


def weekly_series(
    kind: levels.Kind,
    readings: Sequence[levels.Reading],
    *,
    baseline: float,
    target: float,
    start: date,
    target_date: date,
    ends: Sequence[date],
    excused: Collection[date] = (),
) -> list[Week]:
    """One Week per day of `ends` (oldest first). `readings`: the goal's (day, value) check-ins;
    those before `start` are ignored; `excused`: its excused days."""
    own = [(day, value) for day, value in readings if day >= start]
    # Sorted once, so that each week reads its own days (and a reading goal's level the days it
    # looks at) by bisection rather than every reading again: 12 weeks of 50 goals at scale.
    ordered = sorted(own)
    days = [day for day, _ in ordered]
    weeks = []
    for end in ends:
        first = max(end - timedelta(days=levels.WEEK_DAYS - 1), start)
        upto = bisect_right(days, end)
        known_days = set(days[bisect_left(days, first) : upto])
        known = len(known_days)
        counted = max((end - first).days + 1, 0)
        days_excused = len({day for day in excused if first <= day <= end} - known_days)
        share = 1.0
        level: float | None
        if kind == "weekly_total":
            level = (
                float(sum(value for day, value in own if first <= day <= end)) if known else None
            )
            if days_excused:
                complete = levels.week_complete(known, counted, days_excused)
                share = levels.prorated_share(days_excused) or 1.0  # all excused: no level
            else:
                complete = known >= INCOMPLETE_BELOW
        else:
            # levels.level reads the readings of the 28 days ending `end`, or else the latest
            # before them: those, and the one before them, give it the same level.
            recent_first = end - timedelta(days=levels.READING_WINDOW_DAYS - 1)
            since = max(bisect_left(days, recent_first) - 1, 0)
            measured = levels.level(kind, ordered[since:upto], baseline, end)
            level = measured.value if measured.readings else None
            complete = level is not None and not measured.stale
        weeks.append(
            Week(
                start=end - timedelta(days=levels.WEEK_DAYS - 1),
                end=end,
                level=level,
                days_known=known,
                days_counted=counted,
                complete=complete,
                expected=road(baseline, target, start, target_date, end),
                days_excused=days_excused,
                share=share,
            )
        )
    return weeks


def reaches_start(first_week_start: date, start: date) -> bool:
    """Whether a chart whose first week begins on `first_week_start` reaches back to the goal's
    start date (no week between was left out), and so begins with the start point: the baseline
    on the start date."""
    return first_week_start <= start + timedelta(days=1)


def known_words(week_days_known: int, week_days_counted: int, week_days_excused: int = 0) -> str:
    """ "3 of 7 days logged"; a first week that began before the start counts its days from the
    start ("2 of 4 days since the start logged"); excused days are counted apart ("3 of 5 days
    logged, 2 days excused"; "all 7 days excused")."""
    other = week_days_counted - week_days_excused
    if week_days_excused and other <= 0:
        return f"all {week_days_counted} days excused"
    excused = f", {levels.excused_words(week_days_excused)}" if week_days_excused else ""
    if week_days_counted >= levels.WEEK_DAYS:
        return f"{levels.days_logged_words(week_days_known, other)}{excused}"
    days = "day" if other == 1 else "days"
    return f"{week_days_known} of {other} {days} since the start logged{excused}"
