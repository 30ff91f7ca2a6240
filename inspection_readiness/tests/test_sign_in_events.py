"""Sign-ins, sign-outs, failed sign-ins and lockouts in the audit trail and on the activity
page, with the username tried but never the password."""

import csv
import io

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from inspection_readiness.audit import Access, activity_csv
from inspection_readiness.models import Council

WRONG = "Tr0ub4dor&3-wrong"


def _sign_in(client, username, password=WRONG):
    return client.post(reverse("login"), {"username": username, "password": password})


def _entries(access: Access) -> list[LogEntry]:
    return list(LogEntry.objects.filter(additional_data__access=access.value).order_by("pk"))


@pytest.mark.django_db
def test_signing_in_and_out_is_recorded_against_the_person(client, staff_user):
    _sign_in(client, "pat", "pat-password-for-tests")
    client.post(reverse("logout"))
    [signed_in] = _entries(Access.SIGNED_IN)
    [signed_out] = _entries(Access.SIGNED_OUT)
    for entry in (signed_in, signed_out):
        assert entry.actor == staff_user
        assert entry.object_pk == str(staff_user.pk)
        assert entry.action == LogEntry.Action.ACCESS


@pytest.mark.django_db
def test_a_failed_sign_in_records_the_username_but_never_the_password(client, staff_user):
    _sign_in(client, "pat")
    [entry] = _entries(Access.SIGN_IN_FAILED)
    assert entry.actor is None
    assert entry.content_type == ContentType.objects.get_for_model(get_user_model())
    assert entry.object_pk == str(staff_user.pk)
    assert entry.additional_data["username"] == "pat"
    assert WRONG not in str(entry.additional_data) + str(entry.changes) + entry.object_repr


@pytest.mark.django_db
def test_failed_sign_ins_as_made_up_usernames_create_nothing_per_username(client, staff_user):
    users_before = get_user_model().objects.count()
    for username in ("nobody-1", "nobody-2", "x" * 400 + "\n"):
        _sign_in(client, username)
    entries = _entries(Access.SIGN_IN_FAILED)
    assert len(entries) == 3
    assert {entry.content_type.model_class() for entry in entries} == {Council}
    assert len({entry.object_pk for entry in entries}) == 1  # one fixed object: the council
    assert get_user_model().objects.count() == users_before
    assert entries[2].additional_data["username"] == "x" * 150  # cut, control characters gone


@pytest.mark.django_db
def test_a_lockout_is_recorded_once_and_refused_attempts_add_nothing(client, settings, staff_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "pat")
    assert len(_entries(Access.SIGN_IN_FAILED)) == settings.AXES_FAILURE_LIMIT
    [lockout] = _entries(Access.LOCKED_OUT)
    assert lockout.object_pk == str(staff_user.pk)
    assert "'pat' locked out from 127.0.0.1" in lockout.additional_data["event"]
    total = LogEntry.objects.count()
    for _ in range(10):
        response = _sign_in(client, "pat", "pat-password-for-tests")
        assert b"Too many sign-in attempts" in response.content
    assert LogEntry.objects.count() == total


@pytest.mark.django_db
def test_data_admins_see_and_filter_sign_in_events_on_the_activity_page(
    client, staff_user, data_admin_user
):
    _sign_in(client, "pat")
    _sign_in(client, "pat", "pat-password-for-tests")
    client.force_login(data_admin_user)
    page = client.get(reverse("activity")).content.decode()
    assert "Failed sign-in" in page
    assert "Signed in" in page
    filtered = client.get(reverse("activity"), {"action": Access.SIGN_IN_FAILED.value})
    table = filtered.content.decode().split("<table", 1)[1]
    assert "Failed sign-in as &#x27;pat&#x27;" in table
    assert "Signed in" not in table


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("1", {"Update"}),  # a change, not a look
        (Access.SIGNED_IN.value, {"Signed in"}),
        (Access.SIGN_IN_FAILED.value, {"Failed sign-in"}),
    ],
)
def test_the_action_filter_tells_changes_from_looks(
    client, staff_user, data_admin_user, action, expected
):
    from inspection_readiness.audit import record_event

    record_event(actor=data_admin_user, obj=staff_user, description="Marked something")
    _sign_in(client, "pat")
    _sign_in(client, "pat", "pat-password-for-tests")
    from inspection_readiness.filters import ActivityFilter

    found = ActivityFilter({"action": action}, queryset=LogEntry.objects.all())
    assert found.is_valid()
    from inspection_readiness.audit import action_label

    assert {action_label(entry) for entry in found.qs} == expected


@pytest.mark.django_db
def test_the_activity_csv_says_what_each_entry_was(client, staff_user):
    _sign_in(client, "pat")
    _sign_in(client, "pat", "pat-password-for-tests")
    rows = list(
        csv.DictReader(
            io.StringIO(activity_csv(LogEntry.objects.order_by("pk")).decode("utf-8-sig"))
        )
    )
    actions = [row["Action"] for row in rows]
    assert "Failed sign-in" in actions and "Signed in" in actions
    assert {row["Address"] for row in rows if row["Action"] == "Signed in"} == {"127.0.0.1"}
