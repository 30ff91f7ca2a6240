"""Reading Ofsted's outcomes table: every problem named by row and column."""

import pytest

from datapack.outcomes import COLUMNS, MAX_BYTES, OutcomesFileProblem, read_outcomes

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
         "Row 2, column 'Overall effectiveness': the grade is blank. Enter the grade Ofsted "
         "published."),
        (GOOD_ROW.replace(",London,", ",,"), "Row 2, column 'Ofsted region': enter the ofsted "
         "region."),
    ],
    ids=["area code", "date", "blank grade", "blank region"],
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
