"""Every page speaks to its reader (issue 23): a therapist's page (`--for therapist`, the
caseload) speaks about the client and never tells its reader to talk to their therapist or to
run a command; the client's own pages still speak to the client."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from typer.testing import Result

from lib.paths import MOOD_PLAN
from lib.session_page import build_reference

Run = Callable[..., Result]

PHQ9_WITH_RISK = "1,1,1,1,1,1,1,1,2"


def _goal_commands() -> list[str]:
    import goalcli.cli  # noqa: F401  (mounts the commands)
    from goalcli._lazy import LAZY_COMMANDS

    return list(LAZY_COMMANDS)


def _addressing_the_client(page: str) -> list[str]:
    """What a therapist's page must never say: to talk to 'your therapist', 'your start', or
    any goalcli command ("goal log", "`goal settings ..."), case ignored."""
    commands = "|".join(re.escape(name) for name in _goal_commands())
    pattern = re.compile(rf"your therapist|your start|`goal\b|\bgoal (?:{commands})\b", re.I)
    return pattern.findall(page)


def _low_moods(goal: Run) -> None:
    for day in ("2026-11-24", "2026-11-25", "2026-11-26"):
        result = goal("log", "--mood", "1", "--date", day)
        assert result.exit_code == 0, result.output


@pytest.fixture
def reference(goal: Run) -> Run:
    """The session page's reference client (a PHQ-9 risk answer) with three very low moods."""
    build_reference(goal)
    _low_moods(goal)
    return goal


@pytest.fixture
def with_contact(goal: Run) -> Run:
    """A client who named a support contact, answered the risk item today, and whose mood has
    been very low: every sentence that differs by reader is on the page."""
    assert goal("intake", "--answers", MOOD_PLAN).exit_code == 0
    taken = goal("measure", "take", "phq9", "--answers", PHQ9_WITH_RISK)
    assert taken.exit_code == 0, taken.output
    _low_moods(goal)
    return goal


FORMATS = ("table", "markdown", "html")


@pytest.mark.parametrize("client", ["reference", "with_contact"])
def test_a_therapists_pages_speak_about_the_client(
    client: str, request: pytest.FixtureRequest
) -> None:
    goal: Run = request.getfixturevalue(client)
    said = []
    for output_format in FORMATS:
        result = goal("report", "--for", "therapist", "--format", output_format, "--all")
        assert result.exit_code == 0, result.output
        assert _addressing_the_client(result.output) == [], output_format
        said.append(result.output)
        caseload = goal("caseload", "--format", output_format)
        assert caseload.exit_code == 0, caseload.output
        assert "Caseload on 2026-11-26" in caseload.output
        assert _addressing_the_client(caseload.output) == [], ("caseload", output_format)
    pages = " ".join(" ".join(said).replace("&#39;", "'").split())  # wrapped, escaped: as read
    # What a therapist reads instead: the same facts, about the client.
    assert "from their start" in pages
    assert "Worth asking the client about it." in pages
    assert "Your client's mood has been very low on their last three check-ins." in pages
    if client == "with_contact":
        assert "Their support contact: My friend Priya, 555-0117" in pages


def test_the_clients_own_pages_still_speak_to_them(reference: Run) -> None:
    for output_format in FORMATS:
        page = reference("report", "--for", "client", "--format", output_format).output
        page = " ".join(page.split())
        assert "Please talk about this with your therapist." in page
        if output_format != "table":  # the table shows no distance in words
            assert "from your start" in page


def test_the_therapist_variants_sit_beside_the_clients() -> None:
    """core.voice keeps each reader-dependent sentence with both variants, and no therapist
    variant addresses the client or names a command."""
    from goalcli.core import voice

    commands = "|".join(_goal_commands())
    for key, variants in voice.SENTENCES.items():
        assert set(variants) == set(voice.READERS), key
        therapist = variants["therapist"]
        assert not re.search(rf"your (therapist|start|mood)|`|\bgoal (?:{commands})\b", therapist)


def test_an_empty_report_for_a_therapist_names_no_command(goal: Run) -> None:
    assert goal("intake", "--answers", MOOD_PLAN).exit_code == 0
    assert goal("drop", "1").exit_code == 0 and goal("drop", "2").exit_code == 0
    therapist = goal("report", "--for", "therapist")
    assert therapist.exit_code == 0, therapist.output
    assert "No active goals yet." in therapist.output
    assert _addressing_the_client(therapist.output) == []
    assert "`goal intake`" in goal("report", "--for", "client").output  # the client's way in
