"""A member of staff opens Notifications from the header, switches one kind off and sees the
email a manager's assignment sent them; axe on the page."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from frameworks.models import Framework
from inspection_readiness.tests.browser import assert_accessible
from inspections import services as inspection_services
from notifications.kinds import Kind
from notifications.models import SwitchedOff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_staff_see_their_emails_and_switch_one_kind_off(signed_in_page, demo_users):
    people = get_user_model().objects
    manager, staff = people.get(username="manager"), people.get(username="staff")
    inspection = inspection_services.record_notification(
        actor=manager,
        framework=Framework.objects.get(short_name="ILACS 2026"),
        visit_kind_code="short",
        notified_at=timezone.now(),
        lead_inspector="Lead",
    )
    inspection_services.log_request(
        actor=manager,
        inspection=inspection,
        inspector="HMI",
        asked="Asked",
        owner=staff,
        due_at=timezone.now() + timedelta(hours=3),
    )
    page = signed_in_page("staff")
    page.get_by_role("link", name="Notifications").click()
    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    expect(
        page.get_by_role("link", name="An inspector's request has been assigned to you")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"Switch off\W+work that is overdue")).click()
    expect(page.get_by_text("Emails about work that is overdue are switched off.")).to_be_visible()
    expect(
        page.get_by_role("button", name=re.compile(r"Switch on\W+work that is overdue"))
    ).to_be_visible()
    assert_accessible(page)
    assert SwitchedOff.objects.filter(person=staff, kind=Kind.OVERDUE).exists()
