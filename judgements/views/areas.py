"""One judgement area: the rules' results next to it, its form, evidence, actions and comments."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from inspection_readiness.audit import history_for
from inspection_readiness.roles import ALL_ROLES, require_role, roles_of

from .. import queries, services
from ..forms import AreaForm
from ..services import EditConflict
from ..workflow import EDIT_ROLES, WorkflowError, check_can_edit


def _form(assessment, detail, data=None):
    return AreaForm(
        data,
        assessment=assessment,
        entry=detail["entry"],
        checks=detail["checks"],
        grades=queries.grades_for(assessment),
        grades_above_cap=detail["grades_above_cap"],
        band_rule=detail["band_rule"],
    )


@require_role(*ALL_ROLES)
def area(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment = queries.get_area_for_user(request.user, pk, code)
    self_evaluation = assessment.self_evaluation
    can_edit = bool(EDIT_ROLES & roles_of(request.user)) and self_evaluation.is_editable
    detail = queries.area_detail(assessment)
    form = _form(assessment, detail, request.POST if request.method == "POST" else None)
    conflict = None
    if request.method == "POST":
        if not EDIT_ROLES & roles_of(request.user):
            raise PermissionDenied(
                "Only preparation staff and managers can change a self-evaluation."
            )
        if not can_edit:
            messages.error(request, _why_not_editable(request, self_evaluation))
            return redirect(assessment)
        if form.is_valid():
            try:
                services.save_area(
                    assessment=assessment,
                    expected_version=form.cleaned_data["version"],
                    changes=form.changes,
                    saved_by=request.user,
                )
            except EditConflict as clash:
                # Show both texts, and re-base the person's entries on the version just saved,
                # so that saving again (after merging by hand) is a deliberate overwrite.
                conflict = {
                    "by": clash.current.updated_by,
                    "at": clash.current.updated_at,
                    "rows": form.differences_from(clash.current),
                }
                rebased = request.POST.copy()
                rebased["version"] = str(clash.current.version)
                form = _form(clash.current, detail, rebased)
                form.is_valid()
            except WorkflowError as refused:
                messages.error(request, str(refused))
                return redirect(assessment)
            else:
                messages.success(request, f"{assessment.area.short_name} saved.")
                return redirect(f"{assessment.get_absolute_url()}#limits")
    return render(
        request,
        "judgements/area.html",
        {
            "self_evaluation": self_evaluation,
            "assessment": assessment,
            "form": form if can_edit else None,
            "conflict": conflict,
            "history": history_for(assessment)[:10],
            "can_edit": can_edit,
            **detail,
        },
    )


def _why_not_editable(request, self_evaluation) -> str:
    try:
        check_can_edit(status=self_evaluation.status, roles=roles_of(request.user))
    except WorkflowError as refused:
        return str(refused)
    return "This judgement area cannot be changed now."
