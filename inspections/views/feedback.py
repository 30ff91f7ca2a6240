from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from inspection_readiness.roles import ALL_ROLES, require_role, user_has_role

from .. import queries, services
from ..forms import FeedbackPointForm, KeepInTouchForm
from ..services import LEAD_ROLES


def _page(request, inspection, *, notes_form=None, point_form=None) -> HttpResponse:
    is_lead = user_has_role(request.user, LEAD_ROLES)
    if is_lead:
        # Notes are usually written up the day of the meeting.
        today = timezone.localdate()
        notes_form = notes_form or KeepInTouchForm(prefix="notes", initial={"day": today})
        point_form = point_form or FeedbackPointForm(
            inspection=inspection, prefix="point", initial={"day": today}
        )
        notes_form.helper.form_action = reverse("inspections:feedback_notes", args=[inspection.pk])
        point_form.helper.form_action = reverse("inspections:feedback_points", args=[inspection.pk])
    days = queries.feedback_by_day(inspection)
    for day in days:
        for point in day.strengths + day.concerns:
            point.tag_labels = queries.tag_labels(point)
    bound = any(form is not None and form.is_bound for form in (notes_form, point_form))
    return render(
        request,
        "inspections/feedback.html",
        {
            "inspection": inspection,
            "days": days,
            "areas": queries.picture_by_area(inspection),
            "notes_form": notes_form,
            "point_form": point_form,
            "tab": "feedback",
        },
        status=400 if bound else 200,
    )


@require_role(*ALL_ROLES)
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, queries.get_inspection(pk))


@require_POST
@require_role(*LEAD_ROLES)
def add_notes(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = queries.get_inspection(pk)
    form = KeepInTouchForm(request.POST, prefix="notes")
    if form.is_valid():
        services.record_keep_in_touch(
            actor=request.user,
            inspection=inspection,
            day=form.cleaned_data["day"],
            notes=form.cleaned_data["notes"],
        )
        messages.success(request, "Keep-in-touch notes saved.")
        return redirect("inspections:feedback", inspection.pk)
    return _page(request, inspection, notes_form=form)


@require_POST
@require_role(*LEAD_ROLES)
def add_point(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = queries.get_inspection(pk)
    form = FeedbackPointForm(request.POST, inspection=inspection, prefix="point")
    if form.is_valid():
        try:
            services.record_feedback_point(
                actor=request.user,
                inspection=inspection,
                day=form.cleaned_data["day"],
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                judgement_area=form.cleaned_data["judgement_area"],
                national_tags=form.cleaned_data["national_tags"],
            )
        except services.WorkRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Feedback saved.")
            return redirect("inspections:feedback", inspection.pk)
    return _page(request, inspection, point_form=form)
