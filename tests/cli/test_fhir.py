"""`goal export --format fhir`: one FHIR R4 Bundle that fhir.resources' R4B models accept whole,
plus the checks those models do not make (references resolve, gol-1, LOINC codes and units,
dates), byte-stable against a golden file.

The scenario (tests/data/fhir-scenario.json) holds every kind of data: a couple's profile with
its members' ratings, both goal kinds, active/paused/done/dropped goals, a goal with no intake,
PHQ-9 (with an item-9 risk answer), GAD-7 and WHO-5. To record a deliberate change of output:
GOALCLI_UPDATE_GOLDEN=1 pytest tests/cli/test_fhir.py.
"""

from __future__ import annotations

import json
import os
import stat
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from typer.testing import Result

from goalcli.core import fhir
from lib.snapshots import Snapshot

Run = Callable[..., Result]

DATA = Path(__file__).resolve().parents[1] / "data"
SCENARIO = DATA / "fhir-scenario.json"
GOLDEN = DATA / "golden" / "export-fhir.json"


@pytest.fixture
def scenario(goal: Run, snapshot: Snapshot) -> Run:
    def build() -> None:
        result = goal("import", str(SCENARIO))
        assert result.exit_code == 0, result.output

    snapshot("import tests/data/fhir-scenario.json", build)
    return goal


@pytest.fixture
def source() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(SCENARIO.read_text(encoding="utf-8"))
    return document


