"""The retention rules at every boundary, with plain values."""

from datetime import date

import pytest

from retention.rules import KeptBecause, is_past_retention, reason_kept
from retention.schedule import cutoff, period_in_words

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("made_on", "keep_days", "past"),
    [
        (date(2026, 11, 30), 1, False),  # made today
        (date(2026, 11, 29), 1, False),  # exactly one day old: kept to the end of today
        (date(2026, 11, 28), 1, True),  # one day past
        (date(2024, 11, 30), 730, False),  # exactly at two years
        (date(2024, 11, 29), 730, True),  # one day past two years
        (date(2026, 9, 1), 90, False),  # exactly 90 days
        (date(2026, 8, 31), 90, True),  # 91 days
        (date(2020, 12, 1), 2190, False),  # exactly six years (2,190 days)
        (date(2020, 11, 30), 2190, True),
    ],
)
def test_a_record_is_past_its_period_only_after_the_whole_period(made_on, keep_days, past):
    assert is_past_retention(made_on=made_on, today=TODAY, keep_days=keep_days) is past


@pytest.mark.django_db
@pytest.mark.parametrize("keep_days", [1, 90, 730])
def test_the_cutoff_agrees_with_the_rule(keep_days):
    """The queries use the cutoff; the day before it is past, the day itself is not."""
    first_kept = cutoff(keep_days=keep_days, today=TODAY)
    assert not is_past_retention(made_on=first_kept.date(), today=TODAY, keep_days=keep_days)
    assert first_kept.hour == 0 and first_kept.minute == 0


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ({}, None),
        ({"on_legal_hold": True}, KeptBecause.LEGAL_HOLD),
        ({"submitted_for_open_inspection": True}, KeptBecause.SUBMITTED_FOR_OPEN_INSPECTION),
        ({"is_newest_version": True}, KeptBecause.NEWEST_VERSION),
        ({"job_not_finished": True}, KeptBecause.JOB_NOT_FINISHED),
        # A legal hold is named first, whatever else keeps the record.
        (
            {"on_legal_hold": True, "submitted_for_open_inspection": True},
            KeptBecause.LEGAL_HOLD,
        ),
        (
            {"submitted_for_open_inspection": True, "is_newest_version": True},
            KeptBecause.SUBMITTED_FOR_OPEN_INSPECTION,
        ),
    ],
)
def test_what_keeps_a_record_past_its_period(flags, expected):
    assert reason_kept(**flags) == expected


@pytest.mark.parametrize(
    ("days", "words"),
    [(1, "1 day"), (90, "90 days"), (365, "1 year"), (730, "2 years"), (1000, "1,000 days")],
)
def test_periods_in_words(days, words):
    assert period_in_words(days) == words
