"""Reading Ofsted's outcomes table: every problem named by row and column."""

from dataclasses import dataclass
from datetime import date

import pytest

from datapack.outcomes import (
    COLUMNS,
    MAX_BYTES,
    NO_OVERALL_GRADE,
    OutcomesFileProblem,
    comparison,
    current_judgements,
    read_outcomes,
)

HEADER = ",".join(f'"{column}"' if "," in column else column for column in COLUMNS)
GOOD_ROW = "E09000002,Barking and Dagenham,London,2023-07-10,2023-09-04,Good,Good,Good,Good,Good"


def _problems(*lines: str) -> list[str]:
    with pytest.raises(OutcomesFileProblem) as problem:
        read_outcomes("\n".join(lines).encode())
    return problem.value.problems


def test_a_good_row_is_read():
    (row,) = read_outcomes(f"{HEADER}\n{GOOD_ROW}\n".encode("utf-8-sig"))
    assert row.area_code == "E09000002" and row.judgements["care_leavers"] == "Good"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (GOOD_ROW.replace("E09000002", "X1"),
         "Row 2, column 'Local authority area code': 'X1' is not an English local authority's "
         "area code. Enter a code like E09000002."),
        (GOOD_ROW.replace("2023-07-10", "31/02/2023"),
         "Row 2, column 'Inspection date': '31/02/2023' is not a real date. Enter a date like "
         "2024-03-14 or 14/03/2024."),
        (GOOD_ROW.replace(",Good,Good,Good,Good,Good", ",,Good,Good,Good,Good"),
         "Row 2, column 'Overall effectiveness': there is no grade, but only inspections that "
         "started on or after 1 April 2026 have no overall grade. Enter the grade Ofsted "
         "published, or the 'Inspection date' if the inspection started then."),
        (GOOD_ROW.replace(",Good,Good,Good,Good,Good", ",Good,,Good,Good,Good"),
         "Row 2, column 'The impact of leaders on social work practice with children and "
         "families': the grade is blank. Enter the grade Ofsted published."),
        (GOOD_ROW.replace(",London,", ",,"), "Row 2, column 'Ofsted region': enter the ofsted "
         "region."),
    ],
    ids=["area code", "date", "blank overall before 2026", "blank leaders", "blank region"],
)  # fmt: skip
def test_each_problem_names_the_row_and_column(row, message):
    assert _problems(HEADER, row) == [message]


def test_care_leavers_may_be_blank_before_2023():
    (row,) = read_outcomes(f"{HEADER}\n{GOOD_ROW[: -len(',Good')]},\n".encode())
    assert row.judgements["care_leavers"] == ""


def test_a_council_listed_twice_is_refused():
    assert _problems(HEADER, GOOD_ROW, GOOD_ROW) == [
        "Row 3, column 'Local authority area code': E09000002 is already on row 2. Each local "
        "authority must appear once."
    ]


def test_missing_columns_are_named():
    assert "no column 'Ofsted region'" in _problems(HEADER.replace("Ofsted region", "Region"))[0]


def test_files_too_large_or_not_utf8_are_refused():
    assert "larger than" in _problems("x" * (MAX_BYTES + 1))[0]
    with pytest.raises(OutcomesFileProblem, match="UTF-8"):
        read_outcomes(b"\xff\xfe\x00bad")


# ---- Inspections from April 2026: no overall grade ----------------------------------------------

POST_REFORM_ROW = (
    "E08000009,Trafford,North West,{date},2026-08-03,{overall},Inadequate,Inadequate,Good,Good"
)


