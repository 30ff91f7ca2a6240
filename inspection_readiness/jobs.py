"""Background jobs: one model and one Celery task for all long work.

Each app registers a *job kind* with a handler, the roles that may start it and its time
limits. A handler takes the job and a ``report`` callback and returns a ``JobResult`` (a file)
or ``None``. It raises ``JobFailed`` with a plain-English reason when the work cannot be done;
any other exception is recorded too.

Every job ends, whatever happens to the process running it: a running job says it is alive
(its heartbeat) every ``JOB_HEARTBEAT_SECONDS``; ``sweep_stuck_jobs`` fails a job whose
heartbeat stopped (its worker died), one the broker never handed to a worker, and one past its
kind's hard time limit. A failed job keeps the previous good result and never blocks a new one.
"""

import logging
import math
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import connection, models, transaction
from django.utils import timezone

from .models import Job
from .roles import Role, check_role, user_has_role

logger = logging.getLogger(__name__)

ProgressReporter = Callable[[int, str], None]

UNFINISHED = (Job.Status.QUEUED, Job.Status.RUNNING)

# Limits when a kind names none: most work is an import, a build or an export of a version.
DEFAULT_TIME_LIMIT_SECONDS = 30 * 60

BROKER_DOWN_REASON = (
    "The background service is not answering, so the job could not start. Try again in a few "
    "minutes; if it keeps happening, tell your IT team."
)
WORKER_LOST_REASON = (
    "The job stopped part-way because the background service running it stopped (for example, "
    "it ran out of memory). Nothing was saved from this attempt. Try again; if it happens again, "
    "tell your IT team."
)
NEVER_STARTED_REASON = (
    "The job waited {waited} without starting, so the background service has lost it. Try "
    "again; if it happens again, tell your IT team."
)
TIME_LIMIT_REASON = (
    "This job took longer than {limit} and was stopped. Nothing was saved from this attempt. "
    "Try again; if it happens again, tell your IT team."
)


class JobFailed(Exception):
    """The work cannot be done; the message is shown to the person as the reason."""


@dataclass(frozen=True)
class JobResult:
    """The file a job made: ``content`` in memory, or a temporary file at ``path`` for large
    results written as a stream (the file is moved into storage and the temporary one removed)."""

    name: str
    content: bytes = b""
    path: Path | None = None


@dataclass(frozen=True)
class JobKind:
    code: str
    label: str
    handler: Callable[[Job, ProgressReporter], JobResult | None]
    roles: frozenset[Role]
    # The worker stops the handler (SoftTimeLimitExceeded) at the soft limit and kills the
    # process at the hard one.
    time_limit_seconds: int
    soft_time_limit_seconds: int
    # Starts the job again for "Try again", when that needs more than a new job (for example
    # a service that checks the subject's state first). Default: a new job, same parameters.
    retry: Callable[[Job, AbstractBaseUser], Job] | None = None


_KINDS: dict[str, JobKind] = {}


