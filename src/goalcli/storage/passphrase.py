"""Where the passphrase of an encrypted database comes from, in this order:

1. GOALCLI_PASSPHRASE_COMMAND: a command whose first output line is the passphrase (run
   directly when it is a plain command line, by the shell when it uses the shell's syntax), run with the profile name in GOALCLI_PROFILE, the way git's credential helpers
   and password managers work. There is deliberately no variable holding the passphrase itself.
2. The operating system's keyring, when the person chose `goal passphrase --remember`
   (optional dependency `keyring`).
3. A prompt at a terminal (three tries), read without echo from the terminal itself.

The passphrase is only ever held in memory: it is never put in a message, an argument list, an
environment variable or a file. Standard library only at import time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from goalcli.errors import InputError, StorageError

COMMAND_ENV = "GOALCLI_PASSPHRASE_COMMAND"
# For `goal passphrase` without a terminal: a command giving the new passphrase.
NEW_COMMAND_ENV = "GOALCLI_NEW_PASSPHRASE_COMMAND"
KEYRING_SERVICE = "goalcli"
PROMPT_TRIES = 3
NEEDS_EXTRA = (
    "Encryption needs goalcli's optional part: install it with "
    "`pip install 'goalcli[encryption]'` (or `pipx inject goalcli sqlcipher3 keyring`)."
)


def _profile_name(path: Path) -> str:
    """What a passphrase command sees in GOALCLI_PROFILE: the profile (the file's name)."""
    return path.name.removesuffix(".db")


# Characters that give a command line meaning only a shell knows (pipes, variables, quotes,
# globs, redirections): such a command runs through /bin/sh, any other directly.
SHELL_SYNTAX = frozenset("|&;<>()$`\\\"'*?[]{}~#=%!\n")


def _plain_words(command: str) -> list[str] | None:
    """The command as an argument list when it needs no shell: every goalcli start on an
    encrypted database runs it, and a shell adds its own start-up to each one."""
    if SHELL_SYNTAX.isdisjoint(command):
        return command.split() or None
    return None


COMMAND_TIMEOUT = 10.0
"""Seconds a passphrase command may take (a password manager unlocking included)."""
QUICK_TIMEOUT = 1.0
"""Seconds it may take for `goal status` (a shell prompt's line) and the reminder's glance."""
FIRST_LINE_LIMIT = 1024
"""Bytes of its first line read at most: a passphrase, never a flood."""
OUTPUT_LIMIT = 64 * 1024
"""Bytes of output after the first line drained (and discarded) at most before giving up."""


def _run_command(
    command: str,
    path: Path,
    variable: str,
    *,
    timeout: float | None = None,
    quiet: bool = False,
) -> str:
    """The first line the command prints: read at most FIRST_LINE_LIMIT bytes of it, the rest
    of its output discarded; a command that runs past `timeout` (COMMAND_TIMEOUT), floods or
    fails is StorageError
    (one sentence, never its output). `quiet`: its stderr goes nowhere (a shell prompt's line)."""

    def start(argv: list[str] | str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            argv,
            shell=isinstance(argv, str),
            stdin=subprocess.DEVNULL,  # the command's own prompts use the terminal, not our input
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL if quiet else None,
            env={**os.environ, "GOALCLI_PROFILE": _profile_name(path)},
        )

    words = _plain_words(command)
    try:
        try:
            process = start(words if words is not None else command)
        except FileNotFoundError:
            if words is None:
                raise
            process = start(command)  # a shell builtin or function name: the shell knows it
    except OSError:
        raise StorageError(f"The passphrase command in {variable} could not be run.") from None
    try:
        first, problem = _first_line(process, timeout or COMMAND_TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()  # its own children may live on; they lose their output pipe
        assert process.stdout is not None
        process.stdout.close()
        process.wait()
    if problem is not None:
        raise StorageError(f"The passphrase command in {variable} {problem}; nothing was changed.")
    if process.returncode != 0:
        raise StorageError(
            f"The passphrase command in {variable} failed (exit {process.returncode}); "
            "nothing was changed."
        )
    passphrase = first.decode("utf-8", errors="replace").rstrip("\r")
    if not passphrase:
        raise StorageError(
            f"The passphrase command in {variable} printed no passphrase; nothing was changed."
        )
    return passphrase


def _first_line(process: subprocess.Popen[bytes], timeout: float) -> tuple[bytes, str | None]:
    """The first line `process` prints (without its newline), having waited for it to end
    (its output drained) within `timeout` seconds; or what went wrong, in words."""
    import selectors
    import time

    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    descriptor = process.stdout.fileno()
    first = bytearray()
    ended_line = False
    drained = 0
    with selectors.DefaultSelector() as selector:
        selector.register(descriptor, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                return b"", f"gave no answer within {timeout:g} seconds"
            chunk = os.read(descriptor, 4096)
            if not chunk:
                break
            if ended_line:
                drained += len(chunk)
            else:
                line, newline, rest = chunk.partition(b"\n")
                first += line
                ended_line = bool(newline)
                drained += len(rest)
            if len(first) > FIRST_LINE_LIMIT:
                return b"", f"printed a first line longer than {FIRST_LINE_LIMIT} bytes"
            if drained > OUTPUT_LIMIT:
                return b"", f"printed more than {OUTPUT_LIMIT // 1024} KiB"
    try:
        process.wait(max(deadline - time.monotonic(), 0.001))
    except subprocess.TimeoutExpired:
        return b"", f"gave no answer within {timeout:g} seconds"
    return bytes(first), None


def from_command(path: Path, *, quick: bool = False) -> str | None:
    """The passphrase command's answer (None without one); `quick`: for a glance that must not
    hold up a shell prompt (QUICK_TIMEOUT, the command's stderr silenced)."""
    command = os.environ.get(COMMAND_ENV)
    if not command:
        return None
    if quick:
        return _run_command(command, path, COMMAND_ENV, timeout=QUICK_TIMEOUT, quiet=True)
    return _run_command(command, path, COMMAND_ENV)


def keyring_account(path: Path) -> str:
    return str(path.expanduser().resolve())


def _usable_keyring() -> object | None:
    """The keyring module when it is installed and this machine has a real keyring."""
    try:
        import keyring
        from keyring.backends import fail, null
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration is no keyring
        return None
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None
    return keyring


def from_keyring(path: Path) -> str | None:
    keyring = _usable_keyring()
    if keyring is None:
        return None
    try:
        found = keyring.get_password(KEYRING_SERVICE, keyring_account(path))  # type: ignore[attr-defined]
    except Exception:  # locked, dismissed or broken: fall through to the next source
        return None
    return found if isinstance(found, str) and found else None


def remember(path: Path, passphrase: str) -> None:
    keyring = _usable_keyring()
    if keyring is None:
        raise StorageError(
            "There is no usable keyring on this machine (or the `keyring` package is missing), "
            "so the passphrase was not remembered; use GOALCLI_PASSPHRASE_COMMAND or type it."
        )
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_account(path), passphrase)  # type: ignore[attr-defined]
    except Exception:
        raise StorageError(
            "The keyring refused to store the passphrase; nothing was kept."
        ) from None


def forget(path: Path) -> bool:
    """Remove a remembered passphrase; True when there was one."""
    keyring = _usable_keyring()
    if keyring is None:
        return False
    try:
        keyring.delete_password(KEYRING_SERVICE, keyring_account(path))  # type: ignore[attr-defined]
    except Exception:  # nothing was stored
        return False
    return True


def is_remembered(path: Path) -> bool:
    return from_keyring(path) is not None


def at_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _ask(question: str) -> str:
    import getpass

    # getpass reads from the terminal itself, without echo; Ctrl-C ends the command (130).
    return getpass.getpass(question)


@dataclass
class Passphrases:
    """The passphrase sources for one command; `candidates` yields what to try, in order."""

    interactive: bool = True
    # Only the prompt: for a backup made with an earlier passphrase, which the command and
    # the keyring (holding the current one) can't give.
    prompt_only: bool = False
    # For a glance (`goal status`, the reminder): the passphrase command gets QUICK_TIMEOUT and
    # its stderr is silenced.
    quick: bool = False

    def candidates(self, path: Path) -> Iterator[str]:
        if self.prompt_only:
            yield from self._prompts(path)
            return
        from_env = from_command(path, quick=self.quick)
        if from_env is not None:
            yield from_env
            return
        remembered = from_keyring(path)
        if remembered is not None:
            yield remembered
            return
        if not (self.interactive and at_terminal()):
            raise StorageError(
                f"{path} is encrypted and there is no passphrase: set {COMMAND_ENV}, run "
                "`goal passphrase --remember` once, or run goal in a terminal."
            )
        yield from self._prompts(path)

    def _prompts(self, path: Path) -> Iterator[str]:
        for attempt in range(PROMPT_TRIES):
            if attempt:
                print("That passphrase does not open it; try again.", file=sys.stderr)
            yield _ask(f"Passphrase for {path}: ")

    def new(self, path: Path, *, variable: str = COMMAND_ENV) -> str:
        """A new passphrase: from the command in `variable`, or asked twice at a terminal."""
        command = os.environ.get(variable)
        if command:
            return _run_command(command, path, variable)
        if not at_terminal():
            raise StorageError(
                f"A new passphrase is needed and there is no terminal to ask it at; set {variable} "
                "to a command that prints it."
            )
        print(
            "Choose a passphrase. It cannot be recovered: if you lose it, the data is lost.",
            file=sys.stderr,
        )
        for _ in range(PROMPT_TRIES):
            first = _ask("New passphrase: ")
            if not first:
                print("The passphrase can't be empty.", file=sys.stderr)
                continue
            if _ask("Repeat it: ") == first:
                return first
            print("The two did not match.", file=sys.stderr)
        raise InputError("No passphrase was chosen; nothing was changed.")