@pytest.mark.parametrize(
    ("inspected", "overall", "problem"),
    [
        ("2026-04-01", "", None),
        ("2026-04-01", "not_reported_post_reform", None),
        ("2026-06-08", "", None),
        ("2026-03-31", "", "there is no grade, but only inspections that started on or after"),
        ("2026-03-31", "not_reported_post_reform", "there is no grade, but only"),
        ("", "", "there is no grade, but only"),
        ("2026-04-01", "Good", None),  # a grade given is stored as given
        ("2026-04-01", "No overall grade", "'No overall grade' is not an Ofsted grade"),
    ],
    ids=[
        "blank, first day of ILACS 2026",
        "marker, first day of ILACS 2026",
        "blank, June 2026",
        "blank, the day before",
        "marker, the day before",
        "blank, no inspection date",
        "a grade from 2026",
        "other words",
    ],
)
def test_only_inspections_from_1_april_2026_may_have_no_overall_grade(inspected, overall, problem):
    row = POST_REFORM_ROW.format(date=inspected, overall=overall)
    if problem is None:
        (read,) = read_outcomes(f"{HEADER}\n{row}\n".encode())
        assert read.judgements["overall_effectiveness"] == ("" if overall != "Good" else "Good")
        assert read.judgements["impact_of_leaders"] == "Inadequate"
    else:
        (found,) = _problems(HEADER, row)
        assert found.startswith("Row 2, column ") and problem in found


def test_a_date_that_cannot_be_read_is_reported_once():
    row = POST_REFORM_ROW.format(date="31/02/2026", overall="")
    assert _problems(HEADER, row) == [
        "Row 2, column 'Inspection date': '31/02/2026' is not a real date. Enter a date like "
        "2024-03-14 or 14/03/2024."
    ]


def test_a_file_with_and_without_overall_grades_is_read_whole():
    rows = read_outcomes(
        "\n".join(
            [HEADER, GOOD_ROW, POST_REFORM_ROW.format(date="2026-06-08", overall="")]
        ).encode()
    )
    assert [row.judgements["overall_effectiveness"] for row in rows] == ["Good", ""]


@dataclass
class Record:
    area_code: str
    name: str
    inspection_date: date | None
    overall_effectiveness: str = "Good"
    impact_of_leaders: str = "Good"
    help_and_protection: str = "Good"
    children_in_care: str = "Good"
    care_leavers: str = ""
    region: str = "North West"


SHIPPED_DAY = date(2026, 6, 8)


@pytest.mark.parametrize(
    ("uploaded_day", "kept"),
    [
        (date(2026, 6, 7), "shipped"),
        (SHIPPED_DAY, "uploaded"),
        (date(2026, 6, 9), "uploaded"),
        (None, "uploaded"),
    ],
    ids=["upload a day older: shipped kept", "same day: upload", "upload newer", "upload undated"],
)
def test_an_upload_replaces_a_shipped_row_unless_the_shipped_inspection_is_later(
    uploaded_day, kept
):
    shipped = Record("E08000009", "Trafford", SHIPPED_DAY, overall_effectiveness="")
    uploaded = Record("E08000009", "Trafford", uploaded_day)
    (result,) = current_judgements([shipped], [uploaded])
    assert result is {"shipped": shipped, "uploaded": uploaded}[kept]


def test_an_upload_adds_local_authorities_and_keeps_the_others():
    barnet = Record("E09000003", "Barnet", date(2024, 6, 10))
    trafford = Record("E08000009", "Trafford", SHIPPED_DAY)
    new = Record("E06000099", "Anytown", date(2025, 1, 1))
    assert current_judgements([trafford, barnet], [new]) == [new, barnet, trafford]


def test_no_overall_grade_is_shown_in_words_and_never_counted_as_a_grade():
    records = [
        Record("E08000009", "Trafford", SHIPPED_DAY, overall_effectiveness=""),
        Record("E09000003", "Barnet", date(2024, 6, 10)),
        Record("E09000002", "Barking and Dagenham", date(2023, 7, 10),
               overall_effectiveness="Inadequate"),
    ]  # fmt: skip
    result = comparison(records, "E08000009", ["E09000003"], sources=["From Ofsted."])
    assert result["own"]["grades"][0] == NO_OVERALL_GRADE
    assert result["own"]["grades"][4] == "Not judged separately"
    overall = result["england"][0]
    assert overall["judged"] == 2
    assert overall["grades"][1] == ["Good", 1, 50.0]
    assert overall["grades"][3] == ["Inadequate", 1, 50.0]
    assert overall["note"] == "1 inspected from April 2026, with no overall grade"
    assert result["england"][4]["note"] == "3 not judged separately"
    assert result["neighbour_spread"][0]["note"] == ""
    assert result["sources"] == ["From Ofsted."]
