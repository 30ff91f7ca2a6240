"""The annual self-evaluation (Ofsted's three questions) and the annual engagement meeting."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from frameworks import national_framework
from inspection_readiness.downloads import job_file_response
from inspection_readiness.forms import ConfirmForm
from inspection_readiness.jobs import latest_job
from inspection_readiness.roles import ALL_ROLES, require_role, roles_of

from .. import annual as services
from .. import queries
from ..annual_forms import (
    AnnualEvidenceForm,
    AnnualReturnForm,
    AnswersForm,
    MeetingForm,
    StartAnnualForm,
)
from ..forms import ConfirmStepForm
from ..job_kinds import ANNUAL_SELF_EVALUATION_REPORT
from ..models import AnnualEvidence, AnnualSelfEvaluation, EngagementMeeting, SelfEvaluation
from ..workflow import EDIT_ROLES, REVIEW_ROLES, WorkflowError
from . import posted

Status = SelfEvaluation.Status
EDITORS = tuple(EDIT_ROLES)
REVIEWERS = tuple(REVIEW_ROLES)


def _annual(pk: int) -> AnnualSelfEvaluation:
    return get_object_or_404(AnnualSelfEvaluation.objects.select_related("approved_by"), pk=pk)


@require_role(*ALL_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "judgements/annual/index.html",
        {
            "annuals": AnnualSelfEvaluation.objects.all(),
            "meetings": EngagementMeeting.objects.select_related("annual"),
            "can_edit": bool(EDIT_ROLES & roles_of(request.user)),
        },
    )


@require_role(*EDITORS)
def start(request: HttpRequest) -> HttpResponse:
    form = StartAnnualForm(posted(request))
    if request.method == "POST" and form.is_valid():
        annual = services.start_annual(
            covers_to=form.cleaned_data["covers_to"],
            title=form.cleaned_data["title"],
            started_by=request.user,
        )
        messages.success(request, f"{annual.title} started.")
        return redirect(annual)
    return render(request, "judgements/annual/start.html", {"form": form})


@require_role(*ALL_ROLES)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The three answers, each with the records it draws on; the answers' form for editors."""
    annual = _annual(pk)
    roles = roles_of(request.user)
    can_edit = bool(EDIT_ROLES & roles) and annual.is_editable
    form = AnswersForm(posted(request), annual=annual) if can_edit else None
    conflict = None
    if request.method == "POST":
        if form is None:
            messages.error(request, "These answers cannot be changed now.")
            return redirect(annual)
        if form.is_valid():
            try:
                services.save_answers(
                    annual=annual,
                    expected_version=form.cleaned_data["version"],
                    answers=form.answers,
                    saved_by=request.user,
                )
            except services.AnnualEditConflict as clash:
                conflict = clash.current
                annual = clash.current
            except WorkflowError as refused:
                messages.error(request, str(refused))
                return redirect(annual)
            else:
                messages.success(request, "Answers saved.")
                return redirect(annual)
    evidence = list(annual.evidence.order_by("added_at", "pk"))
    latest_report, good_report = queries.report_jobs(annual, ANNUAL_SELF_EVALUATION_REPORT)
    return render(
        request,
        "judgements/annual/detail.html",
        {
            "annual": annual,
            "form": form,
            "conflict": conflict,
            "answers": [
                {
                    "number": number,
                    "question": found,
                    "answer": getattr(annual, found.field),
                    "evidence": [item for item in evidence if item.question == found.code],
                }
                for number, found in enumerate(services.questions(), start=1)
            ],
            "comments": annual.review_comments.select_related("author"),
            "meetings": annual.engagement_meetings.all(),
            "can_edit": can_edit,
            "can_review": bool(REVIEW_ROLES & roles) and annual.status == Status.SUBMITTED,
            "can_build_report": bool(EDIT_ROLES & roles),
            "latest_report": latest_report,
            "good_report": good_report,
            "report": {
                "status": reverse("judgements:annual_report_status", args=[pk]),
                "download": reverse("judgements:annual_report_download", args=[pk]),
                "build": reverse("judgements:annual_report_build", args=[pk]),
                "page": annual.get_absolute_url(),
                "title": annual.title,
            },
        },
    )


@require_role(*EDITORS)
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    annual = _annual(pk)
    form = AnnualEvidenceForm(posted(request), initial={"question": request.GET.get("question")})
    if request.method == "POST" and form.is_valid():
        try:
            services.add_evidence(
                annual=annual,
                question_code=form.cleaned_data["question"],
                chosen=form.chosen,
                note=form.cleaned_data["note"],
                added_by=request.user,
            )
        except WorkflowError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"Linked: {form.chosen.label}.")
        return redirect(annual)
    return render(
        request,
        "judgements/annual/evidence_add.html",
        {"annual": annual, "form": form, "has_records": len(form.fields["record"].choices) > 1},
    )


@require_role(*EDITORS)
def evidence_remove(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    annual = _annual(pk)
    item = get_object_or_404(AnnualEvidence, pk=evidence_pk, annual=annual)
    form = ConfirmForm(posted(request), submit_label="Remove the link")
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_evidence(item=item, removed_by=request.user)
        except WorkflowError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"Removed the link to {item.label}.")
        return redirect(annual)
    return render(
        request,
        "judgements/annual/confirm.html",
        {
            "annual": annual,
            "form": form,
            "heading": "Remove this link?",
            "text": f"{item.get_link_kind_display()}: {item.label}. The record itself is kept.",
        },
    )


