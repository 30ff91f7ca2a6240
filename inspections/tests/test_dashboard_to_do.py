"""The dashboard is each person's to-do list: their checklist items, audits, audits to moderate,
self-evaluations waiting for them, requests they own and the state of Annex A and the data
pack, each linking to where the work is done; overdue items say so; the page's queries do not
grow with the work on it."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditTemplate, CaseAudit, Child
from inspection_readiness.councils import current_council
from inspection_readiness.roles import Role
from inspections import services
from inspections.models import ChecklistItem
from judgements.models import SelfEvaluation
from retention.tests.factories import make_data_pack, make_version

pytestmark = pytest.mark.django_db

# Queries for a page with work in every section (21 measured, sign-in and session included);
# the count must not grow with the items.
QUERY_CEILING = 22


def _audit(inspection, *, auditor, child_id, status, due_date, moderator=None):
    child = Child.objects.create(council=current_council(), child_id=child_id)
    return CaseAudit.objects.create(
        inspection=inspection,
        child=child,
        template=AuditTemplate.objects.first(),
        auditor=auditor,
        moderator=moderator,
        assigned_at=timezone.now(),
        due_date=due_date,
        status=status,
    )


def _work_for(person, inspection, *, other, manager, items: int = 1, tag: str = ""):
    """Work of every kind for ``person`` (``items`` of each), and some for ``other`` they must
    not be shown."""
    yesterday = timezone.localdate() - timedelta(days=1)
    for n in range(items):
        ChecklistItem.objects.create(
            inspection=inspection,
            title=f"Book rooms for inspectors {n}",
            owner=person,
            due_at=timezone.now() - timedelta(hours=1),
        )
        services.log_request(
            actor=manager,
            inspection=inspection,
            inspector="Lee Inspector",
            asked=f"Supervision records for team {n}",
            owner=person,
            due_at=timezone.now() + timedelta(days=1),
        )
        _audit(
            inspection,
            auditor=person,
            child_id=f"MINE{tag}-{n}",
            status=CaseAudit.Status.ASSIGNED,
            due_date=yesterday,
        )
        _audit(
            inspection,
            auditor=other,
            moderator=person,
            child_id=f"MODERATE{tag}-{n}",
            status=CaseAudit.Status.SUBMITTED,
            due_date=yesterday + timedelta(days=5),
        )
        for status in (SelfEvaluation.Status.SUBMITTED, SelfEvaluation.Status.RETURNED):
            SelfEvaluation.objects.create(
                framework=inspection.framework,
                inspection=inspection,
                title=f"{status.label} self-evaluation {n}",
                assessed_on=date(2026, 5, 1),
                status=status,
            )
    ChecklistItem.objects.create(
        inspection=inspection, title="Someone else's item", owner=other, due_at=timezone.now()
    )
    version = make_version(owner=manager, uploaded_on=date(2026, 5, 1))
    make_data_pack(version=version, owner=manager, built_on=date(2026, 5, 1))


@pytest.mark.parametrize("role", [Role.PREPARATION_STAFF, Role.MANAGER, Role.DATA_ADMIN], ids=str)
def test_each_role_sees_its_work_with_a_ceiling_on_queries(
    client,
    user_for_role,
    role,
    short_inspection,
    manager_user,
    django_user_model,
    django_assert_max_num_queries,
):
    person = user_for_role(role)
    other = django_user_model.objects.create_user(username="other")
    _work_for(person, short_inspection, other=other, manager=manager_user, items=3)
    client.force_login(person)
    with django_assert_max_num_queries(QUERY_CEILING):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    page = response.content.decode()

    assert "Book rooms for inspectors 2" in page
    assert reverse("inspections:checklist", args=[short_inspection.pk]) in page
    assert "Someone else&#x27;s item" not in page
    assert "Supervision records for team 0" in page
    assert "Audit the case of child MINE-0" in page
    assert "Moderate the audit of child MODERATE-0" in page
    # Three overdue checklist items and three overdue audits, each marked in words.
    assert page.count(">Overdue</strong>") == 6
    assert "6 of your items are overdue" in page
    assert "Version 1, as at 1 May 2026" in page
    assert "up to date" in page
    # The open inspections stay on the dashboard.
    assert "Open inspections" in page

    reviews = "Review Submitted for review self-evaluation 0"
    changes = "Make the changes asked for in Returned with comments self-evaluation 0"
    assert (reviews in page) == (role == Role.MANAGER)
    assert (changes in page) == (role in (Role.MANAGER, Role.PREPARATION_STAFF))


def test_queries_do_not_grow_with_the_work(
    client, manager_user, short_inspection, django_user_model, django_assert_num_queries
):
    other = django_user_model.objects.create_user(username="other")
    _work_for(manager_user, short_inspection, other=other, manager=manager_user, items=1)
    client.force_login(manager_user)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("dashboard")).status_code == 200
    _work_for(manager_user, short_inspection, other=other, manager=manager_user, items=4, tag="B")
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(reverse("dashboard")).status_code == 200


def test_an_empty_list_says_what_happens_next(client, staff_user):
    client.force_login(staff_user)
    page = client.get(reverse("dashboard")).content.decode()
    assert "You have no checklist items to do" in page
    assert "You have no case audits to complete" in page
    assert "No case audits are waiting for you to moderate" in page
    assert "You own no open requests from inspectors" in page
    assert "No Annex A has been loaded yet" in page
    assert "overdue" not in page.lower()


def test_moderation_lists_what_the_person_may_moderate(
    client, staff_user, manager_user, short_inspection, django_user_model
):
    """A manager may moderate any submitted audit but their own; staff only those naming them."""
    other = django_user_model.objects.create_user(username="other")
    today = timezone.localdate()
    submitted = CaseAudit.Status.SUBMITTED
    _audit(short_inspection, auditor=other, child_id="ANYONES", status=submitted, due_date=today)
    _audit(short_inspection, auditor=manager_user, child_id="OWN", status=submitted, due_date=today)
    _audit(
        short_inspection,
        auditor=other,
        moderator=staff_user,
        child_id="NAMED",
        status=submitted,
        due_date=today,
    )
    _audit(
        short_inspection,
        auditor=other,
        moderator=staff_user,
        child_id="DONE",
        status=CaseAudit.Status.MODERATED,
        due_date=today,
    )
    client.force_login(manager_user)
    page = client.get(reverse("dashboard")).content.decode()
    assert "child ANYONES" in page and "child NAMED" in page
    assert "child OWN" not in page and "child DONE" not in page
    client.force_login(staff_user)
    page = client.get(reverse("dashboard")).content.decode()
    assert "child NAMED" in page
    assert "child ANYONES" not in page and "child DONE" not in page
    # Due today is not yet overdue.
    assert ">Overdue</strong>" not in page


def test_a_data_pack_older_than_the_newest_version_is_called_out(client, data_admin_user):
    first = make_version(owner=data_admin_user, uploaded_on=date(2026, 4, 1))
    make_data_pack(version=first, owner=data_admin_user, built_on=date(2026, 4, 2))
    make_version(owner=data_admin_user, uploaded_on=date(2026, 5, 1))
    client.force_login(data_admin_user)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Out of date" in page
    assert "built from version 1, older than version 2" in page
    assert "Build it again from version 2" in page


def test_no_role_sees_no_work(client, outsider, short_inspection):
    ChecklistItem.objects.create(
        inspection=short_inspection, title="Secret item", owner=outsider, due_at=timezone.now()
    )
    client.force_login(outsider)
    page = client.get(reverse("dashboard")).content.decode()
    assert "You do not have a role yet" in page
    assert "Secret item" not in page


def test_an_audit_sent_back_says_so(client, staff_user, short_inspection):
    audit = _audit(
        short_inspection,
        auditor=staff_user,
        child_id="BACK",
        status=CaseAudit.Status.DRAFT,
        due_date=timezone.localdate(),
    )
    client.force_login(staff_user)
    assert "child BACK (in progress)" in client.get(reverse("dashboard")).content.decode()
    CaseAudit.objects.filter(pk=audit.pk).update(sent_back_at=timezone.now())
    page = client.get(reverse("dashboard")).content.decode()
    assert "child BACK (sent back to you with a comment)" in page
