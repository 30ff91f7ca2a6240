"""The retention page (data admins), disposal, and legal holds (managers and data admins)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from frameworks.models import Inspection
from inspection_readiness.jobs import start_job
from inspection_readiness.models import Job
from inspection_readiness.roles import Role, require_role

from . import services
from .forms import LiftHoldForm, PlaceHoldForm, StartDisposalForm
from .job_kinds import DISPOSAL_JOB
from .models import Disposal, LegalHold
from .review import review_retention


@require_role(Role.DATA_ADMIN)
def schedule(request: HttpRequest) -> HttpResponse:
    reviews = review_retention()
    return render(
        request,
        "retention/schedule.html",
        {
            "reviews": reviews,
            "due_total": sum(review.due_count for review in reviews),
            "holds": LegalHold.objects.filter(lifted_at__isnull=True).select_related(
                "inspection__framework", "placed_by"
            ),
            "disposals": Disposal.objects.select_related("disposed_by")[:10],
            "last_job": Job.objects.filter(kind=DISPOSAL_JOB).first(),
        },
    )


@require_role(Role.DATA_ADMIN)
def start_disposal(request: HttpRequest) -> HttpResponse:
    """GET asks "Are you sure?" with what will go; POST starts the disposal job."""
    form = StartDisposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = start_job(kind=DISPOSAL_JOB, owner=request.user)
        messages.info(request, "Disposal has started. This page shows its progress.")
        return redirect(job)
    reviews = review_retention()
    return render(
        request,
        "retention/dispose_confirm.html",
        {"form": form, "reviews": reviews, "due_total": sum(r.due_count for r in reviews)},
    )


@require_role(Role.MANAGER, Role.DATA_ADMIN)
def holds(request: HttpRequest) -> HttpResponse:
    """Legal holds in place and lifted, and placing a new one."""
    held = LegalHold.objects.filter(lifted_at__isnull=True).values("inspection_id")
    form = PlaceHoldForm(
        request.POST or None,
        inspections=Inspection.objects.exclude(pk__in=held).select_related(
            "framework", "visit_kind"
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.place_legal_hold(
                inspection=form.cleaned_data["inspection"],
                reason=form.cleaned_data["reason"],
                placed_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, "Legal hold placed. Nothing linked to that inspection will be disposed of."
            )
            return redirect("retention:holds")
    return render(
        request,
        "retention/holds.html",
        {
            "form": form,
            "holds": LegalHold.objects.select_related(
                "inspection__framework", "inspection__visit_kind", "placed_by", "lifted_by"
            ),
        },
    )


@require_role(Role.MANAGER, Role.DATA_ADMIN)
def lift_hold(request: HttpRequest, pk: int) -> HttpResponse:
    hold = get_object_or_404(LegalHold.objects.select_related("inspection"), pk=pk)
    if not hold.is_in_place:
        messages.info(request, "That legal hold has already been lifted.")
        return redirect("retention:holds")
    form = LiftHoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.lift_legal_hold(
                hold=hold, reason=form.cleaned_data["reason"], lifted_by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, "Legal hold lifted. The inspection's records follow the schedule again."
            )
            return redirect("retention:holds")
    return render(request, "retention/lift_hold.html", {"form": form, "hold": hold})
