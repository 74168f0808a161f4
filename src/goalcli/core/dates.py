"""The WHEN language: turning what a person types into a calendar date.

WHEN is a calendar date, never a time. Input is case-insensitive, surrounding
whitespace is ignored and internal runs of whitespace count as one space. Only
printable ASCII (plus ordinary whitespace) is accepted; input longer than
100 characters is refused. Accepted forms:

* ISO ``2026-11-20`` -- exactly YYYY-MM-DD; impossible days (2026-02-30) are refused.
* ``today``, ``yesterday``, ``tomorrow``.
* A weekday, full or 3-letter (``monday``, ``mon``):
  - ``last monday`` is the most recent Monday strictly before today;
  - ``next monday`` is the first Monday strictly after today;
  - a bare ``monday`` means today if today is a Monday, in either direction;
    otherwise the most recent Monday (``prefer="past"``) or the coming Monday
    (``prefer="future"``).
* ``N days|weeks|months|years ago`` and ``in N days|weeks|months|years``, where N
  is a plain non-negative integer of at most 5 digits (singular or plural unit),
  or ``a`` with a singular unit (``a week ago``, ``in a month``). Months and years
  use calendar arithmetic clamped to the month's end (Jan 31 + 1 month = Feb 28/29).
* A month-name date: ``march 3``, ``mar 3rd``, ``3 march``, ``3rd march``,
  ``march 3 2027``, ``march 3, 2027``, ``3 march 2027``. Ordinal suffixes must
  fit the number (``3rd``, not ``3th``); the year must have exactly 4 digits.
  With a year it is that exact date. Without a year: ``prefer="future"`` gives
  the next occurrence on or after today, ``prefer="past"`` the most recent one
  on or before today (February 29 skips to the nearest leap year).

All other numeric dates (``03/04/2025``, ``3.4.2025``, ``03-04-2025``,
``2026-1-5``) are refused, with a hint to write them as YYYY-MM-DD; no
day-first or month-first guess is ever made. Nothing is parsed fuzzily: any
extra word makes the whole text an error. Every result must lie within the
years 1900 to 9999.

``parse_when`` raises :class:`~goalcli.errors.InputError` and nothing else for
anything a user can type. This module is the pure core: it imports dateutil
lazily (only for month/year arithmetic) to keep CLI start-up fast.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta
from typing import Literal

from goalcli.core.limits import MAX_YEAR, MIN_YEAR
from goalcli.errors import InputError
from goalcli.errors import quote as _quote

__all__ = ["FUTURE_WHEN_HELP", "PAST_WHEN_HELP", "WHEN_HELP", "Direction", "parse_when", "today"]

Direction = Literal["past", "future"]

WHEN_HELP = (
    "a date such as 2026-11-20, today, yesterday, monday, last friday, "
    "3 days ago, in 2 weeks or march 3"
)

# Examples for questions that ask for a day ahead (a target date): past forms would mislead.
FUTURE_WHEN_HELP = "a date such as 2027-03-01, next friday, in 6 weeks, in 3 months or march 3"

# Examples for questions that ask for a day behind (when something started).
PAST_WHEN_HELP = "today, or a day such as yesterday, 3 days ago, last monday or 2026-11-20"

TODAY_ENV = "GOALCLI_TODAY"

_MAX_INPUT_CHARS = 100
_SHORT_HELP = "a date such as 2026-11-20, today, yesterday, monday, 3 days ago or in 2 weeks"

_WEEKDAYS = {
    name: number
    for number, full in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
    for name in (full, full[:3])
}

_MONTHS = {
    name: number
    for number, full in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
    for name in (full, full[:3])
}
_MONTHS["sept"] = 9

# Longest day each month can ever have (February 29 in leap years).
_MAX_DAY = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


def _alternation(names: dict[str, int]) -> str:
    return "|".join(sorted(names, key=len, reverse=True))


# All patterns run with fullmatch on normalised text: lower-case printable ASCII,
# single spaces, no leading or trailing space.
_ALLOWED_CHARS = re.compile(r"[\x20-\x7e\t\n\r\f\v]+")
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMERIC = re.compile(r"[0-9]+(?:[./-][0-9]+)+")
_WEEKDAY = re.compile(rf"(?:(?P<which>last|next) )?(?P<weekday>{_alternation(_WEEKDAYS)})")
_COUNT_UNIT = r"(?P<count>[0-9]{1,5}|a) (?P<unit>day|week|month|year)(?P<plural>s?)"
_AGO = re.compile(rf"{_COUNT_UNIT} ago")
_IN = re.compile(rf"in {_COUNT_UNIT}")
_DAY = r"(?P<day>[0-9]{1,2})(?P<suffix>st|nd|rd|th)?"
_MONTH = rf"(?P<month>{_alternation(_MONTHS)})"
_YEAR = r"(?: ?, ?| )(?P<year>[0-9]{4})"
_MONTH_FIRST = re.compile(rf"{_MONTH} {_DAY}(?:{_YEAR})?")
_DAY_FIRST = re.compile(rf"{_DAY} {_MONTH}(?:{_YEAR})?")


def today() -> date:
    """Today's date; GOALCLI_TODAY (an ISO date) overrides it so tests and demos are deterministic.

    The variable is read on every call. Unset or empty means the real date; any
    other value must be a YYYY-MM-DD date within 1900..9999, or InputError is raised.
    """
    raw = os.environ.get(TODAY_ENV)
    if raw is None or not raw.strip():
        return date.today()
    value = raw.strip()
    if _ISO.fullmatch(value):
        try:
            chosen = date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if MIN_YEAR <= chosen.year <= MAX_YEAR:
                return chosen
    raise InputError(f"{TODAY_ENV} is set to {_quote(raw)}, which is not a YYYY-MM-DD date.")


def parse_when(text: str, *, today: date, prefer: Direction = "past") -> date:
    """Parse the WHEN language. Raises InputError (and nothing else) on anything it cannot read.

    ``today`` anchors every relative form; ``prefer`` picks the direction for a
    bare weekday or a month-name date without a year. An invalid ``prefer`` is a
    programming error and raises ValueError.
    """
    if prefer not in ("past", "future"):
        raise ValueError(f"prefer must be 'past' or 'future', not {prefer!r}")
    if isinstance(today, datetime):
        today = today.date()
    if not isinstance(text, str):
        raise InputError("A date must be given as text.")
    if len(text) > _MAX_INPUT_CHARS:
        raise InputError(f"{_quote(text)} is too long to be a date.")
    stripped = text.strip(" \t\n\r\f\v")
    if not stripped:
        raise InputError(f"No date given; use {_SHORT_HELP}.")
    if not _ALLOWED_CHARS.fullmatch(stripped):
        raise _cannot_read(stripped)
    norm = " ".join(stripped.lower().split())

    try:
        result = _parse(norm, stripped, today, prefer)
    except (ValueError, OverflowError) as exc:  # datetime / dateutil range failures
        raise _out_of_range(stripped) from exc
    if not MIN_YEAR <= result.year <= MAX_YEAR:
        raise _out_of_range(stripped)
    return result


def _parse(norm: str, shown: str, today: date, prefer: Direction) -> date:
    """Dispatch on the normalised text; may raise ValueError/OverflowError for range trouble."""
    if _ISO.fullmatch(norm):
        try:
            return date.fromisoformat(norm)
        except ValueError:
            raise _not_real(shown) from None
    if _NUMERIC.fullmatch(norm):
        raise _numeric_refusal(norm, shown)

    if norm == "today":
        return today
    if norm == "yesterday":
        return today - timedelta(days=1)
    if norm == "tomorrow":
        return today + timedelta(days=1)

    if match := _WEEKDAY.fullmatch(norm):
        return _weekday(match["which"], _WEEKDAYS[match["weekday"]], today, prefer)

    if match := _AGO.fullmatch(norm):
        return _shift(match, -1, shown, today)
    if match := _IN.fullmatch(norm):
        return _shift(match, 1, shown, today)

    if match := _MONTH_FIRST.fullmatch(norm) or _DAY_FIRST.fullmatch(norm):
        return _month_date(match, shown, today, prefer)

    raise _cannot_read(shown)


def _weekday(which: str | None, weekday: int, today: date, prefer: Direction) -> date:
    back = (today.weekday() - weekday) % 7  # days since the most recent such day (0 = today)
    ahead = (weekday - today.weekday()) % 7  # days until the next such day (0 = today)
    if which == "last":
        return today - timedelta(days=back or 7)
    if which == "next":
        return today + timedelta(days=ahead or 7)
    if prefer == "future":
        return today + timedelta(days=ahead)
    return today - timedelta(days=back)


def _shift(match: re.Match[str], sign: int, shown: str, today: date) -> date:
    count, unit = match["count"], match["unit"]
    if count == "a":
        if match["plural"]:
            raise _cannot_read(shown)
        amount = 1
    else:
        amount = int(count)
    amount *= sign
    if unit == "day":
        return today + timedelta(days=amount)
    if unit == "week":
        return today + timedelta(weeks=amount)
    from dateutil.relativedelta import relativedelta  # lazy: keeps CLI start-up fast

    if unit == "month":
        return today + relativedelta(months=amount)
    return today + relativedelta(years=amount)


def _month_date(match: re.Match[str], shown: str, today: date, prefer: Direction) -> date:
    day = int(match["day"])
    month = _MONTHS[match["month"]]
    if match["suffix"] and match["suffix"] != _ordinal_suffix(day):
        raise _cannot_read(shown)
    if not 1 <= day <= _MAX_DAY[month]:
        raise _not_real(shown)
    if match["year"] is not None:
        year = int(match["year"])
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise _out_of_range(shown)
        try:
            return date(year, month, day)
        except ValueError:
            raise _not_real(shown) from None
    step = 1 if prefer == "future" else -1
    year = today.year
    # February 29 may need up to 8 years to reach a leap year (e.g. across 2100).
    for _ in range(9):
        if not MIN_YEAR <= year <= MAX_YEAR:
            break
        try:
            candidate = date(year, month, day)
        except ValueError:  # February 29 in a common year
            year += step
            continue
        if (candidate >= today) if prefer == "future" else (candidate <= today):
            return candidate
        year += step
    raise _out_of_range(shown)


def _ordinal_suffix(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _numeric_refusal(norm: str, shown: str) -> InputError:
    """Refuse a non-ISO numeric date, suggesting the ISO spelling when one is clear."""
    quoted = _quote(shown)
    parts = re.split(r"[./-]", norm)
    if len(parts) == 3:
        first, second, third = parts
        if len(third) == 4:  # day/month/year or month/day/year
            readings = []
            for day, month in ((first, second), (second, first)):
                reading = _try_date(int(third), int(month), int(day))
                if reading is not None and reading not in readings:
                    readings.append(reading)
            if len(readings) == 2:
                return InputError(
                    f"{quoted} could be read two ways; "
                    f"write it as YYYY-MM-DD, e.g. {readings[0].isoformat()}."
                )
            if len(readings) == 1:
                return InputError(
                    f"{quoted} is not in YYYY-MM-DD form; write it as {readings[0].isoformat()}."
                )
        elif len(first) == 4:  # year first, but wrong separators or digit counts
            reading = _try_date(int(first), int(second), int(third))
            if reading is not None:
                return InputError(
                    f"{quoted} is not in YYYY-MM-DD form; write it as {reading.isoformat()}."
                )
    return InputError(f"Can't read {quoted} as a date; write dates as YYYY-MM-DD, e.g. 2026-11-20.")


def _try_date(year: int, month: int, day: int) -> date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _cannot_read(shown: str) -> InputError:
    return InputError(f"Can't read {_quote(shown)} as a date; use {_SHORT_HELP}.")


def _not_real(shown: str) -> InputError:
    return InputError(f"{_quote(shown)} is not a real date.")


def _out_of_range(shown: str) -> InputError:
    return InputError(f"{_quote(shown)} falls outside the years {MIN_YEAR} to {MAX_YEAR}.")