def _bundle(goal: Run, *extra: str) -> dict[str, Any]:
    result = goal("export", "--format", "fhir", *extra)
    assert result.exit_code == 0, result.output
    bundle: dict[str, Any] = json.loads(result.stdout)
    return bundle


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _references(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from _references(value)
    elif isinstance(node, list):
        for item in node:
            yield from _references(item)


def _code(resource: dict[str, Any]) -> tuple[str, str]:
    coding = resource["code"]["coding"][0]
    return coding["system"], coding["code"]


def test_every_resource_is_valid_r4(scenario: Run) -> None:
    bundle = _bundle(scenario)
    Bundle.model_validate(bundle)
    assert bundle["type"] == "collection"
    for entry in bundle["entry"]:
        resource = entry["resource"]
        # Each by its own model: the Bundle's entry alone checks only the Resource base.
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    kinds = Counter(e["resource"]["resourceType"] for e in bundle["entry"])
    assert kinds["Patient"] == 1
    assert kinds["Goal"] == 5
    assert kinds["CarePlan"] == 2  # the intake's plan, and one for the goal made without it
    assert kinds["QuestionnaireResponse"] == 5  # four taken, one replaced risk answer kept


def test_every_reference_resolves_and_every_full_url_is_a_uuid(scenario: Run) -> None:
    bundle = _bundle(scenario)
    urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert len(urls) == len(set(urls))
    for entry in bundle["entry"]:
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"
    references = list(_references(bundle))
    assert references
    assert set(references) <= set(urls)


def test_goals_carry_status_target_and_outcomes(scenario: Run, source: dict[str, Any]) -> None:
    bundle = _bundle(scenario)
    goals = _resources(bundle, "Goal")
    statuses = [(g["lifecycleStatus"], g["achievementStatus"]["coding"][0]["code"]) for g in goals]
    assert statuses == [
        ("active", "improving"),
        ("active", "improving"),
        ("on-hold", "improving"),
        ("completed", "achieved"),
        ("cancelled", "not-achieved"),
    ]
    by_url = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    for resource, original in zip(goals, source["goals"], strict=True):
        assert resource["description"]["text"] == original["title"]
        assert resource["startDate"] == original["start_date"]
        (target,) = resource["target"]
        # gol-1: a detail only with a measure.
        assert target["measure"]["text"] == original["measure"]
        assert target["detailQuantity"] == {"value": original["target"], "unit": original["unit"]}
        assert target["dueDate"] == original["target_date"]
        assert f"Specific: {original['specific']}" in [n["text"] for n in resource["note"]]
        outcomes = [by_url[r["reference"]] for r in resource.get("outcomeReference", [])]
        values = [o["valueQuantity"]["value"] for o in outcomes if "valueQuantity" in o]
        assert values == [c["value"] for c in original["checkins"]]
        days = [o["effectiveDateTime"] for o in outcomes if "valueQuantity" in o]
        assert days == [c["day"] for c in original["checkins"]]
        reviews = [o for o in outcomes if "valueInteger" in o]
        assert len(reviews) == 2 * len(original["reviews"])
        for outcome in outcomes:
            assert outcome["focus"] == [{"reference": f"urn:uuid:{resource['id']}"}]


def test_reviews_are_gas_and_gbo_observations_with_members_named(scenario: Run) -> None:
    bundle = _bundle(scenario)
    observations = _resources(bundle, "Observation")
    gas = [o for o in observations if _code(o) == (fhir.CODE_SYSTEM, "gas-level")]
    gbo = [o for o in observations if _code(o) == (fhir.CODE_SYSTEM, "gbo-rating")]
    assert len(gas) == len(gbo) == 6
    rated = [n["text"] for o in gbo for n in o.get("note", []) if n["text"].startswith("Rated by")]
    assert rated == ["Rated by member Alex", "Rated by member Sam"]
    walk = {"reference": f"urn:uuid:{_resources(bundle, 'Goal')[0]['id']}"}
    on_walk = [(o["effectiveDateTime"], o["valueInteger"]) for o in gas if o["focus"] == [walk]]
    # the shared rating, then each member's (as in tests/data/fhir-scenario.json)
    assert on_walk == [("2026-10-29", -1), ("2026-11-19", 1), ("2026-11-19", 0), ("2026-11-19", 1)]


def test_moods_are_daily_observations(scenario: Run, source: dict[str, Any]) -> None:
    observations = _resources(_bundle(scenario), "Observation")
    moods = [o for o in observations if _code(o) == (fhir.CODE_SYSTEM, "daily-mood")]
    assert [(o["effectiveDateTime"], o["valueInteger"]) for o in moods] == [
        (m["day"], m["mood"]) for m in source["moods"]
    ]
    assert all("focus" not in o for o in moods)


def test_questionnaires_keep_every_answer_and_totals_are_coded(
    scenario: Run, source: dict[str, Any]
) -> None:
    bundle = _bundle(scenario)
    by_url = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    responses = [
        r for r in _resources(bundle, "QuestionnaireResponse") if r["status"] == "completed"
    ]
    totals = [o for o in _resources(bundle, "Observation") if "derivedFrom" in o]
    assert len(totals) == len(responses) == len(source["measures"])
    expected_codes = {
        "phq9": ("http://loinc.org", "44261-6"),
        "gad7": ("http://loinc.org", "70274-6"),
        "who5": (fhir.CODE_SYSTEM, "who5-total"),
    }
    taken_by = {(m["measure"], m["day"]): m for m in source["measures"]}
    for response, total in zip(responses, totals, strict=True):
        measure_id = response["questionnaire"].rsplit("/", 1)[1]
        taken = taken_by.pop((measure_id, response["authored"]))
        scored = [i for i in response["item"] if i["linkId"] != "followup"]
        answers = [int(i["answer"][0]["valueCoding"]["code"].rsplit("-", 1)[1]) for i in scored]
        assert answers == taken["answers"]
        assert [i["linkId"] for i in scored] == [str(n) for n in range(1, len(answers) + 1)]
        assert by_url[total["derivedFrom"][0]["reference"]] is response
        assert _code(total) == expected_codes[taken["measure"]]
        assert total["valueQuantity"] == {
            "value": taken["total"],
            "unit": "{score}",
            "system": "http://unitsofmeasure.org",
            "code": "{score}",
        }
        assert total["effectiveDateTime"] == taken["day"]
    assert not taken_by  # every questionnaire taken is there


def test_the_item_9_risk_answer_is_never_dropped(scenario: Run, source: dict[str, Any]) -> None:
    (risky,) = [m for m in source["measures"] if m["risk"]]
    responses = _resources(_bundle(scenario), "QuestionnaireResponse")
    (response,) = [r for r in responses if r["authored"] == risky["day"] and len(r["item"]) >= 9]
    item9 = next(i for i in response["item"] if i["linkId"] == "9")
    assert item9["text"].startswith("Thoughts that you would be better off dead")
    assert item9["answer"][0]["valueCoding"]["code"] == f"phq9-answer-{risky['answers'][8]}"
    assert risky["answers"][8] > 0


def test_a_replaced_risk_answer_is_kept_as_an_amended_response(
    scenario: Run, source: dict[str, Any]
) -> None:
    (kept,) = source["risk_events"]
    responses = _resources(_bundle(scenario), "QuestionnaireResponse")
    (amended,) = [r for r in responses if r["status"] == "amended"]
    assert amended["authored"] == kept["day"]
    assert amended["questionnaire"].endswith("/phq9")
    codes = [i["answer"][0]["valueCoding"]["code"] for i in amended["item"]]
    assert codes == [f"phq9-answer-{answer}" for answer in kept["answers"]]
    assert codes[8] == "phq9-answer-2"
    # and the questionnaire that replaced it that day is there too, completed
    assert any(r["status"] == "completed" and r["authored"] == kept["day"] for r in responses)


def test_the_care_plan_holds_intake_answers_steps_and_goals(
    scenario: Run, source: dict[str, Any]
) -> None:
    plan, loose = _resources(_bundle(scenario), "CarePlan")
    intake = source["intakes"][0]
    notes = [n["text"] for n in plan["note"]]
    assert f"Expectations: {intake['expectations']}" in notes
    assert "Members: Alex, Sam" in notes
    assert plan["created"] == intake["created_on"]
    with_intake = [g for g in source["goals"] if g["intake"] == intake["id"]]
    assert len(plan["goal"]) == len(with_intake)
    steps = [s for g in with_intake for s in g["steps"]]
    assert [a["detail"]["description"] for a in plan["activity"]] == [s["text"] for s in steps]
    assert [a["detail"]["status"] for a in plan["activity"]] == [
        "completed" if s["done_on"] else "not-started" for s in steps
    ]
    due = [a["detail"].get("scheduledPeriod", {}).get("end") for a in plan["activity"]]
    assert due == [s["due_on"] for s in steps]
    assert len(loose["goal"]) == 1 and "note" not in loose


def test_two_exports_are_byte_identical_and_match_the_golden_file(scenario: Run) -> None:
    first = scenario("export", "--format", "fhir")
    second = scenario("export", "--format", "fhir")
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout
    if os.environ.get("GOALCLI_UPDATE_GOLDEN"):
        GOLDEN.write_text(first.stdout, encoding="utf-8")
    assert first.stdout == GOLDEN.read_text(encoding="utf-8")


def test_the_name_is_on_the_patient_only_when_asked(scenario: Run) -> None:
    named = scenario("profile", "set", "--display-name", "Jo Example")
    assert named.exit_code == 0, named.output
    (anonymous,) = _resources(_bundle(scenario), "Patient")
    assert set(anonymous) == {"resourceType", "id"}  # no name, no identifier
    assert "Jo Example" not in scenario("export", "--format", "fhir").stdout
    (patient,) = _resources(_bundle(scenario, "--include-name"), "Patient")
    assert patient["name"] == [{"text": "Jo Example"}]
    assert "identifier" not in patient


def test_since_keeps_only_later_records(scenario: Run) -> None:
    whole = _bundle(scenario)
    later = _bundle(scenario, "--since", "2026-11-01")
    dated = [
        r.get("effectiveDateTime") or r.get("authored")
        for r in (e["resource"] for e in later["entry"])
        if r["resourceType"] in ("Observation", "QuestionnaireResponse")
    ]
    assert dated and min(dated) >= "2026-11-01"
    assert len(later["entry"]) < len(whole["entry"])
    assert len(_resources(later, "Goal")) == 5
    assert {e["fullUrl"] for e in later["entry"]} <= {e["fullUrl"] for e in whole["entry"]}
    assert set(_references(later)) <= {e["fullUrl"] for e in later["entry"]}


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (("--since", "2999-01-01"), "is in the future"),
        (("--since", "someday"), "someday"),
        (("--format", "json", "--since", "2026-01-01"), "goes with --format fhir only"),
        (("--format", "csv", "--include-name"), "goes with --format fhir only"),
    ],
)
def test_bad_options_are_refused_and_nothing_is_written(
    scenario: Run, tmp_path: Path, arguments: tuple[str, ...], said: str
) -> None:
    target = tmp_path / "record.json"
    options = arguments if "--format" in arguments else ("--format", "fhir", *arguments)
    result = scenario("export", *options, "--output", str(target))
    assert result.exit_code == 2, result.output
    assert said in result.output
    assert not target.exists()


