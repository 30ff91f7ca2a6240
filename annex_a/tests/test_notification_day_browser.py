"""Journey on the run command's embedded default (no broker: jobs in a background thread): a
data admin uploads a 20,000-row extract written with the council's own spellings on whole
columns, watches the progress bar move, maps every spelling in one submit, and the version that
has warnings is marked as submitted for the rehearsal once a manager confirms it, with a
reason; the rehearsal's page shows the version sent. Every page is checked with axe."""

import time
from datetime import datetime, timedelta
from datetime import time as clock

import pytest
from django.utils import timezone

from annex_a.exporting import write_annex_a_workbook
from annex_a.models import AnnexAVersion
from annex_a.synthetic import generate_rows
from frameworks.models import Framework, Inspection
from inspection_readiness import background
from inspection_readiness.councils import current_council
from inspection_readiness.tests.browser import assert_accessible

ROWS = 20_000
COUNCIL_SPELLINGS = {"a) Male": "1 - Male", "b) Female": "2 - Female"}


def _council_extract(path, as_at):
    """A generated extract as a council's system writes it: Gender as "1 - Male" and
    "2 - Female" on every row of Lists 1 to 10, and one contact twice (a warning)."""
    spec, rows = generate_rows(rows=ROWS, as_at=as_at, seed=21)
    for number in range(1, 11):
        for row in rows[number]:
            row["gender"] = COUNCIL_SPELLINGS.get(row.get("gender"), row.get("gender"))
    rows[1].append(dict(rows[1][0]))
    write_annex_a_workbook(spec, lambda number: rows[number], path)
    return path


def _watch_progress(page, until) -> list[int]:
    """The values the progress bar showed, sampled until ``until`` is visible."""
    seen: list[int] = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if until.count():
            return seen
        try:
            value = page.get_by_role("progressbar").first.get_attribute(
                "aria-valuenow", timeout=500
            )
        except Exception:  # noqa: BLE001  the page reloads itself when the job ends
            value = None
        if value is not None and (not seen or seen[-1] != int(value)):
            seen.append(int(value))
        time.sleep(0.1)
    raise AssertionError(f"the job did not finish; the bar showed {seen}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_big_council_extract_on_the_embedded_default(signed_in_page, settings, tmp_path):
    as_at = timezone.localdate()
    extract = _council_extract(tmp_path / "council-extract.xlsx", as_at)
    page = signed_in_page("admin")  # the demo data imports two versions first, in the request
    versions_before = AnnexAVersion.objects.count()
    rehearsal = Inspection.objects.create(
        council=current_council(),
        framework=Framework.objects.get(short_name="ILACS"),
        notified_at=timezone.make_aware(datetime.combine(as_at, clock(9, 0))),
        is_rehearsal=True,
    )
    settings.CELERY_BROKER_URL = ""
    settings.JOBS_RUN_IN_BACKGROUND_THREAD = True  # as script/run serves the app

    def upload(on):
        page.get_by_label("Annex A file").set_input_files(str(extract))
        page.get_by_label("Day").fill(str(on.day))
        page.get_by_label("Month").fill(str(on.month))
        page.get_by_label("Year").fill(str(on.year))
        page.get_by_role("button", name="Upload and check").click()

    page.goto("/annex-a/upload/")
    assert_accessible(page)
    # Last fortnight's extract picked by mistake: questioned, with the reason, before import.
    upload(as_at - timedelta(days=14))
    page.get_by_text("14 days before the rehearsal was notified").wait_for()
    page.locator(".govuk-error-summary").get_by_text("Check the as-at date").wait_for()
    assert_accessible(page)
    assert AnnexAVersion.objects.count() == versions_before
    upload(as_at)  # the data admin corrects the date
    page.get_by_role("progressbar").first.wait_for()  # the request returned before the check
    assert_accessible(page)
    number = versions_before + 1
    seen = _watch_progress(page, page.get_by_role("link", name=f"version {number}"))
    assert any(0 < value < 100 for value in seen), f"the bar never moved: {seen}"
    page.locator(".govuk-notification-banner").get_by_text("Has errors").wait_for()
    assert_accessible(page)

    # Every spelling on one screen with the code proposed: accept them all in one submit.
    page.get_by_role("link", name="Map your spellings to Ofsted's codes").click()
    in_lists_1_to_10 = "in Gender (Lists 1 to 10)"
    assert page.get_by_label(f"Ofsted code for “1 - Male” {in_lists_1_to_10}").input_value() == (
        "a) Male"
    )
    assert page.get_by_label(f"Ofsted code for “2 - Female” {in_lists_1_to_10}").input_value() == (
        "b) Female"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Save mappings and check the file again").click()
    _watch_progress(page, page.get_by_role("link", name=f"version {number + 1}"))
    assert page.get_by_role("link", name="Map your spellings to Ofsted's codes").count() == 0
    fixed = AnnexAVersion.objects.get(number=number + 1)
    assert fixed.error_count == 0 and fixed.warning_count >= 1, fixed.readiness

    # The data admin may not send a version with warnings: a manager confirms it.
    page.goto(fixed.get_absolute_url())
    page.get_by_text("a manager must confirm it was submitted to Ofsted").wait_for()
    assert page.get_by_role("link", name="Mark as submitted").count() == 0

    manager = signed_in_page("manager")
    manager.goto(fixed.get_absolute_url())
    manager.get_by_text("Has warnings").first.wait_for()
    manager.get_by_role("link", name="Mark as submitted").click()
    manager.get_by_role("heading", name="Mark as submitted to Ofsted").wait_for()
    assert_accessible(manager)
    manager.get_by_role("button", name="Confirm it was submitted").click()
    manager.get_by_text(
        "Enter why the version is submitted with its errors or warnings"
    ).first.wait_for()
    assert_accessible(manager)
    manager.get_by_label(str(rehearsal)).check()
    manager.get_by_label("Why is this version being submitted with errors or warnings?").fill(
        "The duplicate contact is explained to the lead inspector"
    )
    manager.get_by_role("button", name="Confirm it was submitted").click()
    manager.get_by_text(f"Version {fixed.number} is recorded as submitted.").wait_for()
    manager.locator(".govuk-inset-text").get_by_text("Submitted to Ofsted on").wait_for()
    assert_accessible(manager)

    manager.get_by_role("link", name="rehearsal notified on").first.click()
    manager.get_by_role("link", name=f"Version {fixed.number}").wait_for()
    assert_accessible(manager)
    fixed.refresh_from_db()
    assert fixed.submitted_for == rehearsal
    assert background.wait_until_idle(timeout=60)  # the children's refresh, before teardown
