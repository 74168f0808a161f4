"""Where the project's examples, the tests' data files and the bench live."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
BENCH = ROOT / "bench"
DATA = ROOT / "tests" / "data"
MOOD_PLAN = str(EXAMPLES / "elevate-mood.toml")
