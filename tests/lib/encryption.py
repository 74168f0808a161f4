"""Encrypted databases in tests: a passphrase command (the way a password manager gives it),
reading an encrypted file behind goalcli's back with SQLCipher, the `encryption` fixture
that runs a robustness suite against an encrypted database as well as a plain one, and the
cheap key derivation the suites use (`real_key_derivation` turns it off for a suite)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

import pytest

# A passphrase that must never show up anywhere goalcli writes or prints (a quote tests the
# PRAGMA key quoting).
PASSPHRASE = "PASS-SENTINEL-7f3a'x"
OTHER_PASSPHRASE = "other-PASS-SENTINEL-91"

# goalcli's test-only setting (storage/probe.py, TEST_KDF_ITER_ENV): tests/conftest.py sets
# it for the whole run, every goal process inherits it. SQLCipher's own count is REAL_KDF_ITER.
TEST_KDF_ITER_ENV = "GOALCLI_TEST_KDF_ITER"
CHEAP_KDF_ITER = 64
REAL_KDF_ITER = 256_000


def pytest_configure(config: pytest.Config) -> None:
    """The whole run (each xdist worker too, and every goal process they start) derives keys
    with CHEAP_KDF_ITER: SQLCipher's 256,000 rounds take about 0.3 s an open, and the suites
    open encrypted databases thousands of times. `real_key_derivation` turns it off."""
    os.environ[TEST_KDF_ITER_ENV] = str(CHEAP_KDF_ITER)


def kdf_iterations() -> int:
    """The PBKDF2 iteration count goalcli uses right now (in this process and those it starts)."""
    return int(os.environ.get(TEST_KDF_ITER_ENV, REAL_KDF_ITER))


@pytest.fixture(scope="module")
def real_key_derivation() -> Iterator[None]:
    """SQLCipher's real key derivation (256,000 iterations) for a whole module, its module
    fixtures and every goal process it starts: the encryption robustness suites run against
    what users get (`pytestmark = pytest.mark.usefixtures("real_key_derivation")`)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(TEST_KDF_ITER_ENV, raising=False)
        yield


def passphrase_script(folder: Path, passphrase: str, name: str = "passphrase") -> Path:
    """A tiny executable printing `passphrase`: GOALCLI_PASSPHRASE_COMMAND points at it."""
    script = folder / name
    quoted = passphrase.replace("'", "'\\''")
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' '{quoted}'\n", encoding="utf-8")
    script.chmod(0o700)
    return script


@pytest.fixture
def passphrase_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """GOALCLI_PASSPHRASE_COMMAND gives PASSPHRASE for this test."""
    script = passphrase_script(tmp_path, PASSPHRASE)
    monkeypatch.setenv("GOALCLI_PASSPHRASE_COMMAND", str(script))
    return script


def keyed(path: Path | str, passphrase: str = PASSPHRASE, **options: object) -> sqlite3.Connection:
    """A SQLCipher connection to the encrypted database at `path` (typed as sqlite3's);
    `options` as for sqlite3.connect."""
    import sqlcipher3  # type: ignore[import-untyped]

    connection: sqlite3.Connection = sqlcipher3.connect(str(path), **options)
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute("PRAGMA key = '" + passphrase.replace("'", "''") + "'")
    if TEST_KDF_ITER_ENV in os.environ:
        connection.execute(f"PRAGMA kdf_iter = {kdf_iterations()}")
    return connection


def encrypted_rows(path: Path, sql: str, passphrase: str = PASSPHRASE) -> list[tuple[object, ...]]:
    connection = keyed(path, passphrase)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


# SQLCipher 4's defaults: 4096-byte pages, each ending in a 16-byte IV and a 64-byte HMAC;
# page 1 starts with the 16-byte salt of the key derivation (PBKDF2-HMAC-SHA512, 256,000
# iterations; kdf_iterations() in the suites that use the cheap one).
PAGE = 4096
RESERVED = 16 + 64


