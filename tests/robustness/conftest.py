"""Everything in this folder is marked `robustness`: real processes, real terminals, kills,
races, crash loops, unwritable places, privacy, upgrades and scale. They take minutes, so the
everyday loop leaves them out (`pytest -m "not robustness"`); a plain `pytest` runs them too."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A conftest's hook sees every collected item, not only this folder's.
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.robustness)
