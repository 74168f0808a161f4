"""Every test, in every tier, runs against its own temporary database and a fixed today.

The fixtures and shared pieces live in tests/lib/ (one job a module, see its __init__); the
ones holding fixtures load here as plugins. tests/ is on sys.path (pyproject's `pythonpath`),
so a suite imports what it uses as `from lib.writers import WRITERS`.

lib.encryption also sets goalcli's test-only cheap SQLCipher key derivation for the whole run
(GOALCLI_TEST_KDF_ITER, see docs/development.md); the encryption robustness suites turn it off.
"""

from __future__ import annotations

pytest_plugins = [
    "lib.fixtures",
    "lib.files",
    "lib.writers",
    "lib.encryption",
    "lib.postgres",
    "lib.snapshots",
]
