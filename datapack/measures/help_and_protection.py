"""Measures of help and protection: contacts and early help, referrals, assessments,
section 47 enquiries and conferences, children in need and child protection (Lists 1 to 7)."""

from __future__ import annotations

import pandas as pd

from .base import (
    A_YEAR,
    ASSESSMENT_WORKING_DAYS,
    AT_AS_AT,
    CHILDREN,
    CP_VISIT_STANDARD,
    ENABLER_3,
    ICPC_WORKING_DAYS,
    OUTCOME_1,
    OUTCOME_3,
    PERCENT,
    YES,
    A,
    C,
    Lists,
    Measure,
    N,
    P,
    R,
    S,
    assessment_working_days,
    at_least,
    both,
    completed_assessments,
    contacts_in_period,
    cp_visit_within_standard,
    ended_plans,
    equals,
    everyone,
    icpc_working_days,
    icpcs_held,
    in_last_six_months,
    new_plans,
    on_list,
    open_assessments,
    open_cin,
    open_cp,
    plan_lasted_two_years,
    referrals_in_period,
    s47s_in_period,
    within,
    working_days,
)


def re_referral(df: pd.DataFrame, lists: Lists) -> pd.Series:
    """A referral within 12 months of a previous referral of the same child (DfE).

    List 3 holds six months of referrals, so each listed referral after the child's first is
    within 12 months of the one before. Whether the first is depends on referrals before the
    list: the child's count of referrals in the 12 months before their latest (the same on
    every row, Annex A FAQ 01/08/2019) includes the listed ones before the latest, so a count
    above those means an earlier, unlisted referral.
    """
    by_date = df.sort_values(["child_id", "referral_date"], kind="stable")
    position = by_date.groupby("child_id", sort=False).cumcount().reindex(df.index)
    children = df.groupby("child_id", sort=False)
    listed = children["child_id"].transform("size")
    count = children["referrals_last_12_months"].transform("max").fillna(0)
    return (position > 0) | (count > listed - 1)


# Working Together to Safeguard Children 2023 (child protection review conferences; annex_a.md):
# the first review within three months of the initial conference, then at most every six months.
FIRST_REVIEW_CONFERENCE_MONTHS = 3
REVIEW_CONFERENCE_MONTHS = 6
WORKING_TOGETHER_REVIEWS = (
    "Working Together to Safeguard Children 2023: the first child protection review conference "
    "within three months of the initial conference, then further reviews at intervals of not "
    "more than six months while the child is on a plan."
)


def review_conference_in_time(df: pd.DataFrame, lists: Lists) -> pd.Series:
    """No review is overdue at the as-at date: with no review since the plan started (at the
    initial conference), three months have not passed; otherwise six have not passed since the
    latest. A review dated before the plan started belongs to an earlier plan."""
    started = df["cpp_start_date"]
    review = df["latest_review_conference_date"]
    review = review.where(review >= started)
    period = lists.period
    first_not_due = review.isna() & (started >= period.months_ago(FIRST_REVIEW_CONFERENCE_MONTHS))
    reviewed = review.notna() & (review >= period.months_ago(REVIEW_CONFERENCE_MONTHS))
    return first_not_due | reviewed


def unallocated(df: pd.DataFrame, lists: Lists) -> pd.Series:
    """No allocated team or no allocated worker: blank means the child is unallocated, which is
    valid in Annex A and what inspectors ask about (annex_a.md section 3; rule AA37Q)."""
    return df["allocated_team"].isna() | df["allocated_worker"].isna()


