"""Who needs attention first, and why in words: the caseload's judgement. Pure, no I/O.

Each sign of need adds to a score (the caseload sorts by it, highest first) and says itself as
a short phrase a therapist can read at a glance ("no check-in for 13 days"). The weights put
risk first (the low-mood rule), then silence and low moods, then goals and reviews.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from goalcli.core import safety
from goalcli.core.progress.review_scores import gbo_change, gbo_deteriorated
from goalcli.core.text import plural

SILENT_DAYS = 3
"""No check-in for this many days or more is worth a word."""

LOW_MOOD_RULE = 100
LOW_MOOD_DAY = 20
SILENT_DAY = 5
OVERDUE_GOAL = 15
BEHIND_GOAL = 10
GBO_WORSE = 15
REVIEW_DUE = 10
RISK_ANSWER = 200
"""A risk answer (PHQ-9 item 9 above 0) since the last review outweighs everything else."""
RELIABLE_DETERIORATION = 50
OTHER_SIGNAL = 5

# The caseload sorts by priority first (lowest first), then by score (issue 27): risk (a risk
# answer, the low-mood rule), then a reliable deterioration on a questionnaire, then silence,
# then the other signals (core.signals), then everyone else.
PRIORITY_RISK = 1
PRIORITY_DETERIORATION = 2
PRIORITY_SILENCE = 3
PRIORITY_SIGNAL = 4
PRIORITY_REST = 5

_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_words(count: int, singular: str, many: str | None = None) -> str:
    """'two low-mood days', '1 goal' as words up to ten ('one goal'), digits beyond."""
    if 0 <= count < len(_WORDS):
        return f"{_WORDS[count]} {singular if count == 1 else (many or singular + 's')}"
    return plural(count, singular, many)


@dataclass(frozen=True)
class Facts:
    """What the caseload knows of one profile on `today`."""

    last_checkin: date | None
    recent_moods: Sequence[tuple[date, int]]  # newest first: the last 3 logged, and the week's
    statuses: Sequence[str]  # of the active goals (core.progress.levels.judged_status)
    gbo_changes: Sequence[int | None]  # per active goal, latest minus first GBO rating
    last_review: date | None
    review_every: int
    started: date | None  # the earliest start of the active goals; None without any
    risk_days: Sequence[date] = ()  # days a questionnaire's risk item was answered above 0
    # (kind, measure or goal name) of each signal (core.signals), in core.signals' order
    signals: Sequence[tuple[str, str]] = ()
    # Days excused for an active goal (`goal skip`: ill, away) since the last check-in (or the
    # start): the person said why, so they are not counted as silence.
    excused_days: Collection[date] = ()


@dataclass(frozen=True)
class Attention:
    score: int
    reasons: list[str]
    low_mood_rule: bool
    low_mood_days: int  # in the 7 days ending today
    lowest_mood: int | None  # in the 7 days ending today
    days_silent: int | None  # since the last check-in; None with none ever
    review_due: bool
    priority: int = PRIORITY_REST  # the caseload sorts by this first (PRIORITY_*)


def low_mood_days(recent_moods: Sequence[tuple[date, int]], today: date) -> list[int]:
    """The moods logged in the 7 days ending today."""
    first = today - timedelta(days=6)
    return [mood for day, mood in recent_moods if first <= day <= today]


def review_is_due(
    last_review: date | None, review_every: int, today: date, started: date | None
) -> bool:
    """Due when `review_every` days have passed since the last review, or with none yet since
    the goals started; never without active goals."""
    since = last_review or started
    return since is not None and started is not None and (today - since).days >= review_every


def attention(facts: Facts, today: date) -> Attention:
    """The score and the reasons, most serious first."""
    rule = safety.needs_note(facts.recent_moods, today)
    week = low_mood_days(facts.recent_moods, today)
    low_days = sum(1 for mood in week if mood <= safety.LOW_MOOD)
    silent = None if facts.last_checkin is None else (today - facts.last_checkin).days
    due = review_is_due(facts.last_review, facts.review_every, today, facts.started)
    # (points, reason) in the order the reasons are read: most serious first.
    weighed = _risk_reasons(facts)
    if rule:
        weighed.append((LOW_MOOD_RULE, "low-mood rule fired (last three moods 2 or lower)"))
    deteriorated = [name for kind, name in facts.signals if kind == "reliable deterioration"]
    if deteriorated:
        weighed.append(
            (
                RELIABLE_DETERIORATION * len(deteriorated),
                f"reliable deterioration on {', '.join(deteriorated)}",
            )
        )
    silence = _silence_reasons(facts, today, silent)
    if low_days:
        weighed.append(
            (LOW_MOOD_DAY * low_days, f"{count_words(low_days, 'low-mood day')} in the last 7 days")
        )
    weighed += silence
    others = _signal_reasons(facts)
    weighed += others
    weighed += _goal_reasons(facts)
    if due:
        weighed.append((REVIEW_DUE, _review_words(facts, today)))
    return Attention(
        score=sum(points for points, _ in weighed),
        reasons=[reason for _, reason in weighed],
        low_mood_rule=rule,
        low_mood_days=low_days,
        lowest_mood=min(week) if week else None,
        days_silent=silent,
        review_due=due,
        priority=_priority(
            rule or bool(_risk_reasons(facts)), bool(deteriorated), bool(silence), bool(others)
        ),
    )


def _priority(risk: bool, deteriorated: bool, silent: bool, signalled: bool) -> int:
    if risk:
        return PRIORITY_RISK
    if deteriorated:
        return PRIORITY_DETERIORATION
    if silent:
        return PRIORITY_SILENCE
    return PRIORITY_SIGNAL if signalled else PRIORITY_REST


def _signal_reasons(facts: Facts) -> list[tuple[int, str]]:
    """The signals other than a reliable deterioration, each named: "no reliable improvement
    on PHQ-9", "two goals behind for 3 weeks or more", "one goal stalled"."""
    reasons = []
    stuck = [name for kind, name in facts.signals if kind == "no reliable improvement"]
    if stuck:
        reasons.append(
            (OTHER_SIGNAL * len(stuck), f"no reliable improvement on {', '.join(stuck)}")
        )
    for kind, words in (("behind", "behind for 3 weeks or more"), ("stalled", "stalled")):
        count = sum(1 for signal_kind, _ in facts.signals if signal_kind == kind)
        if count:
            reasons.append((OTHER_SIGNAL * count, f"{count_words(count, 'goal')} {words}"))
    return reasons


