"""Every measure on the hand-built version in ``scenario.py``, with the answer worked out.

Each row: (measure, numerator, denominator, value). Counts have no denominator and their value
is the count; the rate is checked separately (population 10,000, so rate = count).
"""

from datetime import date, timedelta

import pandas as pd
import pytest

from datapack.frames import UNBORN, working_days_between
from datapack.measures import (
    BREAKDOWNS_BY_KEY,
    MEASURES,
    MEASURES_BY_KEY,
    compute_breakdown,
    compute_measure,
    describe_change,
    drill_down,
)
from inspection_readiness import working_days

from .scenario import POPULATION, build_lists

EXPECTED = [
    # Contacts: C1, C2 and the unborn child's are in the six months; A2's is before it.
    ("contacts", 3, None, 3.0),
    # Children with a contact: A1 and A3; only A1 was referred in the six months.
    ("contact_children_referred", 1, 2, 50.0),
    ("early_help", 2, None, 2.0),
    # A1 and B9 had early help; A1 was referred.
    ("early_help_children_referred", 1, 2, 50.0),
    # Referrals R1, R2 and R3; A5's was before the six months.
    ("referrals", 3, None, 3.0),
    ("referrals_nfa", 1, 3, 33.3),
    # DfE's re-referrals, per referral: A1's second referral (her first is not one, as her
    # 12-month count of 1 is the listed referral before her latest); A4 has none: 1 of 3.
    ("re_referrals", 1, 3, 33.3),
    # Children referred: A1 (1 earlier referral, repeated on both rows) and A4 (none): 1 of 2,
    # not 2 of 3 rows.
    ("children_re_referred", 1, 2, 50.0),
    ("assessments", 4, None, 4.0),
    ("assessments_completed", 2, None, 2.0),
    # AS1 took 43 working days (bank holidays excluded), AS2 60.
    ("assessments_within_45_days", 1, 2, 50.0),
    ("assessments_open", 2, None, 2.0),
    # AS4 has been open 81 working days; AS3 20.
    ("assessments_open_over_45_days", 1, None, 1.0),
    ("assessments_requiring_support", 1, 2, 50.0),
    # Seen on AS1 and AS2; not on AS3; unknown on AS4.
    ("assessments_child_seen", 2, 4, 50.0),
    ("section_47s", 3, None, 3.0),
    ("section_47s_icpc_unnecessary", 1, 3, 33.3),
    ("section_47s_to_icpc", 2, 3, 66.7),
    # S1's conference after 13 working days (3 bank holidays inside), S2's after 19.
    ("icpcs_within_15_days", 1, 2, 50.0),
    ("icpcs_to_plan", 1, 2, 50.0),
    # Open: A1 and A6 (the child with no dates); A7 closed on 1 February.
    ("cin_open", 2, None, 2.0),
    ("cin_started", 1, None, 1.0),
    ("cin_ceased", 1, None, 1.0),
    ("cin_disabled", 1, 2, 50.0),
    # Open: A1 (team and worker given) and A6 (neither): A6 is unallocated.
    ("cin_unallocated", 1, 2, 50.0),
    # A1 seen 10 days ago; A6 never recorded as seen.
    ("cin_seen_in_4_weeks", 1, 2, 50.0),
    # Open plans: A1, A9, A10. A8's plan ended on the as-at date, so it is not open...
    ("cp_open", 3, None, 3.0),
    ("cp_started", 1, None, 1.0),
    # ...and it ended in the six months.
    ("cp_ended", 1, None, 1.0),
    # A1's new plan is her second.
    ("cp_repeat_plans", 1, 1, 100.0),
    # A8's plan ran from January 2023 to June 2025.
    ("cp_ended_after_2_years", 1, 1, 100.0),
    # A10's plan started in March 2022; A8's is not open.
    ("cp_open_over_2_years", 1, None, 1.0),
    # A1 visited 5 working days ago; A9 21; A10 never.
    ("cp_visited_in_10_days", 1, 3, 33.3),
    ("cp_seen_alone", 1, 3, 33.3),
    # No review conference recorded: A1's plan started within 3 months, A9's and A10's did not.
    ("cp_reviews_on_time", 1, 3, 33.3),
    ("cp_emergency_protection", 0, None, 0.0),
    ("cp_unallocated", 3, 3, 100.0),  # no team or worker recorded for any plan
    # In care: C1 to C4; C5 ceased on 1 May (in the six months).
    ("cla_open", 4, None, 4.0),
    ("cla_started", 1, None, 1.0),
    ("cla_ceased", 1, None, 1.0),
    ("cla_short_breaks", 0, None, 0.0),
    ("cla_uasc", 1, 4, 25.0),
    ("cla_three_or_more_placements", 1, 4, 25.0),
    # Under 16 and in care 2½ years or more: C2 and C3 (C1 only since January 2023). C2's
    # placement started May 2023 (over 2 years), C3's January 2024.
    ("cla_long_term_stability", 1, 2, 50.0),
    # In care 12 months or more: C1, C2, C3. C1 is 4 with an assessment 8 months ago (late:
    # under 5 needs 6 months); C2 is 7, 8 months ago (in time); C3 January 2025 (in time).
    ("cla_health_assessment_in_time", 2, 3, 66.7),
    # Dental checks: C1 January 2025 (in time), C2 March 2024 (late), C3 none.
    ("cla_dental_check_in_time", 1, 3, 33.3),
    # Visits (regulation 28, six weeks): C1 29 days ago, C2 90 (overdue since 13 May), C3 10, C4 5.
    ("cla_visits_on_time", 3, 4, 75.0),
    ("cla_placed_out_of_area", 1, 4, 25.0),
    # All five children on List 8: C2 and C3 went missing...
    ("cla_missing", 2, 5, 40.0),
    # ...C2 was offered a return interview, C3 not; C2 did not accept.
    ("cla_return_interview_offered", 1, 2, 50.0),
    ("cla_return_interview_accepted", 0, 1, 0.0),
    # C1 and C5 were absent.
    ("cla_absent", 2, 5, 40.0),
    # No statutory review recorded, and every child in care more than 20 working days.
    ("cla_reviews_on_time", 0, 4, 0.0),
    ("cla_re_entered", 0, 1, 0.0),  # C4 started in the six months; no second period recorded
    ("cla_unallocated", 4, 4, 100.0),
    ("care_leavers", 5, None, 5.0),
    # Aged 17 to 18: CL1 (17, in touch, suitable, in education) and CL2 (18, not in touch).
    ("care_leavers_in_touch_17_18", 1, 2, 50.0),
    ("care_leavers_suitable_17_18", 1, 2, 50.0),
    ("care_leavers_eet_17_18", 1, 2, 50.0),
    # Aged 19 to 21: CL3 (19, G5: not in EET) and CL4 (21, unsuitable, F3). CL5 is 22.
    ("care_leavers_in_touch_19_21", 2, 2, 100.0),
    ("care_leavers_suitable_19_21", 1, 2, 50.0),
    ("care_leavers_eet_19_21", 1, 2, 50.0),
    # No eligibility category recorded, so no one known to be owed an adviser: no figure.
    ("care_leavers_personal_adviser", 0, 0, None),
    ("care_leavers_pathway_plan_reviewed", 0, 0, None),
    # Decisions on 1 August 2024 (AD1) and 10 January 2025 (AD3).
    ("adoption_decisions", 2, None, 2.0),
    # AD1 placed 1 December 2024, AD2 1 July 2024.
    ("placed_for_adoption", 2, None, 2.0),
    ("adopted", 1, None, 1.0),
    # The scorecard measures are of children adopted in the 12 months: AD2 only. (This test
    # said 441.0 days, (335 + 547) / 2, averaging the children *placed* in the 12 months,
    # which is neither A1 nor A10: AD1 has not been adopted.) AD2: 547 days, over 426.
    ("adoption_a1_days", 1, None, 547.0),
    ("adoption_a10_days", 1, None, 547.0),
    ("adoption_a2_days", 0, None, None),  # no placement order or match dates
    ("adoption_a3_within_426_days", 0, 1, 0.0),
    # ADP1 (stage 2 ended March 2025) and ADP2 (approved July 2024).
    ("adopters_approved", 2, None, 2.0),
]


