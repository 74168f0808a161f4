"""Hypothesis strategies for what goalcli accepts, drawn from core/limits.py, so the property
tests follow the limits when they change: text for each stored field (any characters the field
keeps, odd ones mixed in), numbers in range, targets far enough from their start point."""

from __future__ import annotations

from hypothesis import strategies as st

from goalcli.core import limits

# Escaped when printed, kept as typed: bidi marks, zero-width and joiner emoji, Rich markup,
# a byte-order mark, accents.
ODD_PIECES = ["\u202e", "\u200b", "👨‍👩‍👧", "🙂", "[bold]x[/]", "\ufeff", "é", "<b>&amp;"]


def texts(field: str, *, required: bool = False, stripped: bool = False) -> st.SearchStrategy[str]:
    """Text the stored `field` accepts: no control character but a line break or tab where
    the field is multi-line, no lone surrogate, up to the field's length (sometimes exactly)."""
    limit = limits.FIELD_LIMITS[field]
    # A name (a title, a member) holds no invisible character, and is kept in its name form.
    refused = ("Cs", "Cc", "Cf", "Zl", "Zp") if limit.name else ("Cs", "Cc")
    characters = st.characters(
        exclude_categories=refused, include_characters="\n\t" if limit.multiline else ""
    )
    pieces = [piece for piece in ODD_PIECES if limits.text_problem(piece, limit) is None]
    short = st.lists(st.text(characters, max_size=6) | st.sampled_from(pieces), max_size=4)
    longest = st.just("x" * limit.length)
    drawn = short.map("".join) | longest
    if limit.name:
        drawn = drawn.map(limits.name_form)
    if stripped:  # what a typed answer becomes: the doors strip it
        drawn = drawn.map(str.strip)
    if required:
        drawn = drawn.filter(str.strip)
    return drawn


NUMBERS = st.floats(-limits.LARGEST_NUMBER, limits.LARGEST_NUMBER).map(
    lambda value: round(value, limits.DECIMALS) + 0.0
) | st.integers(-1000, 1000)


@st.composite
def baseline_and_target(draw: st.DrawFn) -> tuple[float, float]:
    """A start point and a target at least limits.SMALLEST_GAP apart."""
    baseline = draw(NUMBERS)
    target = draw(NUMBERS.filter(lambda value: limits.gap_problem(baseline, value) is None))
    return baseline, target
