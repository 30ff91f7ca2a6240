"""The pack's figures that DfE also publishes, each by DfE's own definition, worked by hand.

Each test names its source. As-at date: Monday 30 June 2025 (scenario.py), so "the six
months" starts on 30 December 2024 and "the 12 months" on 30 June 2024. Where the pack used to
count differently, the old figure is worked out too, with the definition it used, so the
difference the performance lead found (issue 16) stays pinned.
"""

from dataclasses import replace

import pytest

from datapack.measures import AREAS, MEASURES, MEASURES_BY_KEY, PERCENT, compute_measure
from datapack.measures.base import A_YEAR, AT_AS_AT, in_last_twelve_months, is_blank

from .scenario import POPULATION, build_lists, child

V3 = "V3: Short term breaks, episodes recorded"
V4 = "V4: Short term breaks, agreements recorded"
FOSTER = "f) U6: Foster placement - not FFA"
ADOPTION_WITH_FOSTER_CARER_CONSENT = "g) A3: Placed for adoption - consent - current foster"
ADOPTION_WITH_FOSTER_CARER_ORDER = "i) A5: Placed for adoption - order - foster"


def _result(measure, tables):
    result = compute_measure(measure, build_lists(tables), POPULATION)
    return (result.numerator, result.denominator, result.value)


def _figure(key, tables):
    return _result(MEASURES_BY_KEY[key], tables)


# ---- Re-referrals: per referral ---------------------------------------------------------------
# DfE, Children in need statistics (and Ofsted's ChAT): re-referrals within 12 months of a
# previous referral, as a percentage of referrals. Annex A FAQ 01/08/2019: "Number of
# Referrals in Last 12 Months" counts referrals in the 12 months before the child's latest
# referral and is the same on every row of the child.


def referral(child_id, day, count):
    return child(child_id, referral_date=day, referrals_last_12_months=count)


def test_re_referrals_are_counted_per_referral_not_per_child():
    # The performance lead's example: the pack said 75.0%, DfE's definition gives 50.0%.
    tables = {
        3: [
            # Two referrals; the count of 1 is the first, listed: the second is a re-referral.
            referral("A", "2025-02-01", 1),
            referral("A", "2025-04-01", 1),
            # One referral; the count of 1 is an earlier, unlisted referral: a re-referral.
            referral("B", "2025-03-01", 1),
            # One referral and none before.
            referral("C", "2025-03-01", 0),
            referral("D", "2025-01-10", 1),
            referral("D", "2025-06-01", 1),
        ]
    }
    assert _figure("re_referrals", tables) == (3, 6, 50.0)
    # The per-child figure, kept under its own name: A, B and D of the four children.
    assert _figure("children_re_referred", tables) == (3, 4, 75.0)


@pytest.mark.parametrize(
    ("rows", "re_referred"),
    [
        # (referral date, 12-month count) for one child's listed referrals -> re-referrals
        ([("2025-03-01", 0)], 0),
        ([("2025-03-01", 1)], 1),  # the first is one: an earlier referral is not listed
        ([("2025-03-01", 1), ("2025-05-01", 1)], 1),  # the count is the first listed one
        ([("2025-03-01", 2), ("2025-05-01", 2)], 2),  # one more than listed: both are
        ([("2025-01-01", 2), ("2025-03-01", 2), ("2025-05-01", 2)], 2),
        ([("2025-05-01", 1), ("2025-03-01", 1)], 1),  # listed out of date order
        ([("2025-03-01", None)], 0),  # no count recorded: no earlier referral known
    ],
)
def test_which_referrals_are_re_referrals(rows, re_referred):
    tables = {3: [referral("X", day, count) for day, count in rows]}
    assert _figure("re_referrals", tables)[:2] == (re_referred, len(rows))


