"""Actions for a judgement area: added, changed, listed across the self-evaluation, removed."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django_tables2 import RequestConfig

from inspection_readiness.forms import ConfirmForm
from inspection_readiness.roles import ALL_ROLES, require_role

from .. import queries, services
from ..filters import ActionFilter
from ..forms import ActionForm
from ..models import Action
from ..services import ActionFields
from ..tables import ActionTable
from ..workflow import EDIT_ROLES, WorkflowError
from . import posted

EDITORS = tuple(EDIT_ROLES)


def _fields(form: ActionForm) -> ActionFields:
    data = form.cleaned_data
    return ActionFields(
        description=data["description"],
        owner=data["owner"],
        due_on=data["due_on"],
        status=data.get("status") or Action.Status.OPEN,
        tags=data.get("tags", []),
    )


@require_role(*EDITORS)
def add(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment = queries.get_area_for_user(request.user, pk, code, for_edit=True)
    form = ActionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_action(assessment=assessment, fields=_fields(form), added_by=request.user)
        except WorkflowError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "Action added.")
        return redirect(f"{assessment.get_absolute_url()}#actions")
    return render(
        request,
        "judgements/action_form.html",
        {"assessment": assessment, "form": form, "heading": "Add an action"},
    )


def _action(request, pk: int, action_pk: int) -> Action:
    self_evaluation = queries.get_self_evaluation_for_user(request.user, pk, for_edit=True)
    return get_object_or_404(
        queries.actions_of(self_evaluation).select_related("area_assessment__self_evaluation"),
        pk=action_pk,
    )


@require_role(*EDITORS)
def change(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    action = _action(request, pk, action_pk)
    assessment = action.area_assessment
    form = ActionForm(
        posted(request),
        include_status=True,
        initial={
            "description": action.description,
            "owner": action.owner,
            "due_on": action.due_on,
            "status": action.status,
            "tags": action.tags,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_action(action=action, fields=_fields(form), changed_by=request.user)
        except WorkflowError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "Action saved.")
        return redirect(f"{assessment.get_absolute_url()}#actions")
    return render(
        request,
        "judgements/action_form.html",
        {"assessment": assessment, "form": form, "heading": "Change an action"},
    )


@require_role(*EDITORS)
def delete(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    action = _action(request, pk, action_pk)
    assessment = action.area_assessment
    form = ConfirmForm(posted(request), submit_label="Remove action")
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_action(action=action, deleted_by=request.user)
        except WorkflowError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "Action removed.")
        return redirect(f"{assessment.get_absolute_url()}#actions")
    return render(
        request,
        "judgements/action_delete.html",
        {"action": action, "assessment": assessment, "form": form},
    )


@require_role(*ALL_ROLES)
def action_list(request: HttpRequest, pk: int) -> HttpResponse:
    self_evaluation = queries.get_self_evaluation_for_user(request.user, pk)
    found = ActionFilter(
        request.GET or None,
        queryset=queries.actions_of(self_evaluation),
        self_evaluation=self_evaluation,
    )
    table = ActionTable(found.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "judgements/action_list.html",
        {
            "self_evaluation": self_evaluation,
            "filter": found,
            "table": table,
            "plan_gaps": queries.plan_gaps(list(queries.actions_of(self_evaluation))),
        },
    )
