"""Listing, starting, the dashboard, history, revisions and deletion of self-evaluations."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_tables2 import RequestConfig

from inspection_readiness.audit import history_for
from inspection_readiness.forms import ConfirmForm
from inspection_readiness.roles import ALL_ROLES, Role, require_role, roles_of
from inspection_readiness.tables import ActivityTable

from .. import differences, queries, services
from ..filters import SelfEvaluationFilter
from ..forms import ConfirmStepForm, StartSelfEvaluationForm
from ..tables import SelfEvaluationTable
from ..workflow import EDIT_ROLES, REVIEW_ROLES, WorkflowError
from . import posted

EDITORS = tuple(EDIT_ROLES)


@require_role(*ALL_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    found = SelfEvaluationFilter(request.GET or None, queryset=queries.self_evaluations_for_list())
    table = SelfEvaluationTable(found.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "judgements/index.html",
        {
            "filter": found,
            "table": table,
            "any_exist": queries.self_evaluations_for_list().exists(),
            "can_start": bool(EDIT_ROLES & roles_of(request.user)),
        },
    )


@require_role(*EDITORS)
def start(request: HttpRequest) -> HttpResponse:
    form = StartSelfEvaluationForm(
        posted(request), initial={"inspection": request.GET.get("inspection")}
    )
    if request.method == "POST" and form.is_valid():
        self_evaluation = services.start_self_evaluation(
            framework=form.cleaned_data["framework"],
            inspection=form.cleaned_data["inspection"],
            title=form.cleaned_data["title"],
            started_by=request.user,
        )
        messages.success(request, f"{self_evaluation.title} started.")
        return redirect(self_evaluation)
    return render(request, "judgements/start.html", {"form": form})


@require_role(*ALL_ROLES)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The preparation group's dashboard for one self-evaluation."""
    self_evaluation = queries.get_self_evaluation_for_user(request.user, pk)
    roles = roles_of(request.user)
    latest_report, good_report = queries.report_jobs(self_evaluation)
    board = queries.dashboard(self_evaluation)
    status = self_evaluation.Status
    return render(
        request,
        "judgements/detail.html",
        {
            "self_evaluation": self_evaluation,
            "board": board,
            "themes": queries.themes_of(self_evaluation),
            "combination_warnings": queries.combination_warnings(board),
            "general_comments": self_evaluation.review_comments.filter(
                area_assessment__isnull=True
            ).select_related("author"),
            "latest_report": latest_report,
            "good_report": good_report,
            "report": {
                "status": reverse("judgements:report_status", args=[pk]),
                "download": reverse("judgements:report_download", args=[pk]),
                "build": reverse("judgements:report_build", args=[pk]),
                "page": self_evaluation.get_absolute_url(),
                "title": self_evaluation.title,
            },
            "history": history_for(self_evaluation)[:10],
            "can_edit": bool(EDIT_ROLES & roles) and self_evaluation.is_editable,
            "can_review": bool(REVIEW_ROLES & roles) and self_evaluation.status == status.SUBMITTED,
            "can_revise": bool(EDIT_ROLES & roles)
            and self_evaluation.status == status.APPROVED
            and not self_evaluation.later_revisions.exists(),
            "later_revision": self_evaluation.later_revisions.first(),
            "can_delete": Role.MANAGER in roles and self_evaluation.status != status.APPROVED,
            "can_build_report": bool(EDIT_ROLES & roles),
        },
    )


@require_role(*ALL_ROLES)
def history(request: HttpRequest, pk: int) -> HttpResponse:
    self_evaluation = queries.get_self_evaluation_for_user(request.user, pk)
    table = ActivityTable(queries.history_of(self_evaluation))
    table.empty_text = "Nothing has been recorded yet."
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request, "judgements/history.html", {"self_evaluation": self_evaluation, "table": table}
    )


@require_role(*EDITORS)
def revise(request: HttpRequest, pk: int) -> HttpResponse:
    approved = queries.get_self_evaluation_for_user(request.user, pk, for_edit=True)
    form = ConfirmStepForm(posted(request), submit_label="Start a new revision")
    if request.method == "POST" and form.is_valid():
        try:
            revision = services.start_revision(approved=approved, started_by=request.user)
        except WorkflowError as refused:
            messages.error(request, str(refused))
            return redirect(approved)
        messages.success(
            request,
            f"Revision {revision.revision} started. Changes since revision {approved.revision} "
            "are listed on its differences page.",
        )
        return redirect(revision)
    return render(request, "judgements/revise.html", {"self_evaluation": approved, "form": form})


@require_role(*ALL_ROLES)
def changes(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed between a revision and the approved revision it started from."""
    self_evaluation = queries.get_self_evaluation_for_user(request.user, pk)
    previous = self_evaluation.previous_revision
    return render(
        request,
        "judgements/differences.html",
        {
            "self_evaluation": self_evaluation,
            "previous": previous,
            "areas": differences.between(previous, self_evaluation) if previous else [],
        },
    )


@require_role(Role.MANAGER)
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    self_evaluation = queries.get_self_evaluation_for_user(request.user, pk, for_review=True)
    form = ConfirmForm(posted(request), submit_label="Delete self-evaluation")
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_self_evaluation(
                self_evaluation=self_evaluation, deleted_by=request.user
            )
        except WorkflowError as refused:
            messages.error(request, str(refused))
            return redirect(self_evaluation)
        messages.success(request, f"{self_evaluation.title} has been deleted.")
        return redirect("judgements:index")
    return render(
        request, "judgements/delete.html", {"self_evaluation": self_evaluation, "form": form}
    )
