"""Start-up stays light: help, version and completion import no database, Pydantic or dateutil.

These are correctness tests about what is imported, not timings (bench/run.py measures those).
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys

import pytest
import typer

from lib.paths import MOOD_PLAN

HEAVY = ("sqlmodel", "sqlalchemy", "pydantic", "dateutil")
# The session page's template engine: loaded by `--format html` only.
TEMPLATES = ("jinja2", "markupsafe")

# Runs the real entry point (the console script's) in a fresh interpreter, then reports which top-level modules it loaded.
PROBE = """
import atexit, json, sys
def report():
    loaded = sorted(sys.modules)
    sys.__stderr__.write('MODULES=' + json.dumps(loaded) + '\\n')
atexit.register(report)
sys.argv = ['goal', *json.loads(sys.argv[1])]
from goalcli.hot import main
main()
"""


def _modules(args: list[str], extra_env: dict[str, str] | None = None) -> tuple[set[str], str]:
    """Every module the run imported (dotted names included), and what it printed."""
    env = {**os.environ, **(extra_env or {})}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stderr.splitlines() if line.startswith("MODULES="))
    return set(json.loads(line.removeprefix("MODULES="))), result.stdout


# The same entry point, run once for each of several environments in ONE fresh interpreter
# (a process per run cost about 0.2 s each): after each run, every module imported so far.
# What one run imports is a subset of what is imported after it, so "nothing heavy after run
# k" says at least what a process of its own for run k would.
ENTRY = next(line for line in PROBE.splitlines() if line.startswith("from goalcli"))
PROBE_EACH = f"""
import io, json, os, sys
{ENTRY}
runs = []
for env in json.loads(sys.argv[1]):
    os.environ.update(env)
    sys.argv = ['goal']
    sys.stdout = output = io.StringIO()
    try:
        main()
    except SystemExit:
        pass
    sys.stdout = sys.__stdout__
    runs.append([output.getvalue(), sorted(sys.modules)])
sys.__stdout__.write(json.dumps(runs))
"""


def _loaded_in_turn(envs: list[dict[str, str]]) -> list[tuple[set[str], str]]:
    """For each environment in turn (one process for all): the top-level packages imported so
    far, and what that run printed."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE_EACH, json.dumps(envs)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return [
        ({name.split(".")[0] for name in modules}, output)
        for output, modules in json.loads(result.stdout)
    ]


def _loaded(args: list[str], extra_env: dict[str, str] | None = None) -> tuple[set[str], str]:
    """The top-level packages the run imported, and what it printed."""
    modules, output = _modules(args, extra_env)
    return {name.split(".")[0] for name in modules}, output


