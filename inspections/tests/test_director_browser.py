"""Journey: a member of staff finds today's work on their dashboard and follows it to the
checklist; a manager makes the Director's summary PDF in the background and downloads it.
Every page is checked with axe."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from frameworks.loading import load_all
from frameworks.models import Framework
from inspection_readiness.tests.browser import assert_accessible
from inspections import services
from inspections.job_kinds import DIRECTORS_SUMMARY
from inspections.models import ChecklistItem

ITEM = "Book the inspectors' base room"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_todays_work_and_the_directors_summary(signed_in_page, held_worker, tmp_path):
    load_all(apps)  # an earlier transactional test may have flushed the loaded frameworks
    people = get_user_model().objects
    manager, staff = people.get(username="manager"), people.get(username="staff")
    inspection = services.record_notification(
        actor=manager,
        framework=Framework.objects.get(short_name="ILACS 2026"),
        visit_kind_code="short",
        notified_at=timezone.now() - timedelta(hours=1),
        lead_inspector="Lee Inspector",
        team="Tam Smith",
        annex_a_due=timezone.localdate() + timedelta(days=1),
    )
    item = inspection.checklist_items.order_by("order", "pk").first()
    ChecklistItem.objects.filter(pk=item.pk).update(
        title=ITEM, owner=staff, due_at=timezone.now() - timedelta(minutes=5)
    )
    services.log_request(
        actor=manager,
        inspection=inspection,
        inspector="Lee Inspector",
        asked="The list of children missing education",
        owner=staff,
        due_at=timezone.now() + timedelta(hours=3),
    )

    page = signed_in_page("staff")
    page.goto("/")
    page.get_by_role("heading", name="Your work today").wait_for()
    page.get_by_role("link", name="The list of children missing education").wait_for()
    assert "1 of your items is overdue." in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name=ITEM).click()
    page.get_by_role("heading", name="Notification-day checklist").first.wait_for()
    assert_accessible(page)

    page = signed_in_page("manager")
    page.goto(f"/inspections/{inspection.pk}/")
    page.get_by_role("link", name="Director's summary").click()
    page.get_by_role("heading", name="Risks: what is overdue").wait_for()
    page.get_by_text("No PDF has been made yet.").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Make the PDF").click()
    page.get_by_text("A fresh PDF of the summary is being made.").wait_for()
    assert_accessible(page)
    held_worker.release(kind=DIRECTORS_SUMMARY).join()
    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF made").click()
    saved = tmp_path / "summary.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert_accessible(page)
