"""The files that exist are recognised (issue 14, item 4): old .xls workbooks, Ofsted's 2019
layout, the Standard Safeguarding Dataset's Annex A output, and files without every list."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from annex_a.cells import CellProblem, parse_date
from annex_a.importing import read_and_check
from annex_a.layouts import file_template, list_template
from annex_a.limits import UploadLimits
from annex_a.reading import UnreadableFile, check_upload, read_source
from annex_a.spec import SPEC_RECOGNISED, load_spec, normalise_header
from annex_a.synthetic import write_generated_workbook

from .conftest import AS_AT
from .test_validation import valid_dataset

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


# ---- The Standard Safeguarding Dataset's Annex A output ----------------------------------------

# Each list's columns as the SSD's SQL names them (AnnexA_sqlserver_v1.2.0_1_20240731.sql, in
# data-to-insight/ssd-data-model), in its order. It builds Lists 1-10; List 8 has no Placement
# Location or LA of Placement.
COMMON = ["ChildUniqueID", "Gender", "Ethnicity", "DateOfBirth", "Age"]
ALLOCATED = ["AllocatedTeam", "AllocatedWorker"]
SSD_HEADERS = {
    1: [*COMMON, "DateOfContact", "ContactSource"],
    2: [
        *COMMON,
        "AssessmentStartDate",
        "AssessmentCompletionDate",
        "OrganisationCompletingAssessment",
    ],
    3: [
        *COMMON,
        "ReferralDate",
        "ReferralSource",
        "ReferralNFA",
        "ReferralsLast12Months",
        *ALLOCATED,
    ],
    4: [
        *COMMON,
        "HasDisability",
        "ContinuousAssessmentStart",
        "ContinuousAssessmentChildSeen",
        "ContinuousAssessmentAuthDate",
        "CSCSupportRequired",
        *ALLOCATED,
    ],
    5: [
        *COMMON,
        "HasDisability",
        "StratDiscussionDate",
        "InitialCPConfUnnecessary",
        "InitialCPConfDate",
        "CPConfResultInCPPlan",
        "NumberS47s12m",
        "NumberICPCs12m",
        *ALLOCATED,
    ],
    6: [
        *COMMON,
        "HasDisability",
        "CINStartDate",
        "PrimaryNeedCode",
        "DateChildLastSeen",
        "CINClosureDate",
        "ReasonForClosure",
        "CaseStatus",
        *ALLOCATED,
    ],
    7: [
        *COMMON,
        "HasDisability",
        "ChildProtectionPlanStartDate",
        "InitialCategoryOfAbuse",
        "LatestCategoryOfAbuse",
        "DateOfLastStatutoryVisit",
        "ChildSeenAlone",
        "DateOfLatestReviewConf",
        "ChildProtectionPlanEndDate",
        "ProtectionLastSixMonths",
        "NumberOfPreviousChildProtectionPlans",
        *ALLOCATED,
    ],
    8: [
        *COMMON,
        "UASC",
        "HasDisability",
        "LoookedAfterStartDate",
        "ChildCategoryOfNeed",
        "SubsequentLACEpisodeLast12Months",
        "MostRecentLegalStatusStart",
        "LegalStatus",
        "LatestStatutoryReviewDate",
        "LastSocialWorkVisitDate",
        "PermanencePlan",
        "LastIROVisitDate",
        "LastHealthAssessmentDate",
        "LastDentalCheckDate",
        "PlacementsLast12Months",
        "CeasedLookedAfterDate",
        "ReasonCeasedLookedAfter",
        "MostRecentPlacementStartDate",
        "PlacementType",
        "PlacementProvider",
        "PlacementPostcode",
        "PlacementURN",
        "EpisodesChildMissingFromPlacement",
        "EpisodesChildAbsentFromPlacement",
        "ChildOfferedReturnInterviewAfterLastMFH",
        "ChildAcceptedReturnInterviewAfterLastMFH",
        *ALLOCATED,
    ],
    9: [
        *COMMON,
        "UASC",
        "HasDisability",
        *ALLOCATED,
        "AllocatedPersonalAdvisor",
        "EligibilityCategory",
        "LatestPathwayPlan",
        "LAInTouch",
        "LatestContact",
        "TypeOfAccommodation",
        "SuitabilityOfAccommodation",
        "ActivityStatus",
    ],
    10: [
        "ChildUniqueID",
        "FamilyID",
        "Gender",
        "Ethnicity",
        "DateOfBirth",
        "Age",
        "HasDisability",
        "EnteredCareDate",
        "ADMSHOBPADecisionDate",
        "PlacementOrderDate",
        "MatchedForAdoptionDate",
        "PlacedForAdoptionDate",
        "AdoptionOrderDate",
        "DecisionReversedDate",
        "DecisionReversedReason",
        "DateFFAConsurrencyPlacement",
    ],
}


def ssd_text(value) -> str:
    """A value as the SSD's SQL writes it: dates as dd/mm/yyyy text (CONVERT 103 or FORMAT)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def write_ssd_output(path: Path, dataset: dict[int, list[dict]], spec) -> None:
    """One CSV per list, as a council saves the SSD's ten result sets, in a zip."""
    with zipfile.ZipFile(path, "w") as archive:
        for number, headers in SSD_HEADERS.items():
            list_spec = spec.list(number)
            names = [
                next(c.name for c in list_spec.columns if normalise_header(h) in c.spellings)
                for h in headers
            ]
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(headers)
            for row in dataset[number]:
                writer.writerow([ssd_text(row.get(name)) for name in names])
            archive.writestr(f"AA_{number}_{list_spec.key}.csv", text.getvalue())


