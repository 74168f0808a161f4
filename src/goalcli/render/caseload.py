"""The caseload as a Rich table or a Markdown table: both from the same cells, so they never
disagree. User text (names, display names) reads literally in either."""

from __future__ import annotations

from typing import TYPE_CHECKING

from goalcli.core.measures import measure
from goalcli.core.progress.levels import status_words
from goalcli.core.text import NO_NUMBER, number_text
from goalcli.core.weeks import known_words
from goalcli.render.markdown import markdown_text
from goalcli.render.widgets import user_text

if TYPE_CHECKING:
    from rich.console import Group
    from rich.table import Table

    from goalcli.views.caseload import CaseloadDocument, CaseloadRow

DATE_WIDTH = len("2026-11-20")

HEADINGS = (
    "Profile",
    "Type",
    "Needs attention",
    "Check-in",
    "Goals",
    "Lowest mood, last 7 days",
    "GAS T",
    "GBO",
    "Review",
    "Measures",
)


def _who(row: CaseloadRow) -> str:
    if row["display_name"]:
        return f"{row['profile']} ({row['display_name']})"
    return row["profile"]


def _checkin(row: CaseloadRow) -> str:
    days = row["days_since_checkin"]
    if days is None:
        return "never"
    return "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"


def _goals(row: CaseloadRow) -> str:
    if row["state"] != "ok":
        return ""
    parts = [str(row["goals_active"])]
    if row["goals_behind"]:
        parts.append(f"{row['goals_behind']} behind")
    if row["goals_overdue"]:
        parts.append(f"{row['goals_overdue']} overdue")
    if row["unknown_goals"]:
        logged = [
            "no reading in 28 days"
            if goal["days_known"] is None or goal["days_counted"] is None
            else known_words(goal["days_known"], goal["days_counted"], goal["days_excused"] or 0)
            for goal in row["unknown_goals"]
        ]
        parts.append(f"{len(logged)} {status_words('unknown')} ({'; '.join(logged)})")
    return ", ".join(parts)


def _mood(row: CaseloadRow) -> str:
    """ "2/10": a mood on its 0-10 scale, under a heading that says which (the lowest of the
    last 7 days); "(rule)" when the low-mood rule fired."""
    if row["lowest_mood_7d"] is None:
        return NO_NUMBER
    lowest = f"{row['lowest_mood_7d']}/10"
    return f"{lowest} (rule)" if row["low_mood_rule"] else lowest


def _gbo(row: CaseloadRow) -> str:
    """Each goal's GBO change ("+3"); a couple's or family's by member ("Sam +2")."""
    shown = [
        (f"{entry['member']} " if entry["member"] else "") + f"{entry['change']:+d}"
        for entry in row["gbo"]
        if entry["change"] is not None
    ]
    return ", ".join(shown) or NO_NUMBER


def _review(row: CaseloadRow) -> str:
    last = row["last_review"] or "none"
    return f"{last}, due" if row["review_due"] else last


def cells(row: CaseloadRow, joiner: str = "; ") -> list[str]:
    """The row's cells, in the order of HEADINGS; the reasons joined by `joiner`."""
    if row["state"] != "ok":
        return [_who(row), "", joiner.join(row["reasons"]), "", "", "", "", "", "", ""]
    return [
        _who(row),
        row["therapy_type"] or "",
        joiner.join(row["reasons"]) or "nothing pressing",
        _checkin(row),
        _goals(row),
        _mood(row),
        number_text(row["gas_t_score"]),
        _gbo(row),
        _review(row),
        _measures(row, joiner),
    ]


def _measures(row: CaseloadRow, joiner: str) -> str:
    """'PHQ-9 12 moderate (risk 2026-11-20)': each questionnaire's latest score and band."""
    shown = []
    for entry in row["measures"]:
        risk = f" (risk {entry['risk'][-1]})" if entry["risk"] else ""
        shown.append(f"{measure(entry['measure']).name} {entry['total']} {entry['band']}{risk}")
    return joiner.join(shown) or NO_NUMBER


def caseload_table(document: CaseloadDocument) -> Table:
    from rich.table import Table

    table = Table(title=f"Caseload on {document['as_of']}", title_justify="left")
    for heading in HEADINGS:
        # The reasons are the point: they take the room; the short figures stay on one line,
        # and every column is wide enough for a whole date (2026-11-20), never folded.
        wide = heading in ("Profile", "Needs attention")
        dated = heading in ("Review", "Measures")
        table.add_column(
            # A long heading takes two lines here, leaving the room to the reasons.
            heading.replace(", ", ",\n"),
            overflow="fold",
            min_width=12 if wide else DATE_WIDTH if dated else None,
        )
    for row in document["profiles"]:
        table.add_row(*(user_text(cell) for cell in cells(row, joiner="\n")))
    return table


def caseload_markdown(document: CaseloadDocument) -> str:
    lines = [
        f"# Caseload on {document['as_of']}",
        "",
        "| " + " | ".join(HEADINGS) + " |",
        "|" + "---|" * len(HEADINGS),
    ]
    for row in document["profiles"]:
        lines.append("| " + " | ".join(markdown_text(cell) for cell in cells(row)) + " |")
    return "\n".join(lines) + "\n"


WIDE_ENOUGH = 140
"""Columns the ten-column table needs to stay readable; narrower terminals get one block per
profile (caseload_blocks), every figure kept and labelled."""


def caseload_blocks(document: CaseloadDocument) -> Group:
    """The caseload for a narrow terminal: per profile its name and type, then each figure on
    a labelled line, in the table's order (the same cells, so the two never disagree)."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    items: list[Table | Text] = [Text(f"Caseload on {document['as_of']}", style="bold")]
    for row in document["profiles"]:
        who, kind, *figures = cells(row, joiner="\n")
        heading = user_text(who, "bold")
        if kind:
            heading.append(f"  {kind}", style="dim")
        block = Table.grid(padding=(0, 2))
        block.add_column(style="dim", no_wrap=True)
        block.add_column()
        for label, value in zip(HEADINGS[2:], figures, strict=True):
            if value:
                block.add_row(label, user_text(value))
        items += [Text(""), heading, block]
    return Group(*items)
