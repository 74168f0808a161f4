"""`goal report --format html` and `goal caseload --format html` (issue 16): one self-contained
page, the facts of the Markdown page, user text that stays text, charts with text alternatives.

The page is read back with the standard library's html.parser, as a browser would build it:
what counts is which elements exist, not how the bytes look.
"""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import Result

from lib.paths import MOOD_PLAN
from lib.session_page import GOLDEN_HISTORY, build_reference
from lib.snapshots import Snapshot

Run = Callable[..., Result]

# What a page must never hold: anything that runs, embeds or fetches.
ACTIVE_ELEMENTS = {"script", "img", "iframe", "object", "embed", "link", "image", "use", "a"}
HOSTILE = '<script>alert(1)</script> </svg> "><img src=x onerror=alert(2)> {{ 7*7 }}'


class Page(HTMLParser):
    """The elements of a page in order, the text of each element by tag, and its whole text."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[tuple[str, str]] = []  # (innermost open element, text)
        self._open: list[str] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag not in {"meta", "br", "rect", "line", "circle", "polyline", "path"}:
            self._open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.texts.append((self._open[-1] if self._open else "", data))

    def tags(self) -> list[str]:
        return [tag for tag, _ in self.elements]

    def text(self, tag: str | None = None) -> str:
        return "".join(data for inside, data in self.texts if tag is None or inside == tag)


@pytest.fixture
def history(goal: Run, snapshot: Snapshot) -> Run:
    def build() -> None:
        result = goal("import", str(GOLDEN_HISTORY))
        assert result.exit_code == 0, result.output

    snapshot("import tests/data/golden/history.json", build)
    return goal


def page_of(run: Run, *args: str) -> tuple[str, Page]:
    result = run("report", "--format", "html", *args)
    assert result.exit_code == 0, result.output
    return result.stdout, Page(result.stdout)


@pytest.mark.usefixtures("engine")
def test_the_page_is_self_contained(history: Run) -> None:
    source, page = page_of(history, "--since", "last-review")

    assert source.startswith("<!DOCTYPE html>\n")
    assert not set(page.tags()) & ACTIVE_ELEMENTS
    # No address of any kind: nothing to fetch, follow or run.
    lowered = source.lower()
    for address in ("http:", "https:", "//", "url(", "@import", "javascript:", "src="):
        assert address not in lowered.replace("url(#", ""), address
    assert page.tags().count("style") == 1


@pytest.mark.usefixtures("engine")
def test_every_chart_has_a_title_and_its_numbers_in_words(history: Run) -> None:
    _, page = page_of(history, "--since", "last-review")

    charts = [attrs for tag, attrs in page.elements if tag == "svg"]
    assert len(charts) == 3  # two active goals and the mood
    assert all(chart["role"] == "img" for chart in charts)
    titles, descriptions = page.text("title"), page.text("desc")
    assert "Walk outside: weekly level against the road and the target" in titles
    # The Markdown page's table in words: the weeks to 19 and 26 Nov, level, road and target
    # (and, faded, the weeks before the review, back to the start: 0 on 15 Oct).
    assert "Start 15 Oct: 0. Week to 22 Oct: 1.7; road 1.9; target 25." in descriptions
    assert "Week to 19 Nov: 19; road 9.7; target 25." in descriptions
    assert "Week to 26 Nov: 23.7; road 11.7; target 25." in descriptions
    assert "Week to 26 Nov: 1.3; road 2; target 0." in descriptions
    assert "Mood by day, 0 to 10. 19 Nov: 5; 20 Nov: 6; 21 Nov: 6; 24 Nov: 7" in descriptions


@pytest.mark.usefixtures("engine")
def test_the_page_holds_what_the_markdown_page_holds(history: Run) -> None:
    source, page = page_of(history, "--since", "last-review")
    text = page.text()

    # Worth talking about first, before the goals.
    assert text.index("Worth talking about") < text.index("Goals")
    assert "Nothing stands out; bring what matters to you." in text
    assert "Period: 2026-11-19 to 2026-11-26 · Individual therapy" in text
    assert "0 → 26 → 25 minutes (start → now → target): up 23.67 from your start" in text
    assert "95% (expected by now: 47%)" in text
    assert "↗ improving (up 3.5 minutes a week)" in text
    assert "started 2026-10-15, target 2027-01-13 (48 days left)" in text
    assert "7 (streak 6 days, last 2026-11-26); habit strength 75%" in text
    assert "Note 2026-11-25: Sunny | `tick` _under_ # end" in text
    assert "GAS +1, GBO 6/10 (+3 since the first review)" in text
    assert "Next step: Walk with *Sam*" in text
    assert "Latest review 2026-11-19: GAS T-score 56.2 (50 = as expected)." in text
    assert "Last 7 days: 6.6 / 10 · Last 30 days: 5.8 / 10" in text
    assert "Feel less stuck in the mornings" in text
    assert "No changes to the plan in this period." in text
    # Each goal's status in words, in its own box.
    assert source.count('<span class="status">ahead</span>') == 2
    assert "Lower is better." in text and "Higher is better." in text
    assert source.count('class="goal"') == 2


@pytest.mark.usefixtures("engine")
def test_the_whole_history_lists_the_plan_changes(history: Run) -> None:
    _, page = page_of(history)

    assert "Period: from the start of each goal to 2026-11-26" in page.text()
    assert "2026-11-05: Walk outside: Target lowered from 30 to 25 on 2026-11-05." in page.text()


def test_a_therapist_reads_about_the_client(history: Run) -> None:
    _, page = page_of(history, "--since", "last-review", "--for", "therapist")

    assert "Nothing stands out; ask what matters to them." in page.text()


def test_output_file_is_private_and_stdout_stays_empty(history: Run, tmp_path: Path) -> None:
    target = tmp_path / "session.html"
    result = history("report", "--format", "html", "--output", str(target))

    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"Wrote the report to {target}" in result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_no_database_yet_is_an_empty_page(goal: Run) -> None:
    _, page = page_of(goal)

    assert "No goals to show." in page.text()
    assert "svg" not in page.tags()


def test_hostile_text_stays_text(goal: Run, db_path: Path) -> None:
    """A note, a title and a review written to break out of their text (markup, a template
    expression, a bidi override) show as typed, and the page holds no element they wrote."""
    assert goal("intake", "--answers", MOOD_PLAN).exit_code == 0
    logged = goal("log", "1", "--value", "3", "--note", HOSTILE)
    assert logged.exit_code == 0, logged.output
    reviewed = goal("review", "1", "--gas", "0", "--note", HOSTILE)
    assert reviewed.exit_code == 0, reviewed.output
    # Control characters are refused at every door now; an older goalcli could store them.
    # Started 8 days ago (a goal started today has no week to chart yet).
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "UPDATE goal SET title = ?, start_date = '2026-11-18' WHERE id = 1",
            ("Walk \u202eetirw</title></svg><b>x",),
        )
    connection.close()

    source, page = page_of(goal)

    assert not set(page.tags()) & (ACTIVE_ELEMENTS | {"b"})
    # Goal 1's chart; goal 2, started today, has no week to chart yet (no mood was logged).
    assert page.tags().count("svg") == 1
    text = page.text()
    assert f"Note 2026-11-26: {HOSTILE}" in text
    assert f"Note: {HOSTILE}" in text
    assert "49" not in text
    assert "1. Walk \\u202eetirw</title></svg><b>x" in text  # the override shown, not obeyed
    assert "\u202e" not in source
    assert "Walk \\u202eetirw</title></svg><b>x: weekly level" in page.text("title")


@pytest.mark.usefixtures("engine")
def test_questionnaires_risk_and_low_mood(goal: Run) -> None:
    build_reference(goal)

    _, page = page_of(goal)
    text = page.text()

    first_section = text[: text.index("Goals")]
    assert "Risk item answered above 0 on: 2026-10-15 (PHQ-9)." in first_section
    assert "Mood was 3 or lower on 2 days: 2026-11-22, 2026-11-23." in first_section
    assert page.tags().count("svg") == 2 + 1 + 2  # goals, mood, PHQ-9 and GAD-7
    assert "Latest 2026-11-26: 6/27, mild. -8 since 2026-10-15: reliable improvement." in text
    assert "Recovery (NHS Talking Therapies): reliable recovery." in text
    labels = page.text("text")
    assert labels.count("reliable improvement") == 2
    assert "moderately severe" in labels and labels.count("risk") == 1
    assert labels.count("low") == 2
    assert "Low (3 or lower) on 22 Nov, 23 Nov." in page.text("desc")


def test_the_header_names_the_client(goal: Run) -> None:
    started = goal("--profile", "dana", "intake", "--yes", "--answers", MOOD_PLAN)
    assert started.exit_code == 0, started.output
    # The profile's name until it has a display name.
    page = Page(goal("--profile", "dana", "report", "--format", "html").stdout)
    assert page.text("h1") == "Session report — dana"

    named = goal("--profile", "dana", "profile", "set", "--display-name", "Dana <i>R</i>")
    assert named.exit_code == 0, named.output
    result = goal("--profile", "dana", "report", "--format", "html")
    page = Page(result.stdout)
    assert page.text("h1") == "Session report — Dana <i>R</i>"
    assert "i" not in page.tags()


def test_caseload_as_a_page(goal: Run) -> None:
    for name in ("ana", "ben"):
        started = goal("--profile", name, "intake", "--yes", "--answers", MOOD_PLAN)
        assert started.exit_code == 0, started.output
    named = goal("--profile", "ana", "profile", "set", "--display-name", "Ana <script>x</script>")
    assert named.exit_code == 0, named.output
    for day, mood in (("2026-11-24", "2"), ("2026-11-25", "1"), ("2026-11-26", "2")):
        assert goal("--profile", "ana", "log", "--mood", mood, "--date", day).exit_code == 0

    result = goal("caseload", "--format", "html")

    assert result.exit_code == 0, result.output
    page = Page(result.stdout)
    assert not set(page.tags()) & ACTIVE_ELEMENTS
    assert page.tags().count("tr") == 3  # the headings and two profiles
    cells = [data for inside, data in page.texts if inside == "td"]
    assert "ana (Ana <script>x</script>)" in cells and "ben" in cells
    assert page.text("h1") == "Caseload on 2026-11-26"
    # Several reasons are a list, each reason an item.
    assert [data for inside, data in page.texts if inside == "li"] == [
        "low-mood rule fired (last three moods 2 or lower)",
        "three low-mood days in the last 7 days",
    ]


def test_the_safety_note_is_on_the_page_for_its_reader(goal: Run) -> None:
    """Three very low moods: the note the terminal shows once is printed on the page too, in
    the first box, worded for the reader, the support contact as typed."""
    assert goal("intake", "--answers", MOOD_PLAN).exit_code == 0
    for day, mood in (("2026-11-24", "2"), ("2026-11-25", "1"), ("2026-11-26", "2")):
        assert goal("log", "--mood", mood, "--date", day).exit_code == 0

    _, page = page_of(goal)
    first = page.text()[: page.text().index("Goals")]
    assert "A note for you" in first
    assert "Your mood has been very low on your last three check-ins." in first
    assert "You named someone to reach out to: My friend Priya, 555-0117" in first

    _, page = page_of(goal, "--for", "therapist")
    first = page.text()[: page.text().index("Goals")]
    assert "A note about your client" in first
    assert "Consider contacting them before the next session." in first


def test_no_safety_note_without_a_run_of_low_moods(history: Run) -> None:
    _, page = page_of(history)
    assert "A note for you" not in page.text()


def test_gas_guides_and_each_members_ratings_are_on_the_page(goal: Run) -> None:
    """Issue 14's figures flow onto the page: the goal's GAS guide, each member's review with
    the level's description, the members' T-scores and their agreement; a hostile member name
    stays text."""
    couples = Path(__file__).parents[2] / "examples" / "couples.toml"
    assert (
        goal("intake", "--answers", str(couples), env={"GOALCLI_TODAY": "2026-11-01"}).exit_code
        == 0
    )
    hostile = "<b>Al</b>"
    assert goal("profile", "members", "--add", "Sam", "--add", hostile).exit_code == 0
    guide = ["No talks", "One talk", "Two talks a week", "Three talks", "Talk daily"]
    levels = zip(("-2", "-1", "0", "+1", "+2"), guide, strict=True)
    edit = [part for level, said in levels for part in ("--gas-level", f"{level}: {said}")]
    assert goal("edit", "1", *edit).exit_code == 0  # a first guide takes all five at once
    assert goal("review", "1", "--member", "Sam", "--gas", "+1", "--gbo", "6").exit_code == 0
    assert goal("review", "1", "--member", hostile, "--gas", "-1", "--gbo", "3").exit_code == 0

    source, page = page_of(goal)

    words = " ".join(page.text().split())
    assert "GAS guide" in words and "+2: Talk daily" in words and "-2: No talks" in words
    assert "Review 2026-11-26 (Sam): GAS +1" in words
    # Each level given with what the guide said it would look like.
    assert "GAS +1 (Three talks), GBO 6/10" in words and "GAS -1 (One talk)" in words
    assert "differ by 2" in words  # the two members' GAS levels, side by side
    assert hostile in words and "<b>" not in page.tags()
    assert "&lt;b&gt;Al&lt;/b&gt;" in source
