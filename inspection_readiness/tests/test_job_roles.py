"""Starting a job checks the person's role against the job kind's roles, whoever calls
``start_job``; the kind's roles are those of the view that starts it. A job the service starts
on its own after an import (``started_by_system=True``) has no person to check."""

import pytest
from django.core.exceptions import PermissionDenied

import annex_a.views
import casework.views.children
import casework.views.summary
import datapack.views
import inspection_readiness.views.activity
import judgements.views.reports
from annex_a.job_kinds import EXPORT_JOB, HIGHLIGHT_JOB
from annex_a.services import IMPORT_JOB
from casework.job_kinds import AUDIT_SUMMARY_PDF, REFRESH_JOB
from datapack.services import BUILD_JOB
from inspection_readiness.job_kinds import ACTIVITY_EXPORT
from inspection_readiness.jobs import job_kind, start_job
from inspection_readiness.models import Job
from inspection_readiness.roles import ALL_ROLES
from judgements.job_kinds import SELF_EVALUATION_REPORT

pytestmark = pytest.mark.django_db

# Each kind a person starts, with the view that starts it (directly or through its service).
STARTED_FROM = {
    HIGHLIGHT_JOB: annex_a.views.highlighted_copy,
    EXPORT_JOB: annex_a.views.version_export,
    IMPORT_JOB: annex_a.views.upload,
    ACTIVITY_EXPORT: inspection_readiness.views.activity.export_activity,
    REFRESH_JOB: casework.views.children.refresh_children,
    AUDIT_SUMMARY_PDF: casework.views.summary.build_summary_pdf,
    BUILD_JOB: datapack.views.build,
    SELF_EVALUATION_REPORT: judgements.views.reports.build,
}
TABLE = [
    pytest.param(kind, role, id=f"{kind}-{role}")
    for kind in STARTED_FROM
    for role in [*ALL_ROLES, None]
]


@pytest.mark.parametrize("kind", STARTED_FROM)
def test_a_kind_allows_the_roles_of_the_view_that_starts_it(kind):
    assert job_kind(kind).roles == STARTED_FROM[kind].allowed_roles


@pytest.mark.parametrize("kind, role", TABLE)
def test_a_person_starts_a_job_only_with_one_of_its_roles(user_for_role, kind, role):
    person = user_for_role(role)
    if role in job_kind(kind).roles:
        job = start_job(kind=kind, owner=person)
        assert job.owner == person and job.status == Job.Status.QUEUED
    else:
        with pytest.raises(PermissionDenied, match="can start “"):
            start_job(kind=kind, owner=person)
        assert not Job.objects.exists()


@pytest.mark.parametrize("kind", [REFRESH_JOB, BUILD_JOB])
def test_a_job_the_service_starts_itself_is_not_refused(outsider, kind):
    job = start_job(kind=kind, owner=outsider, started_by_system=True)
    assert job.owner == outsider and job.status == Job.Status.QUEUED
