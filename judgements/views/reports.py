"""The PDF report: build it in the background, follow its progress, download the latest good one."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from inspection_readiness.downloads import job_file_response
from inspection_readiness.roles import ALL_ROLES, require_role

from .. import queries, services
from ..workflow import EDIT_ROLES

EDITORS = tuple(EDIT_ROLES)


@require_POST
@require_role(*EDITORS)
def build(request: HttpRequest, pk: int) -> HttpResponse:
    self_evaluation = queries.get_self_evaluation_for_user(request.user, pk, for_edit=True)
    services.request_report(self_evaluation=self_evaluation, requested_by=request.user)
    messages.info(request, "The PDF report is being built. This page shows its progress.")
    return redirect(f"{self_evaluation.get_absolute_url()}#report")


@require_role(*ALL_ROLES)
def status(request: HttpRequest, pk: int) -> JsonResponse:
    """The latest build's progress, in the shape the page's progress bar polls for."""
    self_evaluation = queries.get_self_evaluation_for_user(request.user, pk)
    latest, _good = queries.report_jobs(self_evaluation)
    if latest is None:
        return JsonResponse({"status": "none", "progress": 0, "message": "", "finished": True})
    return JsonResponse(
        {
            "status": latest.status,
            "status_label": latest.get_status_display(),
            "progress": latest.progress,
            "message": latest.message,
            "finished": latest.is_finished,
        }
    )


@require_role(*ALL_ROLES)
def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    self_evaluation = queries.get_self_evaluation_for_user(request.user, pk)
    job = queries.report_for_download(self_evaluation)
    return job_file_response(request, job, content_type="application/pdf")
