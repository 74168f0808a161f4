"""Issue 17, "Encrypted at rest": encrypt, use, re-key, back up, restore and decrypt a history
with every row kept; wrong, missing and foreign cases refused in one sentence."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from typer.testing import Result

from lib.database import rows
from lib.encryption import (
    CHEAP_KDF_ITER,
    OTHER_PASSPHRASE,
    PASSPHRASE,
    REAL_KDF_ITER,
    TEST_KDF_ITER_ENV,
    decrypted_pages,
    encrypted_rows,
    is_plain_sqlite,
    passphrase_script,
)

Run = Callable[..., Result]
COUNTS = "SELECT (SELECT count(*) FROM goal), (SELECT count(*) FROM step), (SELECT count(*) FROM checkin)"


def _one_sentence(result: Result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("goal: "), result.stderr
    assert PASSPHRASE not in result.output
    return lines[0]


@pytest.fixture
def logged(planned_fast: Run) -> Run:
    result = planned_fast("log", "1", "--value", "12", "--mood", "6", "--note", "walked")
    assert result.exit_code == 0, result.output
    return planned_fast


def test_a_history_encrypted_used_rekeyed_backed_up_restored_and_decrypted_keeps_every_row(
    logged: Run,
    db_path: Path,
    tmp_path: Path,
    passphrase_command: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = rows(db_path, COUNTS)
    result = logged("encrypt")
    assert result.exit_code == 0, result.output
    assert "cannot" not in result.stderr  # the warning about a lost passphrase is for terminals
    assert "old contents can stay readable" in result.output
    assert not is_plain_sqlite(db_path)
    assert (
        not Path(f"{db_path}-wal").exists() or b"walked" not in Path(f"{db_path}-wal").read_bytes()
    )
    assert b"walked" not in db_path.read_bytes()
    assert encrypted_rows(db_path, COUNTS) == before
    assert encrypted_rows(db_path, "PRAGMA application_id")[0][0] == 0x474F414C

    # every command as on a plain database
    assert logged("log", "2", "--value", "1", "--mood", "7").exit_code == 0
    assert "Do one thing" in logged("list").output
    assert logged("report").exit_code == 0
    exported = logged("export")
    assert exported.exit_code == 0 and "plain text" in exported.stderr

    backup = tmp_path / "kept.db"
    assert logged("backup", str(backup)).exit_code == 0
    assert not is_plain_sqlite(backup)
    assert encrypted_rows(backup, COUNTS) == encrypted_rows(db_path, COUNTS)

    new = passphrase_script(tmp_path, OTHER_PASSPHRASE, "new")
    monkeypatch.setenv("GOALCLI_NEW_PASSPHRASE_COMMAND", str(new))
    result = logged("passphrase")
    assert result.exit_code == 0, result.output
    assert _one_sentence(logged("list")).startswith("goal: The passphrase does not open")
    assert encrypted_rows(db_path, COUNTS, OTHER_PASSPHRASE)[0][0] == before[0][0]

    # the backup keeps the passphrase it was made with, and restores with it
    monkeypatch.setenv("GOALCLI_PASSPHRASE_COMMAND", str(new))
    assert logged("step", "add", "1", "another step").exit_code == 0
    monkeypatch.setenv(
        "GOALCLI_PASSPHRASE_COMMAND", str(passphrase_script(tmp_path, PASSPHRASE, "old"))
    )
    refused = logged("restore", "--yes", str(backup))
    assert refused.exit_code == 1  # the current database's passphrase is the other one
    monkeypatch.setenv("GOALCLI_PASSPHRASE_COMMAND", str(new))
    result = logged("restore", "--yes", str(backup))
    assert result.exit_code == 1  # and the backup's is not this one: both must open
    assert backup.exists()

    result = logged("decrypt", "--yes")
    assert result.exit_code == 0, result.output
    assert is_plain_sqlite(db_path)
    assert rows(db_path, "SELECT count(*) FROM checkin") == [(2,)]
    assert rows(db_path, "PRAGMA application_id") == [(0x474F414C,)]


def test_backup_and_restore_of_an_encrypted_database(
    logged: Run, db_path: Path, tmp_path: Path, passphrase_command: Path
) -> None:
    assert logged("encrypt").exit_code == 0
    backup = tmp_path / "kept.db"
    assert logged("backup", str(backup)).exit_code == 0
    assert logged("delete", "1", "--yes").exit_code == 0
    result = logged("restore", "--yes", str(backup))
    assert result.exit_code == 0, result.output
    assert not is_plain_sqlite(db_path)
    assert encrypted_rows(db_path, "SELECT count(*) FROM goal") == [(2,)]
    kept = [path for path in (db_path.parent / "backups").iterdir()]
    assert kept and not any(is_plain_sqlite(path) for path in kept)


def test_a_wrong_passphrase_is_one_sentence_and_changes_nothing(
    logged: Run,
    db_path: Path,
    tmp_path: Path,
    passphrase_command: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert logged("encrypt").exit_code == 0
    before = db_path.read_bytes()
    monkeypatch.setenv("GOALCLI_PASSPHRASE_COMMAND", str(passphrase_script(tmp_path, "wrong", "w")))
    for args in (
        ("list",),
        ("log", "1", "--value", "3"),
        ("backup",),
        ("export",),
        ("decrypt", "-y"),
    ):
        result = logged(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "The passphrase does not open" in _one_sentence(result)
    assert db_path.read_bytes() == before


def test_no_passphrase_source_and_no_terminal(
    logged: Run, db_path: Path, passphrase_command: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert logged("encrypt").exit_code == 0
    monkeypatch.delenv("GOALCLI_PASSPHRASE_COMMAND")
    result = logged("list")
    assert result.exit_code == 1
    assert "is encrypted and there is no passphrase" in _one_sentence(result)


def test_a_failing_passphrase_command(
    logged: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOALCLI_PASSPHRASE_COMMAND", "exit 3")
    result = logged("encrypt")
    assert result.exit_code == 1
    assert "failed (exit 3)" in _one_sentence(result)


# {say} prints the passphrase and a line break (a script: it holds a quote).
FLOOD = "{say}; yes '{say}'"
LONG_LINE = "{say} | tr -d '\\n'; head -c 2000 /dev/zero | tr '\\0' x"


@pytest.mark.parametrize(
    ("command", "said"),
    [
        pytest.param("sleep 30", "gave no answer within 1.5 seconds", id="hangs"),
        pytest.param(
            "{say}; exec sleep 30", "gave no answer within 1.5 seconds", id="answers-then-hangs"
        ),
        pytest.param(FLOOD, "printed more than 64 KiB", id="floods"),
        pytest.param(LONG_LINE, "printed a first line longer than 1024 bytes", id="long-line"),
        pytest.param("{say}; exit 4", "failed (exit 4)", id="fails"),
    ],
)
def test_a_passphrase_command_that_hangs_floods_or_fails_is_one_sentence(
    logged: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, command: str, said: str
) -> None:
    """Waits at most COMMAND_TIMEOUT (10 s; shortened here, tests/robustness has the real one),
    reads at most the first 1 KiB line, and never repeats what the command printed."""
    import time

    from goalcli.storage import passphrase

    monkeypatch.setattr(passphrase, "COMMAND_TIMEOUT", 1.5)
    say = passphrase_script(tmp_path, PASSPHRASE)
    monkeypatch.setenv("GOALCLI_PASSPHRASE_COMMAND", command.format(say=say))
    began = time.monotonic()
    result = logged("encrypt")
    assert time.monotonic() - began < 6
    assert result.exit_code == 1
    assert said in _one_sentence(result)


def test_only_the_first_line_of_a_chatty_passphrase_command_is_the_passphrase(
    logged: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A password manager's entry: the passphrase, then its own notes (CRLF line ends too).
    say = passphrase_script(tmp_path, PASSPHRASE)
    monkeypatch.setenv(
        "GOALCLI_PASSPHRASE_COMMAND", f"{say} | sed 's/$/\\r/'; printf 'user: me\\nurl: x\\n'"
    )
    assert logged("encrypt").exit_code == 0
    assert encrypted_rows(db_path, "SELECT count(*) FROM goal") == [(2,)]


def test_status_never_waits_for_a_hanging_passphrase_command(
    logged: Run, db_path: Path, passphrase_command: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shell prompt's line: at most 1 s, and the command's own chatter is not shown."""
    import time

    assert logged("encrypt").exit_code == 0
    monkeypatch.setenv("GOALCLI_PASSPHRASE_COMMAND", "echo unlocking... >&2; sleep 30")
    began = time.monotonic()
    result = logged("status", "--short")
    assert time.monotonic() - began < 3
    assert result.exit_code == 1 and result.stdout == ""
    assert "unlocking" not in result.stderr
    _one_sentence(result)


