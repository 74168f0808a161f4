"""Files goalcli writes for the user (reports, exports): created private, written whole."""

from __future__ import annotations

import os
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
