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
from .forms import CompareFrameworksForm, PathwayForm, StartRehearsalForm, VisitDetailsForm
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
    visit_kinds = list(framework.visit_kinds.all())
    pathway_form = PathwayForm(request.GET or None, framework=framework) if visit_kinds else None
    proposed = indicator = None
    if pathway_form is not None and pathway_form.is_bound and pathway_form.is_valid():
        if pathway_form.cleaned_data["last_overall"]:
            proposed = queries.proposed_next_visits(
                framework, pathway_form.cleaned_data["last_overall"]
            )
        indicator = queries.indicator_for(framework, pathway_form.judgement_grades())
    return render(
        request,
        "frameworks/framework_detail.html",
        {
            "framework": framework,
            "tree": queries.judgement_tree(framework),
            "timeline": queries.timeline_rows(framework),
            "visit_kinds": [(kind, queries.timeline_rows(framework, kind)) for kind in visit_kinds],
            "pathway_form": pathway_form,
            "proposed": proposed,
            "indicator": indicator,
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


def _inspection_page(
    request: HttpRequest, inspection: Inspection, form: VisitDetailsForm | None = None
) -> HttpResponse:
    timeline = queries.inspection_timeline(inspection, now=timezone.now())
    can_record = user_has_role(request.user, REHEARSAL_ROLES)
    if form is None and can_record:
        form = VisitDetailsForm(
            initial={
                name: getattr(inspection, name)
                for name in (
                    "on_site_from",
                    "on_site_to",
                    "annex_a_due",
                    "focus_area",
                    "theme",
                    "partner_inspectorates",
                    "team",
                    "lead_inspector",
                )
            },
            inspection=inspection,
        )
    return render(
        request,
        "frameworks/inspection_detail.html",
        {
            "inspection": inspection,
            "kind": inspection.visit_kind,
            "timeline": timeline,
            "next_step": next_step(timeline),
            "details_form": form,
            "can_delete": inspection.is_rehearsal and can_record,
            "history": history_for(inspection),
        },
        status=400 if form is not None and form.is_bound else 200,
    )


def _inspection(pk: int) -> Inspection:
    return get_object_or_404(
        Inspection.objects.select_related("framework", "council", "visit_kind"),
        pk=pk,
        council=current_council(),
    )


@require_role(*ALL_ROLES)
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _inspection_page(request, _inspection(pk))


@require_POST
@require_role(*REHEARSAL_ROLES)
def visit_details(request: HttpRequest, pk: int) -> HttpResponse:
    """Record what the lead inspector said: days on site, Annex A deadline, focus, theme."""
    inspection = _inspection(pk)
    form = VisitDetailsForm(request.POST, inspection=inspection)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_visit_details(
                actor=request.user,
                inspection=inspection,
                on_site_from=data.get("on_site_from"),
                on_site_to=data.get("on_site_to"),
                annex_a_due=data.get("annex_a_due"),
                focus_area=data.get("focus_area", ""),
                theme=data.get("theme", ""),
                partner_inspectorates=data.get("partner_inspectorates", ""),
                team=data.get("team", ""),
                lead_inspector=data.get("lead_inspector", ""),
            )
        except services.VisitDetailsError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Visit details saved. The timeline uses them.")
            return redirect(inspection)
    return _inspection_page(request, inspection, form)


@require_POST
@require_role(*REHEARSAL_ROLES)
def start_rehearsal(request: HttpRequest) -> HttpResponse:
    form = StartRehearsalForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("frameworks:index")
    inspection = services.start_rehearsal(
        framework=form.cleaned_data["framework"],
        visit_kind_code=form.cleaned_data["visit_kind"],
        started_by=request.user,
    )
    what = inspection.framework.short_name
    if inspection.visit_kind:
        what += f" {inspection.visit_kind.name[:1].lower()}{inspection.visit_kind.name[1:]}"
    messages.success(request, f"Rehearsal started: {what}.")
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
