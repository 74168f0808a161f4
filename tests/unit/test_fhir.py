"""core/fhir.py on hand-made export documents: the achievementStatus table, the stable ids,
and what --since and the display name change."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest

from goalcli.core import fhir


def _goal(
    status: str, values: list[float], baseline: float = 0, target: float = 10
) -> dict[str, Any]:
    return {
        "id": 1,
        "intake": None,
        "title": "Walk",
        "specific": None,
        "measure": "minutes",
        "unit": "min",
        "baseline": baseline,
        "target": target,
        "relevant": None,
        "confidence": None,
        "frequency": "daily",
        "kind": "reading",
        "weight": 1,
        "start_date": "2026-01-01",
        "target_date": None,
        "status": status,
        "created_at": "2026-01-01T09:00:00+00:00",
        "gas_levels": None,
        "steps": [],
        "checkins": [
            {"day": f"2026-01-{day:02d}", "value": value, "note": None}
            for day, value in enumerate(values, start=1)
        ],
        "reviews": [],
        "changes": [],
    }


def _document(*goals: dict[str, Any]) -> dict[str, Any]:
    return {"intakes": [], "goals": list(goals), "moods": [], "measures": [], "members": []}


@pytest.mark.parametrize(
    ("status", "values", "baseline", "target", "expected"),
    [
        ("done", [], 0, 10, "achieved"),
        ("done", [5, 1], 0, 10, "achieved"),  # done is what the person said, whatever the trend
        ("dropped", [1, 5], 0, 10, "not-achieved"),
        ("active", [], 0, 10, "in-progress"),
        ("active", [1, 2, 3], 0, 10, "in-progress"),  # goalcli's trend needs 4 readings
        # 1 a day = 7 a week, past the 5% of |10 - 0| a week goalcli calls a trend
        ("active", [1, 2, 3, 4], 0, 10, "improving"),
        ("active", [4, 3, 2, 1], 0, 10, "worsening"),
        ("active", [4, 3, 2, 1], 5, 0, "improving"),  # a goal to lower the measure
        ("active", [1, 2, 3, 4], 5, 0, "worsening"),
        ("paused", [2, 2, 2, 2], 0, 10, "no-change"),
        # median slope (0 + 0.05/3) / 2 a day, about 0.06 a week: under 0.5, steady
        ("active", [2, 2, 2, 2.05], 0, 10, "no-change"),
        # slopes -7, -3, 0.5, 0.67, 1, 8: median 0.58 a day; the odd 9 does not swing it
        ("paused", [1, 9, 2, 3], 0, 10, "improving"),
    ],
)
def test_achievement_status_table(
    status: str, values: list[float], baseline: float, target: float, expected: str
) -> None:
    assert fhir.achievement_status(_goal(status, values, baseline, target)) == expected


def test_lifecycle_covers_every_goal_status() -> None:
    from goalcli.core.history import STATUSES

    assert set(fhir.LIFECYCLE) == set(STATUSES)


def test_ids_stay_when_data_is_added_and_differ_between_databases() -> None:
    first = fhir.bundle(_document(_goal("active", [1, 2])))
    more = fhir.bundle(_document(_goal("active", [1, 2, 3])))
    urls, more_urls = [e["fullUrl"] for e in first["entry"]], [e["fullUrl"] for e in more["entry"]]
    assert set(urls) < set(more_urls)  # a new check-in adds an entry; none of the others moves
    other = _goal("active", [1, 2])
    other["created_at"] = "2026-02-01T09:00:00+00:00"
    elsewhere = fhir.bundle(_document(other))
    assert not {e["fullUrl"] for e in elsewhere["entry"]} & set(urls)


def test_since_drops_earlier_observations_and_their_outcome_references() -> None:
    result = fhir.bundle(_document(_goal("active", [1, 2, 3])), since=date(2026, 1, 2))
    observations = [
        e["resource"] for e in result["entry"] if e["resource"]["resourceType"] == "Observation"
    ]
    assert [o["effectiveDateTime"] for o in observations] == ["2026-01-02", "2026-01-03"]
    (goal,) = [e["resource"] for e in result["entry"] if e["resource"]["resourceType"] == "Goal"]
    assert len(goal["outcomeReference"]) == 2


def test_patient_name_only_when_given() -> None:
    anonymous = fhir.bundle(_document())["entry"][0]["resource"]
    named = fhir.bundle(_document(), display_name="Alex R.")["entry"][0]["resource"]
    assert "name" not in anonymous
    assert named["name"] == [{"text": "Alex R."}]
    assert anonymous["id"] == named["id"]


def test_a_goal_without_target_date_or_unit_still_has_measure_with_detail() -> None:
    goal = _goal("active", [])
    goal["unit"], goal["measure"] = None, None
    result = fhir.bundle(_document(goal))
    (resource,) = [
        e["resource"] for e in result["entry"] if e["resource"]["resourceType"] == "Goal"
    ]
    (target,) = resource["target"]
    assert target == {"measure": {"text": "Walk"}, "detailQuantity": {"value": 10}}


def test_goalcli_codes_and_questionnaires_use_identifiers_no_domain_owner_can_take() -> None:
    """goalcli owns no web domain: its code system and questionnaires are `urn:uuid:`s (RFC
    4122), each distinct, and no goalcli identifier anywhere in a bundle is an address."""
    minted = [fhir.CODE_SYSTEM, *fhir.QUESTIONNAIRES.values()]
    assert len(set(minted)) == len(minted)
    for identifier in minted:
        assert identifier.startswith("urn:uuid:")
        uuid.UUID(identifier.removeprefix("urn:uuid:"))
    assert set(fhir.QUESTIONNAIRES) == {"phq9", "gad7", "who5"}
    assert "goalcli.org" not in repr(fhir.bundle(_document(_goal("active", [1, 2]))))


def test_ids_did_not_move_with_the_code_system() -> None:
    """The UUID5 namespace is fixed: the Patient of an empty database keeps the id it had
    when the namespace was the UUID5 of the code system's old address."""
    old_namespace = uuid.uuid5(uuid.NAMESPACE_URL, "https://goalcli.org/fhir/CodeSystem/goalcli")
    patient = fhir.bundle(_document())["entry"][0]
    assert patient["fullUrl"] == f"urn:uuid:{uuid.uuid5(old_namespace, 'goalcli|patient')}"


