"""Measures inspectors ask about, each worked by hand with a case on every boundary.

As-at date: Monday 30 June 2025 (scenario.py). Three months before it is 30 March 2025, six
months 30 December 2024; June 2025 has no bank holidays, so Monday 2 June is exactly 20
working days before the as-at date (3 to 30 June) and Friday 30 May 21.
"""

import pytest

from datapack.frames import lists_from_rows
from datapack.measures import BREAKDOWNS_BY_KEY, MEASURES_BY_KEY, compute_breakdown
from datapack.measures import compute_measure as compute

from .scenario import AS_AT, POPULATION, YES, build_lists, child

NO = "b) No"


def figure(key, tables, **options):
    result = compute(MEASURES_BY_KEY[key], build_lists(tables, **options), POPULATION)
    return (result.numerator, result.denominator, result.value)


def counted(key, rows, list_number):
    """Whether each row's child is counted (in the numerator) of a percentage measure."""
    from datapack.measures import measure_rows

    lists = build_lists({list_number: rows})
    _, selected = measure_rows(MEASURES_BY_KEY[key], lists)
    return list(selected)


# ---- Child protection review conferences ------------------------------------------------------
# Working Together to Safeguard Children 2023: the first review conference within three months
# of the initial conference (the plan's start), then at intervals of not more than six months.


@pytest.mark.parametrize(
    ("started", "reviewed", "on_time"),
    [
        ("2025-03-30", None, True),  # exactly 3 months since the plan started, no review yet
        ("2025-03-29", None, False),  # 3 months and a day: the first review is overdue
        ("2025-05-01", None, True),
        ("2024-01-01", "2024-12-30", True),  # the latest review exactly 6 months ago
        ("2024-01-01", "2024-12-29", False),  # 6 months and a day ago
        ("2025-01-10", "2025-04-01", True),
        # A review dated before this plan started was of an earlier plan: none for this one.
        ("2025-01-10", "2024-12-31", False),
    ],
)
def test_review_conferences_on_time(started, reviewed, on_time):
    rows = [child("P", cpp_start_date=started, latest_review_conference_date=reviewed)]
    assert figure("cp_reviews_on_time", {7: rows}) == (int(on_time), 1, 100.0 * on_time)


def test_review_conferences_count_only_children_still_on_a_plan():
    rows = [
        child("OPEN", cpp_start_date="2025-05-01"),
        child("ENDED", cpp_start_date="2024-01-01", cpp_end_date="2025-06-30"),
    ]
    assert figure("cp_reviews_on_time", {7: rows}) == (1, 1, 100.0)


# ---- Statutory reviews of children in care -----------------------------------------------------
# Care Planning, Placement and Case Review (England) Regulations 2010, regulation 33: the first
# review within 20 working days of becoming looked after, the second within 3 months of the
# first, then at intervals of not more than 6 months.

IN_CARE = {"legal_status": "C2: FCO", "born": "2012-01-01"}


@pytest.mark.parametrize(
    ("started", "reviewed", "on_time"),
    [
        ("2025-06-02", None, True),  # exactly 20 working days in care, no review yet
        ("2025-05-30", None, False),  # 21 working days: the first review is overdue
        # Mon 3 March to Sun 30 March is 19 working days, so that review was the first, and the
        # second is due 3 months after it: exactly 3 months before the as-at date is in time...
        ("2025-03-03", "2025-03-30", True),
        # ...and a first review on Fri 28 March leaves the second overdue.
        ("2025-03-03", "2025-03-28", False),
        ("2024-01-01", "2024-12-30", True),  # a later review exactly 6 months ago
        ("2024-01-01", "2024-12-29", False),  # 6 months and a day ago
        # A first review after 20 working days cannot be told from a later one: 6 months.
        ("2025-01-06", "2025-02-17", True),
        # A review before this period of care began was of an earlier one.
        ("2025-05-01", "2025-04-01", False),
        ("2020-01-01", None, False),
    ],
)
def test_statutory_reviews_on_time(started, reviewed, on_time):
    rows = [child("C", date_started_looked_after=started, latest_review_date=reviewed, **IN_CARE)]
    assert figure("cla_reviews_on_time", {8: rows}) == (int(on_time), 1, 100.0 * on_time)


def test_statutory_reviews_leave_out_short_breaks_and_children_who_have_left_care():
    rows = [
        child("IN", date_started_looked_after="2025-06-02", **IN_CARE),
        child("BREAKS", date_started_looked_after="2025-06-02", legal_status="V4: Short breaks"),
        child("LEFT", date_started_looked_after="2024-01-01", date_ceased_looked_after="2025-06-01",
              legal_status="C2: FCO"),
    ]  # fmt: skip
    assert figure("cla_reviews_on_time", {8: rows}) == (1, 1, 100.0)
    assert MEASURES_BY_KEY["cla_reviews_on_time"].footnote  # what Annex A cannot tell


# ---- Re-entry to care -------------------------------------------------------------------------
# Annex A List 8: "Is this a second or subsequent period of being a Looked After Child within the
# last 12 months", for the children who started to be looked after in the six months.


def test_children_who_came_back_into_care_within_12_months():
    rows = [
        child("BACK", date_started_looked_after="2024-12-30", second_period_last_12_months=YES,
              **IN_CARE),  # the first day of the six months
        child("FIRST", date_started_looked_after="2025-03-01", second_period_last_12_months=NO,
              **IN_CARE),
        child("EARLIER", date_started_looked_after="2024-12-29",
              second_period_last_12_months=YES, **IN_CARE),  # before the six months
        child("BREAKS", date_started_looked_after="2025-03-01", second_period_last_12_months=YES,
              legal_status="V3: Short breaks"),
    ]  # fmt: skip
    assert figure("cla_re_entered", {8: rows}) == (1, 2, 50.0)


