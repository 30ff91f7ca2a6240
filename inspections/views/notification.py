from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from frameworks.models import Inspection
from frameworks.timeline import next_step
from inspection_readiness.audit import history_for
from inspection_readiness.roles import ALL_ROLES, require_role, user_has_role

from .. import queries, services
from ..forms import NotificationForm, StepOwnerForm
from ..services import LEAD_ROLES


@require_role(*ALL_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "inspections/index.html",
        {
            "inspections": queries.real_inspections(),
            "rehearsals": queries.rehearsals(),
            "can_record": user_has_role(request.user, LEAD_ROLES),
        },
    )


@require_role(*LEAD_ROLES)
def record(request: HttpRequest) -> HttpResponse:
    form = NotificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.record_notification(
                actor=request.user,
                framework=form.cleaned_data["framework"],
                visit_kind_code=form.cleaned_data.get("visit_kind", ""),
                **form.notification_values(),
            )
        except services.NotificationError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request, "Notification recorded. The timeline and checklist are ready."
            )
            return redirect("inspections:detail", inspection.pk)
    return render(
        request,
        "inspections/record.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_role(*LEAD_ROLES)
def change(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = queries.get_inspection(pk)
    form = NotificationForm(request.POST or None, inspection=inspection)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_notification(
                actor=request.user,
                inspection=inspection,
                reason=form.cleaned_data["reason"],
                **form.notification_values(),
            )
        except services.NotificationError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "The notification is changed. The reason is recorded.")
            return redirect("inspections:detail", inspection.pk)
    return render(
        request,
        "inspections/change.html",
        {"form": form, "inspection": inspection},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_role(*ALL_ROLES)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = queries.get_inspection(pk)
    now = timezone.now()
    rows = queries.timeline_rows(inspection, now=now)
    is_lead = user_has_role(request.user, LEAD_ROLES)
    return render(
        request,
        "inspections/detail.html",
        {
            "inspection": inspection,
            "kind": inspection.visit_kind,
            "heading": inspection.framework.short_name
            + (f": {inspection.visit_kind.name}" if inspection.visit_kind_id else ""),
            "rows": rows,
            "next_step": next_step([row.entry for row in rows if not row.is_done]),
            "is_lead": is_lead,
            "people": list(queries.people()) if is_lead else [],
            "stages": Inspection.Status.choices,
            "checklist": queries.checklist(inspection, now=now),
            "history": history_for(inspection),
            "tab": "overview",
        },
    )


def _step_code(inspection, code: str) -> str:
    if code not in queries.step_codes(inspection):
        raise Http404("No such step")
    return code


@require_POST
@require_role(*LEAD_ROLES)
def assign_step(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    inspection = queries.get_inspection(pk)
    form = StepOwnerForm(request.POST)
    if form.is_valid():
        services.assign_step(
            actor=request.user,
            inspection=inspection,
            step_code=_step_code(inspection, code),
            owner=form.cleaned_data["owner"],
        )
        messages.success(request, "Step owner saved.")
    else:
        messages.error(request, "Select a person from the list")
    return redirect("inspections:detail", inspection.pk)


@require_POST
@require_role(*ALL_ROLES)
def mark_step(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    inspection = queries.get_inspection(pk)
    done = request.POST.get("done") == "yes"
    try:
        services.mark_step(
            actor=request.user,
            inspection=inspection,
            step_code=_step_code(inspection, code),
            done=done,
        )
    except services.WorkRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "Step marked done." if done else "Step marked not done.")
    return redirect("inspections:detail", inspection.pk)


@require_POST
@require_role(*LEAD_ROLES)
def set_status(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = queries.get_inspection(pk)
    try:
        services.set_inspection_status(
            actor=request.user, inspection=inspection, status=request.POST.get("status", "")
        )
    except services.WorkRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "The stage is saved.")
    return redirect("inspections:detail", inspection.pk)
