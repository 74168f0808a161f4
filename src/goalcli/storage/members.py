"""A couple's or family's members, by name, in the order they were added. Every function works
inside a session the caller opened (see database.Database)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from goalcli.core import members as member_names
from goalcli.storage.models import Intake, Member


def members(session: Session) -> list[str]:
    return list(session.exec(select(Member.name).order_by(col(Member.id))))


def add_members(session: Session, names: list[str]) -> list[str]:
    """Add the names (checked: none twice, none already a member); returns them as stored."""
    added = member_names.check_names(names, already=members(session))
    for name in added:
        session.add(Member(name=name))
    return added


def remove_members(session: Session, names: list[str]) -> list[str]:
    """Remove members by name (case ignored; an unknown one is refused with "did you mean").
    Their ratings stay in the reviews, under their name."""
    known = members(session)
    removed = [member_names.find(name, known) for name in names]
    for name in removed:
        for row in session.exec(select(Member).where(Member.name == name)):
            session.delete(row)
    return removed


def therapy_type(session: Session) -> str | None:
    """The therapy type the latest intake recorded (None before any intake)."""
    latest = session.exec(select(Intake).order_by(col(Intake.id).desc())).first()
    return latest.therapy_type if latest is not None else None
