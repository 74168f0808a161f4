"""storage.measures: one score per measure per day, the risk flag kept, and the caseload call."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from goalcli.core.measures import measure
from goalcli.storage import measures as store
from goalcli.storage.database import open_database


def test_latest_scores_and_risks_for_a_caseload(db_path: Path) -> None:
    database = open_database(db_path, create=True)
    assert database is not None
    phq9, who5 = measure("phq9"), measure("who5")
    try:
        with database.write() as session:
            assert store.latest_scores_and_risks(session) == []
            store.save_score(session, phq9, date(2026, 11, 1), [3, 3, 3, 3, 3, 3, 0, 0, 2])
            store.save_score(session, phq9, date(2026, 11, 15), [1, 1, 1, 1, 1, 0, 0, 0, 0])
            store.save_score(session, who5, date(2026, 11, 15), [2, 2, 2, 2, 2])
        with database.write() as session:
            # Taken again on one day: the later answers replace the earlier ones.
            saved = store.save_score(session, who5, date(2026, 11, 15), [3, 3, 3, 3, 3])
            assert saved.created is False
        with database.read() as session:
            latest = {entry.measure: entry for entry in store.latest_scores_and_risks(session)}
            assert len(store.scores(session, "who5")) == 1
    finally:
        database.close()
    assert latest["phq9"] == store.LatestScore(
        "phq9", date(2026, 11, 15), 5, "mild", (date(2026, 11, 1),)
    )
    assert latest["who5"] == store.LatestScore(
        "who5", date(2026, 11, 15), 15, "above the cut-off", ()
    )
