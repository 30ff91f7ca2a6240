"""The "Mark as submitted" confirmation page: which inspection the version went to Ofsted for
and, for a version with errors or warnings, a manager's reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from inspection_readiness.councils import current_council
from inspection_readiness.roles import Role, require_role

from .forms import SubmissionForm
from .queries import get_version
from .submission import inspections_to_send_for, mark_version_submitted, may_mark_submitted


@require_role(Role.DATA_ADMIN, Role.MANAGER)
def version_submit(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_version(pk)
    if not may_mark_submitted(request.user, version):
        raise PermissionDenied("This version has errors or warnings: a manager confirms it.")
    if version.is_submitted:
        messages.info(request, f"Version {version.number} is already recorded as submitted.")
        return redirect(version)
    inspections = inspections_to_send_for(current_council())
    form = SubmissionForm(
        request.POST if request.method == "POST" else None,
        inspections=inspections,
        needs_reason=not version.is_ready,
    )
    if request.method == "POST" and form.is_valid():
        try:
            mark_version_submitted(
                version=version,
                submitted_by=request.user,
                inspection=form.cleaned_data["inspection"],
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, f"Version {version.number} is recorded as submitted.")
            return redirect(version)
    return render(
        request,
        "annex_a/version_submit.html",
        {"version": version, "form": form, "has_inspections": inspections.exists()},
        status=400 if form.errors else 200,
    )
