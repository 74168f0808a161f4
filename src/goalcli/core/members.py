"""The members of a couple or family in therapy together: their names, checked the same way at
every door, and finding one by name (case ignored) with a "did you mean" for a near miss.
Pure: the standard library only."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from goalcli.core import limits
from goalcli.errors import InputError, quote

MAX_MEMBERS = 12
"""Members of one profile: a family, not a group."""

TYPES_WITH_MEMBERS = ("couples", "family")


def check_name(name: str) -> str:
    return limits.check_text(name, "member", what="member's name")


def check_names(names: Sequence[str], *, already: Sequence[str] = ()) -> list[str]:
    """New members' names, stripped and checked; a name twice (case and Unicode form ignored,
    see limits.name_key), or one that is a member already, is refused, as is a family larger
    than MAX_MEMBERS."""
    checked: list[str] = []
    seen = {limits.name_key(known) for known in already}
    for name in names:
        cleaned = check_name(name)
        if limits.name_key(cleaned) in seen:
            raise InputError(f"{quote(cleaned)} is a member already; each name is given once.")
        seen.add(limits.name_key(cleaned))
        checked.append(cleaned)
    if len(seen) > MAX_MEMBERS:
        raise InputError(f"A profile has at most {MAX_MEMBERS} members.")
    return checked


def find(name: str, known: Sequence[str], *, former: Sequence[str] = ()) -> str:
    """The member `name` names, as stored (case and Unicode form ignored: limits.name_key);
    else one of `former`, the names of members removed since who rated before (their reviews
    can still be corrected and removed); unknown: InputError, with the closest name."""
    folded = limits.name_key(name)
    for member in (*known, *former):
        if limits.name_key(member) == folded:
            return member
    if not known:
        raise InputError(
            f"There are no members to rate as {quote(name)}; "
            "`goal profile members --add NAME` adds one."
        )
    by_folded = {limits.name_key(member): member for member in known}
    close = difflib.get_close_matches(folded, list(by_folded), n=1, cutoff=0.6)
    hint = (
        f"did you mean {quote(by_folded[close[0]])}?"
        if close
        else f"the members are {', '.join(known)}."
    )
    raise InputError(f"{quote(name)} is not a member of this profile; {hint}")
