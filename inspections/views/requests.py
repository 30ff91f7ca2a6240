from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from inspection_readiness.audit import Access, history_for
from inspection_readiness.downloads import child_data_response
from inspection_readiness.roles import ALL_ROLES, require_role, user_has_role

from .. import queries, services
from ..exporting import requests_workbook
from ..forms import AnswerForm, ReassignForm, RequestFilterForm, RequestForm
from ..models import InspectorRequest
from ..rules import REQUEST_TRANSITIONS
from ..services import LEAD_ROLES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request: HttpRequest, inspection):
    form = RequestFilterForm(request.GET or None)
    owner_id, status = None, ""
    if form.is_bound and form.is_valid():
        owner = form.cleaned_data.get("owner")
        owner_id, status = (owner.pk if owner else None), form.cleaned_data.get("status", "")
    found = queries.requests_for_user(request.user, inspection, owner_id=owner_id, status=status)
    return form, found


@require_role(*ALL_ROLES)
def request_list(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = queries.get_inspection(pk)
    form, found = _filtered(request, inspection)
    now = timezone.now()
    rows = [(item, queries.request_is_overdue(item, now=now)) for item in found]
    return render(
        request,
        "inspections/requests.html",
        {
            "inspection": inspection,
            "filter_form": form,
            "rows": rows,
            "overdue": sum(overdue for _, overdue in rows),
            "is_lead": user_has_role(request.user, LEAD_ROLES),
            "query": request.GET.urlencode(),
            "tab": "requests",
        },
    )


@require_role(*ALL_ROLES)
def request_export(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = queries.get_inspection(pk)
    _, found = _filtered(request, inspection)
    found = list(found)
    return child_data_response(
        request,
        obj=inspection,
        filename=f"inspectors-requests-{timezone.localdate():%Y-%m-%d}.xlsx",
        what=f"Inspectors' requests exported ({len(found)} rows)",
        access=Access.EXPORTED,
        content=requests_workbook(found, now=timezone.now()),
        content_type=XLSX,
    )


@require_role(*LEAD_ROLES)
def request_new(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = queries.get_inspection(pk)
    form = RequestForm(request.POST or None)
    form.helper.form_action = request.path
    if request.method == "POST" and form.is_valid():
        logged = services.log_request(
            actor=request.user,
            inspection=inspection,
            inspector=form.cleaned_data["inspector"],
            asked=form.cleaned_data["asked"],
            owner=form.cleaned_data["owner"],
            due_at=form.due_at(),
        )
        messages.success(request, "Request logged.")
        return redirect(logged)
    return render(
        request,
        "inspections/request_new.html",
        {"form": form, "inspection": inspection, "tab": "requests"},
        status=400 if form.is_bound and form.errors else 200,
    )


def _page(
    request: HttpRequest, inspection, item: InspectorRequest, form=None, reassign_form=None
) -> HttpResponse:
    can_answer = item.status == InspectorRequest.Status.OPEN and (
        user_has_role(request.user, LEAD_ROLES) or item.owner_id == request.user.pk
    )
    if form is None and can_answer:
        form = AnswerForm()
    if form is not None:
        form.helper.form_action = reverse(
            "inspections:request_answer", args=[inspection.pk, item.pk]
        )
    is_lead = user_has_role(request.user, LEAD_ROLES)
    if is_lead and item.status == InspectorRequest.Status.OPEN:
        reassign_form = reassign_form or ReassignForm(request=item)
        reassign_form.helper.form_action = reverse(
            "inspections:request_reassign", args=[inspection.pk, item.pk]
        )
    moves = sorted(REQUEST_TRANSITIONS[item.status] - {InspectorRequest.Status.ANSWERED})
    return render(
        request,
        "inspections/request_detail.html",
        {
            "inspection": inspection,
            "item": item,
            "overdue": queries.request_is_overdue(item, now=timezone.now()),
            "form": form if can_answer else None,
            "moves": moves if is_lead else [],
            "reassign_form": reassign_form,
            "history": history_for(item),
            "tab": "requests",
        },
        status=400 if any(f is not None and f.is_bound for f in (form, reassign_form)) else 200,
    )


@require_role(*ALL_ROLES)
def request_detail(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    inspection = queries.get_inspection(pk)
    item = queries.get_request_for_user(request.user, inspection, request_pk)
    return _page(request, inspection, item)


@require_POST
@require_role(*ALL_ROLES)
def request_answer(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    inspection = queries.get_inspection(pk)
    item = queries.get_request_for_user(request.user, inspection, request_pk)
    form = AnswerForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.answer_request(
                actor=request.user,
                request=item,
                answer=form.cleaned_data.get("answer", ""),
                upload=form.cleaned_data.get("file"),
                file_type=form.file_type.label if form.file_type else "",
                links=form.chosen_links(),
            )
        except services.WorkRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Answer recorded. The request is answered.")
            return redirect(item)
    return _page(request, inspection, item, form)


@require_POST
@require_role(*LEAD_ROLES)
def request_status(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    inspection = queries.get_inspection(pk)
    item = queries.get_request_for_user(request.user, inspection, request_pk)
    status = request.POST.get("status", "")
    if status not in InspectorRequest.Status.values:
        raise Http404("No such status")
    try:
        services.set_request_status(actor=request.user, request=item, status=status)
    except services.WorkRefused as refused:
        messages.error(request, str(refused))
    else:
        label = InspectorRequest.Status(status).label.lower()
        messages.success(request, f"The request is {label}.")
    return redirect(item)


@require_role(*ALL_ROLES)
def request_file(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    inspection = queries.get_inspection(pk)
    item = queries.get_request_for_user(request.user, inspection, request_pk)
    if not item.file:
        raise Http404("This answer has no file")
    return child_data_response(
        request,
        obj=item,
        filename=item.original_filename or "answer",
        what="Inspector's request answer file downloaded",
        file=item.file.open("rb"),
    )


@require_POST
@require_role(*LEAD_ROLES)
def request_reassign(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    inspection = queries.get_inspection(pk)
    item = queries.get_request_for_user(request.user, inspection, request_pk)
    form = ReassignForm(request.POST, request=item)
    if form.is_valid():
        services.reassign_request(
            actor=request.user, request=item, owner=form.cleaned_data["owner"], due_at=form.due_at()
        )
        messages.success(request, "Owner and due time saved.")
        return redirect(item)
    return _page(request, inspection, item, reassign_form=form)
