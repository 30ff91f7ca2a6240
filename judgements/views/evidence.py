"""Evidence for a judgement area: written, uploaded or linked; listed, downloaded, removed."""

import mimetypes

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django_tables2 import RequestConfig

from inspection_readiness.downloads import child_data_response
from inspection_readiness.forms import ConfirmForm
from inspection_readiness.roles import ALL_ROLES, require_role

from .. import queries, services
from ..filters import EvidenceFilter
from ..forms import FileEvidenceForm, LinkEvidenceForm, TextEvidenceForm
from ..models import EvidenceItem
from ..tables import EvidenceTable
from ..workflow import EDIT_ROLES, WorkflowError
from . import posted

EDITORS = tuple(EDIT_ROLES)

FORMS = {
    EvidenceItem.Kind.TEXT: (TextEvidenceForm, "Add written evidence"),
    EvidenceItem.Kind.FILE: (FileEvidenceForm, "Upload a file as evidence"),
    EvidenceItem.Kind.LINK: (LinkEvidenceForm, "Link to a record as evidence"),
}


@require_role(*EDITORS)
def add(request: HttpRequest, pk: int, code: str, kind: str) -> HttpResponse:
    assessment = queries.get_area_for_user(request.user, pk, code, for_edit=True)
    if kind not in FORMS:
        raise Http404("No such kind of evidence.")
    form_class, heading = FORMS[kind]
    form = form_class(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.add_evidence(
                assessment=assessment,
                kind=kind,
                title=data["title"],
                text=data.get("text", ""),
                upload=data.get("file"),
                link_kind=data.get("link_kind", ""),
                link_label=data.get("link_label", ""),
                link_address=data.get("link_address", ""),
                linked_record=getattr(form, "linked_record", None),
                added_by=request.user,
            )
        except WorkflowError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"Evidence added: {item.title}.")
        return redirect(f"{assessment.get_absolute_url()}#evidence")
    return render(
        request,
        "judgements/evidence_add.html",
        {"assessment": assessment, "form": form, "heading": heading, "kind": kind},
    )


@require_role(*ALL_ROLES)
def evidence_list(request: HttpRequest, pk: int) -> HttpResponse:
    self_evaluation = queries.get_self_evaluation_for_user(request.user, pk)
    found = EvidenceFilter(
        request.GET or None,
        queryset=queries.evidence_of(self_evaluation),
        self_evaluation=self_evaluation,
    )
    table = EvidenceTable(found.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "judgements/evidence_list.html",
        {"self_evaluation": self_evaluation, "filter": found, "table": table},
    )


def _evidence(request, pk: int, evidence_pk: int, *, for_edit: bool = False) -> EvidenceItem:
    self_evaluation = queries.get_self_evaluation_for_user(request.user, pk, for_edit=for_edit)
    item = get_object_or_404(
        queries.evidence_of(self_evaluation).select_related("area_assessment__self_evaluation"),
        pk=evidence_pk,
    )
    return item


@require_role(*ALL_ROLES)
def download(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponseBase:
    item = _evidence(request, pk, evidence_pk)
    if item.kind != EvidenceItem.Kind.FILE or not item.file:
        raise Http404("This evidence has no file.")
    if not item.file.storage.exists(item.file.name):
        raise Http404("The stored file is missing. Upload it again.")
    content_type = mimetypes.guess_type(item.original_filename)[0] or "application/octet-stream"
    return child_data_response(
        request,
        obj=item,
        file=item.file.open("rb"),
        filename=item.original_filename,
        content_type=content_type,
        what="Evidence file downloaded",
    )


@require_role(*EDITORS)
def delete(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    item = _evidence(request, pk, evidence_pk, for_edit=True)
    assessment = item.area_assessment
    form = ConfirmForm(posted(request), submit_label="Remove evidence")
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_evidence(evidence=item, deleted_by=request.user)
        except WorkflowError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"Evidence removed: {item.title}.")
        return redirect(f"{assessment.get_absolute_url()}#evidence")
    return render(
        request,
        "judgements/evidence_delete.html",
        {"item": item, "assessment": assessment, "form": form},
    )
