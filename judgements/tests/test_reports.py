"""The PDF report, built as a background job in-process: contents, tagging, and failures that keep
the previous report."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from inspection_readiness.models import Job

from .. import services
from ..models import AreaAssessment
from .conftest import area

pytestmark = pytest.mark.django_db

PDF_EVIDENCE = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def build(django_capture_on_commit_callbacks):
    def run(self_evaluation, person) -> Job:
        with django_capture_on_commit_callbacks(execute=True):
            job = services.request_report(self_evaluation=self_evaluation, requested_by=person)
        job.refresh_from_db()
        return job

    return run


def test_report_has_every_judgement_evidence_and_page_numbers(
    complete_ilacs, staff_user, manager_user, client, build
):
    services.add_evidence(
        assessment=area(complete_ilacs, "J2"),
        kind="file",
        title="Front door audit",
        upload=SimpleUploadedFile("front-door.pdf", PDF_EVIDENCE),
        added_by=staff_user,
    )
    job = build(complete_ilacs, staff_user)
    assert job.status == Job.Status.SUCCEEDED, job.error
    content = job.result_file.read()
    text = pdf_text(content)
    names = AreaAssessment.objects.filter(self_evaluation=complete_ilacs).values_list(
        "area__name", flat=True
    )
    assert len(names) == 5
    for name in names:
        assert name in text
    assert "Summary of proposed grades" in text
    assert "Appendix: evidence" in text
    assert "front-door.pdf" in text
    reader = PdfReader(io.BytesIO(content))
    assert f"Page 2 of {len(reader.pages)}" in text
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # a tagged PDF
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title.startswith(complete_ilacs.title)

    # A manager downloads the report a member of staff built, from the self-evaluation's page.
    client.force_login(manager_user)
    download = client.get(reverse("judgements:report_download", args=[complete_ilacs.pk]))
    assert b"".join(download.streaming_content) == content
    assert download["Content-Type"] == "application/pdf"


def test_failed_build_keeps_the_previous_report_and_says_why(
    complete_ilacs, staff_user, client, build, monkeypatch
):
    good = build(complete_ilacs, staff_user)
    assert good.status == Job.Status.SUCCEEDED

    def broken(html: str) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr("inspection_readiness.pdf.render_pdf", broken)
    failed = build(complete_ilacs, staff_user)
    assert failed.status == Job.Status.FAILED
    assert failed.error.startswith("The PDF could not be written (OSError: disk full).")

    client.force_login(staff_user)
    page = client.get(reverse("judgements:detail", args=[complete_ilacs.pk])).content.decode()
    assert "The last PDF report could not be built" in page
    assert "disk full" in page
    assert "is still available below" in page
    download = client.get(reverse("judgements:report_download", args=[complete_ilacs.pk]))
    assert b"".join(download.streaming_content) == good.result_file.read()


def test_a_missing_evidence_file_stops_the_build_with_the_reason(complete_ilacs, staff_user, build):
    item = services.add_evidence(
        assessment=area(complete_ilacs, "J1"),
        kind="file",
        title="Workforce data",
        upload=SimpleUploadedFile("workforce.pdf", PDF_EVIDENCE),
        added_by=staff_user,
    )
    item.file.storage.delete(item.file.name)
    job = build(complete_ilacs, staff_user)
    assert job.status == Job.Status.FAILED
    assert "E1 'workforce.pdf' (The impact of leaders)" in job.error
    assert "Upload the file again or remove that evidence item" in job.error


def test_building_is_for_staff_and_managers_and_only_by_post(complete_ilacs, client, user_for_role):
    from inspection_readiness.roles import Role

    url = reverse("judgements:report_build", args=[complete_ilacs.pk])
    client.force_login(user_for_role(Role.DATA_ADMIN))
    assert client.post(url).status_code == 403
    client.force_login(user_for_role(Role.PREPARATION_STAFF))
    assert client.get(url).status_code == 405


def test_progress_is_shown_while_the_report_builds(complete_ilacs, staff_user, client):
    # Without running the queued job: the page shows the progress bar and its status address.
    services.request_report(self_evaluation=complete_ilacs, requested_by=staff_user)
    client.force_login(staff_user)
    page = client.get(reverse("judgements:detail", args=[complete_ilacs.pk])).content.decode()
    status_url = reverse("judgements:report_status", args=[complete_ilacs.pk])
    assert f'data-job-status-url="{status_url}"' in page
    assert 'role="progressbar"' in page
    status = client.get(status_url).json()
    assert (status["status"], status["finished"]) == ("queued", False)
