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


def pytest_configure(config: object) -> None:
    """Ctrl-C at Python's default for the whole run. A shell without job control (`pytest &`
    in a script, some CI runners) starts a background job with SIGINT ignored, and every
    process the job starts inherits that: goalcli's children would never see the Ctrl-C the
    interrupt tests send, nor this process the one a test sends itself, and each such test
    would fail or wait out its timeout. A person's interactive shell gives Ctrl-C its default;
    so does this (xdist's workers, started after it, inherit it)."""
    import signal

    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
