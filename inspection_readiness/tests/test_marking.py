"""Every export and PDF of children's data carries OFFICIAL-SENSITIVE, the council's name and the
date it was made: each file is built as the service builds it and read back (openpyxl, pypdf).
Pages showing children's data carry the marking too."""

import csv
import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from annex_a.exporting import COVER_SHEET, write_annex_a_workbook, write_highlighted_copy
from annex_a.queries import version_rows
from annex_a.services import upload_limit_bytes
from annex_a.spec import load_spec
from casework import services as casework_services
from casework.summary_reports import build_summary_pdf, summary_workbook
from casework.tests.factories import make_version
from datapack.services import build_data_pack
from frameworks.models import Framework, Inspection
from inspection_readiness.councils import current_council
from inspection_readiness.marking import MARKING, made_on, mark_worksheet, marking_line
from inspections.exporting import requests_workbook
from inspections.models import InspectorRequest
from judgements import annual as annual_services
from judgements import services as judgement_services
from judgements.reports import annual_report_html, render_pdf, report_html

AS_AT = date(2026, 11, 20)
COUNCIL = "Kirk & Marsh Borough Council"  # an ampersand, which Excel's header codes escape


@pytest.fixture(autouse=True)
def council_name(settings):
    settings.COUNCIL_NAME = COUNCIL


def _today() -> str:
    return made_on(timezone.now())


def assert_marked(text: str) -> None:
    assert MARKING in text
    assert COUNCIL in text
    assert _today() in text


def header_text(sheet) -> str:
    """A sheet's printed header as it reads, its ampersands unescaped."""
    return (sheet.oddHeader.center.text or "").replace("&&", "&")


def headers_of(content) -> list[str]:
    """Each sheet's printed header, with Excel's codes taken out, from a workbook read back."""
    book = load_workbook(content)
    found = []
    for sheet in book.worksheets:
        found.append(header_text(sheet))
    return found


def assert_every_sheet_marked(content) -> None:
    headers = headers_of(content)
    assert headers
    for header in headers:
        assert_marked(header)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def assert_every_page_marked(content: bytes) -> None:
    reader = PdfReader(io.BytesIO(content))
    for page in reader.pages:
        assert MARKING in page.extract_text()
    assert_marked(pdf_text(content))


@pytest.fixture
def version(data_admin_user):
    return make_version(rows=120, as_at=AS_AT, seed=4, imported_by=data_admin_user)


@pytest.fixture
def inspection(manager_user):
    return Inspection.objects.create(
        council=current_council(),
        framework=Framework.objects.get(short_name="ILACS"),
        notified_at=datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/London")),
        is_rehearsal=True,
        created_by=manager_user,
    )


@pytest.fixture
def selection(version, inspection, data_admin_user, manager_user):
    casework_services.refresh_children(version=version, built_by=data_admin_user)
    return casework_services.select_cohorts(inspection=inspection, seed=7, selected_by=manager_user)


def test_the_marking_line_names_the_council_and_the_day():
    made = datetime(2026, 3, 1, 23, 30, tzinfo=ZoneInfo("UTC"))  # 1 March in London too
    assert marking_line(made_at=made) == f"{MARKING}: {COUNCIL}, made 1 March 2026"
    made = datetime(2026, 6, 30, 23, 30, tzinfo=ZoneInfo("UTC"))  # already 1 July in London
    assert marking_line(made_at=made) == f"{MARKING}: {COUNCIL}, made 1 July 2026"


def test_the_page_header_escapes_an_ampersand_and_fits_excels_limit(tmp_path, settings):
    import xlsxwriter

    settings.COUNCIL_NAME = "A & B " + "x" * 300
    path = tmp_path / "long.xlsx"
    book = xlsxwriter.Workbook(str(path))
    mark_worksheet(book.add_worksheet("One"))
    book.close()
    [header] = headers_of(path)
    assert header.startswith(f"{MARKING}: A & B x")
    assert len(header) <= 255


def test_the_annex_a_workbook_is_marked_on_its_front_sheet_and_the_lists_are_untouched(
    tmp_path, version
):
    path = tmp_path / "annex-a.xlsx"
    write_annex_a_workbook(
        load_spec(version.spec_version), lambda n: version_rows(version, n), path
    )
    book = load_workbook(path)
    assert book.sheetnames[0] == COVER_SHEET
    front = book[COVER_SHEET]
    assert_marked(front["A1"].value)
    assert_marked(header_text(front))
    assert book["List_1"]["A1"].value == "List 1: Contacts"
    assert all(not sheet.oddHeader.center.text for sheet in book.worksheets[1:])


