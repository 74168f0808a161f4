"""A Ctrl-C that lands while a write commits is held until the command has noted the commit
(storage/saving.py interrupts_held), on both engines: else the CLI boundary would say "nothing
was saved" about a saved change. The interrupt here is a real SIGINT sent to this process from
inside the commit, so the test does not depend on timing."""

from __future__ import annotations

import os
import signal
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from goalcli.storage.models import Mood


def _open(engine: str) -> Any:
    """The test's database (GOALCLI_DB: the temporary file, or the server database `engine`
    made), opened as the commands open it."""
    where = os.environ["GOALCLI_DB"]
    if engine == "postgresql":
        from goalcli.storage.server import open_server_database

        return open_server_database(where, None, create=True)
    from goalcli.storage.database import open_database

    return open_database(Path(where), create=True)


def test_an_interrupt_during_the_commit_comes_after_the_commit_is_noted(
    engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlmodel import Session

    database = _open(engine)
    assert database is not None
    noted_when_interrupted: list[bool] = []
    real_commit = Session.commit

    def interrupted_commit(session: Session) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C, as the terminal sends it
        real_commit(session)

    monkeypatch.setattr(Session, "commit", interrupted_commit)
    try:
        with pytest.raises(KeyboardInterrupt):
            try:
                with database.write() as session:
                    session.add(
                        Mood(day=date(2026, 11, 26), mood=6, updated_at="2026-11-26T20:00:00+00:00")
                    )
            except KeyboardInterrupt:
                noted_when_interrupted.append(database.committed)
                raise
    finally:
        monkeypatch.undo()
        database.close()
    assert noted_when_interrupted == [True]
