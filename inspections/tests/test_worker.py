"""The Director's summary PDF made by a real Celery worker over Redis, as in production."""

import pytest
from django.conf import settings

from inspection_readiness import celery_app
from inspection_readiness.models import Job
from inspection_readiness.tests.test_worker import (  # noqa: F401  the worker fixture
    REDIS_URL,
    _wait_until_finished,
    celery_worker_process,
)
from inspections import director

from .test_directors_summary import pdf_text


@pytest.fixture
def jobs_go_to_the_worker(celery_worker_process, monkeypatch):  # noqa: F811
    from inspection_readiness.tasks import run_job

    def delay(job_id: int) -> None:
        with celery_app.connection_for_write(REDIS_URL) as broker:
            run_job.apply_async(args=[job_id], queue=celery_worker_process, connection=broker)

    monkeypatch.setattr(run_job, "delay", delay)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_directors_summary_is_made_by_a_real_worker(
    jobs_go_to_the_worker, short_inspection, manager_user
):
    job = director.request_summary(actor=manager_user, inspection=short_inspection)
    job = _wait_until_finished(job, seconds=180)
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.progress == 100
    content = job.result_file.read()
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert settings.COUNCIL_NAME in text
    assert "OFFICIAL-SENSITIVE" in text
    # The Annex A deadline given on the call, as the deadlines table prints it.
    assert "Thu 21 May 2026" in text
    assert "Deadlines" in text
