"""The job kind this app owns: laying out the Director's summary of an inspection as a PDF."""

from django.contrib.contenttypes.models import ContentType

from inspection_readiness.jobs import JobFailed, JobResult, ProgressReporter, register_job_kind
from inspection_readiness.models import Job

from .director import BUILD_ROLES

DIRECTORS_SUMMARY = "directors_summary"


# A summary takes a few seconds; minutes would mean something has run away.
@register_job_kind(
    DIRECTORS_SUMMARY,
    "Director's summary PDF",
    roles=BUILD_ROLES,
    time_limit_seconds=3 * 60,
)
def build_directors_summary(job: Job, report: ProgressReporter) -> JobResult:
    from frameworks.models import Inspection

    from .director import build_summary_pdf

    expected_type = ContentType.objects.get_for_model(Inspection)
    inspection = (
        Inspection.objects.select_related("framework", "visit_kind", "council")
        .filter(pk=job.subject_id)
        .first()
        if job.subject_type_id == expected_type.pk
        else None
    )
    if inspection is None:
        raise JobFailed("The inspection has been deleted, so there is nothing to summarise.")
    return build_summary_pdf(inspection, report)
