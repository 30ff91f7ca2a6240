"""The job kind this app owns: building a self-evaluation's PDF report."""

from django.contrib.contenttypes.models import ContentType

from inspection_readiness.jobs import JobFailed, JobResult, ProgressReporter, register_job_kind
from inspection_readiness.models import Job

from .workflow import EDIT_ROLES

SELF_EVALUATION_REPORT = "self_evaluation_report"


# A report takes seconds; minutes mean runaway text (5 MB of evidence once took 8.5 minutes).
@register_job_kind(
    SELF_EVALUATION_REPORT,
    "Self-evaluation PDF report",
    roles=EDIT_ROLES,
    time_limit_seconds=5 * 60,
)
def build_self_evaluation_report(job: Job, report: ProgressReporter) -> JobResult:
    from .models import SelfEvaluation
    from .reports import build_report

    expected_type = ContentType.objects.get_for_model(SelfEvaluation)
    self_evaluation = (
        SelfEvaluation.objects.select_related(
            "framework", "inspection", "approved_by", "submitted_by", "created_by"
        )
        .filter(pk=job.subject_id)
        .first()
        if job.subject_type_id == expected_type.pk
        else None
    )
    if self_evaluation is None:
        raise JobFailed("The self-evaluation has been deleted, so there is nothing to report.")
    return build_report(self_evaluation, report)


ANNUAL_SELF_EVALUATION_REPORT = "annual_self_evaluation_report"


@register_job_kind(
    ANNUAL_SELF_EVALUATION_REPORT,
    "Annual self-evaluation PDF",
    roles=EDIT_ROLES,
    time_limit_seconds=5 * 60,
)
def build_annual_self_evaluation_report(job: Job, report: ProgressReporter) -> JobResult:
    from .models import AnnualSelfEvaluation
    from .reports import build_annual_report

    expected_type = ContentType.objects.get_for_model(AnnualSelfEvaluation)
    annual = (
        AnnualSelfEvaluation.objects.filter(pk=job.subject_id).first()
        if job.subject_type_id == expected_type.pk
        else None
    )
    if annual is None:
        raise JobFailed(
            "The annual self-evaluation has been deleted, so there is nothing to report."
        )
    return build_annual_report(annual, report)
