"""Least privilege in casework: which children each person sees, and cancelling a case audit.

Staff see the children in their own case audits and in the cohorts of inspections they audit
for; managers and data admins see every child; STAFF_SEE_ALL_CHILDREN widens staff's view.
"""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from casework import audits, queries, services
from casework.models import CaseAudit, Child, SectionGrade
from conftest import make_user
from inspection_readiness.roles import Role

from .test_audits import answer_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_auditor(django_user_model):
    return make_user(django_user_model, "sam", Role.PREPARATION_STAFF)


@pytest.fixture
def other_staff(django_user_model):
    """Preparation staff with no audit anywhere."""
    return make_user(django_user_model, "otto", Role.PREPARATION_STAFF)


@pytest.fixture
def people(staff_user, second_auditor, other_staff, manager_user, data_admin_user, outsider):
    return {
        "auditor": staff_user,
        "second_auditor": second_auditor,
        "other_staff": other_staff,
        "other_staff_all_children": other_staff,
        "manager": manager_user,
        "data_admin": data_admin_user,
        "outsider": outsider,
    }


@pytest.fixture
def three_children(audit, selection, second_auditor):
    """The audited child, a child in the same inspection's cohorts with no audit, and a child
    in no cohort at all."""
    audit.moderator = second_auditor
    audit.save(update_fields=["moderator"])
    in_cohort = (
        selection.members.filter(cohort="tracked", swapped_out_at__isnull=True)
        .exclude(child=audit.child)
        .select_related("child")
        .first()
        .child
    )
    outside = Child.objects.filter(cohort_memberships__isnull=True).order_by("child_id").first()
    return {"audited": audit.child, "cohort": in_cohort, "outside": outside}


# person, child, expected status of the child's page (the list shows exactly the same children)
CHILD_PAGE_TABLE = [
    ("auditor", "audited", 200),
    ("auditor", "cohort", 200),
    ("auditor", "outside", 404),
    ("second_auditor", "audited", 200),
    ("second_auditor", "cohort", 200),
    ("second_auditor", "outside", 404),
    ("other_staff", "audited", 404),
    ("other_staff", "cohort", 404),
    ("other_staff", "outside", 404),
    ("other_staff_all_children", "audited", 200),
    ("other_staff_all_children", "outside", 200),
    ("manager", "audited", 200),
    ("manager", "outside", 200),
    ("data_admin", "audited", 200),
    ("data_admin", "outside", 200),
    ("outsider", "audited", 403),
    ("outsider", "outside", 403),
]


@pytest.mark.parametrize(
    ("who", "which", "status"),
    CHILD_PAGE_TABLE,
    ids=[f"{who}-{which}" for who, which, _ in CHILD_PAGE_TABLE],
)
def test_who_sees_which_child(client, settings, people, three_children, who, which, status):
    settings.STAFF_SEE_ALL_CHILDREN = who == "other_staff_all_children"
    child = three_children[which]
    client.force_login(people[who])

    page = client.get(reverse("casework:child", kwargs={"child_id": child.child_id}))
    assert page.status_code == status

    listing = client.get(reverse("casework:child_list"), {"search": child.child_id})
    if status == 403:
        assert listing.status_code == 403
    else:
        link = reverse("casework:child", kwargs={"child_id": child.child_id})
        assert (link in listing.content.decode()) is (status == 200)


def test_staff_list_holds_only_their_inspections_cohorts_and_audits(
    client, staff_user, three_children, selection
):
    expected = set(selection.members.values_list("child__child_id", flat=True))
    seen = set(queries.children_for_user(staff_user).values_list("child_id", flat=True))
    assert seen == expected
    assert three_children["outside"].child_id not in seen
    client.force_login(staff_user)
    page = client.get(reverse("casework:child_list")).content.decode()
    assert "You see the children in your own case audits and in the cohorts" in page


def test_the_cohort_page_lists_children_only_to_those_who_may_open_them(
    client, staff_user, other_staff, manager_user, three_children, selection
):
    url = reverse("casework:cohorts", args=[selection.inspection_id])
    cohort_link = reverse("casework:child", kwargs={"child_id": three_children["cohort"].child_id})
    active = selection.members.filter(swapped_out_at__isnull=True).count()

    client.force_login(other_staff)
    page = client.get(url).content.decode()
    assert cohort_link not in page
    assert f"{active} children in these cohorts are not listed" in page
    assert "Coverage" in page  # the figures are still shown

    for person in (staff_user, manager_user):
        client.force_login(person)
        page = client.get(url).content.decode()
        assert cohort_link in page
        assert "are not listed" not in page


def test_the_inspectors_comparison_names_children_only_to_those_who_may_open_them(
    client, other_staff, manager_user, three_children, selection
):
    outside = three_children["outside"]
    services.record_inspector_choices(
        selection=selection, pasted=f"{outside.child_id}\nUNKNOWN-1", recorded_by=manager_user
    )
    url = reverse("casework:cohorts", args=[selection.inspection_id])

    client.force_login(manager_user)
    page = client.get(url).content.decode()
    assert reverse("casework:child", kwargs={"child_id": outside.child_id}) in page
    assert "UNKNOWN-1" in page

    client.force_login(other_staff)
    page = client.get(url).content.decode()
    assert "The inspectors chose 2 children" in page
    assert outside.child_id not in page
    assert "UNKNOWN-1" not in page


