"""Every validation rule, table-driven: the valid dataset passes; each fault gives exactly the
expected finding (rule, list, row, column)."""

import copy
from datetime import date

import pytest

from annex_a.spec import load_spec
from annex_a.synthetic import SERVICES_CEASED
from annex_a.validation import ROW, RULES, Context, ParsedList, check_rows

AS_AT = date(2026, 11, 20)  # a Friday; six months back is 20 May 2026
SPEC = load_spec("2023")

TEAM = {"allocated_team": "Assessment Team 1", "allocated_worker": "Jo Smith"}
C1 = {
    "child_id": "C1",
    "gender": "a) Male",
    "ethnicity": "a) WBRI",
    "date_of_birth": date(2016, 3, 10),
    "age": 10,
    "disability": "b) No",
}
C2 = {**C1, "child_id": "C2", "gender": "b) Female", "date_of_birth": date(2012, 1, 5), "age": 14}
C3 = {**C1, "child_id": "C3", "date_of_birth": date(2007, 6, 1), "age": 19}
C4 = {**C1, "child_id": "C4", "date_of_birth": date(2023, 2, 1), "age": 3}
C5 = {**C1, "child_id": "C5", "date_of_birth": date(2020, 4, 1), "age": 6}
C6 = {**C1, "child_id": "C6", "date_of_birth": date(2018, 8, 8), "age": 8}


def valid_dataset() -> dict[int, list[dict]]:
    """One coherent council: C1 contacted, referred, assessed, s47, on a plan; C2 in care;
    C3 a care leaver; C4 with an adoption decision; C5 early help; C6 a closed episode; A1 an
    adopter. Worked through by hand against every rule."""
    return {
        1: [{**C1, "contact_date": date(2026, 10, 1), "contact_source": "a) 1A: Individual"}],
        2: [
            {
                **C5,
                "assessment_start_date": date(2026, 9, 1),
                "assessment_completion_date": None,
                "organisation": "Family Hub North",
            }
        ],
        3: [
            {
                **C1,
                **TEAM,
                "referral_date": date(2026, 10, 2),
                "referral_source": "e) 2A: Schools",
                "referral_nfa": "b) No",
                "referrals_last_12_months": 0,
            }
        ],
        4: [
            {
                **C1,
                **TEAM,
                "assessment_start_date": date(2026, 10, 3),
                "child_seen": "a) Yes",
                "assessment_authorised_date": date(2026, 10, 20),
                "requires_support": "a) Yes",
            }
        ],
        5: [
            {
                **C1,
                **TEAM,
                "strategy_discussion_date": date(2026, 10, 5),
                "icpc_unnecessary": "b) No",
                "icpc_date": date(2026, 10, 15),
                "icpc_resulted_in_plan": "a) Yes",
                "s47s_last_12_months": 0,
                "icpcs_last_12_months": 0,
            }
        ],
        6: [
            {
                **C1,
                **TEAM,
                "cin_start_date": date(2026, 10, 2),
                "primary_need": "N1 - Abuse or neglect",
                "last_seen_date": date(2026, 11, 10),
                "cin_closure_date": None,
                "reason_for_closure": None,
                "case_status": "b) Child Protection plan",
            },
            {
                **C2,
                **TEAM,
                "cin_start_date": date(2025, 1, 10),
                "primary_need": "N1 - Abuse or neglect",
                "last_seen_date": date(2026, 11, 1),
                "cin_closure_date": None,
                "reason_for_closure": None,
                "case_status": "a) Looked after child",
            },
            {
                **C6,
                **TEAM,
                "cin_start_date": date(2026, 6, 1),
                "primary_need": "N5 - Family dysfunction",
                "last_seen_date": date(2026, 6, 30),
                "cin_closure_date": date(2026, 7, 1),
                "reason_for_closure": SERVICES_CEASED,
                "case_status": "e) Closed episode",
            },
        ],
        7: [
            {
                **C1,
                **TEAM,
                "cpp_start_date": date(2026, 10, 15),
                "initial_category_of_abuse": "a) Neglect",
                "latest_category_of_abuse": "a) Neglect",
                "last_statutory_visit_date": date(2026, 11, 12),
                "seen_alone": "a) Yes",
                "latest_review_conference_date": date(2026, 11, 16),
                "cpp_end_date": None,
                "epo_or_police_protection": "b) No",
                "previous_cp_plans": 0,
            }
        ],
        8: [
            {
                **C2,
                **TEAM,
                "uasc": "b) No",
                "date_started_looked_after": date(2025, 1, 10),
                "category_of_need": "N1 - Abuse or neglect",
                "second_period_last_12_months": "b) No",
                "legal_status_start_date": date(2025, 1, 10),
                "legal_status": "C2: FCO",
                "latest_review_date": date(2026, 10, 1),
                "last_social_work_visit_date": date(2026, 11, 1),
                "permanence_plan": "f) Long-term fostering",
                "last_iro_visit_date": date(2026, 10, 1),
                "last_health_assessment_date": date(2026, 6, 1),
                "last_dental_check_date": date(2026, 7, 1),
                "placements_last_12_months": 1,
                "date_ceased_looked_after": None,
                "reason_ceased": None,
                "placement_start_date": date(2025, 2, 1),
                "placement_type": "d) U4: Foster placement - long term",
                "placement_provider": "b) PR1: Own provision",
                "placement_postcode": "LS1 4AP",
                "placement_urn": None,
                "placement_location": "a) In",
                "placement_la": "Leeds",
                "missing_episodes": 0,
                "absent_episodes": 0,
                "return_interview_offered": None,
                "return_interview_accepted": None,
            }
        ],
        9: [
            {
                **C3,
                **TEAM,
                "uasc": "b) No",
                "allocated_personal_advisor": "Pat Jones",
                "eligibility_category": "b) Former relevant child",
                "pathway_plan_review_date": date(2026, 9, 1),
                "in_touch": "a) Yes",
                "latest_contact_date": date(2026, 11, 1),
                "accommodation": "U: Independent living",
                "suitability": "a) Suitable",
                "activity_status": "F2: Full time in education other than higher",
            }
        ],
        10: [
            {
                **C4,
                "family_identifier": None,
                "date_entered_care": date(2024, 5, 1),
                "adoption_decision_date": date(2026, 1, 10),
                "placement_order_date": date(2026, 3, 1),
                "matching_date": date(2026, 6, 1),
                "placed_for_adoption_date": date(2026, 7, 1),
                "adoption_order_date": None,
                "no_longer_placed_decision_date": None,
                "no_longer_placed_reason": None,
                "ffa_placement_date": None,
            }
        ],
        11: [
            {
                "adopter_id": "A1",
                "family_identifier": "F1",
                "gender": "a) Male",
                "ethnicity": "a) WBRI",
                "disability": "b) No",
                "fostering_for_adoption": "No",
                "enquiry_date": date(2026, 1, 15),
                "date_stage_1_started": date(2026, 2, 1),
                "date_stage_1_ended": date(2026, 3, 15),
                "date_stage_2_started": date(2026, 3, 20),
                "date_stage_2_ended": date(2026, 6, 30),
                "date_application_submitted": None,
                "date_application_approved": None,
                "matched_date": None,
                "placed_date": None,
                "children_placed": None,
                "adoption_order_date": None,
                "left_process_date": None,
                "reason_left_process": None,
            }
        ],
    }


