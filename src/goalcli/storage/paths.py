"""Where a database lives: --db, --profile and the XDG data directory.

Profiles are one database per person, so a therapist keeps clients apart on one machine.

A profile NAME selects `$XDG_DATA_HOME/goalcli/profiles/NAME.db`. Names become file names, so
only a small safe alphabet is accepted: nothing that could climb out of the folder, hide a file
or surprise a shell. Standard library only (used while parsing the global options).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from goalcli.errors import InputError, quote
from goalcli.storage.server import is_server_url

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


def missing_profile_message(
    name: str, data_dir: Path | None = None, *, known: list[str] | None = None
) -> str:
    """The sentence for a profile NAME that has no database: with "did you mean" for a close
    name, so a typo never reads as a new, empty client. The names are the profiles in
    `data_dir`, or `known` (a server's)."""
    if known is None:
        assert data_dir is not None
        known = [profile for profile, _ in existing_profiles(data_dir)]
    close = close_name(name, known)
    hint = (
        f"did you mean {quote(close)}?"
        if close is not None
        else "`goal profiles` lists them; `goal --profile NAME intake` starts a new one."
    )
    return f"There is no profile {quote(name)}; {hint}"


def close_profile(name: str, data_dir: Path) -> str | None:
    """The existing profile whose name is closest to `name` (ignoring case), if one is close."""
    return close_name(name, [known for known, _ in existing_profiles(data_dir)])


def close_name(name: str, names: list[str]) -> str | None:
    """The one of `names` closest to `name` (ignoring case), if one is close."""
    from difflib import get_close_matches

    by_folded = {known.casefold(): known for known in names}
    close = get_close_matches(name.casefold(), list(by_folded), n=1, cutoff=0.6)
    return by_folded[close[0]] if close else None


def selected_profile(db_option: str | None, profile_option: str | None = None) -> str | None:
    """The profile name that chooses the database, or None when a path (or the default) does;
    the same order as resolve_path."""
    if db_option:
        return None
    if profile_option is not None:
        return profile_option
    if os.environ.get("GOALCLI_DB"):
        return None
    return os.environ.get(PROFILE_ENV) or None


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "goalcli"


def resolve_path(db_option: str | None, profile_option: str | None = None) -> Path:
    """Options beat environment variables, and a path beats a profile name:
    --db, then --profile, then GOALCLI_DB, then GOALCLI_PROFILE, then the XDG data directory."""
    if db_option:
        return Path(db_option).expanduser()
    if profile_option is not None:
        return profile_path(default_data_dir(), profile_option)
    if os.environ.get("GOALCLI_DB"):
        return default_database_path()
    profile_env = os.environ.get(PROFILE_ENV)
    if profile_env:
        return profile_path(default_data_dir(), profile_env)
    return default_database_path()


def default_database_path() -> Path:
    """The database used without a profile: GOALCLI_DB, else goals.db in the data directory."""
    if os.environ.get("GOALCLI_DB"):
        return Path(os.environ["GOALCLI_DB"]).expanduser()
    return default_data_dir() / "goals.db"


def private_dirs() -> tuple[Path, ...]:
    """Folders goalcli owns outright, kept 0700 even if they existed before."""
    data_dir = default_data_dir()
    profiles = data_dir / "profiles"
    return (data_dir, data_dir / "backups", profiles, profiles / "backups")


SETTINGS_FILE = "settings.toml"


def settings_path() -> Path:
    """This machine's goalcli settings: $XDG_CONFIG_HOME/goalcli/settings.toml."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "goalcli" / SETTINGS_FILE


def configured_reader() -> str:
    """Who reads reports on this machine: `reader = "therapist"` in the settings file, else
    "client". A value that is neither is refused (exit 2) naming the file."""
    import tomllib

    path = settings_path()
    try:
        with path.open("rb") as handle:
            settings = tomllib.load(handle)
    except FileNotFoundError:
        return "client"
    except (OSError, tomllib.TOMLDecodeError):
        raise InputError(f"{path} could not be read as TOML settings.") from None
    reader = settings.get("reader", "client")
    if reader not in ("client", "therapist"):
        raise InputError(f'{path}: reader must be "client" or "therapist", not {quote(reader)}.')
    return str(reader)


@dataclass(frozen=True)
class Location:
    """Where this command's database is: --db, --profile, GOALCLI_DB, GOALCLI_PROFILE and the
    XDG data directory, worked out once per command (cli.AppState.location)."""

    server_url: str | None
    """The PostgreSQL URL when the database is on a server (--db, or GOALCLI_DB unless --db
    names a file)."""
    file: Path | None
    """The SQLite file, whether or not it exists yet; None on a server."""
    profile: str | None
    """The profile that chose the file (None: a path or the default did; always None on a
    server)."""
    server_profile: str | None
    """On a server, the profile whose schema holds the database: --profile, else
    GOALCLI_PROFILE (None: the default schema)."""


def resolve_location(db_option: str | None, profile_option: str | None) -> Location:
    """The Location the global options and the environment choose (see resolve_path)."""
    environment = os.environ.get("GOALCLI_DB")
    if db_option:
        server_url = db_option if is_server_url(db_option) else None
    else:
        server_url = environment if is_server_url(environment) else None
    if server_url is not None:
        return Location(
            server_url=server_url,
            file=None,
            profile=None,
            server_profile=profile_option or os.environ.get(PROFILE_ENV) or None,
        )
    return Location(
        server_url=None,
        file=resolve_path(db_option, profile_option),
        profile=selected_profile(db_option, profile_option),
        server_profile=None,
    )