def _completing(words: str) -> dict[str, str]:
    """The environment bash completion gives `goal` for the command line `words`."""
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    return {"_GOAL_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["--version"]])
def test_help_and_version_import_nothing_heavy(args: list[str]) -> None:
    loaded, output = _loaded(args)
    assert output.strip()
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_completion_imports_nothing_heavy() -> None:
    env = {"_GOAL_COMPLETE": "complete_bash", "COMP_WORDS": "goal ", "COMP_CWORD": "1"}
    loaded, output = _loaded([], env)
    assert {"log", "report", "intake"} <= set(output.split())
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_completion_of_a_command_imports_nothing_heavy() -> None:
    env = {"_GOAL_COMPLETE": "complete_bash", "COMP_WORDS": "goal log --", "COMP_CWORD": "2"}
    loaded, output = _loaded([], env)
    assert {"--value", "--mood", "--date"} <= set(output.split())
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_lazy_commands_are_listed_with_their_docstring_summary() -> None:
    import importlib

    from goalcli._lazy import LAZY_COMMANDS

    assert LAZY_COMMANDS
    for name, command in LAZY_COMMANDS.items():
        module_name, function_name = command.target.split(":")
        function = getattr(importlib.import_module(module_name), function_name)
        # A sub-app's summary is its help; a command's is its docstring.
        is_app = isinstance(function, typer.Typer)
        doc = function.info.help if is_app else inspect.getdoc(function)
        first_line = (doc or "").split("\n\n")[0].replace("\n", " ")
        assert command.summary == first_line, name


def test_every_lazy_command_runs_its_own_help(goal) -> None:  # type: ignore[no-untyped-def]
    from goalcli._lazy import LAZY_COMMANDS

    for name in LAZY_COMMANDS:
        result = goal(name, "--help")
        assert result.exit_code == 0, (name, result.output)
        assert f"goal {name}" in result.output


@pytest.mark.parametrize(("args", "words"), [(["--help"], None), ([], "goal ")])
def test_listing_the_commands_imports_none_of_them(args: list[str], words: str | None) -> None:
    """The lazy stand-ins list every command by name and summary without importing it."""
    modules, output = _modules(args, _completing(words) if words else None)
    assert "export" in output
    assert not {name for name in modules if name.startswith("goalcli.commands")}


def test_completing_any_command_imports_nothing_heavy() -> None:
    """Options with a default (`--format`, an enum) are not coerced while completing, and a
    sub-app's commands (`goal step ...`) defer Pydantic like the others."""
    from goalcli._lazy import LAZY_COMMANDS

    lines = [f"goal {name} --" for name in LAZY_COMMANDS]
    lines += ["goal step ", "goal step list --", "goal show 1 --format "]
    runs = _loaded_in_turn([_completing(words) for words in lines])
    for words, (loaded, output) in zip(lines, runs, strict=True):
        assert output.strip(), words
        assert not loaded & set(HEAVY), (words, sorted(loaded & set(HEAVY)))


def test_text_options_reach_the_command_without_building_a_pydantic_adapter(
    goal, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import pydantic

    assert goal("intake", "--answers", MOOD_PLAN).exit_code == 0
    built: list[object] = []
    real_init = pydantic.TypeAdapter.__init__

    def recording_init(self: object, annotation: object, *args: object, **kwargs: object) -> None:
        built.append(annotation)
        real_init(self, annotation, *args, **kwargs)  # type: ignore[arg-type]

    # Typer coerces option values through pydantic.TypeAdapter: count the adapters built.
    monkeypatch.setattr(pydantic.TypeAdapter, "__init__", recording_init)

    result = goal("log", "1", "--value", "5", "--mood", "6", "--note", "[b]x[/b]")

    assert result.exit_code == 0, result.output
    assert built == []  # every option of this call is text: passed through as typed
    exported = json.loads(goal("export").stdout)
    assert [c["note"] for c in exported["goals"][0]["checkins"]] == ["[b]x[/b]"]


def test_a_value_that_needs_coercing_still_gets_it(goal, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Deferring Pydantic changes nothing a value turns into: an enum option is still
    checked, a path option still becomes a Path."""
    assert goal("intake", "--answers", MOOD_PLAN).exit_code == 0
    refused = goal("show", "1", "--format", "xml")
    assert refused.exit_code == 2
    assert "xml" in refused.output
    assert goal("show", "1", "--format", "json").stdout.startswith("{")
    target = tmp_path / "report.md"
    assert goal("report", "--format", "markdown", "--output", str(target)).exit_code == 0
    assert target.read_text().strip()


@pytest.mark.parametrize(
    "args",
    [["--help"], ["log", "1", "--value", "3"], ["report"], ["report", "--format", "markdown"]],
    ids=" ".join,
)
def test_only_the_html_page_loads_the_template_engine(planned, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    loaded, _ = _loaded(args)
    assert not loaded & set(TEMPLATES), (args, sorted(loaded & set(TEMPLATES)))


def test_the_html_page_does_load_it(planned) -> None:  # type: ignore[no-untyped-def]
    """The probe above can see the engine: the page itself imports it."""
    loaded, output = _loaded(["report", "--format", "html"])
    assert output.startswith("<!DOCTYPE html>")
    assert set(TEMPLATES) <= loaded


# What the flag form of `goal log` on a plain SQLite database must not load (issue 26): it runs
# over the standard library's sqlite3 (storage/quick.py).
ORM_AND_FRIENDS = ("sqlalchemy", "sqlmodel", "pydantic", "jinja2", "psycopg")
# Nor, off a terminal, the command-line libraries: goalcli/hot/__init__.py reads its options before them
# and render/plain.py prints what Rich would.
CLI_LIBRARIES = ("typer", "click", "rich")


@pytest.mark.parametrize(
    "args",
    [
        ["log", "1", "--value", "3"],
        ["log", "1", "--value", "4", "--mood", "6", "--note", "walked", "--date", "today"],
        ["status"],
        ["status", "--short"],
        ["remind", "--notify"],  # what the daily reminder runs (cron's stderr is no terminal)
    ],
    ids=" ".join,
)
def test_the_flag_form_of_log_imports_no_orm(planned, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    loaded, output = _loaded(args)
    assert output.startswith(("✓", "○", "Saved mood", "Time for today")), output
    assert not loaded & set(ORM_AND_FRIENDS), sorted(loaded & set(ORM_AND_FRIENDS))
    assert not loaded & set(CLI_LIBRARIES), sorted(loaded & set(CLI_LIBRARIES))


def test_the_full_path_of_log_does_load_the_orm(planned) -> None:  # type: ignore[no-untyped-def]
    """The probe above can see SQLModel: forced down the full path, the same command loads it."""
    loaded, output = _loaded(["log", "1", "--value", "3"], {"GOALCLI_FULL_PATH": "1"})
    assert output.startswith("✓"), output
    assert {"sqlmodel", "sqlalchemy", "typer", "rich"} <= loaded


@pytest.mark.parametrize(
    "args",
    [
        ["log", "1", "--value", "3", "--debug"],  # an option the flag form does not read
        ["--profile", "x", "log", "1", "--value", "3"],
        ["log", "--value", "3"],  # no GOAL: the full path refuses it
        ["log", "1", "--value", "3", "--value", "4"],  # twice: Click's rule, Click's to apply
    ],
    ids=" ".join,
)
def test_what_the_flag_form_does_not_read_goes_to_typer(planned, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    """The probe sees Typer loaded: the whole application read the command line."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True, timeout=60
    )
    line = next(line for line in result.stderr.splitlines() if line.startswith("MODULES="))
    assert "typer" in json.loads(line.removeprefix("MODULES="))


def test_bash_completion_of_goal_ids_imports_no_cli_library(planned) -> None:  # type: ignore[no-untyped-def]
    """`goal show <TAB>` in bash: goalcli.hot reads the ids with sqlite3 alone (issue 26)."""
    loaded, output = _loaded([], _completing("goal show "))
    assert output.split() == ["1", "2"]
    assert not loaded & set(ORM_AND_FRIENDS + CLI_LIBRARIES), sorted(
        loaded & set(ORM_AND_FRIENDS + CLI_LIBRARIES)
    )


def test_the_flag_form_of_log_on_an_encrypted_database_imports_no_orm(  # type: ignore[no-untyped-def]
    planned, passphrase_command
) -> None:
    """On an encrypted database too (issue 26): SQLCipher's DB-API module, keyed the way the
    full path keys it, and nothing heavier; forced down the full path, the ORM again."""
    assert planned("encrypt").exit_code == 0
    args = ["log", "1", "--value", "4", "--mood", "6", "--note", "walked"]
    loaded, output = _loaded(args)
    assert output.startswith(("✓", "Saved mood")), output
    assert "sqlcipher3" in loaded  # it did open the encrypted file
    heavy = set(ORM_AND_FRIENDS + CLI_LIBRARIES)
    assert not loaded & heavy, sorted(loaded & heavy)
    loaded, output = _loaded(args, {"GOALCLI_FULL_PATH": "1"})
    assert output.startswith("Updated mood 6/10"), output
    assert {"sqlmodel", "sqlalchemy"} <= loaded
