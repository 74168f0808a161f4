"""render/svg.py on hand-computed cases: where values land, what each chart says in words,
which marks carry meaning without colour, and that the same numbers give the same bytes."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape
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


TEXT = re.compile(
    r'<text x="([-\d.]+)" y="([-\d.]+)" text-anchor="(\w+)"[^>]*?( font-weight="bold")?>([^<]*)</text>'
)


def text_boxes(chart: str) -> list[tuple[str, svg.Box]]:
    """Every label of a chart with the box svg.text_box says it takes."""
    return [
        (words, svg.text_box(float(x), float(y), unescape(words), anchor, bold=bool(bold)))
        for x, y, anchor, bold, words in TEXT.findall(chart)
    ]


def assert_apart(chart: str) -> None:
    """No two labels of the chart overlap, and each lies inside it (the browser test measures
    the same on a real page)."""
    view = re.search(r'viewBox="0 0 \d+ (\d+)"', chart)
    assert view is not None
    height = float(view.group(1))
    boxes = text_boxes(chart)
    assert boxes
    for index, (words, box) in enumerate(boxes):
        assert box[0] >= 0 and box[1] >= 0 and box[2] <= svg.WIDTH and box[3] <= height, words
        for other, other_box in boxes[index + 1 :]:
            apart = (
                box[2] <= other_box[0]
                or other_box[2] <= box[0]
                or box[3] <= other_box[1]
                or other_box[3] <= box[1]
            )
            assert apart, (words, other)


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
        [svg.WeekPoint(NOV_2, 3, 2.5), svg.WeekPoint(NOV_9, 4.25, 5)],
        baseline=0,
        target=10,
        unit="minutes",
    )
    assert chart.startswith('<svg class="chart" role="img"')
    assert 'aria-labelledby="goal-1-title goal-1-desc"' in chart
    assert between(chart, "title") == "Walk: weekly level"
    assert between(chart, "desc") == (
        "Weekly level in minutes, with the road and the target. "
        "Week to 2 Nov: 3; road 2.5; target 10. Week to 9 Nov: 4.2; road 5; target 10."
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
            "g",
            "t",
            [svg.WeekPoint(NOV_2, 1 / 3, 0.1), svg.WeekPoint(NOV_9, 2 / 3, 0.2)],
            baseline=0,
            target=1,
            unit="u",
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
        "g",
        '</title><script>x</script> "\u202e',
        [svg.WeekPoint(NOV_2, 1, 1)],
        baseline=0,
        target=2,
        unit="<b>",
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
    assert lows[0][1] == lows[1][1]  # 144 pixels apart: one line is enough
    assert_apart(chart)
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


def test_goal_chart_starts_at_the_start_leaves_gaps_and_draws_incomplete_weeks_open() -> None:
    """Drinks 25 → 7 from 1 Nov: the start point, a full week of 21, a week with nothing
    logged, and a week of 3 with 2 days logged."""
    weeks = [
        svg.WeekPoint(date(2026, 11, 8), 21, 23.6, True, "7 of 7 days logged"),
        svg.WeekPoint(date(2026, 11, 15), None, 22.2, False, "0 of 7 days logged"),
        svg.WeekPoint(date(2026, 11, 22), 3, 20.8, False, "2 of 7 days logged"),
    ]
    chart = svg.goal_chart(
        "g", "Drinks", weeks, baseline=25, target=7, unit="drinks", start=date(2026, 11, 1)
    )
    assert between(chart, "desc") == (
        "Weekly level in drinks, with the road and the target. Start 1 Nov: 25. "
        "Week to 8 Nov: 21; road 23.6; target 7. "
        "Week to 15 Nov: nothing logged (0 of 7 days logged); road 22.2; target 7. "
        "Week to 22 Nov: 3 (2 of 7 days logged); road 20.8; target 7."
    )
    elements = Elements(chart)
    # The start: a diamond (a path) at the first of four positions; the road begins there too.
    assert len(elements.of("path")) == 1
    road, level = elements.of("polyline")
    assert road["stroke-dasharray"] == "6 4" and len((road["points"] or "").split()) == 4
    # The line joins the start and the full week only: never the gap, never the partial week.
    assert len((level["points"] or "").split()) == 2
    circles = elements.of("circle")
    assert [circle["fill"] for circle in circles] == ["#222", "#fff"]  # the incomplete: open
    assert "<title>Week to 22 Nov: 3 (2 of 7 days logged); road 20.8; target 7.</title>" in chart
    for day in (">1 Nov<", ">8 Nov<", ">15 Nov<", ">22 Nov<"):
        assert day in chart
    assert_apart(chart)


def test_goal_chart_fades_the_weeks_before_the_period() -> None:
    weeks = [
        svg.WeekPoint(NOV_2, 3, 2, faded=True),
        svg.WeekPoint(NOV_9, 4, 3, faded=True),
        svg.WeekPoint(NOV_16, 5, 4),
    ]
    chart = svg.goal_chart("g", "Walk", weeks, baseline=0, target=10, unit="minutes")
    faded = re.findall(r'<g opacity="0.35">(.*?)</g>', chart)
    # One line from the faded weeks into the period's week, and the two faded weeks' markers
    # and labels; the period's own week is drawn in full.
    assert len(faded) == 5
    assert faded[0].startswith('<polyline points="60.0,90.0 300.0,80.0 540.0,70.0"')
    assert not any(">5<" in part for part in faded)


def test_the_road_label_moves_clear_of_the_target_label() -> None:
    """At the target date the road meets the target: both labels at the same height."""
    weeks = [svg.WeekPoint(NOV_2, 5, 9), svg.WeekPoint(NOV_9, 6, 10)]
    chart = svg.goal_chart("g", "Walk", weeks, baseline=0, target=10, unit="minutes")
    assert ">road<" in chart and ">target 10<" in chart
    assert_apart(chart)


def test_a_reliable_change_at_a_risk_score_and_a_low_risk_score_keep_their_labels_apart() -> None:
    """The latest score answered the risk item and changed reliably: "risk" under the square,
    "reliable deterioration" clear of it; a risk score near 0 puts "risk" over its square,
    clear of the dates."""
    scores = [(NOV_2, 1, True), (NOV_9, 2, False), (NOV_16, 14, True)]
    chart = svg.score_chart(
        "phq9", "PHQ-9", scores, bands=PHQ9_BANDS, top=27, reliable="deterioration"
    )
    assert chart.count(">risk<") == 2
    assert chart.count(">reliable deterioration<") == 1
    assert_apart(chart)
    # Neither label covers a marker (a risk square is 8 pixels, a dot 7).
    markers = [
        (float(rect["x"] or 0), float(rect["y"] or 0)) for rect in Elements(chart).of("rect")[5:]
    ]
    for words, box in text_boxes(chart):
        for x, y in markers:
            assert box[2] <= x or x + 8 <= box[0] or box[3] <= y or y + 8 <= box[1], words


def test_mood_labels_stay_apart_over_a_month_of_low_days_and_clear_of_the_value_axis() -> None:
    """Thirty days, every other run of days low: "low" on two lines where neighbours would
    touch, dates every Monday; the value axis labels end left of the first bar."""
    start = date(2026, 10, 28)
    days = [(start + timedelta(days=n), 1 if n % 5 else 7) for n in range(30)]
    chart = svg.mood_chart("mood", "Mood by day", days, low_at=3)
    assert_apart(chart)
    lows = re.findall(r'<text x="[\d.]+" y="([\d.]+)"[^>]*>low</text>', chart)
    assert len(set(lows)) == 2  # two lines
    first_bar = Elements(chart).of("rect")[1]
    axis_labels = [box for words, box in text_boxes(chart) if words in {"0", "5", "10"}]
    assert len(axis_labels) == 3
    assert all(box[2] < float(first_bar["x"] or 0) for box in axis_labels)


def test_a_goal_to_raise_something_joins_its_incomplete_weeks_one_to_lower_does_not() -> None:
    weeks = [
        svg.WeekPoint(NOV_2, 2, 1, False, "2 of 7 days logged"),
        svg.WeekPoint(NOV_9, 3, 2, False, "3 of 7 days logged"),
    ]
    raising = svg.goal_chart("g", "Calls", weeks, baseline=0, target=3, unit="calls")
    assert len(Elements(raising).of("polyline")) == 2  # the road and the level's line
    lowering = svg.goal_chart("g", "Drinks", weeks, baseline=9, target=1, unit="drinks")
    assert len(Elements(lowering).of("polyline")) == 1  # the road alone
    for chart in (raising, lowering):
        assert [circle["fill"] for circle in Elements(chart).of("circle")] == ["#fff", "#fff"]


def test_a_signal_shades_its_weeks_as_one_labelled_band_behind_the_lines() -> None:
    # Three weeks at slots x = 60, 300, 540 (inset 16, slots 3; 240 apart). A signal since
    # Nov 3 covers the weeks to Nov 9 and Nov 16: from 300 - 120 = 180 to min(540 + 120, 556).
    weeks = [svg.WeekPoint(NOV_2, 1, 2), svg.WeekPoint(NOV_9, 1, 4), svg.WeekPoint(NOV_16, 1, 6)]
    chart = svg.goal_chart(
        "goal-1",
        "Walk",
        weeks,
        baseline=0,
        target=10,
        unit="minutes",
        marked=[(date(2026, 11, 3), "behind 2 weeks")],
    )
    [band] = Elements(chart).of("rect")
    assert (band["x"], band["width"], band["y"]) == ("180.0", "376.0", "12.0")
    assert band["fill"] == svg.SIGNAL_FILL and band["stroke-dasharray"] == "4 3"
    assert chart.index("<rect") < chart.index("<polyline")  # behind the road and the level
    assert ">behind 2 weeks</text>" in chart
    assert between(chart, "desc").endswith("Shaded: behind 2 weeks, from 3 Nov.")
    assert_apart(chart)
    # A signal after the chart's last week marks nothing.
    later = svg.goal_chart(
        "goal-1",
        "Walk",
        weeks,
        baseline=0,
        target=10,
        unit="minutes",
        marked=[(date(2026, 11, 17), "stalled")],
    )
    assert "<rect" not in later and "stalled" not in later
