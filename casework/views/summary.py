"""The audit summary for an inspection: grades, agreement between auditors and moderators, and
the places still without an audit; exported as XLSX and PDF."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from inspection_readiness.audit import Access, record_event
from inspection_readiness.downloads import child_data_response, job_file_response
from inspection_readiness.jobs import latest_job, previous_good_result, start_job
from inspection_readiness.models import Job
from inspection_readiness.roles import ALL_ROLES, require_role, user_has_role

from .. import queries
from ..agreement import MIN_PAIRS_FOR_EVIDENCE, describe_kappa, too_few_to_mean_much
from ..job_kinds import AUDIT_SUMMARY_PDF, AUDIT_SUMMARY_ROLES
from ..summary_reports import XLSX_TYPE, summary_workbook, unassigned_audit_places
from ..summary_reports import workbook_filename as summary_workbook_filename
from ._common import MANAGERS, inspection_for

EXPORTERS = AUDIT_SUMMARY_ROLES


def _pdf_jobs(inspection) -> tuple[Job | None, Job | None]:
    """The latest PDF build and the latest good one (the same job when it succeeded)."""
    latest = latest_job(AUDIT_SUMMARY_PDF, inspection)
    if latest is None or latest.status == Job.Status.SUCCEEDED:
        return latest, latest
    return latest, previous_good_result(latest)


@require_role(*ALL_ROLES)
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(pk)
    found = queries.audit_summary(inspection)
    visible = list(queries.audits_for_user(request.user).filter(inspection=inspection))
    visible_pks = {audit.pk for audit in visible}
    unassigned = unassigned_audit_places(inspection)
    shown_places = queries.visible_child_ids(request.user, (m.child.child_id for m in unassigned))
    can_export = user_has_role(request.user, EXPORTERS)
    latest_pdf, good_pdf = _pdf_jobs(inspection) if can_export else (None, None)
    return render(
        request,
        "casework/summary.html",
        {
            "inspection": inspection,
            "summary": found,
            # Staff see the counts, but only the cases they audit or moderate by name.
            "inadequate": [audit for audit in found.inadequate if audit.pk in visible_pks],
            "kappa_words": describe_kappa(found.agreement.kappa),
            "too_few": too_few_to_mean_much(found.agreement.pairs),
            "min_pairs": MIN_PAIRS_FOR_EVIDENCE,
            "section_agreement": [
                (title, result, describe_kappa(result.kappa))
                for title, result in found.agreement_by_section
            ],
            "audits": visible,
            "unassigned": [m for m in unassigned if m.child.child_id in shown_places],
            "unassigned_count": len(unassigned),
            "can_export": can_export,
            "can_assign": user_has_role(request.user, MANAGERS),
            "latest_pdf": latest_pdf,
            "good_pdf": good_pdf,
        },
    )


@require_role(*EXPORTERS)
def export_summary(request: HttpRequest, pk: int) -> HttpResponseBase:
    inspection = inspection_for(pk)
    return child_data_response(
        request,
        obj=inspection,
        content=summary_workbook(inspection),
        filename=summary_workbook_filename(inspection),
        content_type=XLSX_TYPE,
        access=Access.EXPORTED,
        what="Case audit summary exported as XLSX",
    )


@require_POST
@require_role(*EXPORTERS)
def build_summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(pk)
    job = start_job(kind=AUDIT_SUMMARY_PDF, owner=request.user, subject=inspection)
    record_event(
        actor=request.user,
        obj=inspection,
        description="Case audit summary PDF requested",
        details={"job_id": job.pk},
    )
    messages.info(request, "The PDF is being built. Refresh this page in a moment to download it.")
    return redirect("casework:summary", pk=inspection.pk)


@require_role(*EXPORTERS)
def download_summary_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    inspection = inspection_for(pk)
    _latest, good = _pdf_jobs(inspection)
    if good is None:
        raise Http404("No PDF of the case audit summary has been built yet.")
    return job_file_response(request, good, content_type="application/pdf")
