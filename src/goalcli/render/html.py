"""The session page and the caseload as HTML (`--format html`): one self-contained file with
inline CSS and inline SVG charts (render/svg.py), no script and nothing fetched from anywhere.

The page holds the facts of the Markdown page (render/markdown.py), built once for both by
views/session.py, laid out for reading and printing. Jinja2 renders the templates
in render/templates/ with autoescaping on and undefined names refused, so user text reaches the
page only as text: the one escaper (core.text.visible) first, then HTML escaping.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from goalcli.core.measures import measure
from goalcli.core.progress.levels import excused_words
from goalcli.core.session import LOW_MOOD_DAY
from goalcli.core.text import better_words, number_text, visible
from goalcli.core.weeks import known_words
from goalcli.render import svg
from goalcli.render.caseload import HEADINGS, cells
from goalcli.render.goal import sentence
from goalcli.render.measures import NO_DIAGNOSIS, recovery_words, reliable_words, risk_line
from goalcli.render.report import member_ratings_lines

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jinja2 import Environment
    from markupsafe import Markup

    from goalcli.core.voice import Reader
    from goalcli.views.caseload import CaseloadDocument
    from goalcli.views.measures import MeasureCourse, MeasuresDocument
    from goalcli.views.report import Brief, MoodDay, ReportDocument
    from goalcli.views.session import GoalFacts, SessionFacts
    from goalcli.views.timeline import ReviewEntry, WeekEntry


@functools.cache
def environment() -> Environment:
    """The one Jinja2 environment: templates from the package, HTML escaped, undefined refused."""
    import jinja2  # here: only `--format html` loads the template engine (test_startup)

    templates = jinja2.Environment(
        loader=jinja2.PackageLoader("goalcli.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    templates.filters["user"] = text  # for user text the templates read from documents
    return templates


def _chart(markup: str) -> Markup:
    """A chart from render/svg.py, which escapes every text it holds, marked safe to insert."""
    from markupsafe import Markup  # here, as jinja2: loaded by `--format html` only

    # Safe: svg.py writes numbers and fixed words itself and escapes every text (svg.xml_text).
    return Markup(markup)


def text(value: str) -> str:
    """User text for the page: hidden characters made visible; the template escapes the rest."""
    return visible(value, keep_newlines=True)


@dataclass(frozen=True)
class Fact:
    """A labelled line ("Progress": "95% (expected by now: 47%)")."""

    label: str
    text: str


@dataclass(frozen=True)
class GoalSection:
    """One goal as the page shows it; user text already made visible, not yet HTML-escaped."""

    heading: str
    state: str | None  # paused, done, dropped; None when active
    status: str
    facts: list[Fact]
    chart: Markup | None
    legend: str
    steps_done: list[str]
    notes: list[tuple[str, str]]
    reviews: list[ReviewEntry]
    review_words: list[str]


@dataclass(frozen=True)
class MeasureSection:
    heading: str
    summary: str
    chart: Markup


@dataclass
class Page:
    """Everything session.html.j2 shows, in its order."""

    title: str
    period: str
    as_of: str
    therapy_type: str | None
    risk: str | None
    safety_title: str | None
    safety_lines: list[str]
    points: list[str]
    nothing: str
    brief: list[Fact]
    review: str | None
    # A couple's or family's latest review: each member's T-score, each goal's ratings side by
    # side with their agreement (render/report.member_ratings_lines).
    review_members: list[str] = field(default_factory=list)
    goals: list[GoalSection] = field(default_factory=list)
    mood_averages: list[Fact] = field(default_factory=list)
    # Pleasure and mastery (views/session.py): (nested under the line before, words).
    activation: list[tuple[bool, str]] = field(default_factory=list)
    mood_chart: Markup | None = None
    # What goes with a better day (views/session.py): the top patterns or why there are none.
    patterns: list[str] = field(default_factory=list)
    measures: list[MeasureSection] = field(default_factory=list)
    measure_notes: list[str] = field(default_factory=list)
    changes: list[tuple[str, str]] = field(default_factory=list)


def report_html(
    document: ReportDocument,
    facts: SessionFacts,
    brief: Brief | None = None,
    since: str | None = None,
    *,
    reader: Reader = "client",
    name: str | None = None,
    mood_since: str | None = None,
    safety_note: tuple[str, list[str]] | None = None,
) -> str:
    """The session page for `reader`, from the report document and its facts
    (views.session.session_facts): who and when, what is worth talking about (risk flags
    first), each goal with its chart, mood by day, each questionnaire, and the plan's changes.
    `name`: the profile's display name (or the profile's name) for the header; `mood_since`:
    the first day of the mood chart (default: the first day with a mood); `safety_note`: the
    low-mood note's title and lines (core.safety) when it applies, shown first."""
    as_of = document["as_of"]
    page = Page(
        title="Session report" + (f" — {text(name)}" if name else ""),
        period=f"{since} to {as_of}" if since else f"from the start of each goal to {as_of}",
        as_of=as_of,
        therapy_type=brief.therapy_type if brief else None,
        risk=risk_line(document["measures"], reader),
        safety_title=safety_note[0] if safety_note else None,
        safety_lines=[text(line) for line in safety_note[1]] if safety_note else [],
        points=[text(point) for point in facts.points],
        nothing=facts.nothing,
        brief=_brief(brief),
        review=_review(document),
        review_members=[text(line.strip()) for line in member_ratings_lines(document["review"])],
    )
    page.goals = [_goal(goal, since) for goal in facts.goals]
    page.mood_averages = [Fact(label, words) for label, words in facts.mood_averages]
    page.activation = [(line.startswith("  "), text(line.strip())) for line in facts.activation]
    page.patterns = [text(line) for line in facts.patterns]
    page.mood_chart = _mood_chart(document["mood"]["series"], mood_since, date.fromisoformat(as_of))
    page.measures, page.measure_notes = _measures(document["measures"])
    page.changes = [
        (entry["date"], text(f"{goal['title']}: {sentence(entry['text'])}"))
        for goal in document["goals"]
        for entry in goal["changes"]
    ]
    page.changes.sort(key=lambda change: change[0])
    return environment().get_template("session.html.j2").render(page=page)


