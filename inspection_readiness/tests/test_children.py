"""Age bands and visiting standards, the one definition casework and the data pack share."""

from datetime import date

import pytest

from inspection_readiness import children
from inspection_readiness.children import next_care_visit_due, next_cp_visit_due

PLACED = date(2026, 1, 5)  # a Monday


@pytest.mark.parametrize(
    ("age", "label"),
    [
        (None, None),
        (-1, "Unborn"),
        (0, "Under 1"),
        (1, "1 to 4"),
        (4, "1 to 4"),
        (5, "5 to 9"),
        (9, "5 to 9"),
        (10, "10 to 15"),
        (15, "10 to 15"),
        (16, "16 and over"),
        (17, "16 and over"),
    ],
    ids=lambda value: str(value),
)
def test_age_bands_at_every_boundary(age, label):
    band = children.age_band_for(age)
    assert (band.label if band else None) == label


def test_an_unborn_child_is_unborn_not_under_1():
    assert children.age_band_for(-1).code == "unborn"
    assert children.AGE_BAND_LABELS["unborn"] == children.UNBORN == "Unborn"


# Regulation 28(2): within one week of the placement; then at most every six weeks in the
# placement's first year; then, in a placement meant to last until 18, at most three-monthly.
@pytest.mark.parametrize(
    ("last_visit", "long_term", "due"),
    [
        (None, False, date(2026, 1, 12)),  # day 7 after the placement is the last day on time
        (None, True, date(2026, 1, 12)),
        (date(2025, 12, 1), False, date(2026, 1, 12)),  # a visit before this placement
        (date(2026, 1, 5), False, date(2026, 2, 16)),  # visited the day of the move: 6 weeks
        (date(2026, 1, 12), False, date(2026, 2, 23)),  # exactly 6 weeks after the visit
        # The last visit in the first year: six weeks, long-term or not.
        (date(2027, 1, 4), True, date(2027, 2, 15)),
        # From the first anniversary, a long-term placement: three months.
        (date(2027, 1, 5), True, date(2027, 4, 5)),
        (date(2027, 1, 5), False, date(2027, 2, 16)),  # not long-term: still six weeks
        (date(2027, 3, 1), True, date(2027, 6, 1)),  # month 3 of the long-term interval
        (date(2027, 11, 30), True, date(2028, 2, 29)),  # three months on from 30 November
    ],
    ids=[
        "no-visit-yet",
        "no-visit-yet-long-term",
        "visit-before-the-placement",
        "visited-on-moving-day",
        "six-weekly-in-the-first-year",
        "day-before-first-anniversary-long-term",
        "first-anniversary-long-term",
        "first-anniversary-not-long-term",
        "three-monthly-long-term",
        "three-months-to-month-end",
    ],
)
def test_next_care_visit_due_follows_regulation_28(last_visit, long_term, due):
    assert (
        next_care_visit_due(placement_start=PLACED, last_visit=last_visit, long_term=long_term)
        == due
    )


@pytest.mark.parametrize(
    ("visited_on", "on_time"),
    [
        (date(2026, 1, 12), True),  # day 7 after the placement
        (date(2026, 1, 13), False),  # day 8
    ],
    ids=["day-7-on-time", "day-8-late"],
)
def test_the_first_visit_is_due_within_one_week_of_the_placement(visited_on, on_time):
    due = next_care_visit_due(placement_start=PLACED, last_visit=None)
    assert (visited_on <= due) is on_time


@pytest.mark.parametrize(
    ("visited_on", "on_time"),
    [
        (date(2026, 3, 2), True),  # exactly six weeks after 19 January
        (date(2026, 3, 3), False),  # six weeks and a day
    ],
    ids=["exactly-6-weeks", "6-weeks-and-a-day"],
)
def test_later_visits_are_due_within_six_weeks_in_the_first_year(visited_on, on_time):
    due = next_care_visit_due(placement_start=PLACED, last_visit=date(2026, 1, 19))
    assert (visited_on <= due) is on_time


@pytest.mark.parametrize(
    ("visited_on", "on_time"),
    [
        (date(2027, 5, 10), True),  # three months after 10 February 2027
        (date(2027, 5, 11), False),
    ],
    ids=["month-3-on-time", "month-3-and-a-day"],
)
def test_a_long_term_placement_after_its_first_year_is_visited_three_monthly(visited_on, on_time):
    due = next_care_visit_due(placement_start=PLACED, last_visit=date(2027, 2, 10), long_term=True)
    assert (visited_on <= due) is on_time


@pytest.mark.parametrize(
    ("last_visit", "working_days", "due"),
    [
        (date(2026, 11, 6), 10, date(2026, 11, 20)),  # Friday + 10 working days
        (date(2026, 12, 18), 10, date(2027, 1, 6)),  # over Christmas and New Year bank holidays
        (date(2026, 11, 6), 15, date(2026, 11, 27)),  # a council's own standard of 15
    ],
    ids=["ten-working-days", "over-bank-holidays", "council-sets-fifteen"],
)
def test_next_cp_visit_due_counts_the_councils_working_days(last_visit, working_days, due):
    assert next_cp_visit_due(last_visit=last_visit, working_days=working_days) == due


def test_the_cp_visit_standard_is_never_called_statutory():
    assert "statutory" not in children.CP_VISIT_EXPLANATION.lower()
    assert children.CP_VISIT_DEFAULT_WORKING_DAYS == 10
