from celery import shared_task

from .jobs import execute_job


@shared_task(name="inspection_readiness.run_job")
def run_job(job_id: int) -> str:
    """The one task for all long work: looks up the job and runs its kind's handler."""
    return execute_job(job_id).status
