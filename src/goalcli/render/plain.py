"""Lines written exactly as goalcli's Rich console would write them, without importing Rich,
where that is plain to do: the flag form of `goal log` (goalcli/hot/__init__.py, issue 26).

Rich (render/widgets.console: highlight off, soft_wrap off) writes a line to a stream that is
not a terminal as its text, word-wrapped to the console's width (rich/_wrap.py): no colour, no
escape sequence. `plain_lines` does the same for lines whose every character is one cell wide
and whose every word fits on a line; for anything else (a terminal, where Rich colours; wide
or combining characters; a word longer than the width; a newline or a tab) it returns None and
the caller prints with Rich itself. tests/unit/test_plain.py compares it with Rich.
"""

from __future__ import annotations

import os
import re
import sys
from typing import TextIO

_WORD = re.compile(r"\s*\S+\s*")
"""rich._wrap.re_word: a word is its text and the whitespace after it (and before, at first)."""

_NARROW = re.compile(r"[\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u2014\u2192\u2713\u21bb]*")
"""Characters one cell wide in Rich's tables and in every terminal: printable ASCII, Latin
letters and signs (not the soft hyphen), the em dash, → and the check-in's ✓ and ↻."""


def rich_would_style(stream: TextIO) -> bool:
    """Whether Rich's Console would treat `stream` as a terminal (Console.is_terminal): then it
    writes colours and styles, which this module does not."""
    environ = os.environ
    if "TTY_COMPATIBLE" in environ or "FORCE_COLOR" in environ:
        return True  # Rich's overrides: leave them to Rich
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def console_width() -> int:
    """Rich's Console.size width off a terminal: $COLUMNS, else the first standard stream that is
    a terminal, else 80."""
    width: int | None = None
    for descriptor in (0, 1, 2):
        try:
            width = os.get_terminal_size(descriptor).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    return width or 80


def wrapped(text: str, width: int) -> list[str] | None:
    """`text` (one line) cut into lines as Rich wraps it at `width` (rich._wrap.divide_line,
    then Text.rstrip_end); None when Rich would do more than that (see the module's doc)."""
    if width < 1 or not _NARROW.fullmatch(text):
        return None
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            return None  # Rich folds the word across lines
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    lines = [text[begin:end] for begin, end in zip([0, *breaks], [*breaks, len(text)], strict=True)]
    # Whitespace that runs past the width is dropped from the end of a line; what fits stays.
    return [_strip_beyond(line, width) for line in lines]


def _strip_beyond(line: str, width: int) -> str:
    excess = len(line) - width
    if excess <= 0:
        return line
    trailing = len(line) - len(line.rstrip())
    return line[: len(line) - min(trailing, excess)]


def plain_lines(lines: list[str], stream: TextIO) -> str | None:
    """What Rich would write to `stream` for `lines` (each printed with console.print), or None
    when that is Rich's to write."""
    if rich_would_style(stream):
        return None
    width = console_width()
    written: list[str] = []
    for line in lines:
        parts = wrapped(line, width)
        if parts is None:
            return None
        written += parts
    return "".join(part + "\n" for part in written)


def write_plain(lines: list[str]) -> bool:
    """Write `lines` to stdout as Rich would; False (nothing written) when Rich must."""
    text = plain_lines(lines, sys.stdout)
    if text is None:
        return False
    sys.stdout.write(text)
    return True