def run(dataset):
    parsed = {}
    for number, rows in dataset.items():
        list_spec = SPEC.list(number)
        numbered = []
        for position, row in enumerate(rows):
            full = {column.name: None for column in list_spec.columns}
            full.update(row)
            full[ROW] = position + 3  # data starts in row 3 of Ofsted's layout
            numbered.append(full)
        parsed[number] = ParsedList(list_spec=list_spec, match=None, rows=numbered)
    return check_rows(parsed, Context(spec=SPEC, as_at=AS_AT, lists_present=frozenset(parsed)))


def header(number, name):
    return SPEC.list(number).column(name).header.strip()


def test_the_valid_dataset_has_no_findings():
    assert run(valid_dataset()) == []


# (rule, list, row index, changes to that row, expected (list, row index, column) findings)
CASES = [
    ("AA04Q", 1, 0, {"contact_date": date(2026, 5, 1)}, [(1, 0, "contact_date")]),
    (
        "AA05Q",
        4,
        0,
        {"assessment_start_date": date(2026, 4, 1), "assessment_authorised_date": date(2026, 5, 1)},
        [(4, 0, "assessment_authorised_date")],
    ),
    (
        "AA06Q",
        7,
        0,
        {
            "cpp_start_date": date(2026, 1, 10),
            "cpp_end_date": date(2026, 5, 1),
            "latest_review_conference_date": date(2026, 3, 1),
            "last_statutory_visit_date": date(2026, 4, 20),
        },
        [(7, 0, "cpp_end_date")],
    ),
    (
        "AA07Q",
        10,
        0,
        {
            "no_longer_placed_decision_date": date(2025, 10, 1),
            "no_longer_placed_reason": "RD4 - Any other reason",
        },
        [(10, 0, "no_longer_placed_decision_date")],
    ),
    ("AA07Q", 11, 0, {"left_process_date": date(2025, 10, 1)}, [(11, 0, "left_process_date")]),
    ("AA08", 3, 0, {"referral_date": date(2026, 11, 25)}, [(3, 0, "referral_date")]),
    ("AA08", 9, 0, {"latest_contact_date": date(2026, 12, 1)}, [(9, 0, "latest_contact_date")]),
    (
        "AA09",
        2,
        0,
        # 281 days before a child born since (CIN 8606 allows 280)
        {"date_of_birth": date(2026, 11, 10), "age": 0, "assessment_start_date": date(2026, 2, 2)},
        [(2, 0, "assessment_start_date")],
    ),
    (
        "AA09",
        2,
        0,
        {"date_of_birth": date(2027, 9, 1), "age": -1},
        [(2, 0, "assessment_start_date")],
    ),
    (
        "AA10",
        4,
        0,
        {"assessment_authorised_date": date(2026, 10, 1)},
        [(4, 0, "assessment_authorised_date")],
    ),
    ("AA11", 5, 0, {"icpc_date": date(2026, 10, 2)}, [(5, 0, "icpc_date")]),
    ("AA11Q", 5, 0, {"icpc_date": date(2026, 10, 17)}, [(5, 0, "icpc_date")]),
    ("AA12", 6, 2, {"cin_closure_date": date(2026, 5, 25)}, [(6, 2, "cin_closure_date")]),
    (
        "AA13",
        7,
        0,
        {"cpp_end_date": date(2026, 10, 15), "latest_review_conference_date": None},
        [(7, 0, "cpp_end_date")],
    ),
    (
        "AA14",
        7,
        0,
        {"latest_review_conference_date": date(2026, 10, 15)},
        [(7, 0, "latest_review_conference_date")],
    ),
    ("AA15", 8, 0, {"placement_start_date": date(2025, 1, 1)}, [(8, 0, "placement_start_date")]),
    ("AA16", 10, 0, {"matching_date": date(2025, 12, 1)}, [(10, 0, "matching_date")]),
    ("AA17Q", 11, 0, {"date_stage_1_ended": date(2026, 1, 20)}, [(11, 0, "date_stage_1_ended")]),
    ("AA18", 4, 0, {"requires_support": None}, [(4, 0, "requires_support")]),
    (
        "AA19",
        5,
        0,
        {"icpc_unnecessary": "a) Yes", "icpc_date": None},
        [(5, 0, "icpc_resulted_in_plan")],
    ),
    ("AA19", 5, 0, {"icpc_unnecessary": None}, [(5, 0, "icpc_unnecessary")]),
    ("AA20", 6, 2, {"reason_for_closure": None}, [(6, 2, "reason_for_closure")]),
    ("AA20", 6, 2, {"case_status": "c) Child in need plan"}, [(6, 2, "case_status")]),
    ("AA21", 8, 0, {"date_ceased_looked_after": date(2026, 10, 1)}, [(8, 0, "reason_ceased")]),
    ("AA21Q", 8, 0, {"return_interview_offered": "a) Yes"}, [(8, 0, "return_interview_offered")]),
    ("AA22", 9, 0, {"accommodation": None}, [(9, 0, "accommodation")]),
    (
        "AA22",
        9,
        0,
        {"in_touch": "c) Died"},
        [(9, 0, "accommodation"), (9, 0, "suitability"), (9, 0, "activity_status")],
    ),
    (
        "AA22Q",
        9,
        0,
        {"in_touch": "b) No"},
        [(9, 0, "accommodation"), (9, 0, "suitability"), (9, 0, "activity_status")],
    ),
    (
        "AA23",
        10,
        0,
        {"no_longer_placed_decision_date": date(2026, 8, 1)},
        [(10, 0, "no_longer_placed_reason")],
    ),
    ("AA27Q", 1, 0, {"age": 11}, [(1, 0, "age")]),
    ("AA28", 1, 0, {"age": -1}, [(1, 0, "age")]),
    (
        "AA30",
        8,
        0,
        {"placement_type": "n) H5: Residential accommodation"},
        [(8, 0, "placement_type")],
    ),
    (
        "AA30Q",
        8,
        0,
        {
            "legal_status": "J1: Remanded to LA or youth detention",
            "legal_status_start_date": date(2021, 6, 1),
        },
        [(8, 0, "legal_status")],
    ),
    ("AA31Q", 2, 0, {"date_of_birth": date(1999, 6, 1), "age": 27}, [(2, 0, "age")]),
    ("AA32Q", 3, 0, {"gender": "b) Female"}, [(3, 0, "gender")]),
    ("AA33Q", 6, 0, {"case_status": "c) Child in need plan"}, [(6, 0, "case_status")]),
    ("AA34Q", 8, 0, {"placement_urn": "12345"}, [(8, 0, "placement_urn")]),
    ("AA35Q", 8, 0, {"placement_location": "b) Out"}, [(8, 0, "placement_location")]),
]


