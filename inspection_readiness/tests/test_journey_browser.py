"""Journeys in a real browser: sign-in for each role, the header and navigation, sign-out,
user management by a data admin, and axe on each page."""

import re

import pytest
from playwright.sync_api import expect

from inspection_readiness.tests.browser import assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NAVIGATION = ["Frameworks and inspections", "Annex A", "Casework", "Self-evaluation"]


def test_sign_in_page_is_accessible(new_page):
    page = new_page()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/account/sign-in/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)


@pytest.mark.parametrize(
    ("username", "role_label"),
    [("staff", "Preparation staff"), ("manager", "Manager"), ("admin", "Data admin")],
)
def test_each_demo_user_signs_in_sees_the_service_and_signs_out(
    signed_in_page, username, role_label
):
    page = signed_in_page(username)
    header = page.locator("header.govuk-header")
    expect(header).to_contain_text("Inspection Readiness")
    expect(header).to_contain_text("Demo Borough Council")
    expect(header).to_contain_text(f"({role_label})")
    menu = page.get_by_role("navigation", name="Menu")
    for item in NAVIGATION:
        expect(menu.get_by_role("link", name=item)).to_be_visible()
    expect(menu.get_by_role("link", name="Users")).to_have_count(1 if username == "admin" else 0)
    expect(page.get_by_role("heading", level=1)).to_have_text("Inspection readiness")
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/account/sign-in/"))


def test_data_admin_invites_a_user_changes_the_role_and_deactivates_them(signed_in_page):
    page = signed_in_page("admin")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Users").click()
    assert_accessible(page)
    page.get_by_role("button", name="Invite a user").click()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a role")
    assert_accessible(page)
    page.get_by_label("First name").fill("Jo")
    page.get_by_label("Last name").fill("Bloggs")
    page.get_by_label("Work email address").fill("jo.bloggs@example.gov.uk")
    page.get_by_label("Preparation staff").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Jo Bloggs has been invited"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Jo Bloggs")

    page.get_by_role("link", name="Change role").click()
    page.get_by_label("Manager").check()
    page.get_by_role("button", name="Save role").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Manager")
    expect(page.locator("#history ~ table")).to_contain_text("Groups added: Manager")
    assert_accessible(page)

    page.get_by_role("link", name="Deactivate account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Are you sure")
    assert_accessible(page)
    page.get_by_role("button", name="Deactivate account").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Deactivated")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Activity").click()
    expect(page.locator("table.govuk-table")).to_contain_text("jo.bloggs@example.gov.uk")
    assert_accessible(page)


def test_activity_export_shows_progress_then_a_download(signed_in_page):
    page = signed_in_page("admin")
    page.goto("/activity/")
    page.get_by_role("button", name="Export these entries as CSV").click()
    # Tasks run in-process here, so the job is finished when the page arrives.
    expect(page.get_by_role("heading", level=1)).to_have_text("Activity log export")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Finished")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Download activity-.*\.csv")).click()
    assert download.value.suggested_filename.endswith(".csv")
    assert_accessible(page)