def test_a_referral_on_the_first_day_of_the_six_months_is_counted():
    tables = {
        3: [
            referral("FIRST_DAY", "2024-12-30", 1),
            referral("DAY_BEFORE", "2024-12-29", 1),  # listed, but before the six months
        ]
    }
    assert _figure("re_referrals", tables) == (1, 1, 100.0)


# ---- Adoption: A1, A10, A2 and A3 for children adopted in the 12 months ------------------------
# DfE, Adoption scorecards 2016 to 2019: A1, average days from entering care to moving in with
# the adoptive family, for children adopted (threshold 426 days); A10, the same adjusted for
# foster carer adoptions (426 days); A2, average days from the placement order to the match
# (121 days); A3, children who moved in within 14 months of entering care.

ADOPTIONS = {
    10: [
        # Adopted in the 12 months. Entered care 386 days before being placed (placed before
        # the 12 months began); placed with the adopters as fostering for adoption 100 days
        # before that; placement order to match: 1 January to 30 April 2024, 120 days.
        child("X", date_entered_care="2023-05-12", ffa_placement_date="2024-02-22",
              placed_for_adoption_date="2024-06-01", adoption_order_date="2025-01-10",
              placement_order_date="2024-01-01", matching_date="2024-04-30"),
        # Adopted in the 12 months: 390 days to placement; order to match 123 days.
        child("Y", date_entered_care="2023-09-07", placed_for_adoption_date="2024-10-01",
              adoption_order_date="2025-05-01", placement_order_date="2024-03-01",
              matching_date="2024-07-02"),
        # Placed in the 12 months (211 days) but not yet adopted.
        child("Z", date_entered_care="2024-06-18", placed_for_adoption_date="2025-01-15"),
    ]
}  # fmt: skip


def test_a1_and_a2_are_for_children_adopted_in_the_12_months():
    # The performance lead's example: the pack said 300.5 days, averaging Y and Z, the
    # children *placed* in the 12 months; A1 is (386 + 390) / 2 = 388.0 and A2 (120 + 123)
    # / 2 = 121.5.
    placed_in_12_months = replace(
        MEASURES_BY_KEY["adoption_a1_days"],
        cohort=in_last_twelve_months("placed_for_adoption_date"),
    )
    assert _result(placed_in_12_months, ADOPTIONS) == (2, None, 300.5)
    assert _figure("adoption_a1_days", ADOPTIONS) == (2, None, 388.0)
    assert _figure("adoption_a2_days", ADOPTIONS) == (2, None, 121.5)


def test_a10_counts_from_the_fostering_for_adoption_placement_where_given():
    # X moved in with her adopters 286 days after entering care: (286 + 390) / 2.
    assert _figure("adoption_a10_days", ADOPTIONS) == (2, None, 338.0)


@pytest.mark.parametrize(
    ("entered", "moved_in", "within"),
    [
        ("2024-01-01", "2025-03-01", 1),  # 425 days
        ("2024-01-01", "2025-03-02", 1),  # exactly 426 days: within the threshold
        ("2024-01-01", "2025-03-03", 0),  # 427 days
    ],
)
def test_a3_moved_in_within_426_days(entered, moved_in, within):
    tables = {
        10: [
            child("A3", date_entered_care=entered, placed_for_adoption_date=moved_in,
                  adoption_order_date="2025-06-01")
        ]
    }  # fmt: skip
    assert _figure("adoption_a3_within_426_days", tables)[:2] == (within, 1)


@pytest.mark.parametrize(
    ("order", "adopted"),
    [
        ("2024-06-29", 0),  # a day before the 12 months
        ("2024-06-30", 1),  # exactly 12 months before the as-at date: in
        ("2025-06-30", 1),  # on the as-at date
        ("2025-07-01", 0),  # after it
    ],
)
def test_an_adoption_order_exactly_12_months_before_the_as_at_date_counts(order, adopted):
    tables = {
        10: [
            child("AO", date_entered_care="2023-01-01", placed_for_adoption_date="2024-01-01",
                  adoption_order_date=order)
        ]
    }  # fmt: skip
    assert _figure("adoption_a1_days", tables)[0] == adopted


