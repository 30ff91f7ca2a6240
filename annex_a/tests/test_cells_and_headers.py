"""Reading cells and finding lists by their headers."""

from datetime import date, datetime

import pytest

from annex_a.cells import CellProblem, cell_parser
from annex_a.headers import match_sheets
from annex_a.reading import SourceSheet
from annex_a.spec import load_spec

SPEC = load_spec("2023")
SPEC_2019 = load_spec("2019")


def parser(list_number, name, synonyms=None):
    return cell_parser(SPEC.list(list_number).column(name), synonyms or {})


@pytest.mark.parametrize(
    ("list_number", "column", "raw", "expected"),
    [
        (1, "child_id", 12345.0, "12345"),  # an ID Excel turned into a number
        (1, "child_id", "12345.0", "12345"),
        (1, "child_id", " AB-12 ", "AB-12"),
        (1, "child_id", "'=1+2", "=1+2"),  # our own neutralised export read back in
        (1, "child_id", "7" * 100, "7" * 100),  # the longest ID kept
        (1, "contact_date", datetime(2026, 3, 4, 0, 0), date(2026, 3, 4)),
        (1, "contact_date", date(2026, 3, 4), date(2026, 3, 4)),
        (1, "contact_date", "04/03/2026", date(2026, 3, 4)),
        (1, "contact_date", "4/3/2026", date(2026, 3, 4)),
        (1, "contact_date", "2026-03-04", date(2026, 3, 4)),
        (1, "age", "3.0", 3),
        (1, "age", 3.0, 3),
        (1, "age", -1, -1),
        (1, "age", "2.5", 2),  # whole years at the last birthday
        (1, "gender", "a) Male", "a) Male"),
        (1, "gender", "Male", "a) Male"),
        (1, "gender", "M", "a) Male"),
        (1, "gender", "  A)  MALE ", "a) Male"),
        (1, "ethnicity", "WBRI", "a) WBRI"),
        (1, "ethnicity", "White British", "a) WBRI"),
        (1, "ethnicity", "t) NOBT", "s) NOBT"),
        (1, "contact_source", "1A", "a) 1A: Individual"),
        (1, "contact_source", "p1) 5D: LA services", "p1) 5D: LA services"),
        (6, "primary_need", "N2 - Child's disability", "N2 - Child’s disability"),
        (8, "placement_provider", "e) PR4 - Private provision", "e) PR4: Private provision"),
        (8, "reason_ceased", "u) X1: CodeError", "u) X1:CodeError"),
        (8, "legal_status", "C2", "C2: FCO"),
        (8, "placement_postcode", "ls14ap", "LS1 4AP"),
        (11, "fostering_for_adoption", "Y", "Yes"),
    ],
)
def test_cells_read_as_ofsted_values(list_number, column, raw, expected):
    assert parser(list_number, column)(raw) == expected


@pytest.mark.parametrize(
    ("list_number", "column", "raw", "rule"),
    [
        (1, "contact_date", "31/02/2026", "CELL-DATE"),
        (1, "contact_date", "March 2026", "CELL-DATE"),
        (1, "contact_date", "03-04-26", "CELL-DATE"),
        (1, "age", "three", "CELL-NUMBER"),
        (7, "previous_cp_plans", "2.5", "CELL-NUMBER"),  # only ages may have decimals
        (1, "age", -2, "CELL-MINIMUM"),
        (8, "age", -1, "CELL-MINIMUM"),  # no unborn children in care
        (8, "placements_last_12_months", 0, "CELL-MINIMUM"),
        (7, "previous_cp_plans", -1, "CELL-MINIMUM"),
        (1, "gender", "1 - Male", "CELL-CODE"),
        (1, "gender", "Monkey", "CELL-CODE"),  # the liia-tools bug: loose matching made it Male
        (1, "contact_source", "Individual", "CELL-CODE"),  # could be 1A, 1B, 1C or 1D
        (8, "placement_postcode", "LS1", "AA34"),
        (1, "child_id", "7" * 101, "CELL-LENGTH"),  # never cut: it could name another child
        (1, "child_id", f" {'7' * 101} ", "CELL-LENGTH"),
    ],
)
def test_bad_cells_are_reported_with_their_rule(list_number, column, raw, rule):
    with pytest.raises(CellProblem) as problem:
        parser(list_number, column)(raw)
    assert problem.value.rule == rule
    assert problem.value.message


def test_new_2023_codes_are_refused_under_the_2019_template():
    column = SPEC_2019.list(1).column("contact_source")
    with pytest.raises(CellProblem):
        cell_parser(column, {})("p1) 5D: LA services")


def test_a_council_synonym_maps_its_spelling():
    read = parser(1, "gender", {"gender": {"1 male": "a) Male"}})
    assert read("1 - Male") == "a) Male"


def headers_for(number, spec=SPEC):
    return [column.header for column in spec.list(number).columns]


