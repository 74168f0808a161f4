"""Charts as inline SVG for the HTML pages: pure functions from numbers to markup, standard
library only (no plotting library: tens of MB for three small charts, output that changes with
its versions, and less say over grayscale patterns and accessibility).

Three charts, one family (points over time on a frame with a labelled value axis):
- a goal's weekly level against the road (dashed) and the target (dotted);
- mood by day as bars, the low-mood days hatched and labelled "low";
- a questionnaire's scores over its bands (shaded, each named inside it), with a reliable change
  labelled at the latest score.

Meaning never rests on colour alone: lines differ by dash, markers by shape, and words label
what matters. Every chart has role="img", a <title> and a <desc> that says its numbers in words.
Coordinates are written with one decimal, so the same numbers give the same bytes.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import NamedTuple

from goalcli.core.text import number_text, visible

WIDTH = 640
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
INK = "#222"
GRID = "#bbb"
MUTED = "#555"
FONT = 'font-family="inherit" font-size="11"'
# Bands shaded alternately, light enough for the line and the band's name to read over them.
BAND_FILLS = ("#f4f4f4", "#e2e2e2")
BOLD = ' font-weight="bold"'
VALUE_LABELS_UP_TO = 12  # points beyond this many are not each labelled with their value


def xml_text(text: str) -> str:
    """Text for SVG or HTML: hidden characters made visible (core.text.visible), then < > & and
    quotes escaped, so what a person typed can never become markup."""
    return html.escape(visible(text), quote=True)


def day_words(day: date) -> str:
    """ "2 Nov": a date as a chart says it, the same in every locale."""
    return f"{day.day} {MONTHS[day.month - 1]}"


def _n(value: float) -> str:
    """A coordinate, with one decimal: the same numbers always give the same bytes."""
    return f"{value + 0.0:.1f}"


def _value(value: float) -> str:
    """A value as a label says it: at most one decimal, whole numbers without one."""
    return number_text(round(value, 1) + 0.0)


@dataclass(frozen=True)
class Frame:
    """The plotting area inside a chart of WIDTH x height, with values low..high upwards and
    `slots` evenly spaced positions along the bottom."""

    height: int
    low: float
    high: float
    slots: int
    left: float = 44.0
    right: float = 84.0  # room for the labels at the end of the lines
    top: float = 12.0
    bottom: float = 22.0
    inset: float = 0.0  # room between the frame's sides and the first and last positions

    def x(self, index: int) -> float:
        first = self.left + self.inset
        inner = WIDTH - self.right - self.inset - first
        if self.slots <= 1:
            return first + inner / 2
        return first + inner * index / (self.slots - 1)

    def y(self, value: float) -> float:
        inner = self.height - self.top - self.bottom
        span = self.high - self.low
        share = 0.5 if span <= 0 else (value - self.low) / span
        return self.top + inner * (1 - share)


def _open(chart_id: str, height: int, title: str, description: str) -> list[str]:
    return [
        f'<svg class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{xml_text(title)}</title>',
        f'<desc id="{chart_id}-desc">{xml_text(description)}</desc>',
    ]


def _label(x: float, y: float, text: str, *, anchor: str = "start", extra: str = "") -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" fill="{INK}" {FONT}{extra}>'
        f"{xml_text(text)}</text>"
    )


# A label's box as a browser measures 11-pixel text in DejaVu Sans (the widest of the fonts
# the page names): from 0.93 em above the baseline to 0.24 em below it, and each character
# a little wider than DejaVu's own advance (bold: 12% wider). Generous on purpose: two boxes
# apart here are apart on screen and on paper (the browser test measures them).
FONT_SIZE = 11.0
ASCENT = 0.93 * FONT_SIZE
DESCENT = 0.24 * FONT_SIZE
NARROW = {**dict.fromkeys(" ", 0.33), **dict.fromkeys("ijl.,:;!'|", 0.3)}
NARROW.update(dict.fromkeys("frt()-", 0.42))
WIDE = {"m": 1.0, "M": 1.0, "W": 1.0, "w": 0.85}
OTHER = 0.64  # digits are 0.636 em, most lowercase letters less
UPPER = 0.76
BOLD_WIDER = 1.12


Box = tuple[float, float, float, float]  # left, top, right, bottom


def text_box(x: float, y: float, text: str, anchor: str = "start", *, bold: bool = False) -> Box:
    """Where a label at (x, y) with `anchor` is drawn, at most."""
    ems = sum(
        NARROW.get(char) or WIDE.get(char) or (UPPER if char.isupper() else OTHER)
        for char in visible(text)
    )
    width = ems * FONT_SIZE * (BOLD_WIDER if bold else 1.0)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return left, y - ASCENT, left + width, y + DESCENT


def _apart(one: Box, other: Box) -> bool:
    return one[2] <= other[0] or other[2] <= one[0] or one[3] <= other[1] or other[3] <= one[1]


@dataclass
class Layout:
    """The labels of one chart, placed so that no two overlap, nor a label and a marker, and
    each stays inside the chart. A label that fits nowhere is left out: every chart says all
    its numbers in its <desc> (and each point in its tooltip)."""

    height: float
    taken: list[Box] = field(default_factory=list)

    def block(self, box: Box) -> None:
        """Keep labels off `box` (a marker)."""
        self.taken.append(box)

    def fits(self, box: Box) -> bool:
        inside = box[0] >= 0 and box[1] >= 0 and box[2] <= WIDTH and box[3] <= self.height
        return inside and all(_apart(box, other) for other in self.taken)

    def place(
        self,
        spots: Sequence[tuple[float, float]],
        text: str,
        *,
        anchor: str = "start",
        extra: str = "",
    ) -> str | None:
        """The label at the first of `spots` (x, baseline y) where it fits, or None."""
        for x, y in spots:
            box = text_box(x, y, text, anchor, bold=bool(extra))
            if self.fits(box):
                self.taken.append(box)
                return _label(x, y, text, anchor=anchor, extra=extra)
        return None


def _placed(parts: list[str], label: str | None) -> None:
    if label is not None:
        parts.append(label)


def _value_axis(
    frame: Frame, ticks: Sequence[float], layout: Layout, label_x: float | None = None
) -> list[str]:
    """Horizontal grid lines at `ticks`, each labelled on the left (at `label_x`, else just
    left of the frame) where its label fits: the first tick's label always does."""
    parts = []
    for tick in ticks:
        y = frame.y(tick)
        parts.append(
            f'<line x1="{_n(frame.left)}" y1="{_n(y)}" x2="{_n(WIDTH - frame.right)}" '
            f'y2="{_n(y)}" stroke="{GRID}" stroke-width="0.5"/>'
        )
        x = frame.left - 6 if label_x is None else label_x
        _placed(parts, layout.place([(x, y + 4)], _value(tick), anchor="end"))
    return parts


