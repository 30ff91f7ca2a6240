"""Sign-in through the council's directory: a real OpenID Connect flow against a provider the
tests start on 127.0.0.1 (``oidc_provider.py``), with the service's own views and backend."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.urls import reverse

from inspection_readiness import directory
from inspection_readiness.directory import (
    DirectoryMisconfigured,
    account_disabled,
    parse_role_groups,
    role_from_groups,
)
from inspection_readiness.models import DirectoryAccount
from inspection_readiness.roles import Role, role_of, roles_of
from inspection_readiness.second_factor import DIRECTORY, SESSION_KEY

from .oidc_provider import CLIENT_ID, CLIENT_SECRET, DirectoryPerson, LocalProvider

User = get_user_model()

ROLE_GROUPS = "manager=CSC-Managers,data_admin=CSC-Data,preparation_staff=CSC-Staff"


@pytest.fixture
def provider(settings):
    """The local provider, with the service configured from its issuer alone (discovery)."""
    with LocalProvider() as running:
        settings.OIDC_ISSUER = running.issuer
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_ROLE_GROUPS = ROLE_GROUPS
        directory.discovery_document.cache_clear()
        yield running
    directory.discovery_document.cache_clear()


def sign_in_through_directory(client, provider, username: str, password: str, next_page=""):
    """The browser's part of the flow: the service sends the person to the directory, they
    sign in there, and the directory sends them back with a code."""
    start = client.get(reverse("directory_sign_in") + (f"?next={next_page}" if next_page else ""))
    assert start.status_code == 302
    authorize = urlsplit(start["Location"])
    assert f"{authorize.scheme}://{authorize.netloc}" == provider.issuer
    params = {key: values[-1] for key, values in parse_qs(authorize.query).items()}
    assert params["code_challenge_method"] == "S256" and params["nonce"] and params["state"]
    form = requests.get(start["Location"], timeout=5)
    assert "Test directory sign-in" in form.text
    answer = requests.post(
        f"{provider.issuer}/authorize",
        data={**params, "username": username, "password": password},
        allow_redirects=False,
        timeout=5,
    )
    assert answer.status_code == 302
    back = answer.headers["Location"]
    assert back.startswith("http://testserver/account/council/callback/?")
    return client.get(back)


def manager_in_directory(provider, **changes):
    return provider.add(
        DirectoryPerson(
            username="jo.bloggs",
            password="directory-password",
            email="Jo.Bloggs@council.example",
            given_name="Jo",
            family_name="Bloggs",
            groups=["All-Staff", "CSC-Managers"],
            **changes,
        )
    )


@pytest.mark.django_db
def test_first_sign_in_creates_the_person_with_the_role_of_their_group(client, provider):
    person = manager_in_directory(provider)

    response = sign_in_through_directory(
        client, provider, "jo.bloggs", "directory-password", next_page="/activity/"
    )

    assert response.status_code == 302 and response["Location"] == "/activity/"
    user = User.objects.get(email="jo.bloggs@council.example")
    assert (user.first_name, user.last_name, user.username) == (
        "Jo",
        "Bloggs",
        "jo.bloggs@council.example",
    )
    assert role_of(user) == Role.MANAGER and not user.has_usable_password()
    assert DirectoryAccount.objects.get(user=user).subject == person.subject
    # Signed in, with no code asked: the directory's own multi-factor authentication applies.
    assert client.session[SESSION_KEY] == DIRECTORY
    assert client.get(reverse("dashboard")).status_code == 200
    events = [(e.additional_data or {}).get("event") for e in LogEntry.objects.get_for_object(user)]
    assert "Account created at first sign-in through the council's directory" in events
    assert "Signed in with their council account" in events
    assert "Given the manager role by their council directory group" in events


@pytest.mark.django_db
def test_a_person_in_no_mapped_group_gets_no_role_for_a_data_admin_to_give(
    client, provider, data_admin_user
):
    provider.add(
        DirectoryPerson(
            username="new.starter",
            password="pw",
            email="new.starter@council.example",
            given_name="New",
            family_name="Starter",
            groups=["All-Staff"],
        )
    )

    sign_in_through_directory(client, provider, "new.starter", "pw")

    user = User.objects.get(email="new.starter@council.example")
    assert user.is_active and roles_of(user) == set()
    # Every page with a role is refused; a data admin sees where they came from.
    assert client.get(reverse("activity")).status_code == 403
    client.force_login(data_admin_user)
    assert "Council account" in client.get(reverse("accounts:user_list")).content.decode()
    client.post(reverse("accounts:user_change_role", args=[user.pk]), {"role": "preparation_staff"})
    # ...and the role they give is kept at the next sign-in, since no group maps.
    client.logout()
    sign_in_through_directory(client, provider, "new.starter", "pw")
    user.refresh_from_db()
    user._roles_cache = None
    assert role_of(user) == Role.PREPARATION_STAFF


@pytest.mark.django_db
def test_the_directory_group_changes_the_role_at_the_next_sign_in(client, provider):
    person = manager_in_directory(provider)
    sign_in_through_directory(client, provider, "jo.bloggs", "directory-password")
    client.logout()
    person.groups = ["CSC-Data", "CSC-Managers"]

    sign_in_through_directory(client, provider, "jo.bloggs", "directory-password")

    user = User.objects.get(email="jo.bloggs@council.example")
    assert role_of(user) == Role.DATA_ADMIN and user.is_staff
    assert DirectoryAccount.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_a_person_the_directory_has_disabled_is_refused_and_switched_off(client, provider):
    person = manager_in_directory(provider)
    sign_in_through_directory(client, provider, "jo.bloggs", "directory-password")
    client.logout()
    person.enabled = False

    response = sign_in_through_directory(client, provider, "jo.bloggs", "directory-password")

    assert response.status_code == 302 and response["Location"] == reverse("login")
    user = User.objects.get(email="jo.bloggs@council.example")
    assert not user.is_active
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("dashboard")).status_code == 302  # to sign in
    refused = client.get(reverse("login")).content.decode()
    assert "You could not be signed in with your council account" in refused
    assert "switched off" in refused
    assert LogEntry.objects.get_for_object(user).filter(
        additional_data__event="Switched off: the council's directory says this account is disabled"
    )


@pytest.mark.django_db
def test_a_sign_in_the_directory_refuses_signs_no_one_in(client, provider):
    manager_in_directory(provider)

    response = sign_in_through_directory(client, provider, "jo.bloggs", "wrong password")

    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email__iexact="jo.bloggs@council.example").exists()


@pytest.mark.django_db
def test_a_person_deactivated_here_stays_out_whatever_the_directory_says(client, provider):
    manager_in_directory(provider)
    sign_in_through_directory(client, provider, "jo.bloggs", "directory-password")
    client.logout()
    User.objects.filter(email="jo.bloggs@council.example").update(is_active=False)

    response = sign_in_through_directory(client, provider, "jo.bloggs", "directory-password")

    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_deactivating_a_directory_person_ends_their_session(client, provider, data_admin_user):
    manager_in_directory(provider)
    sign_in_through_directory(client, provider, "jo.bloggs", "directory-password")
    assert client.get(reverse("dashboard")).status_code == 200

    User.objects.filter(email="jo.bloggs@council.example").update(is_active=False)

    assert client.get(reverse("dashboard"))["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_an_invited_local_account_is_linked_by_its_email_address(client, provider, manager_user):
    manager_user.email = "jo.bloggs@council.example"
    manager_user.save()
    manager_in_directory(provider)

    sign_in_through_directory(client, provider, "jo.bloggs", "directory-password")

    assert DirectoryAccount.objects.get(user=manager_user)
    assert User.objects.filter(email__iexact="jo.bloggs@council.example").count() == 1
    assert int(client.session["_auth_user_id"]) == manager_user.pk


@pytest.mark.django_db
def test_an_id_token_meant_for_another_service_is_refused(client, provider):
    manager_in_directory(provider)
    provider.audience = "another-councils-service"

    response = sign_in_through_directory(client, provider, "jo.bloggs", "directory-password")

    assert response["Location"] == reverse("login")
    assert not User.objects.filter(email__iexact="jo.bloggs@council.example").exists()
    assert LogEntry.objects.filter(
        additional_data__event="Failed sign-in through the council's directory"
    ).exists()


@pytest.mark.django_db
def test_a_directory_that_does_not_answer_refuses_the_sign_in_with_a_page(client, provider):
    manager_in_directory(provider)
    start = client.get(reverse("directory_sign_in"))
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]

    response = client.get(reverse("directory_callback") + f"?code=made-up&state={state}")

    assert response["Location"] == reverse("login")


@pytest.mark.django_db
def test_the_sign_in_page_offers_the_directory_only_when_it_is_set_up(client, provider, settings):
    assert b"Sign in with your council account" in client.get(reverse("login")).content
    settings.OIDC_RP_CLIENT_SECRET = ""
    assert b"Sign in with your council account" not in client.get(reverse("login")).content
    for name in ("directory_sign_in", "directory_callback"):
        assert client.get(reverse(name))["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("groups", "role"),
    [
        ([], None),
        (["All-Staff"], None),
        (["CSC-Staff"], Role.PREPARATION_STAFF),
        (["CSC-Managers"], Role.MANAGER),
        (["CSC-Staff", "CSC-Managers"], Role.MANAGER),
        (["CSC-Managers", "CSC-Data"], Role.DATA_ADMIN),
        (["csc-managers"], None),  # group names are compared exactly
    ],
)
def test_role_from_groups(groups, role):
    assert role_from_groups(groups, parse_role_groups(ROLE_GROUPS)) == role


def test_role_groups_setting():
    assert parse_role_groups("") == {}
    assert parse_role_groups(" manager = A , manager=B,") == {"A": Role.MANAGER, "B": Role.MANAGER}
    assert parse_role_groups("data_admin=9f1c-guid") == {"9f1c-guid": Role.DATA_ADMIN}
    for wrong in ("manager", "manager=", "boss=A"):
        with pytest.raises(DirectoryMisconfigured):
            parse_role_groups(wrong)


def test_a_mistyped_role_groups_setting_is_a_system_check_error(settings):
    from django.core import checks

    settings.OIDC_ROLE_GROUPS = "boss=CSC-Managers"
    errors = checks.run_checks(tags=[checks.Tags.security])
    assert [error.id for error in errors if error.id.startswith("inspection_readiness")] == [
        "inspection_readiness.E001"
    ]
    settings.OIDC_ROLE_GROUPS = ROLE_GROUPS
    assert not [e for e in checks.run_checks(tags=[checks.Tags.security]) if e.is_serious()]


@pytest.mark.parametrize(
    ("claims", "disabled"),
    [
        ({}, False),
        ({"account_enabled": True}, False),
        ({"account_enabled": "true"}, False),
        ({"account_enabled": False}, True),
        ({"account_enabled": "False"}, True),
        ({"account_enabled": 0}, True),
    ],
)
def test_account_disabled(claims, disabled):
    assert account_disabled(claims) is disabled
