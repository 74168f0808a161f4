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
from dataclasses import dataclass
from datetime import date

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


def _value_axis(frame: Frame, ticks: Sequence[float]) -> list[str]:
    """Horizontal grid lines at `ticks`, each labelled on the left."""
    parts = []
    for tick in ticks:
        y = frame.y(tick)
        parts.append(
            f'<line x1="{_n(frame.left)}" y1="{_n(y)}" x2="{_n(WIDTH - frame.right)}" '
            f'y2="{_n(y)}" stroke="{GRID}" stroke-width="0.5"/>'
        )
        parts.append(_label(frame.left - 6, y + 4, _value(tick), anchor="end"))
    return parts


DATE_LABEL_ROOM = 44  # pixels a date label ("30 Nov") needs to stay clear of the next


def _date_axis(frame: Frame, days: Sequence[date]) -> list[str]:
    """The days under their positions: as many as fit side by side, counted back from the
    latest (always shown)."""
    spacing = frame.x(1) - frame.x(0) if len(days) > 1 else WIDTH
    every = max(1, math.ceil(DATE_LABEL_ROOM / spacing))
    parts = []
    for index, day in enumerate(days):
        if (len(days) - 1 - index) % every:
            continue
        parts.append(_label(frame.x(index), frame.height - 6, day_words(day), anchor="middle"))
    return parts


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


def goal_chart(
    chart_id: str,
    title: str,
    weeks: Sequence[tuple[date, float, float]],
    *,
    baseline: float,
    target: float,
    unit: str,
    height: int = 150,
) -> str:
    """A goal's weekly level (solid line, round markers, each labelled) against the road
    (dashed: where the plan expects it by the week's end) and the target (dotted, labelled).
    `weeks`: (first day of the week, level, road), oldest first."""
    levels = [level for _, level, _ in weeks]
    roads = [road for _, _, road in weeks]
    low, high = _range([*levels, *roads, baseline, target])
    frame = Frame(height=height, low=low, high=high, slots=len(weeks), inset=16)
    description = f"Weekly level in {unit}, with the road and the target. " + " ".join(
        f"Week of {day_words(day)}: {_value(level)}; road {_value(road)}; target {_value(target)}."
        for day, level, road in weeks
    )
    parts = _open(chart_id, height, title, description)
    parts += _value_axis(frame, (baseline, target))
    y_target = frame.y(target)
    parts.append(
        f'<line x1="{_n(frame.left)}" y1="{_n(y_target)}" x2="{_n(WIDTH - frame.right)}" '
        f'y2="{_n(y_target)}" stroke="{INK}" stroke-width="1.2" stroke-dasharray="1.5 3"/>'
    )
    parts.append(_label(WIDTH - frame.right + 6, y_target + 4, f"target {_value(target)}"))
    if weeks:
        parts.append(_polyline(frame, roads, 'stroke-width="1.2" stroke-dasharray="6 4"'))
        parts.append(_label(WIDTH - frame.right + 6, frame.y(roads[-1]) + 4, "road"))
        parts.append(_polyline(frame, levels, 'stroke-width="2"'))
        for index, level in enumerate(levels):
            x, y = frame.x(index), frame.y(level)
            parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5" fill="{INK}"/>')
            if len(levels) <= VALUE_LABELS_UP_TO:
                parts.append(_label(x, y - 8, _value(level), anchor="middle"))
        parts += _date_axis(frame, [day for day, _, _ in weeks])
    parts.append("</svg>")
    return "\n".join(parts)


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
        bottom=40,
    )
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
    parts += _value_axis(frame, (0, top // 2, top))
    bar = max(2.0, min(14.0, slot * 0.7))
    lower = False  # whether the previous day's "low" went on the lower line
    for index, (day, mood) in enumerate(days):
        x = frame.x(index)
        is_low = _low(mood, low_at)
        # Two low days side by side: the second label goes a line lower, clear of the first.
        lower = is_low and index > 0 and _low(days[index - 1][1], low_at) and not lower
        if mood is not None:
            y = frame.y(max(mood, 0.15))  # a mood of 0 still shows as a sliver
            fill = f"url(#{pattern})" if is_low else "#8a8a8a"
            parts.append(
                f'<rect x="{_n(x - bar / 2)}" y="{_n(y)}" width="{_n(bar)}" '
                f'height="{_n(frame.y(0) - y)}" fill="{fill}" stroke="{INK}" stroke-width="0.6"/>'
            )
        if is_low:
            parts.append(_label(x, frame.y(0) + (21 if lower else 11), "low", anchor="middle"))
        if day.weekday() == 0 or index == 0:  # each Monday (and the first day) dated
            parts.append(_label(x, height - 4, day_words(day), anchor="middle"))
    parts.append("</svg>")
    return "\n".join(parts)


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
    band_words = "; ".join(f"{band.label} {band.low} to {band.high}" for band in bands)
    description = f"Scores from 0 to {top}; bands: {band_words}. " + "; ".join(
        f"{day_words(day)}: {total}" + (" (risk item answered)" if risk else "")
        for day, total, risk in scores
    )
    description += "."
    if reliable and len(scores) > 1:
        description += f" Reliable {reliable} from the first score to the latest."
    parts = _open(chart_id, height, title, description)
    for index, band in enumerate(bands):
        upper = min(band.high + 1, top)
        y_top, y_bottom = frame.y(upper), frame.y(band.low)
        parts.append(
            f'<rect x="{_n(frame.left)}" y="{_n(y_top)}" width="{_n(WIDTH - frame.left - frame.right)}" '
            f'height="{_n(y_bottom - y_top)}" fill="{BAND_FILLS[index % 2]}"/>'
        )
        if y_bottom - y_top >= 9:  # a band too thin for its name is named in the description
            parts.append(_label(WIDTH - frame.right + 6, (y_top + y_bottom) / 2 + 4, band.label))
        parts.append(_label(frame.left - 6, y_bottom + 4, str(band.low), anchor="end"))
    parts.append(_label(frame.left - 6, frame.y(top) + 4, str(top), anchor="end"))
    if scores:
        parts.append(_polyline(frame, [total for _, total, _ in scores], 'stroke-width="2"'))
        for index, (_, total, risk) in enumerate(scores):
            x, y = frame.x(index), frame.y(total)
            if risk:
                parts.append(
                    f'<rect x="{_n(x - 4)}" y="{_n(y - 4)}" width="8" height="8" fill="#fff" '
                    f'stroke="{INK}" stroke-width="2"/>'
                )
                parts.append(_label(x, y + 18, "risk", anchor="middle", extra=BOLD))
            else:
                parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5" fill="{INK}"/>')
            parts.append(_label(x, y - 8, str(total), anchor="middle"))
        if reliable and len(scores) > 1:
            x, y = frame.x(len(scores) - 1), frame.y(scores[-1][1])
            # Under the latest marker, or over it when it sits at the bottom of the frame.
            label_y = y + 18 if y + 18 < frame.y(0) else y - 22
            parts.append(_label(x + 6, label_y, f"reliable {reliable}", anchor="end", extra=BOLD))
        parts += _date_axis(frame, [day for day, _, _ in scores])
    parts.append("</svg>")
    return "\n".join(parts)