@pytest.mark.parametrize(
    ("rule", "number", "index", "changes", "expected"),
    CASES,
    ids=[f"{case[0]}-list{case[1]}-{'-'.join(case[3])}" for case in CASES],
)
def test_each_fault_gives_exactly_the_expected_finding(rule, number, index, changes, expected):
    dataset = valid_dataset()
    dataset[number][index].update(changes)
    findings = run(dataset)
    assert [(f.rule, f.list_number, f.row, f.column) for f in findings] == [
        (rule, n, i + 3, header(n, name)) for n, i, name in expected
    ]
    assert all(f.message for f in findings)


def test_a_child_twice_on_a_one_row_per_child_list():
    dataset = valid_dataset()
    dataset[7].append(copy.deepcopy(dataset[7][0]))
    findings = run(dataset)
    assert [(f.rule, f.list_number, f.row, f.column) for f in findings] == [
        ("AA01", 7, 4, "Child Unique ID")
    ]
    assert "row 3" in findings[0].message


def test_an_exact_duplicate_event_is_a_warning():
    dataset = valid_dataset()
    dataset[1].append(copy.deepcopy(dataset[1][0]))
    findings = run(dataset)
    assert [(f.rule, f.severity, f.row) for f in findings] == [("AA02Q", "warning", 4)]


