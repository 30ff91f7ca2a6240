"""Casework's background job: building children from an Annex A version (a thin wrapper)."""

from annex_a.models import AnnexAVersion
from inspection_readiness.jobs import JobFailed, JobResult, ProgressReporter, register_job_kind
from inspection_readiness.models import Job
from inspection_readiness.roles import Role

from .models import ChildrenBuild
from .services import refresh_children

REFRESH_JOB = "casework_refresh_children"


@register_job_kind(
    REFRESH_JOB,
    "Build children from Annex A",
    roles=[Role.MANAGER, Role.DATA_ADMIN],
    time_limit_seconds=30 * 60,
)
def build_children(job: Job, report: ProgressReporter) -> None:
    version = AnnexAVersion.objects.get(pk=job.subject_id)
    if ChildrenBuild.objects.filter(
        council=version.council, version__number__gt=version.number
    ).exists():
        # A newer version was built while this job waited: building an older one would go back.
        report(100, "Children were already built from a newer version; nothing to do.")
        return
    refresh_children(version=version, built_by=job.owner, report=report)


AUDIT_SUMMARY_PDF = "casework_audit_summary_pdf"
# The summary names children and their auditors: managers, who see every audit, build it.
AUDIT_SUMMARY_ROLES = (Role.MANAGER,)


@register_job_kind(
    AUDIT_SUMMARY_PDF,
    "Case audit summary PDF",
    roles=AUDIT_SUMMARY_ROLES,
    time_limit_seconds=5 * 60,
)
def build_audit_summary_pdf(job: Job, report: ProgressReporter) -> JobResult:
    from django.contrib.contenttypes.models import ContentType

    from frameworks.models import Inspection

    from .summary_reports import build_summary_pdf

    expected_type = ContentType.objects.get_for_model(Inspection)
    inspection = (
        Inspection.objects.select_related("framework", "council").filter(pk=job.subject_id).first()
        if job.subject_type_id == expected_type.pk
        else None
    )
    if inspection is None:
        raise JobFailed("The inspection has been deleted, so there is nothing to summarise.")
    return build_summary_pdf(inspection, report)
