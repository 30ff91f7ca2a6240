"""In a real browser: anyone reads the privacy notice and accessibility statement from the
sign-in page's footer; a manager places a legal hold (after a missing reason); a data admin
sees it on the retention page and runs disposal after a confirmation. axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from inspection_readiness.tests.browser import assert_accessible
from retention.models import Disposal, LegalHold

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_public_notices_are_read_before_signing_in(new_page):
    page = new_page()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/account/sign-in/"))
    page.get_by_role("link", name="Privacy", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    expect(page.get_by_role("table")).to_contain_text("Annex A uploads and versions")
    assert_accessible(page)
    page.get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Accessibility statement")
    expect(page.get_by_role("heading", name="Enforcement procedure")).to_be_visible()
    assert_accessible(page)


def test_a_legal_hold_is_placed_and_a_data_admin_disposes(signed_in_page):
    manager = signed_in_page("manager")
    manager.goto("/retention/legal-holds/")
    expect(manager.get_by_text("There are no legal holds.")).to_be_visible()
    assert_accessible(manager)
    manager.get_by_label("Which inspection must its records be kept for?").select_option(index=1)
    manager.get_by_role("button", name="Place the legal hold").click()
    expect(manager.locator(".govuk-error-summary")).to_contain_text(
        "Enter why the records must be kept"
    )
    assert_accessible(manager)
    manager.get_by_label("Why must they be kept?").fill("A complaint to the ombudsman")
    manager.get_by_role("button", name="Place the legal hold").click()
    expect(manager.get_by_role("table")).to_contain_text("A complaint to the ombudsman")
    assert LegalHold.objects.filter(lifted_at__isnull=True).count() == 1

    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from inspection_readiness.models import Job

    from .factories import make_job

    owner = get_user_model().objects.get(username="admin")
    old_export = make_job(owner=owner, finished_on=timezone.localdate() - timedelta(days=200))

    admin = signed_in_page("admin")
    admin.get_by_role("link", name="Retention").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Retention and disposal")
    expect(admin.get_by_role("heading", name="Legal holds in place")).to_be_visible()
    assert_accessible(admin)
    admin.get_by_role("link", name=re.compile(r"Dispose of \d+ records? now")).click()
    expect(admin.get_by_role("heading", level=1)).to_contain_text("Are you sure")
    assert_accessible(admin)
    admin.get_by_role("button", name="Dispose of these records").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text(
        "Disposal of records past their retention period"
    )
    assert Disposal.objects.count() == 1
    assert not Job.objects.filter(pk=old_export.pk).exists()
    assert_accessible(admin)

    manager.get_by_role("link", name=re.compile("^Lift")).click()
    manager.get_by_label("Why can the hold be lifted?").fill("The complaint was closed")
    assert_accessible(manager)
    manager.get_by_role("button", name="Lift the legal hold").click()
    expect(manager.get_by_role("table")).to_contain_text("The complaint was closed")