def test_the_highlighted_copy_is_marked_on_every_sheet(tmp_path, version):
    source = tmp_path / "council-annex-a.xlsx"
    write_annex_a_workbook(
        load_spec(version.spec_version), lambda n: version_rows(version, n), source
    )
    path = tmp_path / "highlighted.xlsx"
    write_highlighted_copy(
        source,
        source.name,
        {("List_1", 3, 0): ["CELL-CODE: not a code"]},
        {},
        path,
        size_limit=upload_limit_bytes(),
    )
    assert_every_sheet_marked(path)
    assert load_workbook(path)["List_1"]["A1"].value == "List 1: Contacts"  # rows where they were


def test_the_findings_download_starts_with_the_marking(client, manager_user, version):
    client.force_login(manager_user)
    response = client.get(reverse("annex_a:findings_csv", args=[version.annex_a_import_id]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert_marked(rows[0][0])
    assert rows[1][0] == "list"


def test_the_cohorts_export_is_marked(selection):
    assert_every_sheet_marked(io.BytesIO(casework_services.cohort_workbook(selection)))


def test_the_case_audit_summary_workbook_and_pdf_are_marked(selection):
    assert_every_sheet_marked(io.BytesIO(summary_workbook(selection.inspection)))
    result = build_summary_pdf(selection.inspection, lambda *args: None)
    assert_every_page_marked(result.content)


def test_the_inspectors_requests_workbook_is_marked(inspection, manager_user):
    request = InspectorRequest.objects.create(
        inspection=inspection,
        inspector="Lead inspector",
        asked="Supervision records for the front door",
        due_at=timezone.now(),
        logged_by=manager_user,
    )
    content = requests_workbook([request], now=timezone.now())
    assert_every_sheet_marked(io.BytesIO(content))


def test_the_data_pack_workbook_pdf_and_drill_down_are_marked(
    client, version, data_admin_user, manager_user
):
    pack = build_data_pack(version=version, built_by=data_admin_user)
    content = pack.xlsx.read()
    assert_every_sheet_marked(io.BytesIO(content))
    assert_marked(load_workbook(io.BytesIO(content))["Summary"]["A2"].value)
    pdf = pack.pdf.read()
    assert_every_page_marked(pdf)
    first_page = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert COUNCIL in first_page and _today() in first_page  # the one-page summary's header
    client.force_login(manager_user)
    children = client.get(reverse("datapack:children", args=[pack.pk]), {"measure": "cla_open"})
    assert children.status_code == 200 and MARKING.encode() in children.content


def test_the_self_evaluation_pdf_is_marked_on_every_page(staff_user):
    self_evaluation = judgement_services.start_self_evaluation(
        framework=Framework.objects.get(short_name="ILACS"), started_by=staff_user
    )
    assert_every_page_marked(render_pdf(report_html(self_evaluation)))


def test_the_annual_self_evaluation_pdf_is_marked_on_every_page(staff_user):
    annual = annual_services.start_annual(covers_to=date(2026, 9, 30), started_by=staff_user)
    assert_every_page_marked(render_pdf(annual_report_html(annual)))


@pytest.mark.parametrize(
    "url",
    [
        lambda s: reverse("casework:child_list"),
        lambda s: reverse("casework:child", args=[s.members.first().child.child_id]),
        lambda s: reverse("casework:cohorts", args=[s.inspection_id]),
        lambda s: reverse("casework:audit_list"),
        lambda s: reverse("casework:summary", args=[s.inspection_id]),
        lambda s: reverse("annex_a:import_detail", args=[s.version.annex_a_import_id]),
    ],
    ids=["children", "child", "cohorts", "audits", "audit summary", "annex a findings"],
)
def test_pages_of_childrens_data_show_the_marking(client, manager_user, selection, url):
    client.force_login(manager_user)
    page = client.get(url(selection))
    assert page.status_code == 200
    assert MARKING.encode() in page.content


def test_pages_without_childrens_data_do_not(client, manager_user):
    client.force_login(manager_user)
    assert MARKING.encode() not in client.get(reverse("dashboard")).content
    assert settings.COUNCIL_NAME == COUNCIL


def test_the_pdf_header_marking_is_css_escaped_and_needs_no_mark_safe(settings):
    """A council name with quotes or markup cannot end the CSS string or the <style> element:
    every other character becomes a CSS escape, which autoescaping leaves unchanged."""
    import re

    from django.template import engines

    settings.COUNCIL_NAME = 'Evil "Borough" </style><script>x</script>'
    rendered = (
        engines["django"]
        .from_string('{% load marking_tags %}content: "{% marking_css_content %}";')
        .render({})
    )
    inner = rendered.removeprefix('content: "').removesuffix('";')
    assert re.fullmatch(r"[A-Za-z0-9 \\]+", inner)
    assert "\\22 " in inner and "\\3c " in inner  # the quote and < as CSS escapes