DATE_LABEL_ROOM = 44  # pixels a date label ("30 Nov") needs to stay clear of the next


def _date_axis(frame: Frame, days: Sequence[date], layout: Layout) -> list[str]:
    """The days under their positions: as many as fit side by side, counted back from the
    latest (always shown)."""
    spacing = frame.x(1) - frame.x(0) if len(days) > 1 else WIDTH
    every = max(1, math.ceil(DATE_LABEL_ROOM / spacing))
    parts: list[str] = []
    for index in range(len(days) - 1, -1, -1):
        if (len(days) - 1 - index) % every:
            continue
        spot = [(frame.x(index), frame.height - 6)]
        _placed(parts, layout.place(spot, day_words(days[index]), anchor="middle"))
    return parts[::-1]


def _polyline(frame: Frame, values: Sequence[float], style: str) -> str:
    points = " ".join(f"{_n(frame.x(i))},{_n(frame.y(v))}" for i, v in enumerate(values))
    return f'<polyline points="{points}" fill="none" stroke="{INK}" {style}/>'


def _range(values: Sequence[float]) -> tuple[float, float]:
    """low and high with a little room above and below (a flat line sits in the middle)."""
    low, high = min(values), max(values)
    if high == low:
        return low - 1, high + 1
    room = (high - low) * 0.08
    return low - room, high + room


