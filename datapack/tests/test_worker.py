"""A pack built by a real Celery worker over Redis, as in production."""

import io

import pytest
from openpyxl import load_workbook

from datapack import services
from datapack.models import DataPack
from inspection_readiness import celery_app
from inspection_readiness.models import Job
from inspection_readiness.tests.test_worker import (  # noqa: F401  the worker fixture
    REDIS_URL,
    _wait_until_finished,
    celery_worker_process,
)

from .conftest import make_version


@pytest.fixture
def jobs_go_to_the_worker(celery_worker_process, monkeypatch):  # noqa: F811
    from inspection_readiness.tasks import run_job

    def delay(job_id: int) -> None:
        with celery_app.connection_for_write(REDIS_URL) as broker:
            run_job.apply_async(args=[job_id], queue=celery_worker_process, connection=broker)

    monkeypatch.setattr(run_job, "delay", delay)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_pack_is_built_by_a_real_worker(jobs_go_to_the_worker, data_admin_user):
    version = make_version(data_admin_user)
    job = services.request_pack_build(version=version, requested_by=data_admin_user)
    job = _wait_until_finished(job, seconds=180)
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.progress == 100
    pack = DataPack.objects.get(version=version)
    assert pack.job == job
    assert pack.results["measures"]["cp_open"]["numerator"] == 3
    assert "Children in care" in load_workbook(io.BytesIO(pack.xlsx.read())).sheetnames
    assert pack.pdf.read().startswith(b"%PDF")
