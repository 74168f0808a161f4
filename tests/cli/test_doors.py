"""What goalcli accepts through any door, it exports and imports again exactly, and reports as
valid JSON (issue 11): data drawn from core/limits.py goes in through the answers file, the
options of log, review, edit and step add, and import; the export then round-trips."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from goalcli.core import limits
from lib.strategies import NUMBERS, baseline_and_target, texts

Run = Callable[..., Result]


def _toml(value: Any) -> str:
    # JSON's strings (escapes for \n, \t, quotes; the rest as typed) are TOML basic strings.
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)


def _typed(value: float) -> str:
    """A number as a person types it at a flag: plain decimals, never 1e-06."""
    return f"{value:.{limits.DECIMALS}f}"


def _strict_json(text: str) -> Any:
    def refuse(constant: str) -> Any:
        raise AssertionError(f"{constant} in the JSON report")

    return json.loads(text, parse_constant=refuse)


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Any]:
    """An answers file's content, each answer drawn from what its field accepts."""
    baseline, target = draw(baseline_and_target())
    intake = {
        "therapy_type": "individual",
        **{
            name: draw(texts(name, required=True))
            for name in ("expectations", "obstacles", "success_feels_like", "motivations")
        },
        "support_contact": draw(texts("support_contact")),
    }
    goal = {
        **{
            name: draw(texts(name, required=True))
            for name in ("title", "specific", "measure", "unit", "relevant")
        },
        "baseline": baseline,
        "target": target,
        "confidence": draw(st.integers(0, 10)),
        "target_date": "2027-02-26",
        "steps": draw(st.lists(texts("step", required=True), min_size=1, max_size=3)),
        "first_step": 1,
        "first_step_on": "tomorrow",
    }
    return {"intake": intake, "goal": goal}


def _answers_file(plan: dict[str, Any]) -> str:
    lines = ["[intake]", *(f"{key} = {_toml(value)}" for key, value in plan["intake"].items())]
    lines += ["", "[[goals]]", *(f"{key} = {_toml(value)}" for key, value in plan["goal"].items())]
    return "\n".join(lines) + "\n"


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    plan=plans(),
    value=NUMBERS,
    note=texts("note", stripped=True),
    step=texts("step", required=True),
    title=texts("title", required=True),
    relevant=texts("relevant", required=True),
    review_note=texts("note", required=True),
    next_step=texts("next_step", required=True),
    new_target=NUMBERS,
)
def test_what_every_door_accepts_round_trips(
    goal: Run,
    plan: dict[str, Any],
    value: float,
    note: str,
    step: str,
    title: str,
    relevant: str,
    review_note: str,
    next_step: str,
    new_target: float,
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = ("--db", str(folder / "a.db"))

        def run(*args: str) -> Result:
            result = goal(*db, *args)
            assert result.exit_code == 0, (args, result.output)
            return result

        answers = folder / "plan.toml"
        answers.write_text(_answers_file(plan), encoding="utf-8")
        run("intake", "--answers", str(answers))
        run(
            "log",
            "1",
            "--value",
            _typed(value),
            "--mood",
            "5",
            "--note",
            note or "-",
            "--done",
            "1",
        )
        run("step", "add", "1", "--", step)
        run("review", "1", "--gbo", "4", "--note", review_note, "--next-step", next_step)
        edits = ["--title", title, "--relevant", relevant]
        if abs(new_target - plan["goal"]["baseline"]) >= 1e-6:
            edits += ["--target", _typed(new_target)]
        run("edit", "1", *edits)
        run("drop", "1", "--reason", relevant)

        first = folder / "first.json"
        run("export", "--output", str(first))
        exported = json.loads(first.read_text(encoding="utf-8"))
        [stored] = exported["goals"]
        assert stored["title"] == title.strip()
        assert stored["checkins"][0]["note"] == (note or "-")

        other = ("--db", str(folder / "b.db"))
        assert goal(*other, "import", str(first)).exit_code == 0
        second = folder / "second.json"
        assert goal(*other, "export", "--output", str(second)).exit_code == 0
        again = json.loads(second.read_text(encoding="utf-8"))
        assert {**again, "exported_at": None} == {**exported, "exported_at": None}

        for where in (db, other):
            report = goal(*where, "report", "--all", "--format", "json")
            assert report.exit_code == 0, report.output
            _strict_json(report.stdout)


# Any text at all (but lone surrogates, which neither TOML nor a command line can carry):
# controls, NUL, carriage returns, escapes, far too long.
WILD = st.text(st.characters(exclude_categories=("Cs",)), max_size=8) | st.sampled_from(
    ["\x00", "a\rb", "\x1b[2J", "\x9b", "two\nlines", "tab\there", "x" * 2001, "y" * 10_001]
)
TEXT_KEYS = ("title", "specific", "measure", "unit", "relevant", "expectations", "support_contact")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    plan=plans(),
    key=st.sampled_from(TEXT_KEYS),
    wild=WILD,
    note=WILD.filter(lambda text: "\x00" not in text),  # argv cannot carry NUL
)
def test_a_door_refuses_what_import_would_refuse(
    goal: Run, plan: dict[str, Any], key: str, wild: str, note: str
) -> None:
    """Whatever text a door is given, it either refuses it (exit 2) or stores it so that the
    export imports again: the doors and import apply the same limits."""
    table = "intake" if key in plan["intake"] else "goal"
    plan[table][key] = wild
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        answers = folder / "plan.toml"
        answers.write_text(_answers_file(plan), encoding="utf-8")
        db = ("--db", str(folder / "a.db"))
        accepted = goal(*db, "intake", "--answers", str(answers))
        assert accepted.exit_code in (0, 2), accepted.output
        if accepted.exit_code == 2:
            return
        logged = goal(*db, "log", "1", "--value", "1", "--note", note)
        assert logged.exit_code in (0, 2), logged.output
        exported = folder / "export.json"
        assert goal(*db, "export", "--output", str(exported)).exit_code == 0
        imported = goal("--db", str(folder / "b.db"), "import", str(exported))
        assert imported.exit_code == 0, imported.output
