"""Casework pages. Each view authorises, binds a form, calls one service or query, and renders."""

from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from annex_a.queries import latest_version
from frameworks.models import Inspection
from frameworks.queries import upcoming_inspections
from inspection_readiness.audit import Access, history_for, record_access
from inspection_readiness.children import AGE_BAND_LABELS
from inspection_readiness.councils import current_council
from inspection_readiness.downloads import child_data_response
from inspection_readiness.forms import ConfirmForm
from inspection_readiness.jobs import latest_job, start_job
from inspection_readiness.roles import ALL_ROLES, Role, require_role, roles_of, user_has_role

from . import audits, practice, queries, services
from .agreement import describe_kappa
from .filters import CaseAuditFilter, ChildFilter
from .forms import (
    AssignAuditsForm,
    CaseAuditForm,
    InspectorChoicesForm,
    ModerationForm,
    PracticeSettingsForm,
    SelectCohortsForm,
    SwapForm,
)
from .job_kinds import REFRESH_JOB
from .journeys import PLACEMENT_GROUP_LABELS
from .models import AuditTemplate, CaseAudit, CohortMember
from .sampling import COHORT_LABELS
from .tables import CaseAuditTable, ChildTable

MANAGERS = (Role.MANAGER,)
BUILDERS = (Role.MANAGER, Role.DATA_ADMIN)


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _inspection(pk: int) -> Inspection:
    return get_object_or_404(
        Inspection.objects.select_related("framework"), pk=pk, council=current_council()
    )


# ---- overview and children -----------------------------------------------------------------


