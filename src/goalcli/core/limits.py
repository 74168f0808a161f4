"""The one set of limits that every door applies: the questions, the options, the answers
file, `goal edit` and `goal import`. What goalcli accepts through one door it accepts through
every other, so whatever it stores it can export and import again, and every report of it is
finite JSON.

Pure: the standard library only. A door strips a typed answer, then asks this module; import
checks exported text as it is (exports are never stripped), with the same rules.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import date

from goalcli.errors import InputError

MIN_YEAR = 1900
MAX_YEAR = 9999
"""Every date goalcli stores falls in these years (a check-in, a target date, a review)."""

LARGEST_NUMBER = 1e12
"""Goal numbers (start point, target, each value) stay within ±10¹²: exact in a float, far
beyond any count a person keeps, so progress and percentages never overflow."""
SMALLEST_GAP = 1e-6
"""A target differs from its start point by at least this, so progress is a finite number."""
DECIMALS = 6
"""Digits after the decimal point a goal's number may have: what a person types at a flag
(0.000001) can also come from an answers file or an import, and goes back out the same way."""

MAX_GOALS = 500
"""Goals in one database, whatever their status (a caseload is a profile per person)."""
MAX_STEPS = 999
"""Steps of one goal; a step is ticked off by its number, 1 to MAX_STEPS."""
LOWEST_RATING, HIGHEST_RATING = 0, 10
"""Pleasure, mastery and a predicted pleasure (behavioural activation) are whole numbers
0 to 10, as a mood is."""
RATINGS = ("pleasure", "mastery")
"""The two ratings a check-in or a ticked-off step may carry."""


@dataclass(frozen=True)
class TextLimit:
    """How long a kind of text may be, whether it may hold line breaks (and tabs), and whether
    it is a name: something a person types again to find it (a goal's title, a member, a
    profile's display name), kept in one form (see `name_form`) and never holding a character
    that cannot be seen."""

    length: int
    multiline: bool
    name: bool = False


LINE = TextLimit(200, multiline=False)
"""A measure, a unit, a step, a support contact: one line."""
NAME = TextLimit(200, multiline=False, name=True)
"""A goal's title, a profile's display name: one line, and a name."""
PARAGRAPH = TextLimit(2000, multiline=True)
"""An answer in words: what is specific, why it matters, an intake answer, a reason."""
NOTE = TextLimit(10_000, multiline=True)
"""A check-in's or a review's note, and the before and after of a recorded change."""

# The text fields goalcli stores, by the name they have in the database and the export.
FIELD_LIMITS: dict[str, TextLimit] = {
    "title": NAME,
    "display_name": NAME,
    "specific": PARAGRAPH,
    "measure": LINE,
    "unit": LINE,
    "relevant": PARAGRAPH,
    "frequency": LINE,
    "step": LINE,
    "gas_level": LINE,
    "member": TextLimit(60, multiline=False, name=True),  # a couple's or family's member
    "therapy_type": LINE,
    "expectations": PARAGRAPH,
    "obstacles": PARAGRAPH,
    "success_feels_like": PARAGRAPH,
    "motivations": PARAGRAPH,
    "support_contact": LINE,
    "note": NOTE,
    "helped": PARAGRAPH,
    "hindered": PARAGRAPH,
    "next_step": LINE,  # it becomes one of the goal's steps
    "reason": PARAGRAPH,
    "change": NOTE,  # the field, old and new value of a change: any of the texts above
    # What undoing a change needs, as JSON: a review's texts above, escaped, fit in it.
    "detail": TextLimit(40_000, multiline=False),
}

# Line breaks and tabs are the only control characters a multi-line text keeps.
_LINE_BREAKS = frozenset("\n\t")
# Characters a name never holds besides the controls every text refuses, by Unicode category:
# format characters (zero-width spaces and joiners, bidi marks and overrides, the byte order
# mark, soft hyphens: invisible, so "Sam" and "Sa\u200bm" would look alike and be two names),
# and line and paragraph separators.
_INVISIBLE = frozenset({"Cf", "Zl", "Zp"})
_ZWJ = "\u200d"
_TAG_CHARACTERS = range(0xE0020, 0xE0080)
_BLACK_FLAG = "\U0001f3f4"


def name_form(text: str) -> str:
    """The one form a name is kept in: stripped, in Unicode's composed form (NFC), so "José"
    typed as one "é" or as "e" and a combining accent is one name, stored one way."""
    return unicodedata.normalize("NFC", text).strip()


def name_key(text: str) -> str:
    """A name as it is compared when a person types it to find something: its name form,
    case folded (Unicode's canonical caseless match), so "sam", "Sam " and "SAM" find "Sam"."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", name_form(text)).casefold())


def _invisible_in_name(text: str) -> str | None:
    """The first character a name may not hold, or None. Emoji sequences keep their glue: a
    zero-width joiner between two pictographs (👩‍💻) and the tags of a subdivision flag."""
    for index, char in enumerate(text):
        if unicodedata.category(char) not in _INVISIBLE:
            continue
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if char == _ZWJ and _pictograph(before) and _pictograph(after):
            continue
        if ord(char) in _TAG_CHARACTERS and (
            before == _BLACK_FLAG or ord(before or "\0") in _TAG_CHARACTERS
        ):
            continue
        return char
    return None


def _pictograph(char: str) -> bool:
    # A symbol (So), a skin-tone modifier (Sk) or the emoji variation selector ending one.
    return bool(char) and (unicodedata.category(char) in ("So", "Sk") or char == "\ufe0f")


def text_problem(text: str, limit: TextLimit) -> str | None:
    """Why `text` cannot be stored under `limit`, as the end of a sentence; None if it can.

    Refused: NUL and every other control character (escape sequences, carriage returns),
    except a line break or tab in multi-line text; lone surrogates (bytes that were not
    UTF-8, which no file can hold); and more characters than the limit. In a name, also every
    invisible character (`_INVISIBLE`), which would make two names look alike.
    """
    if len(text) > limit.length:
        # Not quoted: the text may be a private note, and messages never carry one.
        return f"is {len(text)} characters long; please keep it to {limit.length}"
    if text.isprintable():  # the common case, quickly
        return None
    if limit.name:
        invisible = _invisible_in_name(text)
        if invisible is not None:
            return (
                f"holds an invisible character (U+{ord(invisible):04X}), which would make it "
                "look like another name"
            )
    for char in text:
        category = unicodedata.category(char)
        if category == "Cs":
            return "holds bytes that are not UTF-8 text"
        if category == "Cc" and not (limit.multiline and char in _LINE_BREAKS):
            if char == "\x00":
                return "holds a NUL character"
            if char in _LINE_BREAKS:
                return "must be one line (it holds a line break or tab)"
            return f"holds a control character (U+{ord(char):04X})"
    return None


def check_text(value: str, field: str, *, what: str | None = None, required: bool = True) -> str:
    """A typed answer for the stored text `field` (a key of FIELD_LIMITS), stripped (a name:
    put in its name form) and checked: "The WHAT ..." (WHAT defaults to the field's name in words) refuses an empty
    required answer and anything `text_problem` refuses."""
    what = what or field.replace("_", " ")
    text = name_form(value) if FIELD_LIMITS[field].name else value.strip()
    if required and not text:
        raise InputError(f"The {what} cannot be left empty; a few words are enough.")
    problem = text_problem(text, FIELD_LIMITS[field])
    if problem is not None:
        raise InputError(f"The {what} {problem}.")
    return text


def number_problem(value: float) -> str | None:
    """Why `value` cannot be a goal's number, or None: finite and within ±LARGEST_NUMBER."""
    if not math.isfinite(value):
        return "is not an ordinary number"
    if abs(value) > LARGEST_NUMBER:
        return (
            f"{value:.15g} is too large; goalcli keeps numbers between "
            f"-{LARGEST_NUMBER:.0f} and {LARGEST_NUMBER:.0f}"
        )
    if round(value, DECIMALS) != value:
        return f"has more than {DECIMALS} digits after the decimal point"
    return None


def gap_problem(baseline: float, target: float) -> str | None:
    """Why a target cannot go with its start point, or None: they differ by SMALLEST_GAP."""
    if target == baseline:
        return "is the same as the starting point"
    if abs(target - baseline) < SMALLEST_GAP:
        return "is too close to the starting point to measure progress"
    return None


def date_problem(day: date) -> str | None:
    """Why a day cannot be stored, or None: its year is MIN_YEAR to MAX_YEAR."""
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        return f"falls outside the years {MIN_YEAR} to {MAX_YEAR}"
    return None


def count_problem(count: int, most: int, what: str) -> str | None:
    """Why `count` WHATs are too many, or None."""
    if count > most:
        return f"{count} {what} are more than goalcli keeps ({most})"
    return None


def rating_problem(value: object) -> str | None:
    """Why `value` cannot be a pleasure or mastery rating (or a predicted pleasure), or None:
    a whole number 0 to 10 (an import's true/false or 7.5 is refused, never rounded)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return "must be a whole number from 0 to 10"
    if not LOWEST_RATING <= value <= HIGHEST_RATING:
        return f"must be from {LOWEST_RATING} to {HIGHEST_RATING} (got {value})"
    return None
