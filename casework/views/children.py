"""The casework overview and children's records: build children from Annex A, list them, and
open one child's journey (each opening recorded)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from annex_a.queries import latest_version
from frameworks.queries import upcoming_inspections
from inspection_readiness.audit import Access, record_access
from inspection_readiness.children import AGE_BAND_LABELS
from inspection_readiness.jobs import latest_job, start_job
from inspection_readiness.roles import ALL_ROLES, require_role, user_has_role

from .. import queries
from ..filters import ChildFilter
from ..job_kinds import REFRESH_JOB
from ..journeys import PLACEMENT_GROUP_LABELS
from ..models import CaseAudit
from ..tables import ChildTable
from ._common import BUILDERS


@require_role(*ALL_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    build = queries.latest_build()
    version = latest_version()
    job = latest_job(REFRESH_JOB, version) if version else None
    return render(
        request,
        "casework/index.html",
        {
            "build": build,
            "version": version,
            "job": job if job and not job.is_finished else None,
            "failed_job": job if job and job.status == job.Status.FAILED else None,
            "is_out_of_date": version is not None
            and (build is None or build.version_id != version.pk),
            "can_build": user_has_role(request.user, BUILDERS),
            "child_count": queries.current_child_count(),
            "inspections": upcoming_inspections(),
            "my_audits": queries.audits_for_user(request.user)
            .filter(auditor=request.user)
            .exclude(status=CaseAudit.Status.MODERATED)
            .count(),
        },
    )


@require_POST
@require_role(*BUILDERS)
def refresh_children(request: HttpRequest) -> HttpResponse:
    version = latest_version()
    if version is None:
        messages.error(request, "There is no Annex A version yet. Import one first.")
        return redirect("casework:index")
    start_job(kind=REFRESH_JOB, owner=request.user, subject=version)
    messages.success(request, f"Building children from Annex A version {version.number}.")
    return redirect("casework:index")


@require_role(*ALL_ROLES)
def child_list(request: HttpRequest) -> HttpResponse:
    found = ChildFilter(request.GET or None, queryset=queries.children_for_user(request.user))
    table = ChildTable(found.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "casework/child_list.html",
        {
            "filter": found,
            "table": table,
            "build": queries.latest_build(),
            "sees_every_child": queries.sees_every_child(request.user),
        },
    )


@require_role(*ALL_ROLES)
def child_detail(request: HttpRequest, child_id: str) -> HttpResponse:
    child = queries.get_child_for_user(request.user, child_id)
    # Looking at a child's record is itself recorded: who saw which child, and when.
    record_access(
        actor=request.user,
        obj=child,
        access=Access.VIEWED,
        description=f"Viewed child {child.child_id}",
    )
    return render(
        request,
        "casework/child_detail.html",
        {
            "child": child,
            "threshold_labels": [queries.threshold_label(code) for code in child.thresholds],
            "age_band": AGE_BAND_LABELS.get(child.age_band, ""),
            "placement_group": PLACEMENT_GROUP_LABELS.get(child.placement_group, ""),
            "flags": queries.child_flags(child),
            "events": child.events.all(),
            "memberships": child.cohort_memberships.filter(swapped_out_at__isnull=True)
            .select_related("selection__inspection__framework")
            .order_by("-selection__selected_at"),
            "audits": queries.audits_for_user(request.user).filter(child=child),
        },
    )
