"""Background jobs with no broker: a few daemon threads in the web process run them.

The run command (``script/run``) serves the app with SQLite and no Celery broker. Celery's
eager mode would then run a job inside the request that started it, so a 100,000-row import
kept the browser on a blank page for half a minute. With ``JOBS_RUN_IN_BACKGROUND_THREAD`` on
(the default when no broker is set), ``jobs.send_job`` hands the job to this module instead:
the request ends at once and the job page's progress bar moves as the job reports.

Why threads, not a Celery worker on kombu's filesystem or SQLAlchemy transport: a second
process is one more thing for the run command to start, stop and clean up after, and its queue
files would outlive a crash. A thread needs nothing, and ``jobs.execute_job`` already records
everything a job needs to be trusted (claiming it once, its heartbeat, its progress, a plain
reason when it fails). What threads give up, and how each is covered:

- Time limits: nothing can interrupt a thread, so a job past its kind's hard limit is failed by
  ``jobs.sweep_stuck_jobs`` (its late result is then discarded, as for a worker).
- A server restart (or Ctrl+C) ends the threads with the process. The job's heartbeat stops,
  so the sweep fails it after ``JOB_HEARTBEAT_TIMEOUT_SECONDS`` with the "background service
  stopped" reason; it is never left spinning.
- Each thread closes its database connections after every job, so none is left open.
- SQLite writes one transaction at a time: while an import's one transaction stores its rows,
  other writes (a page's session, a heartbeat) wait for it (``timeout`` in settings) rather
  than fail, and WAL lets pages read meanwhile. The bar rests at the "storing" step until then.

Production runs a Celery worker over Redis (``CELERY_BROKER_URL``); tests run jobs eagerly
unless a test turns this mode on.
"""

import logging
import queue
import threading

from django.conf import settings
from django.db import close_old_connections, connections

logger = logging.getLogger(__name__)

# Two at once: an import and, say, a pack build it starts. More would only share two cores.
BACKGROUND_THREADS = 2

CRASHED_REASON = (
    "The job stopped because of an unexpected problem in the service running it. Nothing was "
    "saved from this attempt. Try again; if it happens again, tell your IT team."
)

_queue: "queue.Queue[int]" = queue.Queue()
_threads: list[threading.Thread] = []
_lock = threading.Lock()


def runs_in_background_thread() -> bool:
    """Whether ``send_job`` should use these threads rather than Celery."""
    return bool(settings.JOBS_RUN_IN_BACKGROUND_THREAD) and not settings.CELERY_BROKER_URL


def submit(job_id: int) -> None:
    """Queue the job for a background thread; returns at once."""
    _start_threads()
    _queue.put(job_id)


def _start_threads() -> None:
    with _lock:
        _threads[:] = [thread for thread in _threads if thread.is_alive()]
        while len(_threads) < BACKGROUND_THREADS:
            thread = threading.Thread(
                target=_work, name=f"background-jobs-{len(_threads) + 1}", daemon=True
            )
            thread.start()
            _threads.append(thread)


def _work() -> None:
    while True:
        job_id = _queue.get()
        try:
            run_in_this_thread(job_id)
        finally:
            _queue.task_done()


def run_in_this_thread(job_id: int) -> None:
    """Run one job as a worker would, with this thread's own database connection, and close
    it afterwards. Anything that escapes ``execute_job`` fails the job with a plain reason."""
    from .jobs import execute_job, fail_job

    close_old_connections()
    try:
        execute_job(job_id)
    except Exception:  # noqa: BLE001  the job must end, whatever went wrong around it
        logger.exception("Background job %s crashed", job_id)
        try:
            fail_job(job_id, CRASHED_REASON)
        except Exception:  # noqa: BLE001  the database itself is gone: the sweep will fail it
            logger.exception("Could not record that background job %s failed", job_id)
    finally:
        connections.close_all()


def wait_until_idle(timeout: float = 30.0) -> bool:
    """For tests: wait until every queued job has been run. True if they all were."""
    done = threading.Event()

    def join() -> None:
        _queue.join()
        done.set()

    threading.Thread(target=join, daemon=True).start()
    return done.wait(timeout)