@pytest.fixture(scope="module")
def lists():
    return build_lists()


def test_every_measure_has_a_worked_answer():
    assert sorted(key for key, *_ in EXPECTED) == sorted(measure.key for measure in MEASURES)


@pytest.mark.parametrize(
    ("key", "numerator", "denominator", "value"), EXPECTED, ids=[row[0] for row in EXPECTED]
)
def test_measure(lists, key, numerator, denominator, value):
    result = compute_measure(MEASURES_BY_KEY[key], lists, POPULATION)
    assert (result.numerator, result.denominator, result.value) == (numerator, denominator, value)


@pytest.mark.parametrize("key", [m.key for m in MEASURES if m.with_rate])
def test_rates_are_per_10000_children(lists, key):
    measure = MEASURES_BY_KEY[key]
    result = compute_measure(measure, lists, POPULATION)
    # A population of 10,000: the rate is the count at the as-at date, and twice the six
    # months' count for a year (DfE publishes yearly rates).
    expected = result.numerator * (2 if measure.rate == "a year" else 1)
    assert result.rate == expected


def test_no_rate_without_a_population(lists):
    assert compute_measure(MEASURES_BY_KEY["contacts"], lists, None).rate is None


def test_an_unborn_child_is_in_its_own_age_band(lists):
    table = dict(map(tuple, compute_breakdown(BREAKDOWNS_BY_KEY["contacts_by_age"], lists)["rows"]))
    assert table[UNBORN] == 1
    assert table["Under 1"] == 0
    assert table["10 to 15"] == 1  # A1, born 2015, counted once for two contacts


