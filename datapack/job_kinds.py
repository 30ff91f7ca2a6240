"""The job kind this app owns: building a Day 1 data pack from an Annex A version."""

from django.contrib.contenttypes.models import ContentType

from annex_a.models import AnnexAVersion
from inspection_readiness.jobs import JobFailed, ProgressReporter, register_job_kind
from inspection_readiness.models import Job
from inspection_readiness.roles import Role

from .services import BUILD_JOB, build_data_pack, request_pack_build


def _build_again(job: Job, requested_by) -> Job:
    return request_pack_build(
        version=AnnexAVersion.objects.get(pk=job.subject_id), requested_by=requested_by
    )


@register_job_kind(
    BUILD_JOB,
    "Day 1 data pack",
    roles=[Role.DATA_ADMIN],
    time_limit_seconds=30 * 60,
    retry=_build_again,  # joins a build already waiting instead of queueing a second
)
def build_pack(job: Job, report: ProgressReporter) -> None:
    expected = ContentType.objects.get_for_model(AnnexAVersion)
    version = (
        AnnexAVersion.objects.filter(pk=job.subject_id).first()
        if job.subject_type_id == expected.pk
        else None
    )
    if version is None:
        raise JobFailed("The Annex A version has been deleted, so there is nothing to build from.")
    pack = build_data_pack(version=version, built_by=job.owner, job=job, report=report)
    report(100, f"Built the pack in {pack.seconds:.0f} seconds.")
