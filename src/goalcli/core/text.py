"""Text helpers shared by every output (pure: no Typer, Rich or database): the one number
formatter, the one escaper for user text, JSON that is safe to print, and small wording."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import TYPE_CHECKING, Any, overload

from goalcli.core import voice

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from goalcli.core.voice import Reader

NO_NUMBER = "–"
"""What a table or sentence shows where there is no number (a goal without ratings)."""

# Unicode categories never printed raw: controls (C0, DEL, C1: ESC and CSI steer the terminal),
# format characters (bidi overrides such as U+202E reorder the line; zero-width ones hide text),
# line/paragraph separators, and lone surrogates (which cannot even be encoded).
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
# Format characters that ordinary text needs: the joiners of emoji sequences and of Indic and
# Persian scripts, and the tag characters of flag emoji (🏴 + tags). Shown as typed.
_KEPT_FORMAT = frozenset({"\u200c", "\u200d"})
_TAGS = range(0xE0020, 0xE0080)
# repr's short forms, which a reader knows better than \x09.
_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


@overload
def number(value: float) -> int | float: ...
@overload
def number(value: None) -> None: ...
@overload
def number(value: float | None) -> int | float | None: ...
def number(value: float | None) -> int | float | None:
    """A stored number as a person writes it: whole numbers as ints (30, not 30.0), others
    exactly as stored, so JSON, exports and tables agree and a round trip changes nothing."""
    if value is None:
        return None
    # Beyond 2**53 a float is not an exact whole number of anything a person counted.
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


# Numbers as people write them: ASCII digits, one optional sign, one optional decimal point.
# Not Python's wider grammar: float() also takes '1_5' (15), Arabic-Indic digits ('١٥'),
# '1e3', 'inf' and 'nan', none of which a person means as a check-in value.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_WHOLE = re.compile(r"[+-]?[0-9]+")
_LONGEST_NUMBER = 40  # far more digits than a float holds; refuses a pasted wall of digits


def read_number(text: str) -> float | None:
    """The one number parser for what a person types (every flag and prompt): '3', '-2.5',
    '.5', '+1'; None for anything else, including scientific notation."""
    text = text.strip()
    if len(text) > _LONGEST_NUMBER or not _DECIMAL.fullmatch(text):
        return None
    return float(text)


def read_whole(text: str) -> int | None:
    """A whole number as a person types it ('7', '-1', '+2'), or None (see read_number)."""
    text = text.strip()
    if len(text) > _LONGEST_NUMBER or not _WHOLE.fullmatch(text):
        return None
    return int(text)


def number_text(value: float | None) -> str:
    """The same number as text for tables, prompts and sentences ("–" for none)."""
    return NO_NUMBER if value is None else str(number(value))


def hidden(char: str) -> bool:
    """Whether printing this character raw could steer the terminal or hide or reorder text."""
    if unicodedata.category(char) not in _HIDDEN_CATEGORIES:
        return False
    return char not in _KEPT_FORMAT and ord(char) not in _TAGS


def escape(char: str) -> str:
    """One character as a visible escape, the way Python writes it: \\x1b, \\u202e, \\t."""
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """The one escaper: user text with every hidden character (see `hidden`) shown as a visible
    escape, so printing it cannot steer the terminal or disguise itself. Tables keep newlines
    (a note may have several lines); one-line messages escape them too."""
    if text.isprintable():  # every hidden character is unprintable: the common case is quick
        return text
    if keep_newlines:
        return "\n".join(_visible_line(line, escape) for line in text.split("\n"))
    return _visible_line(text, escape)


def to_json(document: Any) -> str:
    """A document as indented JSON, safe to print: json escapes C0 controls itself; the other
    hidden characters (C1, bidi, ...) become \\u escapes too, which read back as the same text."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return "\n".join(_visible_line(line, _json_escape) for line in text.split("\n"))


def _visible_line(line: str, escaped: Callable[[str], str]) -> str:
    if line.isprintable():
        return line
    return "".join(escaped(char) if hidden(char) else char for char in line)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON writes characters beyond the BMP as a UTF-16 surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def plural(count: int, singular: str, many: str | None = None) -> str:
    """'1 step', '3 steps', '2 check-ins': a count with its noun in the right number."""
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


# A unit that names a rating scale rather than a thing counted: "0-10", "0–10", "/10",
# "out of 10", "0 to 10". A value on such a scale reads "7/10", never "7 0-10".
_SCALE = re.compile(r"(?:0\s*(?:-|–|—|to)\s*|/\s*|out\s+of\s+)(\d+(?:\.\d+)?)", re.IGNORECASE)
# Endings whose plural adds "es" (glasses, lunches, dishes, boxes); other plurals add "s".
_ES_PLURALS = ("sses", "ches", "shes", "xes", "zzes")
# Words ending in s that are not plurals (less, bus, kudos, focus, this, analysis).
_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "os")


def scale_top(unit: str) -> int | float | None:
    """The top of the rating scale a unit names ("0-10", "/10", "out of 10" -> 10); None when
    the unit counts things (minutes, invites)."""
    match = _SCALE.fullmatch(unit.strip())
    return number(float(match.group(1))) if match else None


