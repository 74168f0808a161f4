"""Ready-made goal templates, drawn from common goals people bring to therapy.

Each template is a worked example of a SMART goal: a short title in the client's own
words, a specific statement of what they will do, a countable measure with a typical
start point and target, a reason it matters, and a few concrete steps in order.
They are starting points for the intake, meant to be edited with a therapist, not
prescriptions.

This module is plain data and imports nothing beyond the standard library and
goalcli.errors, so it stays fast and easy to test.
"""

from __future__ import annotations

from dataclasses import dataclass

from goalcli.errors import InputError, quote

THERAPY_TYPES: tuple[str, ...] = ("individual", "couples", "family")


@dataclass(frozen=True)
class Template:
    """One suggested goal; every field is a suggestion the client can change."""

    id: str  # short slug, e.g. "elevate-mood"
    title: str  # the goal in a client's words, at most 40 characters
    therapy_type: str  # "individual" | "couples" | "family"
    specific: str  # what exactly they will do
    measure: str  # what is counted, e.g. "minutes walked per day"
    unit: str  # e.g. "minutes"
    baseline: float  # a typical start point
    target: float  # a typical target; lower than baseline for goals that cut something down
    relevant: str  # why it matters, first person
    steps: tuple[str, ...]  # 3-5 concrete steps, in order
    frequency: str = "daily"  # "daily" or "N per week"
    kind: str = "reading"  # or "weekly_total" when the measure is a count per week
    # Behavioural activation: the pleasure (0-10) a person low in mood might expect of each
    # step, in order; empty for a template without predictions. Each is a starting guess the
    # person changes (`goal step edit --expect-pleasure`), compared later with how it felt.
    predicted_pleasure: tuple[int, ...] = ()

    def predictions(self) -> dict[str, int]:
        """Each step's predicted pleasure, by the step's text."""
        return dict(zip(self.steps, self.predicted_pleasure, strict=False))


