"""Evidence: upload limits and type checks with clear messages; links; download and removal."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from frameworks.models import Inspection
from inspection_readiness.councils import current_council

from .. import links
from ..evidence import EvidenceFileRejected, check_evidence_file
from ..models import EvidenceItem
from .conftest import area

pytestmark = pytest.mark.django_db

MEGABYTE = 1024 * 1024
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def office(first_member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(first_member, "<xml/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "accepted_as"),
    [
        ("audit.pdf", PDF, "PDF"),
        ("Audit Summary.PDF", PDF, "PDF"),
        ("plan.docx", office("word/document.xml"), "Word document"),
        ("data.xlsx", office("xl/workbook.xml"), "Excel spreadsheet"),
        ("minutes.csv", "Date,Item\n01/03/2026,Café\n".encode(), "CSV file"),
        ("chart.png", PNG, "PNG image"),
        ("photo.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 32, "JPEG image"),
    ],
)
def test_accepted_files(name, content, accepted_as):
    file = io.BytesIO(content)
    assert check_evidence_file(
        name=name, size=len(content), file=file, max_bytes=MEGABYTE
    ).label == (accepted_as)


@pytest.mark.parametrize(
    ("name", "content", "size", "message"),
    [
        ("empty.pdf", b"", 0, "The selected file (empty.pdf) is empty. Choose a file with content"),
        (
            "big.pdf",
            PDF,
            MEGABYTE + 1,
            "The selected file must be smaller than 1.0 MB: big.pdf is 1.0 MB",
        ),
        (
            "tool.exe",
            b"MZ\x90\x00",
            4,
            "The selected file must be a PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text, "
            "PNG or JPEG file: tool.exe is not",
        ),
        (
            "renamed.pdf",
            b"MZ\x90\x00this is a program",
            21,
            "The selected file (renamed.pdf) is not a real PDF: its contents do not match its "
            "name. Save it again as a PDF and upload it",
        ),
        (
            "fake.docx",
            office("xl/workbook.xml"),
            100,
            "The selected file (fake.docx) is not a real Word document",
        ),
        ("binary.csv", b"a,b\n\x00\x01\x02", 7, "The selected file (binary.csv) is not a real CSV"),
    ],
    ids=["empty", "too-big", "wrong-type", "renamed-program", "wrong-office-file", "binary-csv"],
)
def test_refused_files_say_why(name, content, size, message):
    with pytest.raises(EvidenceFileRejected) as refused:
        check_evidence_file(name=name, size=size, file=io.BytesIO(content), max_bytes=MEGABYTE)
    assert str(refused.value).startswith(message)


def test_uploading_through_the_page(ilacs, staff_user, client, settings):
    settings.EVIDENCE_UPLOAD_MAX_MEGABYTES = 1
    client.force_login(staff_user)
    url = reverse("judgements:evidence_add", args=[ilacs.pk, "J2", "file"])
    page = client.get(url)
    assert b"A PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text, PNG or JPEG file, " in (
        page.content
    )
    assert b"smaller than 1.0 MB" in page.content

    too_big = SimpleUploadedFile("audit.pdf", PDF + b"0" * MEGABYTE, "application/pdf")
    response = client.post(url, {"title": "Audit", "file": too_big})
    assert response.status_code == 200
    assert b"The selected file must be smaller than 1.0 MB: audit.pdf is 1.0 MB" in response.content
    assert b"<title>Error: " in response.content

    wrong = SimpleUploadedFile("notes.exe", b"MZ", "application/octet-stream")
    response = client.post(url, {"title": "Notes", "file": wrong})
    assert b"The selected file must be a PDF, Word" in response.content

    missing = client.post(url, {"title": "Audit"})
    assert b"Select a file" in missing.content
    assert not EvidenceItem.objects.exists()

    good = SimpleUploadedFile("Front door audit.pdf", PDF, "application/pdf")
    response = client.post(url, {"title": "Front door audit", "file": good})
    assert response.status_code == 302
    item = EvidenceItem.objects.get()
    assert (item.kind, item.original_filename, item.file_type, item.file_size) == (
        "file",
        "Front door audit.pdf",
        "PDF",
        len(PDF),
    )
    assert "Front door audit" not in item.file.name  # stored under a random name
    download = client.get(reverse("judgements:evidence_download", args=[ilacs.pk, item.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert 'filename="Front door audit.pdf"' in download["Content-Disposition"]


def test_removing_evidence_asks_first_and_deletes_the_file(
    ilacs, staff_user, client, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    client.post(
        reverse("judgements:evidence_add", args=[ilacs.pk, "J1", "file"]),
        {"title": "Chart", "file": SimpleUploadedFile("chart.png", PNG, "image/png")},
    )
    item = EvidenceItem.objects.get()
    storage, name = item.file.storage, item.file.name
    url = reverse("judgements:evidence_delete", args=[ilacs.pk, item.pk])
    page = client.get(url)
    assert b"Are you sure you want to remove this evidence?" in page.content
    assert EvidenceItem.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert not EvidenceItem.objects.exists()
    assert not storage.exists(name)


def test_written_evidence_and_links_to_records_kept_elsewhere(ilacs, staff_user, client):
    client.force_login(staff_user)
    base = reverse("judgements:area", args=[ilacs.pk, "J1"])
    client.post(
        f"{base}evidence/text/", {"title": "Workforce report", "text": "Agency staff down to 9%."}
    )
    refused = client.post(f"{base}evidence/link/", {"title": "Cohort"})
    assert b"Select a record in this service, or the kind of record" in refused.content
    assert b"Enter which record this is" in refused.content
    # An address cannot be typed: the form has no such field, and one sent anyway is ignored.
    client.post(
        f"{base}evidence/link/",
        {
            "link_kind": "annex_a_version",
            "title": "Annex A for the engagement meeting",
            "link_label": "Annex A version 3 (March 2026), sent by email",
            "link_address": "javascript:alert(1)",
        },
    )
    written, link = EvidenceItem.objects.order_by("pk")
    assert (written.kind, written.text) == ("text", "Agency staff down to 9%.")
    assert (link.kind, link.link_kind, link.link_label, link.link_address, link.linked_object) == (
        "link",
        "annex_a_version",
        "Annex A version 3 (March 2026), sent by email",
        "",
        None,
    )
    page = client.get(base)
    assert b"Annex A version: Annex A version 3" in page.content
    assert b"javascript" not in page.content


@pytest.fixture
def link_targets():
    """Tests may register their own targets; the app's own are put back afterwards."""
    saved = dict(links._TARGETS)
    yield links
    links._TARGETS.clear()
    links._TARGETS.update(saved)