def test_written_to_a_file_readable_only_by_you(scenario: Run, tmp_path: Path) -> None:
    target = tmp_path / "record.json"
    result = scenario("export", "--format", "fhir", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text(encoding="utf-8")) == _bundle(scenario)


def test_an_encrypted_database_warns_the_record_is_plain_text(
    scenario: Run, tmp_path: Path, passphrase_command: Path
) -> None:
    assert scenario("encrypt").exit_code == 0
    target = tmp_path / "record.json"
    result = scenario("export", "--format", "fhir", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert "plain text" in result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_no_database_gives_an_empty_but_valid_bundle(goal: Run) -> None:
    bundle = _bundle(goal)
    Bundle.model_validate(bundle)
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Patient"]


def test_the_demo_history_is_valid_r4_whole(goal: Run, db_path: Path) -> None:
    """The six-week demo history (storage/demo.py, the one `goal demo` shows), built in the
    test's database: every resource valid and every reference inside the bundle."""
    from goalcli.core import dates
    from goalcli.storage.database import open_database
    from goalcli.storage.demo import build_demo

    database = open_database(db_path, create=True)
    assert database is not None
    try:
        with database.write() as session:
            build_demo(session, dates.today())
    finally:
        database.close()
    bundle = _bundle(goal)
    Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    assert set(_references(bundle)) <= {entry["fullUrl"] for entry in bundle["entry"]}
    assert len(_resources(bundle, "Goal")) == 3
    assert len(_resources(bundle, "Observation")) > 50  # six weeks of check-ins and moods


def test_user_text_is_carried_literally(scenario: Run) -> None:
    """Markup-looking text (HTML, Rich, Markdown) is data: the same characters in the record."""
    observations = _resources(_bundle(scenario), "Observation")
    notes = [n["text"] for o in observations for n in o.get("note", [])]
    assert "Note: First <b>session</b> [red]x[/red]" in notes
    assert "Next step: Walk with *Sam*" in notes