# ---- Children in care: not children on short breaks ------------------------------------------
# DfE, Children looked after in England, methodology: children looked after under an agreed
# series of short-term placements (legal status V3 or V4) are not counted.

IN_CARE = {
    8: [
        child("C1", legal_status="C2: FCO", date_started_looked_after="2024-01-01",
              placements_last_12_months=1),
        child("C2", legal_status="E1: Placement order", date_started_looked_after="2023-01-01",
              placements_last_12_months=2),
        child("B1", legal_status=V3, date_started_looked_after="2024-05-01",
              placements_last_12_months=3),
        child("B2", legal_status=V4, date_started_looked_after="2025-03-01",
              placements_last_12_months=4),
    ]
}  # fmt: skip


def test_children_on_short_breaks_are_not_children_in_care():
    # The performance lead's example: the pack said 4 children in care, 50% with 3 or more
    # placements; DfE counts 2, and neither has had 3 placements.
    everyone_open = is_blank("date_ceased_looked_after")
    old_count = replace(MEASURES_BY_KEY["cla_open"], selected=everyone_open)
    old_placements = replace(MEASURES_BY_KEY["cla_three_or_more_placements"], cohort=everyone_open)
    assert _result(old_count, IN_CARE)[0] == 4
    assert _result(old_placements, IN_CARE) == (2, 4, 50.0)
    assert _figure("cla_open", IN_CARE)[0] == 2
    assert _figure("cla_three_or_more_placements", IN_CARE) == (0, 2, 0.0)
    assert _figure("cla_short_breaks", IN_CARE)[0] == 2


def test_no_children_in_care_figure_counts_a_child_on_short_breaks():
    only_short_breaks = {
        8: [
            child("B", legal_status=V3, date_started_looked_after="2020-01-01",
                  placement_start_date="2020-01-01", placements_last_12_months=3,
                  missing_episodes=2, absent_episodes=1, return_interview_offered="a) Yes",
                  uasc="a) Yes", last_health_assessment_date="2025-01-01", born="2015-01-01"),
            child("BC", legal_status=V4, date_started_looked_after="2025-01-02",
                  date_ceased_looked_after="2025-03-01"),
        ]
    }  # fmt: skip
    lists = build_lists(only_short_breaks)
    for measure in MEASURES:
        if measure.list_number == 8 and measure.key != "cla_short_breaks":
            assert compute_measure(measure, lists, POPULATION).numerator == 0, measure.key


# ---- Long-term stability, with the allowance for adoption by foster carers -------------------
# DfE, Children looked after in England (placement stability): children under 16 looked after
# continuously for 2½ years or more, in the same placement for 2 years or more, or placed for
# adoption with their adoptive placement and the one before it together lasting 2 years.


def in_long_care(child_id, placement_start, placement_type=FOSTER, **data):
    data.setdefault("born", "2012-01-01")
    data.setdefault("date_started_looked_after", "2021-01-01")
    data.setdefault("legal_status", "C2: FCO")
    return child(
        child_id, placement_start_date=placement_start, placement_type=placement_type, **data
    )


def test_children_placed_for_adoption_with_their_foster_carers_are_stable():
    # The performance lead's example: the pack said 33.3%, DfE's definition gives 66.7%.
    tables = {
        8: [
            in_long_care("S1", "2023-01-01"),
            in_long_care("S2", "2025-01-01", ADOPTION_WITH_FOSTER_CARER_CONSENT),
            in_long_care("S3", "2024-06-01"),
        ]
    }
    measure = MEASURES_BY_KEY["cla_long_term_stability"]
    two_years_only = replace(
        measure, selected=lambda df, lists: df["placement_start_date"] <= "2023-06-30"
    )
    assert _result(two_years_only, tables) == (1, 3, 33.3)
    assert _figure("cla_long_term_stability", tables) == (2, 3, 66.7)
    assert "cannot tell" in measure.footnote  # said beside the figure


