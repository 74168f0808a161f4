"""The daily reminder as text (pure): the time, a crontab line, systemd user units.

`goal remind` (commands/remind.py) installs one of these where the person asks; everything it
installs carries MARK, so removing it finds exactly what was added and nothing else."""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence

from goalcli.errors import InputError, quote

MARK = "goalcli-remind"
"""The name of the systemd units and the comment that ends the crontab line."""

_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def parse_time(text: str) -> tuple[int, int]:
    """HH:MM on a 24-hour clock, e.g. 20:30 or 8:05."""
    found = _TIME.fullmatch(text.strip())
    if found is None:
        raise InputError(f"{quote(text.strip())} is not a time; write it as HH:MM, e.g. 20:30.")
    return int(found[1]), int(found[2])


# Control characters (a newline above all) would end a crontab line or a unit file's line, so
# a reminder could run a second command; C0 controls and DEL are refused in what it runs.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check_runnable(argv: Sequence[str], db: str) -> None:
    """InputError when the database path (or any word the reminder runs, the Python it runs
    on included) holds a control character: no scheduler line can say it safely."""
    for word in (db, *argv):
        if _CONTROL.search(word):
            what = "database path" if word == db else "command"
            raise InputError(
                f"The {what} {quote(word)} holds a control character (a line break, a NUL), "
                "so no reminder can name it safely; use a path without one."
            )


def command_line(argv: Sequence[str]) -> str:
    return shlex.join(argv)


def cron_escaped(text: str) -> str:
    """`text` as a crontab command field: cron turns a bare % into a line break (the rest
    becomes the command's input), so each % becomes '\\%' - the quote before the backslash
    ends any escape pending in cron's reading, cron drops the backslash, and the shell reads
    '%' (a quoted or bare %) as the % itself, inside a quoted word or outside one."""
    return text.replace("%", "'\\%'")


def cron_marker(db: str) -> str:
    """The comment ending goalcli's crontab line for the database `db`, as written."""
    return cron_escaped(f" # {MARK} for {shlex.quote(db)}")


def _legacy_marker(db: str) -> str:
    """How earlier versions ended the line they wrote for `db` (no database in the comment)."""
    return f" -m goalcli --db {shlex.quote(db)} remind --notify # {MARK}"


def cron_line(hour: int, minute: int, argv: Sequence[str], db: str) -> str:
    return f"{minute} {hour} * * * {cron_escaped(command_line(argv))}{cron_marker(db)}"


def _ours(line: str, db: str) -> tuple[int, int] | None:
    """The time of `line` when it is goalcli's line for `db` (an active daily line ending in
    the exact marker); None for anything else: a user's own line, a commented-out or
    hand-edited one."""
    text = line.rstrip()
    if not (text.endswith(cron_marker(db)) or text.endswith(_legacy_marker(db))):
        return None
    fields = text.split(maxsplit=5)
    if len(fields) < 6 or fields[2:5] != ["*", "*", "*"]:
        return None
    minute, hour = fields[:2]
    if not (minute.isascii() and minute.isdigit() and hour.isascii() and hour.isdigit()):
        return None
    if int(hour) > 23 or int(minute) > 59:
        return None
    return int(hour), int(minute)


def without_reminder(crontab: str, db: str) -> str:
    """The crontab with goalcli's line for `db` taken out; every other line kept as it was."""
    lines = [line for line in crontab.splitlines() if _ours(line, db) is None]
    return "".join(f"{line}\n" for line in lines)


def cron_time(crontab: str, db: str) -> tuple[int, int] | None:
    """The time of goalcli's line for `db` in a crontab, if it has one."""
    for line in crontab.splitlines():
        if (time := _ours(line, db)) is not None:
            return time
    return None


def unit_escaped(argv: Sequence[str]) -> str:
    """`argv` as a systemd ExecStart= value: each word double-quoted with \\ and \" escaped,
    % doubled (a specifier otherwise) and $ doubled (a variable otherwise)."""

    def word(text: str) -> str:
        escaped = text.replace("\\", "\\\\").replace('"', '\\"')
        return '"' + escaped.replace("%", "%%").replace("$", "$$") + '"'

    return " ".join(word(text) for text in argv)


def service_unit(argv: Sequence[str]) -> str:
    return (
        "[Unit]\nDescription=goalcli daily check-in reminder\n\n"
        f"[Service]\nType=oneshot\nExecStart={unit_escaped(argv)}\n"
    )


def timer_unit(hour: int, minute: int) -> str:
    return (
        "[Unit]\nDescription=goalcli daily check-in reminder\n\n"
        f"[Timer]\nOnCalendar=*-*-* {hour:02d}:{minute:02d}:00\nPersistent=false\n\n"
        "[Install]\nWantedBy=timers.target\n"
    )


def timer_time(timer: str) -> tuple[int, int] | None:
    found = re.search(r"OnCalendar=\*-\*-\* (\d\d):(\d\d)", timer)
    return (int(found[1]), int(found[2])) if found else None
