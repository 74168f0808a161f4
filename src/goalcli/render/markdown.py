"""The session page in Markdown (`goal report --format markdown`): the intake in brief, each
goal, mood by week, and what is worth talking about. User text reads literally when rendered."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from goalcli.core import gas
from goalcli.core.progress import status_words
from goalcli.core.text import (
    NO_NUMBER,
    better_words,
    number_text,
    path_parts,
    trend_words,
    visible,
)
from goalcli.core.weeks import known_words, reaches_start
from goalcli.render.goal import rating_words
from goalcli.render.report import member_ratings_lines
from goalcli.render.widgets import (
    distance_text,
    gas_level,
    goal_streak,
    level_text,
    now_path,
    path_legend,
    percent_text,
    smart_letters,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from goalcli.core.voice import Reader
    from goalcli.views.report import Brief, GoalExtras, ReportDocument
    from goalcli.views.timeline import ReviewEntry, WeekEntry

# Characters that can start emphasis, links, HTML, code or table cells in running text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


def markdown_text(text: str) -> str:
    """User text for Markdown: the one escaper (core.text.visible), then Markdown's own
    characters escaped, on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", visible(text, keep_newlines=True)).replace("\n", " ")


def report_markdown(
    document: ReportDocument,
    extras: dict[int, GoalExtras],
    brief: Brief | None = None,
    since: str | None = None,
    *,
    reader: Reader = "client",
    review_every: int | None = None,
) -> str:
    """The page to bring to a session, worded for its `reader` (the client or their therapist).
    User text is escaped so it reads literally."""
    from goalcli.core.session import mood_by_week
    from goalcli.render.measures import measures_markdown, risk_markdown

    period = f"since {since}" if since else "since each goal started"
    lines = [
        f"# Session report — {document['as_of']}",
        "",
        f"Check-ins, steps and notes {period}.",
        "",
    ]
    lines += risk_markdown(document["measures"], reader)
    if brief is not None:
        lines += ["## In brief", ""]
        lines += [
            f"- **Therapy:** {brief.therapy_type}",
            f"- **Expectations:** {markdown_text(brief.expectations)}",
            f"- **What may get in the way:** {markdown_text(brief.obstacles)}",
            f"- **Success would feel like:** {markdown_text(brief.success_feels_like)}",
            f"- **Motivations:** {markdown_text(brief.motivations)}",
            "",
        ]
    review = document["review"]
    if review:
        score = NO_NUMBER if review["gas_t_score"] is None else f"{review['gas_t_score']:.1f}"
        lines += [f"Latest review: {review['date']}, GAS T-score {score} (50 = as expected).", ""]
        members = member_ratings_lines(review)
        if members:
            lines += [f"- {markdown_text(line.strip())}" for line in members] + [""]
    lines += measures_markdown(document["measures"])
    lines += ["## Goals", ""]
    if not document["goals"]:
        lines += ["No goals to show.", ""]
    for goal in document["goals"]:
        extra = extras.get(goal["id"])
        state = goal["goal_status"]
        shown = [markdown_text(part) for part in path_parts(now_path(goal), goal["unit"])]
        shown[1] = f"**{shown[1]}**"
        lines += [
            f"### {goal['id']}. {markdown_text(goal['title'])}"
            + ("" if state == "active" else f" ({state})"),
            "",
            f"- **Where it stands:** {' → '.join(shown)} "
            f"({path_legend(goal)}): {distance_text(goal, reader)}"
            + (f"; {markdown_text(level)}" if (level := level_text(goal)) else ""),
            f"- **Progress:** {percent_text(goal)} "
            f"(expected by now: {goal['expected_progress'] * 100:.0f}%) — "
            f"**{status_words(goal['status'])}**",
            *(
                [
                    f"- **Trend:** {markdown_text(trend_words(trend['direction'], trend['per_week'], goal['unit']))}"
                ]
                if (trend := goal["trend"])
                else []
            ),
            f"- **Dates:** started {goal['start_date']}, target {goal['target_date']} "
            f"({days_left_words(goal['days_left'])})",
            f"- **Check-ins:** {goal['checkins']} ({goal_streak(goal)}, "
            f"last {goal['last_checkin'] or 'never'}); habit strength {goal['strength'] * 100:.0f}%",
            f"- **Steps done:** {goal['steps_done']} of {goal['steps_total']}",
        ]
        reviewed = extra.reviews if extra else []
        if not reviewed and (goal["gas"] is not None or goal["gbo"] is not None):
            change = goal["gbo_change"]
            shown_change = "" if change is None else f" (change {change:+d})"
            lines.append(
                f"- **Latest ratings:** GAS {gas_level(goal['gas'])}, "
                f"GBO {number_text(goal['gbo'])}{shown_change}"
            )
        marks = " ".join(
            f"{letter} {'✓' if ok else '✗'}" for letter, ok in smart_letters(goal["smart"])
        )
        lines.append(f"- **SMART:** {marks}")
        if goal["gas_levels"] is not None:
            lines.append("- **GAS guide:**")
            lines += [
                f"  - {gas.label(level)}: {markdown_text(text)}"
                for level, text in reversed(list(zip(gas.LEVELS, goal["gas_levels"], strict=True)))
            ]
        if extra:
            for position, text, day in steps_done_since(extra, since or goal["start_date"]):
                lines.append(f"- Step {position} done {day.isoformat()}: {markdown_text(text)}")
            for day, text in extra.notes:
                lines.append(f"- Note {day.isoformat()}: {markdown_text(text)}")
        for entry in goal["changes"]:
            lines.append(f"- Changed: {markdown_text(entry['text'])}")
        lines += _review_lines(reviewed)
        lines.append("")
        if extra and extra.weeks:
            better = better_words(goal["baseline"], goal["target"])
            lines += [
                f"Level by week ({better}; the road: where the plan expects it; "
                f"{INCOMPLETE_WORDS[goal['kind'] == 'weekly_total']}):",
                "",
                f"| Week to | Level ({markdown_text(goal['unit'])}) | Road | Days logged |",
                "| --- | ---: | ---: | --- |",
            ]
            first_week = date.fromisoformat(extra.weeks[0]["start"])
            if reaches_start(first_week, date.fromisoformat(goal["start_date"])):
                lines.append(
                    f"| {goal['start_date']} (start) | {tenths(goal['baseline'])} | {tenths(goal['baseline'])} | |"
                )
            lines += [_week_row(week, since) for week in extra.weeks]
            lines.append("")
    mood = document["mood"]
    lines += ["## Mood", ""]
    for label, value in (
        ("Last 7 days", mood["last_7_avg"]),
        ("Last 30 days", mood["last_30_avg"]),
    ):
        lines.append(f"- {label}: {'no entries' if value is None else f'{value:.1f} / 10'}")
    weeks = mood_by_week(mood["series"])
    if weeks:
        lines += ["", "| Week of | Average mood | Days logged |", "| --- | ---: | ---: |"]
        lines += [
            f"| {monday.isoformat()} | {average:.1f} | {count} |"
            for monday, average, count in weeks
        ]
    points = session_points(document, extras, review_every)
    lines += ["", "## Worth talking about", ""]
    lines += [f"- {markdown_text(point)}" for point in points] or [
        f"- {nothing_stands_out(reader)}"
    ]
    return "\n".join(lines) + "\n"


