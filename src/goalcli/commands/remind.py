"""`goal remind`: a daily reminder the person can see and remove; nothing without asking."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from goalcli.cli import app_state
from goalcli.commands import _notify as _notify_module
from goalcli.core import reminders
from goalcli.core.reminders import MARK
from goalcli.errors import InputError, StorageError
from goalcli.storage.files import write_private
from goalcli.storage.glance import Unreadable

EXAMPLES = {
    "remind": """
goal remind --at 20:30       a reminder every day at 20:30
goal remind --status         is one set, and how
goal remind --off            remove it, leaving no trace
"""
}
"""Shown at the end of `goal remind --help`."""


class Via(StrEnum):
    auto = "auto"
    systemd = "systemd"
    cron = "cron"
    print = "print"


def remind(
    ctx: typer.Context,
    at: Annotated[
        str | None, typer.Option("--at", metavar="HH:MM", help="Remind every day at this time.")
    ] = None,
    off: Annotated[bool, typer.Option("--off", help="Remove the reminder.")] = False,
    status: Annotated[bool, typer.Option("--status", help="Say whether one is set.")] = False,
    notify: Annotated[
        bool,
        typer.Option(
            "--notify", help="What the reminder runs: a notification if not logged today."
        ),
    ] = False,
    via: Annotated[
        Via,
        typer.Option(
            "--via",
            help="auto: a systemd user timer where systemd runs, else a crontab line, else "
            "print what to add.",
        ),
    ] = Via.auto,
) -> None:
    """Remind you daily to check in (--at HH:MM), show it (--status) or remove it (--off)."""

    chosen = [
        flag
        for flag, on in (
            ("--at", at is not None),
            ("--off", off),
            ("--status", status),
            ("--notify", notify),
        )
        if on
    ]
    if len(chosen) != 1:
        raise InputError("Give one of --at HH:MM, --off, --status or --notify.")
    db_path: Path = app_state(ctx).db_path
    db = _checked_db(db_path)
    if notify:
        _notify(db_path)
        return
    if status:
        typer.echo(_status(db))
        return
    if off:
        removed = _remove_systemd() | _remove_cron(db)
        typer.echo("Removed the daily reminder." if removed else "No reminder was set.")
        return
    assert at is not None
    hour, minute = reminders.parse_time(at)
    argv = [sys.executable, "-m", "goalcli", "--db", db, "remind", "--notify"]
    reminders.check_runnable(argv, db)
    how = _choose(via)
    if how is Via.print:
        typer.echo(
            "Neither a systemd user session nor crontab is available here. To be reminded, "
            "add this line to your scheduler (it is a crontab line):\n"
            + reminders.cron_line(hour, minute, argv, db)
        )
        return
    _remove_systemd()
    _remove_cron(db)
    if how is Via.systemd:
        where = _install_systemd(hour, minute, argv)
    else:
        where = _install_cron(hour, minute, argv, db)
    typer.echo(
        f"A daily reminder at {hour:02d}:{minute:02d} ({where}); `goal remind --off` removes it."
    )


def _checked_db(db_path: Path) -> str:
    """The database's absolute path as the reminder names it; refused (exit 2) with a control
    character in it, before anything else is looked at (resolving one with a NUL would fail)."""

    reminders.check_runnable([], str(db_path))
    return str(db_path.resolve())


def _choose(via: Via) -> Via:

    if via is not Via.auto:
        return via
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if (
        shutil.which("systemctl")
        and Path("/run/systemd/system").is_dir()
        and runtime
        and Path(runtime, "systemd").is_dir()
    ):
        return Via.systemd
    return Via.cron if shutil.which("crontab") else Via.print


def _units_dir() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "systemd" / "user"


def _units() -> tuple[Path, Path]:

    folder = _units_dir()
    return folder / f"{MARK}.service", folder / f"{MARK}.timer"


def _run(*argv: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    return _notify_module.run(*argv, input=input)


def _systemctl(*args: str) -> None:

    done = _run("systemctl", "--user", *args)
    if done.returncode != 0:
        raise StorageError(
            f"systemctl --user {' '.join(args)} failed: {done.stderr.strip()[:120]}."
        )


def _install_systemd(hour: int, minute: int, argv: list[str]) -> str:

    service, timer = _units()
    service.parent.mkdir(parents=True, exist_ok=True)
    write_private(service, reminders.service_unit(argv))
    write_private(timer, reminders.timer_unit(hour, minute))
    _systemctl("daemon-reload")
    _systemctl("enable", "--now", timer.name)
    return f"systemd user timer {timer}"


def _remove_systemd() -> bool:
    service, timer = _units()
    if not (service.exists() or timer.exists()):
        return False
    if timer.exists():
        _systemctl("disable", "--now", timer.name)
    service.unlink(missing_ok=True)
    timer.unlink(missing_ok=True)
    _systemctl("daemon-reload")
    return True


def _crontab() -> str | None:
    """The user's crontab ("" when they have none); None without a crontab command."""

    if not shutil.which("crontab"):
        return None
    done = _run("crontab", "-l")
    return done.stdout if done.returncode == 0 else ""


def _write_crontab(text: str) -> None:

    done = _run("crontab", "-r") if not text.strip() else _run("crontab", "-", input=text)
    if done.returncode != 0 and text.strip():
        raise StorageError(f"crontab refused the change: {done.stderr.strip()[:120]}.")


def _install_cron(hour: int, minute: int, argv: list[str], db: str) -> str:

    current = _crontab() or ""
    _write_crontab(
        reminders.without_reminder(current, db) + reminders.cron_line(hour, minute, argv, db) + "\n"
    )
    return "a line in your crontab"


def _remove_cron(db: str) -> bool:

    current = _crontab()
    if not current or reminders.cron_time(current, db) is None:
        return False
    _write_crontab(reminders.without_reminder(current, db))
    return True


def _status(db: str) -> str:

    _, timer = _units()
    if timer.exists() and (time := reminders.timer_time(timer.read_text(encoding="utf-8"))):
        return f"A daily reminder at {time[0]:02d}:{time[1]:02d} (systemd user timer {timer})."
    current = _crontab()
    if current and (time := reminders.cron_time(current, db)):
        return f"A daily reminder at {time[0]:02d}:{time[1]:02d} (a line in your crontab)."
    return "No reminder is set; `goal remind --at 20:30` sets one."


def _notify(db_path: Path) -> None:
    """A desktop notification when today has no check-in yet; a line on the terminal else
    (commands/_notify.py, which goalcli/hot/__init__.py runs too)."""

    try:
        logged = _notify_module.checked_in_today(db_path, encrypted_too=True)
    except Unreadable:
        logged = False  # cannot tell (encrypted, no passphrase command): a reminder does no harm
    if logged:
        typer.echo(_notify_module.LOGGED)
        return
    _notify_module.remind(typer.echo)
