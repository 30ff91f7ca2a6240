"""Journey: a manager starts an ILACS 2026 self-evaluation (four judgements, no overall grade),
tags an area for development with a national framework outcome and finds it grouped on the page
and in the PDF; then answers Ofsted's three questions in the annual self-evaluation, approves it
and downloads its PDF. Every page is checked with axe."""

import io
import re

import pytest
from django.apps import apps
from pypdf import PdfReader

from frameworks.loading import load_all
from inspection_readiness.tests.browser import assert_accessible

OUTCOME_4 = "Outcome 4: Children in care and care leavers have stable, loving homes"


def _pdf_text(download) -> str:
    with open(download.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ilacs_2026_tagged_by_the_national_framework_and_the_annual_self_evaluation(
    signed_in_page, live_server
):
    load_all(apps)  # an earlier transactional test may have flushed the loaded frameworks
    page = signed_in_page("manager")
    page.goto("/self-evaluation/start/")
    page.get_by_label("Framework to rehearse against").select_option(
        label="ILACS 2026: Inspecting local authority children's services (from 1 April 2026)"
    )
    page.get_by_label("Title (optional)").fill("ILACS 2026 rehearsal")
    page.get_by_role("button", name="Start the self-evaluation").click()
    page.get_by_role("heading", name="ILACS 2026 rehearsal", level=1).wait_for()
    page.get_by_text("This framework has no overall effectiveness grade").wait_for()
    table = page.locator("#judgements ~ div table")
    assert table.locator("tbody tr").count() == 4
    assert "Overall effectiveness" not in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Children in care", exact=True).click()
    page.get_by_label("Areas for development").fill("Too many moves for teenagers in care.")
    page.get_by_role(
        "group",
        name="Which parts of the national framework do these areas for development concern?",
    ).get_by_label(OUTCOME_4).check()
    assert_accessible(page)
    page.get_by_role("button", name="Save this judgement area").click()
    page.goto(page.url.split("/areas/")[0] + "/")
    theme = page.locator("#theme-outcome-4")
    theme.wait_for()
    assert theme.inner_text() == OUTCOME_4
    page.get_by_text("Too many moves for teenagers in care.").wait_for()
    assert_accessible(page)

    page.get_by_role("button", name="Build the PDF report").click()
    page.get_by_role("link", name=re.compile("Download the PDF report")).wait_for(timeout=60_000)
    with page.expect_download() as pdf:
        page.get_by_role("link", name=re.compile("Download the PDF report")).click()
    text = _pdf_text(pdf.value)
    grouped = text[text.index("By the national framework Strengths, areas for development") :]
    assert OUTCOME_4 in grouped
    assert "Too many moves for teenagers in care." in grouped
    assert "Overall effectiveness" not in text

    # The annual self-evaluation: Ofsted's three questions, reviewed and approved.
    page.goto("/self-evaluation/")
    page.get_by_role("link", name="annual self-evaluation and engagement meetings").click()
    page.get_by_role("heading", name="Annual self-evaluation and engagement meetings").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Start an annual self-evaluation").click()
    page.get_by_label("Day").fill("30")
    page.get_by_label("Month").fill("9")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Start the annual self-evaluation").click()
    page.get_by_role("heading", name="Annual self-evaluation, September 2026").wait_for()
    assert_accessible(page)
    page.get_by_role("textbox", name=re.compile("^1. What do you know")).fill(
        "Children are seen quickly."
    )
    page.get_by_role("textbox", name=re.compile("^2. How do you know it")).fill(
        "Monthly audits and families' views."
    )
    page.get_by_role("textbox", name=re.compile("^3. What are your plans")).fill(
        "Better step-down plans."
    )
    page.get_by_role("button", name="Save the answers").click()
    page.get_by_text("Answers saved.").wait_for()

    page.get_by_role("link", name="Link a record to answer 2").click()
    assert_accessible(page)
    page.get_by_label("Record in this service").select_option(index=1)
    page.get_by_role("button", name="Link the record").click()
    page.get_by_text(re.compile("^Linked: ")).wait_for()

    page.get_by_role("link", name="Submit for review").click()
    assert_accessible(page)
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_role("link", name="Approve").click()
    page.get_by_role("button", name="Approve").click()
    page.get_by_text("Approved", exact=True).first.wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Build the PDF report").click()
    page.get_by_role("link", name=re.compile("Download the PDF report")).wait_for(timeout=60_000)
    with page.expect_download() as pdf:
        page.get_by_role("link", name=re.compile("Download the PDF report")).click()
    text = _pdf_text(pdf.value)
    assert "2. How do you know it? Monthly audits and families' views." in text
    assert "Drawing on" in text
