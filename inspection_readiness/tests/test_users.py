"""User management by data admins, and the audit trail it leaves."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from inspection_readiness.roles import Role, roles_of

User = get_user_model()


@pytest.mark.django_db
def test_invitation_creates_account_with_role_and_emails_a_set_password_link(
    client, data_admin_user
):
    client.force_login(data_admin_user)
    response = client.post(
        reverse("accounts:user_invite"),
        {
            "first_name": "Jo",
            "last_name": "Bloggs",
            "email": "Jo.Bloggs@Council.gov.uk",
            "role": Role.MANAGER.value,
        },
    )
    person = User.objects.get(username="jo.bloggs@council.gov.uk")
    assert response.status_code == 302
    assert roles_of(person) == {Role.MANAGER}
    assert not person.has_usable_password()
    # The email goes out only after the transaction commits.
    assert len(mail.outbox) == 0 or mail.outbox[0].to == ["jo.bloggs@council.gov.uk"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_invitation_link_lets_the_person_set_a_password_and_sign_in(client, data_admin_user):
    client.force_login(data_admin_user)
    client.post(
        reverse("accounts:user_invite"),
        {
            "first_name": "Jo",
            "last_name": "Bloggs",
            "email": "jo@council.gov.uk",
            "role": Role.PREPARATION_STAFF.value,
        },
    )
    client.logout()
    (email,) = mail.outbox
    link = next(line for line in email.body.splitlines() if "/password-reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert b"Set your password" in form_page.content
    new_password = "a-long-new-password-2026"
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert User.objects.get(username="jo@council.gov.uk").check_password(new_password)


@pytest.mark.django_db
def test_inviting_an_existing_address_names_it_and_says_what_to_do(client, data_admin_user):
    client.force_login(data_admin_user)
    response = client.post(
        reverse("accounts:user_invite"),
        {
            "first_name": "Ada",
            "last_name": "Again",
            "email": data_admin_user.email,
            "role": Role.MANAGER.value,
        },
    )
    assert response.status_code == 200
    assert f"{data_admin_user.email} already has an account".encode() in response.content
    assert b"<title>Error: " in response.content


@pytest.mark.django_db
def test_blank_invitation_lists_every_missing_answer(client, data_admin_user):
    client.force_login(data_admin_user)
    response = client.post(reverse("accounts:user_invite"), {})
    for message in (
        "Enter the person&#x27;s first name",
        "Enter the person&#x27;s work email address",
        "Select a role",
    ):
        assert message.encode() in response.content


@pytest.mark.django_db
def test_changing_a_role_is_recorded_with_who_when_and_what(client, data_admin_user, staff_user):
    client.force_login(data_admin_user)
    last_before = LogEntry.objects.order_by("pk").last()
    response = client.post(
        reverse("accounts:user_change_role", args=[staff_user.pk]), {"role": Role.MANAGER.value}
    )
    assert response.status_code == 302
    assert roles_of(User.objects.get(pk=staff_user.pk)) == {Role.MANAGER}
    entries = LogEntry.objects.get_for_object(staff_user).filter(pk__gt=last_before.pk)
    group_changes = [e for e in entries if "groups" in (e.changes_dict or {})]
    assert group_changes, "the role change left no audit entry"
    assert all(e.actor == data_admin_user for e in group_changes)
    assert all(e.timestamp is not None for e in group_changes)
    described = [c for e in group_changes for c in [e.changes_dict["groups"]]]
    assert any("Manager" in c["objects"] and c["operation"] == "add" for c in described)
    assert any(
        "Preparation staff" in c["objects"] and c["operation"] == "delete" for c in described
    )
    # The person's page shows it in its History section.
    page = client.get(reverse("accounts:user_detail", args=[staff_user.pk]))
    assert b"Groups added: Manager" in page.content


@pytest.mark.django_db
def test_activity_page_filters_by_person_and_kind(
    client, data_admin_user, staff_user, manager_user
):
    client.force_login(data_admin_user)
    client.post(
        reverse("accounts:user_change_role", args=[staff_user.pk]), {"role": Role.MANAGER.value}
    )
    everyone = client.get(reverse("activity"))
    assert b"pat" in everyone.content
    by_someone_else = client.get(reverse("activity"), {"actor": manager_user.pk})
    assert b"No activity matches these filters" in by_someone_else.content
    by_admin = client.get(reverse("activity"), {"actor": data_admin_user.pk})
    assert b"Groups added: Manager" in by_admin.content


@pytest.mark.django_db
def test_deactivation_needs_confirmation_and_stops_sign_in(client, data_admin_user, staff_user):
    client.force_login(data_admin_user)
    url = reverse("accounts:user_deactivate", args=[staff_user.pk])
    confirm = client.get(url)
    assert b"Are you sure you want to deactivate" in confirm.content
    assert User.objects.get(pk=staff_user.pk).is_active
    client.post(url)
    assert not User.objects.get(pk=staff_user.pk).is_active


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    ["accounts:user_deactivate", "accounts:user_change_role"],
    ids=["deactivate", "role"],
)
def test_data_admin_cannot_lock_themselves_out(client, data_admin_user, url_name):
    client.force_login(data_admin_user)
    response = client.post(
        reverse(url_name, args=[data_admin_user.pk]), {"role": Role.PREPARATION_STAFF.value}
    )
    assert response.status_code == 200
    assert b"You cannot" in response.content
    assert roles_of(User.objects.get(pk=data_admin_user.pk)) == {Role.DATA_ADMIN}
    assert User.objects.get(pk=data_admin_user.pk).is_active


@pytest.mark.django_db
def test_user_list_queries_do_not_grow_with_users(
    client, data_admin_user, django_assert_max_num_queries
):
    from conftest import make_user

    for index in range(30):
        make_user(User, f"person{index}", Role.PREPARATION_STAFF)
    client.force_login(data_admin_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 200
