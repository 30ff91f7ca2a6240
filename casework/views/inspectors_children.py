"""The children inspectors choose, as working items: add them by pasting IDs, tick the steps,
and assign each one's case audit from the list."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from inspection_readiness.audit import Access, record_access
from inspection_readiness.roles import ALL_ROLES, require_role, user_has_role

from .. import queries, services
from ..forms import AssignOneAuditForm, InspectorsChildrenForm, StepForm
from ..inspectors_children import (
    ADDERS,
    STATUS_LABELS,
    WORKERS,
    Status,
    Step,
    add_inspectors_children,
    mark_step,
    unknown_ids_sentence,
    working_items,
)
from ..models import CaseAudit, InspectorsChild
from ._common import inspection_for, posted

SORTS = {
    "child": lambda row: row.child.child_id,
    "team": lambda row: (row.child.allocated_team.lower(), row.child.child_id),
    "worker": lambda row: (row.child.allocated_worker.lower(), row.child.child_id),
    "status": lambda row: (-row.steps_done, row.child.child_id),
}


def _list_url(inspection_pk: int) -> str:
    return reverse("casework:inspectors_children", args=[inspection_pk])


@require_role(*ALL_ROLES)
def inspectors_children(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(pk)
    can_add = user_has_role(request.user, ADDERS)
    form = InspectorsChildrenForm(posted(request)) if can_add else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Only a manager can add children to the list.")
        if form.is_valid():
            try:
                result = add_inspectors_children(
                    inspection=inspection,
                    pasted=form.cleaned_data["child_ids"],
                    added_by=request.user,
                )
            except services.CaseworkError as error:
                form.add_error(None, str(error))
            else:
                added = len(result.added)
                said = [f"Added {added} child{'ren' if added != 1 else ''} to the list."]
                if result.already_listed:
                    said.append(f"{result.already_listed} were on it already.")
                if result.unknown:
                    said.append(unknown_ids_sentence(result.unknown))
                (messages.warning if result.unknown else messages.success)(request, " ".join(said))
                return redirect(_list_url(inspection.pk))
    rows, hidden = working_items(inspection, request.user)
    teams = sorted({row.child.allocated_team for row in rows if row.child.allocated_team})
    status, team = request.GET.get("status", ""), request.GET.get("team", "")
    shown = [
        row
        for row in rows
        if (not status or row.status == status) and (not team or row.child.allocated_team == team)
    ]
    sort = request.GET.get("sort", "child")
    descending = sort.startswith("-")
    shown.sort(key=SORTS.get(sort.lstrip("-"), SORTS["child"]), reverse=descending)
    return render(
        request,
        "casework/inspectors_children.html",
        {
            "inspection": inspection,
            "form": form,
            "rows": shown,
            "total": len(rows),
            "ready": sum(1 for row in rows if row.status == Status.READY),
            "hidden": hidden,
            "steps": list(Step),
            "statuses": list(STATUS_LABELS.items()),
            "teams": teams,
            "chosen_status": status,
            "chosen_team": team,
            "sort": sort,
            "can_work": user_has_role(request.user, WORKERS),
            "can_assign": user_has_role(request.user, ADDERS),
        },
    )


def _item(inspection_pk: int, item_pk: int) -> InspectorsChild:
    inspection = inspection_for(inspection_pk)
    return get_object_or_404(
        InspectorsChild.objects.select_related("child", "inspection__framework"),
        pk=item_pk,
        inspection=inspection,
    )


@require_POST
@require_role(*WORKERS)
def mark(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _item(pk, item_pk)
    form = StepForm(request.POST, steps=list(Step))
    if not form.is_valid():
        messages.error(request, "That step could not be read. Try again.")
        return redirect(_list_url(pk))
    step, done = Step(form.cleaned_data["step"]), form.cleaned_data["done"]
    try:
        mark_step(item=item, step=step, done=done, marked_by=request.user)
    except services.CaseworkError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"{step.label} for child {item.child.child_id}."
            if done
            else f"{step.label} undone for child {item.child.child_id}.",
        )
    return redirect(f"{_list_url(pk)}#child-{item.child.child_id}")


@require_role(*ADDERS)
def assign_audit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _item(pk, item_pk)
    inspection = item.inspection
    child = queries.get_child_for_user(request.user, item.child.child_id)
    # The page shows the child's allocated worker and team: opening it is recorded.
    record_access(
        actor=request.user,
        obj=child,
        access=Access.VIEWED,
        description=f"Viewed child {child.child_id} to assign an audit",
    )
    existing = CaseAudit.objects.filter(inspection=inspection, child=child).first()
    due = queries.audit_due_date_for(inspection)
    form = AssignOneAuditForm(posted(request), initial={"due_date": due})
    if request.method == "POST" and existing is None and form.is_valid():
        try:
            [audit] = services.assign_audits(
                inspection=inspection,
                children=[child],
                auditor=form.cleaned_data["auditor"],
                moderator=form.cleaned_data["moderator"],
                due_date=form.cleaned_data["due_date"],
                assigned_by=request.user,
            )
        except services.CaseworkError as error:
            form.add_error(None, str(error))
        else:
            auditor = audit.auditor
            messages.success(
                request,
                f"Assigned the audit of child {child.child_id} to "
                f"{auditor.get_full_name() or auditor.get_username()}, due "
                f"{audit.due_date:%-d %B %Y}.",
            )
            return redirect(f"{_list_url(pk)}#child-{child.child_id}")
    return render(
        request,
        "casework/inspectors_child_assign.html",
        {
            "form": form,
            "inspection": inspection,
            "child": child,
            "existing": existing,
            "due": due,
            "last_on_site": queries.last_on_site_day(inspection),
        },
    )