class WeekPoint(NamedTuple):
    """One week of a goal's chart (core.weeks.Week as the chart needs it)."""

    end: date  # the week's last day: the level is the level on that day
    level: float | None  # None: nothing logged that week, a gap in the line
    road: float
    complete: bool = True  # False: drawn as an open circle, `known` in its tooltip
    known: str = ""  # "3 of 7 days logged"
    faded: bool = False  # before the report's period (--since): drawn faded, for context
    excused: str = ""  # "2 days excused" (`goal skip`): a × under the week, said in its tooltip


FADED = 'opacity="0.35"'


def goal_chart(
    chart_id: str,
    title: str,
    weeks: Sequence[WeekPoint],
    *,
    baseline: float,
    target: float,
    unit: str,
    start: date | None = None,
    height: int = 150,
    marked: Sequence[tuple[date, str]] = (),
) -> str:
    """A goal's weekly level (solid line, round markers, each labelled) against the road
    (dashed: where the plan expects it by the week's end) and the target (dotted, labelled).
    `start`: the goal's start date when the chart reaches back to it: the first point is then
    the baseline on that day (a diamond), where the road begins too. A week with nothing logged
    is a gap in the line; an incomplete one an open circle whose tooltip says its days logged,
    not joined to the line of a goal to lower something; weeks before the period are faded. `weeks`: oldest first.
    `marked`: signals (views.session.ChartSignal) as (since, label): the weeks ending on or
    after `since` shaded as one band, behind everything, with the label in it."""
    offset = 1 if start is not None else 0
    levels = [week.level for week in weeks if week.level is not None]
    roads = [week.road for week in weeks]
    low, high = _range([*levels, *roads, baseline, target])
    frame = Frame(height=height, low=low, high=high, slots=len(weeks) + offset, inset=16)
    layout = Layout(height)
    bands = _signal_bands(frame, weeks, offset, marked)
    description = _goal_description(weeks, baseline, target, unit, start)
    description += "".join(f" Shaded: {band.label}, from {band.since}." for band in bands)
    parts = _open(chart_id, height, title, description)
    parts += [band.rect for band in bands]
    points = _goal_points(weeks, baseline, start)
    # The markers are placed before any label, so that no label covers one.
    for slot, value, _, _ in points:
        if value is not None:
            x, y = frame.x(slot), frame.y(value)
            layout.block((x - 5, y - 5, x + 5, y + 5))
    excused = _excused_marks(frame, weeks, offset, layout)
    days = ([start] if start is not None else []) + [week.end for week in weeks]
    dates = _date_axis(frame, days, layout) if weeks else []
    parts += _target_parts(frame, baseline, target, layout)
    for band in bands:  # each band's label, before the values' labels (it says more)
        _placed(parts, layout.place(band.spots, band.label, extra=BOLD + HALO))
    if not weeks:
        parts.append("</svg>")
        return "\n".join(parts)
    road_values = ([float(baseline)] if start is not None else []) + roads
    parts += _road_parts(frame, road_values, layout)
    for fade, run in _level_runs(points, lowering=target < baseline):
        segment = _polyline_at(frame, run, 'stroke-width="2"')
        parts.append(_faded(segment) if fade else segment)
    parts += _level_marks(
        frame, points, weeks, layout, baseline=baseline, target=target, start=start
    )
    parts += excused + dates
    parts.append("</svg>")
    return "\n".join(parts)


SIGNAL_FILL = "#dcdcdc"  # under the lines, and still a band in grayscale (its edges dashed)
HALO = f' stroke="{SIGNAL_FILL}" stroke-width="3" paint-order="stroke"'  # legible over a line


