"""Profiles: one database per person, so a therapist keeps clients apart on one machine.

A profile NAME selects `$XDG_DATA_HOME/goalcli/profiles/NAME.db`. Names become file names, so
only a small safe alphabet is accepted: nothing that could climb out of the folder, hide a file
or surprise a shell. Standard library only (used while parsing the global options).
"""

from __future__ import annotations

import re
from pathlib import Path

from goalcli.errors import InputError, quote

PROFILE_ENV = "GOALCLI_PROFILE"
MAX_NAME_LENGTH = 64
# A letter or digit first (no ".hidden", no "-option"), then letters, digits, "-", "_" or ".".
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def check_name(name: str, *, source: str = "--profile") -> str:
    """The profile name if it is safe to use as a file name; InputError otherwise."""
    if not name:
        raise InputError(
            f"{source}: a profile name can't be empty; use letters, digits, '-', '_' or '.'."
        )
    if len(name) > MAX_NAME_LENGTH:
        raise InputError(f"{source}: a profile name is at most {MAX_NAME_LENGTH} characters.")
    if not _NAME.fullmatch(name) or name.endswith("."):
        raise InputError(
            f"{source}: {quote(name)} can't be a profile name; use letters, digits, '-', '_' "
            "or '.' (not first or last), with no '/' or spaces."
        )
    return name


def profiles_dir(data_dir: Path) -> Path:
    return data_dir / "profiles"


def profile_path(data_dir: Path, name: str) -> Path:
    return profiles_dir(data_dir) / f"{check_name(name)}.db"


def existing_profiles(data_dir: Path) -> list[tuple[str, Path]]:
    """(name, path) of each profile database on disk, by name; reads the folder only."""
    folder = profiles_dir(data_dir)
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        name = entry.name.removesuffix(".db")
        if entry.suffix != ".db" or not entry.is_file() or not _is_valid(name):
            continue  # a -wal/-shm companion, a half-built file, or something not ours
        found.append((name, entry))
    return sorted(found, key=lambda item: item[0].casefold())


def _is_valid(name: str) -> bool:
    try:
        check_name(name)
    except InputError:
        return False
    return True
