"""A small hand-built Annex A version whose answers are worked out in ``test_measures.py``.

As-at date: Monday 30 June 2025. "The six months" runs from 30 December 2024 and "the 12
months" from 30 June 2024. England's bank holidays in the period: 25 and 26 December 2024,
1 January, 18 April (Good Friday), 21 April (Easter Monday), 5 May and 26 May 2025.
Only the columns a measure reads are given; the rest are blank, as in a sparse extract.
"""

from datetime import date

from datapack.frames import lists_from_rows

AS_AT = date(2025, 6, 30)
POPULATION = 10_000
YES, NO, UNKNOWN = "a) Yes", "b) No", "c) Unknown"


def child(child_id, born="2015-01-01", age=None, **data):
    return {
        "child_id": child_id,
        "gender": "b) Female",
        "ethnicity": "a) WBRI",
        "date_of_birth": born,
        "age": age,
        **data,
    }


SCENARIO = {
    1: [
        child("A1", contact_date="2025-03-01", contact_source="q) 6: Police"),
        child("A1", contact_date="2025-04-01", contact_source="q) 6: Police"),
        child("A2", contact_date="2024-11-01", contact_source="e) 2A: Schools"),  # too early
        # An unborn child: expected date of birth after the as-at date, age -1.
        child("A3", born="2025-09-01", age=-1, contact_date="2025-05-01",
              contact_source="g) 3A: Health services"),
    ],
    2: [
        child("A1", assessment_start_date="2025-02-01"),
        child("B9", assessment_start_date="2025-03-01"),
    ],
    3: [
        # The count of earlier referrals is the same on every row of a child (Annex A FAQ).
        child("A1", referral_date="2025-03-10", referral_nfa=YES, referrals_last_12_months=1),
        child("A1", referral_date="2025-05-10", referral_nfa=NO, referrals_last_12_months=1),
        child("A4", referral_date="2025-04-01", referral_nfa=NO, referrals_last_12_months=0),
        child("A5", referral_date="2024-10-01", referral_nfa=YES, referrals_last_12_months=2),
    ],
    4: [
        # Thu 10 April to Mon 16 June: 47 weekdays, less Good Friday, Easter Monday, 5 May and
        # 26 May = 43 working days, so in time (a weekday-only count says 47, late).
        child("AS1", assessment_start_date="2025-04-10", assessment_authorised_date="2025-06-16",
              requires_support=YES, child_seen=YES),
        # Mon 6 January to Mon 31 March: 12 whole weeks, no bank holidays = 60 working days.
        child("AS2", assessment_start_date="2025-01-06", assessment_authorised_date="2025-03-31",
              requires_support=NO, child_seen=YES),
        # Open since Mon 2 June: 20 working days to the as-at date.
        child("AS3", assessment_start_date="2025-06-02", child_seen=NO),
        # Open since Mon 3 March: 17 weeks = 85 weekdays less 4 bank holidays = 81.
        child("AS4", assessment_start_date="2025-03-03", child_seen=UNKNOWN),
    ],
    5: [
        # Mon 14 April to Tue 6 May: 16 weekdays less Good Friday, Easter Monday and 5 May = 13.
        child("S1", strategy_discussion_date="2025-04-14", icpc_unnecessary=NO,
              icpc_date="2025-05-06", icpc_resulted_in_plan=YES),
        # Mon 3 February to Fri 28 February: 19 working days.
        child("S2", strategy_discussion_date="2025-02-03", icpc_unnecessary=NO,
              icpc_date="2025-02-28", icpc_resulted_in_plan=NO),
        child("S3", strategy_discussion_date="2025-05-01", icpc_unnecessary=YES),
    ],
    6: [
        child("A1", cin_start_date="2025-03-10", last_seen_date="2025-06-20", disability=NO,
              primary_need="N1 - Abuse or neglect", case_status="b) Child Protection plan",
              allocated_team="Assessment Team", allocated_worker="Jo Smith"),
        # A child with no dates at all: no date of birth, no age, no start, never seen.
        child("A6", born=None, disability=YES, primary_need="N0 - Not stated",
              case_status="c) Child in need plan"),
        child("A7", cin_start_date="2024-02-01", cin_closure_date="2025-02-01", disability=NO,
              primary_need="N5 - Family dysfunction", case_status="e) Closed episode",
              reason_for_closure="RC7 - Services ceased for any other reason, including child "
              "no longer in need"),
    ],
    7: [
        # Last visit Mon 23 June: 5 working days before the as-at date.
        child("A1", cpp_start_date="2025-05-01", previous_cp_plans=1, seen_alone=YES,
              last_statutory_visit_date="2025-06-23", latest_category_of_abuse="a) Neglect",
              initial_category_of_abuse="a) Neglect"),
        # A plan that ended on the as-at date: ended, not open; it lasted over 2 years.
        child("A8", cpp_start_date="2023-01-10", cpp_end_date="2025-06-30", previous_cp_plans=0,
              latest_category_of_abuse="d) Emotional abuse"),
        # Last visit Fri 30 May: 21 working days before the as-at date.
        child("A9", cpp_start_date="2024-09-01", previous_cp_plans=0, seen_alone=NO,
              last_statutory_visit_date="2025-05-30", latest_category_of_abuse="a) Neglect"),
        child("A10", cpp_start_date="2022-03-01", previous_cp_plans=2,
              latest_category_of_abuse="b) Physical abuse"),
    ],
    8: [
        child("C1", born="2021-01-15", date_started_looked_after="2023-01-01",
              placement_start_date="2023-01-01", last_health_assessment_date="2024-11-01",
              last_dental_check_date="2025-01-01", placements_last_12_months=1,
              missing_episodes=0, absent_episodes=2, uasc=NO, placement_location="a) In",
              last_social_work_visit_date="2025-06-01", legal_status="C2: FCO"),
        child("C2", born="2018-03-01", date_started_looked_after="2022-06-01",
              placement_start_date="2023-05-01", last_health_assessment_date="2024-11-01",
              last_dental_check_date="2024-03-01", placements_last_12_months=3,
              missing_episodes=2, return_interview_offered=YES, return_interview_accepted=NO,
              absent_episodes=0, uasc=YES, placement_location="b) Out",
              last_social_work_visit_date="2025-04-01", legal_status="C2: FCO"),
        child("C3", born="2010-01-01", date_started_looked_after="2021-01-01",
              placement_start_date="2024-01-01", last_health_assessment_date="2025-01-01",
              placements_last_12_months=1, missing_episodes=1, return_interview_offered=NO,
              absent_episodes=0, uasc=NO, placement_location="a) In",
              last_social_work_visit_date="2025-06-20", legal_status="E1: Placement order"),
        child("C4", born="2013-01-01", date_started_looked_after="2025-03-01",
              placement_start_date="2025-03-01", placements_last_12_months=2, missing_episodes=0,
              absent_episodes=0, uasc=NO, placement_location="a) In",
              last_social_work_visit_date="2025-06-25",
              legal_status="V2: Single period under S20"),
        child("C5", born="2009-01-01", date_started_looked_after="2024-01-01",
              date_ceased_looked_after="2025-05-01", placements_last_12_months=1,
              missing_episodes=0, absent_episodes=1, uasc=NO, legal_status="C2: FCO"),
    ],
    9: [
        child("CL1", born="2008-01-01", in_touch=YES, suitability="a) Suitable",
              activity_status="F2: Full time in education other than higher"),
        child("CL2", born="2007-03-01", in_touch=NO),
        child("CL3", born="2006-01-01", in_touch=YES, suitability="a) Suitable",
              activity_status="G5: Not in education, employment or training - other"),
        child("CL4", born="2004-01-01", in_touch=YES, suitability="b) Unsuitable",
              activity_status="F3: Full time in training or employment"),
        child("CL5", born="2003-01-01", in_touch=YES, suitability="a) Suitable",
              activity_status="F1: Full time in higher education"),
    ],
    10: [
        # Entered care 1 January 2024, placed 1 December 2024: 335 days (2024 is a leap year).
        child("AD1", date_entered_care="2024-01-01", adoption_decision_date="2024-08-01",
              placed_for_adoption_date="2024-12-01"),
        # Entered care 1 January 2023, placed 1 July 2024: 365 + 182 = 547 days.
        child("AD2", date_entered_care="2023-01-01", adoption_decision_date="2023-09-01",
              placed_for_adoption_date="2024-07-01", adoption_order_date="2025-02-01"),
        child("AD3", date_entered_care="2024-06-01", adoption_decision_date="2025-01-10"),
    ],
    11: [
        {"adopter_id": "ADP1", "date_stage_2_ended": "2025-03-01"},
        {"adopter_id": "ADP2", "date_application_approved": "2024-07-15"},
        {"adopter_id": "ADP3", "date_stage_2_ended": "2024-05-01"},  # before the 12 months
    ],
}  # fmt: skip


def build_lists(tables: dict | None = None, as_at: date = AS_AT):
    tables = SCENARIO if tables is None else tables
    return lists_from_rows(lambda number: tables.get(number, []), as_at=as_at)
