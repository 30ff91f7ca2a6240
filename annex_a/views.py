"""Annex A pages. Each view authorises, binds a form, calls one service or query, and renders."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from inspection_readiness.audit import Access, history_for, record_access
from inspection_readiness.councils import current_council
from inspection_readiness.downloads import child_data_response
from inspection_readiness.jobs import latest_job, start_job
from inspection_readiness.marking import marking_line
from inspection_readiness.roles import ALL_ROLES, Role, require_role, user_has_role

from . import services
from .cells import CELL_CODE
from .comparing import compare_versions
from .filters import FindingFilter
from .findings import REPORT_COLUMNS, report_row
from .forms import (
    CompareForm,
    ExportConfirmationForm,
    SynonymForm,
    UploadForm,
)
from .job_kinds import EXPORT_JOB, HIGHLIGHT_JOB
from .models import CodeSynonym
from .notification_day import record_as_at_choice
from .queries import (
    finding_groups,
    get_import,
    get_version,
    imports_for_council,
    spelling_groups,
    versions_for_council,
)
from .services import IMPORT_JOB
from .spec import load_spec
from .submission import may_mark_submitted
from .tables import FindingGroupTable, FindingTable, VersionTable

ADMINS_AND_MANAGERS = (Role.DATA_ADMIN, Role.MANAGER)


@require_role(*ALL_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    versions = VersionTable(versions_for_council(), prefix="versions-")
    RequestConfig(request, paginate={"per_page": 20}).configure(versions)
    can_see_imports = user_has_role(request.user, ADMINS_AND_MANAGERS)
    return render(
        request,
        "annex_a/index.html",
        {
            "versions": versions,
            "version_count": versions_for_council().count(),
            "imports": imports_for_council()[:10] if can_see_imports else None,
            "can_upload": user_has_role(request.user, [Role.DATA_ADMIN]),
        },
    )


@require_role(Role.DATA_ADMIN)
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(
        data=request.POST if request.method == "POST" else None,
        files=request.FILES if request.method == "POST" else None,
        council=current_council(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            annex_a_import, _ = services.upload_annex_a(
                uploaded_by=request.user,
                uploaded_file=form.cleaned_data["source"],
                as_at=form.cleaned_data["as_at"],
                spec_version=form.cleaned_data["spec_version"],
            )
        except services.AlreadyImported as already:
            return render(request, "annex_a/already_imported.html", {"version": already.version})
        except ValidationError as error:
            form.add_error("source", error.messages[0])
        else:
            if form.as_at_questions:  # the data admin confirmed the questioned date
                record_as_at_choice(
                    annex_a_import=annex_a_import,
                    chosen_by=request.user,
                    questions=form.as_at_questions,
                )
            return redirect(annex_a_import)
    return render(
        request, "annex_a/upload.html", {"form": form}, status=400 if form.errors else 200
    )


@require_role(*ADMINS_AND_MANAGERS)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    annex_a_import = get_import(pk)
    findings = FindingFilter(request.GET or None, queryset=annex_a_import.findings.all())
    spec = load_spec(annex_a_import.read_as)
    titles = {list_spec.number: list_spec.title for list_spec in spec.lists}
    # Repeated findings are grouped; a group's link shows its findings row by row.
    show_rows = bool(request.GET.get("rows"))
    if show_rows:
        table = FindingTable(findings.qs, list_titles=titles)
    else:
        table = FindingGroupTable(finding_groups(annex_a_import, findings.qs))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    counts = [
        {
            "number": int(number),
            "title": "Whole file" if number == "0" else spec.list(int(number)).title,
            **tally,
        }
        for number, tally in sorted(annex_a_import.counts.items(), key=lambda item: int(item[0]))
        if number != "0" or tally["errors"] or tally["warnings"]
    ]
    is_admin = user_has_role(request.user, [Role.DATA_ADMIN])
    return render(
        request,
        "annex_a/import_detail.html",
        {
            "annex_a_import": annex_a_import,
            "job": latest_job(IMPORT_JOB, annex_a_import),
            "highlight_job": latest_job(HIGHLIGHT_JOB, annex_a_import),
            "counts": counts,
            "filter": findings,
            "table": table,
            "show_rows": show_rows,
            "spellings": spelling_groups(annex_a_import, propose=False) if is_admin else [],
            "is_admin": is_admin,
            "history": history_for(annex_a_import)[:20],
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_role(*ADMINS_AND_MANAGERS)
def findings_csv(request: HttpRequest, pk: int) -> HttpResponseBase:
    annex_a_import = get_import(pk)
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow([marking_line()])  # the file names children: marked like any export
        yield writer.writerow(REPORT_COLUMNS)
        for finding in annex_a_import.findings.order_by("list_number", "row", "pk").iterator(
            chunk_size=5000
        ):
            yield writer.writerow(report_row(finding))

    return child_data_response(
        request,
        obj=annex_a_import,
        content=lines(),
        filename=f"annex-a-findings-{annex_a_import.pk}.csv",
        content_type="text/csv; charset=utf-8",
        what="Annex A findings downloaded",
    )


@require_POST
@require_role(Role.DATA_ADMIN)
def highlighted_copy(request: HttpRequest, pk: int) -> HttpResponse:
    annex_a_import = get_import(pk)
    job = start_job(kind=HIGHLIGHT_JOB, owner=request.user, subject=annex_a_import)
    return redirect(job)


@require_POST
@require_role(Role.DATA_ADMIN)
def recheck(request: HttpRequest, pk: int) -> HttpResponse:
    annex_a_import = get_import(pk)
    try:
        job = services.recheck_import(
            annex_a_import=annex_a_import, requested_by=request.user, as_new_version=True
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(annex_a_import)
    return redirect(job.subject)  # a new upload of the same file when this one is a version


@require_POST
@require_role(Role.DATA_ADMIN)
def map_spelling(request: HttpRequest, pk: int) -> HttpResponse:
    annex_a_import = get_import(pk)
    prefix = request.POST.get("prefix", "")
    code_set = request.POST.get(f"{prefix}-code_set", "")
    form = SynonymForm(request.POST, prefix=prefix, codes=services.known_codes(code_set))
    if not form.is_valid():
        messages.error(request, "Choose the Ofsted code to map the spelling to.")
        return redirect(annex_a_import)
    try:
        synonym = services.add_code_synonym(
            council=current_council(),
            code_set=form.cleaned_data["code_set"],
            spelling=form.cleaned_data["spelling"],
            code=form.cleaned_data["code"],
            created_by=request.user,
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            f"From now on “{synonym.spelling}” is read as “{synonym.code}”. Check the file "
            "again to apply it.",
        )
    return redirect(annex_a_import)


@require_role(Role.DATA_ADMIN)
def synonym_delete(request: HttpRequest, pk: int) -> HttpResponse:
    synonym = get_object_or_404(CodeSynonym, pk=pk, council=current_council())
    if request.method == "POST":
        services.delete_code_synonym(synonym=synonym, deleted_by=request.user)
        messages.success(request, f"Removed the mapping of “{synonym.spelling}”.")
        return redirect("annex_a:synonyms")
    return render(request, "annex_a/synonym_confirm_delete.html", {"synonym": synonym})


@require_role(*ALL_ROLES)
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_version(pk)
    spec = load_spec(version.spec_version)
    others = versions_for_council().exclude(pk=version.pk)
    return render(
        request,
        "annex_a/version_detail.html",
        {
            "version": version,
            "row_counts": [
                (list_spec, version.row_counts.get(str(list_spec.number), 0))
                for list_spec in spec.lists
            ],
            "compare_form": CompareForm(versions=others) if others.exists() else None,
            "can_export": user_has_role(request.user, ADMINS_AND_MANAGERS),
            "can_submit": may_mark_submitted(request.user, version),
            "is_manager": user_has_role(request.user, [Role.MANAGER]),
            "can_map_spellings": user_has_role(request.user, [Role.DATA_ADMIN])
            and version.annex_a_import.findings.filter(rule=CELL_CODE).exists(),
            "export_job": latest_job(EXPORT_JOB, version),
            "history": history_for(version)[:20],
        },
    )


@require_role(*ADMINS_AND_MANAGERS)
def version_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Prepare Ofsted's workbook. A version with errors or warnings is sent only when a manager
    confirms it, with a reason, on a confirmation page."""
    version = get_version(pk)
    confirmation = None
    if not version.is_ready:
        if not user_has_role(request.user, [Role.MANAGER]):
            raise PermissionDenied
        form = ExportConfirmationForm(request.POST if request.method == "POST" else None)
        if not form.is_valid():
            return render(
                request, "annex_a/export_confirm.html", {"version": version, "form": form}
            )
        confirmation = services.confirm_export(
            version=version, confirmed_by=request.user, reason=form.cleaned_data["reason"]
        )
    elif request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    job = start_job(
        kind=EXPORT_JOB,
        owner=request.user,
        subject=version,
        parameters={"confirmation": confirmation} if confirmation else None,
    )
    record_access(
        actor=request.user,
        obj=version,
        access=Access.EXPORTED,
        description="Annex A export started",
    )
    return redirect(job)


@require_role(*ADMINS_AND_MANAGERS)
def version_compare(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_version(pk)
    form = CompareForm(request.GET, versions=versions_for_council().exclude(pk=version.pk))
    if not form.is_valid():
        messages.error(request, "Choose another version to compare with.")
        return redirect(version)
    other = form.cleaned_data["other"]
    older, newer = sorted((version, other), key=lambda v: v.number)
    differences = compare_versions(older, newer)
    return render(
        request,
        "annex_a/compare.html",
        {"older": older, "newer": newer, "differences": differences},
    )