class Band(NamedTuple):
    rect: str
    label: str
    since: str  # in words (day_words)
    spots: list[tuple[float, float]]  # where its label may go, in order


def _signal_bands(
    frame: Frame, weeks: Sequence[WeekPoint], offset: int, marked: Sequence[tuple[date, str]]
) -> list[Band]:
    """The bands of the signals `marked` that reach a week of the chart."""
    return [
        band
        for since, label in marked
        if (band := _signal_band(frame, weeks, offset, since, label)) is not None
    ]


def _signal_band(
    frame: Frame, weeks: Sequence[WeekPoint], offset: int, since: date, label: str
) -> Band | None:
    """The weeks ending on or after `since` as one shaded band from half a slot before the first
    to half a slot after the last; None when no week of the chart is in it."""
    slots = [offset + index for index, week in enumerate(weeks) if week.end >= since]
    if not slots:
        return None
    half = (frame.x(1) - frame.x(0)) / 2 if frame.slots > 1 else 8.0
    left = max(frame.left, frame.x(slots[0]) - half)
    right = min(WIDTH - frame.right, frame.x(slots[-1]) + half)
    top, bottom = frame.top, frame.height - frame.bottom
    rect = (
        f'<rect x="{_n(left)}" y="{_n(top)}" width="{_n(right - left)}" '
        f'height="{_n(bottom - top)}" fill="{SIGNAL_FILL}" stroke="{MUTED}" '
        f'stroke-width="0.8" stroke-dasharray="4 3"/>'
    )
    spots = [(left + 3, top + ASCENT + 2), (left + 3, bottom - DESCENT - 2)]
    return Band(rect, label, day_words(since), spots)


EXCUSED_MARK = "×"


def _excused_marks(
    frame: Frame, weeks: Sequence[WeekPoint], offset: int, layout: Layout
) -> list[str]:
    """A × on the bottom edge under each week with excused days, its tooltip saying how many:
    a mark rather than a colour, so it reads in grayscale and on paper (the page's legend
    names it). Kept clear of the labels placed after it."""
    parts = []
    y = frame.height - frame.bottom - 3
    for index, week in enumerate(weeks):
        if not week.excused:
            continue
        x = frame.x(index + offset)
        layout.block(text_box(x, y, EXCUSED_MARK, "middle"))
        mark = (
            f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="middle" fill="{INK}" {FONT}>'
            f"{EXCUSED_MARK}<title>{xml_text(week.excused)}</title></text>"
        )
        parts.append(_faded(mark) if week.faded else mark)
    return parts


# One point of a goal's level: (slot, value, complete, faded); None: nothing logged, a gap.
LevelPoint = tuple[int, float | None, bool, bool]


def _goal_description(
    weeks: Sequence[WeekPoint], baseline: float, target: float, unit: str, start: date | None
) -> str:
    """The goal chart's numbers in words, for its <desc>."""
    description = f"Weekly level in {unit}, with the road and the target. "
    if start is not None:
        description += f"Start {day_words(start)}: {_value(baseline)}. "
    return description + " ".join(_week_words(week, target) for week in weeks)


def _goal_points(
    weeks: Sequence[WeekPoint], baseline: float, start: date | None
) -> list[LevelPoint]:
    """The level's points, the start point (the baseline on the start date) first if shown."""
    offset = 1 if start is not None else 0
    points: list[LevelPoint] = []
    if start is not None:
        points.append((0, float(baseline), True, bool(weeks) and weeks[0].faded))
    points += [
        (index + offset, week.level, week.complete, week.faded) for index, week in enumerate(weeks)
    ]
    return points


def _target_parts(frame: Frame, baseline: float, target: float, layout: Layout) -> list[str]:
    """The value axis (baseline and target), and the target's dotted line with its label (placed
    before the axis's labels, so that it always fits)."""
    y_target = frame.y(target)
    target_label = layout.place(
        [(WIDTH - frame.right + 6, y_target + 4)], f"target {_value(target)}"
    )
    parts = _value_axis(frame, (baseline, target), layout)
    parts.append(
        f'<line x1="{_n(frame.left)}" y1="{_n(y_target)}" x2="{_n(WIDTH - frame.right)}" '
        f'y2="{_n(y_target)}" stroke="{INK}" stroke-width="1.2" stroke-dasharray="1.5 3"/>'
    )
    _placed(parts, target_label)
    return parts


