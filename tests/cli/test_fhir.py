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
import re
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
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
GOLDEN = DATA / "golden" / "export-fhir.json"
QUESTIONNAIRE_OF = {url: measure_id for measure_id, url in fhir.QUESTIONNAIRES.items()}


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
    totals = [
        o
        for o in _resources(bundle, "Observation")
        if "derivedFrom" in o and _code(o)[1] not in fhir.RATINGS
    ]
    assert len(totals) == len(responses) == len(source["measures"])
    expected_codes = {
        "phq9": ("http://loinc.org", "44261-6"),
        "gad7": ("http://loinc.org", "70274-6"),
        "who5": (fhir.CODE_SYSTEM, "who5-total"),
    }
    taken_by = {(m["measure"], m["day"]): m for m in source["measures"]}
    for response, total in zip(responses, totals, strict=True):
        measure_id = QUESTIONNAIRE_OF[response["questionnaire"]]
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
    assert amended["questionnaire"] == fhir.QUESTIONNAIRES["phq9"]
    codes = [i["answer"][0]["valueCoding"]["code"] for i in amended["item"]]
    assert codes == [f"phq9-answer-{answer}" for answer in kept["answers"]]
    assert codes[8] == "phq9-answer-2"
    # and the questionnaire that replaced it that day is there too, completed
    assert any(r["status"] == "completed" and r["authored"] == kept["day"] for r in responses)


def test_pleasure_and_mastery_are_observations_of_their_check_in_or_step(
    scenario: Run, source: dict[str, Any]
) -> None:
    """Behavioural activation's ratings (m012): one Observation per rating given, none for a
    check-in or step not rated (never a 0), focus the Goal; a check-in's derived from that
    check-in's Observation, a step's based on the plan and naming the step."""
    bundle = _bundle(scenario)
    by_url = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    (walk_goal, *_) = _resources(bundle, "Goal")
    (plan, _loose) = _resources(bundle, "CarePlan")
    walk = source["goals"][0]
    ratings = [o for o in _resources(bundle, "Observation") if _code(o)[1] in fhir.RATINGS]
    expected_checkins = [
        (c["day"], code, c[code])
        for c in walk["checkins"]
        for code in ("pleasure", "mastery")
        if c.get(code) is not None
    ]
    from_checkins = [o for o in ratings if "derivedFrom" in o]
    assert [
        (o["effectiveDateTime"], _code(o)[1], o["valueInteger"]) for o in from_checkins
    ] == expected_checkins
    assert len(expected_checkins) == 5  # one check-in rated for pleasure only
    for rating in from_checkins:
        assert _code(rating)[0] == fhir.CODE_SYSTEM
        assert rating["category"][0]["coding"][0]["code"] == "survey"
        assert rating["focus"] == [{"reference": f"urn:uuid:{walk_goal['id']}"}]
        (checkin,) = [by_url[r["reference"]] for r in rating["derivedFrom"]]
        assert _code(checkin) == (fhir.CODE_SYSTEM, "checkin-value")
        assert checkin["effectiveDateTime"] == rating["effectiveDateTime"]
    from_steps = [o for o in ratings if "basedOn" in o]
    assert len(from_steps) + len(from_checkins) == len(ratings)
    rated_step = walk["steps"][1]
    assert [(o["effectiveDateTime"], _code(o)[1], o["valueInteger"]) for o in from_steps] == [
        (rated_step["done_on"], "pleasure", rated_step["pleasure"]),
        (rated_step["done_on"], "mastery", rated_step["mastery"]),
    ]
    for rating in from_steps:
        assert rating["basedOn"] == [{"reference": f"urn:uuid:{plan['id']}"}]
        assert rating["note"] == [{"text": f"Step: {rated_step['text']}"}]
    # The prediction made when a step was planned is not an observation: it is on the activity.
    progress = {
        a["detail"]["description"]: [p["text"] for p in a.get("progress", [])]
        for a in plan["activity"]
    }
    assert progress["Walk 10 minutes"] == ["Done on 2026-10-27", "Pleasure predicted: 4/10"]
    assert progress["Walk 30 minutes"] == ["Pleasure predicted: 5/10"]
    assert progress["Walk with *Sam*"] == []


