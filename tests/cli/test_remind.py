"""`goal remind` against a temporary crontab and a temporary systemd user directory (issue 18):
fake `crontab` and `systemctl` commands on PATH keep their state in the test's folder."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

FAKE_CRONTAB = """#!/bin/sh
# -l prints the table (exit 1 when there is none), - reads it from stdin, -r removes it.
table="{folder}/crontab.txt"
case "$1" in
  -l) [ -f "$table" ] || {{ echo "no crontab for user" >&2; exit 1; }}; cat "$table" ;;
  -) cat > "$table" ;;
  -r) rm -f "$table" ;;
esac
"""
FAKE_SYSTEMCTL = """#!/bin/sh
echo "$@" >> "{folder}/systemctl.log"
"""


@pytest.fixture
def fakes(tmp_path: Path) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, script in (("crontab", FAKE_CRONTAB), ("systemctl", FAKE_SYSTEMCTL)):
        path = bin_dir / name
        path.write_text(script.format(folder=tmp_path))
        path.chmod(0o755)
    return {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }


def test_crontab_line_installed_shown_and_removed_leaving_no_trace(
    goal: Callable[..., Result], fakes: dict[str, str], tmp_path: Path
) -> None:
    table = tmp_path / "crontab.txt"
    table.write_text("0 7 * * * backup-photos\n")
    result = goal("remind", "--at", "20:30", "--via", "cron", env=fakes)
    assert result.exit_code == 0, result.output
    assert "A daily reminder at 20:30 (a line in your crontab)" in result.stdout
    lines = table.read_text().splitlines()
    assert lines[0] == "0 7 * * * backup-photos"
    assert lines[1].startswith("30 20 * * * ") and lines[1].endswith(
        "remind --notify # goalcli-remind"
    )
    # Setting it again replaces the line, never adds a second.
    assert goal("remind", "--at", "8:05", "--via", "cron", env=fakes).exit_code == 0
    assert [line.split()[:2] for line in table.read_text().splitlines()] == [["0", "7"], ["5", "8"]]
    assert "at 08:05 (a line in your crontab)" in goal("remind", "--status", env=fakes).stdout
    assert goal("remind", "--off", env=fakes).stdout == "Removed the daily reminder.\n"
    assert table.read_text() == "0 7 * * * backup-photos\n"
    assert "No reminder is set" in goal("remind", "--status", env=fakes).stdout


def test_an_empty_crontab_goes_away_with_the_reminder(
    goal: Callable[..., Result], fakes: dict[str, str], tmp_path: Path
) -> None:
    assert goal("remind", "--at", "21:00", "--via", "cron", env=fakes).exit_code == 0
    assert goal("remind", "--off", env=fakes).exit_code == 0
    assert not (tmp_path / "crontab.txt").exists()


def test_systemd_user_timer_installed_shown_and_removed(
    goal: Callable[..., Result], fakes: dict[str, str], tmp_path: Path
) -> None:
    result = goal("remind", "--at", "20:30", "--via", "systemd", env=fakes)
    assert result.exit_code == 0, result.output
    units = tmp_path / "config" / "systemd" / "user"
    timer = (units / "goalcli-remind.timer").read_text()
    assert "OnCalendar=*-*-* 20:30:00" in timer
    service = (units / "goalcli-remind.service").read_text()
    assert "-m goalcli --db " in service and service.rstrip().endswith("remind --notify")
    assert (units / "goalcli-remind.timer").stat().st_mode & 0o077 == 0
    assert "systemd user timer" in goal("remind", "--status", env=fakes).stdout
    assert goal("remind", "--off", env=fakes).stdout == "Removed the daily reminder.\n"
    assert list(units.iterdir()) == []
    calls = (tmp_path / "systemctl.log").read_text().splitlines()
    assert calls == [
        "--user daemon-reload",
        "--user enable --now goalcli-remind.timer",
        "--user disable --now goalcli-remind.timer",
        "--user daemon-reload",
    ]


def test_without_a_scheduler_it_prints_what_to_add(goal: Callable[..., Result]) -> None:
    result = goal("remind", "--at", "20:30", "--via", "print")
    assert result.exit_code == 0
    assert result.stdout.rstrip().endswith("remind --notify # goalcli-remind")


@pytest.mark.parametrize(
    "args", [("remind",), ("remind", "--at", "25:00"), ("remind", "--off", "--status")]
)
def test_bad_requests_are_refused(goal: Callable[..., Result], args: tuple[str, ...]) -> None:
    result = goal(*args)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_notify_only_when_today_has_no_check_in(
    planned: Callable[..., Result], fakes: dict[str, str], tmp_path: Path
) -> None:
    goal = planned
    bin_dir = Path(fakes["PATH"].split(os.pathsep)[0])
    notify = bin_dir / "notify-send"
    notify.write_text(f'#!/bin/sh\necho "$@" >> "{tmp_path}/notified.log"\n')
    notify.chmod(0o755)
    assert goal("remind", "--notify", env=fakes).exit_code == 0
    assert "goal log" in (tmp_path / "notified.log").read_text()
    assert goal("log", "--mood", "6").exit_code == 0
    result = goal("remind", "--notify", env=fakes)
    assert result.stdout == "Already checked in today.\n"
    assert len((tmp_path / "notified.log").read_text().splitlines()) == 1
