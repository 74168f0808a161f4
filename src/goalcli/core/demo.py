"""The made-up client of `goal demo`: a plan and the notes of six weeks (data only)."""

from __future__ import annotations

from datetime import date, timedelta

from goalcli.core.plan import GoalPlan, IntakePlan

DEMO_DAYS = 42

NOTES = [
    "Hard to get going, but I did it.",
    "Rain, so I walked around the shopping centre instead.",
    "Felt lighter afterwards.",
    "Skipped the evening drink and made tea instead.",
    "Long shift; counted it as a win that I logged at all.",
    "Talked to my sister about how the week went.",
    "Noticed I was tense before the call, then fine.",
]


def demo_plan(today: date) -> IntakePlan:
    start = today - timedelta(days=DEMO_DAYS)
    return IntakePlan(
        therapy_type="individual",
        expectations="Feel less stuck in the mornings and drink less in the evenings",
        obstacles="Night shifts; I give up when I miss a day",
        success_feels_like="Waking up and wanting to go outside",
        motivations="My kids notice when I'm low",
        support_contact="My sister, 555-0100",
        start_date=start,
        goals=[
            GoalPlan(
                title="Walk outside",
                specific="Walk outside after lunch on weekdays",
                measure="minutes walked per day",
                unit="minutes",
                baseline=0,
                target=30,
                relevant="Moving lifts my mood",
                confidence=7,
                target_date=start + timedelta(days=90),
                steps=[
                    "Put shoes by the door",
                    "Walk 10 minutes",
                    "Walk 20 minutes",
                    "Walk 30 minutes",
                ],
                first_step=1,
                first_step_on=start + timedelta(days=1),
            ),
            GoalPlan(
                title="Fewer evening drinks",
                specific="Have no more than one drink on weeknights",
                measure="drinks per evening",
                unit="drinks",
                baseline=4,
                target=0,
                relevant="I sleep badly and feel worse the next day",
                confidence=5,
                target_date=start + timedelta(days=84),
                steps=[
                    "Tell my sister about the goal",
                    "No alcohol in the house",
                    "Alcohol-free Fridays",
                ],
                first_step=1,
                first_step_on=start + timedelta(days=2),
            ),
            GoalPlan(
                title="Call a friend",
                specific="Call or meet one friend a week",
                measure="friends contacted per week",
                unit="calls",
                baseline=0,
                target=3,
                relevant="I isolate when I'm low",
                confidence=4,
                target_date=start + timedelta(days=60),
                steps=[
                    "Make a list of three people",
                    "Text one of them",
                    "Arrange a walk together",
                ],
                first_step=1,
                first_step_on=start + timedelta(days=3),
                frequency="weekly",
                kind="weekly_total",
            ),
        ],
    )