def test_excused_days_are_observations_on_their_goal(scenario: Run, source: dict[str, Any]) -> None:
    bundle = _bundle(scenario)
    goal_urls = [e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Goal"]
    excused = [
        o
        for o in _resources(bundle, "Observation")
        if _code(o) == (fhir.CODE_SYSTEM, "excused-day")
    ]
    expected = [
        (goal_urls[index], day["day"], day["reason"])
        for index, goal in enumerate(source["goals"])
        for day in goal.get("excused_days", [])
    ]
    assert len(expected) == 3
    assert [
        (o["focus"][0]["reference"], o["effectiveDateTime"], o.get("valueString")) for o in excused
    ] == expected
    assert all(o["category"][0]["coding"][0]["code"] == "activity" for o in excused)
    # Not an outcome of the goal: an excused day is neither progress nor a miss.
    outcomes = set(_references([g.get("outcomeReference") for g in _resources(bundle, "Goal")]))
    assert not outcomes & {f"urn:uuid:{o['id']}" for o in excused}


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


def _day(resource: dict[str, Any]) -> str | None:
    day = resource.get("effectiveDateTime") or resource.get("authored")
    return day if isinstance(day, str) else None


# Today is Thursday 2026-11-26 in the tests (tests/lib/fixtures.py); the days by hand.
SINCE_WORDS = {
    "2026-11-01": "2026-11-01",
    "today": "2026-11-26",
    "yesterday": "2026-11-25",
    "monday": "2026-11-23",  # the most recent Monday: a past date is asked
    "last monday": "2026-11-23",
    "3 days ago": "2026-11-23",
    "2 weeks ago": "2026-11-12",
    "1 month ago": "2026-10-26",
    "november 1": "2026-11-01",
    "1 november 2026": "2026-11-01",
    "last-review": "2026-11-19",  # the scenario's latest review, as `goal report` reads it
    " Last-Review ": "2026-11-19",
}


@pytest.mark.parametrize("when", SINCE_WORDS)
def test_since_takes_what_every_other_since_takes(scenario: Run, when: str) -> None:
    """The WHEN language of `goal report --since` (dates, words, last-review): exactly the
    dated records from that day on, byte for byte the export of the ISO day."""
    first = SINCE_WORDS[when]
    whole = _bundle(scenario)
    result = scenario("export", "--format", "fhir", "--since", when)
    assert result.exit_code == 0, result.output
    later = json.loads(result.stdout)
    dated = [e["fullUrl"] for e in whole["entry"] if (_day(e["resource"]) or "") >= first]
    days = [day for e in whole["entry"] if (day := _day(e["resource"]))]
    assert dated and min(days) < first  # something was left out
    assert [e["fullUrl"] for e in later["entry"] if _day(e["resource"])] == dated
    assert result.stdout == scenario("export", "--format", "fhir", "--since", first).stdout


def test_since_last_review_with_no_review_leaves_nothing_out(goal: Run, tmp_path: Path) -> None:
    """As `goal report --since last-review`: with no review yet, everything is there."""
    document = json.loads(SCENARIO.read_text(encoding="utf-8"))
    for original in document["goals"]:
        original["reviews"] = []
    unreviewed = tmp_path / "unreviewed.json"
    unreviewed.write_text(json.dumps(document), encoding="utf-8")
    assert goal("import", str(unreviewed)).exit_code == 0
    result = goal("export", "--format", "fhir", "--since", "last-review")
    assert result.exit_code == 0, result.output
    assert result.stdout == goal("export", "--format", "fhir").stdout


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (("--since", "2999-01-01"), "is in the future"),
        (("--since", "tomorrow"), "is in the future"),
        (("--since", "in 2 weeks"), "is in the future"),
        (("--since", "03/04/2026"), "YYYY-MM-DD"),
        (("--since", "last week"), "last week"),
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


def test_a_check_in_with_no_value_is_carried_as_unknown_not_zero(goal: Run) -> None:
    """`goal log GOAL --note` or `--pleasure` alone saves a check-in with no value: the record
    says the value is absent (and the export does not fail on it); its note and rating stay."""
    assert goal("intake", "--yes", "--answers", str(EXAMPLES / "elevate-mood.toml")).exit_code == 0
    assert goal("log", "1", "--note", "only words today", "--pleasure", "6").exit_code == 0
    bundle = _bundle(goal)
    for entry in bundle["entry"]:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    (checkin,) = [
        o
        for o in _resources(bundle, "Observation")
        if _code(o) == (fhir.CODE_SYSTEM, "checkin-value")
    ]
    assert "valueQuantity" not in checkin
    assert checkin["dataAbsentReason"]["coding"][0]["code"] == "unknown"
    assert checkin["note"] == [{"text": "only words today"}]
    (pleasure,) = [o for o in _resources(bundle, "Observation") if _code(o)[1] == "pleasure"]
    assert pleasure["valueInteger"] == 6
    assert pleasure["derivedFrom"] == [{"reference": f"urn:uuid:{checkin['id']}"}]
    (walk,) = [g for g in _resources(bundle, "Goal") if g.get("outcomeReference")]
    assert walk["achievementStatus"]["coding"][0]["code"] == "in-progress"


GOAL_FLAGS = (
    "--specific", "Walk after lunch", "--measure", "minutes walked", "--unit", "min",
    "--baseline", "0", "--target", "30", "--relevant", "It lifts my mood", "--confidence", "6",
    "--target-date", "2027-02-26", "--step", "Shoes by the door", "--first-step", "1",
    "--first-step-on", "tomorrow", "--yes",
)  # fmt: skip


def _valid_whole(bundle: dict[str, Any]) -> None:
    Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    assert set(_references(bundle)) <= {entry["fullUrl"] for entry in bundle["entry"]}


def test_the_longest_and_oddest_text_goalcli_accepts_is_valid_json_and_r4(
    planned_fast: Run, tmp_path: Path
) -> None:
    """Every character goalcli lets in (newlines, tabs, quotes, backslashes, markup, emoji
    sequences, right-to-left script) at the longest length it lets in comes out as JSON the
    R4 models accept, the same characters; a control character never gets in."""
    goal = planned_fast  # two goals planned; the one added here is goal 3
    title = ('Gehen 🚶\u200d♀️ "jeden" Tag \\ <b>&amp;</b> شارع ' * 10)[:200].strip()
    assert goal("add", "--title", title, *GOAL_FLAGS).exit_code == 0
    line = 'Tag\tone: "quoted", back\\slash, </div><script>x</script>, 👨‍👩‍👧 {{ x }} [b]\n'
    # Invisible and direction characters are allowed in a note (only names refuse them).
    note = ("\u202eodd\u200bone " + line * 200)[:10_000].strip()
    assert len(note) > 9_900
    logged = goal("log", "3", "--value", "12", "--note", note)
    assert logged.exit_code == 0, logged.output
    for refused in ("a\x1bb", "bell\x07", "nul\x00l", "del\x7f", "cr\rlf"):
        result = goal("log", "3", "--value", "13", "--note", refused)
        assert result.exit_code == 2, (refused, result.output)
    target = tmp_path / "record.json"
    written = goal("export", "--format", "fhir", "--output", str(target))
    assert written.exit_code == 0, written.output
    raw = target.read_text(encoding="utf-8")
    assert not any(ord(c) < 32 and c != "\n" for c in raw)  # JSON escapes them
    bundle = json.loads(raw)
    _valid_whole(bundle)
    resource = _resources(bundle, "Goal")[2]
    assert resource["description"]["text"] == title
    (checkin,) = [o for o in _resources(bundle, "Observation") if "valueQuantity" in o]
    assert checkin["note"] == [{"text": note}] and checkin["valueQuantity"]["value"] == 12
    assert checkin["focus"] == [{"reference": f"urn:uuid:{resource['id']}"}]


def test_look_alike_titles_stay_separate_goals_with_their_own_records(planned_fast: Run) -> None:
    """ "Walk outside" twice and once with a Cyrillic а: three Goals, each title exactly as
    typed (nothing folded together), each check-in on its own goal."""
    goal = planned_fast  # two goals planned; these are goals 3, 4 and 5
    titles = ["Walk outside", "W\u0430lk outside", "Walk outside"]
    for title in titles:
        assert goal("add", "--title", title, *GOAL_FLAGS).exit_code == 0
    for goal_id, value in (("3", "5"), ("4", "7"), ("5", "9")):
        assert goal("log", goal_id, "--value", value).exit_code == 0
    bundle = _bundle(goal)
    _valid_whole(bundle)
    goals = _resources(bundle, "Goal")[2:]
    assert [g["description"]["text"] for g in goals] == titles
    assert len({g["id"] for g in goals}) == 3
    checkins = [o for o in _resources(bundle, "Observation") if "valueQuantity" in o]
    assert [(o["focus"][0]["reference"], o["valueQuantity"]["value"]) for o in checkins] == [
        (f"urn:uuid:{g['id']}", value) for g, value in zip(goals, (5, 7, 9), strict=True)
    ]


def test_an_empty_database_gives_the_patient_only_and_says_so(goal: Run, db_path: Path) -> None:
    """Decided: a valid Bundle (the Patient alone, named only if asked) and one sentence on
    stderr, so no one sends it believing it holds a history."""
    from goalcli.storage.database import open_database

    database = open_database(db_path, create=True)
    assert database is not None
    database.close()
    result = goal("export", "--format", "fhir")
    assert result.exit_code == 0, result.output
    bundle = json.loads(result.stdout)
    _valid_whole(bundle)
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Patient"]
    assert result.stderr == (
        "No goals, moods or questionnaires yet: the record holds the Patient only.\n"
    )
    since = goal("export", "--format", "fhir", "--since", "today")
    assert since.exit_code == 0, since.output
    assert (
        since.stderr
        == "No goals, and nothing from 2026-11-26 on: the record holds the Patient only.\n"
    )


def test_a_folder_or_the_wal_is_refused_as_every_output(scenario: Run, db_path: Path) -> None:
    for target, said in (
        (db_path.parent, "is a directory"),  # (the option's own check, before goalcli's)
        (Path(f"{db_path}-wal"), "is the database in use"),
    ):
        result = scenario("export", "--format", "fhir", "--output", str(target))
        assert result.exit_code == 2, result.output
        assert said in result.output


DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
DATE_FIELDS = ("effectiveDateTime", "authored", "startDate", "dueDate", "created", "end")


def _dates(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in DATE_FIELDS and isinstance(value, str):
                yield value
            else:
                yield from _dates(value)
    elif isinstance(node, list):
        for item in node:
            yield from _dates(item)


def _hand_checks(bundle: dict[str, Any]) -> None:
    """What the R4B models do not enforce: references resolve, gol-1, LOINC codes with their
    units, and every date a plain day (goalcli records days: no time, so no zone to get wrong)."""
    _valid_whole(bundle)
    for goal_resource in _resources(bundle, "Goal"):
        for target in goal_resource["target"]:
            if any(key.startswith("detail") for key in target):
                assert target["measure"]["text"]  # gol-1
    loinc = {"44261-6": "phq9", "70274-6": "gad7"}
    for observation in _resources(bundle, "Observation"):
        system, code = _code(observation)
        if system == "http://loinc.org":
            assert code in loinc
            assert observation["valueQuantity"]["unit"] == "{score}"
            assert observation["valueQuantity"]["system"] == "http://unitsofmeasure.org"
            assert observation["valueQuantity"]["code"] == "{score}"
        else:
            assert system == fhir.CODE_SYSTEM and code in fhir.CODES
    days = list(_dates(bundle))
    assert days and all(DAY.fullmatch(day) for day in days), days


def test_a_therapists_couple_profile_is_valid_r4_and_passes_the_hand_checks(
    goal: Run, tmp_path: Path
) -> None:
    """A couple's profile made as a therapist makes one (intake, members, the couple's name,
    check-ins, a review with each member's own ratings, questionnaires with a risk answer),
    exported with --profile and --include-name."""
    couple = ("--profile", "alex-and-sam")
    intake = goal(
        *couple,
        "intake",
        "--yes",
        "--answers",
        str(EXAMPLES / "couples.toml"),
        env={"GOALCLI_TODAY": "2026-11-01"},  # the first session, weeks ago
    )
    assert intake.exit_code == 0, intake.output
    members = goal(*couple, "profile", "members", "--add", "Alex", "--add", "Sam")
    assert members.exit_code == 0, members.output
    assert goal(*couple, "profile", "set", "--display-name", "Alex & Sam").exit_code == 0
    for when, value in (("10 days ago", "1"), ("3 days ago", "2"), ("today", "3")):
        logged = goal(*couple, "log", "1", "--value", value, "--date", when, "--pleasure", "5")
        assert logged.exit_code == 0, logged.output
    for member, gas, gbo in ((None, "0", "4"), ("Alex", "1", "6"), ("Sam", "-1", "3")):
        who = ("--member", member) if member else ()
        reviewed = goal(*couple, "review", "1", "--gas", gas, "--gbo", gbo, *who)
        assert reviewed.exit_code == 0, reviewed.output
    for measure, answers in (("phq9", "1,1,1,1,1,1,1,1,1"), ("gad7", "2,2,2,2,2,2,2")):
        taken = goal(*couple, "measure", "take", measure, "--answers", answers)
        assert taken.exit_code == 0, taken.output
    target = tmp_path / "couple.json"
    written = goal(*couple, "export", "--format", "fhir", "--include-name", "-o", str(target))
    assert written.exit_code == 0, written.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    bundle = json.loads(target.read_text(encoding="utf-8"))
    _hand_checks(bundle)
    (patient,) = _resources(bundle, "Patient")
    assert patient["name"] == [{"text": "Alex & Sam"}]
    (plan,) = _resources(bundle, "CarePlan")
    assert plan["description"] == "Therapy type: couples"
    assert "Members: Alex, Sam" in [n["text"] for n in plan["note"]]
    gbo = [o for o in _resources(bundle, "Observation") if _code(o)[1] == "gbo-rating"]
    assert [(o["valueInteger"], [n["text"] for n in o.get("note", [])]) for o in gbo] == [
        (4, []),
        (6, ["Rated by member Alex"]),
        (3, ["Rated by member Sam"]),
    ]
    (item9,) = [
        i
        for r in _resources(bundle, "QuestionnaireResponse")
        if r["questionnaire"] == fhir.QUESTIONNAIRES["phq9"]
        for i in r["item"]
        if i["linkId"] == "9"
    ]
    assert item9["answer"][0]["valueCoding"]["code"] == "phq9-answer-1"  # the risk answer
    # The default database is not the couple's: nothing of theirs is in it.
    assert goal("export", "--format", "fhir").stdout.count("Alex") == 0


def test_the_scenario_passes_the_hand_checks(scenario: Run) -> None:
    _hand_checks(_bundle(scenario))


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_a_check_in_is_dated_the_persons_own_day_in_any_zone(
    goal: Run, monkeypatch: pytest.MonkeyPatch, zone: str
) -> None:
    """UTC+14 and UTC-11: at any moment one of them is on another day than UTC. Today's
    check-in is dated the person's own day, as a plain date."""
    import time
    from datetime import date

    monkeypatch.delenv("GOALCLI_TODAY")
    before = os.environ.get("TZ")
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        assert (
            goal("intake", "--yes", "--answers", str(EXAMPLES / "elevate-mood.toml")).exit_code == 0
        )
        assert goal("log", "1", "--value", "6").exit_code == 0
        local_day = date.today().isoformat()
        (checkin,) = [o for o in _resources(_bundle(goal), "Observation") if "valueQuantity" in o]
    finally:  # the zone back now: later tests in this process read the clock too
        if before is None:
            monkeypatch.delenv("TZ")
        else:
            monkeypatch.setenv("TZ", before)
        time.tzset()
    assert checkin["effectiveDateTime"] == local_day