def test_a_child_with_no_dates_is_counted_and_shown_as_not_known(lists):
    ages = dict(map(tuple, compute_breakdown(BREAKDOWNS_BY_KEY["cin_by_age"], lists)["rows"]))
    seen = dict(
        map(tuple, compute_breakdown(BREAKDOWNS_BY_KEY["cin_time_since_seen"], lists)["rows"])
    )
    assert ages["Not known"] == 1
    assert seen == {"Within 4 weeks": 1, "4 to 8 weeks": 0, "8 to 12 weeks": 0,
                    "Over 12 weeks": 0, "Not recorded": 1}  # fmt: skip


def test_a_plan_that_ended_on_the_as_at_date_is_ended_not_open(lists):
    open_ids = set(drill_down(lists, measure_key="cp_open").rows["child_id"])
    ended_ids = set(drill_down(lists, measure_key="cp_ended").rows["child_id"])
    assert "A8" not in open_ids
    assert ended_ids == {"A8"}


def test_assessment_durations_count_bank_holidays_as_non_working(lists):
    table = dict(
        map(tuple, compute_breakdown(BREAKDOWNS_BY_KEY["assessment_duration"], lists)["rows"])
    )
    assert table["41 to 45"] == 1  # AS1: 43 working days; 47 if bank holidays were counted
    assert table["46 to 50"] == 0
    assert table["51 to 60"] == 1  # AS2: 60


def test_drill_down_gives_the_rows_behind_each_count(lists):
    for measure in MEASURES:
        found = drill_down(lists, measure_key=measure.key)
        if measure.kind != "average":
            assert len(found.rows) == compute_measure(measure, lists, None).numerator, measure.key


def test_drill_down_of_a_category(lists):
    found = drill_down(lists, breakdown_key="cla_legal_status", category="C2: FCO")
    assert sorted(found.rows["child_id"]) == ["C1", "C2"]  # C5 has ceased
    with pytest.raises(KeyError):
        drill_down(lists, breakdown_key="cla_legal_status", category="Made up")


def test_vectorised_working_days_agree_with_the_working_day_module():
    starts = [date(2024, 12, 20) + timedelta(days=n) for n in range(0, 140, 3)]
    pairs = [(start, start + timedelta(days=gap)) for start in starts for gap in (0, 1, 9, 45, 70)]
    pairs.append((date(2025, 5, 6), date(2025, 4, 14)))  # backwards: negative
    counted = working_days_between(
        pd.Series(pd.to_datetime([a for a, _ in pairs])),
        pd.Series(pd.to_datetime([b for _, b in pairs])),
    )
    assert list(counted) == [working_days.working_days_between(a, b) for a, b in pairs]


@pytest.mark.parametrize(
    ("key", "current", "previous", "arrow", "words"),
    [
        ("contacts", 120.0, 100.0, "↑", "Up 20 from 100"),
        ("referrals_nfa", 30.0, 32.5, "↓", "Down 2.5 percentage points from 32.5%"),
        ("adoption_a1_days", 400.0, 400.0, "→", "No change from 400.0 days"),
        ("contacts", 5.0, None, "", "No figure for the previous version"),
    ],
)
def test_change_is_said_in_words_as_well_as_an_arrow(key, current, previous, arrow, words):
    change = describe_change(MEASURES_BY_KEY[key], current, previous)
    assert (change.arrow, change.words) == (arrow, words)
