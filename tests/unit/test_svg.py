"""render/svg.py on hand-computed cases: where values land, what each chart says in words,
which marks carry meaning without colour, and that the same numbers give the same bytes."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

from goalcli.render import svg

NOV_2, NOV_9, NOV_16 = date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)
PHQ9_BANDS = [
    svg.BandRange(0, 4, "minimal"),
    svg.BandRange(5, 9, "mild"),
    svg.BandRange(10, 14, "moderate"),
    svg.BandRange(15, 19, "moderately severe"),
    svg.BandRange(20, 27, "severe"),
]


class Elements(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.feed(source)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))

    def of(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.found if name == tag]


def between(source: str, tag: str) -> str:
    return source.split(f"<{tag}", 1)[1].split(">", 1)[1].split(f"</{tag}>", 1)[0]


def test_frame_places_values_by_hand() -> None:
    # Plot 640 - 44 - 84 = 512 wide from x = 44; 100 - 12 - 22 = 66 high from y = 12.
    frame = svg.Frame(height=100, low=0, high=10, slots=3)
    assert [frame.x(i) for i in range(3)] == [44.0, 300.0, 556.0]
    assert (frame.y(10), frame.y(5), frame.y(0)) == (12.0, 45.0, 78.0)
    assert svg.Frame(height=100, low=0, high=10, slots=1).x(0) == 300.0  # one point: centred
    assert svg.Frame(height=100, low=4, high=4, slots=2).y(4) == 45.0  # flat: the middle
    assert svg.Frame(height=100, low=0, high=10, slots=2, inset=16).x(0) == 60.0


def test_dates_are_the_same_in_every_locale() -> None:
    assert svg.day_words(NOV_2) == "2 Nov"
    assert svg.day_words(date(2027, 1, 31)) == "31 Jan"


def test_goal_chart_says_each_week_in_words() -> None:
    chart = svg.goal_chart(
        "goal-1",
        "Walk: weekly level",
        [(NOV_2, 3, 2.5), (NOV_9, 4.25, 5)],
        baseline=0,
        target=10,
        unit="minutes",
    )
    assert chart.startswith('<svg class="chart" role="img"')
    assert 'aria-labelledby="goal-1-title goal-1-desc"' in chart
    assert between(chart, "title") == "Walk: weekly level"
    assert between(chart, "desc") == (
        "Weekly level in minutes, with the road and the target. "
        "Week of 2 Nov: 3; road 2.5; target 10. Week of 9 Nov: 4.2; road 5; target 10."
    )
    elements = Elements(chart)
    # Road dashed, target dotted, level solid with a round marker per week, each labelled.
    dashes = [line.get("stroke-dasharray") for line in elements.of("polyline")]
    assert dashes == ["6 4", None]
    assert [line.get("stroke-dasharray") for line in elements.of("line")][-1] == "1.5 3"
    assert len(elements.of("circle")) == 2
    for label in (">target 10<", ">road<", ">3<", ">4.2<", ">2 Nov<", ">9 Nov<"):
        assert label in chart, label


def test_numbers_are_written_with_one_decimal_and_the_bytes_repeat() -> None:
    def draw() -> str:
        return svg.goal_chart(
            "g", "t", [(NOV_2, 1 / 3, 0.1), (NOV_9, 2 / 3, 0.2)], baseline=0, target=1, unit="u"
        )

    chart = draw()
    assert chart == draw()
    coordinates = re.findall(r'\b(?:x|y|x1|y1|x2|y2|cx|cy|width|height)="([^"]+)"', chart)
    assert coordinates
    assert all(re.fullmatch(r"-?\d+(\.\d)?", value) for value in coordinates), coordinates
    points = re.findall(r'points="([^"]+)"', chart)
    assert all(re.fullmatch(r"(-?\d+\.\d,-?\d+\.\d ?)+", line) for line in points)


def test_text_is_escaped_and_hidden_characters_shown() -> None:
    chart = svg.goal_chart(
        "g", '</title><script>x</script> "\u202e', [(NOV_2, 1, 1)], baseline=0, target=2, unit="<b>"
    )
    assert "<script>" not in chart and "<b>" not in chart and "\u202e" not in chart
    assert between(chart, "title") == "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt; &quot;\\u202e"
    assert "Weekly level in &lt;b&gt;" in chart


def test_mood_chart_hatches_and_labels_low_days() -> None:
    days = [
        (NOV_16, 6),
        (date(2026, 11, 17), None),
        (date(2026, 11, 18), 2),
        (date(2026, 11, 19), 3),
    ]
    chart = svg.mood_chart("mood", "Mood by day", days, low_at=3)

    assert between(chart, "desc") == (
        "Mood by day, 0 to 10. 16 Nov: 6; 18 Nov: 2; 19 Nov: 3. Low (3 or lower) on 18 Nov, 19 Nov."
    )
    bars = Elements(chart).of("rect")[1:]  # the first is the hatch pattern's background
    assert [bar["fill"] for bar in bars] == ["#8a8a8a", "url(#mood-low)", "url(#mood-low)"]
    lows = re.findall(r'<text x="([\d.]+)" y="([\d.]+)"[^>]*>low</text>', chart)
    assert len(lows) == 2
    assert lows[0][1] != lows[1][1]  # side by side: the second a line lower, both readable
    assert ">16 Nov<" in chart  # a Monday is dated


def test_score_chart_names_bands_and_marks_reliable_change_and_risk() -> None:
    scores = [(NOV_2, 14, True), (NOV_9, 11, False), (NOV_16, 6, False)]
    chart = svg.score_chart(
        "phq9", "PHQ-9", scores, bands=PHQ9_BANDS, top=27, reliable="improvement"
    )

    description = between(chart, "desc")
    assert description.startswith("Scores from 0 to 27; bands: minimal 0 to 4; mild 5 to 9;")
    assert "2 Nov: 14 (risk item answered); 9 Nov: 11; 16 Nov: 6." in description
    assert description.endswith("Reliable improvement from the first score to the latest.")
    for band in PHQ9_BANDS:
        assert f">{band.label}<" in chart
    fills = [rect["fill"] for rect in Elements(chart).of("rect")[:5]]
    assert fills == ["#f4f4f4", "#e2e2e2"] * 2 + ["#f4f4f4"]  # alternate, each named
    assert chart.count(">reliable improvement<") == 1
    assert chart.count(">risk<") == 1
    assert len(Elements(chart).of("circle")) == 2  # the risk score is a square instead

    single = svg.score_chart("s", "PHQ-9", scores[:1], bands=PHQ9_BANDS, top=27, reliable=None)
    assert "reliable" not in single.lower()
