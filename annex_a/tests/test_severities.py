"""Severities that follow the guidance (issue 14, item 2): each case cites its source and sits at
the boundary where the answer changes. Sources are ``../shared/reference/annex_a.md`` (section 5
unless said) and the DfE validators it quotes (CIN and SSDA903 rule numbers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from annex_a.cells import cell_parser
from annex_a.findings import ERROR, WARNING
from annex_a.headers import match_sheets
from annex_a.reading import SourceSheet
from annex_a.spec import load_spec
from annex_a.validation import ROW, Context, ParsedList, check_rows, parse_list

from .test_validation import AS_AT, valid_dataset

SPEC = load_spec("2023")
SPEC_2019 = load_spec("2019")

BORN = date(2026, 11, 10)  # a child born ten days before the as-at date
EXPECTED = date(2027, 5, 1)  # an unborn child's expected date of birth


@dataclass(frozen=True)
class Case:
    id: str
    rule: str
    source: str
    changes: dict[tuple[int, int], dict]
    expected: list[tuple[str, str, int, int, str]] = field(default_factory=list)
    spec: str = "2023"


def run(dataset, spec):
    parsed = {}
    for number, rows in dataset.items():
        list_spec = spec.list(number)
        numbered = []
        for position, row in enumerate(rows):
            full = {column.name: None for column in list_spec.columns}
            full.update({k: v for k, v in row.items() if list_spec.has_column(k)})
            full[ROW] = position + 3
            numbered.append(full)
        parsed[number] = ParsedList(list_spec=list_spec, match=None, rows=numbered)
    return check_rows(parsed, Context(spec=spec, as_at=AS_AT, lists_present=frozenset(parsed)))


def h5_child(placement_start: date) -> dict[tuple[int, int], dict]:
    """C2, in care, born 1 June 2009 (17 on the as-at date), placed in H5 on ``placement_start``."""
    born = {"date_of_birth": date(2009, 6, 1), "age": 17}
    return {
        (6, 1): born,
        (8, 0): {
            **born,
            "placement_type": "n) H5: Residential accommodation",
            "placement_start_date": placement_start,
        },
    }


SEVERITY_CASES = [
    # ---- Pre-birth work: CIN 8606, annex_a.md 5.2 rule 9 ----
    Case(
        "born-event-exactly-280-days-before-birth-is-valid",
        "AA09",
        "CIN 8606 (annex_a.md 5.2 rule 9): up to 40 weeks before the date of birth",
        {(2, 0): {"date_of_birth": BORN, "age": 0, "assessment_start_date": BORN - timedelta(280)}},
    ),
    Case(
        "born-event-281-days-before-birth-is-an-error",
        "AA09",
        "CIN 8606 (annex_a.md 5.2 rule 9)",
        {(2, 0): {"date_of_birth": BORN, "age": 0, "assessment_start_date": BORN - timedelta(281)}},
        [("AA09", ERROR, 2, 0, "assessment_start_date")],
    ),
    Case(
        "unborn-event-exactly-280-days-before-expected-birth-is-valid",
        "AA09",
        "CIN 8606 (annex_a.md 5.2 rule 9): the expected date of birth for an unborn child",
        {
            (2, 0): {
                "date_of_birth": EXPECTED,
                "age": -1,
                "assessment_start_date": EXPECTED - timedelta(280),
            }
        },
    ),
    Case(
        "unborn-event-281-days-before-expected-birth-is-an-error",
        "AA09",
        "CIN 8606 (annex_a.md 5.2 rule 9)",
        {
            (2, 0): {
                "date_of_birth": EXPECTED,
                "age": -1,
                "assessment_start_date": EXPECTED - timedelta(281),
            }
        },
        [("AA09", ERROR, 2, 0, "assessment_start_date")],
    ),
    # ---- Allocation: annex_a.md section 3, Allocated Team / Worker (free-text names) ----
    Case(
        "blank-allocated-worker-on-list-6-is-counted-as-unallocated",
        "AA37Q",
        "annex_a.md section 3 and List 6: blank means the child is unallocated",
        {(6, 1): {"allocated_worker": None}},
        [("AA37Q", WARNING, 6, 1, "allocated_worker")],
    ),
    Case(
        "blank-allocated-team-on-list-3-is-counted-as-unallocated",
        "AA37Q",
        "annex_a.md section 3, Lists 3-9",
        {(3, 0): {"allocated_team": None}},
        [("AA37Q", WARNING, 3, 0, "allocated_worker")],
    ),
    Case(
        "care-leaver-with-a-personal-adviser-and-no-worker-is-valid",
        "AA38",
        "annex_a.md List 9, 2023/24 order: Allocated Personal Advisor",
        {(9, 0): {"allocated_worker": None, "allocated_team": None}},
    ),
    Case(
        "care-leaver-with-neither-worker-nor-personal-adviser-is-an-error",
        "AA38",
        "annex_a.md List 9 (2019: Allocated Worker R; 2023/24: or the personal adviser)",
        {(9, 0): {"allocated_worker": None, "allocated_personal_advisor": None}},
        [("AA38", ERROR, 9, 0, "allocated_worker")],
    ),
    Case(
        "care-leaver-with-no-worker-in-the-2019-template-is-an-error",
        "AA38",
        "annex_a.md List 9, 2019 columns: Allocated Worker (R)",
        {(9, 0): {"allocated_worker": None}},
        [("AA38", ERROR, 9, 0, "allocated_worker")],
        spec="2019",
    ),
    # ---- List 6 presence: annex_a.md 5.2 rule 33, "derived, not coded anywhere" ----
    Case(
        "open-plan-with-another-case-status-is-a-warning",
        "AA33Q",
        "annex_a.md 5.2 rule 33: cross-list consistency (derived, should)",
        {(6, 0): {"case_status": "c) Child in need plan"}},
        [("AA33Q", WARNING, 6, 0, "case_status")],
    ),
    # ---- Placement postcode: annex_a.md List 8, LA of Placement NUK / CON ----
    Case(
        "blank-postcode-with-a-confidential-placement-is-valid",
        "AA39",
        "annex_a.md List 8: LA of Placement CON for a confidential placement",
        {(8, 0): {"placement_postcode": None, "placement_la": "CON"}},
    ),
    Case(
        "blank-postcode-outside-the-uk-is-valid",
        "AA39",
        "annex_a.md List 8: LA of Placement NUK, outside the UK",
        {(8, 0): {"placement_postcode": None, "placement_la": " nuk "}},
    ),
    Case(
        "blank-postcode-in-england-is-an-error",
        "AA39",
        "annex_a.md List 8: Placement postcode (R)",
        {(8, 0): {"placement_postcode": None, "placement_la": "Leeds"}},
        [("AA39", ERROR, 8, 0, "placement_postcode")],
    ),
    # ---- ICPC result c) Unknown: accepted by S4/S5, reported once ----
    Case(
        "unknown-conference-result-is-one-warning",
        "AA19Q",
        "annex_a.md List 5 and spec note: S4/S5 accept c) Unknown",
        {(5, 0): {"icpc_resulted_in_plan": "c) Unknown"}},
        [("AA19Q", WARNING, 5, 0, "icpc_resulted_in_plan")],
    ),
    Case(
        "unknown-result-of-an-unnecessary-conference-is-still-one-warning",
        "AA19Q",
        "annex_a.md 5.2 rule 19 with S4/S5's c) Unknown",
        {
            (5, 0): {
                "icpc_unnecessary": "a) Yes",
                "icpc_date": None,
                "icpc_resulted_in_plan": "c) Unknown",
            }
        },
        [("AA19Q", WARNING, 5, 0, "icpc_resulted_in_plan")],
    ),
    # ---- AA22 and 2023/24 eligible children (still looked after) ----
    Case(
        "eligible-child-in-touch-without-accommodation-is-valid",
        "AA22",
        "annex_a.md List 9, 2023/24: d) Eligible child; SSDA903 rule 345 is for care leavers",
        {(9, 0): {"eligibility_category": "d) Eligible child", "accommodation": None}},
    ),
    Case(
        "care-leaver-in-touch-without-accommodation-is-an-error",
        "AA22",
        "SSDA903 rule 345 (annex_a.md 5.2 rule 22)",
        {(9, 0): {"accommodation": None}},
        [("AA22", ERROR, 9, 0, "accommodation")],
    ),
    # ---- H5: SSDA903 2023/24 rule 371 ----
    Case(
        "h5-child-exactly-16-at-placement-start-is-valid",
        "AA30",
        "SSDA903 2023/24 rule 371: H5 only from 16",
        h5_child(date(2025, 6, 1)),
    ),
    Case(
        "h5-child-15-years-364-days-at-placement-start-is-an-error",
        "AA30",
        "SSDA903 2023/24 rule 371; unlawful for under-16s since September 2021",
        h5_child(date(2025, 5, 31)),
        [("AA30", ERROR, 8, 0, "placement_type")],
    ),
]


@pytest.mark.parametrize("case", SEVERITY_CASES, ids=[case.id for case in SEVERITY_CASES])
def test_severity_follows_the_guidance(case):
    spec = load_spec(case.spec)
    dataset = valid_dataset()
    for (number, index), changes in case.changes.items():
        dataset[number][index].update(changes)
    findings = run(dataset, spec)
    assert [(f.rule, f.severity, f.list_number, f.row, f.column) for f in findings] == [
        (rule, severity, n, i + 3, spec.list(n).column(name).header.strip())
        for rule, severity, n, i, name in case.expected
    ], case.source
    assert case.source and all(f.message for f in findings)


def test_unallocated_children_are_counted_once_per_list():
    dataset = valid_dataset()
    for row in dataset[6]:
        row["allocated_worker"] = None
    [finding] = run(dataset, SPEC)
    assert (finding.rule, finding.list_number, finding.row) == ("AA37Q", 6, 3)
    assert finding.message.startswith("3 children have no allocated team or worker")


# ---- Cells: what a blank or an unusual spelling means, read through the whole list ----------


def parsed_list(number: int, rows: list[dict], spec=SPEC):
    """One list as a sheet with the template's headers, parsed cell by cell."""
    list_spec = spec.list(number)
    headers = [column.header for column in list_spec.columns]
    cells = [[row.get(column.name) for column in list_spec.columns] for row in rows]
    sheet = SourceSheet(
        name="Sheet", rows=[(1, headers)] + [(n + 2, c) for n, c in enumerate(cells)]
    )
    matches, _ = match_sheets([sheet], spec)
    return parse_list(matches[number], {})


