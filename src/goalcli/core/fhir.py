"""goalcli's export document as one FHIR R4 (4.0.1) Bundle of type `collection`.

Pure: it reads the document `storage/transfer.export_json` builds (nothing is queried again) and
returns plain dicts ready for JSON. Every resource's `fullUrl` is a `urn:uuid:` made by UUID5 from
the database's identity and the row, so two exports of the same data are byte-identical and every
reference resolves inside the bundle. The mapping, field by field, is in docs/fhir.md.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from goalcli.core.measures import measure as measure_definition
from goalcli.core.progress import trends
from goalcli.core.progress.levels import as_kind

CODE_SYSTEM = "urn:uuid:bbdb6e7b-7fa5-45bc-b7db-6e28e6b821c5"
"""The one code system for codes no standard system has (each listed in docs/fhir.md).

A `urn:uuid:` (RFC 4122; FHIR allows it for `Coding.system`) minted once for goalcli and never
changed: an `https://` address would name a domain goalcli does not own, whose owner could one
day publish a different code system under it."""
QUESTIONNAIRES = {
    "phq9": "urn:uuid:18169cbd-9e29-4d86-b223-99abdc089309",
    "gad7": "urn:uuid:25516166-8ded-4379-857e-82b9515b22a6",
    "who5": "urn:uuid:4cb5a56d-8dee-41b6-8df7-7d57e5ade594",
}
"""The canonical identifier of each of goalcli's questionnaires (`QuestionnaireResponse
.questionnaire`), minted the same way."""
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"
DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"

# goalcli's own UUID5 namespace, so its ids never collide with another program's UUID5s. Fixed
# (it was once derived from an address the code system no longer uses) so that a row keeps its
# fullUrl across versions.
_NAMESPACE = uuid.UUID("068d3220-345c-5928-9a3f-2636f172f4d5")

LIFECYCLE = {"active": "active", "paused": "on-hold", "done": "completed", "dropped": "cancelled"}
"""goalcli's goal status -> Goal.lifecycleStatus."""

ACHIEVEMENT_DISPLAY = {
    "in-progress": "In Progress",
    "improving": "Improving",
    "worsening": "Worsening",
    "no-change": "No Change",
    "achieved": "Achieved",
    "not-achieved": "Not Achieved",
}

# Codes of the goalcli code system: code -> display.
CODES = {
    "checkin-value": "Check-in value of a goal's measure",
    "daily-mood": "Daily mood, 0 (worst) to 10 (best)",
    "gas-level": "Goal Attainment Scaling level, -2 to +2",
    "gbo-rating": "Goal-Based Outcome rating, 0 to 10",
    "who5-total": "WHO-5 Well-Being Index raw total, 0 to 25",
    "pleasure": "Pleasure felt doing the activity, 0 (none) to 10 (the most)",
    "mastery": "Mastery (sense of achievement) in the activity, 0 (none) to 10 (the most)",
    "excused-day": "A day excused from the goal (ill, away, a crisis): not counted as missed",
}

RATINGS = ("pleasure", "mastery")
"""Behavioural activation's ratings (migration m012), on check-ins and on steps."""

# A measure's total: LOINC where LOINC has a code checked; else goalcli's own code.
TOTAL_CODES = {
    "phq9": (
        LOINC,
        "44261-6",
        "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
    ),
    "gad7": (
        LOINC,
        "70274-6",
        "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]",
    ),
    "who5": (CODE_SYSTEM, "who5-total", CODES["who5-total"]),
}


def database_identity(document: dict[str, Any]) -> str:
    """A stable identity for the database, derived from its export (goalcli databases carry no
    id of their own): the first intake's and first goal's creation, which no later check-in,
    review or edit of wording changes. An empty database is identified as empty."""
    intakes, goals = document.get("intakes") or [], document.get("goals") or []
    parts = ["goalcli"]
    if intakes:
        parts.append(f"intake:{intakes[0]['id']}:{intakes[0]['created_on']}")
    if goals:
        parts.append(f"goal:{goals[0]['id']}:{goals[0]['created_at']}")
    return "|".join(parts)


def achievement_status(goal: dict[str, Any]) -> str:
    """Goal.achievementStatus from goalcli's status and trend (the table in docs/fhir.md).

    done -> achieved; dropped -> not-achieved; otherwise goalcli's own trend (the one `goal
    show` and the report give, core/progress/trends.py) as of the goal's last check-in:
    improving, worsening, steady -> no-change, too few check-ins for a trend -> in-progress.
    As of the last check-in, not today, so the same data always gives the same answer."""
    status = goal["status"]
    if status == "done":
        return "achieved"
    if status == "dropped":
        return "not-achieved"
    readings = [
        (date.fromisoformat(c["day"]), float(c["value"]))
        for c in goal["checkins"]
        if c["value"] is not None  # a check-in with only a note or ratings has no reading
    ]
    if not readings:
        return "in-progress"
    found = trends.trend(
        as_kind(goal["kind"]),
        readings,
        float(goal["baseline"]),
        float(goal["target"]),
        date.fromisoformat(goal["start_date"]),
        max(day for day, _ in readings),
        {date.fromisoformat(entry["day"]) for entry in goal.get("excused_days") or ()},
    )
    if found is None:
        return "in-progress"
    return {"improving": "improving", "worsening": "worsening", "steady": "no-change"}[
        found.direction
    ]


def latest_review_day(document: dict[str, Any], until: date) -> date | None:
    """The day of the latest review up to `until` (`--since last-review`, as `goal report`
    reads it), or None when there is none: then nothing is left out."""
    days = [
        review["day"]
        for goal in document["goals"]
        for review in goal["reviews"]
        if review["day"] <= until.isoformat()
    ]
    return date.fromisoformat(max(days)) if days else None


class _Ids:
    def __init__(self, identity: str) -> None:
        self._identity = identity

    def __call__(self, *row: object) -> str:
        name = "|".join([self._identity, *(str(part) for part in row)])
        return f"urn:uuid:{uuid.uuid5(_NAMESPACE, name)}"


def _coding(system: str, code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


def _category(code: str) -> list[dict[str, Any]]:
    display = {"survey": "Survey", "activity": "Activity"}[code]
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": code, "display": display}]}]


def _quantity(value: float, unit: str) -> dict[str, Any]:
    """A quantity with goalcli's unit as text (no UCUM code is claimed for free-text units)."""
    quantity: dict[str, Any] = {"value": _number(value)}
    if unit:
        quantity["unit"] = unit
    return quantity


def _checkin_value(value: float | None, unit: str) -> dict[str, Any]:
    """A check-in's value; one given with no value (a note, ratings) has none, said as FHIR
    says it (`dataAbsentReason` unknown), never a 0."""
    if value is None:
        return {
            "dataAbsentReason": {
                "coding": [{"system": DATA_ABSENT, "code": "unknown", "display": "Unknown"}]
            }
        }
    return {"valueQuantity": _quantity(value, unit)}


def _score(value: int, unit: str = "{score}") -> dict[str, Any]:
    """A score: UCUM's annotation unit `{score}`."""
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _entry(full_url: str, resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": full_url, "resource": resource}


@dataclass(frozen=True)
class _Scope:
    """What every resource of one bundle shares: its ids, its Patient, and the first day kept."""

    ids: _Ids
    subject: dict[str, Any]
    first_day: str
    """ISO day of `--since`, or "" (keeps every day: ISO days compare as text)."""

    def keeps(self, day: str) -> bool:
        return day >= self.first_day


def bundle(
    document: dict[str, Any], *, since: date | None = None, display_name: str | None = None
) -> dict[str, Any]:
    """The FHIR Bundle of an export document. `since`: only check-ins (and their ratings),
    step ratings, excused days, moods, reviews and questionnaires from that day on (goals, plan
    and steps whole; a step rated with no day it was done on stays). `display_name`: the
    Patient's name (None: no name at all)."""
    ids = _Ids(database_identity(document))
    patient_url = ids("patient")
    scope = _Scope(ids, {"reference": patient_url}, since.isoformat() if since else "")
    goal_entries: list[dict[str, Any]] = []
    observation_entries: list[dict[str, Any]] = []
    goal_urls: list[str] = []
    for goal in document["goals"]:
        goal_url = ids("goal", goal["id"])
        goal_urls.append(goal_url)
        outcomes, observations = _goal_observations(goal, goal_url, scope)
        goal_entries.append(_entry(goal_url, _goal(goal, goal_url, scope.subject, outcomes)))
        observation_entries += observations
    # Resources in this order, every goal's observations together after the plans: the order
    # two exports of the same data must share (tests/data/golden holds it).
    entries = [
        _patient(patient_url, display_name),
        *goal_entries,
        *_care_plans(document, ids, scope.subject, goal_urls),
        *observation_entries,
        *_moods(document["moods"], scope),
        *_questionnaires(document["measures"], scope),
        *_risk_events(document.get("risk_events") or [], scope),
    ]
    return {
        "resourceType": "Bundle",
        "id": _id(ids("bundle")),
        "type": "collection",
        "entry": entries,
    }


def _patient(url: str, display_name: str | None) -> dict[str, Any]:
    patient: dict[str, Any] = {"resourceType": "Patient", "id": _id(url)}
    if display_name:
        patient["name"] = [{"text": display_name}]
    return _entry(url, patient)


def _goal_observations(
    goal: dict[str, Any], goal_url: str, scope: _Scope
) -> tuple[list[str], list[dict[str, Any]]]:
    """A goal's Observations kept by `scope`, and the goal's outcomes among them: the check-ins'
    values and the reviews' ratings (not the pleasure and mastery ratings, not excused days)."""
    checkin_urls, checkins = _checkin_observations(goal, goal_url, scope)
    review_urls, reviews = _review_observations(goal, goal_url, scope)
    observations = [
        *checkins,
        *_step_ratings(goal, goal_url, scope),
        *_excused_days(goal, goal_url, scope),
        *reviews,
    ]
    return [*checkin_urls, *review_urls], observations


def _checkin_observations(
    goal: dict[str, Any], goal_url: str, scope: _Scope
) -> tuple[list[str], list[dict[str, Any]]]:
    """Each check-in's value (its url returned as an outcome), each followed by its ratings."""
    urls: list[str] = []
    entries: list[dict[str, Any]] = []
    for checkin in goal["checkins"]:
        if not scope.keeps(checkin["day"]):
            continue
        url = scope.ids("checkin", goal["id"], checkin["day"])
        urls.append(url)
        observation = _observation(
            url,
            scope.subject,
            "activity",
            "checkin-value",
            checkin["day"],
            _checkin_value(checkin["value"], goal["unit"] or ""),
            goal_url,
        )
        if checkin["note"]:
            observation["note"] = [{"text": checkin["note"]}]
        entries.append(_entry(url, observation))
        entries += _checkin_ratings(goal, checkin, url, goal_url, scope)
    return urls, entries


def _checkin_ratings(
    goal: dict[str, Any], checkin: dict[str, Any], checkin_url: str, goal_url: str, scope: _Scope
) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for code in RATINGS:
        if checkin.get(code) is None:  # not rated (never read as 0)
            continue
        rating_url = scope.ids("checkin-rating", goal["id"], checkin["day"], code)
        rating = _observation(
            rating_url,
            scope.subject,
            "survey",
            code,
            checkin["day"],
            {"valueInteger": checkin[code]},
            goal_url,
        )
        # Given with that check-in: the value it rates is that Observation's.
        rating["derivedFrom"] = [{"reference": checkin_url}]
        entries.append(_entry(rating_url, rating))
    return entries


def _step_ratings(goal: dict[str, Any], goal_url: str, scope: _Scope) -> list[dict[str, Any]]:
    plan_url = scope.ids("careplan", goal["intake"] if goal["intake"] is not None else "none")
    entries: list[dict[str, Any]] = []
    for step in goal["steps"]:
        done_on = step["done_on"]
        if done_on is not None and not scope.keeps(done_on):
            continue
        for code in RATINGS:
            if step.get(code) is None:
                continue
            rating_url = scope.ids("step-rating", goal["id"], step["position"], code)
            rating = _observation(
                rating_url,
                scope.subject,
                "survey",
                code,
                done_on,
                {"valueInteger": step[code]},
                goal_url,
            )
            # The step is an activity of the plan (no resource of its own): the rating is
            # based on the plan and names the step.
            rating["basedOn"] = [{"reference": plan_url}]
            rating["note"] = [{"text": f"Step: {step['text']}"}]
            entries.append(_entry(rating_url, rating))
    return entries


def _excused_days(goal: dict[str, Any], goal_url: str, scope: _Scope) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for excused in goal.get("excused_days") or []:
        if not scope.keeps(excused["day"]):
            continue
        url = scope.ids("excused-day", goal["id"], excused["day"])
        value = {"valueString": excused["reason"]} if excused["reason"] else {}
        observation = _observation(
            url, scope.subject, "activity", "excused-day", excused["day"], value, goal_url
        )
        entries.append(_entry(url, observation))
    return entries


def _review_observations(
    goal: dict[str, Any], goal_url: str, scope: _Scope
) -> tuple[list[str], list[dict[str, Any]]]:
    """A review's GAS level and GBO rating, each an Observation (its url returned as an outcome)
    carrying the review's words as notes."""
    urls: list[str] = []
    entries: list[dict[str, Any]] = []
    # Numbered among all the goal's reviews, kept or not, so a review keeps its id under --since.
    for number_, review in enumerate(goal["reviews"], start=1):
        if not scope.keeps(review["day"]):
            continue
        notes = _review_notes(review)
        for code, value in (("gas-level", review["gas"]), ("gbo-rating", review["gbo"])):
            if value is None:
                continue
            url = scope.ids("review", goal["id"], number_, code)
            urls.append(url)
            observation = _observation(
                url, scope.subject, "survey", code, review["day"], {"valueInteger": value}, goal_url
            )
            if notes:
                observation["note"] = [{"text": text} for text in notes]
            entries.append(_entry(url, observation))
    return urls, entries


def _review_notes(review: dict[str, Any]) -> list[str]:
    notes = [
        f"{label}: {review[key]}"
        for key, label in (
            ("helped", "Helped"),
            ("hindered", "Hindered"),
            ("next_step", "Next step"),
            ("note", "Note"),
        )
        if review[key]
    ]
    if review["member"]:
        notes.insert(0, f"Rated by member {review['member']}")
    return notes


def _moods(moods: list[dict[str, Any]], scope: _Scope) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for mood in moods:
        if not scope.keeps(mood["day"]):
            continue
        url = scope.ids("mood", mood["day"])
        observation = _observation(
            url,
            scope.subject,
            "survey",
            "daily-mood",
            mood["day"],
            {"valueInteger": mood["mood"]},
            None,
        )
        entries.append(_entry(url, observation))
    return entries


def _questionnaires(measures: list[dict[str, Any]], scope: _Scope) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for taken in measures:
        if scope.keeps(taken["day"]):
            entries += _questionnaire(taken, scope.ids, scope.subject)
    return entries


def _risk_events(risk_events: list[dict[str, Any]], scope: _Scope) -> list[dict[str, Any]]:
    """A risk answer is never dropped: answers replaced (or met on import) that carried one
    stay in the record as a response of their own, `amended`, with no total."""
    entries: list[dict[str, Any]] = []
    for number_, kept in enumerate(risk_events, start=1):
        if not scope.keeps(kept["day"]):
            continue
        url = scope.ids("risk-event", number_, kept["measure"], kept["day"])
        response = _response(url, {**kept, "followup": None}, scope.subject)
        response["status"] = "amended"
        entries.append(_entry(url, response))
    return entries


def _id(full_url: str) -> str:
    return full_url.removeprefix("urn:uuid:")


def _observation(
    url: str,
    subject: dict[str, Any],
    category: str,
    code: str,
    day: str | None,
    value: dict[str, Any],
    goal_url: str | None,
) -> dict[str, Any]:
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "id": _id(url),
        "status": "final",
        "category": _category(category),
        "code": _coding(CODE_SYSTEM, code, CODES[code]),
        "subject": subject,
    }
    if goal_url:
        observation["focus"] = [{"reference": goal_url}]
    if day is not None:  # a step rated with no day it was done on: no day is claimed
        observation["effectiveDateTime"] = day
    observation.update(value)
    return observation


def _goal(
    goal: dict[str, Any], url: str, subject: dict[str, Any], outcomes: list[str]
) -> dict[str, Any]:
    achieved = achievement_status(goal)
    notes = [
        f"{label}: {goal[key]}"
        for key, label in (
            ("specific", "Specific"),
            ("measure", "Measurable"),
            ("relevant", "Relevant"),
            ("frequency", "Check-in frequency"),
        )
        if goal[key]
    ]
    notes.append(f"Baseline: {_number(goal['baseline'])} {goal['unit'] or ''}".rstrip())
    if goal["confidence"] is not None:
        notes.append(f"Confidence (achievable): {goal['confidence']}/10")
    notes.append(f"Kind: {'weekly total' if goal['kind'] == 'weekly_total' else 'daily reading'}")
    if goal["gas_levels"]:
        for level, text in zip(range(-2, 3), goal["gas_levels"], strict=True):
            notes.append(f"GAS level {level:+d}: {text}")
    target: dict[str, Any] = {
        "measure": {"text": goal["measure"] or goal["title"]},
        "detailQuantity": _quantity(goal["target"], goal["unit"] or ""),
    }
    if goal["target_date"]:
        target["dueDate"] = goal["target_date"]
    resource: dict[str, Any] = {
        "resourceType": "Goal",
        "id": _id(url),
        "lifecycleStatus": LIFECYCLE[goal["status"]],
        "achievementStatus": {
            "coding": [
                {"system": ACHIEVEMENT, "code": achieved, "display": ACHIEVEMENT_DISPLAY[achieved]}
            ]
        },
        "description": {"text": goal["title"]},
        "subject": subject,
        "startDate": goal["start_date"],
        "target": [target],
        "note": [{"text": text} for text in notes],
    }
    if outcomes:
        resource["outcomeReference"] = [{"reference": ref} for ref in outcomes]
    return resource


def _care_plans(
    document: dict[str, Any], ids: _Ids, subject: dict[str, Any], goal_urls: list[str]
) -> list[dict[str, Any]]:
    """One CarePlan per intake (the plan), holding its goals and their steps; goals made with no
    intake go in a plan of their own, so every goal and step is carried."""
    by_intake: dict[int | None, list[tuple[dict[str, Any], str]]] = {}
    for goal, url in zip(document["goals"], goal_urls, strict=True):
        by_intake.setdefault(goal["intake"], []).append((goal, url))
    intakes = {intake["id"]: intake for intake in document["intakes"]}
    keys: list[int | None] = [intake["id"] for intake in document["intakes"]]
    if None in by_intake:
        keys.append(None)
    return [
        _care_plan(
            ids("careplan", key if key is not None else "none"),
            intakes.get(key) if key is not None else None,
            by_intake.get(key, []),
            subject,
            # The household's members are named once, on the first plan.
            document.get("members") if key == keys[0] else None,
        )
        for key in keys
    ]


def _care_plan(
    url: str,
    intake: dict[str, Any] | None,
    members: list[tuple[dict[str, Any], str]],
    subject: dict[str, Any],
    household: list[str] | None,
) -> dict[str, Any]:
    """The plan of one intake (None: of the goals made with none): its goals, their steps as
    activities, and the intake's answers as notes."""
    plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": _id(url),
        "status": "active",
        "intent": "plan",
        "title": "goalcli plan" if intake else "goalcli goals without an intake",
        "subject": subject,
    }
    if intake:
        plan["created"] = intake["created_on"]
        plan["description"] = f"Therapy type: {intake['therapy_type']}"
    if members:
        plan["goal"] = [{"reference": goal_url} for _, goal_url in members]
    activities = [
        _plan_activity(step, goal_url) for goal, goal_url in members for step in goal["steps"]
    ]
    if activities:
        plan["activity"] = activities
    if intake:
        notes = _intake_notes(intake, household)
        if notes:
            plan["note"] = [{"text": text} for text in notes]
    return _entry(url, plan)


def _plan_activity(step: dict[str, Any], goal_url: str) -> dict[str, Any]:
    """A step as an activity of the plan."""
    detail: dict[str, Any] = {
        "status": "completed" if step["done_on"] else "not-started",
        "description": step["text"],
        "goal": [{"reference": goal_url}],
    }
    if step["due_on"]:
        detail["scheduledPeriod"] = {"end": step["due_on"]}
    activity: dict[str, Any] = {"detail": detail}
    progress = []
    if step["done_on"]:
        progress.append({"text": f"Done on {step['done_on']}"})
    if step.get("expected_pleasure") is not None:
        # A prediction made when it was planned, not something observed.
        progress.append({"text": f"Pleasure predicted: {step['expected_pleasure']}/10"})
    if progress:
        activity["progress"] = progress
    return activity


def _intake_notes(intake: dict[str, Any], household: list[str] | None) -> list[str]:
    notes = [
        f"{label}: {intake[key]}"
        for key, label in (
            ("expectations", "Expectations"),
            ("obstacles", "Obstacles"),
            ("success_feels_like", "Success feels like"),
            ("motivations", "Motivations"),
            ("support_contact", "Support contact"),
        )
        if intake[key]
    ]
    if household:
        notes.append("Members: " + ", ".join(household))
    return notes


def _questionnaire(
    taken: dict[str, Any], ids: _Ids, subject: dict[str, Any]
) -> list[dict[str, Any]]:
    """A questionnaire taken: its response, and an Observation of its total derived from it."""
    response_url = ids("questionnaire", taken["measure"], taken["day"])
    response = _response(response_url, taken, subject)
    system, code, display = TOTAL_CODES[taken["measure"]]
    total_url = ids("questionnaire-total", taken["measure"], taken["day"])
    total = {
        "resourceType": "Observation",
        "id": _id(total_url),
        "status": "final",
        "category": _category("survey"),
        "code": _coding(system, code, display),
        "subject": subject,
        "effectiveDateTime": taken["day"],
        "valueQuantity": _score(int(taken["total"])),
        "derivedFrom": [{"reference": response_url}],
    }
    return [_entry(response_url, response), _entry(total_url, total)]


def _answer(system_code: str, display: str) -> list[dict[str, Any]]:
    return [{"valueCoding": {"system": CODE_SYSTEM, "code": system_code, "display": display}}]


def _response(url: str, taken: dict[str, Any], subject: dict[str, Any]) -> dict[str, Any]:
    """Every item's answer (the risk item like any other), and PHQ-9's difficulty question."""
    definition = measure_definition(taken["measure"])
    items: list[dict[str, Any]] = [
        {
            "linkId": str(number_),
            "text": text,
            "answer": _answer(f"{taken['measure']}-answer-{answer}", definition.answers[answer]),
        }
        for number_, (text, answer) in enumerate(
            zip(definition.items, taken["answers"], strict=True), start=1
        )
    ]
    followup = taken["followup"]
    if definition.followup is not None and followup is not None:
        items.append(
            {
                "linkId": "followup",
                "text": definition.followup.text,
                "answer": _answer(
                    f"{taken['measure']}-followup-{followup}", definition.followup.answers[followup]
                ),
            }
        )
    return {
        "resourceType": "QuestionnaireResponse",
        "id": _id(url),
        "questionnaire": QUESTIONNAIRES[taken["measure"]],
        "status": "completed",
        "subject": subject,
        "authored": taken["day"],
        "item": items,
    }
