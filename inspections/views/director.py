"""The Director's summary of an inspection: the page, a fresh PDF built in the background on
request, and the latest PDF to download. Managers make it; everyone with a role may read it."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from inspection_readiness.downloads import job_file_response
from inspection_readiness.roles import require_role, user_has_role

from .. import director, queries

VIEWERS = tuple(director.VIEW_ROLES)
BUILDERS = tuple(director.BUILD_ROLES)


@require_role(*VIEWERS)
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = queries.get_inspection(pk)
    latest, good = director.summary_jobs(inspection)
    return render(
        request,
        "inspections/director_summary.html",
        {
            "inspection": inspection,
            "summary": director.director_summary(inspection),
            "latest_pdf": latest,
            "good_pdf": good,
            "can_build": user_has_role(request.user, director.BUILD_ROLES),
            "heading": "Director's summary",
            "tab": "director",
        },
    )


@require_POST
@require_role(*BUILDERS)
def build(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = queries.get_inspection(pk)
    director.request_summary(actor=request.user, inspection=inspection)
    messages.info(
        request, "A fresh PDF of the summary is being made. This page shows its progress."
    )
    return redirect("inspections:director", pk=inspection.pk)


@require_role(*VIEWERS)
def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    inspection = queries.get_inspection(pk)
    _latest, good = director.summary_jobs(inspection)
    if good is None:
        raise Http404("No PDF of the Director's summary has been made yet.")
    return job_file_response(request, good, content_type="application/pdf")