def register_job_kind(
    code: str,
    label: str,
    *,
    roles: Iterable[Role] = (Role.DATA_ADMIN,),
    time_limit_seconds: int = DEFAULT_TIME_LIMIT_SECONDS,
    soft_time_limit_seconds: int | None = None,
    retry: Callable[[Job, AbstractBaseUser], Job] | None = None,
) -> Callable:
    """Decorator that registers ``handler`` as the work done for jobs of kind ``code``.

    ``roles`` may start (and so try again) a job of this kind. The soft limit defaults to a
    minute (or a tenth) before the hard one, so the handler has time to give up cleanly.
    """
    if soft_time_limit_seconds is None:
        soft_time_limit_seconds = time_limit_seconds - min(60, time_limit_seconds // 10)
    if not 0 < soft_time_limit_seconds <= time_limit_seconds:
        raise ValueError(f"Job kind {code!r}: the soft time limit must be within the hard one")

    def decorator(handler: Callable[[Job, ProgressReporter], JobResult | None]) -> Callable:
        _KINDS[code] = JobKind(
            code=code,
            label=label,
            handler=handler,
            roles=frozenset(roles),
            time_limit_seconds=time_limit_seconds,
            soft_time_limit_seconds=soft_time_limit_seconds,
            retry=retry,
        )
        return handler

    return decorator


def job_kind(code: str) -> JobKind:
    try:
        return _KINDS[code]
    except KeyError:
        raise LookupError(f"No job kind {code!r} is registered") from None


def job_kinds() -> list[JobKind]:
    return list(_KINDS.values())


def unregister_job_kind(code: str) -> None:
    """Forget a kind (tests register their own kinds and remove them afterwards)."""
    _KINDS.pop(code, None)


# ---- Starting -----------------------------------------------------------------------------


def start_job(
    *,
    kind: str,
    owner: AbstractBaseUser,
    subject: models.Model | None = None,
    parameters: dict | None = None,
    started_by_system: bool = False,
) -> Job:
    """Create a queued job and hand it to a worker once the surrounding transaction commits.

    Raises ``PermissionDenied`` unless ``owner`` holds one of the kind's roles. A job the
    service starts on its own (after an import, say) passes ``started_by_system=True``: no
    person asked for it, so there is no one to check.

    If the broker does not answer, the job is failed with a reason the person can act on, so
    the request that started it still ends normally.
    """
    registered = job_kind(kind)  # fail now, not in the worker, for an unknown kind
    if not started_by_system:
        check_role(owner, registered.roles, to=f"start “{registered.label}”")
    sweep_stuck_jobs_now_and_then()
    job = Job.objects.create(
        kind=kind,
        owner=owner,
        parameters=parameters or {},
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=subject.pk if subject is not None else None,
        message="Waiting for a worker to start this job.",
    )
    transaction.on_commit(lambda: send_job(job.pk))
    return job


def send_job(job_id: int) -> None:
    """Hand a job to the broker; if it is down, fail the job instead of the request. With no
    broker and ``JOBS_RUN_IN_BACKGROUND_THREAD`` on, a thread in this process runs it
    (``background.py``), so the request still ends at once."""
    from . import background
    from .tasks import run_job  # the task module imports this one

    if background.runs_in_background_thread():
        background.submit(job_id)
        return
    try:
        run_job.delay(job_id)
    except _broker_errors() as error:
        logger.error("Could not queue job %s: %s", job_id, error)
        fail_job(job_id, BROKER_DOWN_REASON)


def _broker_errors() -> tuple[type[BaseException], ...]:
    from kombu.exceptions import OperationalError

    errors: tuple[type[BaseException], ...] = (OperationalError, ConnectionError, OSError)
    try:
        from redis.exceptions import RedisError
    except ImportError:  # pragma: no cover  redis is installed with celery[redis]
        return errors
    return (*errors, RedisError)


def time_limits_for(job_id: int) -> dict[str, int]:
    """Celery's per-message time limits for a job, from its kind."""
    code = Job.objects.filter(pk=job_id).values_list("kind", flat=True).first()
    if code is None or code not in _KINDS:
        return {}
    kind = _KINDS[code]
    return {
        "time_limit": kind.time_limit_seconds,
        "soft_time_limit": kind.soft_time_limit_seconds,
    }


def retry_job(*, job: Job, requested_by: AbstractBaseUser) -> Job:
    """Start a failed job again as a new job of the same kind, subject and parameters, owned by
    the person who asked. Raises ``PermissionDenied`` if they may not start this kind of job."""
    kind = job_kind(job.kind)
    if not user_has_role(requested_by, kind.roles):
        raise PermissionDenied("You cannot start this kind of job.")
    if job.status != Job.Status.FAILED:
        raise ValidationError("Only a failed job can be tried again.")
    subject = job.subject if job.subject_type_id is not None else None
    if job.subject_type_id is not None and subject is None:
        raise ValidationError("What this job was about has been deleted, so it cannot be run.")
    from .audit import record_event

    with transaction.atomic():
        if kind.retry is not None:
            new_job = kind.retry(job, requested_by)
        else:
            new_job = start_job(
                kind=job.kind, owner=requested_by, subject=subject, parameters=job.parameters
            )
        record_event(
            actor=requested_by,
            obj=subject if subject is not None else job,
            description=f"Asked for the failed job “{kind.label}” to be tried again",
            details={"failed_job_id": job.pk, "job_id": new_job.pk},
        )
    return new_job


def may_retry(user: AbstractBaseUser, job: Job) -> bool:
    return job.status == Job.Status.FAILED and user_has_role(user, job_kind(job.kind).roles)


# ---- Running ------------------------------------------------------------------------------


def report_progress(job_id: int, percent: int, message: str) -> None:
    """Record progress (and that the job is alive)."""
    Job.objects.filter(pk=job_id).update(
        progress=max(0, min(100, int(percent))),
        message=message[:300],
        heartbeat_at=timezone.now(),
    )


def execute_job(job_id: int) -> Job:
    """Run a job's handler and record how it ended. Called by the Celery task.

    Only a queued job runs. A job that has ended (finished, or failed by the sweep) is left as
    it is. A job already running is a task handed out again because the process running it
    died (late acknowledgement): running it again would likely kill the next one too.
    """
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now, heartbeat_at=now, message="Started."
    )
    if not claimed:
        job = Job.objects.get(pk=job_id)
        if job.status == Job.Status.RUNNING:
            return fail_job(job_id, WORKER_LOST_REASON)
        return job
    job = Job.objects.select_related("owner").get(pk=job_id)
    kind = job_kind(job.kind)
    try:
        from auditlog.context import set_actor
        from celery.exceptions import SoftTimeLimitExceeded

        with _Heartbeat(job.pk), set_actor(job.owner):
            result = kind.handler(job, lambda p, m: report_progress(job.pk, p, m))
    except SoftTimeLimitExceeded:
        return fail_job(job.pk, time_limit_reason(kind))
    except JobFailed as failure:
        if _past_soft_limit(job, kind):  # the handler turned the time limit into its own failure
            return fail_job(job.pk, time_limit_reason(kind))
        return fail_job(job.pk, str(failure))
    except Exception as error:  # noqa: BLE001  any error must end the job, not leave it running
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        if _past_soft_limit(job, kind):
            return fail_job(job.pk, time_limit_reason(kind))
        return fail_job(
            job.pk,
            f"An unexpected error stopped the job ({type(error).__name__}: {error}). "
            "Try again; if it fails again, tell your data admin.",
        )
    return _record_success(job, result)


