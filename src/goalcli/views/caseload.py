"""The caseload: one row per database on this machine (each profile and the default one),
who needs attention first and why. Built read-only: nothing is created, migrated or unlocked
by a prompt (an encrypted profile opens only through the passphrase command, else "locked")."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from goalcli.storage.profiles import Reader

DEFAULT_NAME = "(default)"
"""How the default database (no --profile) is named in the caseload; no profile can be called
this (a name starts with a letter or digit)."""


class GboEntry(TypedDict):
    goal: str
    member: str | None
    """Whose rating: None for the goal's shared one; a couple's or family's member when the
    goal has only its members' own ratings (one entry per member)."""
    change: int | None


class UnknownGoal(TypedDict):
    """An active goal too thin to judge (status "unknown"): a goal to lower something on an
    incomplete week (its days known of the days that count) or a stale reading (both None)."""

    goal: str
    days_known: int | None
    days_counted: int | None
    days_excused: int | None  # of those counted, the days excused (`goal skip`); None: a reading


class MeasureEntry(TypedDict):
    measure: str
    date: str
    total: int
    band: str
    risk: list[str]


class CaseloadRow(TypedDict):
    profile: str
    display_name: str | None
    therapy_type: str | None
    path: str
    state: str  # "ok", "locked" or "not readable"
    attention: int  # higher first
    reasons: list[str]
    days_since_checkin: int | None
    last_checkin: str | None
    goals_active: int
    goals_behind: int
    goals_overdue: int
    goals_unknown: int  # status "unknown": not enough check-ins to judge them
    unknown_goals: list[UnknownGoal]
    lowest_mood_7d: int | None
    low_mood_days_7d: int
    low_mood_rule: bool
    gas_t_score: float | None
    gbo: list[GboEntry]
    last_review: str | None
    review_every: int | None
    review_due: bool
    measures: list[MeasureEntry]
    """Each questionnaire's latest score and band, and its risk-answer days (oldest first)."""
    signals: list[dict[str, object]]  # as the JSON report's (core.signals), deterioration first
    priority: int  # sorted by this first: 1 risk, 2 reliable deterioration, 3 silence,
    # 4 another signal, 5 none of these (core.caseload.PRIORITY_*)


class CaseloadDocument(TypedDict):
    version: int
    as_of: str
    profiles: list[CaseloadRow]


def databases() -> list[tuple[str, Path]]:
    """(name, path) of the default database when it exists, then every profile by name."""
    from goalcli.storage.paths import default_data_dir, default_database_path, existing_profiles

    profiles = existing_profiles(default_data_dir())
    default = default_database_path()
    if not default.is_file() or any(path == default for _, path in profiles):
        return profiles
    return [(DEFAULT_NAME, default), *profiles]


def _row(
    name: str, where: str, reading: Callable[[], AbstractContextManager[Reader]], today: date
) -> CaseloadRow:
    """The row of one database, named `where` (a file, or a server's schema), read through
    `reading` (profiles.read_only, or server.Snapshot.reading)."""
    from goalcli.core import caseload
    from goalcli.core.text import number
    from goalcli.storage import profiles
    from goalcli.storage.probe import sql_errors

    row: CaseloadRow = {
        "profile": name,
        "display_name": None,
        "therapy_type": None,
        "path": where,
        "state": "ok",
        "attention": 0,
        "reasons": [],
        "days_since_checkin": None,
        "last_checkin": None,
        "goals_active": 0,
        "goals_behind": 0,
        "goals_overdue": 0,
        "goals_unknown": 0,
        "unknown_goals": [],
        "lowest_mood_7d": None,
        "low_mood_days_7d": 0,
        "low_mood_rule": False,
        "gas_t_score": None,
        "gbo": [],
        "last_review": None,
        "review_every": None,
        "review_due": False,
        "measures": [],
        "signals": [],
        "priority": caseload.PRIORITY_REST,
    }
    try:
        with reading() as connection:
            facts = profiles.caseload_facts(connection, today)
    except profiles.Unopened as unopened:
        row["state"] = unopened.reason
        row["reasons"] = [
            "locked: set GOALCLI_PASSPHRASE_COMMAND to include it"
            if unopened.reason == profiles.LOCKED
            else "could not be read"
        ]
        return row
    except sql_errors():
        row["state"] = profiles.NOT_READABLE
        row["reasons"] = ["could not be read"]
        return row
    last = facts["last_checkin"]
    judged = caseload.attention(
        caseload.Facts(
            last_checkin=date.fromisoformat(last) if last else None,
            recent_moods=facts["moods"],
            statuses=facts["statuses"],
            gbo_changes=facts["gbo_changes"],
            last_review=date.fromisoformat(facts["last_review"]) if facts["last_review"] else None,
            review_every=facts["review_every"],
            started=facts["started"],
            excused_days=facts["excused"],
            risk_days=[
                date.fromisoformat(day) for entry in facts["measures"] for day in entry["risk"]
            ],
            signals=[
                (str(signal["kind"]), str(signal.get("measure") or signal.get("goal")))
                for signal in facts["signals"]
            ],
        ),
        today,
    )
    t_score = facts["gas_t_score"]
    row.update(
        {
            "display_name": facts["display_name"],
            "therapy_type": facts["therapy_type"],
            "attention": judged.score,
            "reasons": judged.reasons,
            "days_since_checkin": judged.days_silent,
            "last_checkin": last,
            "goals_active": len(facts["statuses"]),
            "goals_behind": facts["statuses"].count("behind"),
            "goals_overdue": facts["statuses"].count("overdue"),
            "goals_unknown": len(facts["unknown"]),
            "unknown_goals": [
                {
                    "goal": entry["goal"],
                    "days_known": entry["days_known"],
                    "days_counted": None if entry["days_known"] is None else entry["days_counted"],
                    "days_excused": None
                    if entry["days_known"] is None
                    else entry.get("days_excused", 0),
                }
                for entry in facts["unknown"]
            ],
            "lowest_mood_7d": judged.lowest_mood,
            "low_mood_days_7d": judged.low_mood_days,
            "low_mood_rule": judged.low_mood_rule,
            "gas_t_score": None if t_score is None else number(round(t_score, 1)),
            "gbo": facts["gbo"],
            "last_review": facts["last_review"],
            "review_every": facts["review_every"],
            "review_due": judged.review_due,
            "measures": facts["measures"],
            "signals": facts["signals"],
            "priority": judged.priority,
        }
    )
    return row


def build_caseload(today: date, server_url: str | None = None) -> CaseloadDocument:
    """Every database's row, the one needing attention most first (then by name): the files
    on this machine, or with `server_url` the schemas of that PostgreSQL database, all read
    in one read-only transaction."""
    from functools import partial

    from goalcli.storage import profiles

    if server_url is None:
        rows = [
            _row(name, str(path), partial(profiles.read_only, path), today)
            for name, path in databases()
        ]
    else:
        from goalcli.storage.schemas import snapshot
        from goalcli.storage.server import DEFAULT_SCHEMA

        with snapshot(server_url) as database:
            rows = [
                _row(
                    DEFAULT_NAME if schema == DEFAULT_SCHEMA else schema,
                    database.where(schema),
                    partial(database.reading, schema),
                    today,
                )
                for schema in database.schemas()
            ]
    rows.sort(key=lambda row: (row["priority"], -row["attention"], row["profile"].casefold()))
    return {"version": 1, "as_of": today.isoformat(), "profiles": rows}
