"""core/activation.py: behavioural-activation ratings in words and over a period."""

from __future__ import annotations

from goalcli.core import activation


def test_ratings_in_words_leave_out_what_was_not_given() -> None:
    assert activation.ratings_words({"pleasure": 7, "mastery": 5}) == "pleasure 7, mastery 5"
    assert activation.ratings_words({"pleasure": None, "mastery": 0}) == "mastery 0"
    assert activation.ratings_words({"expected_pleasure": 3}) == "expected pleasure 3"
    assert activation.ratings_words({"pleasure": None, "mastery": None}) is None
