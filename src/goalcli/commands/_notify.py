"""What `goal remind --notify` does (the daily reminder's cron line or systemd timer runs it),
without Typer or Rich: commands/remind.py and the console script's first step (goalcli/hot/__init__.py,
issue 26) both do it with these functions, so the two say and run the same things."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from goalcli.core import dates
from goalcli.errors import StorageError
from goalcli.storage.glance import last_checkin_day

LOGGED = "Already checked in today."
MESSAGE = "Time for today's check-in: `goal log` takes a minute."


def checked_in_today(db_path: Path, *, encrypted_too: bool) -> bool:
    """Whether today has a check-in or a mood; glance.Unreadable when that cannot be read
    (an encrypted file without `encrypted_too`, or without a passphrase from its command)."""
    today = dates.today()
    return last_checkin_day(db_path, today, encrypted_too=encrypted_too) == today


def remind(say: Callable[[str], None]) -> None:
    """A desktop notification (notify-send, osascript); `say` the message where there is none.
    StorageError (exit 1) when the notifier cannot be run at all."""
    if shutil.which("notify-send"):
        run("notify-send", "goalcli", MESSAGE)
    elif shutil.which("osascript"):
        run("osascript", "-e", f'display notification "{MESSAGE}" with title "goalcli"')
    else:
        say(MESSAGE)


def run(*argv: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """`argv` run with its output captured (30 s at most); StorageError when it cannot run."""
    try:
        return subprocess.run(argv, input=input, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as error:
        raise StorageError(f"Could not run {argv[0]}: {error}.") from None