def test_an_adopter_twice():
    dataset = valid_dataset()
    dataset[11].append({**dataset[11][0], "enquiry_date": date(2026, 2, 1)})
    assert [(f.rule, f.row) for f in run(dataset)] == [("AA03", 4)]


def test_twelve_month_counts_differ_between_a_childs_rows():
    dataset = valid_dataset()
    dataset[3].append(
        {**dataset[3][0], "referral_date": date(2026, 11, 2), "referrals_last_12_months": 1}
    )
    findings = run(dataset)
    assert [(f.rule, f.list_number, f.row, f.column) for f in findings] == [
        ("AA26", 3, 4, "Number of Referrals in Last 12 Months")
    ]


def test_a_child_on_a_plan_missing_from_the_children_in_need_list():
    dataset = valid_dataset()
    del dataset[6][0]
    findings = run(dataset)
    assert [(f.rule, f.list_number, f.row, f.column) for f in findings] == [
        ("AA33Q", 7, 3, "Child Unique ID")
    ]
    assert "not on List 6" in findings[0].message


def test_started_to_be_looked_after_at_eighteen_or_over():
    dataset = valid_dataset()
    for number in (6, 8):
        for row in dataset[number]:
            if row["child_id"] == "C2":
                row.update(date_of_birth=date(2006, 1, 5), age=20)
    findings = run(dataset)
    assert [(f.rule, f.list_number, f.column) for f in findings] == [
        ("AA29", 8, "Date Started to be Looked After"),
        ("AA40Q", 8, "Date Ceased to be Looked After"),
    ]


def test_every_rule_has_a_test_and_warnings_end_in_q():
    from .test_analyst_queries import ANALYST_CASES
    from .test_severities import SEVERITY_CASES

    tested = (
        {case[0] for case in CASES}
        | {"AA01", "AA02Q", "AA03", "AA26", "AA29", "AA33Q"}
        | {case.rule for case in SEVERITY_CASES}
        | {case.rule for case in ANALYST_CASES}
    )
    assert set(RULES) == tested
    for rule in RULES.values():
        assert (rule.severity == "warning") == rule.code.endswith("Q"), rule.code
        assert rule.source and rule.title
