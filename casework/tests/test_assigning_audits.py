"""Assigning case audits twice: the same assignment sent again gets the same audits back, a
different one is refused with a reason, and two at once never end in a 500."""

import threading
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from casework import services
from casework.models import CaseAudit, SectionGrade
from inspection_readiness.roles import Role

DUE = date(2026, 12, 7)


def assign(rehearsal, child, auditor, manager, **kwargs):
    return services.assign_audits(
        inspection=rehearsal,
        children=[child],
        auditor=auditor,
        due_date=kwargs.pop("due_date", DUE),
        assigned_by=manager,
        **kwargs,
    )


def form_data(members, auditor, due=DUE):
    return {
        "members": [str(member.pk) for member in members],
        "auditor": str(auditor.pk),
        "moderator": "",
        "due_date_0": str(due.day),
        "due_date_1": str(due.month),
        "due_date_2": str(due.year),
    }


@pytest.mark.django_db
def test_the_same_assignment_twice_gives_back_the_same_audit(
    selection, rehearsal, staff_user, manager_user
):
    child = selection.members.filter(cohort="audit").first().child
    [first] = assign(rehearsal, child, staff_user, manager_user)
    [again] = assign(rehearsal, child, staff_user, manager_user)
    assert again.pk == first.pk
    assert CaseAudit.objects.count() == 1
    assert SectionGrade.objects.filter(audit=first).count() == first.template.sections.count()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    ["auditor", "due_date", "moderator"],
)
def test_a_different_assignment_for_a_child_with_an_audit_is_refused(
    selection, rehearsal, staff_user, manager_user, django_user_model, change
):
    from conftest import make_user

    other = make_user(django_user_model, "sam2", Role.PREPARATION_STAFF)
    child = selection.members.filter(cohort="audit").first().child
    assign(rehearsal, child, staff_user, manager_user)
    kwargs = {
        "auditor": {"auditor": other},
        "due_date": {"due_date": date(2026, 12, 8)},
        "moderator": {"moderator": other},
    }[change]
    auditor = kwargs.pop("auditor", staff_user)
    with pytest.raises(services.CaseworkError) as refused:
        assign(rehearsal, child, auditor, manager_user, **kwargs)
    assert str(refused.value) == (
        f"Child {child.child_id} already has an audit for this inspection, assigned to "
        f"{staff_user.get_full_name()}."
    )
    assert CaseAudit.objects.get().auditor == staff_user


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.MANAGER, 302),
        (Role.DATA_ADMIN, 403),
        (Role.PREPARATION_STAFF, 403),
        (None, 403),
    ],
    ids=["manager", "data-admin", "staff", "no-role"],
)
def test_a_form_sent_twice_assigns_once(client, user_for_role, selection, staff_user, role, status):
    members = list(selection.members.filter(cohort="audit")[:2])
    url = reverse("casework:assign_audits", args=[selection.inspection_id])
    client.force_login(user_for_role(role))
    first = client.post(url, form_data(members, staff_user))
    again = client.post(url, form_data(members, staff_user))
    assert (first.status_code, again.status_code) == (status, status)
    assert CaseAudit.objects.count() == (2 if status == 302 else 0)
    if status == 302:
        assert again.url == reverse("casework:cohorts", args=[selection.inspection_id])


@pytest.mark.django_db
def test_a_form_sent_again_with_another_auditor_says_the_child_has_an_audit(
    client, manager_user, selection, staff_user, django_user_model
):
    from conftest import make_user

    other = make_user(django_user_model, "sam2", Role.PREPARATION_STAFF)
    members = list(selection.members.filter(cohort="audit").select_related("child")[:1])
    url = reverse("casework:assign_audits", args=[selection.inspection_id])
    client.force_login(manager_user)
    assert client.post(url, form_data(members, staff_user)).status_code == 302
    again = client.post(url, form_data(members, other))
    assert again.status_code == 200
    assert b"<title>Error: " in again.content
    assert (
        f"Child {members[0].child.child_id} already has an audit for this inspection".encode()
        in again.content
    )
    assert CaseAudit.objects.get().auditor == staff_user


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_managers_assigning_the_same_child_at_once(
    selection, manager_user, staff_user, monkeypatch
):
    """The first request holds its new audit uncommitted while the second, which saw no audit
    for the child, tries to insert its own: the database's unique constraint stops the second,
    which gets the first's audit back instead of a 500."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time")
    members = list(selection.members.filter(cohort="audit")[:1])
    url = reverse("casework:assign_audits", args=[selection.inspection_id])
    created, release = threading.Event(), threading.Event()
    real_bulk_create = SectionGrade.objects.bulk_create

    def bulk_create(objs, *args, **kwargs):
        made = real_bulk_create(list(objs), *args, **kwargs)
        if threading.current_thread().name == "first":
            created.set()
            assert release.wait(60), "the test never released the first request"
        return made

    monkeypatch.setattr(SectionGrade.objects, "bulk_create", bulk_create)
    responses, failures = {}, []

    def post():
        client = Client(raise_request_exception=False)
        client.force_login(manager_user)
        try:
            responses[threading.current_thread().name] = client.post(
                url, form_data(members, staff_user)
            )
        except Exception as error:  # noqa: BLE001  reported by the assertion below
            failures.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=post, name="first")
    first.start()
    assert created.wait(60), failures
    second = threading.Thread(target=post, name="second")
    second.start()
    try:
        assert _another_session_waits_for_a_lock(), "the second request never reached the insert"
    finally:
        release.set()
        first.join(60)
        second.join(60)
    assert not failures, failures
    assert {name: r.status_code for name, r in responses.items()} == {"first": 302, "second": 302}
    audit = CaseAudit.objects.get()
    assert audit.auditor == staff_user
    assert SectionGrade.objects.filter(audit=audit).count() == audit.template.sections.count()


def _another_session_waits_for_a_lock() -> bool:
    """Poll PostgreSQL until some other session of this database is waiting on a lock."""
    import time

    with connection.cursor() as cursor:
        for _ in range(600):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.1)
    return False
