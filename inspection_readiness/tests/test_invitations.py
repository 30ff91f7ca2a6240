"""Invitations that go wrong in ordinary ways: sent twice, or sent while email is down."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone

from inspection_readiness import services
from inspection_readiness.forms import InviteUserForm
from inspection_readiness.roles import Role, roles_of

User = get_user_model()
pytestmark = pytest.mark.django_db

INVITATION = {
    "first_name": "Jo",
    "last_name": "Bloggs",
    "email": "jo.bloggs@council.gov.uk",
    "role": Role.MANAGER.value,
}


class RefusingEmailBackend(BaseEmailBackend):
    """Email that is down: the mail server refuses the connection."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture
def email_down(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingEmailBackend"


def invite(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("accounts:user_invite"), INVITATION)


def test_an_invitation_sent_twice_in_a_row_makes_one_account(
    client, data_admin_user, django_capture_on_commit_callbacks
):
    client.force_login(data_admin_user)
    assert invite(client, django_capture_on_commit_callbacks).status_code == 302
    again = invite(client, django_capture_on_commit_callbacks)
    assert again.status_code == 200
    assert b"already has an account" in again.content
    assert User.objects.filter(email=INVITATION["email"]).count() == 1
    assert len(mail.outbox) == 1


def test_two_invitations_at_once_make_one_account_and_a_friendly_message(
    client, data_admin_user, monkeypatch, django_capture_on_commit_callbacks
):
    """The second request passed every check before the first committed: the database's
    unique username stops it, and the person sees why."""
    client.force_login(data_admin_user)
    assert invite(client, django_capture_on_commit_callbacks).status_code == 302
    monkeypatch.setattr(InviteUserForm, "clean_email", lambda form: form.cleaned_data["email"])
    monkeypatch.setattr(services, "_account_exists", lambda email: False)
    again = invite(client, django_capture_on_commit_callbacks)
    assert again.status_code == 200
    assert b"An account for this email address already exists" in again.content
    assert b"<title>Error: " in again.content
    assert User.objects.filter(email=INVITATION["email"]).count() == 1


def test_the_service_refuses_an_address_already_taken_whatever_its_case(data_admin_user):
    with pytest.raises(ValidationError, match="already exists"):
        services.invite_user(
            actor=data_admin_user,
            first_name="Ada",
            last_name="Again",
            email=data_admin_user.email.upper(),
            role=Role.MANAGER,
            base_url="http://testserver",
        )


def test_email_down_keeps_the_account_marked_not_sent_with_a_resend_button(
    client, data_admin_user, email_down, django_capture_on_commit_callbacks
):
    client.force_login(data_admin_user)
    response = invite(client, django_capture_on_commit_callbacks)
    person = User.objects.get(email=INVITATION["email"])
    assert response.status_code == 302
    assert response.url == reverse("accounts:user_detail", args=[person.pk])
    assert roles_of(person) == {Role.MANAGER} and not person.has_usable_password()
    page = client.get(response.url)
    assert b"the invitation email could not be sent because email is not working" in page.content
    assert b"Not sent" in page.content
    assert b"Resend invitation" in page.content
    entry = services.last_invitation(person)
    assert entry.additional_data[services.INVITATION] == services.INVITATION_NOT_SENT
    assert entry.actor == data_admin_user


@pytest.fixture
def invited(data_admin_user, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingEmailBackend"
    with pytest.raises(services.InvitationNotSent) as not_sent:
        services.invite_user(
            actor=data_admin_user,
            first_name="Jo",
            last_name="Bloggs",
            email=INVITATION["email"],
            role=Role.PREPARATION_STAFF,
            base_url="http://testserver",
        )
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return not_sent.value.user


@pytest.mark.parametrize(
    ("role", "status", "sent"),
    [
        (Role.DATA_ADMIN, 302, True),
        (Role.MANAGER, 403, False),
        (Role.PREPARATION_STAFF, 403, False),
        (None, 403, False),
        ("signed out", 302, False),
    ],
    ids=["data-admin", "manager", "staff", "no-role", "signed-out"],
)
def test_who_may_resend_an_invitation(client, user_for_role, invited, role, status, sent):
    if role != "signed out":
        client.force_login(user_for_role(role))
    response = client.post(reverse("accounts:user_resend_invitation", args=[invited.pk]))
    assert response.status_code == status
    assert len(mail.outbox) == (1 if sent else 0)
    if sent:
        assert response.url == reverse("accounts:user_detail", args=[invited.pk])
        (email,) = mail.outbox
        assert email.to == [INVITATION["email"]]
        assert "/password-reset/" in email.body
        entry = services.last_invitation(invited)
        assert entry.additional_data[services.INVITATION] == services.INVITATION_SENT
        page = client.get(response.url)
        assert b"The invitation has been sent again to jo.bloggs@council.gov.uk" in page.content
        assert b"Not sent" not in page.content


def test_resending_is_a_post(client, data_admin_user, invited):
    client.force_login(data_admin_user)
    url = reverse("accounts:user_resend_invitation", args=[invited.pk])
    assert client.get(url).status_code == 405
    assert not mail.outbox


def test_resending_while_email_is_still_down_says_so(client, data_admin_user, invited, email_down):
    client.force_login(data_admin_user)
    before = LogEntry.objects.count()
    response = client.post(
        reverse("accounts:user_resend_invitation", args=[invited.pk]), follow=True
    )
    assert response.status_code == 200
    assert b"could not be sent because email is not working. Try again later." in response.content
    assert LogEntry.objects.count() == before + 1
    assert services.last_invitation(invited).additional_data[services.INVITATION] == (
        services.INVITATION_NOT_SENT
    )


def test_there_is_nothing_to_resend_once_the_person_has_signed_in(client, data_admin_user, invited):
    User.objects.filter(pk=invited.pk).update(last_login=timezone.now())
    client.force_login(data_admin_user)
    response = client.post(
        reverse("accounts:user_resend_invitation", args=[invited.pk]), follow=True
    )
    assert b"there is no invitation to resend" in response.content
    assert b"Resend invitation" not in response.content
    assert not mail.outbox
