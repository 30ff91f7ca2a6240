"""Every PDF the service makes: HTML laid out by WeasyPrint as a tagged PDF/UA-1 document (a
structure tree, language and title, so it can be read aloud), and how a job says it failed."""

from inspection_readiness.jobs import JobFailed

PDF_VARIANT = "pdf/ua-1"


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: it is slow to import and only jobs need it

    return HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)


def pdf_for_job(html: str, *, kept: str = "") -> bytes:
    """The PDF, or ``JobFailed`` with a reason a person can act on. ``kept`` says what is still
    there (for example "The last pack is still shown.")."""
    try:
        return render_pdf(html)
    except Exception as error:  # noqa: BLE001  WeasyPrint raises many kinds; all mean the same
        raise JobFailed(
            f"The PDF could not be written ({type(error).__name__}: {error}). "
            + (f"{kept} " if kept else "")
            + "Try again; if it fails again, tell your data admin."
        ) from error
