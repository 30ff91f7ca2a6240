"""Measures of children in care, care leavers and adoption (Lists 8 to 11)."""

from __future__ import annotations

import pandas as pd

from inspection_readiness.children import CARE_VISIT_SOURCE

from ..frames import working_days_between
from .base import (
    AD,
    ADOPTION_DAYS,
    ADOPTION_WITH_OWN_FOSTER_CARERS,
    AT_AS_AT,
    AVERAGE,
    CHILDREN,
    CL,
    ENABLER_3,
    OUTCOME_1,
    OUTCOME_2,
    OUTCOME_3,
    OUTCOME_4,
    PERCENT,
    SUITABLE,
    YES,
    L,
    Lists,
    Measure,
    aged,
    at_least,
    both,
    care_visit_on_time,
    code_prefix,
    days_between,
    equals,
    everyone,
    health_assessment_in_time,
    in_care_12_months,
    in_care_long_term,
    in_education_employment_or_training,
    in_last_six_months,
    in_last_twelve_months,
    is_blank,
    is_present,
    looked_after,
    on_or_after_months_before,
    on_short_breaks,
    open_cla,
    within,
)
from .help_and_protection import unallocated

SHORT_BREAKS_SOURCE = (
    "DfE, Children looked after in England, methodology: children on an agreed series of "
    "short-term breaks (legal status V3 or V4) are not counted as looked after."
)
ADOPTION_SCORECARD = (
    "DfE, Adoption scorecards (2016 to 2019): A1, A10, A2 and A3, for children adopted in the "
    "period, with the last thresholds published."
)


# Care Planning, Placement and Case Review (England) Regulations 2010, regulation 33.
FIRST_REVIEW_WORKING_DAYS = 20
SECOND_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6
CARE_PLANNING_REVIEWS = (
    "Care Planning, Placement and Case Review (England) Regulations 2010, regulation 33: the "
    "first review within 20 working days of the child becoming looked after, the second within "
    "3 months of the first, then at intervals of not more than 6 months."
)
# Care Leavers (England) Regulations 2010 and Children Act 1989 s.23D: eligible, relevant and
# former relevant children have a personal adviser and a pathway plan reviewed at least every
# six months. Qualifying care leavers are not owed either as of right.
ENTITLED_TO_ADVISER = ("a) Relevant child", "b) Former relevant child", "d) Eligible child")
PATHWAY_PLAN_REVIEW_MONTHS = 6
CARE_LEAVERS_SOURCE = (
    "Children Act 1989, section 23D, and the Care Leavers (England) Regulations 2010: eligible, "
    "relevant and former relevant care leavers have a personal adviser, and their pathway plan "
    "is reviewed at least every six months. Annex A 2023/24 List 9."
)
ONLY_2023_TEMPLATE = (
    "Only the 2023/24 Annex A template has this column; a file in the 2019 template gives no "
    "figure."
)


def held(column: str):
    """Rows of a list whose template has ``column`` (a 2023/24 column is not in a 2019 file)."""
    return lambda df, lists: pd.Series(column in df, index=df.index)


def when_held(column: str, test):
    return lambda df, lists: test(df, lists) if column in df else pd.Series(False, index=df.index)


def statutory_review_in_time(df: pd.DataFrame, lists: Lists) -> pd.Series:
    """No statutory review is overdue at the as-at date. With no review since the child became
    looked after, 20 working days have not passed; a review within 20 working days of that is
    the first, and the second is due 3 months after it; after any other, 6 months. A review
    dated before the child started to be looked after belongs to an earlier period of care."""
    started = df["date_started_looked_after"]
    review = df["latest_review_date"].where(df["latest_review_date"] >= started)
    as_at = pd.Series(lists.period.as_at_ts, index=df.index, dtype="datetime64[ns]")
    first_not_due = review.isna() & (
        working_days_between(started, as_at) <= FIRST_REVIEW_WORKING_DAYS
    )
    was_first = working_days_between(started, review) <= FIRST_REVIEW_WORKING_DAYS
    period = lists.period
    due_since = pd.Series(period.months_ago(LATER_REVIEW_MONTHS), index=df.index).where(
        ~was_first, period.months_ago(SECOND_REVIEW_MONTHS)
    )
    return first_not_due | (review.notna() & (review >= due_since))


