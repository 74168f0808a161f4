"""Files goalcli writes for the user (reports, exports): created private, written whole, and
never onto goalcli's own data (`check_output`, the one guard every `--output` goes through)."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from goalcli.errors import InputError, StorageError, quote

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
    _remove_stale_partials(path)
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


_PARTIAL = re.compile(r"(\d+)\.partial")


def _remove_stale_partials(path: Path) -> None:
    """The partial files a killed goalcli left beside `path` (kill -9 gives no chance to remove
    them; they hold plain text): overwritten with zeros, then removed. One whose process still
    runs is left to it; one that can't be removed is left for the next write."""
    prefix = f".{path.name}."
    try:
        entries = [e for e in os.scandir(path.parent) if e.name.startswith(prefix)]
    except OSError:
        return
    for entry in entries:
        found = _PARTIAL.fullmatch(entry.name[len(prefix) :])
        if found is None or _running(int(found[1])):
            continue
        try:
            _overwrite(Path(entry.path))
            os.unlink(entry.path)
        except OSError:
            continue


# What an output may never land on (docs/your-data.md). The first bytes of SQLite's own files:
# a database, its write-ahead log (two byte orders) and its rollback journal.
SQLITE_HEADER = b"SQLite format 3\x00"
_WAL_HEADERS = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
_JOURNAL_HEADER = b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7"
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")
# An encrypted database (SQLCipher) is whole 512-byte pages of what looks like random bytes.
_ENCRYPTED_PAGE_MULTIPLE = 512


def check_output(
    path: Path,
    *,
    databases: Iterable[Path] = (),
    data_dir: Path | None = None,
    door: str = "--output",
    data_folders: bool = False,
) -> Path:
    """The one decision on where goalcli may write a file it was asked for (`--output`): never
    onto data. Refused (InputError, exit 2, nothing written): each of `databases` (the one in
    use) and its -wal/-shm/-journal, also through a symlink or a hard link; any file that is a
    SQLite database, journal or log, or may be an encrypted goalcli database; anything inside
    goalcli's data directory (profiles, backups) or a database's backups folder; a folder or
    anything else that is not a regular file; a name with a control character. Returns `path` when it may be written (created,
    or replaced whole by `open_private`).

    `door` names the option or command in the sentences; a backup (`data_folders`), made to
    live beside the data, may go into the data folders but never onto a database's files."""
    shown = quote(path)
    if any(ord(character) < 32 or ord(character) == 127 for character in str(path)):
        # A newline or an escape in a file name is a slip (or a trap), never a report's name.
        raise InputError(
            f"{door} {shown} has a control character (a newline?) in its name; nothing was written."
        )
    given = Path(os.path.abspath(path))  # the name itself (a link is replaced, not followed)
    target = given.resolve()  # where it leads: symlinks followed, ".." taken away
    names = (given, target)
    in_use = [Path(os.path.abspath(database)) for database in databases]
    _refuse_the_database_in_use(names, in_use, f"{door} {shown}")
    if not data_folders:
        _refuse_the_data_folders(names, in_use, data_dir, f"{door} {shown}")
    _refuse_what_is_not_a_file(names, f"{door} {shown}")
    for name in names:
        base = _companion_of(name)
        if looks_like_database(name) or (base is not None and looks_like_database(base)):
            raise InputError(
                f"{door} {shown} holds a database (or one of its files), which a report "
                "or an export must never replace; choose another file (nothing was written)."
            )
    return path


def _refuse_the_database_in_use(names: tuple[Path, Path], in_use: list[Path], what: str) -> None:
    """Neither the name nor where it leads is a database in use or one of its files, also
    through a symlink or a hard link."""
    protected = [
        Path(f"{database}{suffix}") for database in in_use for suffix in ("", *COMPANION_SUFFIXES)
    ]
    for name in names:
        for kept in protected:
            if name == kept or name == kept.resolve() or _same_file(name, kept):
                raise InputError(
                    f"{what} is the database in use (or one of its files); "
                    "choose another file (nothing was written)."
                )


def _refuse_the_data_folders(
    names: tuple[Path, Path], in_use: list[Path], data_dir: Path | None, what: str
) -> None:
    """Nothing inside goalcli's data directory or a database's backups folder."""
    from goalcli.storage.paths import default_data_dir

    folders = [Path(os.path.abspath(data_dir if data_dir is not None else default_data_dir()))]
    folders += [database.parent / "backups" for database in in_use]
    for folder in folders:
        for name in names:
            if name.is_relative_to(folder) or name.is_relative_to(folder.resolve()):
                raise InputError(
                    f"{what} is inside goalcli's data folder {folder} (its databases "
                    "and backups); choose a file elsewhere (nothing was written)."
                )


def _refuse_what_is_not_a_file(names: tuple[Path, Path], what: str) -> None:
    """A folder, or anything else that is not a regular file (a FIFO, a device)."""
    for name in names:
        if name.is_dir():
            raise InputError(f"{what} is a folder; name a file (nothing was written).")
    if names[1].exists() and not names[1].is_file():
        raise InputError(f"{what} is not a regular file; name a file (nothing was written).")


def looks_like_database(path: Path) -> bool:
    """True when `path` is a SQLite database, its journal or log, or may be an encrypted one
    (whole pages, not plain SQLite, not text: only a passphrase could tell it from random
    bytes, so anything binary in pages is kept). Reads the first page only."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
        size = path.stat().st_size
    except OSError:  # missing, unreadable: nothing there to protect that we could recognise
        return False
    if head.startswith(SQLITE_HEADER) or head.startswith(_JOURNAL_HEADER):
        return True
    if head[:4] in _WAL_HEADERS:
        return True
    if size == 0 or size % _ENCRYPTED_PAGE_MULTIPLE:
        return False
    return not _is_text(head)


def _is_text(head: bytes) -> bool:
    """A report or an export (UTF-8 text); a page cut mid-character still counts as text."""
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 3  # only the last character was cut off
    return True


def _companion_of(path: Path) -> Path | None:
    """The database a -wal, -shm or -journal file belongs to (by its name), or None."""
    for suffix in COMPANION_SUFFIXES:
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            return path.with_name(path.name.removesuffix(suffix))
    return None


def _same_file(first: Path, second: Path) -> bool:
    """Both names lead to one file (a hard link, or a link through another folder)."""
    try:
        one, other = first.stat(), second.stat()
    except OSError:
        return False
    return (one.st_dev, one.st_ino) == (other.st_dev, other.st_ino)


def write_output(path: Path, text: str, *, databases: Iterable[Path] = ()) -> None:
    """`text` to the output file `path`, once check_output allows it (private, whole)."""
    check_output(path, databases=databases)
    write_private(path, text)


@contextmanager
def open_output(
    path: Path, *, databases: Iterable[Path] = (), newline: str | None = None
) -> Iterator[IO[str]]:
    """open_private onto the output file `path`, once check_output allows it."""
    check_output(path, databases=databases)
    with open_private(path, newline=newline) as handle:
        yield handle


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
    or a copy-on-write file system old blocks may survive anyway; see docs/your-data.md)."""
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