def test_staff_on_the_inspection_see_the_children_the_inspectors_chose(
    staff_user, manager_user, three_children, selection
):
    outside = three_children["outside"]
    services.record_inspector_choices(
        selection=selection, pasted=outside.child_id, recorded_by=manager_user
    )
    assert queries.children_for_user(staff_user).filter(pk=outside.pk).exists()


def test_pages_and_downloads_of_children_say_no_store(client, manager_user, audit, selection):
    client.force_login(manager_user)
    for url in (
        reverse("casework:child", kwargs={"child_id": audit.child.child_id}),
        reverse("casework:cohorts", args=[selection.inspection_id]),
        reverse("casework:export_cohorts", args=[selection.inspection_id]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.headers["Cache-Control"], url
        assert response.headers["Pragma"] == "no-cache", url


# ---- cancelling a case audit -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("manager", 302), ("auditor", 403), ("data_admin", 403), ("outsider", 403)],
)
def test_only_a_manager_cancels_an_audit(client, people, audit, who, status):
    client.force_login(people[who])
    url = reverse("casework:cancel_audit", args=[audit.pk])
    assert client.get(url).status_code == (200 if status == 302 else 403)
    response = client.post(url)
    assert response.status_code == status
    assert CaseAudit.objects.filter(pk=audit.pk).exists() is (status != 302)


def test_cancelling_an_audit_needs_sign_in(client, audit):
    response = client.post(reverse("casework:cancel_audit", args=[audit.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert CaseAudit.objects.filter(pk=audit.pk).exists()


def test_a_manager_cancels_an_audit_in_progress_after_confirming(
    client, manager_user, staff_user, audit
):
    answer_everything(audit, staff_user)  # in progress, with something written
    client.force_login(manager_user)
    assert "Cancel this audit" in client.get(audit.get_absolute_url()).content.decode()
    url = reverse("casework:cancel_audit", args=[audit.pk])
    page = client.get(url).content.decode()
    assert "Are you sure you want to cancel this case audit?" in page
    assert f"child {audit.child.child_id}" in page

    response = client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("casework:cohorts", args=[audit.inspection_id])
    assert not CaseAudit.objects.filter(pk=audit.pk).exists()
    assert not SectionGrade.objects.filter(audit_id=audit.pk).exists()
    entry = LogEntry.objects.get(
        object_pk=str(audit.pk),
        content_type__model="caseaudit",
        additional_data__event__startswith="Cancelled",
    )
    assert entry.actor == manager_user
    assert entry.action == LogEntry.Action.DELETE
    assert entry.additional_data["child_id"] == audit.child.child_id
    assert entry.additional_data["status"] == CaseAudit.Status.DRAFT
    # The child is free to be assigned again.
    services.assign_audits(
        inspection=audit.inspection,
        children=[audit.child],
        auditor=staff_user,
        due_date=date(2026, 12, 7),
        assigned_by=manager_user,
    )


@pytest.mark.parametrize("moderate", [False, True], ids=["submitted", "moderated"])
def test_a_submitted_or_moderated_audit_is_kept(client, manager_user, staff_user, audit, moderate):
    answer_everything(audit, staff_user)
    services.submit_audit(audit=audit, submitted_by=staff_user)
    if moderate:
        decisions = {
            row.section_id: services.ModerationDecision(agree=True) for row in audit.grades.all()
        }
        services.moderate_audit(audit=audit, decisions=decisions, moderated_by=manager_user)
    client.force_login(manager_user)
    assert "Cancel this audit" not in client.get(audit.get_absolute_url()).content.decode()
    url = reverse("casework:cancel_audit", args=[audit.pk])
    assert "This case audit cannot be cancelled" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 200
    assert "so it is kept as a record and cannot be cancelled" in response.content.decode()
    assert CaseAudit.objects.filter(pk=audit.pk).exists()


@pytest.mark.parametrize(
    ("status", "roles", "message"),
    [
        (CaseAudit.Status.ASSIGNED, {Role.MANAGER}, None),
        (CaseAudit.Status.DRAFT, {Role.MANAGER}, None),
        (CaseAudit.Status.SUBMITTED, {Role.MANAGER}, "This audit has been submitted"),
        (CaseAudit.Status.MODERATED, {Role.MANAGER}, "This audit has been moderated"),
        (CaseAudit.Status.ASSIGNED, {Role.PREPARATION_STAFF}, "Only a manager"),
        (CaseAudit.Status.ASSIGNED, {Role.DATA_ADMIN}, "Only a manager"),
        (CaseAudit.Status.ASSIGNED, set(), "Only a manager"),
    ],
    ids=["assigned", "draft", "submitted", "moderated", "staff", "data_admin", "no_role"],
)
def test_who_may_cancel_an_audit_and_when(status, roles, message):
    if message is None:
        audits.check_can_cancel(status=status, roles=roles)
    else:
        with pytest.raises(audits.AuditError, match=message):
            audits.check_can_cancel(status=status, roles=roles)


def test_the_service_checks_the_role_itself(staff_user, audit):
    with pytest.raises(audits.AuditError, match="Only a manager"):
        services.cancel_audit(actor=staff_user, audit=audit)
    assert CaseAudit.objects.filter(pk=audit.pk).exists()