def _level_runs(
    points: Sequence[LevelPoint], *, lowering: bool
) -> list[tuple[bool, list[tuple[int, float]]]]:
    """The line joins the points in runs, (faded, points), faded before the period; a week with
    nothing logged is a gap. For a goal to lower something an incomplete week stands on its own
    (a line to a partial total would read as a fall that may never have happened); for one to
    raise something its partial total is a lower bound, which can only understate, and is
    joined."""
    runs: list[tuple[bool, list[tuple[int, float]]]] = []
    for (slot, value, complete, faded), (
        next_slot,
        next_value,
        next_complete,
        next_faded,
    ) in pairwise(points):
        if value is None or next_value is None:
            continue
        if lowering and not (complete and next_complete):
            continue
        fade = faded or next_faded
        if runs and runs[-1][0] == fade and runs[-1][1][-1] == (slot, value):
            runs[-1][1].append((next_slot, next_value))
        else:
            runs.append((fade, [(slot, value), (next_slot, next_value)]))
    return runs


def _road_parts(frame: Frame, road: Sequence[float], layout: Layout) -> list[str]:
    """The road, dashed, with "road" where it ends, moved clear of the target's label when the
    two meet."""
    y_road = frame.y(road[-1]) + 4
    spots = [(WIDTH - frame.right + 6, y_road + shift) for shift in (0, 8, -8, 14, -14, 20, -20)]
    parts = [_polyline(frame, road, 'stroke-width="1.2" stroke-dasharray="6 4"')]
    _placed(parts, layout.place(spots, "road"))
    return parts


def _level_marks(
    frame: Frame,
    points: Sequence[LevelPoint],
    weeks: Sequence[WeekPoint],
    layout: Layout,
    *,
    baseline: float,
    target: float,
    start: date | None,
) -> list[str]:
    """Each point's marker with its tooltip, and its value where there are few enough points
    to label each and the label fits; faded before the period."""
    labelled = len(points) <= VALUE_LABELS_UP_TO + (1 if start is not None else 0)
    weeks_by_point: list[WeekPoint | None] = [None, *weeks] if start is not None else [*weeks]
    parts: list[str] = []
    for (slot, value, complete, faded), week in zip(points, weeks_by_point, strict=True):
        if value is None:
            continue
        x, y = frame.x(slot), frame.y(value)
        if week is None and start is not None:
            drawn = [_start_marker(x, y, f"Start {day_words(start)}: {_value(baseline)}")]
        else:
            tip = _week_words(week, target) if week is not None else ""
            drawn = [_week_marker(x, y, tip, complete=complete)]
        if labelled:
            spots = [(x, y - 8), (x, y + 16), (x, y - 22)]
            _placed(drawn, layout.place(spots, _value(value), anchor="middle"))
        parts += [_faded(part) for part in drawn] if faded else drawn
    return parts


def _start_marker(x: float, y: float, tip: str) -> str:
    """The start point: a diamond, with its tooltip."""
    return (
        f'<path d="M{_n(x)},{_n(y - 5)} L{_n(x + 5)},{_n(y)} L{_n(x)},{_n(y + 5)} '
        f'L{_n(x - 5)},{_n(y)} Z" fill="{INK}"><title>{xml_text(tip)}</title></path>'
    )


def _week_marker(x: float, y: float, tip: str, *, complete: bool) -> str:
    """A week's point: a round marker, open when the week is incomplete, with its tooltip."""
    fill = f'fill="{INK}"' if complete else f'fill="#fff" stroke="{INK}" stroke-width="1.5"'
    return (
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5" {fill}><title>{xml_text(tip)}</title></circle>'
    )


