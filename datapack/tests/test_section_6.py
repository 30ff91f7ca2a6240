"""One test per bug annex_a.md section 6 lists in the public scripts (S7), showing ours is right.

Each builds a tiny version where the buggy logic and ours give different answers.
"""

import pytest

from datapack.measures import (
    BREAKDOWNS_BY_KEY,
    MEASURES,
    MEASURES_BY_KEY,
    PERCENT,
    compute_breakdown,
    compute_measure,
)

from .scenario import YES, build_lists, child


def _measure(key, tables, population=None):
    return compute_measure(MEASURES_BY_KEY[key], build_lists(tables), population)


def test_long_term_stability_applies_the_two_and_a_half_year_condition():
    # S7 compared a date with itself, so every child was in the cohort. Here only L1 has been
    # in care 2½ years (since 2021); L2 came into care in 2024 and is in her first placement.
    tables = {
        8: [
            child("L1", born="2015-01-01", date_started_looked_after="2021-01-01",
                  placement_start_date="2022-01-01"),
            child("L2", born="2015-01-01", date_started_looked_after="2024-09-01",
                  placement_start_date="2024-09-01"),
        ]
    }  # fmt: skip
    result = _measure("cla_long_term_stability", tables)
    assert (result.numerator, result.denominator, result.value) == (1, 1, 100.0)


def test_health_assessment_allows_twelve_months_for_children_of_five_and_over():
    # S7 used six months for both ages. Both had their assessment 9 months ago: in time for the
    # 7-year-old (12 months), late for the 3-year-old (6 months).
    tables = {
        8: [
            child("OLDER", born="2018-01-01", date_started_looked_after="2023-01-01",
                  last_health_assessment_date="2024-09-30"),
            child("YOUNGER", born="2022-01-01", date_started_looked_after="2023-01-01",
                  last_health_assessment_date="2024-09-30"),
        ]
    }  # fmt: skip
    result = _measure("cla_health_assessment_in_time", tables)
    assert (result.numerator, result.denominator) == (1, 2)


def test_the_19_to_21_band_holds_only_those_aged_19_to_21():
    # S7's filter used OR, so it selected everyone. Ages 17, 20 and 23: only the 20-year-old.
    tables = {
        9: [
            child("AGED17", born="2008-01-01", in_touch=YES),
            child("AGED20", born="2005-01-01", in_touch=YES),
            child("AGED23", born="2002-01-01", in_touch=YES),
        ]
    }
    result = _measure("care_leavers_in_touch_19_21", tables)
    assert (result.numerator, result.denominator) == (1, 1)


def test_suitable_accommodation_is_the_suitable_code_not_yes():
    # S7 tested "a) Yes", which the suitability column never holds, so it always found none.
    tables = {
        9: [
            child("SUITABLE", born="2005-01-01", suitability="a) Suitable"),
            child("UNSUITABLE", born="2005-01-01", suitability="b) Unsuitable"),
        ]
    }
    result = _measure("care_leavers_suitable_19_21", tables)
    assert (result.numerator, result.denominator) == (1, 2)


def test_absent_episodes_count_children_who_were_absent_not_those_who_were_not():
    # S7's "Has absent episode?" was inverted. One child absent twice, two never.
    tables = {
        8: [
            child("ABSENT", absent_episodes=2, date_started_looked_after="2024-01-01"),
            child("NEVER1", absent_episodes=0, date_started_looked_after="2024-01-01"),
            child("NEVER2", absent_episodes=0, date_started_looked_after="2024-01-01"),
        ]
    }
    result = _measure("cla_absent", tables)
    assert (result.numerator, result.denominator, result.value) == (1, 3, 33.3)


@pytest.mark.parametrize("measure", MEASURES, ids=[m.key for m in MEASURES])
def test_a_percentage_is_a_percentage_and_a_rate_is_a_rate(measure):
    # One of S7's CIN "Percent" keys held a rate. Ours keep them apart: a percentage is
    # numerator over denominator, never per 10,000, and only counts have a rate.
    from .scenario import SCENARIO

    result = compute_measure(measure, build_lists(SCENARIO), 20_000)
    if measure.kind == PERCENT:
        assert not measure.with_rate
        assert result.rate is None
        if result.denominator:
            assert result.value == round(100 * result.numerator / result.denominator, 1)
            assert 0 <= result.value <= 100
    if measure.with_rate:
        per_year = 2 if measure.rate == "a year" else 1  # six months' count doubled to a year
        assert result.rate == round(10_000 * result.numerator * per_year / 20_000, 1)


def test_conference_timeliness_bins_do_not_overlap():
    # S7's last bins were "18-20" and "20+": a conference after 20 working days was in both.
    # Strategy discussions on Mon 2 June 2025; conferences 20 and 21 working days later.
    tables = {
        5: [
            child("TWENTY", strategy_discussion_date="2025-06-02", icpc_date="2025-06-30"),
            child("TWENTYONE", strategy_discussion_date="2025-05-30", icpc_date="2025-06-30"),
        ]
    }
    rows = dict(map(tuple, compute_breakdown(BREAKDOWNS_BY_KEY["icpc_timeliness"],
                                             build_lists(tables))["rows"]))  # fmt: skip
    assert rows["18 to 20"] == 1
    assert rows["21 and over"] == 1
    assert sum(rows.values()) == 2


def test_children_referred_more_than_once_are_counted_once_each():
    # Annex A repeats "Number of Referrals in Last 12 Months" on every row of a child, so
    # counting rows counts a re-referred child once per referral. This is the separate,
    # per-child figure; DfE's re-referral rate is per referral (test_definitions.py).
    tables = {
        3: [
            child("TWICE", referral_date="2025-05-01", referrals_last_12_months=2),
            child("TWICE", referral_date="2025-06-01", referrals_last_12_months=2),
            child("TWICE", referral_date="2025-06-10", referrals_last_12_months=2),
            child("ONCE", referral_date="2025-06-01", referrals_last_12_months=0),
        ]
    }
    result = _measure("children_re_referred", tables)
    assert (result.numerator, result.denominator, result.value) == (1, 2, 50.0)