def _step(request, pk: int, *, heading: str, text: str, label: str, do) -> HttpResponse:
    annual = _annual(pk)
    form = ConfirmStepForm(posted(request), submit_label=label)
    if request.method == "POST" and form.is_valid():
        try:
            do(annual)
        except WorkflowError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"{annual.title}: {heading.rstrip('?').lower()}: done.")
        return redirect(annual)
    return render(
        request,
        "judgements/annual/confirm.html",
        {"annual": annual, "form": form, "heading": heading, "text": text},
    )


@require_role(*EDITORS)
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        heading="Submit for review?",
        text="A manager reviews it and approves it or returns it with comments. It cannot be "
        "changed while it is with them.",
        label="Submit for review",
        do=lambda annual: services.submit_annual(annual=annual, submitted_by=request.user),
    )


@require_role(*REVIEWERS)
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        heading="Approve it?",
        text="Once approved it is locked, ready to share with Ofsted.",
        label="Approve",
        do=lambda annual: services.approve_annual(annual=annual, approved_by=request.user),
    )


@require_role(*REVIEWERS)
def return_for_changes(request: HttpRequest, pk: int) -> HttpResponse:
    annual = _annual(pk)
    form = AnnualReturnForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.return_annual(
                annual=annual, returned_by=request.user, comment=form.cleaned_data["comment"]
            )
        except WorkflowError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"{annual.title} returned with comments.")
        return redirect(annual)
    return render(
        request,
        "judgements/annual/confirm.html",
        {"annual": annual, "form": form, "heading": "Return with comments", "text": ""},
    )


@require_POST
@require_role(*EDITORS)
def report_build(request: HttpRequest, pk: int) -> HttpResponse:
    annual = _annual(pk)
    services.request_report(annual=annual, requested_by=request.user)
    messages.info(request, "The PDF is being built. This page shows its progress.")
    return redirect(f"{annual.get_absolute_url()}#report")


@require_role(*ALL_ROLES)
def report_status(request: HttpRequest, pk: int) -> JsonResponse:
    latest = latest_job(ANNUAL_SELF_EVALUATION_REPORT, _annual(pk))
    if latest is None:
        return JsonResponse({"status": "none", "progress": 0, "message": "", "finished": True})
    return JsonResponse(
        {
            "status": latest.status,
            "status_label": latest.get_status_display(),
            "progress": latest.progress,
            "message": latest.message,
            "finished": latest.is_finished,
        }
    )


@require_role(*ALL_ROLES)
def report_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    job = queries.report_for_download(_annual(pk), ANNUAL_SELF_EVALUATION_REPORT)
    return job_file_response(request, job, content_type="application/pdf")


# --- The annual engagement meeting --------------------------------------------------------------


def _meeting_fields(form: MeetingForm) -> services.MeetingFields:
    data = form.cleaned_data
    return services.MeetingFields(
        held_on=data["held_on"],
        annual=data["annual"],
        attendees=data["attendees"],
        notes=data["notes"],
        next_steps=data["next_steps"],
        tags=tuple(data.get("tags", [])),
        letter_received_on=data.get("letter_received_on"),
    )


@require_role(*EDITORS)
def meeting_add(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(posted(request), initial={"annual": request.GET.get("annual")})
    if request.method == "POST" and form.is_valid():
        meeting = services.record_meeting(fields=_meeting_fields(form), recorded_by=request.user)
        messages.success(request, f"{meeting} recorded.")
        return redirect("judgements:annual_index")
    return render(
        request,
        "judgements/annual/meeting_form.html",
        {"form": form, "heading": "Record the annual engagement meeting"},
    )


@require_role(*ALL_ROLES)
def meeting_change(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(EngagementMeeting, pk=pk)
    can_edit = bool(EDIT_ROLES & roles_of(request.user))
    if not can_edit:
        if request.method == "POST":
            raise PermissionDenied("Only preparation staff and managers can change the meeting.")
        return render(
            request,
            "judgements/annual/meeting.html",
            {
                "meeting": meeting,
                "tags": national_framework.elements_for(meeting.tags),
            },
        )
    form = MeetingForm(
        posted(request),
        initial={
            "held_on": meeting.held_on,
            "annual": meeting.annual_id,
            "attendees": meeting.attendees,
            "notes": meeting.notes,
            "next_steps": meeting.next_steps,
            "tags": meeting.tags,
            "letter_received_on": meeting.letter_received_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.change_meeting(
            meeting=meeting, fields=_meeting_fields(form), changed_by=request.user
        )
        messages.success(request, f"{meeting} saved.")
        return redirect("judgements:annual_index")
    return render(
        request,
        "judgements/annual/meeting_form.html",
        {"form": form, "heading": str(meeting), "meeting": meeting},
    )


@require_role(*EDITORS)
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(EngagementMeeting, pk=pk)
    form = ConfirmForm(posted(request), submit_label="Delete the meeting's record")
    if request.method == "POST" and form.is_valid():
        services.delete_meeting(meeting=meeting, deleted_by=request.user)
        messages.success(request, f"{meeting} deleted.")
        return redirect("judgements:annual_index")
    return render(
        request,
        "judgements/annual/confirm.html",
        {
            "form": form,
            "heading": f"Delete the record of the {str(meeting)[0].lower()}{str(meeting)[1:]}?",
            "text": "Its notes and agreed next steps are deleted. This cannot be undone.",
        },
    )
