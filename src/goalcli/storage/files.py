"""Files goalcli writes for the user (reports, exports): created private, written whole."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from goalcli.errors import StorageError

PRIVATE_FILE = 0o600


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` as a 0600 file, replacing it only once the new content is complete."""
    with open_private(path) as handle:
        handle.write(text)


@contextmanager
def open_private(path: Path, *, newline: str | None = None) -> Iterator[IO[str]]:
    """A text handle onto a private partial file beside `path`; renamed onto `path` only when
    the block finishes, so a failure or Ctrl-C half-way leaves `path` as it was."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline=newline) as handle:
            os.fchmod(handle.fileno(), PRIVATE_FILE)  # an existing partial keeps no looser mode
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise StorageError(f"Can't write {path} ({error.strerror or 'error'}).") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


# What goalcli builds beside a database before renaming it in (storage/encryption.py's
# rewrite, backup.py's restore, database.py's new file), and their SQLite companions: named
# `.NAME.PID.KIND`, so one left by a killed process is known by its process being gone.
_STAGED = re.compile(r"(\d+)\.(rewriting|restoring|new)(-journal|-wal|-shm)?")
_WIPE_CHUNK = 1 << 20


def remove_stale_copies(database: Path) -> list[Path]:
    """Remove the copies a killed goalcli left beside `database` (a decrypted copy is plain
    SQLite): each is overwritten with zeros first, unless it is an encrypted database, then
    unlinked. A copy whose process still runs is left to it. Returns what was removed; a file
    that can't be removed is left (the next command tries again)."""
    prefix = f".{database.name}."
    try:
        entries = [entry for entry in os.scandir(database.parent) if entry.name.startswith(prefix)]
    except OSError:
        return []
    removed = []
    for entry in entries:
        found = _STAGED.fullmatch(entry.name[len(prefix) :])
        if found is None or _running(int(found[1])):
            continue
        stale = Path(entry.path)
        try:
            if not (found[3] is None and _looks_encrypted(stale)):
                _overwrite(stale)
            stale.unlink()
        except OSError:
            continue
        removed.append(stale)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process (permission): running
        return True
    return True


def _looks_encrypted(path: Path) -> bool:
    """Not plain SQLite and whole 512-byte pages: an encrypted database (or random bytes)."""
    with path.open("rb") as handle:
        header = handle.read(16)
    size = path.stat().st_size
    return header != b"SQLite format 3\x00" and size > 0 and size % 512 == 0


def _overwrite(path: Path) -> None:
    """Zeros over the whole file, synced, so its plain pages don't outlive its name (on an SSD
    or a copy-on-write file system old blocks may survive anyway; see README "Your data")."""
    descriptor = os.open(path, os.O_WRONLY | os.O_NOFOLLOW)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_nlink > 1:
            # Another name holds it too (a new database linked in just before the kill):
            # removing this name is all; the zeros would land in that file.
            return
        left = status.st_size
        zeros = bytes(min(left, _WIPE_CHUNK))
        while left > 0:
            left -= os.write(descriptor, zeros[: min(left, _WIPE_CHUNK)])
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
