from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from frameworks.models import VisitKind
from inspection_readiness.councils import current_council
from inspection_readiness.forms import ConfirmForm
from inspection_readiness.roles import ALL_ROLES, require_role, user_has_role

from .. import queries, services
from ..checklists import DEFAULT_KIND, default_checklists
from ..forms import ChecklistAssignForm, TemplateItemForm
from ..models import ChecklistTemplateItem
from ..services import LEAD_ROLES


@require_role(*ALL_ROLES)
def checklist(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = queries.get_inspection(pk)
    rows = queries.checklist(inspection, now=timezone.now())
    return render(
        request,
        "inspections/checklist.html",
        {
            "inspection": inspection,
            "rows": rows,
            "overdue": sum(row.is_overdue for row in rows),
            "is_lead": user_has_role(request.user, LEAD_ROLES),
            "tab": "checklist",
        },
    )


@require_POST
@require_role(*LEAD_ROLES)
def start(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = queries.get_inspection(pk)
    try:
        services.start_checklist(actor=request.user, inspection=inspection)
    except services.WorkRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "Checklist started from your council's template.")
    return redirect("inspections:checklist", inspection.pk)


@require_role(*LEAD_ROLES)
def assign(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    inspection = queries.get_inspection(pk)
    item = queries.get_checklist_item(inspection, item_pk)
    form = ChecklistAssignForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        services.assign_checklist_item(
            actor=request.user, item=item, owner=form.cleaned_data["owner"], due_at=form.due_at()
        )
        messages.success(request, f"Saved: {item.title}.")
        return redirect("inspections:checklist", inspection.pk)
    return render(
        request,
        "inspections/checklist_assign.html",
        {"form": form, "inspection": inspection, "item": item, "tab": "checklist"},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
@require_role(*ALL_ROLES)
def mark(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    inspection = queries.get_inspection(pk)
    item = queries.get_checklist_item(inspection, item_pk)
    done = request.POST.get("done") == "yes"
    try:
        services.mark_checklist_item(actor=request.user, item=item, done=done)
    except services.WorkRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{'Done' if done else 'Back to do'}: {item.title}.")
    overview = request.POST.get("next") == "overview"
    return redirect("inspections:detail" if overview else "inspections:checklist", inspection.pk)


# --- The council's template ------------------------------------------------------------------


def _kinds() -> dict[str, str]:
    """Checklist template kinds: each kind of visit by its code, then the default."""
    kinds: dict[str, str] = {}
    for code, name in VisitKind.objects.order_by("order").values_list("code", "name"):
        kinds.setdefault(code, name)
    kinds[DEFAULT_KIND] = "Frameworks with one kind of inspection"
    return {code: name for code, name in kinds.items() if code in default_checklists()}


@require_role(*LEAD_ROLES)
def template_index(request: HttpRequest) -> HttpResponse:
    return render(request, "inspections/template_index.html", {"kinds": _kinds()})


@require_role(*LEAD_ROLES)
def template_kind(request: HttpRequest, kind: str) -> HttpResponse:
    kinds = _kinds()
    if kind not in kinds:
        raise Http404("No such kind of visit")
    form = TemplateItemForm(request.POST or None)
    form.helper.form_action = request.path
    form.helper.inputs[0].value = "Add item"
    if request.method == "POST" and form.is_valid():
        services.add_template_item(
            actor=request.user,
            visit_kind_code=kind,
            title=form.cleaned_data["title"],
            hours_after_call=form.cleaned_data["hours_after_call"],
        )
        messages.success(request, "Item added. New checklists include it.")
        return redirect("inspections:template_kind", kind)
    return render(
        request,
        "inspections/template_kind.html",
        {
            "kind": kind,
            "kind_name": kinds[kind],
            "items": services.template_items(kind),
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _template_item(item_pk: int) -> ChecklistTemplateItem:
    return get_object_or_404(ChecklistTemplateItem, pk=item_pk, council=current_council())


@require_role(*LEAD_ROLES)
def template_item_change(request: HttpRequest, item_pk: int) -> HttpResponse:
    item = _template_item(item_pk)
    form = TemplateItemForm(
        request.POST or None,
        initial={"title": item.title, "hours_after_call": item.hours_after_call},
    )
    if request.method == "POST" and form.is_valid():
        services.change_template_item(
            actor=request.user,
            item=item,
            title=form.cleaned_data["title"],
            hours_after_call=form.cleaned_data["hours_after_call"],
        )
        messages.success(request, "Item saved. New checklists use it.")
        return redirect("inspections:template_kind", item.visit_kind_code)
    return render(
        request,
        "inspections/template_item_change.html",
        {"form": form, "item": item},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_role(*LEAD_ROLES)
def template_item_remove(request: HttpRequest, item_pk: int) -> HttpResponse:
    item = _template_item(item_pk)
    form = ConfirmForm(
        request.POST if request.method == "POST" else None, submit_label="Remove item"
    )
    if request.method == "POST" and form.is_valid():
        services.remove_template_item(actor=request.user, item=item)
        messages.success(request, "Item removed. Checklists already started keep it.")
        return redirect("inspections:template_kind", item.visit_kind_code)
    return render(request, "inspections/template_item_remove.html", {"form": form, "item": item})
