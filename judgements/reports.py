"""The self-evaluation's PDF report: HTML from a template, laid out by WeasyPrint.

The report is a tagged PDF/UA-1 document (WeasyPrint writes the structure tree, language and
title), set in Arial with page numbers from ``@page`` rules, so it can be read aloud and
printed for the Director.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from inspection_readiness.jobs import JobFailed, JobResult, ProgressReporter
from inspection_readiness.pdf import PDF_VARIANT, pdf_for_job, render_pdf  # noqa: F401

from .models import EvidenceItem, SelfEvaluation
from .queries import report_data


def report_html(self_evaluation: SelfEvaluation, data: dict | None = None) -> str:
    data = data or report_data(self_evaluation)
    return render_to_string(
        "judgements/report/self_evaluation.html",
        {
            **data,
            "council_name": settings.COUNCIL_NAME,
            "service_name": settings.SERVICE_NAME,
            "built_at": timezone.localtime(),
        },
    )


def report_filename(self_evaluation: SelfEvaluation) -> str:
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    return (
        f"self-evaluation-{self_evaluation.framework.short_name.lower()}-"
        f"revision-{self_evaluation.revision}-{stamp}.pdf"
    )


def missing_evidence_files(evidence: list[EvidenceItem]) -> list[EvidenceItem]:
    """Uploaded evidence whose stored file has gone: the report must not cite it as held."""
    return [
        item
        for item in evidence
        if item.kind == EvidenceItem.Kind.FILE
        and (not item.file or not item.file.storage.exists(item.file.name))
    ]


def build_report(self_evaluation: SelfEvaluation, report: ProgressReporter) -> JobResult:
    """Build the report, or raise ``JobFailed`` with the reason; the last good one is kept."""
    report(5, "Reading the self-evaluation.")
    data = report_data(self_evaluation)
    missing = missing_evidence_files(data["evidence"])
    if missing:
        names = ", ".join(
            f"{item.reference} '{item.original_filename}' ({item.area_assessment.area.short_name})"
            for item in missing[:5]
        )
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise JobFailed(
            f"The report was not built because the stored file for evidence {names}{more} is "
            "missing, and the report would cite evidence the council cannot produce. Upload the "
            "file again or remove that evidence item, then build the report again."
        )
    report(
        25,
        f"Laying out {len(data['areas'])} judgement areas and {len(data['evidence'])} "
        "evidence items.",
    )
    html = report_html(self_evaluation, data)
    report(45, "Writing the PDF.")
    pdf = pdf_for_job(html)
    report(95, "Saving the PDF.")
    return JobResult(name=report_filename(self_evaluation), content=pdf)


def annual_report_html(annual) -> str:
    from .annual import questions

    evidence = list(annual.evidence.order_by("question", "added_at", "pk"))
    answers = [
        {
            "question": found,
            "answer": getattr(annual, found.field),
            "evidence": [item for item in evidence if item.question == found.code],
        }
        for found in questions()
    ]
    return render_to_string(
        "judgements/report/annual.html",
        {
            "annual": annual,
            "answers": answers,
            "meetings": list(annual.engagement_meetings.order_by("held_on")),
            "council_name": settings.COUNCIL_NAME,
            "service_name": settings.SERVICE_NAME,
            "built_at": timezone.localtime(),
        },
    )


def build_annual_report(annual, report: ProgressReporter) -> JobResult:
    report(10, "Reading the answers and the records they draw on.")
    html = annual_report_html(annual)
    report(40, "Writing the PDF.")
    pdf = pdf_for_job(html)
    report(95, "Saving the PDF.")
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    return JobResult(
        name=f"annual-self-evaluation-{annual.covers_to:%Y-%m}-{stamp}.pdf", content=pdf
    )