def decrypted_pages(
    path: Path, passphrase: str = PASSPHRASE, iterations: int | None = None
) -> list[bytes]:
    """Every page of the encrypted database at `path` (and the pages in its -wal), decrypted
    the way SQLCipher does but without SQLite: the bytes a page holds, free space and freed
    cells included (what `secure_delete` must have overwritten). The key is derived with
    `iterations` (default: the count goalcli uses now, kdf_iterations())."""
    import hashlib

    algorithms = pytest.importorskip("cryptography.hazmat.primitives.ciphers")
    content = path.read_bytes()
    rounds = kdf_iterations() if iterations is None else iterations
    key = hashlib.pbkdf2_hmac("sha512", passphrase.encode(), content[:16], rounds, 32)

    def decrypt(raw: bytes, first: bool) -> bytes:
        start = 16 if first else 0
        iv = raw[PAGE - RESERVED : PAGE - RESERVED + 16]
        cipher = algorithms.Cipher(algorithms.algorithms.AES(key), algorithms.modes.CBC(iv))
        decryptor = cipher.decryptor()
        return decryptor.update(raw[start : PAGE - RESERVED]) + decryptor.finalize()

    pages = [
        decrypt(content[offset : offset + PAGE], offset == 0)
        for offset in range(0, len(content), PAGE)
    ]
    wal = Path(f"{path}-wal")
    frames = wal.read_bytes()[32:] if wal.exists() else b""  # after the WAL's own header
    for offset in range(0, len(frames) - 24 - PAGE + 1, 24 + PAGE):
        number = int.from_bytes(frames[offset : offset + 4], "big")
        pages.append(decrypt(frames[offset + 24 : offset + 24 + PAGE], number == 1))
    return pages


def is_plain_sqlite(path: Path) -> bool:
    return path.read_bytes()[:16] == b"SQLite format 3\x00"


# Robustness suites run against both: `@BOTH` on a test (or a fixture's test) that takes the
# `encryption` fixture; without it the fixture gives a plain database.
BOTH = pytest.mark.parametrize("encryption", ["plain", "encrypted"], indirect=True)


def plain_and_encrypted(cases: list[Any], encrypted: Collection[str]) -> list[Any]:
    """For `parametrize((NAME, "encryption"), ..., indirect=["encryption"])`: every case of
    `cases` (pytest.param objects with ids) on a plain database, under its own id, and those
    whose id is in `encrypted` on an encrypted one too (`ID-encrypted`). So a suite runs its
    meaningful cases both ways without doubling every loop."""
    both = [pytest.param(*case.values, "plain", id=case.id, marks=case.marks) for case in cases]
    both += [
        pytest.param(*case.values, "encrypted", id=f"{case.id}-encrypted", marks=case.marks)
        for case in cases
        if case.id in encrypted
    ]
    return both


@pytest.fixture
def encryption(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str | None:
    """ "encrypted": GOALCLI_PASSPHRASE_COMMAND gives PASSPHRASE (to this process and every goal
    it starts), and `encrypt_if` encrypts the test's database; returns the passphrase, or None
    for a plain run."""
    if getattr(request, "param", "plain") == "plain":
        return None
    folder = tmp_path / "passphrase-command"
    folder.mkdir(exist_ok=True)
    monkeypatch.setenv("GOALCLI_PASSPHRASE_COMMAND", str(passphrase_script(folder, PASSPHRASE)))
    return PASSPHRASE


def encrypt_if(passphrase: str | None, db_path: Path) -> None:
    """Encrypt the database at `db_path` with `goal encrypt` when the run is an encrypted one."""
    if passphrase is None:
        return
    from lib.processes import goal_process

    done = goal_process("--db", str(db_path), "encrypt")
    assert done.returncode == 0, done.stderr
    assert not is_plain_sqlite(db_path)