def test_since_keeps_ratings_and_excused_days_from_that_day() -> None:
    """A check-in and a step rated before and after the day, an excused day each side; a step
    not done yet keeps its rating with no day claimed. Every Observation is valid R4."""
    from fhir.resources.R4B import get_fhir_model_class

    goal = _goal("active", [1, 2, 3, 4, 5])
    goal["checkins"][0].update({"pleasure": 3, "mastery": None})  # 2026-01-01
    goal["checkins"][4].update({"pleasure": 6, "mastery": 4})  # 2026-01-05
    goal["steps"] = [
        {"position": 1, "text": "a", "due_on": None, "done_on": "2026-01-02",
         "expected_pleasure": None, "pleasure": 5, "mastery": None},
        {"position": 2, "text": "b", "due_on": None, "done_on": "2026-01-06",
         "expected_pleasure": None, "pleasure": None, "mastery": 7},
        {"position": 3, "text": "c", "due_on": None, "done_on": None,
         "expected_pleasure": 2, "pleasure": 1, "mastery": None},
    ]  # fmt: skip
    goal["excused_days"] = [
        {"day": "2025-12-31", "reason": None},
        {"day": "2026-01-04", "reason": "ill"},
    ]
    later = fhir.bundle(_document(goal), since=date(2026, 1, 4))
    observations = [
        e["resource"] for e in later["entry"] if e["resource"]["resourceType"] == "Observation"
    ]
    kept = [
        (o["code"]["coding"][0]["code"], o.get("effectiveDateTime"))
        for o in observations
        if o["code"]["coding"][0]["code"] != "checkin-value"
    ]
    assert kept == [
        ("pleasure", "2026-01-05"),
        ("mastery", "2026-01-05"),
        ("mastery", "2026-01-06"),
        ("pleasure", None),
        ("excused-day", "2026-01-04"),
    ]
    for observation in observations:
        get_fhir_model_class("Observation").model_validate(observation)
    urls = {e["fullUrl"] for e in later["entry"]}
    references = [
        r["reference"] for o in observations for key in ("focus", "derivedFrom", "basedOn")
        for r in o.get(key, [])
    ]  # fmt: skip
    assert references and set(references) <= urls
