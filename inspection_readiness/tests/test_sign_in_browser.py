"""Sign-in journeys in a real browser: a manager sets up an authenticator app and signs in with
it; a data admin resets it; a person signs in through the council's directory (the local test
provider); axe on every page."""

import re
import time
from base64 import b32decode

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from playwright.sync_api import expect

from conftest import make_user
from inspection_readiness import directory
from inspection_readiness.roles import Role
from inspection_readiness.tests.browser import assert_accessible

from .oidc_provider import CLIENT_ID, CLIENT_SECRET, DirectoryPerson, LocalProvider

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def code_from_secret(secret: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app given the typed-in secret shows."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def sign_in_with_password(page, username: str) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(f"{username}-password-for-tests")
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_a_manager_sets_up_an_app_signs_in_with_it_and_a_data_admin_resets_it(
    new_page, signed_in_page, django_user_model
):
    make_user(django_user_model, "mo", Role.MANAGER)
    page = new_page()
    sign_in_with_password(page, "mo")

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    expect(page.locator(".app-qr-code svg")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the 6-digit code")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator("#secret-key").inner_text()
    page.get_by_label("Code from your authenticator app").fill(code_from_secret(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Your authenticator app is set up.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inspection readiness")

    page.get_by_role("button", name="Sign out").click()
    sign_in_with_password(page, "mo")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    assert_accessible(page)
    page.get_by_label("Code from your authenticator app").fill(
        code_from_secret(secret, steps_ahead=1)
    )
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inspection readiness")
    page.get_by_role("link", name=re.compile("Mo Tester")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How you sign in")
    assert_accessible(page)

    admin = signed_in_page("admin")
    admin.get_by_role("navigation", name="Menu").get_by_role("link", name="Users").click()
    admin.get_by_role("link", name="Mo Tester").click()
    admin.get_by_role("link", name="Reset second factor").click()
    expect(admin.get_by_role("heading", level=1)).to_contain_text("reset Mo Tester's second")
    assert_accessible(admin)
    admin.get_by_role("button", name="Reset second factor").click()
    expect(admin.get_by_text("Mo Tester's second factor has been reset")).to_be_visible()
    expect(admin.locator(".govuk-summary-list")).to_contain_text("Not set up")
    assert_accessible(admin)


def test_preparation_staff_sign_in_with_a_password_alone(new_page, django_user_model):
    make_user(django_user_model, "pat", Role.PREPARATION_STAFF)
    page = new_page()
    sign_in_with_password(page, "pat")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inspection readiness")


@pytest.fixture
def provider(settings):
    with LocalProvider() as running:
        settings.OIDC_ISSUER = running.issuer
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_ROLE_GROUPS = "manager=CSC-Managers"
        directory.discovery_document.cache_clear()
        yield running
    directory.discovery_document.cache_clear()


def test_a_manager_signs_in_with_their_council_account(new_page, provider):
    provider.add(
        DirectoryPerson(
            username="jo.bloggs",
            password="directory-password",
            email="jo.bloggs@council.example",
            given_name="Jo",
            family_name="Bloggs",
            groups=["CSC-Managers"],
        )
    )
    page = new_page()
    page.goto("/account/sign-in/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in with your council account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Test directory sign-in")
    page.get_by_label("Directory username").fill("jo.bloggs")
    page.get_by_label("Directory password").fill("directory-password")
    page.get_by_role("button", name="Sign in to the directory").click()

    # No code asked here: the directory's own multi-factor authentication applies.
    expect(page.get_by_role("heading", level=1)).to_have_text("Inspection readiness")
    expect(page.locator("header.govuk-header")).to_contain_text("Jo Bloggs (Manager)")
    assert get_user_model().objects.get(email="jo.bloggs@council.example").is_active


def test_a_refused_directory_sign_in_says_so_on_the_sign_in_page(new_page, provider):
    provider.add(
        DirectoryPerson(
            username="gone",
            password="pw",
            email="gone@council.example",
            given_name="Gone",
            family_name="Away",
            enabled=False,
        )
    )
    page = new_page()
    page.goto("/account/sign-in/")
    page.get_by_role("button", name="Sign in with your council account").click()
    page.get_by_label("Directory username").fill("gone")
    page.get_by_label("Directory password").fill("pw")
    page.get_by_role("button", name="Sign in to the directory").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_role("region", name="There is a problem")).to_contain_text(
        "could not be signed in with your council account"
    )
    assert_accessible(page)
    assert not get_user_model().objects.get(email="gone@council.example").is_active
