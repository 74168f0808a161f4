"""The session page in Markdown (`goal report --format markdown`): the intake in brief, each
goal, mood by week, and what is worth talking about. User text reads literally when rendered."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from goalcli.core.session import mood_by_week
from goalcli.core.text import NO_NUMBER, better_words, number_text, visible
from goalcli.core.weeks import known_words
from goalcli.render.measures import measures_markdown, risk_markdown
from goalcli.render.report import member_ratings_lines

if TYPE_CHECKING:
    from collections.abc import Sequence

    from goalcli.core.voice import Reader
    from goalcli.views.report import Brief, MoodDay, ReportDocument, ReviewSection
    from goalcli.views.session import GoalFacts, SessionFacts
    from goalcli.views.timeline import ReviewEntry, WeekEntry

# Characters that can start emphasis, links, HTML, code or table cells in running text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


def markdown_text(text: str) -> str:
    """User text for Markdown: the one escaper (core.text.visible), then Markdown's own
    characters escaped, on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", visible(text, keep_newlines=True)).replace("\n", " ")


def report_markdown(
    document: ReportDocument,
    facts: SessionFacts,
    brief: Brief | None = None,
    since: str | None = None,
    *,
    reader: Reader = "client",
) -> str:
    """The page to bring to a session, worded for its `reader` (the client or their therapist),
    from the report document and its facts (views.session.session_facts). User text is escaped
    so it reads literally."""
    period = f"since {since}" if since else "since each goal started"
    lines = [
        f"# Session report — {document['as_of']}",
        "",
        f"Check-ins, steps and notes {period}.",
        "",
    ]
    lines += risk_markdown(document["measures"], reader)
    lines += _brief_lines(brief)
    lines += _review_summary(document["review"])
    lines += measures_markdown(document["measures"])
    lines += ["## Goals", ""]
    if not facts.goals:
        lines += ["No goals to show.", ""]
    for goal in facts.goals:
        lines += _goal_lines(goal)
        lines += _week_table(goal, since)
    lines += _activation_lines(facts.activation)
    lines += _mood_lines(facts, document["mood"]["series"])
    lines += ["", "## Worth talking about", ""]
    lines += [f"- {markdown_text(point)}" for point in facts.points] or [f"- {facts.nothing}"]
    if facts.patterns:
        lines += ["", "## What goes with a better day", ""]
        lines += [f"- {markdown_text(pattern)}" for pattern in facts.patterns]
    return "\n".join(lines) + "\n"


def _activation_lines(activation: list[str]) -> list[str]:
    """Pleasure and mastery over the period; nothing when nothing was rated."""
    if not activation:
        return []
    lines = ["## Pleasure and mastery", ""]
    for line in activation:
        nested = "  " if line.startswith("  ") else ""
        lines.append(f"{nested}- {markdown_text(line.strip())}")
    return [*lines, ""]


def _brief_lines(brief: Brief | None) -> list[str]:
    """The intake in brief, or nothing without one."""
    if brief is None:
        return []
    return [
        "## In brief",
        "",
        f"- **Therapy:** {brief.therapy_type}",
        f"- **Expectations:** {markdown_text(brief.expectations)}",
        f"- **What may get in the way:** {markdown_text(brief.obstacles)}",
        f"- **Success would feel like:** {markdown_text(brief.success_feels_like)}",
        f"- **Motivations:** {markdown_text(brief.motivations)}",
        "",
    ]


def _review_summary(review: ReviewSection | None) -> list[str]:
    """The latest review's T-score, and each member's ratings for a couple or family."""
    if not review:
        return []
    score = NO_NUMBER if review["gas_t_score"] is None else f"{review['gas_t_score']:.1f}"
    lines = [f"Latest review: {review['date']}, GAS T-score {score} (50 = as expected).", ""]
    members = member_ratings_lines(review)
    if members:
        lines += [f"- {markdown_text(line.strip())}" for line in members] + [""]
    return lines


