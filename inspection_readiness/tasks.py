from celery import Task, shared_task

from .jobs import (
    execute_job,
    fail_job,
    job_kind,
    sweep_stuck_jobs,
    time_limit_reason,
    time_limits_for,
)
from .models import Job


class JobTask(Task):
    """Sends each job with its kind's time limits, and records a hard time limit as the job's
    failure (the worker has killed the process that would have recorded it)."""

    def apply_async(self, args=None, kwargs=None, **options):
        if args and "time_limit" not in options and not self.app.conf.task_always_eager:
            options = {**time_limits_for(args[0]), **options}
        return super().apply_async(args, kwargs, **options)

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        from celery.exceptions import TimeLimitExceeded

        if isinstance(exc, TimeLimitExceeded) and args:
            kind = Job.objects.filter(pk=args[0]).values_list("kind", flat=True).first()
            if kind is not None:
                fail_job(args[0], time_limit_reason(job_kind(kind)))


# Late acknowledgement (task_acks_late) with reject_on_worker_lost: if the process running a job
# dies, the broker hands the task out again, and execute_job fails the job instead of running it
# a second time.
@shared_task(name="inspection_readiness.run_job", base=JobTask, reject_on_worker_lost=True)
def run_job(job_id: int) -> str:
    """The one task for all long work: looks up the job and runs its kind's handler."""
    return execute_job(job_id).status


@shared_task(name="inspection_readiness.sweep_stuck_jobs", time_limit=120, soft_time_limit=110)
def sweep_jobs() -> int:
    """Run by beat every minute: fail every job that will never end by itself."""
    return len(sweep_stuck_jobs())


@shared_task(name="inspection_readiness.send_password_reset_email", time_limit=60)
def send_password_reset_email(email: str, domain: str, use_https: bool) -> int:
    """Look the address up and email a reset link if it has an account (see password_reset)."""
    from .password_reset import send_reset_email

    return send_reset_email(email=email, domain=domain, use_https=use_https)
