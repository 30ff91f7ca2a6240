"""Every PDF goes through one place: a tagged PDF/UA-1 document, or a job failure that says why
and what is kept."""

import pytest

from inspection_readiness import pdf
from inspection_readiness.jobs import JobFailed


def test_a_pdf_is_tagged_pdf_ua():
    import io

    from pypdf import PdfReader

    made = pdf.pdf_for_job("<html lang='en-GB'><title>T</title><p>Hello</p></html>")
    catalog = PdfReader(io.BytesIO(made)).trailer["/Root"]
    assert "/StructTreeRoot" in catalog  # tagged, so it can be read aloud
    assert catalog["/Lang"] == "en-GB"
    assert b"pdfuaid" in catalog["/Metadata"].get_object().get_data()  # says it is PDF/UA


def test_a_failure_says_what_went_wrong_and_what_is_kept(monkeypatch):
    def broken(html):
        raise OSError("disk full")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    with pytest.raises(JobFailed) as failed:
        pdf.pdf_for_job("<p>x</p>", kept="The last pack is still shown.")
    assert str(failed.value) == (
        "The PDF could not be written (OSError: disk full). The last pack is still shown. "
        "Try again; if it fails again, tell your data admin."
    )
    with pytest.raises(JobFailed, match=r"disk full\)\. Try again"):
        pdf.pdf_for_job("<p>x</p>")
