"""`goal remind` against a temporary crontab and a temporary systemd user directory (issue 18):
fake `crontab` and `systemctl` commands on PATH keep their state in the test's folder."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
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
    assert lines[1].startswith("30 20 * * * ")
    assert lines[1].endswith(f"remind --notify # goalcli-remind for {tmp_path}/data/goals.db")
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
    assert '"-m" "goalcli" "--db" ' in service
    assert service.rstrip().endswith('"remind" "--notify"')
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


def test_without_a_scheduler_it_prints_what_to_add(
    goal: Callable[..., Result], db_path: Path
) -> None:
    result = goal("remind", "--at", "20:30", "--via", "print")
    assert result.exit_code == 0
    assert result.stdout.rstrip().endswith("remind --notify # goalcli-remind for " + str(db_path))


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


# Issue 24: a reminder runs exactly `goal --db THE-FILE remind --notify`, whatever the path.
HOSTILE = "we%ird $(touch pwned) 'q\"\\%d%% $HOME `id` *;.db"


def _cron_command(line: str) -> list[str]:
    """What cron runs for a crontab line, as the argument list the shell gives it.

    Cron's own reading first (cronie's do_command: a backslash escapes the next character,
    dropped only before a %; a bare % ends the command), then the real /bin/sh parses the rest
    and prints each word it would run, NUL-separated."""
    command = line.split(maxsplit=5)[5]
    kept, escaped = [], False
    for char in command:
        if escaped:
            if char == "%":
                kept[-1] = "%"
            else:
                kept.append(char)
            escaped = False
            continue
        if char == "%":
            break
        escaped = char == "\\"
        kept.append(char)
    words = subprocess.run(
        ["/bin/sh", "-c", "show() { printf '%s\\0' \"$@\"; }; show " + "".join(kept)],
        capture_output=True,
        check=True,
        cwd=Path(line.split()[0]).anchor or "/",
    ).stdout
    return words.decode().split("\0")[:-1]


def _exec_start(service: str) -> list[str]:
    """ExecStart= split the way systemd does: quoted words with C escapes, %% and $$."""
    value = next(line for line in service.splitlines() if line.startswith("ExecStart="))
    value = value.removeprefix("ExecStart=")
    assert "%" not in value.replace("%%", ""), "a bare % is a systemd specifier"
    assert "$" not in value.replace("$$", ""), "a bare $ is a systemd variable"
    words = shlex.split(value)  # double quotes with \\ and \" escapes: as systemd reads them
    return [word.replace("%%", "%").replace("$$", "$") for word in words]


@pytest.fixture
def hostile_dir(tmp_path: Path) -> Path:
    folder = tmp_path / HOSTILE
    folder.mkdir()
    return folder


@pytest.mark.parametrize("door", ["--db", "GOALCLI_DB", "XDG_DATA_HOME"])
@pytest.mark.parametrize("via", ["cron", "systemd"])
def test_a_hostile_path_is_the_file_the_reminder_reads(
    goal: Callable[..., Result],
    fakes: dict[str, str],
    tmp_path: Path,
    hostile_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    door: str,
    via: str,
) -> None:
    args: tuple[str, ...] = ()
    if door == "--db":
        db = hostile_dir / "g%s $x.db"
        args = ("--db", str(db))
    elif door == "GOALCLI_DB":
        db = hostile_dir / "g%s $x.db"
        monkeypatch.setenv("GOALCLI_DB", str(db))
    else:
        db = hostile_dir / "goalcli" / "goals.db"
        monkeypatch.delenv("GOALCLI_DB")
        monkeypatch.setenv("XDG_DATA_HOME", str(hostile_dir))
    result = goal(*args, "remind", "--at", "20:30", "--via", via, env=fakes)
    assert result.exit_code == 0, result.output
    if via == "cron":
        line = (tmp_path / "crontab.txt").read_text().splitlines()[0]
        argv = _cron_command(line)
    else:
        units = tmp_path / "config" / "systemd" / "user"
        argv = _exec_start((units / "goalcli-remind.service").read_text())
    assert argv == [sys.executable, "-m", "goalcli", "--db", str(db), "remind", "--notify"]
    assert not (Path("/") / "pwned").exists() and not (tmp_path / "pwned").exists()
    # and it is found again: shown, then removed
    assert "20:30" in goal(*args, "remind", "--status", env=fakes).stdout
    assert goal(*args, "remind", "--off", env=fakes).stdout == "Removed the daily reminder.\n"


# Every door with every control character, but a NUL through an environment variable, which
# no process can be given.
CONTROL_DOORS = [
    (door, char)
    for door in ("--db", "GOALCLI_DB", "XDG_DATA_HOME", "--profile")
    for char in ("\n", "\r", "\x00")
    if not (char == "\x00" and door in ("GOALCLI_DB", "XDG_DATA_HOME"))
]


@pytest.mark.parametrize(("door", "char"), CONTROL_DOORS)
def test_a_control_character_is_refused_in_one_sentence(
    goal: Callable[..., Result],
    fakes: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    door: str,
    char: str,
) -> None:
    hostile = f"{tmp_path}/a{char}* * * * * touch {tmp_path}/pwned #"
    args: tuple[str, ...] = ()
    if door == "--db":
        args = ("--db", hostile + ".db")
    elif door == "--profile":
        args = ("--profile", f"a{char}b")
    elif door == "GOALCLI_DB":
        monkeypatch.setenv("GOALCLI_DB", hostile + ".db")
    else:
        monkeypatch.delenv("GOALCLI_DB")
        monkeypatch.setenv("XDG_DATA_HOME", hostile)
    result = goal(*args, "remind", "--at", "20:30", "--via", "cron", env=fakes)
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "crontab.txt").exists()


def test_the_python_it_runs_on_is_checked_too(
    goal: Callable[..., Result], fakes: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "executable", "/opt/py\nthon3")
    result = goal("remind", "--at", "20:30", "--via", "print", env=fakes)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


USER_LINES = [
    "# 30 20 * * * /usr/bin/python3 -m goalcli --db {db} remind --notify # goalcli-remind for {db}",
    "#30 20 * * * old {db} # goalcli-remind for {db}",
    "@daily echo mine # goalcli-remind for {db}",
    "*/5 * * * * echo hand-edited # goalcli-remind for {db}",
    "0 9 * * * echo my own line # goalcli-remind",
    "15 6 * * * goal --db /elsewhere.db remind --notify # goalcli-remind for /elsewhere.db",
    "# goalcli-remind",
    "x",
]


def test_lines_goalcli_did_not_write_are_never_touched(
    goal: Callable[..., Result], fakes: dict[str, str], tmp_path: Path, db_path: Path
) -> None:
    table = tmp_path / "crontab.txt"
    mine = "".join(line.format(db=db_path) + "\n" for line in USER_LINES)
    table.write_text(mine)
    status = goal("remind", "--status", env=fakes)
    assert status.exit_code == 0, status.output
    assert "No reminder is set" in status.stdout
    off = goal("remind", "--off", env=fakes)
    assert off.exit_code == 0, off.output
    assert off.stdout == "No reminder was set.\n"
    assert table.read_text() == mine
    at = goal("remind", "--at", "21:15", "--via", "cron", env=fakes)
    assert at.exit_code == 0, at.output
    assert table.read_text().startswith(mine)
    assert "at 21:15" in goal("remind", "--status", env=fakes).stdout
    assert goal("remind", "--off", env=fakes).exit_code == 0
    assert table.read_text() == mine


def test_a_line_an_earlier_version_wrote_is_still_found(
    goal: Callable[..., Result], fakes: dict[str, str], tmp_path: Path, db_path: Path
) -> None:
    table = tmp_path / "crontab.txt"
    table.write_text(
        f"0 7 * * * backup\n30 20 * * * /usr/bin/python3 -m goalcli --db {db_path} remind "
        "--notify # goalcli-remind\n"
    )
    assert "at 20:30" in goal("remind", "--status", env=fakes).stdout
    assert goal("remind", "--off", env=fakes).stdout == "Removed the daily reminder.\n"
    assert table.read_text() == "0 7 * * * backup\n"