HELP_AND_PROTECTION: tuple[Measure, ...] = (
    # Contacts and early help (Lists 1 and 2)
    Measure(
        key="contacts",
        framework=OUTCOME_1,
        area=C,
        name="Contacts",
        definition="Contacts received in the six months before the as-at date.",
        list_number=1,
        numerator="Contacts received in the six months",
        selected=contacts_in_period,
        rate=A_YEAR,
        dates=("contact_date",),
    ),
    Measure(
        key="contact_children_referred",
        framework=OUTCOME_1,
        area=C,
        name="Children with a contact who were referred",
        definition=(
            "Children with a contact in the six months who also appear on the referrals list."
        ),
        list_number=1,
        numerator="Children with a contact who are on List 3",
        selected=on_list(3, referrals_in_period),
        denominator="Children with a contact in the six months",
        cohort=contacts_in_period,
        kind=PERCENT,
        per=CHILDREN,
        dates=("contact_date",),
    ),
    Measure(
        key="early_help",
        framework=OUTCOME_1,
        area=C,
        name="Early help assessments",
        definition="Early help assessments started in the six months, and open early help.",
        list_number=2,
        numerator="Rows on List 2",
        selected=everyone,
        dates=("assessment_start_date", "assessment_completion_date"),
    ),
    Measure(
        key="early_help_children_referred",
        framework=OUTCOME_1,
        area=C,
        name="Children with early help who were referred",
        definition="Children on the early help list who also appear on the referrals list.",
        list_number=2,
        numerator="Children with early help who are on List 3",
        selected=on_list(3, referrals_in_period),
        denominator="Children on List 2",
        cohort=everyone,
        kind=PERCENT,
        per=CHILDREN,
        dates=("assessment_start_date",),
    ),
    # Referrals (List 3)
    Measure(
        key="referrals",
        framework=OUTCOME_1,
        area=R,
        name="Referrals",
        definition="Referrals received in the six months before the as-at date.",
        list_number=3,
        numerator="Referrals in the six months",
        selected=referrals_in_period,
        rate=A_YEAR,
        dates=("referral_date",),
    ),
    Measure(
        key="referrals_nfa",
        framework=OUTCOME_1,
        area=R,
        name="Referrals with no further action",
        definition="Referrals in the six months that were closed with no further action.",
        list_number=3,
        numerator="Referrals with 'Referral NFA?' Yes",
        selected=equals("referral_nfa", YES),
        denominator="Referrals in the six months",
        cohort=referrals_in_period,
        kind=PERCENT,
        dates=("referral_date",),
    ),
    Measure(
        key="re_referrals",
        # dashboard: Outcome 1, "Access to support and getting help", repeat referrals
        framework=OUTCOME_1,
        area=R,
        name="Re-referrals within 12 months",
        definition=(
            "Referrals in the six months that came within 12 months of a previous referral "
            "of the same child, counted per referral. Every listed referral after a child's "
            "first is one; the first is one when the child's 'Number of Referrals in Last 12 "
            "Months' is more than the referrals listed before their latest."
        ),
        source=(
            "DfE, Children in need statistics: re-referrals are referrals within 12 months of "
            "a previous referral, as a percentage of all referrals (as in Ofsted's ChAT)."
        ),
        list_number=3,
        numerator="Referrals within 12 months of a previous referral",
        selected=re_referral,
        denominator="Referrals in the six months",
        cohort=referrals_in_period,
        kind=PERCENT,
        comparator="re_referrals",
        dates=("referral_date",),
    ),
    Measure(
        key="children_re_referred",
        framework=OUTCOME_1,
        area=R,
        name="Children referred more than once in 12 months",
        definition=(
            "Children referred in the six months who had another referral in the 12 "
            "months before their latest referral. Counted per child: Annex A repeats the "
            "count on every row. This is not DfE's re-referral rate, which counts referrals."
        ),
        list_number=3,
        numerator="Children with 1 or more referrals in the 12 months before their latest",
        selected=at_least("referrals_last_12_months", 1),
        denominator="Children referred in the six months",
        cohort=referrals_in_period,
        kind=PERCENT,
        per=CHILDREN,
        dates=("referral_date",),
    ),
    # Assessments (List 4)
    Measure(
        key="assessments",
        framework=OUTCOME_1,
        area=A,
        name="Assessments",
        definition=(
            "Statutory assessments on List 4: started or completed in the six months, or open."
        ),
        list_number=4,
        numerator="Rows on List 4",
        selected=everyone,
        dates=("assessment_start_date", "assessment_authorised_date"),
    ),
    Measure(
        key="assessments_completed",
        framework=OUTCOME_1,
        area=A,
        name="Completed assessments",
        definition="Assessments with a date of authorisation.",
        list_number=4,
        numerator="Assessments with an authorisation date",
        selected=completed_assessments,
        dates=("assessment_start_date", "assessment_authorised_date"),
    ),
    Measure(
        key="assessments_within_45_days",
        framework=OUTCOME_1,
        area=A,
        name="Assessments completed within 45 working days",
        definition=(
            "Completed assessments authorised within 45 working days of their start, "
            "counting England's bank holidays as non-working days."
        ),
        list_number=4,
        numerator="Completed within 45 working days",
        selected=within(assessment_working_days, ASSESSMENT_WORKING_DAYS),
        denominator="Completed assessments",
        cohort=completed_assessments,
        kind=PERCENT,
        dates=("assessment_start_date", "assessment_authorised_date"),
    ),
    Measure(
        key="assessments_open",
        framework=OUTCOME_1,
        area=A,
        name="Open assessments",
        definition="Assessments with no date of authorisation at the as-at date.",
        list_number=4,
        numerator="Assessments with no authorisation date",
        selected=open_assessments,
        dates=("assessment_start_date",),
    ),
    Measure(
        key="assessments_open_over_45_days",
        framework=OUTCOME_1,
        area=A,
        name="Open assessments over 45 working days",
        definition="Open assessments started more than 45 working days before the as-at date.",
        list_number=4,
        numerator="Open for more than 45 working days",
        selected=both(
            open_assessments,
            lambda df, lists: (
                working_days("assessment_start_date")(df, lists) > ASSESSMENT_WORKING_DAYS
            ),
        ),
        dates=("assessment_start_date",),
    ),
    Measure(
        key="assessments_requiring_support",
        framework=OUTCOME_1,
        area=A,
        name="Assessments finding the child needs support",
        definition=(
            "Completed assessments that found the child needed children's social care support."
        ),
        list_number=4,
        numerator="Assessed as requiring support",
        selected=equals("requires_support", YES),
        denominator="Completed assessments",
        cohort=completed_assessments,
        kind=PERCENT,
        dates=("assessment_start_date", "assessment_authorised_date"),
    ),
    Measure(
        key="assessments_child_seen",
        framework=OUTCOME_1,
        area=A,
        name="Children seen during the assessment",
        definition="Assessments during which the child was seen.",
        list_number=4,
        numerator="Child seen",
        selected=equals("child_seen", YES),
        denominator="Assessments on List 4",
        cohort=everyone,
        kind=PERCENT,
        dates=("assessment_start_date",),
    ),
    # Section 47 enquiries and initial child protection conferences (List 5)
    Measure(
        key="section_47s",
        framework=OUTCOME_3,
        area=S,
        name="Section 47 enquiries",
        definition="Section 47 enquiries whose strategy discussion was in the six months.",
        list_number=5,
        numerator="Section 47 enquiries in the six months",
        selected=s47s_in_period,
        rate=A_YEAR,
        dates=("strategy_discussion_date", "icpc_date"),
    ),
    Measure(
        key="section_47s_icpc_unnecessary",
        framework=OUTCOME_3,
        area=S,
        name="Enquiries where a conference was not needed",
        definition=(
            "Section 47 enquiries in the six months where a conference was deemed unnecessary."
        ),
        list_number=5,
        numerator="Conference deemed unnecessary",
        selected=equals("icpc_unnecessary", YES),
        denominator="Section 47 enquiries in the six months",
        cohort=s47s_in_period,
        kind=PERCENT,
        dates=("strategy_discussion_date",),
    ),
    Measure(
        key="section_47s_to_icpc",
        framework=OUTCOME_3,
        area=S,
        name="Enquiries leading to a conference",
        definition=(
            "Section 47 enquiries in the six months that led to an initial child "
            "protection conference."
        ),
        list_number=5,
        numerator="Enquiries with a conference date",
        selected=icpcs_held,
        denominator="Section 47 enquiries in the six months",
        cohort=s47s_in_period,
        kind=PERCENT,
        dates=("strategy_discussion_date", "icpc_date"),
    ),
    Measure(
        key="icpcs_within_15_days",
        framework=OUTCOME_3,
        area=S,
        name="Conferences within 15 working days",
        definition=(
            "Initial child protection conferences held within 15 working days of the "
            "strategy discussion, counting England's bank holidays as non-working days."
        ),
        list_number=5,
        numerator="Held within 15 working days",
        selected=within(icpc_working_days, ICPC_WORKING_DAYS),
        denominator="Conferences held",
        cohort=icpcs_held,
        kind=PERCENT,
        dates=("strategy_discussion_date", "icpc_date"),
    ),
    Measure(
        key="icpcs_to_plan",
        framework=OUTCOME_3,
        area=S,
        name="Conferences leading to a plan",
        definition="Initial child protection conferences that resulted in a child protection plan.",
        list_number=5,
        numerator="Resulted in a plan",
        selected=equals("icpc_resulted_in_plan", YES),
        denominator="Conferences held",
        cohort=icpcs_held,
        kind=PERCENT,
        dates=("strategy_discussion_date", "icpc_date"),
    ),
    # Children in need (List 6)
    Measure(
        key="cin_open",
        # dashboard: Outcome 1, "Access to support and getting help", rate of children in need
        framework=OUTCOME_1,
        area=N,
        name="Children in need",
        definition=(
            "Children with an open episode of need at the as-at date (including those on "
            "a plan or in care)."
        ),
        list_number=6,
        numerator="Children with no CIN closure date",
        selected=open_cin,
        rate=AT_AS_AT,
        comparator="cin_rate",
        compare_rate=True,
        dates=("cin_start_date", "last_seen_date"),
    ),
    Measure(
        key="cin_started",
        framework=OUTCOME_1,
        area=N,
        name="Episodes of need started",
        definition="Episodes of need that started in the six months.",
        list_number=6,
        numerator="CIN start date in the six months",
        selected=in_last_six_months("cin_start_date"),
        dates=("cin_start_date",),
    ),
    Measure(
        key="cin_ceased",
        framework=OUTCOME_1,
        area=N,
        name="Episodes of need closed",
        definition="Episodes of need that closed in the six months.",
        list_number=6,
        numerator="CIN closure date in the six months",
        selected=in_last_six_months("cin_closure_date"),
        dates=("cin_start_date", "cin_closure_date"),
    ),
    Measure(
        key="cin_disabled",
        framework=OUTCOME_1,
        area=N,
        name="Children in need with a disability",
        definition="Children in need at the as-at date recorded as disabled.",
        list_number=6,
        numerator="Disability: Yes",
        selected=equals("disability", YES),
        denominator="Children in need at the as-at date",
        cohort=open_cin,
        kind=PERCENT,
        dates=("cin_start_date",),
    ),
    Measure(
        key="cin_seen_in_4_weeks",
        framework=OUTCOME_1,
        area=N,
        name="Children in need seen in the last 4 weeks",
        definition=(
            "Children in need at the as-at date last seen by a social worker 28 days or "
            "fewer before it."
        ),
        list_number=6,
        numerator="Last seen within 28 days",
        selected=lambda df, lists: (lists.period.as_at_ts - df["last_seen_date"]).dt.days <= 28,
        denominator="Children in need at the as-at date",
        cohort=open_cin,
        kind=PERCENT,
        dates=("last_seen_date",),
    ),
    Measure(
        key="cin_unallocated",
        framework=ENABLER_3,
        area=N,
        name="Children in need with no allocated worker",
        definition=(
            "Children in need at the as-at date with no allocated team or worker recorded: "
            "unallocated."
        ),
        list_number=6,
        numerator="Allocated Team or Allocated Worker blank",
        selected=unallocated,
        denominator="Children in need at the as-at date",
        cohort=open_cin,
        kind=PERCENT,
        dates=("cin_start_date",),
        source="Annex A List 6: Allocated Team and Allocated Worker, current if open; blank "
        "means unallocated (annex_a.md section 3).",
    ),
    # Child protection (List 7)
    Measure(
        key="cp_open",
        framework=OUTCOME_3,
        area=P,
        name="Children on a child protection plan",
        definition="Children whose plan had not ended at the as-at date.",
        list_number=7,
        numerator="Plans with no end date",
        selected=open_cp,
        rate=AT_AS_AT,
        dates=("cpp_start_date", "last_statutory_visit_date"),
    ),
    Measure(
        key="cp_started",
        framework=OUTCOME_3,
        area=P,
        name="Plans started",
        definition="Child protection plans that started in the six months.",
        list_number=7,
        numerator="Plan start date in the six months",
        selected=new_plans,
        dates=("cpp_start_date",),
    ),
    Measure(
        key="cp_ended",
        framework=OUTCOME_3,
        area=P,
        name="Plans ended",
        definition=(
            "Child protection plans that ended in the six months, up to and including the"
            " as-at date."
        ),
        list_number=7,
        numerator="Plan end date in the six months",
        selected=ended_plans,
        dates=("cpp_start_date", "cpp_end_date"),
    ),
    Measure(
        key="cp_repeat_plans",
        # dashboard: "Child safety - general", second or subsequent plans (its Outcome 2)
        framework=OUTCOME_3,
        area=P,
        name="Second or subsequent plans",
        definition="Plans started in the six months for a child who had been on a plan before.",
        list_number=7,
        numerator="Previous child protection plans: 1 or more",
        selected=at_least("previous_cp_plans", 1),
        denominator="Plans started in the six months",
        cohort=new_plans,
        kind=PERCENT,
        comparator="cpp_repeat",
        source=(
            "DfE, Characteristics of children in need: child protection plans starting in the "
            "year that were a second or subsequent plan."
        ),
        dates=("cpp_start_date",),
    ),
    Measure(
        key="cp_ended_after_2_years",
        # dashboard: "Child safety - general", plans longer than 2 years (its Outcome 2)
        framework=OUTCOME_3,
        area=P,
        name="Plans that lasted 2 years or more",
        definition="Plans ended in the six months that had lasted 2 years or more.",
        list_number=7,
        numerator="End date 2 years or more after the start",
        selected=plan_lasted_two_years,
        denominator="Plans ended in the six months",
        cohort=ended_plans,
        kind=PERCENT,
        dates=("cpp_start_date", "cpp_end_date"),
    ),
    Measure(
        key="cp_open_over_2_years",
        framework=OUTCOME_3,
        area=P,
        name="Open plans over 2 years",
        definition="Plans open at the as-at date that started 2 years or more before it.",
        list_number=7,
        numerator="Open plans started 2 years or more ago",
        selected=both(
            open_cp, lambda df, lists: df["cpp_start_date"] <= lists.period.months_ago(24)
        ),
        dates=("cpp_start_date",),
    ),
    Measure(
        # The key packs have stored since the standard was a fixed 10 working days.
        key="cp_visited_in_10_days",
        framework=OUTCOME_3,
        area=P,
        name="Visited within the council's standard",
        definition=(
            "Children on a plan whose last statutory visit was no more working days before the "
            "as-at date than the council's standard for visiting children on a plan."
        ),
        source=(
            "The council's own practice standard, from its practice settings when the pack was "
            "built: the law and national guidance do not set how often these children are "
            "visited."
        ),
        standard=CP_VISIT_STANDARD,
        list_number=7,
        numerator="Last visit within the council's standard",
        selected=cp_visit_within_standard,
        denominator="Children on a plan",
        cohort=open_cp,
        kind=PERCENT,
        dates=("last_statutory_visit_date",),
    ),
    Measure(
        key="cp_seen_alone",
        framework=OUTCOME_3,
        area=P,
        name="Children seen alone",
        definition="Children on a plan who were seen alone at their last statutory visit.",
        list_number=7,
        numerator="Seen alone: Yes",
        selected=equals("seen_alone", YES),
        denominator="Children on a plan",
        cohort=open_cp,
        kind=PERCENT,
        dates=("last_statutory_visit_date",),
    ),
    Measure(
        key="cp_reviews_on_time",
        framework=OUTCOME_3,
        area=P,
        name="Review conferences on time",
        definition=(
            "Children on a plan at the as-at date whose review conference is not overdue: the "
            "first within 3 months of the plan starting at the initial conference, then no "
            "more than 6 months since the latest review."
        ),
        source=WORKING_TOGETHER_REVIEWS,
        footnote=(
            "Annex A gives only the date of the latest review conference, so the pack cannot "
            "tell whether an earlier review was late; it checks that none is overdue now."
        ),
        list_number=7,
        numerator="No review conference overdue at the as-at date",
        selected=review_conference_in_time,
        denominator="Children on a plan",
        cohort=open_cp,
        kind=PERCENT,
        dates=("cpp_start_date", "latest_review_conference_date"),
    ),
    Measure(
        key="cp_emergency_protection",
        framework=OUTCOME_3,
        area=P,
        name="Emergency protection orders and police protection",
        definition=(
            "Children on List 7 (on a plan at the as-at date, or whose plan ended in the six "
            "months) subject to an emergency protection order or protected under police "
            "powers in the six months."
        ),
        source=(
            "Children Act 1989, section 44 (emergency protection orders) and section 46 "
            "(police protection); Annex A List 7 records either in the last six months."
        ),
        footnote=(
            "Annex A records this only for children on List 7, so a child protected in an "
            "emergency who did not go on to a plan is not counted here."
        ),
        list_number=7,
        numerator="Emergency protection order or police protection: Yes",
        selected=equals("epo_or_police_protection", YES),
        per=CHILDREN,
        dates=("cpp_start_date", "cpp_end_date"),
    ),
    Measure(
        key="cp_unallocated",
        framework=ENABLER_3,
        area=P,
        name="Children on a plan with no allocated worker",
        definition=(
            "Children on a plan at the as-at date with no allocated team or worker recorded."
        ),
        list_number=7,
        numerator="Allocated Team or Allocated Worker blank",
        selected=unallocated,
        denominator="Children on a plan",
        cohort=open_cp,
        kind=PERCENT,
        dates=("cpp_start_date",),
        source="Annex A List 7: Allocated Team and Allocated Worker; blank means unallocated "
        "(annex_a.md section 3).",
    ),
)