def _singular(word: str) -> str:
    lower = word.lower()
    if lower.endswith(_ES_PLURALS):
        return word[:-2]
    if len(word) > 2 and lower.endswith("s") and not lower.endswith(_NOT_PLURAL_ENDINGS):
        return word[:-1]
    return word


def unit_for(value: float, unit: str) -> str:
    """The unit as English says it after `value`: "1 invite" (from "invites"), "2 invites".
    Units are written in the plural; for exactly one, the first plural word loses its s
    ("minutes walked" -> "minute walked", "panic episodes" -> "panic episode")."""
    if value != 1:
        return unit
    words = unit.split(" ")
    for index, word in enumerate(words):
        single = _singular(word)
        if single != word:
            return " ".join([*words[:index], single, *words[index + 1 :]])
    return unit


def amount(value: float | None, unit: str) -> str:
    """A value with its unit, as a sentence says it: "7/10" on a 0-10 scale, "1 invite",
    "30 minutes", "–" for none. The unit is the client's text: escape it before printing."""
    if value is None:
        return NO_NUMBER
    top = scale_top(unit)
    if top is not None:
        return f"{number_text(value)}/{top}"
    words = unit_for(value, unit).strip()
    if not words or words.startswith("%"):
        return f"{number_text(value)}{words}"
    return f"{number_text(value)} {words}"


def path_parts(values: Sequence[float | None], unit: str) -> list[str]:
    """Values in the order a goal passes them (start, now, target), as a path shows them: the
    unit once, on the last ("0", "26", "30 minutes"), or on a rating scale each value as
    "7/10"; a value not known is "–". The unit is the client's text: escape it before printing."""
    if scale_top(unit) is not None:
        return [amount(value, unit) for value in values]
    return [*(number_text(value) for value in values[:-1]), amount(values[-1], unit)]


def value_path(values: Sequence[float], unit: str) -> str:
    """ "0 → 26 → 30 minutes", "7/10 → 5/10 → 3/10": path_parts joined by arrows."""
    return " → ".join(path_parts(values, unit))


def distance_words(baseline: float, target: float, level: float, reader: Reader = "client") -> str:
    """How far a goal has come, the right way round for its direction:
    "up 18 from your start, 12 to go"; for a goal to lower something (7 -> 3)
    "down 2 from your start, 2 to go"; "target reached" (or "2 past the target") at the end.
    A therapist's page says "from their start" (core.voice)."""
    moved = level - baseline
    if moved == 0:
        came = voice.say("not_moved", reader)
    else:
        way = "up" if moved > 0 else "down"
        came = voice.say("moved", reader, way=way, amount=number_text(_tidy(abs(moved))))
    decreasing = target < baseline
    left = (level - target) if decreasing else (target - level)
    if left > 0:
        return f"{came}, {number_text(_tidy(left))} to go"
    if left == 0:
        return f"{came}, target reached"
    return f"{came}, {number_text(_tidy(-left))} past the target"


def better_words(baseline: float, target: float) -> str:
    """Which way a chart of the goal's measure is better: "higher is better" or "lower is better"."""
    return "lower is better" if target < baseline else "higher is better"


def _tidy(value: float) -> float:
    """A difference of stored numbers without float fuzz (7.3 - 3.1 is 4.199999999999999)."""
    return round(value, 6) + 0.0


def streak_words(count: int, unit: str) -> str:
    """'streak 1 week', 'streak 3 days': the streak in the goal's own rhythm (unit: days|weeks)."""
    return "streak " + plural(count, unit.removesuffix("s"))


TREND_ARROWS = {"improving": "↗", "steady": "→", "worsening": "↘"}
"""A trend's arrow says better or worse, not up or down: an anxiety rating falling towards its
target is ↗ improving, the same as minutes walked rising towards theirs."""


def trend_words(direction: str, per_week: float, unit: str) -> str:
    """'↗ improving (down 0.5 drinks a week)': the trend's word and arrow, then how the measure
    moves. The unit is the client's text: escape it before printing."""
    if per_week == 0:
        moves = "no change a week"
    else:
        moves = f"{'up' if per_week > 0 else 'down'} {amount(abs(per_week), unit)} a week"
    return f"{TREND_ARROWS.get(direction, '')} {direction} ({moves})".strip()


def terminal_width(fallback: int = 80) -> int:
    """The terminal's width in columns ($COLUMNS first, as Rich reads it; else `fallback`)."""
    import shutil

    return shutil.get_terminal_size((fallback, 24)).columns


def wrapped(text: str, width: int | None = None, *, indent: str = "") -> str:
    """`text` wrapped at word boundaries to `width` (default: the terminal's), each paragraph
    (line) on its own, continuation lines under the first word; a word longer than a line is
    left whole rather than cut (a path, a URL). The one wrapper for prompts, tips and messages."""
    import textwrap

    width = max(20, (width or terminal_width()) - 1)  # the last column would wrap on some terminals
    lines = []
    for line in text.split("\n"):
        lead = indent + line[: len(line) - len(line.lstrip(" "))]
        lines.append(
            textwrap.fill(
                line.strip(" "),
                width,
                initial_indent=lead,
                subsequent_indent=lead,
                break_long_words=False,
                break_on_hyphens=False,
            )
            if line.strip()
            else line
        )
    return "\n".join(lines)
