"""Notices already shown (e.g. the low-mood safety note), so each is shown once a day."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from goalcli.storage.models import Notice


def notice_shown(session: Session, kind: str, day: date) -> bool:
    return session.get(Notice, (kind, day)) is not None


def mark_notice_shown(session: Session, kind: str, day: date) -> None:
    if session.get(Notice, (kind, day)) is None:
        session.add(Notice(kind=kind, day=day))
