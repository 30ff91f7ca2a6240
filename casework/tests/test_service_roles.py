"""Each casework service that changes who is audited, or how, checks the person's role itself,
not only its view: a manager may; preparation staff, data admins and people with no role are
refused with nothing changed."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from inspection_readiness.roles import Role

from .. import services
from ..models import CaseAudit, CohortMember, CohortSelection, InspectorChoice

pytestmark = pytest.mark.django_db

REFUSED = [Role.PREPARATION_STAFF, Role.DATA_ADMIN, None]


@pytest.mark.parametrize("role", REFUSED, ids=str)
def test_only_a_manager_selects_cohorts(children, rehearsal, user_for_role, role):
    with pytest.raises(PermissionDenied):
        services.select_cohorts(inspection=rehearsal, seed=7, selected_by=user_for_role(role))
    assert not CohortSelection.objects.filter(inspection=rehearsal).exists()


@pytest.mark.parametrize("role", REFUSED, ids=str)
def test_only_a_manager_swaps_a_child(selection, user_for_role, role):
    member = selection.members.filter(cohort="audit").first()
    with pytest.raises(PermissionDenied):
        services.swap_cohort_member(
            member=member, reason="Moved away", swapped_by=user_for_role(role)
        )
    assert CohortMember.objects.get(pk=member.pk).child_id == member.child_id


@pytest.mark.parametrize("role", REFUSED, ids=str)
def test_only_a_manager_records_inspectors_choices(selection, user_for_role, role):
    child_id = selection.members.first().child.child_id
    with pytest.raises(PermissionDenied):
        services.record_inspector_choices(
            selection=selection, pasted=child_id, recorded_by=user_for_role(role)
        )
    assert not InspectorChoice.objects.exists()


@pytest.mark.parametrize("role", REFUSED, ids=str)
def test_only_a_manager_assigns_audits(selection, rehearsal, staff_user, user_for_role, role):
    member = selection.members.filter(cohort="audit").select_related("child").first()
    with pytest.raises(PermissionDenied):
        services.assign_audits(
            inspection=rehearsal,
            children=[member.child],
            auditor=staff_user,
            due_date=date(2026, 12, 7),
            assigned_by=user_for_role(role),
        )
    assert not CaseAudit.objects.filter(inspection=rehearsal).exists()


def test_a_manager_assigns_audits(selection, rehearsal, staff_user, manager_user):
    member = selection.members.filter(cohort="audit").select_related("child").first()
    [audit] = services.assign_audits(
        inspection=rehearsal,
        children=[member.child],
        auditor=staff_user,
        due_date=date(2026, 12, 7),
        assigned_by=manager_user,
    )
    assert audit.assigned_by == manager_user


@pytest.mark.parametrize("role", [Role.PREPARATION_STAFF, None], ids=str)
def test_the_rebuild_after_an_import_is_started_whoever_imported(user_for_role, role):
    # Not a person's request (say the importer's role changed since): the service's own job
    # is started with started_by_system, so start_job's role check does not refuse it.
    from annex_a.signals import version_imported
    from inspection_readiness.models import Job

    from ..job_kinds import REFRESH_JOB
    from .factories import make_version

    version = make_version(
        rows=20, as_at=date(2026, 11, 20), seed=5, imported_by=user_for_role(role)
    )
    version_imported.send(sender=type(version), version=version)
    job = Job.objects.get(kind=REFRESH_JOB)
    assert job.subject == version and job.owner == version.created_by