def _risk_reasons(facts: Facts) -> list[tuple[int, str]]:
    """A risk answer since the last review (or since the goals started)."""
    since = facts.last_review or facts.started
    risks = [day for day in facts.risk_days if since is None or day >= since]
    if not risks:
        return []
    return [(RISK_ANSWER, f"risk answer (PHQ-9 item 9) on {max(risks).isoformat()}")]


def _silence_reasons(facts: Facts, today: date, silent: int | None) -> list[tuple[int, str]]:
    """SILENT_DAYS or more without a check-in: since the last one, or since the goals started
    when there has been none; the days excused for a goal since then are not counted."""
    since = facts.last_checkin if silent is not None else facts.started
    if since is None:
        return []
    excused = len({day for day in facts.excused_days if since < day <= today})
    quiet = (today - since).days - excused
    if quiet < SILENT_DAYS:
        return []
    apart = f", not counting {plural(excused, 'excused day')}" if excused else ""
    if silent is not None:
        return [(SILENT_DAY * quiet, f"no check-in for {plural(quiet, 'day')}{apart}")]
    return [
        (
            SILENT_DAY * quiet,
            f"no check-in since the goals started {plural(quiet + excused, 'day')} ago{apart}",
        )
    ]


def _goal_reasons(facts: Facts) -> list[tuple[int, str]]:
    """Goals overdue, goals behind, and GBO ratings down by a meaningful change."""
    overdue = sum(1 for status in facts.statuses if status == "overdue")
    behind = sum(1 for status in facts.statuses if status == "behind")
    worse = sum(1 for change in facts.gbo_changes if gbo_deteriorated(change))
    reasons = []
    if overdue:
        reasons.append((OVERDUE_GOAL * overdue, f"{count_words(overdue, 'goal')} overdue"))
    if behind:
        reasons.append((BEHIND_GOAL * behind, f"{count_words(behind, 'goal')} behind"))
    if worse:
        reasons.append(
            (GBO_WORSE * worse, f"GBO rating down 3 or more on {count_words(worse, 'goal')}")
        )
    return reasons


def _review_words(facts: Facts, today: date) -> str:
    """Why a review is due: none since the goals started, or how long since the last."""
    if facts.last_review is None:
        never = 0 if facts.started is None else (today - facts.started).days
        return f"no review in the {plural(never, 'day')} since the goals started"
    return f"review due (last {plural((today - facts.last_review).days, 'day')} ago)"


def gbo_by_rater(ratings: Sequence[tuple[str | None, int]]) -> list[tuple[str | None, int | None]]:
    """(rater, GBO change) of one goal from its (member, rating) pairs in date order, member
    None for the shared rating: the shared change when the goal has one; else, for a couple or
    family rating on their own, each member's change (first-rated member first); else one
    (None, None): not rated yet."""
    shared = [rating for rater, rating in ratings if rater is None]
    if shared or not ratings:
        return [(None, gbo_change(shared))]
    by_member: dict[str, list[int]] = {}
    for rater, rating in ratings:
        if rater is not None:
            by_member.setdefault(rater, []).append(rating)
    return [(rater, gbo_change(own)) for rater, own in by_member.items()]


def lowest_change(changes: Sequence[tuple[str | None, int | None]]) -> int | None:
    """The goal's change as the attention rule reads it: the lowest rater's, so one member
    whose rating fell is not hidden by another whose rose; None when no one rated it."""
    known = [change for _, change in changes if change is not None]
    return min(known, default=None)
