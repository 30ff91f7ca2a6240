from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from inspection_readiness.audit import history_for
from inspection_readiness.councils import current_council
from inspection_readiness.forms import ConfirmForm
from inspection_readiness.roles import ALL_ROLES, require_role, user_has_role

from . import queries, services
from .forms import CompareFrameworksForm, StartRehearsalForm
from .models import Framework, Inspection
from .services import REHEARSAL_ROLES
from .tables import FrameworkTable
from .timeline import next_step


@require_role(*ALL_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    table = FrameworkTable(queries.frameworks_for_list())
    RequestConfig(request, paginate=False).configure(table)
    can_rehearse = user_has_role(request.user, REHEARSAL_ROLES)
    return render(
        request,
        "frameworks/index.html",
        {
            "table": table,
            "inspections": queries.upcoming_inspections(),
            "rehearsal_form": StartRehearsalForm() if can_rehearse else None,
        },
    )


@require_role(*ALL_ROLES)
def framework_detail(request: HttpRequest, short_name: str) -> HttpResponse:
    try:
        framework = queries.framework_with_data(short_name)
    except Framework.DoesNotExist:
        raise Http404("No framework with that name") from None
    return render(
        request,
        "frameworks/framework_detail.html",
        {
            "framework": framework,
            "tree": queries.judgement_tree(framework),
            "timeline": queries.timeline_rows(framework),
            "history": history_for(framework),
        },
    )


@require_role(*ALL_ROLES)
def compare(request: HttpRequest) -> HttpResponse:
    form = CompareFrameworksForm(request.GET or None)
    rows = None
    if form.is_bound and form.is_valid():
        rows = queries.comparison_rows(form.cleaned_data["left"], form.cleaned_data["right"])
    return render(request, "frameworks/compare.html", {"form": form, "rows": rows})


@require_role(*ALL_ROLES)
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(Inspection.objects.select_related("framework", "council"), pk=pk)
    timeline = queries.inspection_timeline(inspection, now=timezone.now())
    return render(
        request,
        "frameworks/inspection_detail.html",
        {
            "inspection": inspection,
            "timeline": timeline,
            "next_step": next_step(timeline),
            "can_delete": inspection.is_rehearsal and user_has_role(request.user, REHEARSAL_ROLES),
            "history": history_for(inspection),
        },
    )


@require_POST
@require_role(*REHEARSAL_ROLES)
def start_rehearsal(request: HttpRequest) -> HttpResponse:
    form = StartRehearsalForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Select a framework to rehearse.")
        return redirect("frameworks:index")
    inspection = services.start_rehearsal(
        framework=form.cleaned_data["framework"], started_by=request.user
    )
    messages.success(request, f"Rehearsal under {inspection.framework.short_name} started.")
    return redirect(inspection)


@require_role(*REHEARSAL_ROLES)
def delete_inspection(request: HttpRequest, pk: int) -> HttpResponse:
    """Only rehearsals can be deleted (a real inspection is a record): 404 for anything else."""
    inspection = get_object_or_404(
        Inspection.objects.select_related("framework", "council"),
        pk=pk,
        council=current_council(),
        is_rehearsal=True,
    )
    form = ConfirmForm(
        request.POST if request.method == "POST" else None, submit_label="Delete rehearsal"
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_inspection(actor=request.user, inspection=inspection)
        except services.InspectionNotDeleted as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "The rehearsal has been deleted.")
            return redirect("frameworks:index")
    return render(
        request,
        "frameworks/rehearsal_confirm_delete.html",
        {"form": form, "inspection": inspection, "work": services.work_for(inspection)},
    )