def sheet(name, *rows):
    return SourceSheet(name=name, rows=[(i + 1, list(row)) for i, row in enumerate(rows)])


def test_lists_are_found_by_headers_in_row_2_under_the_title_whatever_the_sheet_name():
    sheets = [sheet("Whatever", ["List 3: Referral"], headers_for(3), ["1"] * 11)]
    matches, findings = match_sheets(sheets, SPEC)
    assert matches[3].header_row == 2
    assert [f.rule for f in findings] == ["LIST-MISSING"] * 10


def test_header_variants_case_spacing_and_quotes_are_tolerated():
    variants = [
        "child unique id",
        " GENDER ",
        "Ethnicity",
        "Date of birth",
        "Age",
        "Does the Child have a Disability",
        "UASC within the last 12 months",
        "Date Started to be Looked After",
    ]
    headers = headers_for(8)
    headers[0], headers[1], headers[3], headers[4] = variants[0], variants[1], variants[3], "Age"
    headers[5] = "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))"
    headers[19] = "Date Ceased to be Looked After"  # the template's trailing space dropped
    headers[28] = headers[28].replace("‘", "'").replace("’", "'")
    matches, findings = match_sheets([sheet("Children in Care", headers)], SPEC)
    assert set(matches[8].columns) == {c.name for c in SPEC.list(8).columns}
    assert not [f for f in findings if f.list_number == 8]


def test_list_4_typographic_apostrophe_and_question_mark_variant():
    headers = headers_for(4)
    headers[9] = "Was the child assessed as requiring LA children's social care support?"
    matches, findings = match_sheets([sheet("L4", headers)], SPEC)
    assert "requires_support" in matches[4].columns


def test_a_sheet_that_matches_no_list_and_the_template_guidance_sheets():
    sheets = [sheet("Front_Sheet", ["Annex A"]), sheet("Notes", ["Who", "What"], ["me", "x"])]
    matches, findings = match_sheets(sheets, SPEC)
    assert not matches
    unmatched = [f for f in findings if f.rule == "SHEET-UNMATCHED"]
    assert [f.sheet for f in unmatched] == ["Notes"]
    assert sum(f.rule == "LIST-MISSING" for f in findings) == 11


def test_a_duplicated_a_missing_and_an_unexpected_column():
    headers = headers_for(1) + ["Date of Contact ", "Notes"]
    headers.remove("Contact Source")
    matches, findings = match_sheets([sheet("Contacts", headers)], SPEC)
    by_rule = {f.rule: f for f in findings if f.list_number == 1}
    assert by_rule["COLUMN-DUPLICATE"].column_letter == "G"
    assert by_rule["COLUMN-DUPLICATE"].severity == "error"
    assert by_rule["COLUMN-MISSING"].column == "Contact Source"
    assert by_rule["COLUMN-MISSING"].severity == "error"
    assert by_rule["COLUMN-UNEXPECTED"].value == "Notes"
    assert by_rule["COLUMN-UNEXPECTED"].severity == "warning"


def test_a_missing_optional_column_is_a_warning():
    headers = [h for h in headers_for(1) if h != "Date of Birth"]
    _, findings = match_sheets([sheet("Contacts", headers)], SPEC)
    missing = [f for f in findings if f.rule == "COLUMN-MISSING"]
    assert [(f.column, f.severity) for f in missing] == [("Date of Birth", "warning")]


def test_two_sheets_for_the_same_list():
    sheets = [sheet("A", headers_for(2)), sheet("B", headers_for(2))]
    _, findings = match_sheets(sheets, SPEC)
    duplicate = [f for f in findings if f.rule == "LIST-DUPLICATE"]
    assert len(duplicate) == 1 and duplicate[0].sheet == "B"


def test_a_2019_list_9_under_the_2023_template_misses_the_new_columns():
    matches, findings = match_sheets([sheet("CL", headers_for(9, SPEC_2019))], SPEC)
    missing = {f.column: f.severity for f in findings if f.rule == "COLUMN-MISSING"}
    uasc = "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)"
    assert missing == {
        uasc: "warning",
        "Allocated Personal Advisor": "warning",  # a worker will do (rule AA38)
        "Latest Pathway Plan Review Date": "warning",
        "Latest Date of Contact": "warning",
    }


@pytest.mark.parametrize(
    "code_set, code, shown",
    [
        ("ethnicity", "d) WOTH", "Any other White background (WOTH)"),
        ("ethnicity", "a) WBRI", "White British (WBRI)"),
        ("gender", "a) Male", "a) Male"),  # no label in the set: the code as Ofsted writes it
        ("ethnicity", "z) UNKNOWN", "z) UNKNOWN"),
    ],
)
def test_a_code_is_described_as_people_read_it(code_set, code, shown):
    from annex_a.templatetags.annex_a_codes import code_label

    assert code_label(code, code_set) == shown
