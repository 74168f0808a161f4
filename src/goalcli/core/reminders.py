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


def command_line(argv: Sequence[str]) -> str:
    return shlex.join(argv)


def cron_line(hour: int, minute: int, argv: Sequence[str]) -> str:
    return f"{minute} {hour} * * * {command_line(argv)} # {MARK}"


def without_reminder(crontab: str) -> str:
    """The crontab with goalcli's line taken out; every other line kept as it was."""
    lines = [line for line in crontab.splitlines() if not line.rstrip().endswith(f"# {MARK}")]
    return "".join(f"{line}\n" for line in lines)


def cron_time(crontab: str) -> tuple[int, int] | None:
    """The time of goalcli's line in a crontab, if it has one."""
    for line in crontab.splitlines():
        if line.rstrip().endswith(f"# {MARK}"):
            minute, hour = line.split()[:2]
            return int(hour), int(minute)
    return None


def service_unit(argv: Sequence[str]) -> str:
    return (
        "[Unit]\nDescription=goalcli daily check-in reminder\n\n"
        f"[Service]\nType=oneshot\nExecStart={command_line(argv)}\n"
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
