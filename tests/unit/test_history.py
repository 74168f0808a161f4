"""The pure core of a goal's history: change wording and status transitions."""

from __future__ import annotations

from datetime import date

import pytest

from goalcli.core import gas, history
from goalcli.errors import InputError

DAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("field", "old", "new", "expected"),
    [
        ("target", "8", "6", "target lowered from 8 to 6 on 2026-12-03"),
        ("target", "6", "8.5", "target raised from 6 to 8.5 on 2026-12-03"),
        ("confidence", "4", "7", "confidence raised from 4 to 7 on 2026-12-03"),
        ("confidence", "7", "3", "confidence lowered from 7 to 3 on 2026-12-03"),
        ("baseline", "5", "2", "start point lowered from 5 to 2 on 2026-12-03"),
        (
            "start_date",
            "2026-12-03",
            "2026-11-30",
            "start date moved from 2026-12-03 to 2026-11-30 on 2026-12-03",
        ),
        (
            "target_date",
            "2027-02-26",
            "2027-03-26",
            "target date moved from 2027-02-26 to 2027-03-26 on 2026-12-03",
        ),
        (
            "title",
            "Walk",
            "Walk outside",
            "title changed from “Walk” to “Walk outside” on 2026-12-03",
        ),
        (
            "specific",
            "Walk",
            "Walk after lunch",
            "what you will do changed from “Walk” to “Walk after lunch” on 2026-12-03",
        ),
        ("unit", "min", "minutes", "unit changed from “min” to “minutes” on 2026-12-03"),
        (
            "frequency",
            "daily",
            "3 per week",
            "check-in frequency changed from daily to 3 per week on 2026-12-03",
        ),
    ],
)
def test_edits_read_as_plain_words(field: str, old: str, new: str, expected: str) -> None:
    assert history.describe(field, old, new, DAY) == expected


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("active", "paused", "paused on 2026-12-03"),
        ("paused", "active", "resumed on 2026-12-03"),
        ("done", "active", "reopened on 2026-12-03"),
        ("dropped", "active", "reopened on 2026-12-03"),
        ("active", "done", "marked done on 2026-12-03"),
        ("paused", "dropped", "dropped on 2026-12-03"),
    ],
)
def test_status_changes_read_as_plain_words(old: str, new: str, expected: str) -> None:
    assert history.describe("status", old, new, DAY) == expected


def test_a_drop_carries_its_reason() -> None:
    text = history.describe("status", "active", "dropped", DAY, "Not the right time")
    assert text == "dropped on 2026-12-03 (reason: Not the right time)"


def test_numbers_that_do_not_parse_fall_back_to_changed() -> None:
    assert (
        history.describe("target", None, "6", DAY) == "target changed from None to 6 on 2026-12-03"
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (30.0, "30"),
        (2.5, "2.5"),
        (1 / 3, "0.3333333333333333"),  # exact, as the export writes it (core.text.number)
        (7, "7"),
        (date(2027, 3, 26), "2027-03-26"),
        ("3 per week", "3 per week"),
    ],
)
def test_values_are_stored_as_a_person_writes_them(value: object, text: str) -> None:
    assert history.as_text(value) == text


@pytest.mark.parametrize(
    ("action", "current", "new"),
    [
        ("done", "active", "done"),
        ("done", "paused", "done"),
        ("pause", "active", "paused"),
        ("resume", "paused", "active"),
        ("resume", "done", "active"),
        ("resume", "dropped", "active"),
        ("drop", "active", "dropped"),
        ("drop", "paused", "dropped"),
    ],
)
def test_sensible_transitions(action: str, current: str, new: str) -> None:
    assert history.transition(action, current, 4) == new


@pytest.mark.parametrize(
    ("action", "current", "words"),
    [
        ("resume", "active", "Goal 4 is active already"),
        ("pause", "paused", "Goal 4 is already paused"),
        ("pause", "done", "Goal 4 is done"),
        ("pause", "dropped", "Goal 4 was dropped"),
        ("done", "done", "Goal 4 is already done"),
        ("done", "dropped", "`goal resume 4`"),
        ("drop", "dropped", "Goal 4 was dropped already"),
        ("drop", "done", "`goal delete 4`"),
    ],
)
def test_nonsense_transitions_are_refused_in_one_sentence(
    action: str, current: str, words: str
) -> None:
    with pytest.raises(InputError) as refused:
        history.transition(action, current, 4)
    assert words in refused.value.message
    assert refused.value.exit_code == 2