def session_points(
    document: ReportDocument, extras: dict[int, GoalExtras], review_every: int | None
) -> list[str]:
    """What is worth talking about (core.session.talking_points) for the active goals: goals
    paused, done or dropped (shown with --all) are not behind plan, there is no plan. The
    sentences hold the client's words: escape them for the page."""
    from datetime import date

    from goalcli.core.session import talking_points

    steps = {goal_id: extra.steps for goal_id, extra in extras.items()}
    active = [goal for goal in document["goals"] if goal["goal_status"] == "active"]
    review = document["review"]
    return talking_points(
        active,
        steps,
        document["mood"]["series"],
        date.fromisoformat(document["as_of"]),
        last_review=date.fromisoformat(review["date"]) if review else None,
        review_every=review_every,
    )


def nothing_stands_out(reader: Reader) -> str:
    """What the page says when nothing is worth raising, to its reader."""
    from goalcli.core import voice

    return voice.say("nothing_stands_out", reader)


# What makes a week incomplete, for a reading goal (False) and a weekly total (True).
INCOMPLETE_WORDS = (
    "incomplete: no reading in the 28 days before the week's end",
    "incomplete: a week with fewer than 5 days logged",
)


def _week_row(week: WeekEntry, since: str | None) -> str:
    """One week of the level-by-week table: no level is "–" (never 0); an incomplete week says
    so beside its days logged; a week before the period says that too."""
    level = "–" if week["level"] is None else tenths(week["level"])
    known = known_words(week["days_known"], week["days_counted"])
    if not week["complete"]:
        known += " (incomplete)"
    day = week["end"] + (" (before the period)" if since and week["end"] < since else "")
    return f"| {day} | {level} | {tenths(week['expected'])} | {known} |"


def steps_done_since(extra: GoalExtras, start: str) -> list[tuple[int, str, date]]:
    """(position, text, day) of the goal's steps done on or after `start` (an ISO date)."""
    return [
        (position, text, done)
        for position, text, _, done in extra.steps
        if done and done.isoformat() >= start
    ]


def _review_lines(reviews: Sequence[ReviewEntry]) -> list[str]:
    """Each review in the period under its date, with what the client said at it."""
    lines = []
    for review in reviews:
        who = f" ({markdown_text(review['member'])})" if review["member"] else ""
        lines.append(f"- **Review {review['date']}{who}:** {markdown_text(rating_words(review))}")
        for label, said in (
            ("What helped", review["helped"]),
            ("What got in the way", review["hindered"]),
            ("Next step", review["next_step"]),
            ("Note", review["note"]),
        ):
            if said:
                lines.append(f"  - {label}: {markdown_text(said)}")
    return lines


def tenths(value: float) -> str:
    """A level or road value as the page shows it: to one decimal, whole numbers without one."""
    return number_text(round(value, 1) + 0.0)


def days_left_words(days: int) -> str:
    """ "48 days left", "3 days past the target date"."""
    return f"{-days} days past the target date" if days < 0 else f"{days} days left"
