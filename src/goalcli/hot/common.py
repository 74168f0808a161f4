"""What the console script's quick answers share (goalcli/hot/): the database file the
options choose, as cli.AppState finds it. (How they say a failure is prompts.say_error and
prompts.output_failed, the CLI boundary's own.)"""

from __future__ import annotations

import os
from pathlib import Path

from goalcli.errors import GoalError


def local_file(db: str | None) -> Path | None:
    """The database file the options and the environment choose, as cli.AppState.db_path
    finds it; None when that is the full path's to say (a server, a bad profile name, a
    profile with no database yet)."""
    from goalcli.storage.paths import PROFILE_ENV, check_name, resolve_location

    try:
        if os.environ.get(PROFILE_ENV):
            check_name(os.environ[PROFILE_ENV], source=PROFILE_ENV)
        location = resolve_location(db, None)
    except GoalError:
        return None
    if location.server_url is not None or location.file is None:
        return None
    if location.profile is not None and not location.file.exists():
        return None
    return location.file
