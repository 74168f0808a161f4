"""File modes: reading them, the usual umask, and a child that obeys them even as root."""

from __future__ import annotations

import ctypes
import functools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


def mode(path: Path) -> int:
    """The permission bits of a file or folder (0o600, 0o700)."""
    return path.stat().st_mode & 0o777


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask of a user's shell, so tests see the modes goalcli itself sets."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


# --- running as an ordinary user ---------------------------------------------------------------

_PR_CAPBSET_DROP = 24
# CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER: what lets root ignore file modes.
_FILE_MODE_CAPS = (1, 2, 3)


def _drop_file_mode_caps() -> None:  # pragma: no cover - runs in the child, before exec
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in _FILE_MODE_CAPS:
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            os._exit(99)


def obeying_file_modes() -> object:
    """A preexec_fn under which the child obeys file modes as an ordinary user would.

    Root ignores file modes; the venv's Python lives under root's 0700 home, so switching to
    `nobody` cannot run it. Dropping the three capabilities that override file modes from the
    bounding set before exec does the same job: the child is still uid 0 (so it can reach the
    interpreter) but is refused by a 0500 folder or a 0400 file like anyone else.
    """
    if os.geteuid() != 0:
        return None  # an ordinary user already obeys file modes
    if not _can_drop_file_mode_caps():
        pytest.skip("running as root and unable to drop CAP_DAC_OVERRIDE (prctl refused)")
    return _drop_file_mode_caps


@functools.cache
def _can_drop_file_mode_caps() -> bool:
    probe = subprocess.run(
        [sys.executable, "-c", "pass"],
        preexec_fn=_drop_file_mode_caps,
        capture_output=True,
        timeout=30,
    )
    return probe.returncode == 0