@require_role(*ALL_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    build = queries.latest_build()
    version = latest_version()
    job = latest_job(REFRESH_JOB, version) if version else None
    return render(
        request,
        "casework/index.html",
        {
            "build": build,
            "version": version,
            "job": job if job and not job.is_finished else None,
            "failed_job": job if job and job.status == job.Status.FAILED else None,
            "is_out_of_date": version is not None
            and (build is None or build.version_id != version.pk),
            "can_build": user_has_role(request.user, BUILDERS),
            "child_count": queries.current_child_count(),
            "inspections": upcoming_inspections(),
            "my_audits": queries.audits_for_user(request.user)
            .filter(auditor=request.user)
            .exclude(status=CaseAudit.Status.MODERATED)
            .count(),
        },
    )


@require_POST
@require_role(*BUILDERS)
def refresh_children(request: HttpRequest) -> HttpResponse:
    version = latest_version()
    if version is None:
        messages.error(request, "There is no Annex A version yet. Import one first.")
        return redirect("casework:index")
    start_job(kind=REFRESH_JOB, owner=request.user, subject=version)
    messages.success(request, f"Building children from Annex A version {version.number}.")
    return redirect("casework:index")


@require_role(*ALL_ROLES)
def child_list(request: HttpRequest) -> HttpResponse:
    found = ChildFilter(request.GET or None, queryset=queries.children_for_user(request.user))
    table = ChildTable(found.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "casework/child_list.html",
        {
            "filter": found,
            "table": table,
            "build": queries.latest_build(),
            "sees_every_child": queries.sees_every_child(request.user),
        },
    )


@require_role(*ALL_ROLES)
def child_detail(request: HttpRequest, child_id: str) -> HttpResponse:
    child = queries.get_child_for_user(request.user, child_id)
    # Looking at a child's record is itself recorded: who saw which child, and when.
    record_access(
        actor=request.user,
        obj=child,
        access=Access.VIEWED,
        description=f"Viewed child {child.child_id}",
    )
    return render(
        request,
        "casework/child_detail.html",
        {
            "child": child,
            "threshold_labels": [queries.threshold_label(code) for code in child.thresholds],
            "age_band": AGE_BAND_LABELS.get(child.age_band, ""),
            "placement_group": PLACEMENT_GROUP_LABELS.get(child.placement_group, ""),
            "flags": queries.child_flags(child),
            "events": child.events.all(),
            "memberships": child.cohort_memberships.filter(swapped_out_at__isnull=True)
            .select_related("selection__inspection__framework")
            .order_by("-selection__selected_at"),
            "audits": queries.audits_for_user(request.user).filter(child=child),
        },
    )


# ---- cohorts -------------------------------------------------------------------------------


@require_role(*ALL_ROLES)
def cohorts(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(pk)
    selection = queries.current_selection(inspection)
    targets, notes = queries.sampling_targets(inspection.framework, council=inspection.council)
    context = {
        "can_change_sizes": user_has_role(request.user, practice.PRACTICE_SETTERS),
        "inspection": inspection,
        "selection": selection,
        "targets": targets,
        "notes": notes,
        "build": queries.latest_build(),
        "is_manager": user_has_role(request.user, MANAGERS),
        "can_export": user_has_role(request.user, BUILDERS),
    }
    if selection is not None:
        members = queries.selection_members(selection, include_swapped=True)
        # Everyone sees the cohorts' sizes and coverage; only those who may open a child see
        # which children they are (staff: the inspections they audit for).
        visible = queries.visible_child_ids(request.user, (m.child.child_id for m in members))
        hidden = sum(1 for m in members if m.child.child_id not in visible)
        audited = set(
            CaseAudit.objects.filter(inspection=inspection).values_list("child_id", flat=True)
        )
        coverage = queries.cohort_coverage(selection)
        comparison = queries.compare_with_inspectors(selection)
        if comparison is not None and not queries.sees_every_child(request.user):
            shown = queries.visible_child_ids(request.user, comparison.not_in_rehearsal)
            comparison = dataclasses.replace(
                comparison,
                not_in_rehearsal=[i for i in comparison.not_in_rehearsal if i in shown],
                unknown=[],
            )
        context.update(
            {
                "groups": [
                    (
                        code,
                        label,
                        [
                            m
                            for m in members
                            if m.cohort == code and m.is_active and m.child.child_id in visible
                        ],
                        sum(1 for m in members if m.cohort == code and m.is_active),
                    )
                    for code, label in COHORT_LABELS.items()
                ],
                "hidden": hidden,
                "swapped": [m for m in members if not m.is_active and m.child.child_id in visible],
                "audited": audited,
                "coverage": [row for row in coverage if row.dimension == "threshold"],
                "age_coverage": [row for row in coverage if row.dimension == "age_band"],
                "placement_coverage": [
                    row for row in coverage if row.dimension == "placement_group"
                ],
                "comparison": comparison,
                # The history names children swapped and chosen: only for those who see them all.
                "history": history_for(selection)[:20] if not hidden else [],
            }
        )
    return render(request, "casework/cohorts.html", context)


@require_role(*MANAGERS)
def select_cohorts(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(pk)
    form = SelectCohortsForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            selection = services.select_cohorts(
                inspection=inspection, seed=form.cleaned_data["seed"], selected_by=request.user
            )
        except services.CaseworkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Chose {selection.members.count()} children with seed {selection.seed}.",
            )
            return redirect(selection)
    targets, notes = queries.sampling_targets(inspection.framework, council=inspection.council)
    return render(
        request,
        "casework/select_cohorts.html",
        {
            "form": form,
            "inspection": inspection,
            "targets": targets,
            "notes": notes,
            "build": queries.latest_build(),
            "existing": queries.current_selection(inspection),
            "can_change_sizes": user_has_role(request.user, practice.PRACTICE_SETTERS),
        },
    )


def _member(pk: int) -> CohortMember:
    return get_object_or_404(
        CohortMember.objects.select_related("child", "selection__inspection__framework"),
        pk=pk,
        selection__inspection__council=current_council(),
    )


@require_role(*MANAGERS)
def swap_member(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(pk)
    form = SwapForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            newcomer = services.swap_cohort_member(
                member=member,
                reason=form.cleaned_data["reason"],
                replacement_child_id=form.cleaned_data["replacement_child_id"],
                swapped_by=request.user,
            )
        except services.CaseworkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Swapped child {member.child.child_id} for child {newcomer.child.child_id}.",
            )
            return redirect(member.selection)
    return render(
        request,
        "casework/swap.html",
        {
            "form": form,
            "member": member,
            "threshold": queries.threshold_label(member.threshold),
            "age_band": AGE_BAND_LABELS.get(member.age_band, "Not known"),
        },
    )


@require_role(*MANAGERS)
def inspector_choices(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(pk)
    selection = queries.current_selection(inspection)
    if selection is None:
        raise Http404("Select cohorts before recording the inspectors' choices.")
    initial = {"child_ids": "\n".join(c.chosen_id for c in selection.inspector_choices.all())}
    form = InspectorChoicesForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        choices = services.record_inspector_choices(
            selection=selection, pasted=form.cleaned_data["child_ids"], recorded_by=request.user
        )
        messages.success(request, f"Recorded {len(choices)} children the inspectors chose.")
        return redirect(reverse("casework:cohorts", args=[inspection.pk]) + "#comparison")
    return render(
        request, "casework/inspector_choices.html", {"form": form, "inspection": inspection}
    )


@require_role(*BUILDERS)
def export_cohorts(request: HttpRequest, pk: int) -> HttpResponseBase:
    inspection = _inspection(pk)
    selection = queries.current_selection(inspection)
    if selection is None:
        raise Http404("There are no cohorts to export yet.")
    return child_data_response(
        request,
        obj=selection,
        content=services.cohort_workbook(selection),
        filename=(
            f"cohorts-{inspection.framework.short_name.lower()}-"
            f"{inspection.notified_at:%Y-%m-%d}-seed-{selection.seed}.xlsx"
        ),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        access=Access.EXPORTED,
        what="Cohorts exported as XLSX",
    )


# ---- case audits ---------------------------------------------------------------------------


@require_role(*MANAGERS)
def assign_audits(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(pk)
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
        _posted(request),
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
        _posted(request),
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
        _posted(request), audit=audit, grades=queries.grades_for(audit.inspection.framework)
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
    form = ConfirmForm(_posted(request), submit_label="Cancel the audit")
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
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(pk)
    found = queries.audit_summary(inspection)
    visible = list(queries.audits_for_user(request.user).filter(inspection=inspection))
    visible_pks = {audit.pk for audit in visible}
    return render(
        request,
        "casework/summary.html",
        {
            "inspection": inspection,
            "summary": found,
            # Staff see the counts, but only the cases they audit or moderate by name.
            "inadequate": [audit for audit in found.inadequate if audit.pk in visible_pks],
            "kappa_words": describe_kappa(found.agreement.kappa),
            "section_agreement": [
                (title, result, describe_kappa(result.kappa))
                for title, result in found.agreement_by_section
            ],
            "audits": visible,
        },
    )


# ---- audit templates -----------------------------------------------------------------------


@require_role(*ALL_ROLES)
def template_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "casework/template_list.html",
        {
            "templates": AuditTemplate.objects.select_related("framework").prefetch_related(
                "sections"
            ),
            "is_data_admin": user_has_role(request.user, [Role.DATA_ADMIN]),
        },
    )


@require_role(*ALL_ROLES)
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(AuditTemplate.objects.select_related("framework"), pk=pk)
    return render(
        request,
        "casework/template_detail.html",
        {
            "template": template,
            "sections": template.sections.all(),
            "grades": queries.grades_for(template.framework),
            "is_data_admin": user_has_role(request.user, [Role.DATA_ADMIN]),
        },
    )


# ---- the council's practice settings -------------------------------------------------------


@require_role(*practice.PRACTICE_SETTERS)
def practice_settings(request: HttpRequest) -> HttpResponse:
    council = current_council()
    settings_now = practice.practice_settings_for(council)
    form = PracticeSettingsForm(
        _posted(request),
        initial={field: getattr(settings_now, field) for field in practice.PRACTICE_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        practice.update_practice_settings(
            council=council, changed_by=request.user, **form.cleaned_data
        )
        messages.success(request, "Your council's practice settings are saved.")
        return redirect("casework:practice_settings")
    return render(
        request, "casework/practice_settings.html", {"form": form, "practice": settings_now}
    )
