"""The review workflow: submit for review, return with comments, approve."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from inspection_readiness.roles import Role, require_role

from .. import queries, services
from ..forms import ConfirmStepForm, ReturnForm
from ..services import SubmissionBlocked
from ..workflow import EDIT_ROLES, WorkflowError
from . import posted

EDITORS = tuple(EDIT_ROLES)


@require_role(*EDITORS)
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Check the self-evaluation against the submit guard, then send it to a manager."""
    self_evaluation = queries.get_self_evaluation_for_user(request.user, pk, for_edit=True)
    form = ConfirmStepForm(posted(request), submit_label="Submit for review")
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_self_evaluation(
                self_evaluation=self_evaluation, submitted_by=request.user
            )
        except SubmissionBlocked:
            messages.error(request, "The self-evaluation was not submitted: see what to put right.")
            return redirect("judgements:submit", pk=self_evaluation.pk)
        except WorkflowError as refused:
            messages.error(request, str(refused))
            return redirect(self_evaluation)
        messages.success(request, "Submitted for review. A manager will approve it or return it.")
        return redirect(self_evaluation)
    check = queries.check_for(self_evaluation)
    return render(
        request,
        "judgements/submit.html",
        {
            "self_evaluation": self_evaluation,
            "problems": _with_links(self_evaluation, check.problems),
            "form": form if self_evaluation.is_editable and check.can_submit else None,
        },
    )


def _with_links(self_evaluation, problems):
    return [
        (problem, reverse("judgements:area", args=[self_evaluation.pk, problem.code]))
        for problem in problems
    ]


@require_role(Role.MANAGER)
def return_for_changes(request: HttpRequest, pk: int) -> HttpResponse:
    self_evaluation = queries.get_self_evaluation_for_user(request.user, pk, for_review=True)
    areas = queries.areas_of(self_evaluation)
    form = ReturnForm(posted(request), areas=areas)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_self_evaluation(
                self_evaluation=self_evaluation, returned_by=request.user, comments=form.comments
            )
        except WorkflowError as refused:
            messages.error(request, str(refused))
            return redirect(self_evaluation)
        messages.success(request, "Returned with comments. Preparation staff can now change it.")
        return redirect(self_evaluation)
    return render(
        request, "judgements/return.html", {"self_evaluation": self_evaluation, "form": form}
    )


@require_role(Role.MANAGER)
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    self_evaluation = queries.get_self_evaluation_for_user(request.user, pk, for_review=True)
    form = ConfirmStepForm(posted(request), submit_label="Approve and lock")
    if request.method == "POST" and form.is_valid():
        try:
            services.approve_self_evaluation(
                self_evaluation=self_evaluation, approved_by=request.user
            )
        except SubmissionBlocked as blocked:
            for problem in blocked.problems:
                messages.error(request, problem.message)
            return redirect(self_evaluation)
        except WorkflowError as refused:
            messages.error(request, str(refused))
            return redirect(self_evaluation)
        messages.success(request, "Approved. This revision is now locked.")
        return redirect(self_evaluation)
    return render(
        request, "judgements/approve.html", {"self_evaluation": self_evaluation, "form": form}
    )
