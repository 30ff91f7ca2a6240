"""The retention page for data admins, starting disposal, and legal holds for managers and
data admins: every page and every post refused to other roles."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from frameworks.models import Inspection
from inspection_readiness.models import Job
from inspection_readiness.roles import Role
from retention.job_kinds import DISPOSAL_JOB
from retention.models import LegalHold
from retention.services import place_legal_hold

from .factories import make_inspection, make_job

pytestmark = pytest.mark.django_db

S, M, A = Role.PREPARATION_STAFF, Role.MANAGER, Role.DATA_ADMIN
ROLES = [S, M, A, None]


@pytest.fixture
def inspection():
    return make_inspection(
        status=Inspection.Status.CLOSED, notified_on=timezone.localdate() - timedelta(days=5)
    )


@pytest.fixture
def hold(inspection, manager_user):
    return place_legal_hold(inspection=inspection, reason="A claim", placed_by=manager_user)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "allowed"),
    [("retention:schedule", {A}), ("retention:dispose", {A}), ("retention:holds", {M, A})],
)
def test_pages_answer_only_their_roles(client, user_for_role, role, name, allowed):
    client.force_login(user_for_role(role))
    assert client.get(reverse(name)).status_code == (200 if role in allowed else 403)


@pytest.mark.parametrize("role", ROLES)
def test_the_lift_page_answers_managers_and_data_admins(client, user_for_role, role, hold):
    client.force_login(user_for_role(role))
    response = client.get(reverse("retention:lift_hold", args=[hold.pk]))
    assert response.status_code == (200 if role in {M, A} else 403)


@pytest.mark.parametrize("role", ROLES)
def test_starting_disposal_is_for_data_admins(client, user_for_role, role):
    client.force_login(user_for_role(role))
    response = client.post(reverse("retention:dispose"), {"submit": "x"})
    if role == A:
        job = Job.objects.get(kind=DISPOSAL_JOB)
        assert response.status_code == 302 and response.url == job.get_absolute_url()
    else:
        assert response.status_code == 403
        assert not Job.objects.filter(kind=DISPOSAL_JOB).exists()


@pytest.mark.parametrize("role", ROLES)
def test_placing_a_hold_is_for_managers_and_data_admins(client, user_for_role, role, inspection):
    client.force_login(user_for_role(role))
    response = client.post(
        reverse("retention:holds"), {"inspection": inspection.pk, "reason": "Subject access"}
    )
    if role in {M, A}:
        assert response.status_code == 302
        hold = LegalHold.objects.get()
        assert hold.is_in_place and hold.reason == "Subject access"
        assert hold.placed_by == user_for_role(role)
        event = LogEntry.objects.get_for_object(inspection).filter(
            additional_data__legal_hold_id=hold.pk
        )
        assert event.exists()
    else:
        assert response.status_code == 403
        assert not LegalHold.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_lifting_a_hold_is_for_managers_and_data_admins(client, user_for_role, role, hold):
    client.force_login(user_for_role(role))
    response = client.post(reverse("retention:lift_hold", args=[hold.pk]), {"reason": "Settled"})
    hold.refresh_from_db()
    if role in {M, A}:
        assert response.status_code == 302
        assert not hold.is_in_place and hold.lift_reason == "Settled"
        assert hold.lifted_by == user_for_role(role)
    else:
        assert response.status_code == 403 and hold.is_in_place


def test_a_hold_needs_a_reason_with_an_error_summary(client, manager_user, inspection):
    client.force_login(manager_user)
    response = client.post(reverse("retention:holds"), {"inspection": inspection.pk, "reason": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and "Enter why the records must be kept" in page
    assert not LegalHold.objects.exists()


def test_an_inspection_already_held_is_not_offered_again(client, manager_user, hold):
    client.force_login(manager_user)
    response = client.post(
        reverse("retention:holds"), {"inspection": hold.inspection_id, "reason": "Again"}
    )
    assert response.status_code == 200
    assert "Choose one of the inspections listed" in response.content.decode()
    assert LegalHold.objects.count() == 1


def test_the_schedule_page_shows_what_is_due_and_what_is_kept(
    client, data_admin_user, settings, hold
):
    settings.RETENTION_JOB_FILES_DAYS = 90
    old = timezone.localdate() - timedelta(days=120)
    make_job(owner=data_admin_user, finished_on=old)
    make_job(owner=data_admin_user, finished_on=old, subject=hold.inspection)
    client.force_login(data_admin_user)
    page = client.get(reverse("retention:schedule")).content.decode()
    assert "Exports and job files" in page and "90 days from the day the job finished" in page
    assert f"{old:%-d %b %Y}" in page
    assert "1: A legal hold is in place on an inspection it is linked to" in page
    assert "Dispose of 1 record now" in page
    assert str(hold.inspection) in page


def test_with_nothing_due_the_page_says_so(client, data_admin_user):
    client.force_login(data_admin_user)
    page = client.get(reverse("retention:schedule")).content.decode()
    assert "Nothing is due for disposal today" in page
    assert "There are no legal holds" in page
    assert "Nothing has been disposed of yet" in page