def _brief(brief: Brief | None) -> list[Fact]:
    if brief is None:
        return []
    return [
        Fact("Expectations", text(brief.expectations)),
        Fact("What may get in the way", text(brief.obstacles)),
        Fact("Success would feel like", text(brief.success_feels_like)),
        Fact("Motivations", text(brief.motivations)),
    ]


def _review(document: ReportDocument) -> str | None:
    review = document["review"]
    if not review:
        return None
    score = number_text(review["gas_t_score"])
    return f"Latest review {review['date']}: GAS T-score {score} (50 = as expected)."


def _goal(facts: GoalFacts, since: str | None) -> GoalSection:
    """One goal's section: its facts, user text made visible, and its chart with its legend."""
    goal = facts.goal
    chart, legend = _goal_chart(facts, since)
    return GoalSection(
        heading=f"{goal['id']}. {text(goal['title'])}",
        state=facts.state,
        status=facts.status,
        facts=_goal_facts(facts),
        chart=chart,
        legend=legend,
        steps_done=[
            f"Step {position} done {day.isoformat()}: {text(step)}"
            for position, step, day in facts.steps_done
        ],
        notes=[(day.isoformat(), text(note)) for day, note in facts.notes],
        reviews=facts.reviews,
        review_words=facts.review_words,
    )


def _goal_facts(facts: GoalFacts) -> list[Fact]:
    """The goal's labelled lines, in the page's order (the GAS guide before SMART)."""
    where = f"{' → '.join(text(part) for part in facts.path)} ({facts.path_legend}): "
    where += facts.distance + (f"; {text(facts.level)}" if facts.level else "")
    lines = [Fact("Where it stands", where), Fact("Progress", facts.progress)]
    if facts.trend is not None:
        lines.append(Fact("Trend", text(facts.trend)))
    lines += [
        Fact("Dates", facts.dates),
        Fact("Check-ins", facts.checkins),
        Fact("Steps done", facts.steps),
    ]
    if facts.ratings is not None:
        lines.append(Fact("Latest ratings", facts.ratings))
    if facts.gas_guide is not None:
        shown = " · ".join(f"{label}: {said}" for label, said in facts.gas_guide)
        lines.append(Fact("GAS guide", text(shown)))
    lines.append(Fact("SMART", facts.smart))
    return lines


def _goal_chart(facts: GoalFacts, since: str | None) -> tuple[Markup | None, str]:
    """The goal's weekly chart (None without weeks) and the legend that reads it."""
    goal = facts.goal
    chart = None
    more = ""
    if facts.weeks:
        points = _week_points(facts.weeks, since)
        chart = _chart(
            svg.goal_chart(
                f"goal-{goal['id']}",
                f"{goal['title']}: weekly level against the road and the target",
                points,
                baseline=goal["baseline"],
                target=goal["target"],
                unit=goal["unit"],
                start=date.fromisoformat(goal["start_date"]) if facts.weeks_reach_start else None,
                # One band per goal (a stalled goal is behind too): from the earliest signal.
                marked=[
                    (
                        min(signal.since for signal in facts.signals),
                        ", ".join(signal.label for signal in facts.signals),
                    )
                ]
                if facts.signals
                else [],
            )
        )
        more = _legend_more(points, since)
        more += "".join(f" Shaded: {text(signal.words)}" for signal in facts.signals)
    start_mark = "; ◆ the start" if facts.weeks_reach_start else ""
    legend = (
        f"Level in {text(goal['unit'])} each week (solid line, dots{start_mark}); "
        f"the road, where the plan expects it (dashed); the target (dotted). "
        f"{better_words(goal['baseline'], goal['target']).capitalize()}.{more}"
    )
    return chart, legend


