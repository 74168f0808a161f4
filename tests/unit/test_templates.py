"""The goal templates: complete, well-formed, and easy to look up."""

from __future__ import annotations

import re

import pytest

from goalcli.core.templates import TEMPLATES, THERAPY_TYPES, Template, get_template, templates_for
from goalcli.errors import InputError

REQUIRED_IDS = {
    "individual": [
        "elevate-mood",
        "substance-use",
        "behaviour-change",
        "toxic-relationship",
        "bad-habit",
        "creativity",
        "alleviate-depression",
        "decision-making",
    ],
    "couples": ["couples-fears", "couples-compromise", "couples-root-conflict"],
    "family": ["family-communication", "family-conflict-patterns", "family-loss"],
}

SLUG = re.compile(r"^[a-z0-9-]+$")
FREQUENCY = re.compile(r"^(daily|[1-7] per week)$")


def ids(templates):
    return [t.id for t in templates]


@pytest.mark.parametrize(
    ("template_id", "therapy_type"),
    [(tid, kind) for kind, tids in REQUIRED_IDS.items() for tid in tids],
)
def test_required_template_exists_with_its_therapy_type(template_id, therapy_type):
    assert get_template(template_id).therapy_type == therapy_type


def test_ids_are_unique_slugs():
    all_ids = ids(TEMPLATES)
    assert len(all_ids) == len(set(all_ids))
    for tid in all_ids:
        assert SLUG.match(tid), tid
        assert not tid.startswith("-") and not tid.endswith("-"), tid


@pytest.mark.parametrize("template", TEMPLATES, ids=ids(TEMPLATES))
def test_template_is_well_formed(template: Template):
    assert template.therapy_type in THERAPY_TYPES
    assert 0 < len(template.title) <= 40
    for text in (template.specific, template.measure, template.unit, template.relevant):
        assert text.strip() == text and text, template.id
    assert isinstance(template.steps, tuple)
    assert 3 <= len(template.steps) <= 5
    assert all(step.strip() for step in template.steps)
    assert len(set(template.steps)) == len(template.steps)
    assert isinstance(template.baseline, int | float) and not isinstance(template.baseline, bool)
    assert isinstance(template.target, int | float) and not isinstance(template.target, bool)
    assert template.baseline >= 0 and template.target >= 0
    assert template.target != template.baseline
    assert FREQUENCY.match(template.frequency), template.frequency


@pytest.mark.parametrize("template", TEMPLATES, ids=ids(TEMPLATES))
def test_ratings_stay_on_a_zero_to_ten_scale(template: Template):
    if "0-10" in template.measure:
        assert 0 <= template.baseline <= 10 and 0 <= template.target <= 10


def test_decrease_goals_are_supported():
    assert get_template("substance-use").target < get_template("substance-use").baseline
    assert get_template("bad-habit").target < get_template("bad-habit").baseline


def test_templates_are_immutable():
    with pytest.raises(AttributeError):
        get_template("creativity").title = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("spelling", ["Elevate-Mood", "ELEVATE-MOOD", " elevate-mood "])
def test_get_template_ignores_case(spelling):
    assert get_template(spelling).id == "elevate-mood"


@pytest.mark.parametrize("unknown", ["walk-more", "", "elevate", "elevate mood"])
def test_get_template_refuses_unknown_ids(unknown):
    with pytest.raises(InputError) as caught:
        get_template(unknown)
    message = str(caught.value)
    assert f"'{unknown}'" in message
    assert "goal templates" in message
    assert caught.value.exit_code == 2


def test_templates_for_without_a_type_returns_everything():
    assert templates_for() == list(TEMPLATES)
    assert templates_for(None) == list(TEMPLATES)


@pytest.mark.parametrize("therapy_type", THERAPY_TYPES)
def test_templates_for_filters_by_type(therapy_type):
    chosen = templates_for(therapy_type)
    assert chosen
    assert all(t.therapy_type == therapy_type for t in chosen)
    assert set(REQUIRED_IDS[therapy_type]) <= set(ids(chosen))
    assert templates_for(therapy_type.upper()) == chosen


def test_templates_for_covers_every_template_once():
    combined = [t for kind in THERAPY_TYPES for t in templates_for(kind)]
    assert sorted(ids(combined)) == sorted(ids(TEMPLATES))


def test_templates_for_refuses_unknown_type():
    with pytest.raises(InputError) as caught:
        templates_for("group")
    assert "'group'" in str(caught.value)


def test_templates_for_returns_a_fresh_list():
    first = templates_for()
    first.clear()
    assert templates_for()


@pytest.mark.parametrize("template", TEMPLATES, ids=ids(TEMPLATES))
def test_every_template_passes_every_smart_check_it_can(template: Template) -> None:
    """goalcli's own examples pass its own coaching (issue 23): S, M and R come from the
    template itself; A and T from the client's answers, so a confident client (7/10) with a
    target date three months out gets no suggestion at all, the way `goal intake` asks."""
    from datetime import date, timedelta

    from goalcli.core import smart

    today = date(2026, 11, 26)
    target_date = today + timedelta(days=91)
    decrease = template.target < template.baseline
    suggestions = [
        smart.coach_specific(template.specific),
        smart.coach_measurable(template.measure, template.unit),
        smart.coach_achievable(7, decrease=decrease),
        smart.coach_relevant(template.relevant),
        smart.coach_time_bound(target_date, today),
    ]
    assert [s for s in suggestions if s is not None] == []
    checklist = smart.smart_checklist(
        template.specific, template.measure, template.unit, 7, template.relevant, target_date, today
    )
    assert all(checklist.values()), checklist