TEMPLATES: tuple[Template, ...] = (
    # --- individual therapy -------------------------------------------------------------
    Template(
        id="activation-values",
        title="Do more of what matters to me",
        therapy_type="individual",
        specific=(
            "Pick activities that fit what I care about (people, health, making things) and "
            "plan a few into my week, noting how each one felt"
        ),
        measure="planned activities done per week",
        unit="activities",
        baseline=1,
        target=5,
        relevant="When I stop doing things, my mood sinks further; doing comes before feeling",
        steps=(
            "Write down three things I care about and one small activity for each",
            "Plan one of them for a set day and time this week",
            "Do it even if I don't feel like it, then rate how it went",
            "Call or message someone I miss",
            "Add one more planned activity each week",
        ),
        frequency="5 per week",
        kind="weekly_total",
        predicted_pleasure=(2, 2, 3, 3, 3),
    ),
    Template(
        id="activation-routine",
        title="Regular meals and sleep",
        therapy_type="individual",
        specific=(
            "Get up and go to bed at about the same time, and eat three meals a day at "
            "roughly regular times"
        ),
        measure="days a week with regular meals and sleep",
        unit="days",
        baseline=2,
        target=6,
        relevant="A steady rhythm gives my days a shape and my mood something to stand on",
        steps=(
            "Choose a getting-up time I can keep, weekends too",
            "Eat breakfast within an hour of getting up",
            "Plan a simple lunch and dinner the evening before",
            "Put screens away half an hour before bed",
        ),
        frequency="6 per week",
        kind="weekly_total",
        predicted_pleasure=(1, 3, 3, 2),
    ),
    Template(
        id="elevate-mood",
        title="Make room for things I enjoy",
        therapy_type="individual",
        specific=(
            "Spend some time every day on something that lifts me, and cut back on the "
            "habits that leave me flat"
        ),
        measure="minutes per day spent on something I enjoy",
        unit="minutes",
        baseline=5,
        target=30,
        relevant="When I do things I like, the rest of the day feels lighter",
        steps=(
            "Write down five things that used to make me feel good",
            "Notice which habits leave me feeling worse and note them for a week",
            "Do one enjoyable thing for 10 minutes",
            "Invite a friend to join me for one of them",
            "Build up to 30 minutes a day",
        ),
    ),
    Template(
        id="substance-use",
        title="Stop drinking",
        therapy_type="individual",
        specific=(
            "Bring my drinking down to none, with a plan my family, a friend and my "
            "therapist all know about"
        ),
        measure="drinks per day",
        unit="drinks",
        baseline=4,
        target=0,
        relevant="I want to be clear-headed and dependable for the people I love",
        steps=(
            "Talk to my doctor about cutting down safely",
            "Tell one person I trust about my goal and ask them to check in weekly",
            "Clear the alcohol out of my home",
            "Eat regular meals so evenings don't start on an empty stomach",
            "Note each craving and what set it off, and bring the notes to therapy",
        ),
    ),
    Template(
        id="behaviour-change",
        title="Pause before I react",
        therapy_type="individual",
        specific=(
            "When I feel my temper rising, step away for ten minutes before I answer, "
            "and steer clear of my known triggers"
        ),
        measure="times per day I lose my temper",
        unit="times",
        baseline=3,
        target=0,
        relevant="I don't want the people around me to walk on eggshells",
        steps=(
            "List the situations that set me off",
            "Plan how to avoid or leave my biggest trigger",
            "Practise a ten-minute time-out when I notice the warning signs",
            "Ask a friend for honest feedback on how I'm doing each week",
        ),
    ),
    Template(
        id="toxic-relationship",
        title="Heal after a hurtful relationship",
        therapy_type="individual",
        specific=(
            "Keep no contact with my ex: no messages, no calls and no checking their "
            "profiles, and fill that time with people who are good for me"
        ),
        measure="times per day I contact or check on my ex",
        unit="times",
        baseline=6,
        target=0,
        relevant="I want my energy back for my own life",
        steps=(
            "Mute or block them on my phone and social media",
            "Write down how the relationship hurt me, to reread when I miss them",
            "Plan one evening a week with a friend",
            "Name the feelings that come up each day in a short journal entry",
        ),
    ),
    Template(
        id="bad-habit",
        title="Break my nail-biting habit",
        therapy_type="individual",
        specific=(
            "Catch the moments I start biting my nails and do something else with my hands instead"
        ),
        measure="times per day I bite my nails",
        unit="times",
        baseline=12,
        target=2,
        relevant="I'm tired of hiding my hands in meetings",
        steps=(
            "Tally when and where it happens for three days",
            "Keep a stress ball or fidget toy where it usually happens",
            "Paint on a bitter-tasting nail coating",
            "Treat myself at the end of each week I stay under my limit",
        ),
    ),
    Template(
        id="creativity",
        title="Get back to making things",
        therapy_type="individual",
        specific="Draw, write or play music for half an hour three evenings a week",
        measure="minutes of creative work per session",
        unit="minutes",
        baseline=0,
        target=30,
        relevant="Making things is the part of me I miss most",
        steps=(
            "Clear a corner for my materials",
            "Make something small for 10 minutes without judging it",
            "Join a class or group that meets regularly",
            "Share one finished piece with someone I trust",
        ),
        frequency="3 per week",
    ),
    Template(
        id="alleviate-depression",
        title="Lift my low mood",
        therapy_type="individual",
        specific=(
            "Keep a gentle routine: up by 9, some daylight, one small task, and a mood "
            "rating each evening"
        ),
        measure="mood at the end of the day, rated 0-10",
        unit="points",
        baseline=3,
        target=6,
        relevant="I want to feel like myself again, not just get through the day",
        steps=(
            "Set an alarm for 8:30 and put the phone across the room",
            "Open the curtains and get dressed as soon as I'm up",
            "Spend 10 minutes outdoors",
            "Do one small task I've been putting off",
            "Tell my therapist or doctor straight away if things get much darker",
        ),
    ),
    Template(
        id="decision-making",
        title="Trust my own decisions",
        therapy_type="individual",
        specific=(
            "Make everyday choices myself, within a set time, without asking others to confirm them"
        ),
        measure="decisions per week made without asking for reassurance",
        unit="decisions",
        baseline=1,
        target=5,
        relevant="I want to feel capable of running my own life",
        steps=(
            "Jot down each time I ask someone to decide for me",
            "Start with small choices: meals, what to watch, which route to take",
            "Give myself a time limit for each decision",
            "Write down how each decision turned out, good or bad",
        ),
        frequency="1 per week",
        kind="weekly_total",
    ),
    # --- couples therapy ----------------------------------------------------------------
    Template(
        id="couples-fears",
        title="Understand each other's fears",
        therapy_type="couples",
        specific=(
            "Twice a week, take turns sharing one worry about us while the other "
            "listens and repeats it back without fixing it"
        ),
        measure="how understood I felt in our talk, rated 0-10",
        unit="points",
        baseline=3,
        target=7,
        relevant="We keep hurting each other over things we've never said out loud",
        steps=(
            "Pick two fixed evenings and put them in both calendars",
            "Each write down three things we worry about in the relationship",
            "Take turns: one talks for 10 minutes, the other repeats back what they heard",
            "Ask one question to understand, not to argue",
        ),
        frequency="2 per week",
    ),
    Template(
        id="couples-compromise",
        title="Learn to meet in the middle",
        therapy_type="couples",
        specific=(
            "Settle disagreements by each saying what we need and what we can give, "
            "then agreeing on a plan to try"
        ),
        measure="disagreements per week settled with a plan we both accept",
        unit="disagreements",
        baseline=0,
        target=3,
        relevant="I want us to stop keeping score of who gave in last",
        steps=(
            "Choose one small, recurring disagreement to practise on",
            "Each say what we need and what we could let go of",
            "Write the agreement down and try it for a week",
            "Look back together at the weekend and adjust",
        ),
        frequency="1 per week",
        kind="weekly_total",
    ),
    Template(
        id="couples-root-conflict",
        title="Find the root of our fights",
        therapy_type="couples",
        specific=(
            "Keep notes on our repeating argument and look for what each of us feels "
            "underneath it, with our therapist's help"
        ),
        measure="arguments per week about the same issue",
        unit="arguments",
        baseline=4,
        target=1,
        relevant="We love each other but keep having the same fight",
        steps=(
            "After each argument, note what started it and how it ended",
            "Each name what we felt underneath: hurt, fear, feeling ignored",
            "Agree on a pause word for when it starts to escalate",
            "Bring our notes to the next session",
        ),
        frequency="1 per week",
        kind="weekly_total",
    ),
    # --- family therapy -----------------------------------------------------------------
    Template(
        id="family-communication",
        title="Talk and listen at home",
        therapy_type="family",
        specific=(
            "Eat together with phones in another room and give everyone a turn to "
            "share something about their day"
        ),
        measure="family meals per week with phones away",
        unit="meals",
        baseline=1,
        target=4,
        relevant="I want my kids to come to us before things get big",
        steps=(
            "Agree on which evenings we eat together",
            "Set up a basket for phones before dinner",
            "Go round the table: one good thing, one hard thing",
            "Hold a short family check-in at the weekend",
        ),
        frequency="1 per week",
        kind="weekly_total",
    ),
    Template(
        id="family-conflict-patterns",
        title="Break our shouting pattern",
        therapy_type="family",
        specific=(
            "Spot the moments our arguments escalate and use an agreed time-out before "
            "anyone raises their voice"
        ),
        measure="arguments per week that turn into shouting",
        unit="arguments",
        baseline=5,
        target=1,
        relevant="Home should feel safe for all of us",
        steps=(
            "Write down when the shouting tends to happen and who is involved",
            "Agree on a family time-out signal",
            "Practise taking 15 minutes apart and then coming back to talk",
            "Review the week together in a calm moment",
        ),
        frequency="1 per week",
        kind="weekly_total",
    ),
    Template(
        id="family-loss",
        title="Cope with our loss together",
        therapy_type="family",
        specific=(
            "Set aside time each week to talk about the person we lost and let each of "
            "us grieve in our own way"
        ),
        measure="times per week we share a memory or feeling about them",
        unit="times",
        baseline=0,
        target=2,
        relevant="I don't want us each grieving alone in separate rooms",
        steps=(
            "Choose a regular time to sit down together",
            "Make a memory box or photo album as a family",
            "Each say what helps us and what doesn't",
            "Ask our therapist about a grief group for us or the children",
        ),
        frequency="1 per week",
        kind="weekly_total",
    ),
)


def get_template(template_id: str) -> Template:
    """Return the template whose id matches `template_id`, ignoring case and surrounding space."""
    wanted = template_id.strip().lower()
    for template in TEMPLATES:
        if template.id == wanted:
            return template
    raise InputError(f"No template called {quote(template_id)}; `goal templates` lists them.")


def templates_for(therapy_type: str | None = None) -> list[Template]:
    """All templates, or only those for one therapy type (individual, couples or family)."""
    if therapy_type is None:
        return list(TEMPLATES)
    wanted = therapy_type.strip().lower()
    if wanted not in THERAPY_TYPES:
        raise InputError(
            f"No therapy type called {quote(therapy_type)}; use individual, couples or family."
        )
    return [template for template in TEMPLATES if template.therapy_type == wanted]