def test_a_registered_record_can_be_linked_generically(ilacs, staff_user, client, link_targets):
    """The apps that own case audits, cohorts and Annex A versions register their records; any
    model will do, so an inspection stands in for one here."""
    link_targets.register_link_target("annex_a_version", records=Inspection.objects.all)
    inspection = Inspection.objects.create(
        council=current_council(), framework=ilacs.framework, notified_at=timezone.now()
    )
    client.force_login(staff_user)
    url = reverse("judgements:evidence_add", args=[ilacs.pk, "J1", "link"])
    page = client.get(url)
    choice = next(
        value
        for _group, options in page.context["form"].fields["record"].choices[1:]
        for value, _label in options
    )
    client.post(url, {"title": "Annex A", "record": choice})
    item = EvidenceItem.objects.get()
    assert item.linked_object == inspection
    assert (item.link_kind, item.link_label) == ("annex_a_version", str(inspection))
    assert item.link_address == inspection.get_absolute_url()


def test_evidence_cannot_be_added_to_another_area_by_a_data_admin(ilacs, data_admin_user, client):
    client.force_login(data_admin_user)
    response = client.post(
        reverse("judgements:evidence_add", args=[ilacs.pk, "J1", "text"]),
        {"title": "x", "text": "y"},
    )
    assert response.status_code == 403
    assert not area(ilacs, "J1").evidence.exists()