def _goal_lines(facts: GoalFacts) -> list[str]:
    """One goal's heading and facts, what was done and said in the period, and its reviews."""
    goal = facts.goal
    shown = [markdown_text(part) for part in facts.path]
    shown[1] = f"**{shown[1]}**"
    level = f"; {markdown_text(facts.level)}" if facts.level else ""
    lines = [
        f"### {goal['id']}. {markdown_text(goal['title'])}"
        + ("" if facts.state is None else f" ({facts.state})"),
        "",
        f"- **Where it stands:** {' → '.join(shown)} ({facts.path_legend}): {facts.distance}"
        + level,
        f"- **Progress:** {facts.progress} — **{facts.status}**",
    ]
    if facts.trend is not None:
        lines.append(f"- **Trend:** {markdown_text(facts.trend)}")
    lines += [
        f"- **Dates:** {facts.dates}",
        f"- **Check-ins:** {facts.checkins}",
        f"- **Steps done:** {facts.steps}",
    ]
    if facts.ratings is not None:
        lines.append(f"- **Latest ratings:** {facts.ratings}")
    lines.append(f"- **SMART:** {facts.smart}")
    if facts.gas_guide is not None:
        lines.append("- **GAS guide:**")
        lines += [f"  - {label}: {markdown_text(said)}" for label, said in facts.gas_guide]
    lines += [
        f"- Step {position} done {day.isoformat()}: {markdown_text(text)}"
        for position, text, day in facts.steps_done
    ]
    lines += [f"- Note {day.isoformat()}: {markdown_text(text)}" for day, text in facts.notes]
    lines += [f"- Changed: {markdown_text(entry['text'])}" for entry in facts.changes]
    lines += _review_lines(facts.reviews, facts.review_words)
    lines.append("")
    return lines


def _week_table(facts: GoalFacts, since: str | None) -> list[str]:
    """The goal's level by week against the road, from its start when the weeks reach it."""
    if not facts.weeks:
        return []
    goal = facts.goal
    better = better_words(goal["baseline"], goal["target"])
    lines = [
        f"Level by week ({better}; the road: where the plan expects it; "
        f"{INCOMPLETE_WORDS[goal['kind'] == 'weekly_total']}):",
        "",
        f"| Week to | Level ({markdown_text(goal['unit'])}) | Road | Days logged |",
        "| --- | ---: | ---: | --- |",
    ]
    if facts.weeks_reach_start:
        baseline = tenths(goal["baseline"])
        lines.append(f"| {goal['start_date']} (start) | {baseline} | {baseline} | |")
    lines += [_week_row(week, since) for week in facts.weeks]
    lines.append("")
    # A signal in words beside the table, as the HTML chart shades its weeks.
    lines += [
        f"Signal, the weeks ending from {signal.since.isoformat()}: {markdown_text(signal.words)}"
        for signal in facts.signals
    ]
    if facts.signals:
        lines.append("")
    return lines


def _mood_lines(facts: SessionFacts, series: Sequence[MoodDay]) -> list[str]:
    """The mood averages, then the mood by week."""
    lines = ["## Mood", ""]
    lines += [f"- {label}: {words}" for label, words in facts.mood_averages]
    weeks = mood_by_week(series)
    if weeks:
        lines += ["", "| Week of | Average mood | Days logged |", "| --- | ---: | ---: |"]
        lines += [
            f"| {monday.isoformat()} | {average:.1f} | {count} |"
            for monday, average, count in weeks
        ]
    return lines


# What makes a week incomplete, for a reading goal (False) and a weekly total (True).
INCOMPLETE_WORDS = (
    "incomplete: no reading in the 28 days before the week's end",
    "incomplete: a week with fewer than 5 days logged",
)


def _week_row(week: WeekEntry, since: str | None) -> str:
    """One week of the level-by-week table: no level is "–" (never 0); an incomplete week says
    so beside its days logged; a week before the period says that too."""
    level = "–" if week["level"] is None else tenths(week["level"])
    known = known_words(week["days_known"], week["days_counted"], week["days_excused"])
    if not week["complete"]:
        known += " (incomplete)"
    day = week["end"] + (" (before the period)" if since and week["end"] < since else "")
    return f"| {day} | {level} | {tenths(week['expected_prorated'])} | {known} |"


def _review_lines(reviews: Sequence[ReviewEntry], ratings: Sequence[str]) -> list[str]:
    """Each review in the period under its date and its ratings in words, with what the client
    said at it."""
    lines = []
    for review, rated in zip(reviews, ratings, strict=True):
        who = f" ({markdown_text(review['member'])})" if review["member"] else ""
        lines.append(f"- **Review {review['date']}{who}:** {markdown_text(rated)}")
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
