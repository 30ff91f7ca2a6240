"""Measures of children in care, care leavers and adoption (Lists 8 to 11)."""

from __future__ import annotations

from .base import (
    AD,
    ADOPTION_DAYS,
    AVERAGE,
    CHILDREN,
    CL,
    CLA_VISIT_DAYS,
    PERCENT,
    SUITABLE,
    YES,
    L,
    Measure,
    aged,
    at_least,
    days_between,
    equals,
    everyone,
    health_assessment_in_time,
    in_care_12_months,
    in_care_long_term,
    in_education_employment_or_training,
    in_last_six_months,
    in_last_twelve_months,
    on_or_after_months_before,
    open_cla,
    placed_last_12_months,
    within,
)

CARE: tuple[Measure, ...] = (
    # Children in care (List 8)
    Measure(
        key="cla_open",
        area=L,
        name="Children in care",
        definition="Children looked after at the as-at date.",
        list_number=8,
        numerator="Children with no date ceased to be looked after",
        selected=open_cla,
        with_rate=True,
        dates=("date_started_looked_after", "placement_start_date"),
    ),
    Measure(
        key="cla_started",
        area=L,
        name="Started to be looked after",
        definition="Children who started to be looked after in the six months.",
        list_number=8,
        numerator="Date started to be looked after in the six months",
        selected=in_last_six_months("date_started_looked_after"),
        dates=("date_started_looked_after",),
    ),
    Measure(
        key="cla_ceased",
        area=L,
        name="Ceased to be looked after",
        definition="Children who ceased to be looked after in the six months.",
        list_number=8,
        numerator="Date ceased in the six months",
        selected=in_last_six_months("date_ceased_looked_after"),
        dates=("date_started_looked_after", "date_ceased_looked_after"),
    ),
    Measure(
        key="cla_uasc",
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
        kind=PERCENT,
        dates=("date_started_looked_after", "placement_start_date"),
    ),
    Measure(
        key="cla_long_term_stability",
        area=L,
        name="Long-term stability",
        definition=(
            "Children under 16 in care for 2½ years or more who have been in their "
            "current placement for 2 years or more."
        ),
        list_number=8,
        numerator="Current placement started 2 years or more ago",
        selected=lambda df, lists: df["placement_start_date"] <= lists.period.months_ago(24),
        denominator="Children under 16 in care for 2½ years or more",
        cohort=in_care_long_term,
        kind=PERCENT,
        dates=("date_started_looked_after", "placement_start_date"),
    ),
    Measure(
        key="cla_health_assessment_in_time",
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
        key="cla_visited_in_6_weeks",
        area=L,
        name="Visited in the last 6 weeks",
        definition=(
            "Children in care whose last social work visit was 42 days or fewer before "
            "the as-at date."
        ),
        list_number=8,
        numerator="Last visit within 6 weeks",
        selected=lambda df, lists: (
            (lists.period.as_at_ts - df["last_social_work_visit_date"]).dt.days <= CLA_VISIT_DAYS
        ),
        denominator="Children in care",
        cohort=open_cla,
        kind=PERCENT,
        dates=("last_social_work_visit_date",),
    ),
    Measure(
        key="cla_placed_out_of_area",
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
        area=L,
        name="Children who went missing",
        definition=(
            "Children in care in the period with 1 or more missing episodes in the last 12 months."
        ),
        list_number=8,
        numerator="Missing episodes: 1 or more",
        selected=at_least("missing_episodes", 1),
        denominator="Children on List 8",
        cohort=everyone,
        kind=PERCENT,
        dates=("date_started_looked_after",),
    ),
    Measure(
        key="cla_return_interview_offered",
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
        cohort=at_least("missing_episodes", 1),
        kind=PERCENT,
        dates=("date_started_looked_after",),
    ),
    Measure(
        key="cla_return_interview_accepted",
        area=L,
        name="Return interviews accepted",
        definition="Children offered a return interview who accepted it.",
        list_number=8,
        numerator="Return interview accepted: Yes",
        selected=equals("return_interview_accepted", YES),
        denominator="Children offered a return interview",
        cohort=equals("return_interview_offered", YES),
        kind=PERCENT,
        dates=("date_started_looked_after",),
    ),
    Measure(
        key="cla_absent",
        area=L,
        name="Children absent from placement",
        definition=(
            "Children in care in the period with 1 or more absences from placement in the"
            " last 12 months."
        ),
        list_number=8,
        numerator="Absent episodes: 1 or more",
        selected=at_least("absent_episodes", 1),
        denominator="Children on List 8",
        cohort=everyone,
        kind=PERCENT,
        dates=("date_started_looked_after",),
    ),
    # Care leavers (List 9)
    Measure(
        key="care_leavers",
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
            area=CL,
            name=f"{title}, aged {band}",
            definition=f"Care leavers aged {band} {words}.",
            list_number=9,
            numerator=numerator,
            selected=test,
            denominator=f"Care leavers aged {band}",
            cohort=aged("care_leaver_age_band", band),
            kind=PERCENT,
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
    # Adoption (Lists 10 and 11)
    Measure(
        key="adoption_decisions",
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
        area=AD,
        name="Children adopted",
        definition="Children with an adoption order in the 12 months.",
        list_number=10,
        numerator="Adoption order in the 12 months",
        selected=in_last_twelve_months("adoption_order_date"),
        dates=("date_entered_care", "adoption_order_date"),
    ),
    Measure(
        key="adoption_average_days",
        area=AD,
        name="Average days from entering care to placement",
        definition=(
            "For children placed for adoption in the 12 months: the average number of "
            "days from entering care to being placed (DfE scorecard A1)."
        ),
        list_number=10,
        numerator="Days from entering care to placement",
        selected=everyone,
        denominator="Children placed in the 12 months",
        cohort=placed_last_12_months,
        kind=AVERAGE,
        average_of=days_between("date_entered_care", "placed_for_adoption_date"),
        dates=("date_entered_care", "placed_for_adoption_date"),
    ),
    Measure(
        key="adoption_placed_within_426_days",
        area=AD,
        name="Placed within 14 months of entering care",
        definition=(
            "Children placed for adoption in the 12 months within 426 days of entering care."
        ),
        list_number=10,
        numerator="Placed within 426 days",
        selected=within(
            days_between("date_entered_care", "placed_for_adoption_date"), ADOPTION_DAYS
        ),
        denominator="Children placed in the 12 months",
        cohort=placed_last_12_months,
        kind=PERCENT,
        dates=("date_entered_care", "placed_for_adoption_date"),
    ),
    Measure(
        key="adopters_approved",
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
