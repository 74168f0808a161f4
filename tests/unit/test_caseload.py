"""core.caseload: who needs attention first, and the reasons in words, on hand-made facts."""

from __future__ import annotations

from datetime import date, timedelta

from goalcli.core.caseload import Facts, attention, count_words, review_is_due

TODAY = date(2026, 11, 26)


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def facts(**changes: object) -> Facts:
    base: dict[str, object] = {
        "last_checkin": TODAY,
        "recent_moods": [],
        "statuses": ["on track"],
        "gbo_changes": [None],
        "last_review": days_ago(3),
        "review_every": 14,
        "started": days_ago(30),
    }
    base.update(changes)
    return Facts(**base)  # type: ignore[arg-type]


def test_a_client_doing_fine_needs_nothing() -> None:
    judged = attention(facts(), TODAY)
    assert (judged.score, judged.reasons) == (0, [])
    assert judged.days_silent == 0 and not judged.review_due


def test_thirteen_silent_days_are_said_and_weigh_five_a_day() -> None:
    judged = attention(facts(last_checkin=days_ago(13)), TODAY)
    assert judged.reasons == ["no check-in for 13 days"]
    assert judged.score == 65


def test_two_silent_days_are_not_yet_worth_a_word() -> None:
    assert attention(facts(last_checkin=days_ago(2)), TODAY).reasons == []


def test_low_mood_rule_comes_first_with_the_low_days_of_the_week() -> None:
    moods = [(days_ago(0), 1), (days_ago(1), 2), (days_ago(2), 2), (days_ago(8), 1)]
    judged = attention(facts(recent_moods=moods), TODAY)
    assert judged.reasons == [
        "low-mood rule fired (last three moods 2 or lower)",
        "three low-mood days in the last 7 days",  # the one 8 days ago is outside the week
    ]
    assert judged.score == 100 + 3 * 20
    assert judged.lowest_mood == 1 and judged.low_mood_days == 3 and judged.low_mood_rule


def test_two_low_days_without_the_rule() -> None:
    moods = [(days_ago(0), 6), (days_ago(1), 2), (days_ago(3), 1)]
    judged = attention(facts(recent_moods=moods), TODAY)
    assert judged.reasons == ["two low-mood days in the last 7 days"]
    assert not judged.low_mood_rule and judged.score == 40


def test_goals_gbo_and_review() -> None:
    judged = attention(
        facts(
            statuses=["overdue", "behind", "behind", "ahead"],
            gbo_changes=[-3, -1, None, 4],
            last_review=days_ago(20),
        ),
        TODAY,
    )
    assert judged.reasons == [
        "one goal overdue",
        "two goals behind",
        "GBO rating down 3 or more on one goal",
        "review due (last 20 days ago)",
    ]
    assert judged.score == 15 + 2 * 10 + 15 + 10


def test_no_review_and_no_checkin_since_the_goals_started() -> None:
    judged = attention(facts(last_checkin=None, last_review=None, started=days_ago(15)), TODAY)
    assert judged.reasons == [
        "no check-in since the goals started 15 days ago",
        "no review in the 15 days since the goals started",
    ]


def test_a_fresh_intake_is_not_flagged() -> None:
    judged = attention(facts(last_checkin=None, last_review=None, started=TODAY), TODAY)
    assert judged.reasons == [] and judged.days_silent is None


def test_review_due_on_the_day_the_interval_ends() -> None:
    assert not review_is_due(days_ago(13), 14, TODAY, days_ago(60))
    assert review_is_due(days_ago(14), 14, TODAY, days_ago(60))
    assert not review_is_due(None, 14, TODAY, None)  # no active goals: nothing to review


def test_count_words() -> None:
    assert count_words(1, "goal") == "one goal"
    assert count_words(2, "low-mood day") == "two low-mood days"
    assert count_words(11, "goal") == "11 goals"


# Who is reading (core.safety) and silences (core.session)


def test_the_safety_note_speaks_to_the_client_or_about_them() -> None:
    from goalcli.core.safety import note_text, note_title

    client = note_text("My sister", "client")
    therapist = note_text("My sister", "therapist")
    assert client[0].startswith("Your mood has been very low")
    assert "You named someone to reach out to: My sister" in client
    assert therapist[0] == "Your client's mood has been very low on their last three check-ins."
    assert "Their support contact: My sister" in therapist
    assert not any(" you " in f" {line} " for line in therapist[1:])
    assert (note_title("client"), note_title("therapist")) == (
        "A note for you",
        "A note about your client",
    )