def test_completion_never_runs_a_passphrase_command(
    logged: Run, passphrase_command: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """At every Tab: an encrypted database completes to nothing, at once, in silence (a guard:
    completion reads only plain files, see storage/glance.goal_titles)."""
    import time

    assert logged("encrypt").exit_code == 0
    ran = tmp_path / "ran"
    monkeypatch.setenv("GOALCLI_PASSPHRASE_COMMAND", f"touch {ran}; echo asking >&2; sleep 30")
    began = time.monotonic()
    result = logged(env={"_GOAL_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "goal show "})
    assert time.monotonic() - began < 1
    assert result.exit_code == 0 and result.stderr == ""
    assert "Walk" not in result.stdout and not ran.exists()


def test_a_foreign_file_of_whole_pages_is_refused_untouched(
    goal: Run, db_path: Path, passphrase_command: Path
) -> None:
    db_path.parent.mkdir(parents=True)
    content = os.urandom(8192)
    db_path.write_bytes(content)
    for args in (("list",), ("log", "1", "--value", "3"), ("backup",), ("encrypt",)):
        result = goal(*args)
        assert result.exit_code in (1, 2), (args, result.output)
        _one_sentence(result)
    assert db_path.read_bytes() == content
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["goals.db"]


def test_intake_encrypt_starts_an_encrypted_database(
    goal: Run, db_path: Path, passphrase_command: Path
) -> None:
    from lib.paths import EXAMPLES

    result = goal("intake", "--encrypt", "--answers", str(EXAMPLES / "elevate-mood.toml"))
    assert result.exit_code == 0, result.output
    assert not is_plain_sqlite(db_path)
    assert encrypted_rows(db_path, "SELECT count(*) FROM goal") == [(2,)]
    assert oct(db_path.stat().st_mode & 0o777) == "0o600"


def test_intake_encrypt_on_a_plain_database_is_refused_before_any_question(
    logged: Run, passphrase_command: Path
) -> None:
    result = logged("intake", "--encrypt")
    assert result.exit_code == 2
    assert "goal encrypt" in _one_sentence(result)


def test_add_encrypt_with_no_database_starts_an_encrypted_one_holding_the_goal(
    goal: Run, db_path: Path, passphrase_command: Path
) -> None:
    result = goal("add", "--encrypt", "--template", "elevate-mood", "--confidence", "6")
    assert result.exit_code == 0, result.output
    assert "Added goal 1." in result.output
    assert not is_plain_sqlite(db_path)
    assert encrypted_rows(db_path, "SELECT count(*), min(intake_id) FROM goal") == [(1, None)]
    assert oct(db_path.stat().st_mode & 0o777) == "0o600"
    # On an encrypted database it adds as `goal add` does; every later command opens it.
    again = goal("add", "--encrypt", "--template", "elevate-mood", "--confidence", "7")
    assert again.exit_code == 0, again.output
    assert "Added goal 2." in again.output
    assert goal("list").exit_code == 0


def test_add_encrypt_creates_a_new_profile_only_with_yes(
    goal: Run, tmp_path: Path, passphrase_command: Path
) -> None:
    profile = tmp_path / "xdg" / "goalcli" / "profiles" / "ana.db"
    args = ("--profile", "ana", "add", "--encrypt", "--template", "elevate-mood")
    refused = goal(*args, "--confidence", "6")
    assert refused.exit_code == 2
    assert "add --yes to create it" in _one_sentence(refused)
    assert not profile.exists()
    result = goal(*args, "--confidence", "6", "--yes")
    assert result.exit_code == 0, result.output
    assert not is_plain_sqlite(profile)
    assert encrypted_rows(profile, "SELECT count(*) FROM goal") == [(1,)]


def test_add_without_encrypt_still_needs_a_plan_and_on_a_plain_one_encrypt_is_refused(
    goal: Run, logged: Run, db_path: Path, tmp_path: Path, passphrase_command: Path
) -> None:
    other = tmp_path / "none-yet.db"
    plain = goal("--db", str(other), "add", "--template", "elevate-mood", "--confidence", "6")
    assert plain.exit_code == 1
    assert not other.exists()
    before = db_path.read_bytes()
    result = logged("add", "--encrypt", "--template", "elevate-mood", "--confidence", "6")
    assert result.exit_code == 2
    assert "goal encrypt" in _one_sentence(result)
    assert db_path.read_bytes() == before


def test_status_and_the_reminder_read_an_encrypted_database_through_its_passphrase_command(
    logged: Run, db_path: Path, passphrase_command: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`goal status` (a shell prompt's line) and the reminder's check read it without SQLAlchemy;
    encrypted, through the passphrase command, never a prompt."""
    assert logged("encrypt").exit_code == 0
    assert logged("status").output == "✓ logged today\n"
    assert logged("remind", "--notify").output == "Already checked in today.\n"
    monkeypatch.setenv("GOALCLI_TODAY", "2026-11-27")
    assert logged("status", "--short").output == "○\n"
    monkeypatch.delenv("GOALCLI_PASSPHRASE_COMMAND")
    result = logged("status")
    assert result.exit_code == 1
    assert "no passphrase command" in _one_sentence(result)


def test_a_plain_backup_restored_over_an_encrypted_database_is_encrypted_too(
    logged: Run, db_path: Path, tmp_path: Path, passphrase_command: Path
) -> None:
    """A backup made before `goal encrypt` brings back its rows, not the plain file: an
    encrypted database never turns plain behind the person's back."""
    plain_backup = tmp_path / "before-encrypting.db"
    assert logged("backup", str(plain_backup)).exit_code == 0
    assert logged("encrypt").exit_code == 0
    assert logged("log", "2", "--value", "1").exit_code == 0  # after the backup

    result = logged("restore", "--yes", str(plain_backup))

    assert result.exit_code == 0, result.output
    assert not is_plain_sqlite(db_path)
    assert encrypted_rows(db_path, "SELECT count(*) FROM checkin") == [(1,)]
    [kept] = (db_path.parent / "backups").iterdir()  # the safety copy of what was replaced
    assert encrypted_rows(kept, "SELECT count(*) FROM checkin") == [(2,)]
    assert is_plain_sqlite(plain_backup)  # the backup itself is left as it was


def test_remember_without_a_keyring_says_so(logged: Run, passphrase_command: Path) -> None:
    assert logged("encrypt").exit_code == 0
    result = logged("passphrase", "--remember")
    assert result.exit_code == 1
    assert "no usable keyring" in _one_sentence(result)


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.stored: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.stored.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.stored[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        del self.stored[(service, username)]


def test_remember_puts_it_in_the_keyring_and_decrypt_forgets_it(
    logged: Run, passphrase_command: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert logged("encrypt").exit_code == 0
    memory = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(memory)
    try:
        assert logged("passphrase", "--remember").exit_code == 0
        assert list(memory.stored.values()) == [PASSPHRASE]
        monkeypatch.delenv("GOALCLI_PASSPHRASE_COMMAND")
        assert "Do one thing" in logged("list").output  # from the keyring, no prompt
        assert logged("decrypt", "--yes").exit_code == 0
        assert memory.stored == {}
    finally:
        keyring.set_keyring(previous)


def test_profiles_show_encrypted_ones_as_locked_without_a_passphrase_command(
    goal: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lib.paths import EXAMPLES

    script = passphrase_script(tmp_path, PASSPHRASE)
    monkeypatch.setenv("GOALCLI_PASSPHRASE_COMMAND", str(script))
    answers = str(EXAMPLES / "elevate-mood.toml")
    assert (
        goal("--profile", "ana", "intake", "--yes", "--encrypt", "--answers", answers).exit_code
        == 0
    )
    assert goal("--profile", "ben", "intake", "--yes", "--answers", answers).exit_code == 0
    shown = goal("profiles", "--format", "json").output
    assert '"goals": 2' in shown and '"problem": "locked"' not in shown
    monkeypatch.delenv("GOALCLI_PASSPHRASE_COMMAND")
    shown = goal("profiles", "--format", "json").output
    assert shown.count('"problem": "locked"') == 1


def test_caseload_opens_encrypted_profiles_by_command_or_shows_them_locked(
    goal: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from lib.paths import EXAMPLES

    script = passphrase_script(tmp_path, PASSPHRASE)
    monkeypatch.setenv("GOALCLI_PASSPHRASE_COMMAND", str(script))
    answers = str(EXAMPLES / "elevate-mood.toml")
    assert (
        goal("--profile", "ana", "intake", "--yes", "--encrypt", "--answers", answers).exit_code
        == 0
    )
    rows = json.loads(goal("caseload", "--format", "json").output)["profiles"]
    assert [(row["profile"], row["state"], row["goals_active"]) for row in rows] == [
        ("ana", "ok", 2)
    ]
    # An encrypted profile can be renamed; it opens with the same passphrase under its new name.
    assert goal("profile", "rename", "ana", "ana-b").exit_code == 0
    assert "Do one thing" in goal("--profile", "ana-b", "list").output
    monkeypatch.delenv("GOALCLI_PASSPHRASE_COMMAND")
    [row] = json.loads(goal("caseload", "--format", "json").output)["profiles"]
    assert row["state"] == "locked"
    assert row["reasons"] == ["locked: set GOALCLI_PASSPHRASE_COMMAND to include it"]


def test_a_plain_passphrase_command_runs_without_a_shell_and_a_shell_line_with_one(
    logged: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import subprocess

    shells: list[bool] = []
    real_popen = subprocess.Popen

    def popen(*args: object, **kwargs: object) -> object:
        shells.append(bool(kwargs.get("shell")))
        return real_popen(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "Popen", popen)
    script = passphrase_script(tmp_path, PASSPHRASE)
    # A plain command line (a path and words): started directly, no /bin/sh start-up each time.
    monkeypatch.setenv("GOALCLI_PASSPHRASE_COMMAND", f"{script} --ignored-argument")
    assert logged("encrypt").exit_code == 0
    assert "Do one thing" in logged("list").output
    # Shell syntax (a pipe, a variable) still works, through the shell.
    monkeypatch.setenv("GOALCLI_PASSPHRASE_COMMAND", f'{script} | head -n "${{LINES:-1}}"')
    assert "Do one thing" in logged("list").output
    assert shells == [False, False, True]


def test_encrypt_and_decrypt_leave_the_database_in_wal_mode(
    logged: Run, db_path: Path, passphrase_command: Path
) -> None:
    # In rollback-journal mode the next goalcli must switch it back, which needs the file to
    # itself: a reader would then fail while another program holds the write lock.
    assert logged("encrypt").exit_code == 0
    assert encrypted_rows(db_path, "PRAGMA journal_mode") == [("wal",)]
    assert logged("decrypt", "--yes").exit_code == 0
    assert db_path.read_bytes()[18:20] == b"\x02\x02"  # the header's WAL marks


def test_a_backup_made_before_a_passphrase_change_says_it_needs_the_old_one(
    logged: Run, db_path: Path, tmp_path: Path, passphrase_command: Path
) -> None:
    assert logged("encrypt").exit_code == 0
    old_backup = tmp_path / "before-change.db"
    assert logged("backup", str(old_backup)).exit_code == 0
    new = passphrase_script(tmp_path, OTHER_PASSPHRASE, "new")
    changed = logged("passphrase", env={"GOALCLI_NEW_PASSPHRASE_COMMAND": str(new)})
    assert changed.exit_code == 0, changed.output
    before = db_path.read_bytes()
    result = logged(
        "restore", "--yes", str(old_backup), env={"GOALCLI_PASSPHRASE_COMMAND": str(new)}
    )
    assert result.exit_code == 1
    sentence = _one_sentence(result)
    assert "made before the passphrase was changed needs the old one" in sentence
    assert "at a terminal" in sentence
    assert db_path.read_bytes() == before


def test_profiles_show_a_profile_the_command_does_not_open_as_locked(
    goal: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lib.paths import EXAMPLES

    answers = str(EXAMPLES / "elevate-mood.toml")
    monkeypatch.setenv("GOALCLI_PASSPHRASE_COMMAND", str(passphrase_script(tmp_path, PASSPHRASE)))
    assert (
        goal("--profile", "ana", "intake", "--yes", "--encrypt", "--answers", answers).exit_code
        == 0
    )
    wrong = passphrase_script(tmp_path, OTHER_PASSPHRASE, "wrong")
    monkeypatch.setenv("GOALCLI_PASSPHRASE_COMMAND", str(wrong))
    result = goal("profiles", "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.output.count('"problem": "locked"') == 1
    assert "not readable" not in result.output


def test_the_suites_derive_keys_with_the_test_only_iteration_count(
    logged: Run, db_path: Path, tmp_path: Path, passphrase_command: Path
) -> None:
    """tests/conftest.py sets GOALCLI_TEST_KDF_ITER: the key of a database goalcli writes (and
    of the copy `goal passphrase` rewrites) is derived with that cheap count, not 256,000."""
    assert os.environ[TEST_KDF_ITER_ENV] == str(CHEAP_KDF_ITER)
    assert logged("encrypt").exit_code == 0
    schema = b"CREATE TABLE checkin"
    assert any(schema in page for page in decrypted_pages(db_path, iterations=CHEAP_KDF_ITER))
    assert not any(schema in page for page in decrypted_pages(db_path, iterations=REAL_KDF_ITER))
    with pytest.MonkeyPatch.context() as patch:
        new = passphrase_script(tmp_path, OTHER_PASSPHRASE, "new")
        patch.setenv("GOALCLI_NEW_PASSPHRASE_COMMAND", str(new))
        assert logged("passphrase").exit_code == 0
    rekeyed = decrypted_pages(db_path, OTHER_PASSPHRASE, iterations=CHEAP_KDF_ITER)
    assert any(schema in page for page in rekeyed)


@pytest.mark.parametrize("value", ["0", "many", "-5", "１２"])
def test_a_malformed_test_only_iteration_count_is_refused_before_any_key_is_derived(
    logged: Run, db_path: Path, passphrase_command: Path, value: str
) -> None:
    assert logged("encrypt").exit_code == 0
    before = db_path.read_bytes()
    result = logged("log", "1", "--value", "3", env={TEST_KDF_ITER_ENV: value})
    assert result.exit_code == 2, result.output
    assert f"{TEST_KDF_ITER_ENV} must be a whole number" in _one_sentence(result)
    assert db_path.read_bytes() == before