# ---- Emergency protection orders and police protection ---------------------------------------
# Children Act 1989 s.44 and s.46, as Annex A List 7 records them for the last six months.


def test_emergency_protection_orders_and_police_protection_are_counted_per_child():
    rows = [
        child("EPO", cpp_start_date="2025-05-01", epo_or_police_protection=YES),
        child("ENDED", cpp_start_date="2024-05-01", cpp_end_date="2025-02-01",
              epo_or_police_protection=YES),  # on List 7: the plan ended in the six months
        child("NONE", cpp_start_date="2025-05-01", epo_or_police_protection=NO),
        child("BLANK", cpp_start_date="2025-05-01"),
    ]  # fmt: skip
    assert figure("cp_emergency_protection", {7: rows}) == (2, None, 2.0)


# ---- Care leavers: personal advisers and pathway plans ----------------------------------------
# Children Act 1989 s.23D and the Care Leavers (England) Regulations 2010: eligible, relevant
# and former relevant care leavers have a personal adviser and a pathway plan reviewed at least
# every six months. Qualifying care leavers are not owed either as of right. 2023/24 List 9.

RELEVANT, FORMER, QUALIFYING, ELIGIBLE = (
    "a) Relevant child",
    "b) Former relevant child",
    "c) Qualifying care leaver",
    "d) Eligible child",
)


def leaver(child_id, category, adviser=None, reviewed=None):
    return child(child_id, born="2006-01-01", eligibility_category=category,
                 allocated_personal_advisor=adviser, pathway_plan_review_date=reviewed)  # fmt: skip


def test_care_leavers_with_a_personal_adviser():
    rows = [
        leaver("R", RELEVANT, adviser="Sam Adviser"),
        leaver("F", FORMER),  # none allocated
        leaver("E", ELIGIBLE, adviser="Sam Adviser"),
        leaver("Q", QUALIFYING, adviser="Sam Adviser"),  # not owed one: not in the figure
    ]
    assert figure("care_leavers_personal_adviser", {9: rows}) == (2, 3, 66.7)


@pytest.mark.parametrize(
    ("reviewed", "in_time"),
    [
        ("2024-12-30", True),  # exactly 6 months before the as-at date
        ("2024-12-29", False),  # 6 months and a day
        ("2025-06-30", True),  # on the as-at date
        (None, False),  # never reviewed
    ],
)
def test_pathway_plans_reviewed_in_the_last_6_months(reviewed, in_time):
    rows = [leaver("R", RELEVANT, reviewed=reviewed)]
    assert figure("care_leavers_pathway_plan_reviewed", {9: rows}) == (
        int(in_time),
        1,
        100.0 * in_time,
    )


def test_a_2019_template_has_no_adviser_or_pathway_plan_columns_so_gives_no_figure():
    rows = [leaver("R", RELEVANT, adviser="Sam Adviser", reviewed="2025-06-01")]
    lists = lists_from_rows(lambda number: {9: rows}.get(number, []), as_at=AS_AT,
                            spec_version="2019")  # fmt: skip
    for key in ("care_leavers_personal_adviser", "care_leavers_pathway_plan_reviewed"):
        measure = MEASURES_BY_KEY[key]
        assert compute(measure, lists, POPULATION).value is None  # "No figure", never 0%
        assert "2023/24" in measure.footnote


# ---- Unallocated children on Lists 7 and 8, and caseloads --------------------------------------
# Annex A: Allocated Team and Allocated Worker, current if open; blank means unallocated.


def test_children_on_a_plan_or_in_care_with_no_allocated_worker():
    plans = [
        child("BOTH", cpp_start_date="2025-05-01", allocated_team="CP 1", allocated_worker="Jo"),
        child("NO_WORKER", cpp_start_date="2025-05-01", allocated_team="CP 1"),
        child("NO_TEAM", cpp_start_date="2025-05-01", allocated_worker="Jo"),
        child("ENDED", cpp_start_date="2024-05-01", cpp_end_date="2025-02-01"),
    ]
    assert figure("cp_unallocated", {7: plans}) == (2, 3, 66.7)
    in_care = [
        child("C1", date_started_looked_after="2024-01-01", allocated_team="CiC",
              allocated_worker="Al", **IN_CARE),
        child("C2", date_started_looked_after="2024-01-01", **IN_CARE),
    ]  # fmt: skip
    assert figure("cla_unallocated", {8: in_care}) == (1, 2, 50.0)


def test_caseloads_by_team_and_by_worker_count_each_open_child_once():
    rows = [
        child("A", cin_start_date="2025-01-01", allocated_team="North", allocated_worker="Jo"),
        child("B", cin_start_date="2025-01-01", allocated_team="North", allocated_worker="Jo"),
        child("C", cin_start_date="2025-01-01", allocated_team="South", allocated_worker="Sam"),
        child("D", cin_start_date="2025-01-01"),  # unallocated
        child("E", cin_start_date="2024-01-01", cin_closure_date="2025-03-01",
              allocated_team="South", allocated_worker="Sam"),  # closed: not a current case
    ]  # fmt: skip
    lists = build_lists({6: rows})
    teams = compute_breakdown(BREAKDOWNS_BY_KEY["caseload_by_team"], lists)
    workers = compute_breakdown(BREAKDOWNS_BY_KEY["caseload_by_worker"], lists)
    # Unallocated children first, then the largest caseload first, ties by name.
    assert teams == {"total": 4, "rows": [["No allocated team", 1], ["North", 2], ["South", 1]]}
    assert workers == {"total": 4, "rows": [["No allocated worker", 1], ["Jo", 2], ["Sam", 1]]}