def _week_points(weeks: Sequence[WeekEntry], since: str | None) -> list[svg.WeekPoint]:
    """The weeks as the SVG chart takes them; those that end before `since` faded."""
    return [
        svg.WeekPoint(
            end=date.fromisoformat(week["end"]),
            level=None if week["level"] is None else float(week["level"]),
            road=float(week["expected_prorated"]),
            complete=week["complete"],
            known=known_words(week["days_known"], week["days_counted"], week["days_excused"]),
            faded=since is not None and week["end"] < since,
            excused=excused_words(week["days_excused"]) if week["days_excused"] else "",
        )
        for week in weeks
    ]


def _legend_more(points: Sequence[svg.WeekPoint], since: str | None) -> str:
    """The legend's words for what this chart has beyond a line of full weeks."""
    more = []
    if any(not point.complete and point.level is not None for point in points):
        more.append(
            "Open circles: incomplete weeks, too few days logged (each point's tooltip says "
            "how many)."
        )
    if any(point.excused for point in points):
        more.append(f"{svg.EXCUSED_MARK}: a week with days excused (ill or away).")
    if any(point.level is None for point in points):
        more.append("A gap: a week with nothing logged.")
    if any(point.faded for point in points):
        more.append(f"Faded: the weeks before {since}.")
    return "".join(f" {sentence}" for sentence in more)


def _mood_chart(series: Sequence[MoodDay], since: str | None, as_of: date) -> Markup | None:
    """Every day from `since` (else the first mood) to as_of, the low-mood days marked."""
    if not series:
        return None
    first = date.fromisoformat(since or series[0]["date"])
    moods = {entry["date"]: entry["mood"] for entry in series}
    days = [first + timedelta(days=offset) for offset in range((as_of - first).days + 1)]
    return _chart(
        svg.mood_chart(
            "mood",
            "Mood by day",
            [(day, moods.get(day.isoformat())) for day in days],
            low_at=LOW_MOOD_DAY,
        )
    )


def _measures(document: MeasuresDocument) -> tuple[list[MeasureSection], list[str]]:
    """Each questionnaire's chart and summary; then recovery and the no-diagnosis note."""
    sections = []
    for measure_id, entry in document.items():
        if measure_id == "recovery":
            continue
        course: MeasureCourse = entry  # type: ignore[assignment]
        published = measure(measure_id)
        latest = course["latest"]
        sections.append(
            MeasureSection(
                heading=f"{course['name']}: {published.title}",
                summary=(
                    f"Latest {latest['date']}: {latest['total']}/{course['top_total']}, "
                    f"{latest['band']}. {sentence(reliable_words(course))}"
                ),
                chart=_chart(
                    svg.score_chart(
                        f"measure-{measure_id}",
                        f"{course['name']} scores over time",
                        [
                            (date.fromisoformat(score["date"]), score["total"], score["risk"])
                            for score in course["scores"]
                        ],
                        bands=[svg.BandRange(b.low, b.high, b.label) for b in published.bands],
                        top=course["top_total"],
                        reliable=course["reliable"],
                    )
                ),
            )
        )
    if not sections:
        return [], []
    notes = [recovery_words(document)] if "recovery" in document else []
    return sections, [*notes, NO_DIAGNOSIS]


_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _unbroken_dates(line: str) -> Markup:
    """The line escaped, each ISO date in a span the page never wraps inside (a browser
    would break "2026-11-20" at its hyphens in a narrow column)."""
    from markupsafe import Markup, escape  # here, as jinja2: loaded by `--format html` only

    parts: list[Markup] = []
    last = 0
    for found in _ISO_DATE.finditer(line):
        parts.append(escape(line[last : found.start()]))
        parts.append(
            Markup('<span class="date" style="white-space: nowrap">{}</span>').format(found.group())
        )
        last = found.end()
    parts.append(escape(line[last:]))
    return Markup("").join(parts)


def caseload_html(document: CaseloadDocument) -> str:
    """Every profile as a row of the caseload's cells (render/caseload.py), reasons in words."""
    # Each cell as its lines: several reasons are a list, not one run of words.
    rows = [
        [
            [_unbroken_dates(line) for line in text(cell).split("\n")] if cell else []
            for cell in cells(row, joiner="\n")
        ]
        for row in document["profiles"]
    ]
    return (
        environment()
        .get_template("caseload.html.j2")
        .render(as_of=document["as_of"], headings=HEADINGS, rows=rows)
    )
