"""The PDF report through a real Celery worker over Redis, as in production."""

import io
import re

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from frameworks.loading import load_all
from inspection_readiness import celery_app
from inspection_readiness.models import Job
from inspection_readiness.tests.test_worker import (  # noqa: F401  the worker fixture
    REDIS_URL,
    _wait_until_finished,
    celery_worker_process,
)

from .. import services
from ..models import AreaAssessment
from .conftest import GOOD_ILACS, area, fill, start


@pytest.fixture
def jobs_go_to_the_worker(celery_worker_process, monkeypatch):  # noqa: F811
    """Send queued jobs to the test worker's private queue, on an explicit connection, as the
    foundation's worker test does, so no connection pool can send them elsewhere."""
    from inspection_readiness.tasks import run_job

    def delay(job_id: int) -> None:
        with celery_app.connection_for_write(REDIS_URL) as broker:
            run_job.apply_async(args=[job_id], queue=celery_worker_process, connection=broker)

    monkeypatch.setattr(run_job, "delay", delay)


def _build(self_evaluation, person) -> Job:
    job = services.request_report(self_evaluation=self_evaluation, requested_by=person)
    return _wait_until_finished(job, seconds=120)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_report_is_built_by_a_real_worker_and_a_failure_keeps_it(
    jobs_go_to_the_worker, staff_user, manager_user, client
):
    load_all(apps)  # an earlier transactional test may have flushed the loaded frameworks
    self_evaluation = start("ILACS", staff_user)
    for code, grade in GOOD_ILACS.items():
        fill(self_evaluation, staff_user, code, grade)
    evidence = services.add_evidence(
        assessment=area(self_evaluation, "J3"),
        kind="file",
        title="Sufficiency report",
        upload=SimpleUploadedFile("sufficiency.pdf", b"%PDF-1.4\n%%EOF\n"),
        added_by=staff_user,
    )

    good = _build(self_evaluation, staff_user)
    assert good.status == Job.Status.SUCCEEDED, good.error
    content = good.result_file.read()
    reader = PdfReader(io.BytesIO(content))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    for name in AreaAssessment.objects.filter(self_evaluation=self_evaluation).values_list(
        "area__name", flat=True
    ):
        assert name in text

    # Force a failure the worker meets for real: the stored evidence file has gone.
    evidence.file.storage.delete(evidence.file.name)
    failed = _build(self_evaluation, staff_user)
    assert failed.status == Job.Status.FAILED
    assert "'sufficiency.pdf' (Children in care)" in failed.error

    client.force_login(manager_user)
    page = client.get(reverse("judgements:detail", args=[self_evaluation.pk])).content.decode()
    assert "The last PDF report could not be built" in page
    assert "sufficiency.pdf" in page
    download = client.get(reverse("judgements:report_download", args=[self_evaluation.pk]))
    assert b"".join(download.streaming_content) == content
