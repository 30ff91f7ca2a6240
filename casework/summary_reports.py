"""The case-audit summary beyond the screen: the audit places still without an audit, and the
summary as an XLSX workbook (made on request) and a PDF (built in the background).

Both files name children, so they are downloaded through ``inspection_readiness.downloads`` and
recorded; every text cell of the workbook is neutralised against formula injection.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from frameworks.models import Inspection
from inspection_readiness.jobs import JobResult, ProgressReporter
from inspection_readiness.marking import mark_workbook
from inspection_readiness.pdf import pdf_for_job
from inspection_readiness.spreadsheets import neutralise_formula

from .agreement import describe_kappa, too_few_to_mean_much
from .models import CaseAudit, CohortKind, CohortMember
from .queries import AuditSummary, audit_summary, current_selection

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def unassigned_audit_places(inspection: Inspection) -> list[CohortMember]:
    """The audit cohort's places (not swapped out) whose child has no case audit yet."""
    selection = current_selection(inspection)
    if selection is None:
        return []
    audited = CaseAudit.objects.filter(inspection=inspection).values("child")
    return list(
        selection.members.filter(cohort=CohortKind.AUDIT, swapped_out_at__isnull=True)
        .exclude(child__in=audited)
        .select_related("child")
        .order_by("child__child_id")
    )


def _kappa_text(kappa: float | None) -> str:
    return "not measurable" if kappa is None else f"{kappa:.2f}"


def summary_context(inspection: Inspection) -> dict:
    """What both files print (the summary page reads the same pieces)."""
    found = audit_summary(inspection)
    return {
        "inspection": inspection,
        "summary": found,
        "kappa_words": describe_kappa(found.agreement.kappa),
        "kappa_text": _kappa_text(found.agreement.kappa),
        "too_few": too_few_to_mean_much(found.agreement.pairs),
        "section_agreement": [
            (title, result, describe_kappa(result.kappa), too_few_to_mean_much(result.pairs))
            for title, result in found.agreement_by_section
        ],
        "unassigned": unassigned_audit_places(inspection),
        "audits": list(
            CaseAudit.objects.filter(inspection=inspection)
            .select_related("child", "auditor", "moderator")
            .order_by("child__child_id")
        ),
    }


def _filename(inspection: Inspection, extension: str) -> str:
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    return (
        f"case-audit-summary-{inspection.framework.short_name.lower()}-"
        f"{timezone.localtime(inspection.notified_at):%Y-%m-%d}-{stamp}.{extension}"
    )


def workbook_filename(inspection: Inspection) -> str:
    return _filename(inspection, "xlsx")


def summary_workbook(inspection: Inspection) -> bytes:
    """The summary as XLSX: audits, grades by section, agreement, and places with no audit."""
    import xlsxwriter

    context = summary_context(inspection)
    found: AuditSummary = context["summary"]
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True})

    def sheet(name, header, rows):
        worksheet = book.add_worksheet(name)
        worksheet.write_row(0, 0, header, bold)
        for number, row in enumerate(rows, start=1):
            worksheet.write_row(number, 0, [neutralise_formula(value) for value in row])
        worksheet.freeze_panes(1, 0)

    sheet(
        "Audits",
        ("Child Unique ID", "Auditor", "Second auditor", "Status", "Due", "Overall summary"),
        (
            (
                audit.child.child_id,
                audit.auditor.get_full_name() or audit.auditor.get_username(),
                (audit.moderator.get_full_name() or audit.moderator.get_username())
                if audit.moderator
                else "",
                audit.get_status_display(),
                f"{audit.due_date:%d/%m/%Y}",
                audit.summary,
            )
            for audit in context["audits"]
        ),
    )
    sheet(
        "Grades by section",
        ("Section", *(grade.label for grade in found.grades)),
        ((title, *counts) for title, counts in found.sections),
    )
    sheet(
        "Agreement",
        ("Section", "Moderated grades", "Agreement (%)", "Kappa", "Strength", "Caution"),
        [
            (
                "All sections",
                found.agreement.pairs,
                round(found.agreement.percent) if found.agreement.pairs else "",
                _kappa_text(found.agreement.kappa),
                context["kappa_words"],
                context["too_few"],
            ),
            *(
                (
                    title,
                    result.pairs,
                    round(result.percent) if result.pairs else "",
                    _kappa_text(result.kappa),
                    words,
                    caution,
                )
                for title, result, words, caution in context["section_agreement"]
            ),
        ],
    )
    sheet(
        "Places with no audit",
        ("Child Unique ID", "Allocated team", "Allocated worker", "Why chosen"),
        (
            (
                member.child.child_id,
                member.child.allocated_team,
                member.child.allocated_worker,
                member.reason,
            )
            for member in context["unassigned"]
        ),
    )
    mark_workbook(book)
    book.close()
    return output.getvalue()


def summary_html(inspection: Inspection) -> str:
    return render_to_string(
        "casework/report/audit_summary.html",
        {
            **summary_context(inspection),
            "council_name": settings.COUNCIL_NAME,
            "service_name": settings.SERVICE_NAME,
            "built_at": timezone.localtime(),
        },
    )


def build_summary_pdf(inspection: Inspection, report: ProgressReporter) -> JobResult:
    """The summary as a tagged PDF, or ``JobFailed`` with the reason."""
    report(10, "Reading the case audits.")
    html = summary_html(inspection)
    report(40, "Writing the PDF.")
    pdf = pdf_for_job(html)
    report(95, "Saving the PDF.")
    return JobResult(name=_filename(inspection, "pdf"), content=pdf)
