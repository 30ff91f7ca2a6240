"""An evidence file with a very long name is kept, under a short stored name, and shown and
downloaded under the name the person gave it (up to the field's length, extension kept)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ..models import EvidenceItem

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"


def test_a_300_character_file_name_is_kept_with_its_extension(ilacs, staff_user, client):
    long_name = "Front door audit " + "x" * 279 + ".pdf"
    assert len(long_name) == 300
    client.force_login(staff_user)
    response = client.post(
        reverse("judgements:evidence_add", args=[ilacs.pk, "J2", "file"]),
        {
            "title": "Front door audit",
            "file": SimpleUploadedFile(long_name, PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    item = EvidenceItem.objects.get()
    assert item.original_filename.startswith("Front door audit xxx")
    assert item.original_filename.endswith(".pdf")
    max_length = EvidenceItem._meta.get_field("original_filename").max_length
    assert len(item.original_filename) <= max_length
    assert len(item.file.name.rsplit("/", 1)[1]) < 80
    download = client.get(reverse("judgements:evidence_download", args=[ilacs.pk, item.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