def _week_words(week: WeekPoint, target: float) -> str:
    said = "nothing logged" if week.level is None else _value(week.level)
    if week.known and not week.complete:
        said += f" ({week.known})"
    excused = f"; {week.excused}" if week.excused else ""
    return (
        f"Week to {day_words(week.end)}: {said}{excused}; road {_value(week.road)}; "
        f"target {_value(target)}."
    )


def _faded(part: str) -> str:
    return f"<g {FADED}>{part}</g>"


def _polyline_at(frame: Frame, points: Sequence[tuple[int, float]], style: str) -> str:
    drawn = " ".join(f"{_n(frame.x(slot))},{_n(frame.y(value))}" for slot, value in points)
    return f'<polyline points="{drawn}" fill="none" stroke="{INK}" {style}/>'


def mood_chart(
    chart_id: str,
    title: str,
    days: Sequence[tuple[date, int | None]],
    *,
    low_at: int,
    height: int = 120,
    top: int = 10,
) -> str:
    """Mood by day as bars from 0 to `top`; a day at `low_at` or below is hatched and has "low"
    under it; a day without a mood has no bar. `days`: every day of the period, oldest first."""
    slot = (WIDTH - 44 - 20) / max(len(days), 1)
    # Bars spread over the whole width: the first and last day have half a slot of room.
    frame = Frame(
        height=height,
        low=0,
        high=top,
        slots=len(days),
        left=44 + slot / 2,
        right=20 + slot / 2,
        bottom=MOOD_BOTTOM,
    )
    layout = Layout(height)
    logged = [(day, mood) for day, mood in days if mood is not None]
    lows = [day for day, mood in logged if mood <= low_at]
    description = f"Mood by day, 0 to {top}. " + "; ".join(
        f"{day_words(day)}: {mood}" for day, mood in logged
    )
    description += "." if logged else "No mood logged."
    if lows:
        description += f" Low ({low_at} or lower) on {', '.join(day_words(day) for day in lows)}."
    pattern = f"{chart_id}-low"
    parts = _open(chart_id, height, title, description)
    parts.append(
        f'<defs><pattern id="{pattern}" width="4" height="4" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="4" height="4" fill="#fff"/>'
        f'<line x1="0" y1="0" x2="0" y2="4" stroke="{INK}" stroke-width="1.5"/></pattern></defs>'
    )
    # The value labels left of where the bars begin (44), clear of the first bar.
    parts += _value_axis(frame, (0, top // 2, top), layout, label_x=44 - 6)
    bar = max(2.0, min(14.0, slot * 0.7))
    labels: list[str] = []
    # Each Monday (and the first day) dated, from the latest back, as many as fit.
    for index in range(len(days) - 1, -1, -1):
        day = days[index][0]
        if day.weekday() == 0 or index == 0:
            spot = [(frame.x(index), height - 4)]
            _placed(labels, layout.place(spot, day_words(day), anchor="middle"))
    for index, (_, mood) in enumerate(days):
        x = frame.x(index)
        if mood is not None:
            y = frame.y(max(mood, 0.15))  # a mood of 0 still shows as a sliver
            fill = f"url(#{pattern})" if _low(mood, low_at) else "#8a8a8a"
            parts.append(
                f'<rect x="{_n(x - bar / 2)}" y="{_n(y)}" width="{_n(bar)}" '
                f'height="{_n(frame.y(0) - y)}" fill="{fill}" stroke="{INK}" stroke-width="0.6"/>'
            )
        if _low(mood, low_at):
            # Under its bar; a low day next to another goes a line lower, clear of it (and
            # where neither line has room, the hatching and the description still say it).
            spots = [(x, frame.y(0) + 12), (x, frame.y(0) + 26)]
            _placed(labels, layout.place(spots, "low", anchor="middle"))
    parts += labels
    parts.append("</svg>")
    return "\n".join(parts)


MOOD_BOTTOM = 44  # under the bars: two lines of "low" and the dates, apart


def _low(mood: int | None, low_at: int) -> bool:
    return mood is not None and mood <= low_at


@dataclass(frozen=True)
class BandRange:
    low: int
    high: int
    label: str


def score_chart(
    chart_id: str,
    title: str,
    scores: Sequence[tuple[date, int, bool]],
    *,
    bands: Sequence[BandRange],
    top: int,
    reliable: str | None,
    height: int = 130,
) -> str:
    """A questionnaire's totals over time (solid line, round markers, each labelled) over its
    bands, shaded alternately and named inside; a score with the risk item answered is a square
    labelled "risk"; a reliable change is labelled at the latest score.
    `scores`: (day, total, risk item answered), oldest first."""
    frame = Frame(height=height, low=0, high=top, slots=len(scores), right=120, inset=20)
    layout = Layout(height)
    band_words = "; ".join(f"{band.label} {band.low} to {band.high}" for band in bands)
    description = f"Scores from 0 to {top}; bands: {band_words}. " + "; ".join(
        f"{day_words(day)}: {total}" + (" (risk item answered)" if risk else "")
        for day, total, risk in scores
    )
    description += "."
    if reliable and len(scores) > 1:
        description += f" Reliable {reliable} from the first score to the latest."
    parts = _open(chart_id, height, title, description)
    for index, (_, total, _) in enumerate(scores):  # markers first: no label covers one
        x, y = frame.x(index), frame.y(total)
        layout.block((x - 5, y - 5, x + 5, y + 5))
    dates = _date_axis(frame, [day for day, _, _ in scores], layout) if scores else []
    for index, band in enumerate(bands):
        upper = min(band.high + 1, top)
        y_top, y_bottom = frame.y(upper), frame.y(band.low)
        parts.append(
            f'<rect x="{_n(frame.left)}" y="{_n(y_top)}" width="{_n(WIDTH - frame.left - frame.right)}" '
            f'height="{_n(y_bottom - y_top)}" fill="{BAND_FILLS[index % 2]}"/>'
        )
        # A band too thin for its name is named in the description.
        spot = [(WIDTH - frame.right + 6, (y_top + y_bottom) / 2 + 4)]
        _placed(parts, layout.place(spot, band.label))
        _placed(parts, layout.place([(frame.left - 6, y_bottom + 4)], str(band.low), anchor="end"))
    _placed(parts, layout.place([(frame.left - 6, frame.y(top) + 4)], str(top), anchor="end"))
    if scores:
        parts.append(_polyline(frame, [total for _, total, _ in scores], 'stroke-width="2"'))
        labels: list[str] = []
        for index, (_, total, risk) in enumerate(scores):
            x, y = frame.x(index), frame.y(total)
            if risk:
                parts.append(
                    f'<rect x="{_n(x - 4)}" y="{_n(y - 4)}" width="8" height="8" fill="#fff" '
                    f'stroke="{INK}" stroke-width="2"/>'
                )
                spots = [(x, y + 18), (x, y - 22), (x + 8, y + 4)]
                _placed(labels, layout.place(spots, "risk", anchor="middle", extra=BOLD))
            else:
                parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5" fill="{INK}"/>')
        if reliable and len(scores) > 1:
            # By the latest score: under it, over it, or further off, clear of its marker, its
            # "risk" label and the dates.
            x, y = frame.x(len(scores) - 1), frame.y(scores[-1][1])
            spots = [(x + 6, y + dy) for dy in (18, -22, 32, -36, 46, -50)]
            words = f"reliable {reliable}"
            _placed(labels, layout.place(spots, words, anchor="end", extra=BOLD))
        for index, (_, total, _) in enumerate(scores):
            x, y = frame.x(index), frame.y(total)
            spots = [(x, y - 8), (x, y + 16), (x, y - 22)]
            _placed(labels, layout.place(spots, str(total), anchor="middle"))
        parts += labels + dates
    parts.append("</svg>")
    return "\n".join(parts)