@pytest.mark.parametrize(
    ("row", "in_cohort", "stable"),
    [
        (in_long_care("TWO", "2023-06-30"), 1, 1),  # placement exactly 2 years old
        (in_long_care("UNDER", "2023-07-01"), 1, 0),  # a day short of 2 years
        (in_long_care("A5", "2025-06-01", ADOPTION_WITH_FOSTER_CARER_ORDER), 1, 1),
        (in_long_care("AGED16", "2020-01-01", born="2009-06-30"), 0, 0),  # exactly 16: out
        (in_long_care("AGED15", "2020-01-01", born="2009-07-01"), 1, 1),  # 15 tomorrow 16
        # In care exactly 2½ years (since 30 December 2022) is in; a day less is not.
        (in_long_care("IN30", "2023-01-01", date_started_looked_after="2022-12-30"), 1, 1),
        (in_long_care("IN29", "2023-01-01", date_started_looked_after="2022-12-31"), 0, 0),
        (in_long_care("BREAKS", "2020-01-01", legal_status=V3), 0, 0),
    ],
    ids=lambda value: value["child_id"] if isinstance(value, dict) else None,
)
def test_long_term_stability_boundaries(row, in_cohort, stable):
    numerator, denominator, _ = _figure("cla_long_term_stability", {8: [row]})
    assert (denominator, numerator) == (in_cohort, stable)


# ---- Rates per 10,000: a year, or at the as-at date, never six months -------------------------


def test_six_month_counts_are_doubled_to_a_yearly_rate():
    # Three referrals in the six months among 10,000 children: 6.0 a year, as DfE publishes.
    tables = {3: [referral(f"R{n}", "2025-03-01", 0) for n in range(3)]}
    result = compute_measure(MEASURES_BY_KEY["referrals"], build_lists(tables), POPULATION)
    assert (result.value, result.rate) == (3.0, 6.0)
    assert MEASURES_BY_KEY["referrals"].rate_words == "per 10,000 children a year"


@pytest.mark.parametrize("area", AREAS, ids=[area.key for area in AREAS])
def test_every_rate_is_yearly_or_at_the_as_at_date(area):
    rates = {measure.rate for measure in MEASURES if measure.area == area.key and measure.rate}
    assert rates <= {A_YEAR, AT_AS_AT}
    for measure in MEASURES:
        if measure.rate == A_YEAR:
            assert measure.list_number <= 7 and "six months" in measure.definition
        if measure.kind == PERCENT:
            assert not measure.rate


# ---- Timescales at their boundaries -----------------------------------------------------------
# Working Together to Safeguard Children: assessments within 45 working days of referral; the
# initial child protection conference within 15 working days of the strategy discussion.


@pytest.mark.parametrize(
    ("authorised", "in_time"),
    [
        ("2025-04-07", 1),  # Mon 3 Feb to Mon 7 April: exactly 45 working days
        ("2025-04-08", 0),  # 46
    ],
)
def test_an_assessment_of_exactly_45_working_days_is_in_time(authorised, in_time):
    tables = {4: [child("AS", assessment_start_date="2025-02-03",
                        assessment_authorised_date=authorised)]}  # fmt: skip
    assert _figure("assessments_within_45_days", tables)[:2] == (in_time, 1)


@pytest.mark.parametrize(
    ("conference", "in_time"),
    [
        ("2025-06-23", 1),  # Mon 2 June to Mon 23 June: exactly 15 working days
        ("2025-06-24", 0),  # 16
    ],
)
def test_a_conference_exactly_15_working_days_after_the_strategy_discussion_is_in_time(
    conference, in_time
):
    tables = {5: [child("S", strategy_discussion_date="2025-06-02", icpc_date=conference)]}
    assert _figure("icpcs_within_15_days", tables)[:2] == (in_time, 1)
