"""Disposal as a background job, started by a data admin from the retention page."""

from inspection_readiness.jobs import ProgressReporter, register_job_kind
from inspection_readiness.models import Job

from .services import DISPOSERS, dispose_expired

DISPOSAL_JOB = "retention_disposal"


@register_job_kind(
    DISPOSAL_JOB,
    "Disposal of records past their retention period",
    roles=DISPOSERS,
    time_limit_seconds=30 * 60,
)
def dispose(job: Job, report: ProgressReporter) -> None:
    dispose_expired(disposed_by=job.owner, report=report)
