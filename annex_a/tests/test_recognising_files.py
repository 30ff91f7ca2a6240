"""The files that exist are recognised (issue 14, item 4): old .xls workbooks, Ofsted's 2019
layout, the Standard Safeguarding Dataset's Annex A output, and files without every list."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from annex_a.importing import read_and_check
from annex_a.limits import UploadLimits
from annex_a.reading import UnreadableFile, check_upload, read_source

from .conftest import AS_AT

FILES = Path(__file__).resolve().parent / "files"
OLD_EXCEL = FILES / "annex_a_2019_lists_1_and_3.xls"


# ---- .xls (BIFF) workbooks ---------------------------------------------------------------------


def test_an_xls_workbook_is_read_with_its_dates_and_numbers():
    outcome = read_and_check(OLD_EXCEL, "annex_a.xls", as_at=AS_AT, spec_version="2019")
    assert sorted(outcome.parsed) == [1, 3]
    contacts = outcome.parsed[1].rows
    assert [(row["_row"], row["child_id"], row["contact_date"]) for row in contacts] == [
        (3, "C1", date(2026, 10, 1)),
        (4, "12345", date(2026, 10, 2)),  # a number as the ID; a date written as text
    ]
    assert outcome.parsed[3].rows[0]["referral_source"] == "e) 2A: Schools"
    assert outcome.error_count == 0


def test_an_xls_workbook_saved_under_an_xlsx_name_is_read_by_its_content(tmp_path):
    renamed = tmp_path / "annex_a.xlsx"
    shutil.copy(OLD_EXCEL, renamed)
    sheets = read_source(renamed, "annex_a.xlsx", size_limit=1024 * 1024)
    assert [sheet.name for sheet in sheets] == ["List_1", "List_3"]


def test_the_upload_form_check_accepts_an_xls_workbook():
    with OLD_EXCEL.open("rb") as handle:
        check_upload(handle, "annex_a.xls")
        assert handle.tell() == 0


@pytest.mark.parametrize(
    ("limits", "refusal"),
    [
        (dict(rows_per_sheet=3), "more than 3 rows"),
        (dict(columns_per_sheet=10), "as far as column K"),
        (dict(rows_per_file=5), "more than 5 rows in all"),
    ],
    ids=["rows-per-sheet", "columns-per-sheet", "rows-per-file"],
)
def test_an_xls_workbook_is_held_to_the_row_and_column_limits(limits, refusal):
    # List_1 reaches row 4 and column G; List_3 reaches row 3 and column K: 7 rows in all.
    settings = dict(
        inflated_bytes=1024 * 1024,
        compression_ratio=100,
        rows_per_sheet=100,
        columns_per_sheet=100,
        rows_per_file=100,
        cells_per_sheet=10_000,
    )
    with pytest.raises(UnreadableFile, match=refusal):
        read_source(
            OLD_EXCEL,
            "annex_a.xls",
            size_limit=1024 * 1024,
            limits=UploadLimits(**{**settings, **limits}),
        )


def test_an_xls_workbook_named_as_a_csv_is_refused(tmp_path):
    renamed = tmp_path / "annex_a.csv"
    shutil.copy(OLD_EXCEL, renamed)
    with pytest.raises(UnreadableFile, match="named like a CSV file but is not text"):
        read_source(renamed, "annex_a.csv", size_limit=1024 * 1024)


def test_a_file_named_xls_that_is_not_a_workbook_is_refused(tmp_path):
    fake = tmp_path / "annex_a.xls"
    fake.write_text("Child Unique ID,Gender\n")
    with pytest.raises(UnreadableFile, match="named like an Excel workbook but is not one"):
        read_source(fake, "annex_a.xls", size_limit=1024 * 1024)


# ---- A list the file does not hold --------------------------------------------------------------


def test_a_missing_list_is_a_warning_that_says_what_ofsted_will_see():
    outcome = read_and_check(OLD_EXCEL, "annex_a.xls", as_at=AS_AT, spec_version="2019")
    missing = [f for f in outcome.findings if f.rule == "LIST-MISSING"]
    assert [(f.list_number, f.severity) for f in missing] == [
        (number, "warning") for number in (2, 4, 5, 6, 7, 8, 9, 10, 11)
    ]
    adopters = missing[-1].message
    assert adopters.startswith("List 11 is not in the file: Ofsted will see no adopters.")
    assert all("Ofsted will see no " in f.message for f in missing)
