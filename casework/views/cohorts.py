"""Cohorts for an inspection: choose them, swap a child, record the children inspectors chose,
and export the cohorts."""

from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse

from inspection_readiness.audit import Access, history_for
from inspection_readiness.children import AGE_BAND_LABELS
from inspection_readiness.downloads import child_data_response
from inspection_readiness.roles import ALL_ROLES, require_role, user_has_role

from .. import practice, queries, services
from ..forms import (
    InspectorChoicesForm,
    SelectCohortsForm,
    SwapForm,
)
from ..inspectors_children import unknown_ids_sentence
from ..models import CaseAudit
from ..sampling import COHORT_LABELS
from ._common import BUILDERS, MANAGERS, inspection_for, member_for, posted


@require_role(*ALL_ROLES)
def cohorts(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(pk)
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
    inspection = inspection_for(pk)
    form = SelectCohortsForm(posted(request))
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


@require_role(*MANAGERS)
def swap_member(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_for(pk)
    form = SwapForm(posted(request))
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
    inspection = inspection_for(pk)
    selection = queries.current_selection(inspection)
    if selection is None:
        raise Http404("Select cohorts before recording the inspectors' choices.")
    initial = {"child_ids": "\n".join(c.chosen_id for c in selection.inspector_choices.all())}
    form = InspectorChoicesForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        choices = services.record_inspector_choices(
            selection=selection, pasted=form.cleaned_data["child_ids"], recorded_by=request.user
        )
        unknown = [choice.chosen_id for choice in choices if choice.child_id is None]
        known = len(choices) - len(unknown)
        said = f"Recorded {known} child{'ren' if known != 1 else ''} the inspectors chose."
        if unknown:
            said = f"{said} {unknown_ids_sentence(unknown)}"
        (messages.warning if unknown else messages.success)(request, said)
        return redirect(reverse("casework:cohorts", args=[inspection.pk]) + "#comparison")
    return render(
        request, "casework/inspector_choices.html", {"form": form, "inspection": inspection}
    )


@require_role(*BUILDERS)
def export_cohorts(request: HttpRequest, pk: int) -> HttpResponseBase:
    inspection = inspection_for(pk)
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
