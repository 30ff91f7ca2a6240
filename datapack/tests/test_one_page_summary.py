"""The pack an inspector reads first: one page of headline measures beside England, the region
and the statistical neighbours, with the change since the version before, in the PDF, the
workbook and on the pack's page."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from datapack import exporting, services
from datapack.measures import AREAS, MEASURES_BY_KEY
from datapack.queries import Headline, headline_groups, headlines

from .conftest import make_version
from .scenario import SCENARIO

HEADLINE_TITLES = (
    "Re-referrals within 12 months",
    "Children in need at 31 March",
    "Child protection plans starting that were second or subsequent",
    "Children looked after at 31 March",
    "Children looked after with 3 or more placements",
    "Children under 16 in care 2½ years",
    "Care leavers aged 19 to 21 in education, employment or training",
)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(params=["same as-at date", "earlier as-at date"])
def two_versions(request, db, data_admin_user):
    """Plymouth's pack built from a version with a previous one (fewer children in care), for
    the same as-at date or an earlier one (which the summary explains at more length)."""
    services.load_published_figures()
    services.choose_own_authority(authority="Plymouth", chosen_by=data_admin_user)
    earlier = {"as_at": date(2025, 3, 31)} if request.param == "earlier as-at date" else {}
    make_version(data_admin_user, {**SCENARIO, 8: SCENARIO[8][:2]}, **earlier)
    return services.build_data_pack(version=make_version(data_admin_user), built_by=data_admin_user)


@pytest.mark.django_db
def test_the_pdfs_first_page_holds_every_headline_and_the_second_starts_the_areas(two_versions):
    pages = PdfReader(io.BytesIO(two_versions.pdf.read())).pages
    first, second = _flat(pages[0].extract_text()), _flat(pages[1].extract_text())
    for title in HEADLINE_TITLES:
        assert title in first, title
    for words in (
        "England",
        "South West",
        "Statistical neighbours (median)",
        "2024 to 2025",
        "Change since",
        "Outcome 4: Children in care and care leavers",
        "Down 25.0 percentage points from 50.0%",  # three or more placements, since version 1
    ):
        assert words in first, words
    assert "Page 1 of" in first
    assert second.startswith(AREAS[0].title)
    assert "Re-referrals within 12 months (% of referrals)" not in second


@pytest.mark.django_db
def test_headlines_carry_the_change_since_the_version_before(two_versions):
    lines = {line.measure.key: line for line in headlines(two_versions.results)}
    stability = lines["cla_three_or_more_placements"]
    assert stability.previous_version == 1
    assert stability.change.words.startswith(("Up", "Down", "No change"))
    groups = headline_groups(list(lines.values()))
    codes = [element.code for element, _ in groups]
    assert codes == sorted(codes, key=["outcome-1", "outcome-3", "outcome-4"].index)
    assert {line.measure.key for line in dict(((e.code, ls) for e, ls in groups))["outcome-3"]} == {
        "cp_repeat_plans"
    }


@pytest.mark.django_db
def test_the_packs_page_leads_with_the_headlines_by_national_framework(
    two_versions, data_admin_user, client
):
    client.force_login(data_admin_user)
    html = _flat(client.get(reverse("datapack:pack", args=[two_versions.pk])).content.decode())
    summary = html[html.index("Headline measures compared") :]
    assert summary.index("Outcome 1: Children, young people and families stay together") < (
        summary.index("Outcome 4: Children in care and care leavers")
    )
    row = summary[summary.index('id="headline-cla_three_or_more_placements"') :]
    row = row[: row.index("</tr>")]
    assert "from" in row and "Change since" not in row  # the change is in its own column
    assert "Changes compared with Version 1" in summary


@pytest.mark.django_db
def test_the_workbook_holds_the_same_comparators_with_their_years(two_versions):
    workbook = load_workbook(io.BytesIO(two_versions.xlsx.read()))
    assert workbook.sheetnames[:2] == ["Summary", exporting.PUBLISHED_SHEET]
    sheet = workbook[exporting.PUBLISHED_SHEET]
    assert [cell.value for cell in sheet[3]] == list(exporting.PUBLISHED_HEADINGS)
    rows = {row[1]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    re_referrals = rows["Re-referrals within 12 months (% of referrals)"]
    assert re_referrals[0].startswith("Outcome 1:")
    assert re_referrals[2] == pytest.approx(33.3, abs=0.05)
    assert re_referrals[4:8] == (26.0, "2024 to 2025", 22.6, "2024 to 2025")
    assert re_referrals[8:11] == ("South West", 22.1, "2024 to 2025")
    assert re_referrals[12] == "2024 to 2025" and re_referrals[13] == 10
    assert "six months" in re_referrals[14]
    assert len(rows) == 10


def test_formula_like_text_in_the_comparators_sheet_is_neutralised():
    line = Headline(
        measure=MEASURES_BY_KEY["re_referrals"],
        ours=10.0,
        comparison={
            "series": "re_referrals",
            "region_name": "=HYPERLINK(1)",
            "own": None,
            "england": {"value": 22.6, "year": 2025},
            "region": None,
            "neighbours": None,
        },
        as_at="30 June 2025",
    )
    content = exporting.pack_workbook(summary=[], sections=[], comparison=None, headlines=[line])
    sheet = load_workbook(io.BytesIO(content))[exporting.PUBLISHED_SHEET]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=HYPERLINK(1)" in values and "=HYPERLINK(1)" not in values
    assert "Not published" in values
