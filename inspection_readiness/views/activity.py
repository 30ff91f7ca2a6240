from auditlog.models import LogEntry
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from ..filters import ActivityFilter
from ..job_kinds import ACTIVITY_EXPORT
from ..jobs import start_job
from ..roles import Role, require_role
from ..tables import ActivityTable


@require_role(Role.DATA_ADMIN)
def activity(request: HttpRequest) -> HttpResponse:
    """Everything recorded in the audit trail, filterable by person, date and kind of object."""
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
    activity_filter = ActivityFilter(request.GET or None, queryset=entries)
    table = ActivityTable(activity_filter.qs if activity_filter.is_bound else entries)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "inspection_readiness/activity.html",
        {"filter": activity_filter, "table": table},
    )


@require_POST
@require_role(Role.DATA_ADMIN)
def export_activity(request: HttpRequest) -> HttpResponse:
    filters = {
        key: value
        for key, value in request.POST.items()
        if key in ActivityFilter.base_filters and value
    }
    job = start_job(kind=ACTIVITY_EXPORT, owner=request.user, parameters={"filters": filters})
    messages.info(request, "The activity export has started. This page shows its progress.")
    return redirect(job)
