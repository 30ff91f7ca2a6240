"""Case audits: assign them, fill one in (with autosave), moderate or cancel it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from inspection_readiness.audit import history_for
from inspection_readiness.forms import ConfirmForm
from inspection_readiness.roles import ALL_ROLES, require_role, roles_of

from .. import audits, queries, services
from ..filters import CaseAuditFilter
from ..forms import (
    AssignAuditsForm,
    CaseAuditForm,
    ModerationForm,
    SendBackForm,
)
from ..models import CaseAudit
from ..sending_back import send_back_audit
from ..tables import CaseAuditTable
from ._common import MANAGERS, inspection_for, posted


@require_role(*MANAGERS)
def assign_audits(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(pk)
    selection = queries.current_selection(inspection)
    if selection is None:
        messages.error(request, "Select cohorts first: audits are assigned from the audit cohort.")
        return redirect("casework:cohorts", pk=inspection.pk)
    audited = set(
        CaseAudit.objects.filter(inspection=inspection).values_list("child_id", flat=True)
    )
    cohort = [m for m in queries.selection_members(selection) if m.cohort == "audit"]
    members = [member for member in cohort if member.child_id not in audited]
    due = queries.audit_due_date_for(inspection)
    form = AssignAuditsForm(
        posted(request),
        members=members,
        assigned=[member for member in cohort if member.child_id in audited],
        initial={"due_date": due},
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.assign_audits(
                inspection=inspection,
                children=[member.child for member in form.cleaned_data["chosen_members"]],
                auditor=form.cleaned_data["auditor"],
                moderator=form.cleaned_data["moderator"],
                due_date=form.cleaned_data["due_date"],
                assigned_by=request.user,
            )
        except services.CaseworkError as error:
            form.add_error(None, str(error))
        else:
            auditor = form.cleaned_data["auditor"]
            messages.success(
                request,
                f"Assigned {len(created)} audit{'s' if len(created) != 1 else ''} to "
                f"{auditor.get_full_name() or auditor.get_username()}, due "
                f"{form.cleaned_data['due_date']:%-d %B %Y}.",
            )
            return redirect("casework:cohorts", pk=inspection.pk)
    return render(
        request,
        "casework/assign.html",
        {
            "form": form,
            "inspection": inspection,
            "members": members,
            "due": due,
            "last_on_site": queries.last_on_site_day(inspection),
        },
    )


@require_role(*ALL_ROLES)
def audit_list(request: HttpRequest) -> HttpResponse:
    found = CaseAuditFilter(request.GET or None, queryset=queries.audits_for_user(request.user))
    table = CaseAuditTable(found.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "casework/audit_list.html",
        {
            "filter": found,
            "table": table,
            "any_exist": queries.audits_for_user(request.user).exists(),
        },
    )


def _audit_form(request: HttpRequest, audit: CaseAudit) -> CaseAuditForm:
    return CaseAuditForm(
        posted(request),
        audit=audit,
        grades=queries.grades_for(audit.inspection.framework),
        autosave_url=reverse("casework:audit_autosave", args=[audit.pk]),
    )


@require_role(*ALL_ROLES)
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    audit = queries.get_audit_for_user(request.user, pk)
    is_auditor = audit.auditor_id == request.user.pk
    can_edit = is_auditor and audit.status in audits.EDITABLE
    form = _audit_form(request, audit) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Only the person this audit is assigned to can change it.")
        if form.is_valid():
            try:
                audit = services.save_audit_draft(
                    audit=audit,
                    answers=form.answers(),
                    summary=form.cleaned_data["summary"],
                    saved_by=request.user,
                )
                if "submit_audit" in request.POST:
                    services.submit_audit(audit=audit, submitted_by=request.user)
                    messages.success(request, "Audit submitted for moderation.")
                else:
                    messages.success(request, "Draft saved.")
                return redirect(audit)
            except (services.CaseworkError, audits.AuditError) as error:
                form.add_error(None, str(error))
    can_moderate = True
    try:
        audits.check_can_moderate(
            status=audit.status,
            is_auditor=is_auditor,
            is_named_moderator=audit.moderator_id == request.user.pk,
            roles=roles_of(request.user),
        )
    except audits.AuditError:
        can_moderate = False
    return render(
        request,
        "casework/audit.html",
        {
            "audit": audit,
            "form": form,
            "can_moderate": can_moderate,
            "can_cancel": audit.status in audits.EDITABLE
            and bool(audits.CANCELLER_ROLES & roles_of(request.user)),
            "grades": audit.grades.all(),
            "history": history_for(audit)[:20],
        },
    )


@require_POST
@require_role(*ALL_ROLES)
def audit_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Autosave from the audit page's script: the same form and service as 'Save draft'."""
    try:
        audit = queries.get_audit_for_user(request.user, pk)
    except PermissionDenied as refused:
        return JsonResponse({"saved": False, "error": str(refused)}, status=403)
    form = _audit_form(request, audit)
    if not form.is_valid():
        return JsonResponse(
            {"saved": False, "error": "Some answers could not be read."}, status=400
        )
    try:
        audit = services.save_audit_draft(
            audit=audit,
            answers=form.answers(),
            summary=form.cleaned_data["summary"],
            saved_by=request.user,
        )
    except audits.AuditError as error:
        return JsonResponse({"saved": False, "error": str(error)}, status=409)
    saved_at = timezone.localtime(audit.last_saved_at)
    return JsonResponse(
        {"saved": True, "saved_at": saved_at.isoformat(), "saved_at_text": f"{saved_at:%H:%M:%S}"}
    )