def stable_placement(df: pd.DataFrame, lists: Lists) -> pd.Series:
    """In the current placement 2 years or more, or placed for adoption with their own foster
    carers (A3, A5), whose earlier placement with the same carers DfE counts too."""
    two_years = df["placement_start_date"] <= lists.period.months_ago(24)
    own_carers = code_prefix("placement_type")(df, lists).isin(ADOPTION_WITH_OWN_FOSTER_CARERS)
    return two_years | own_carers


def days_to_moving_in(df: pd.DataFrame, lists: Lists) -> pd.Series:
    """Days from entering care to moving in with the adoptive family: the fostering for
    adoption (or concurrent planning) placement where it came before the adoptive placement."""
    moved_in = df[["ffa_placement_date", "placed_for_adoption_date"]].min(axis=1)
    return (moved_in - df["date_entered_care"]).dt.days


adopted_in_12_months = both(
    in_last_twelve_months("adoption_order_date"), is_present("date_entered_care")
)

CARE: tuple[Measure, ...] = (
    # Children in care (List 8)
    Measure(
        key="cla_open",
        # dashboard: Outcome 1, "Family stability", children looked after on 31 March
        framework=OUTCOME_1,
        area=L,
        name="Children in care",
        definition=(
            "Children looked after at the as-at date, not counting children on short breaks "
            "(legal status V3 or V4), who are counted separately."
        ),
        source=SHORT_BREAKS_SOURCE,
        list_number=8,
        numerator="Children with no date ceased to be looked after, not on short breaks",
        selected=open_cla,
        rate=AT_AS_AT,
        comparator="cla_rate",
        compare_rate=True,
        dates=("date_started_looked_after", "placement_start_date"),
    ),
    Measure(
        key="cla_started",
        # dashboard: Outcome 1, "Family stability", children starting to be looked after
        framework=OUTCOME_1,
        area=L,
        name="Started to be looked after",
        definition="Children who started to be looked after in the six months.",
        list_number=8,
        numerator="Date started to be looked after in the six months",
        selected=both(in_last_six_months("date_started_looked_after"), looked_after),
        dates=("date_started_looked_after",),
    ),
    Measure(
        key="cla_ceased",
        # dashboard: ceasing to be looked after (by SGO or CAO) is its Outcome 3, family network
        framework=OUTCOME_2,
        area=L,
        name="Ceased to be looked after",
        definition="Children who ceased to be looked after in the six months.",
        list_number=8,
        numerator="Date ceased in the six months",
        selected=both(in_last_six_months("date_ceased_looked_after"), looked_after),
        dates=("date_started_looked_after", "date_ceased_looked_after"),
    ),
    Measure(
        key="cla_short_breaks",
        framework=OUTCOME_1,
        area=L,
        name="Children on short breaks",
        definition=(
            "Children on an agreed series of short-term breaks (legal status V3 or V4) at the "
            "as-at date. DfE does not count them as children in care, so no other children in "
            "care figure includes them."
        ),
        source=SHORT_BREAKS_SOURCE,
        list_number=8,
        numerator="Legal status V3 or V4, with no date ceased to be looked after",
        selected=both(is_blank("date_ceased_looked_after"), on_short_breaks),
        dates=("date_started_looked_after", "legal_status_start_date"),
    ),
    Measure(
        key="cla_uasc",
        # dashboard: Outcome 1, "Family stability", UASC looked after
        framework=OUTCOME_1,
        area=L,
        name="Unaccompanied asylum-seeking children",
        definition="Children in care at the as-at date who were UASC in the last 12 months.",
        list_number=8,
        numerator="UASC: Yes",
        selected=equals("uasc", YES),
        denominator="Children in care",
        cohort=open_cla,
        kind=PERCENT,
        dates=("date_started_looked_after",),
    ),
    Measure(
        key="cla_three_or_more_placements",
        # dashboard: Outcome 4, "Stability and quality of where a child lives"
        framework=OUTCOME_4,
        area=L,
        name="Three or more placements in 12 months",
        definition=(
            "Short-term stability: children in care with 3 or more placements in the last"
            " 12 months (lower is better)."
        ),
        list_number=8,
        numerator="Placements in the last 12 months: 3 or more",
        selected=at_least("placements_last_12_months", 3),
        denominator="Children in care",
        cohort=open_cla,
        source=SHORT_BREAKS_SOURCE,
        comparator="cla_three_placements",
        kind=PERCENT,
        dates=("date_started_looked_after", "placement_start_date"),
    ),
    Measure(
        key="cla_long_term_stability",
        # dashboard: Outcome 4, "Stability and quality of where a child lives"
        framework=OUTCOME_4,
        area=L,
        name="Long-term stability",
        definition=(
            "Children under 16 in care for 2½ years or more who have been in their current "
            "placement for 2 years or more, or who are placed for adoption with their own "
            "foster carers (placement A3 or A5)."
        ),
        source=(
            "DfE, Children looked after in England (placement stability): children aged under "
            "16 looked after continuously for at least 2½ years, living in the same placement "
            "for at least 2 years, or placed for adoption with their adoptive placement and "
            "the placement before it together lasting at least 2 years."
        ),
        footnote=(
            "Annex A gives the start of a child's current placement only. For a child placed "
            "for adoption with their own foster carers (A3 or A5) it cannot tell when the "
            "foster placement began, so the pack counts them as stable, as DfE does when the "
            "two placements together last 2 years."
        ),
        list_number=8,
        numerator="In placement 2 years or more, or placed for adoption with own foster carers",
        selected=stable_placement,
        denominator="Children under 16 in care for 2½ years or more",
        cohort=in_care_long_term,
        kind=PERCENT,
        comparator="long_term_stability",
        dates=("date_started_looked_after", "placement_start_date"),
    ),
    Measure(
        key="cla_health_assessment_in_time",
        # dashboard: Outcome 4, "Child wellbeing"
        framework=OUTCOME_4,
        area=L,
        name="Health assessments in time",
        definition=(
            "Children in care for 12 months or more whose last health assessment was "
            "within 6 months (under 5) or 12 months (5 and over)."
        ),
        list_number=8,
        numerator="Health assessment in time for the child's age",
        selected=health_assessment_in_time,
        denominator="Children in care for 12 months or more",
        cohort=in_care_12_months,
        kind=PERCENT,
        dates=("date_started_looked_after", "last_health_assessment_date"),
    ),
    Measure(
        key="cla_dental_check_in_time",
        # dashboard: Outcome 4, "Child wellbeing"
        framework=OUTCOME_4,
        area=L,
        name="Dental checks in time",
        definition=(
            "Children in care for 12 months or more with a dental check in the last 12 months."
        ),
        list_number=8,
        numerator="Dental check in the last 12 months",
        selected=on_or_after_months_before("last_dental_check_date", 12),
        denominator="Children in care for 12 months or more",
        cohort=in_care_12_months,
        kind=PERCENT,
        dates=("date_started_looked_after", "last_dental_check_date"),
    ),
    Measure(
        key="cla_visits_on_time",
        framework=OUTCOME_4,
        area=L,
        name="Visits on time (regulation 28)",
        definition=(
            "Children in care whose next social work visit is not yet overdue: due within one "
            "week of a placement starting, then at least every six weeks, or every three months "
            "after the first year of a long-term foster placement (U1, U4). A visit is overdue "
            "when it was due before the as-at date."
        ),
        source=CARE_VISIT_SOURCE + ", regulation 28(2).",
        list_number=8,
        numerator="Next visit not yet overdue",
        selected=care_visit_on_time,
        denominator="Children in care",
        cohort=open_cla,
        kind=PERCENT,
        dates=("placement_start_date", "last_social_work_visit_date"),
    ),
    Measure(
        key="cla_placed_out_of_area",
        # dashboard: Outcome 4, placed more than 20 miles from home
        framework=OUTCOME_4,
        area=L,
        name="Placed outside the council's area",
        definition="Children in care whose placement is outside the council's boundary.",
        list_number=8,
        numerator="Placement location: Out",
        selected=equals("placement_location", "b) Out"),
        denominator="Children in care",
        cohort=open_cla,
        kind=PERCENT,
        dates=("placement_start_date",),
    ),
    Measure(
        key="cla_missing",
        # dashboard: "Harms outside the home", going missing (its Outcome 2)
        framework=OUTCOME_3,
        area=L,
        name="Children who went missing",
        definition=(
            "Children in care in the period with 1 or more missing episodes in the last 12 months."
        ),
        list_number=8,
        numerator="Missing episodes: 1 or more",
        selected=at_least("missing_episodes", 1),
        denominator="Children on List 8, not on short breaks",
        cohort=looked_after,
        kind=PERCENT,
        dates=("date_started_looked_after",),
    ),
    Measure(
        key="cla_return_interview_offered",
        # dashboard: "Harms outside the home", going missing (its Outcome 2)
        framework=OUTCOME_3,
        area=L,
        name="Return interviews offered",
        definition=(
            "Children who went missing who were offered a return interview after their "
            "last missing episode."
        ),
        list_number=8,
        numerator="Return interview offered: Yes",
        selected=equals("return_interview_offered", YES),
        denominator="Children with 1 or more missing episodes",
        cohort=both(looked_after, at_least("missing_episodes", 1)),
        kind=PERCENT,
        dates=("date_started_looked_after",),
    ),
    Measure(
        key="cla_return_interview_accepted",
        # dashboard: "Harms outside the home", going missing (its Outcome 2)
        framework=OUTCOME_3,
        area=L,
        name="Return interviews accepted",
        definition="Children offered a return interview who accepted it.",
        list_number=8,
        numerator="Return interview accepted: Yes",
        selected=equals("return_interview_accepted", YES),
        denominator="Children offered a return interview",
        cohort=both(looked_after, equals("return_interview_offered", YES)),
        kind=PERCENT,
        dates=("date_started_looked_after",),
    ),
    Measure(
        key="cla_absent",
        # dashboard: "Harms outside the home", going missing (its Outcome 2)
        framework=OUTCOME_3,
        area=L,
        name="Children absent from placement",
        definition=(
            "Children in care in the period with 1 or more absences from placement in the"
            " last 12 months."
        ),
        list_number=8,
        numerator="Absent episodes: 1 or more",
        selected=at_least("absent_episodes", 1),
        denominator="Children on List 8, not on short breaks",
        cohort=looked_after,
        kind=PERCENT,
        dates=("date_started_looked_after",),
    ),
    Measure(
        key="cla_reviews_on_time",
        framework=OUTCOME_4,
        area=L,
        name="Statutory reviews on time",
        definition=(
            "Children in care at the as-at date whose statutory review is not overdue: the "
            "first within 20 working days of becoming looked after, the second within 3 months "
            "of the first, then no more than 6 months since the latest."
        ),
        source=CARE_PLANNING_REVIEWS,
        footnote=(
            "Annex A gives only the date of the latest statutory review, so the pack cannot "
            "tell whether an earlier review was late, or whether a first review held after 20 "
            "working days was the first; it checks that none is overdue now."
        ),
        list_number=8,
        numerator="No statutory review overdue at the as-at date",
        selected=statutory_review_in_time,
        denominator="Children in care",
        cohort=open_cla,
        kind=PERCENT,
        dates=("date_started_looked_after", "latest_review_date"),
    ),
    Measure(
        key="cla_re_entered",
        framework=OUTCOME_4,
        area=L,
        name="Children who came back into care within 12 months",
        definition=(
            "Children who started to be looked after in the six months whose period of care is "
            "a second or subsequent one within 12 months."
        ),
        source=(
            "Annex A List 8: 'Is this a second or subsequent period of being a Looked After "
            "Child within the last 12 months'."
        ),
        list_number=8,
        numerator="Second or subsequent period in 12 months: Yes",
        selected=equals("second_period_last_12_months", YES),
        denominator="Children who started to be looked after in the six months",
        cohort=both(in_last_six_months("date_started_looked_after"), looked_after),
        kind=PERCENT,
        dates=("date_started_looked_after",),
    ),
    Measure(
        key="cla_unallocated",
        framework=ENABLER_3,
        area=L,
        name="Children in care with no allocated worker",
        definition=(
            "Children in care at the as-at date with no allocated team or worker recorded."
        ),
        source="Annex A List 8: Allocated Team and Allocated Worker; blank means unallocated "
        "(annex_a.md section 3).",
        list_number=8,
        numerator="Allocated Team or Allocated Worker blank",
        selected=unallocated,
        denominator="Children in care",
        cohort=open_cla,
        kind=PERCENT,
        dates=("date_started_looked_after",),
    ),
    # Care leavers (List 9)
    Measure(
        key="care_leavers",
        framework=OUTCOME_4,
        area=CL,
        name="Care leavers",
        definition="Care leavers receiving a leaving care service at the as-at date.",
        list_number=9,
        numerator="Rows on List 9",
        selected=everyone,
        dates=("latest_contact_date",),
    ),
    *(
        Measure(
            key=f"care_leavers_{name}_{band.replace(' to ', '_')}",
            # dashboard: Outcome 4, "Quality of life for care experienced people" (care
            # leavers in suitable accommodation, and in education, employment or training)
            framework=OUTCOME_4,
            area=CL,
            name=f"{title}, aged {band}",
            definition=f"Care leavers aged {band} {words}.",
            list_number=9,
            numerator=numerator,
            selected=test,
            denominator=f"Care leavers aged {band}",
            cohort=aged("care_leaver_age_band", band),
            kind=PERCENT,
            comparator=(
                f"care_leavers_{name}_{band.replace(' to ', '_')}"
                if name in ("suitable", "eet")
                else ""
            ),
            dates=("latest_contact_date",),
        )
        for name, title, words, numerator, test in (
            (
                "in_touch",
                "In touch",
                "the council is in touch with",
                "LA in touch: Yes",
                equals("in_touch", YES),
            ),
            (
                "suitable",
                "In suitable accommodation",
                "whose accommodation is suitable",
                "Suitability: Suitable",
                equals("suitability", SUITABLE),
            ),
            (
                "eet",
                "In education, employment or training",
                "in education, employment or training (any activity but G4, G5 or G6)",
                "Activity other than G4, G5, G6",
                in_education_employment_or_training,
            ),
        )
        for band in ("17 to 18", "19 to 21")
    ),
    Measure(
        key="care_leavers_personal_adviser",
        framework=OUTCOME_4,
        area=CL,
        name="Care leavers with a personal adviser",
        definition=(
            "Eligible, relevant and former relevant care leavers with an allocated personal "
            "adviser."
        ),
        source=CARE_LEAVERS_SOURCE,
        footnote=ONLY_2023_TEMPLATE,
        list_number=9,
        numerator="Allocated Personal Advisor given",
        selected=when_held("allocated_personal_advisor", is_present("allocated_personal_advisor")),
        denominator="Eligible, relevant and former relevant care leavers",
        cohort=both(
            held("allocated_personal_advisor"),
            lambda df, lists: df["eligibility_category"].isin(ENTITLED_TO_ADVISER),
        ),
        kind=PERCENT,
        dates=("latest_contact_date",),
    ),
    Measure(
        key="care_leavers_pathway_plan_reviewed",
        framework=OUTCOME_4,
        area=CL,
        name="Pathway plans reviewed in the last 6 months",
        definition=(
            "Eligible, relevant and former relevant care leavers whose pathway plan was "
            "reviewed 6 months or less before the as-at date."
        ),
        source=CARE_LEAVERS_SOURCE,
        footnote=ONLY_2023_TEMPLATE,
        list_number=9,
        numerator="Latest pathway plan review in the last 6 months",
        selected=when_held(
            "pathway_plan_review_date",
            on_or_after_months_before("pathway_plan_review_date", PATHWAY_PLAN_REVIEW_MONTHS),
        ),
        denominator="Eligible, relevant and former relevant care leavers",
        cohort=both(
            held("pathway_plan_review_date"),
            lambda df, lists: df["eligibility_category"].isin(ENTITLED_TO_ADVISER),
        ),
        kind=PERCENT,
        dates=("pathway_plan_review_date", "latest_contact_date"),
    ),
    # Adoption (Lists 10 and 11)
    Measure(
        key="adoption_decisions",
        framework=OUTCOME_4,
        area=AD,
        name="Decisions that a child should be adopted",
        definition=(
            "Children with a decision in the 12 months that they should be placed for adoption."
        ),
        list_number=10,
        numerator="Decision date in the 12 months",
        selected=in_last_twelve_months("adoption_decision_date"),
        dates=("date_entered_care", "adoption_decision_date"),
    ),
    Measure(
        key="placed_for_adoption",
        framework=OUTCOME_4,
        area=AD,
        name="Children placed for adoption",
        definition="Children placed for adoption in the 12 months.",
        list_number=10,
        numerator="Placed for adoption in the 12 months",
        selected=in_last_twelve_months("placed_for_adoption_date"),
        dates=("date_entered_care", "placed_for_adoption_date"),
    ),
    Measure(
        key="adopted",
        framework=OUTCOME_4,
        area=AD,
        name="Children adopted",
        definition="Children with an adoption order in the 12 months.",
        list_number=10,
        numerator="Adoption order in the 12 months",
        selected=in_last_twelve_months("adoption_order_date"),
        dates=("date_entered_care", "adoption_order_date"),
    ),
    Measure(
        key="adoption_a1_days",
        framework=OUTCOME_4,
        area=AD,
        name="A1: Days from entering care to moving in with the adoptive family",
        definition=(
            "For children adopted in the 12 months: the average number of days from entering "
            "care to being placed for adoption. The last published threshold was 426 days."
        ),
        source=ADOPTION_SCORECARD,
        list_number=10,
        numerator="Days from entering care to placement",
        selected=everyone,
        denominator="Children adopted in the 12 months",
        cohort=adopted_in_12_months,
        kind=AVERAGE,
        average_of=days_between("date_entered_care", "placed_for_adoption_date"),
        dates=("date_entered_care", "placed_for_adoption_date", "adoption_order_date"),
    ),
    Measure(
        key="adoption_a10_days",
        framework=OUTCOME_4,
        area=AD,
        name="A10: Days from entering care to moving in, adjusted for foster carer adoptions",
        definition=(
            "As A1, but from the date the child was placed with the carers who adopted them "
            "where it came first: Annex A's fostering for adoption (FFA) or concurrent "
            "planning placement date. The last published threshold was 426 days."
        ),
        source=ADOPTION_SCORECARD,
        list_number=10,
        numerator="Days from entering care to moving in with the adoptive family",
        selected=everyone,
        denominator="Children adopted in the 12 months",
        cohort=adopted_in_12_months,
        kind=AVERAGE,
        average_of=days_to_moving_in,
        dates=("date_entered_care", "ffa_placement_date", "placed_for_adoption_date"),
    ),
    Measure(
        key="adoption_a2_days",
        # dashboard: Outcome 4, placement order to match
        framework=OUTCOME_4,
        area=AD,
        name="A2: Days from placement order to match",
        definition=(
            "For children adopted in the 12 months: the average number of days from the "
            "court's placement order to the council's decision on a match with adopters. The "
            "last published threshold was 121 days."
        ),
        source=ADOPTION_SCORECARD,
        list_number=10,
        numerator="Days from placement order to match",
        selected=everyone,
        denominator="Children adopted in the 12 months",
        cohort=adopted_in_12_months,
        kind=AVERAGE,
        average_of=days_between("placement_order_date", "matching_date"),
        dates=("placement_order_date", "matching_date", "adoption_order_date"),
    ),
    Measure(
        key="adoption_a3_within_426_days",
        framework=OUTCOME_4,
        area=AD,
        name="A3: Moved in with the adoptive family within 14 months",
        definition=(
            "Children adopted in the 12 months who moved in with their adoptive family (as "
            "A10) within 426 days of entering care."
        ),
        source=ADOPTION_SCORECARD,
        list_number=10,
        numerator="Moved in within 426 days",
        selected=within(days_to_moving_in, ADOPTION_DAYS),
        denominator="Children adopted in the 12 months",
        cohort=adopted_in_12_months,
        kind=PERCENT,
        dates=("date_entered_care", "ffa_placement_date", "placed_for_adoption_date"),
    ),
    Measure(
        key="adopters_approved",
        framework=OUTCOME_4,
        area=AD,
        name="Adopters approved",
        definition=(
            "Prospective adopters approved in the 12 months (stage 2 ended or application"
            " approved)."
        ),
        list_number=11,
        numerator="Approved in the 12 months",
        selected=lambda df, lists: (
            lists.period.in_last_twelve_months(df["date_stage_2_ended"])
            | lists.period.in_last_twelve_months(df["date_application_approved"])
        ),
        per=CHILDREN,
        dates=("enquiry_date", "date_stage_2_ended", "date_application_approved"),
    ),
)
