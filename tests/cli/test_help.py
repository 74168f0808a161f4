"""Help and first run (issue 18): `goal` alone, placeholders in words, examples, "did you mean"."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from typer.testing import Result


def _every_command() -> list[tuple[str, ...]]:
    # Imported here, not at collection: importing goalcli.cli fills LAZY_COMMANDS, which other
    # test modules read while they are collected.
    import goalcli.cli  # noqa: F401  (mounts the commands)
    from goalcli._lazy import LAZY_COMMANDS, build_command

    paths: list[tuple[str, ...]] = [()]
    for name in LAZY_COMMANDS:
        paths.append((name,))
        sub = getattr(build_command(name), "commands", {})
        paths += [(name, child) for child in sub]
    return paths


def test_no_help_page_shows_a_type_in_angle_brackets(goal: Callable[..., Result]) -> None:
    paths = _every_command()
    assert len(paths) > 25  # every command, `goal step`'s included
    for path in paths:
        result = goal(*path, "--help", env={"COLUMNS": "120"})
        assert result.exit_code == 0, (path, result.output)
        assert not re.search(r"<\w+>", result.output), (path, result.output)


def test_log_placeholders_say_what_they_take(goal: Callable[..., Result]) -> None:
    text = goal("log", "--help", env={"COLUMNS": "120"}).output
    assert re.search(r"--mood\s+0-10", text)
    assert re.search(r"--value\s+NUMBER", text)
    assert re.search(r"--note\s+TEXT", text)
    assert "[GOAL]" in text


@pytest.mark.parametrize(
    "command", ["log", "report", "intake", "list", "show", "review", "edit", "import"]
)
def test_help_ends_with_examples(goal: Callable[..., Result], command: str) -> None:
    text = goal(command, "--help", env={"COLUMNS": "120"}).output
    assert "Examples:" in text
    assert f"goal {command}" in text.split("Examples:")[1]


def test_goal_alone_prints_a_short_first_screen(goal: Callable[..., Result]) -> None:
    result = goal(env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) <= 15
    assert "SMART goals" in lines[0]
    for command in ("goal intake", "goal log", "goal report", "goal list", "goal demo"):
        assert command in result.stdout
    assert any(line.startswith("Your data: ") and "(not created yet)" in line for line in lines)


def test_a_mistyped_command_gets_did_you_mean(goal: Callable[..., Result]) -> None:
    result = goal("lgo")
    assert result.exit_code == 2
    assert "No such command 'lgo'. Did you mean 'log'?" in result.output
    unknown = goal("xyzzy")
    assert unknown.exit_code == 2
    assert "Did you mean" not in unknown.output


def test_help_texts_keep_their_brackets(goal: Callable[..., Result]) -> None:
    """Rich reads help text as markup: an unescaped "[[goals]]" printed as "[]". Every bracketed
    part of an option's help (escapes removed) is on the page as written."""
    import goalcli.cli  # noqa: F401  (mounts the commands)
    from goalcli._lazy import LAZY_COMMANDS, build_command

    checked = 0
    for name in LAZY_COMMANDS:
        command = build_command(name)
        for path, each in [((name,), command)] + [
            ((name, child), sub) for child, sub in getattr(command, "commands", {}).items()
        ]:
            page = " ".join(
                re.sub(
                    "[│╭╮╰╯─]", " ", goal(*path, "--help", env={"COLUMNS": "200"}).output
                ).split()
            )
            for param in each.params:
                help_text = " ".join(
                    (getattr(param, "help", None) or "").replace("\\[", "[").split()
                )
                for bracketed in re.findall(r"\[[^\]]*\]+", help_text):
                    checked += 1
                    assert bracketed in page, (path, param.name, bracketed)
    assert checked > 0