def test_every_status_pair_is_either_allowed_or_explained() -> None:
    for action in ("done", "pause", "resume", "drop"):
        for current in history.STATUSES:
            try:
                new = history.transition(action, current, 1)
            except InputError as refused:
                assert refused.message.startswith("Goal 1 ")
                assert "cannot be changed that way" not in refused.message
            else:
                assert new in history.STATUSES and new != current


def test_unknown_action_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        history.transition("archive", "active", 1)


def test_the_core_imports_no_typer_rich_or_database() -> None:
    import ast
    from pathlib import Path

    source = Path(history.__file__).read_text(encoding="utf-8")
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom)
    }
    assert imported.isdisjoint({"typer", "rich", "sqlmodel", "sqlalchemy"})


def test_the_form_asks_about_every_editable_part_but_the_corrections_of_the_past() -> None:
    assert (*history.ASKED, "baseline", "start_date", *gas.FIELDS) == history.EDITABLE


@pytest.mark.parametrize(
    ("field", "old", "new", "reason", "detail", "expected"),
    [
        ("goal_added", None, "Read more", None, None, "goal “Read more” added on 2026-12-03"),
        (
            "checkin_replaced",
            "150",
            "15",
            None,
            '{"date": "2026-11-18", "note": null, "value": 150}',
            "check-in of 2026-11-18 changed from 150 to 15 on 2026-12-03",
        ),
        (
            "checkin_replaced",
            "7",
            "7",
            None,
            '{"date": "2026-11-18", "note": "old", "value": 7}',
            "note of the check-in of 2026-11-18 changed on 2026-12-03",
        ),
        (
            "checkin_replaced",
            None,
            "4",
            None,
            '{"date": "2026-11-18"}',
            "check-in of 2026-11-18 changed from no value to 4 on 2026-12-03",
        ),
        (
            "mood_replaced",
            "4",
            "7",
            None,
            '{"date": "2026-12-01"}',
            "mood of 2026-12-01 changed from 4 to 7 on 2026-12-03",
        ),
        (
            "mood_removed",
            "4",
            None,
            None,
            '{"date": "2026-12-01"}',
            "mood of 2026-12-01 removed (it was 4) on 2026-12-03",
        ),
        (
            "review_replaced",
            "GAS 0, GBO 4",
            "GAS 0, GBO 6",
            "GBO was 4, now 6",
            '{"date": "2026-11-20"}',
            "review of 2026-11-20 corrected (GBO was 4, now 6) on 2026-12-03",
        ),
        (
            "review_removed",
            "GAS +1",
            None,
            None,
            '{"date": "2026-11-20"}',
            "review of 2026-11-20 removed (it was GAS +1) on 2026-12-03",
        ),
        # A detail that is not JSON (a hand-edited export) still reads as a sentence.
        (
            "mood_removed",
            "4",
            None,
            None,
            "not json",
            "mood of a day removed (it was 4) on 2026-12-03",
        ),
    ],
)
def test_changes_of_the_change_log_read_as_plain_words(
    field: str,
    old: str | None,
    new: str | None,
    reason: str | None,
    detail: str | None,
    expected: str,
) -> None:
    assert history.describe(field, old, new, DAY, reason, detail) == expected


@pytest.mark.parametrize(
    ("old", "new", "summary", "differences"),
    [
        ({"gas": 0, "gbo": 4}, {"gas": 0, "gbo": 6}, "GAS 0, GBO 4", "GBO was 4, now 6"),
        ({"gas": -1}, {"gas": 2, "gbo": 5}, "GAS -1", "GAS was -1, now +2; GBO was none, now 5"),
        ({"gbo": 3, "note": "a"}, {"gbo": 3, "note": "b"}, "GBO 3", "note changed"),
        ({}, {"next_step": "Call"}, "no ratings", "next step changed"),
        ({"gas": 1}, {"gas": 1}, "GAS +1", ""),
    ],
)
def test_a_review_in_a_few_words(
    old: dict[str, object], new: dict[str, object], summary: str, differences: str
) -> None:
    assert history.review_summary(old) == summary
    assert history.review_differences(old, new) == differences
