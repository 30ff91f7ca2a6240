"""The Notifications page: each person's switches (POST, audited) and the emails sent to them."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from inspection_readiness.roles import ALL_ROLES
from notifications.kinds import Kind
from notifications.models import SentEmail, SwitchedOff

pytestmark = pytest.mark.django_db
PAGE = reverse("notifications:settings")
SWITCH_OFF = reverse("notifications:switch", args=[Kind.OVERDUE.value])


def test_the_page_lists_every_kind_and_the_emails_sent_to_this_person(
    client, staff_user, manager_user
):
    SentEmail.objects.create(recipient=staff_user, kind=Kind.ASSIGNED, subject="For staff")
    SentEmail.objects.create(recipient=manager_user, kind=Kind.ASSIGNED, subject="For manager")
    client.force_login(staff_user)
    page = client.get(PAGE).content.decode()
    for kind in Kind:
        assert kind.label in page
    assert "For staff" in page
    assert "For manager" not in page
    assert 'href="/account/notifications/"' in client.get("/").content.decode()


def test_an_empty_list_says_when_emails_will_come(client, staff_user):
    client.force_login(staff_user)
    assert "You will get one when work is assigned to you" in client.get(PAGE).content.decode()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_switches_its_own_emails_off_and_on_with_an_audit_entry(
    client, user_for_role, role
):
    person = user_for_role(role)
    client.force_login(person)
    response = client.post(SWITCH_OFF, {"on": "no"})
    assert response.status_code == 302
    assert SwitchedOff.objects.filter(person=person, kind=Kind.OVERDUE).exists()
    entry = LogEntry.objects.filter(object_pk=str(person.pk)).latest("pk")
    assert entry.additional_data["event"] == "Switched off emails: work that is overdue"
    assert '<strong class="govuk-tag govuk-tag--grey">Off</strong>' in (
        client.get(PAGE).content.decode()
    )
    client.post(SWITCH_OFF, {"on": "yes"})
    assert not SwitchedOff.objects.filter(person=person).exists()


def test_someone_without_a_role_cannot_switch_or_see(client, outsider):
    client.force_login(outsider)
    assert client.get(PAGE).status_code == 403
    assert client.post(SWITCH_OFF, {"on": "no"}).status_code == 403
    assert not SwitchedOff.objects.exists()


def test_signed_out_people_are_sent_to_sign_in(client):
    assert client.post(SWITCH_OFF, {"on": "no"}).status_code == 302
    assert not SwitchedOff.objects.exists()


def test_switching_needs_a_post_and_a_real_kind(client, staff_user):
    client.force_login(staff_user)
    assert client.get(SWITCH_OFF).status_code == 405
    bad = reverse("notifications:switch", args=["nonsense"])
    assert client.post(bad, {"on": "no"}).status_code == 404
    assert client.post(SWITCH_OFF, {"on": "maybe"}).status_code == 404
