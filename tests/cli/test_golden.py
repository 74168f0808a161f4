"""Golden outputs: a fixed history and date give byte-identical reports: table, JSON, Markdown
and the HTML session page (its SVG charts included).

The files under tests/data/golden/ were written by goalcli before "The house in layers" moved its
modules; the move (and every refactor after it) must not change one byte of what a person sees.
To record a deliberate change of output: GOALCLI_UPDATE_GOLDEN=1 pytest tests -k golden.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from lib.snapshots import Snapshot

# Every test here runs on SQLite and on PostgreSQL (lib/postgres.py): the same results.
pytestmark = pytest.mark.usefixtures("engine")

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"
HISTORY = GOLDEN / "history.json"

# name of the expected-output file -> the command that prints it
CASES: dict[str, tuple[str, ...]] = {
    "demo.txt": ("demo",),
    "report.txt": ("report",),
    "report-all.txt": ("report", "--all"),
    "report.json": ("report", "--format", "json"),
    "report-all.json": ("report", "--all", "--format", "json"),
    "report-goal.json": ("report", "--goal", "2", "--format", "json"),
    "report-since.md": ("report", "--format", "markdown", "--since", "2026-10-29"),
    "report-last-review.md": ("report", "--format", "markdown", "--since", "last-review"),
    "report.md": ("report", "--format", "markdown"),
    "report.html": ("report", "--format", "html"),
    "report-last-review.html": ("report", "--format", "html", "--since", "last-review"),
    "show-1.txt": ("show", "1"),
    "show-1.json": ("show", "1", "--format", "json"),
    "show-3.txt": ("show", "3"),
    "list-all.txt": ("list", "--all"),
    "list-all.json": ("list", "--all", "--format", "json"),
    "export-fhir-history.json": ("export", "--format", "fhir"),
}


@pytest.fixture
def history(goal: Callable[..., Result], snapshot: Snapshot) -> Callable[..., Result]:
    def build() -> None:
        result = goal("import", str(HISTORY))
        assert result.exit_code == 0, result.output

    snapshot("import tests/data/golden/history.json", build)
    return goal


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_is_byte_identical(history: Callable[..., Result], name: str) -> None:
    result = history(*CASES[name], env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    expected = GOLDEN / name
    if os.environ.get("GOALCLI_UPDATE_GOLDEN"):
        expected.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == expected.read_text(encoding="utf-8")