def _record_success(job: Job, result: JobResult | None) -> Job:
    job.refresh_from_db()
    if result is not None:
        job.result_name = result.name
        if result.path is not None:
            with result.path.open("rb") as handle:
                job.result_file.save(result.name, File(handle), save=False)
            result.path.unlink(missing_ok=True)
        else:
            job.result_file.save(result.name, ContentFile(result.content), save=False)
    # Only a job still running succeeds: one the sweep failed meanwhile stays failed, since the
    # person has been told so and may have started another.
    succeeded = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        result_name=job.result_name,
        result_file=job.result_file.name or "",
        status=Job.Status.SUCCEEDED,
        progress=100,
        message="Finished.",
        finished_at=timezone.now(),
    )
    if not succeeded and job.result_file:
        job.result_file.delete(save=False)
    job.refresh_from_db()
    return job


def _past_soft_limit(job: Job, kind: JobKind) -> bool:
    started = job.started_at or timezone.now()
    return timezone.now() - started >= timedelta(seconds=kind.soft_time_limit_seconds)


def fail_job(job_id: int, reason: str) -> Job:
    """Mark a job that has not ended as failed with ``reason``; a job that has ended is left."""
    Job.objects.filter(pk=job_id, status__in=UNFINISHED).update(
        status=Job.Status.FAILED, error=reason, message="Failed.", finished_at=timezone.now()
    )
    return Job.objects.select_related("owner").get(pk=job_id)


def time_limit_reason(kind: JobKind) -> str:
    return TIME_LIMIT_REASON.format(limit=_duration(kind.time_limit_seconds))


def _duration(seconds: float) -> str:
    if seconds < 60:
        whole = math.ceil(seconds)
        return f"{whole} second{'s' if whole != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