@pytest.mark.parametrize(
    ("number", "index", "column", "source"),
    [
        (11, 0, "enquiry_date", "annex_a.md List 11: Date enquiry received 'if available'"),
        (3, 0, "allocated_team", "annex_a.md section 3: blank means unallocated (AA37Q counts)"),
        (6, 1, "allocated_worker", "annex_a.md section 3: blank means unallocated (AA37Q counts)"),
        (9, 0, "allocated_personal_advisor", "annex_a.md List 9: a worker or adviser (AA38)"),
        (8, 0, "placement_postcode", "annex_a.md List 8: none for CON or NUK (AA39 decides)"),
    ],
)
def test_a_blank_in_these_columns_is_not_a_cell_error(number, index, column, source):
    row = valid_dataset()[number][index]
    row[column] = None
    parsed, findings = parsed_list(number, [row])
    assert findings == [], source
    assert parsed.rows[0][column] is None


@pytest.mark.parametrize(
    ("number", "column", "raw", "expected", "source"),
    [
        (11, "gender", "c) Neither", "c) Neither", "annex_a.md 3: List 11 guidance order"),
        (11, "gender", "d) Neither", "c) Neither", "annex_a.md 3: Codes_used order"),
        (11, "gender", "c) Not stated/recorded", "d) Not stated/recorded", "Codes_used order"),
        (11, "gender", "d) Not stated/recorded", "d) Not stated/recorded", "guidance order"),
        (5, "icpc_resulted_in_plan", "c) Unknown", "c) Unknown", "S4/S5 accept c) Unknown"),
        (1, "age", "5.5", 5, "annex_a.md 3: whole years at the last birthday"),
        (1, "age", 5.99, 5, "annex_a.md 3: whole years at the last birthday"),
        (1, "age", "17.0", 17, "annex_a.md 5.1: '3.0' is accepted"),
    ],
)
def test_the_templates_own_spellings_and_decimal_ages_are_read(
    number, column, raw, expected, source
):
    assert cell_parser(SPEC.list(number).column(column), {})(raw) == expected, source


@pytest.mark.parametrize(
    ("age", "expected"),
    [("10.5", []), ("10.99", []), ("11.2", [("AA27Q", WARNING)]), ("9.9", [("AA27Q", WARNING)])],
    ids=["agrees", "agrees-just-below-the-next-birthday", "one-year-over", "one-year-under"],
)
def test_a_decimal_age_warns_only_when_it_disagrees_with_the_date_of_birth(age, expected):
    # C1 was born on 10 March 2016: 10 on the as-at date (annex_a.md 5.2 rule 27).
    row = {**valid_dataset()[1][0], "age": age}
    parsed, findings = parsed_list(1, [row])
    assert findings == []
    context = Context(spec=SPEC, as_at=AS_AT, lists_present=frozenset({1}))
    found = check_rows({1: parsed}, context)
    assert [(f.rule, f.severity) for f in found] == expected
