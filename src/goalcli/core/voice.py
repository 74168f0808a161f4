"""Every sentence whose words depend on who reads the page, kept together with its client and
therapist variants side by side (jrnl keeps its user-facing sentences in one place for the same
reason: a reviewer reads them all at once, and a new variant cannot be forgotten).

The client's own pages speak *to* them ("your start"); a therapist's pages (`--for therapist`,
the caseload) speak *about* the client in the third person ("their start") and never tell the
reader to talk to their therapist or to run a command. A person at risk is never told to run a
settings command either: how to keep a crisis line is in docs/questionnaires.md. Pure data,
no I/O."""

from __future__ import annotations

from typing import Literal

Reader = Literal["client", "therapist"]
"""Who reads a report: the client in their own use, or their therapist (`--for therapist`)."""
READERS: tuple[Reader, ...] = ("client", "therapist")

SENTENCES: dict[str, dict[Reader, str]] = {
    # A questionnaire's risk item answered above 0, at the top of every report.
    "risk_flags": {
        "client": "Risk item answered above 0 on: {days}. Please talk about this with your therapist.",
        "therapist": "Risk item answered above 0 on: {days}. Worth asking the client about it.",
    },
    # How far a goal has come: "up 18 from your start" / "up 18 from their start".
    "moved": {
        "client": "{way} {amount} from your start",
        "therapist": "{way} {amount} from their start",
    },
    "not_moved": {
        "client": "no change from your start",
        "therapist": "no change from their start",
    },
    "no_goals": {
        "client": "No active goals yet. Start with `goal intake`, or try `goal demo`.",
        "therapist": "No active goals yet.",
    },
    "nothing_stands_out": {
        "client": "Nothing stands out; bring what matters to you.",
        "therapist": "Nothing stands out; ask what matters to them.",
    },
    # The low-mood note (core.safety), shown at once and on the printed page.
    "low_mood_title": {
        "client": "A note for you",
        "therapist": "A note about your client",
    },
    "low_mood_what": {
        "client": "Your mood has been very low on your last three check-ins. That sounds hard, "
        "and it is worth not carrying alone.",
        "therapist": "Your client's mood has been very low on their last three check-ins.",
    },
    "support_contact": {
        "client": "You named someone to reach out to: {contact}",
        "therapist": "Their support contact: {contact}",
    },
    "low_mood_next": {
        "client": "Consider telling your therapist how these days have been, before your next "
        "session if you can.",
        "therapist": "Consider contacting them before the next session.",
    },
    "danger": {
        "client": "If you are in danger or thinking of harming yourself, call your local "
        "emergency number now.",
        "therapist": "If they may be in danger or thinking of harming themselves, follow your "
        "risk procedure and the local emergency number.",
    },
    # Signals (core.signals): the therapist reads the rule as it is; the client reads it gently,
    # as something to bring, never as an alarm (issue 27).
    "signal_behind": {
        "client": "{name}: your last {weeks} weeks were below your plan — something to bring to "
        "your next session.",
        "therapist": "{why}.",
    },
    "signal_stalled": {
        "client": "{name} has not moved much for four weeks — something to bring to your next "
        "session.",
        "therapist": "{why}.",
    },
    # The label of a signal's band in a goal's chart (the HTML session page).
    "chart_behind": {"client": "{weeks} weeks below plan", "therapist": "behind {weeks} weeks"},
    "chart_stalled": {"client": "not moving much", "therapist": "stalled"},
    "signal_reliable_deterioration": {
        "client": "Your latest {name} is further from where you want it than your first — "
        "something to bring to your next session.",
        "therapist": "{why}.",
    },
    "signal_no_reliable_improvement": {
        "client": "Your {name} scores have not changed much yet — something to bring to your "
        "next session.",
        "therapist": "{why}.",
    },
}


def say(key: str, reader: Reader = "client", **fields: str) -> str:
    """The sentence `key` worded for `reader`, its {fields} filled in (the client's own words
    stay literal: escape them for the page that shows them)."""
    return SENTENCES[key][reader].format(**fields)


# Only the person answering a questionnaire reads these (`goal measure take`): never a
# therapist's page, so they have no therapist variant.
RISK_ANSWER_THANKS = (
    "Thank you for answering that honestly. Thoughts of being better off dead or of hurting "
    "yourself are worth talking about, and you do not have to carry them alone."
)
CRISIS_LINE = "Your crisis line: {line}"
RISK_ANSWER_DANGER = (
    "If you are in danger or might act on these thoughts, call your local emergency number now."
)
RISK_ANSWER_KEPT = (
    "This answer is kept as a flag with its date so you and your therapist can talk "
    "about it. The questions carry on when you are ready."
)