def _goal(title: str, last: str | None, unit: str = "days") -> dict[str, object]:
    return {"title": title, "last_checkin": last, "start_date": "2026-11-01", "streak_unit": unit}


def test_silences_no_checkin_for_three_days_and_goals_left_out() -> None:
    from goalcli.core.session import silences

    goals = [_goal("Walk", "2026-11-25"), _goal("Call", "2026-11-20"), _goal("Gym", None, "weeks")]
    assert silences(goals, [], TODAY) == [
        "Call has not been logged for 6 days.",
        "Gym has not been logged for 3 weeks.",  # 25 days since it started: three weeks
    ]
    # Nobody checked in for 4 days: one line, not one per goal as well.
    quiet = [_goal("Walk", "2026-11-22"), _goal("Call", "2026-11-21")]
    assert silences(quiet, [], TODAY) == [
        "No check-in for 4 days (the last on 2026-11-22).",
        "Call has not been logged for 5 days.",
    ]
    # A mood is a check-in too.
    assert silences(quiet, [{"date": "2026-11-26", "mood": 6}], TODAY) == [
        "Walk has not been logged for 4 days.",
        "Call has not been logged for 5 days.",
    ]


def test_silences_a_review_that_is_due() -> None:
    from goalcli.core.session import silences

    goals = [_goal("Walk", "2026-11-26")]
    assert silences(goals, [], TODAY, last_review=date(2026, 11, 13), review_every=14) == []
    assert silences(goals, [], TODAY, last_review=date(2026, 11, 12), review_every=14) == [
        "A review is due (last on 2026-11-12; every 14 days)."
    ]
    assert silences(goals, [], TODAY, review_every=14) == [
        "A review is due (none yet; every 14 days)."
    ]


def test_a_goals_gbo_by_rater_shared_first_else_each_member() -> None:
    from goalcli.core.caseload import gbo_by_rater, lowest_change

    assert gbo_by_rater([]) == [(None, None)]  # not rated yet
    assert gbo_by_rater([(None, 3), (None, 7)]) == [(None, 4)]
    # A shared rating is the goal's; members' own ratings beside it do not replace it.
    assert gbo_by_rater([("Sam", 2), (None, 3), ("Sam", 9), (None, 5)]) == [(None, 2)]
    # A couple rating on their own: each member's latest minus their first, first-rated first.
    ratings = [("Sam", 3), ("Alex", 6), ("Sam", 6), ("Alex", 2), ("Jo", 5)]
    assert gbo_by_rater(ratings) == [("Sam", 3), ("Alex", -4), ("Jo", 0)]
    assert lowest_change(gbo_by_rater(ratings)) == -4
    assert lowest_change([(None, None)]) is None


def test_signals_set_the_priority_risk_then_deterioration_then_silence_then_others() -> None:
    from goalcli.core import caseload

    deteriorated = attention(facts(signals=[("reliable deterioration", "PHQ-9")]), TODAY)
    assert deteriorated.priority == caseload.PRIORITY_DETERIORATION
    assert deteriorated.reasons == ["reliable deterioration on PHQ-9"]
    assert deteriorated.score == 50
    silent = attention(facts(last_checkin=days_ago(13)), TODAY)
    assert silent.priority == caseload.PRIORITY_SILENCE and silent.score == 65
    behind = attention(facts(signals=[("behind", "Walk"), ("behind", "Read")]), TODAY)
    assert behind.priority == caseload.PRIORITY_SIGNAL
    assert behind.reasons == ["two goals behind for 3 weeks or more"] and behind.score == 10
    stuck = attention(facts(signals=[("no reliable improvement", "GAD-7")]), TODAY)
    assert stuck.reasons == ["no reliable improvement on GAD-7"]
    risky = attention(
        facts(risk_days=[days_ago(1)], signals=[("reliable deterioration", "PHQ-9")]), TODAY
    )
    assert risky.priority == caseload.PRIORITY_RISK
    assert risky.reasons[1] == "reliable deterioration on PHQ-9"  # after the risk answer
    assert attention(facts(), TODAY).priority == caseload.PRIORITY_REST
