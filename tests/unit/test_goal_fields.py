"""A goal's fields agree: the Goal table's columns (storage/models.py), the export format's goal
fields (core/export_format.py), the answers file's goal keys (core/answers.py) and the plan's
fields (core/plan.py) name the same fields, but for those listed below with the reason they
live in only some of them. A field added to one and forgotten in another fails here by name.
"""

from __future__ import annotations

import dataclasses

from goalcli.core import answers, export_format, gas
from goalcli.core.plan import GoalPlan
from goalcli.storage.models import Goal

# One field under another name: the five GAS guide columns are the export's, the answers'
# and the plan's one `gas_levels`; the export names the intake a goal belongs to `intake`.
SAME_FIELD = {**dict.fromkeys(gas.FIELDS, "gas_levels"), "intake_id": "intake"}

MODEL = "model"
EXPORT = "export"
ANSWERS = "answers"
PLAN = "plan"
SOURCES = (MODEL, EXPORT, ANSWERS, PLAN)

# Fields that belong in only some of the four, and where (every other field is in all four).
ONLY_IN = {
    # Given by the database, and carried by an export so an import can match what it holds.
    "id": {MODEL, EXPORT},
    "created_at": {MODEL, EXPORT},
    "intake": {MODEL, EXPORT},  # a plan's goals sit in their plan, a file's in its [intake]
    # Every planned goal starts active; `goal done`, `pause`, `resume` and `drop` change it.
    "status": {MODEL, EXPORT},
    # The GAS weight is set at a review (`goal review --weight`), 1 until then.
    "weight": {MODEL, EXPORT},
    # An answers file gives the start date once, at its top (answers.TOP_KEYS), for every goal.
    "start_date": {MODEL, EXPORT, PLAN},
    # Steps are rows of their own table (Step); first_step and first_step_on become the first
    # step's due date there.
    "steps": {EXPORT, ANSWERS, PLAN},
    "first_step": {ANSWERS, PLAN},
    "first_step_on": {ANSWERS, PLAN},
    # A template fills in the other keys of a [[goals]] table; the plan holds what it filled.
    "template": {ANSWERS},
    # Logged after planning, each in a table of its own; the export carries them per goal.
    "checkins": {EXPORT},
    "excused_days": {EXPORT},  # a goal's log like its check-ins (`goal skip`, issue 28)
    # A planned step's predicted pleasure (issue 28): the plan carries it to the steps it makes;
    # stored on each step, not on the goal.
    "predicted_pleasure": {PLAN},
    "reviews": {EXPORT},
    "changes": {EXPORT},
}


def goal_fields() -> dict[str, set[str]]:
    """Each source's goal fields, with SAME_FIELD's names made one."""
    named = {
        MODEL: set(Goal.model_fields),
        EXPORT: {*export_format.GOAL_FIELDS, *export_format.GOAL_LISTS},
        ANSWERS: set(answers.GOAL_KEYS),
        PLAN: {field.name for field in dataclasses.fields(GoalPlan)},
    }
    return {
        source: {SAME_FIELD.get(name, name) for name in names} for source, names in named.items()
    }


def disagreements(
    fields: dict[str, set[str]], only_in: dict[str, set[str]]
) -> dict[str, tuple[set[str], set[str]]]:
    """Each field whose sources differ from what is expected of it (all of them, or only_in's):
    field -> (the sources it is missing from, the sources it is in but should not be)."""
    found: dict[str, tuple[set[str], set[str]]] = {}
    for field in set().union(*fields.values()) | set(only_in):
        holding = {source for source, names in fields.items() if field in names}
        expected = only_in.get(field, set(fields))
        if holding != expected:
            found[field] = (expected - holding, holding - expected)
    return found


def test_the_four_agree_on_a_goals_fields() -> None:
    wrong = disagreements(goal_fields(), ONLY_IN)
    assert not wrong, "goal fields disagree: " + "; ".join(
        f"{field} missing from {sorted(missing) or '-'}, unexpected in {sorted(extra) or '-'}"
        for field, (missing, extra) in sorted(wrong.items())
    )


def test_a_field_one_source_lacks_is_named() -> None:
    fields = goal_fields()
    fields[ANSWERS] = fields[ANSWERS] - {"relevant"}
    fields[PLAN] = fields[PLAN] | {"mood_note"}
    assert disagreements(fields, ONLY_IN) == {
        "relevant": ({ANSWERS}, set()),
        "mood_note": ({MODEL, EXPORT, ANSWERS}, set()),
    }


def test_an_allowance_that_no_longer_holds_is_named() -> None:
    # A field listed as only in the model and the export that the plan has grown too: the
    # allow-list must be updated, so it never hides a field that has since moved.
    fields = goal_fields()
    fields[PLAN] = fields[PLAN] | {"weight"}
    assert disagreements(fields, ONLY_IN) == {"weight": (set(), {PLAN})}


def test_every_source_has_the_core_of_a_goal() -> None:
    # Guards the comparison itself: were a source read as empty, every field would be missing.
    for source, names in goal_fields().items():
        assert {"title", "baseline", "target", "target_date", "kind"} <= names, source