class _Heartbeat:
    """Touches the job's heartbeat from a thread while the handler runs, so the sweep can tell a
    long step (a big query, a PDF layout) from a worker that has died."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.every = settings.JOB_HEARTBEAT_SECONDS
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat")
        self._thread.daemon = True

    def __enter__(self) -> "_Heartbeat":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.every):
                try:
                    Job.objects.filter(pk=self.job_id, status=Job.Status.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except Exception as error:  # noqa: BLE001  a missed beat (SQLite busy) is retried
                    logger.warning("Job %s missed a heartbeat: %s", self.job_id, error)
                    connection.close()
        finally:
            connection.close()  # this thread's own connection


# ---- Finding jobs that will never end -----------------------------------------------------


def stuck_reason(job: Job, now: datetime) -> str | None:
    """Why ``job`` will never end by itself, or ``None`` if it may still.

    A running job is stuck when its heartbeat has been silent for longer than
    ``JOB_HEARTBEAT_TIMEOUT_SECONDS`` (its worker died) or it has run past its kind's hard time
    limit (with one heartbeat's grace, for the worker to stop it first); a queued job when it
    has waited longer than ``JOB_QUEUED_TIMEOUT_SECONDS`` (the broker lost it).
    """
    if job.status == Job.Status.QUEUED:
        waited = (now - job.created_at).total_seconds()
        if waited > settings.JOB_QUEUED_TIMEOUT_SECONDS:
            return NEVER_STARTED_REASON.format(waited=_duration(waited))
        return None
    if job.status != Job.Status.RUNNING:
        return None
    kind = _KINDS.get(job.kind)
    started = job.started_at or job.created_at
    if kind is not None:
        limit = kind.time_limit_seconds + settings.JOB_HEARTBEAT_SECONDS
        if (now - started).total_seconds() > limit:
            return time_limit_reason(kind)
    last_sign_of_life = job.heartbeat_at or started
    if (now - last_sign_of_life).total_seconds() > settings.JOB_HEARTBEAT_TIMEOUT_SECONDS:
        return WORKER_LOST_REASON
    return None


def fail_if_stuck(job: Job) -> Job:
    """``job`` as it is, or failed with the reason if it will never end by itself."""
    if job.is_finished or stuck_reason(job, timezone.now()) is None:
        return job
    _fail_stuck(job.pk)
    job.refresh_from_db()
    return job


def sweep_stuck_jobs() -> list[Job]:
    """Fail every job that will never end by itself; return them."""
    now = timezone.now()
    failed = []
    for job in Job.objects.filter(status__in=UNFINISHED).order_by("pk"):
        if stuck_reason(job, now) is not None and _fail_stuck(job.pk):
            failed.append(Job.objects.get(pk=job.pk))
    for job in failed:
        logger.warning("Job %s (%s) failed by the sweep: %s", job.pk, job.kind, job.error)
    return failed


def _fail_stuck(job_id: int) -> bool:
    """Fail the job if it is still stuck when locked. A row another transaction holds belongs
    to a handler that is alive (a dead worker's transaction is rolled back), so it is skipped."""
    with transaction.atomic():
        job = (
            Job.objects.select_for_update(skip_locked=True)
            .filter(pk=job_id, status__in=UNFINISHED)
            .first()
        )
        reason = stuck_reason(job, timezone.now()) if job is not None else None
        if reason is None:
            return False
        fail_job(job_id, reason)
    return True


_last_sweep = 0.0
SWEEP_AT_MOST_EVERY_SECONDS = 60


def sweep_stuck_jobs_now_and_then() -> None:
    """Sweep at most once a minute per process, so the sweep happens without beat too."""
    global _last_sweep
    if time.monotonic() - _last_sweep < SWEEP_AT_MOST_EVERY_SECONDS:
        return
    _last_sweep = time.monotonic()
    sweep_stuck_jobs()


# ---- Reading ------------------------------------------------------------------------------


def latest_job(kind: str, subject: models.Model) -> Job | None:
    """The newest job of ``kind`` about ``subject``, whatever its status (failed, if it was
    stuck: so a job whose worker died never blocks the next one)."""
    job = (
        Job.objects.filter(
            kind=kind,
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
        )
        .select_related("owner")
        .order_by("-created_at", "-pk")
        .first()
    )
    return fail_if_stuck(job) if job is not None else None


def previous_good_result(job: Job) -> Job | None:
    """The latest succeeded job of the same kind and subject, other than ``job`` itself."""
    return (
        Job.objects.filter(
            kind=job.kind,
            subject_type=job.subject_type,
            subject_id=job.subject_id,
            status=Job.Status.SUCCEEDED,
        )
        .exclude(pk=job.pk)
        .exclude(result_file="")
        .order_by("-finished_at", "-pk")
        .first()
    )
