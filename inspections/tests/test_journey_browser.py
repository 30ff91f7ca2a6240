"""Journey: a manager records a real short inspection from the lead inspector's call, assigns
a notification-day checklist item to a member of staff, who marks it done; an inspector's
request is logged and answered with a file; the day's feedback is tagged with a judgement area
and a national framework outcome. Every page is checked with axe."""

import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from frameworks.loading import load_all
from inspection_readiness.tests.browser import assert_accessible
from inspections.models import ChecklistItem, FeedbackPoint, InspectorRequest

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
ITEM = "Tell the chief executive"


def _fill_date(page, label: str, day) -> None:
    group = page.get_by_role("group", name=label)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_notification_day_and_the_week_on_site(signed_in_page, live_server, tmp_path):
    load_all(apps)  # an earlier transactional test may have flushed the loaded frameworks
    today = timezone.localdate()
    manager = signed_in_page("manager")
    manager.goto("/inspections/")
    manager.get_by_text("No inspection has been recorded.").wait_for()
    assert_accessible(manager)

    manager.get_by_role("link", name="Record a notification").click()
    manager.get_by_label("Kind of visit").select_option(label="Short inspection")
    _fill_date(manager, "Date of the call", today)
    manager.get_by_label("Time of the call").fill("00:05")
    manager.get_by_label("Lead inspector").fill("Lee Inspector")
    manager.get_by_label("Inspection team").fill("Tam Smith and Tom Jones")
    _fill_date(manager, "Annex A deadline", today + timedelta(days=1))
    assert_accessible(manager)
    manager.get_by_role("button", name="Record the notification").click()
    manager.get_by_text("Notification recorded. The timeline and checklist are ready.").wait_for()
    manager.get_by_role("heading", name="ILACS 2026: Short inspection").wait_for()
    assert "Rehearsal" not in manager.locator("h1").inner_text()
    manager.locator("[data-countdown-to]").first.wait_for()
    assert_accessible(manager)

    manager.get_by_role("link", name="Notification-day checklist").click()
    manager.get_by_role("link", name=re.compile(rf"^Assign\s*: {ITEM}$")).click()
    manager.get_by_label("Owner").select_option(label="Sam Patel")
    manager.get_by_label("Due time").fill("23:59")
    assert_accessible(manager)
    manager.get_by_role("button", name="Save").click()
    manager.get_by_text(f"Saved: {ITEM}.").wait_for()
    assert_accessible(manager)

    staff = signed_in_page("staff")
    staff.goto(manager.url)
    staff.get_by_role("button", name=re.compile(rf"^Mark done\s*: {ITEM}$")).click()
    staff.get_by_text(f"Done: {ITEM}.").wait_for()
    assert_accessible(staff)
    assert ChecklistItem.objects.get(title=ITEM).done_by.username == "staff"

    manager.get_by_role("link", name="Inspectors' requests").click()
    manager.get_by_text("No requests match.").wait_for()
    assert_accessible(manager)
    manager.get_by_role("link", name="Log a request").click()
    manager.get_by_label("Inspector who asked").fill("Lee Inspector")
    manager.get_by_label("What they asked for").fill("Supervision records for team B")
    manager.get_by_label("Who will answer it").select_option(label="Sam Patel")
    _fill_date(manager, "Due date", today + timedelta(days=1))
    manager.get_by_label("Due time").fill("12:00")
    assert_accessible(manager)
    manager.get_by_role("button", name="Log the request").click()
    manager.get_by_text("Request logged.").wait_for()
    assert_accessible(manager)

    staff.goto(manager.url)
    answer_file = tmp_path / "supervision.pdf"
    answer_file.write_bytes(PDF)
    staff.get_by_label("Answer").fill("Sent the supervision records by secure email")
    staff.get_by_label("File (optional)").set_input_files(str(answer_file))
    assert_accessible(staff)
    staff.get_by_role("button", name="Send the answer").click()
    staff.get_by_text("Answer recorded. The request is answered.").wait_for()
    staff.get_by_role("link", name="supervision.pdf").wait_for()
    assert_accessible(staff)
    answered = InspectorRequest.objects.get()
    assert answered.status == InspectorRequest.Status.ANSWERED
    assert answered.original_filename == "supervision.pdf"

    manager.get_by_role("link", name="Back to inspectors' requests").click()
    manager.get_by_text("Supervision records for team B").wait_for()
    assert manager.locator("tbody").get_by_text("Answered", exact=True).count() == 1
    manager.get_by_role("link", name="Each day's feedback").click()
    assert_accessible(manager)
    _fill_date(manager, "Day it was raised", today)
    manager.get_by_label("Concern").check()
    manager.get_by_label("What inspectors said").fill("Plans for care leavers are generic")
    manager.get_by_label("Judgement area").select_option(index=1)
    manager.get_by_label("Outcome 4", exact=False).first.check()
    manager.get_by_role("button", name="Save the feedback").click()
    manager.get_by_text("Feedback saved.").wait_for()
    manager.get_by_text("Plans for care leavers are generic").wait_for()
    assert_accessible(manager)
    point = FeedbackPoint.objects.get()
    assert point.national_tags == ["outcome-4"] and point.judgement_area is not None
