"""Casework's background job: building children from an Annex A version (a thin wrapper)."""

from annex_a.models import AnnexAVersion
from inspection_readiness.jobs import ProgressReporter, register_job_kind
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
