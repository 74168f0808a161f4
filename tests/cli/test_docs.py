"""The documentation (issue 25): a short README, the generated command reference kept current,
every command and option in it, and no link that leads nowhere."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
REFERENCE = DOCS / "reference.md"
GENERATOR = ROOT / "scripts" / "generate_reference.py"

# A Markdown link or image to a relative target: [text](target) or ![alt](target).
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_reference", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sections(text: str) -> dict[str, str]:
    """The reference's sections by heading: {"goal step add": its help text}."""
    parts = re.split(r"^## (goal[^\n]*)\n", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def _every_command() -> list[tuple[tuple[str, ...], Any]]:
    """Every command, walked from the app itself (as test_help does), not by the generator."""
    import typer

    import goalcli.cli
    from goalcli._lazy import LAZY_COMMANDS, build_command

    root = typer.main.get_command(goalcli.cli.app)
    commands: list[tuple[tuple[str, ...], Any]] = [((), root)]
    for name in LAZY_COMMANDS:
        command = build_command(name)
        commands.append(((name,), command))
        for child_name, child in getattr(command, "commands", {}).items():
            commands.append(((name, child_name), child))
    return commands


def test_the_reference_is_what_the_help_texts_say_now() -> None:
    expected = _generator().generated()
    assert REFERENCE.read_text(encoding="utf-8") == expected, (
        "docs/reference.md is out of date: run .venv/bin/python scripts/generate_reference.py"
    )


def test_a_changed_help_text_makes_the_reference_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    # The comparison above must see a change in any command's help, a lazy subcommand's included.
    generator = _generator()
    before = generator.reference()
    real_help = generator.help_text

    def changed(path: tuple[str, ...]) -> str:
        text: str = real_help(path)
        return text + "\n extra line" if path == ("step", "add") else text

    monkeypatch.setattr(generator, "help_text", changed)
    assert generator.reference() != before


def test_every_command_and_option_is_in_the_reference() -> None:
    sections = _sections(REFERENCE.read_text(encoding="utf-8"))
    commands = _every_command()
    assert len(commands) > 50  # every command and every subcommand
    for path, command in commands:
        if getattr(command, "hidden", False):
            continue
        title = " ".join(("goal", *path))
        assert title in sections, f"{title} has no section in docs/reference.md"
        for param in command.params:
            if getattr(param, "hidden", False) or param.param_type_name != "option":
                continue
            for option in param.opts:
                assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", sections[title]), (
                    f"{title} {option} is not in docs/reference.md"
                )


def test_the_reference_is_rendered_at_80_columns_without_colour() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    assert "\x1b" not in text
    in_help = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_help = not in_help
        elif in_help:
            assert len(line) <= 80, line


def _slug(heading: str) -> str:
    """The anchor GitHub makes of a heading: lower case, punctuation dropped, spaces to '-'."""
    text = heading.strip().lower().replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {_slug(match) for match in re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE)}


def _pages() -> list[Path]:
    return [README, ROOT / "CHANGELOG.md", *sorted(DOCS.glob("*.md"))]


@pytest.mark.parametrize("page", _pages(), ids=lambda page: page.name)
def test_every_relative_link_leads_somewhere(page: Path) -> None:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):  # https:, mailto:
            continue
        path_part, _, fragment = target.partition("#")
        linked = (page.parent / path_part).resolve() if path_part else page
        assert linked.exists(), f"{page.name} links to {target}, which does not exist"
        if fragment:
            assert fragment in _anchors(linked), f"{page.name} links to a missing heading {target}"


def test_the_readme_is_short_and_starts_with_what_goalcli_is() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 150
    first_paragraph = next(line for line in lines[1:] if line.strip())
    assert first_paragraph.startswith("goalcli is a private, local goal tracker")
    for page in ("commands", "reference", "progress", "questionnaires", "your-data", "devices"):
        assert f"(docs/{page}.md)" in "\n".join(lines), page
    assert "(docs/development.md)" in "\n".join(lines)


def test_the_readme_keeps_the_install_line_and_the_line_ci_runs() -> None:
    readme = README.read_text(encoding="utf-8").splitlines()
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    test_line = next(line for line in ci_lines if line.startswith("python3 -m venv .venv"))
    assert test_line in readme
    assert (
        'python3 -m venv .venv && .venv/bin/pip install -q ".[encryption]" && '
        'export PATH="$PWD/.venv/bin:$PATH" && goal demo'
    ) in readme


def test_the_moved_sections_are_in_docs() -> None:
    # Each former README section has one home in docs/ (the README links to it).
    homes = {
        "commands.md": ["## Dates (WHEN)", "## Changing the plan", "## The answers file"],
        "progress.md": ["**The level**", "## SMART coaching", "## Who is reading"],
        "questionnaires.md": ["**The risk item.**", "**Change and recovery**"],
        "your-data.md": ["**Encryption (optional", "**Backups:**", "**Export and import:**"],
        "devices.md": ["**A practice: profiles are schemas.**", "**The caseload (issue 14):**"],
        "development.md": ["## Timings", "## How it is built", "## Dependencies", "## Performance"],
    }
    for page, markers in homes.items():
        text = (DOCS / page).read_text(encoding="utf-8")
        for marker in markers:
            assert marker in text, (page, marker)


@pytest.mark.parametrize("page", _pages(), ids=lambda page: page.name)
def test_code_blocks_close_before_another_opens(page: Path) -> None:
    # A fence opened inside a block (```sh inside ```sh) shows the fence as a command.
    in_block = False
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith("```"):
            assert not (in_block and line.strip() != "```"), f"{page.name}:{number}: {line}"
            in_block = not in_block
    assert not in_block, f"{page.name}: a code block is never closed"