def test_the_ssd_output_is_recognised_with_its_dates_written_as_text(tmp_path):
    spec = load_spec("2023")
    dataset = valid_dataset()
    path = tmp_path / "ssd_annex_a.zip"
    write_ssd_output(path, dataset, spec)
    outcome = read_and_check(path, "ssd_annex_a.zip", as_at=AS_AT, spec_version=SPEC_RECOGNISED)
    assert sorted(outcome.parsed) == list(range(1, 11))
    assert (outcome.spec.version, outcome.templates[9]) == ("2023", "2023")
    # Every column the SSD writes is recognised; List 8 lacks only the two it does not build.
    column_findings = [
        (f.rule, f.list_number, f.column) for f in outcome.findings if f.rule.startswith("COLUMN-")
    ]
    assert column_findings == [
        ("COLUMN-MISSING", 8, "Placement Location"),
        ("COLUMN-MISSING", 8, "LA of Placement"),
    ]
    for number in range(1, 11):
        [parsed] = outcome.parsed[number].rows[:1]
        expected = dataset[number][0]
        for name in (
            n for n in expected if outcome.parsed[number].match.columns.get(n) is not None
        ):
            assert parsed[name] == expected[name], (number, name)
    assert [f.list_number for f in outcome.findings if f.rule == "LIST-MISSING"] == [11]


# ---- The template, list by list, from the file's own headers -----------------------------------

HEADERS_2019 = [column.header for column in load_spec("2019").list(9).columns]
HEADERS_2023 = [column.header for column in load_spec("2023").list(9).columns]


@pytest.mark.parametrize(
    ("number", "headers", "expected"),
    [
        (9, HEADERS_2023, "2023"),
        (9, HEADERS_2019, "2019"),
        # One column only the 2023/24 template has is enough, in any spelling the spec knows.
        (9, [*HEADERS_2019, "AllocatedPersonalAdvisor"], "2023"),
        (9, [*HEADERS_2019, " latest date of contact "], "2023"),
        # Lists whose columns are the same in both templates say neither.
        (3, [column.header for column in load_spec("2019").list(3).columns], None),
        (11, [column.header for column in load_spec("2023").list(11).columns], None),
    ],
    ids=["list-9-2023", "list-9-2019", "list-9-ssd-alias", "list-9-spacing", "list-3", "list-11"],
)
def test_each_list_says_which_template_its_headers_follow(number, headers, expected):
    assert list_template(number, headers) == expected


@pytest.mark.parametrize(
    ("templates", "expected"),
    [
        ({9: "2019", 1: None}, "2019"),
        ({9: "2023", 1: None}, "2023"),
        ({1: None, 3: None}, "2023"),  # nothing says: 2023/24, whose codes include 2019's
        ({}, "2023"),
    ],
)
def test_the_version_is_kept_in_the_template_its_lists_say(templates, expected):
    assert file_template(templates) == expected


@pytest.fixture
def workbook_2019(tmp_path):
    return write_generated_workbook(
        tmp_path / "annex_a_2019.xlsx", rows=300, as_at=AS_AT, seed=5, spec_version="2019"
    ).path


def test_a_file_in_the_2019_layout_is_recognised_without_any_option(workbook_2019):
    outcome = read_and_check(
        workbook_2019, "annex_a_2019.xlsx", as_at=AS_AT, spec_version=SPEC_RECOGNISED
    )
    assert outcome.templates[9] == "2019"
    assert outcome.spec.version == "2019"
    assert outcome.parsed[9].list_spec == load_spec("2019").list(9)
    assert [f for f in outcome.findings if f.rule.startswith("COLUMN-")] == []
    assert outcome.error_count == 0
    assert outcome.counts_by_list()[9]["template"] == "2019"


def test_the_same_file_read_as_2023_misses_list_9s_newer_columns(workbook_2019):
    outcome = read_and_check(workbook_2019, "annex_a_2019.xlsx", as_at=AS_AT, spec_version="2023")
    missing = [f.column for f in outcome.findings if f.rule == "COLUMN-MISSING"]
    assert "Allocated Personal Advisor" in missing
    [other] = [f for f in outcome.findings if f.rule == "TEMPLATE-OTHER"]
    assert (other.list_number, other.severity) == (9, "warning")
    assert other.message.startswith(
        "The headers of List 9: Care leavers follow the August 2019 template, but the file was "
        "read as the 2023/24 changes."
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("05/01/2024", date(2024, 1, 5)),  # CONVERT(VARCHAR, date, 103) and FORMAT dd/MM/yyyy
        ("5/1/2024", date(2024, 1, 5)),
        ("2024-01-05", date(2024, 1, 5)),  # a date column written as it is
        ("2024-01-05 00:00:00.000", date(2024, 1, 5)),  # a datetime column written as it is
    ],
)
def test_the_ssds_ways_of_writing_a_date_are_read(raw, expected):
    assert parse_date(raw) == expected


def test_a_time_other_than_midnight_is_not_taken_for_a_date():
    with pytest.raises(CellProblem):
        parse_date("2024-01-05 13:45:00.000")


@pytest.mark.django_db
def test_the_import_command_recognises_the_template_without_an_option(workbook_2019, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "import_annex_a", str(workbook_2019), "--as-at", AS_AT.isoformat(), "--dry-run"
        )
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "Read as the August 2019 template." in out and "0 errors" in out