@require_role(*ALL_ROLES)
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    audit = queries.get_audit_for_user(request.user, pk)
    try:
        audits.check_can_moderate(
            status=audit.status,
            is_auditor=audit.auditor_id == request.user.pk,
            is_named_moderator=audit.moderator_id == request.user.pk,
            roles=roles_of(request.user),
        )
    except audits.AuditError as error:
        raise PermissionDenied(str(error)) from None
    form = ModerationForm(
        posted(request), audit=audit, grades=queries.grades_for(audit.inspection.framework)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.moderate_audit(
                audit=audit, decisions=form.decisions(), moderated_by=request.user
            )
        except (services.CaseworkError, audits.AuditError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Moderation of child {audit.child.child_id} recorded.")
            return redirect("casework:summary", pk=audit.inspection_id)
    return render(request, "casework/moderate.html", {"audit": audit, "form": form})


@require_role(*MANAGERS)
def cancel_audit(request: HttpRequest, pk: int) -> HttpResponse:
    audit = queries.get_audit_for_user(request.user, pk)
    form = ConfirmForm(posted(request), submit_label="Cancel the audit")
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_audit(actor=request.user, audit=audit)
        except audits.AuditError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"The case audit of child {audit.child.child_id} is cancelled."
            )
            return redirect("casework:cohorts", pk=audit.inspection_id)
    return render(
        request,
        "casework/audit_cancel.html",
        {"form": form, "audit": audit, "can_cancel": audit.status in audits.EDITABLE},
    )


@require_role(*ALL_ROLES)
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    audit = queries.get_audit_for_user(request.user, pk)
    try:
        audits.check_can_send_back(
            status=audit.status,
            is_auditor=audit.auditor_id == request.user.pk,
            is_named_moderator=audit.moderator_id == request.user.pk,
            roles=roles_of(request.user),
        )
    except audits.AuditError as error:
        raise PermissionDenied(str(error)) from None
    form = SendBackForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            send_back_audit(audit=audit, comment=form.cleaned_data["comment"], sent_by=request.user)
        except audits.AuditError as error:
            form.add_error(None, str(error))
        else:
            auditor = audit.auditor
            messages.success(
                request,
                f"The audit of child {audit.child.child_id} is back with "
                f"{auditor.get_full_name() or auditor.get_username()}, with your comment.",
            )
            return redirect("casework:summary", pk=audit.inspection_id)
    return render(request, "casework/audit_send_back.html", {"audit": audit, "form": form})
