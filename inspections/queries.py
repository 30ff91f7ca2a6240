"""The reads the inspection-week pages need, scoped to the council and to the person."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from frameworks import national_framework
from frameworks.models import Inspection
from frameworks.queries import inspection_timeline
from frameworks.timeline import TimelineEntry
from inspection_readiness.councils import current_council
from inspection_readiness.roles import Role, user_has_role

from .models import ChecklistItem, FeedbackPoint, InspectorRequest, KeepInTouchNote, StepProgress
from .rules import is_overdue
from .services import LEAD_ROLES


def inspections() -> QuerySet[Inspection]:
    return Inspection.objects.filter(council=current_council()).select_related(
        "framework", "visit_kind", "council"
    )


def _with_work(found: QuerySet[Inspection]) -> QuerySet[Inspection]:
    """Each inspection with its checklist items still to do and its open requests counted."""
    return found.annotate(
        checklist_to_do=Count(
            "checklist_items",
            filter=Q(checklist_items__status=ChecklistItem.Status.TO_DO),
            distinct=True,
        ),
        open_requests=Count(
            "inspector_requests",
            filter=Q(inspector_requests__status=InspectorRequest.Status.OPEN),
            distinct=True,
        ),
    )


def real_inspections() -> QuerySet[Inspection]:
    return _with_work(inspections().filter(is_rehearsal=False)).order_by("-notified_at")


def rehearsals() -> QuerySet[Inspection]:
    return _with_work(inspections().filter(is_rehearsal=True)).order_by("-notified_at")


def get_inspection(pk: int) -> Inspection:
    """The council's inspection or rehearsal, or 404. Every role may read it."""
    return get_object_or_404(inspections(), pk=pk)


def people() -> QuerySet:
    """Active people with a role: those work can be assigned to."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[role.group_name for role in Role])
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


@dataclass(frozen=True)
class StepRow:
    entry: TimelineEntry
    progress: StepProgress | None

    @property
    def is_done(self) -> bool:
        return bool(self.progress and self.progress.done_at)

    @property
    def owner(self):
        return self.progress.owner if self.progress else None


def timeline_rows(inspection: Inspection, *, now: datetime) -> list[StepRow]:
    """The inspection's timeline (``frameworks.timeline``), each step with who owns it and
    whether it is done."""
    progress = {
        row.step_code: row
        for row in StepProgress.objects.filter(inspection=inspection).select_related(
            "owner", "done_by"
        )
    }
    return [
        StepRow(entry=entry, progress=progress.get(entry.step.code))
        for entry in inspection_timeline(inspection, now=now)
    ]


def step_codes(inspection: Inspection) -> set[str]:
    from frameworks.queries import step_specs

    return {step.code for step in step_specs(inspection.framework, inspection.visit_kind)}


@dataclass(frozen=True)
class ChecklistRow:
    item: ChecklistItem
    is_overdue: bool


def checklist(inspection: Inspection, *, now: datetime) -> list[ChecklistRow]:
    items = inspection.checklist_items.select_related("owner", "done_by")
    return [
        ChecklistRow(
            item=item,
            is_overdue=is_overdue(
                item.due_at, finished=item.status == ChecklistItem.Status.DONE, now=now
            ),
        )
        for item in items
    ]


def get_checklist_item(inspection: Inspection, pk: int) -> ChecklistItem:
    return get_object_or_404(ChecklistItem, inspection=inspection, pk=pk)


def sees_all_requests(user: AbstractBaseUser) -> bool:
    return user_has_role(user, LEAD_ROLES)


def requests_for_user(
    user: AbstractBaseUser,
    inspection: Inspection,
    *,
    owner_id: int | None = None,
    status: str = "",
) -> QuerySet[InspectorRequest]:
    """Managers and data admins see every request; preparation staff only their own."""
    found = inspection.inspector_requests.select_related("owner")
    if not sees_all_requests(user):
        found = found.filter(owner=user)
    if owner_id:
        found = found.filter(owner_id=owner_id)
    if status:
        found = found.filter(status=status)
    return found.order_by("due_at", "pk")


def get_request_for_user(
    user: AbstractBaseUser, inspection: Inspection, pk: int
) -> InspectorRequest:
    """The one gate for a request: 404 for staff asking for someone else's."""
    request = get_object_or_404(
        InspectorRequest.objects.select_related("owner", "logged_by"), inspection=inspection, pk=pk
    )
    if not sees_all_requests(user) and request.owner_id != user.pk:
        raise Http404("No such request")
    return request


def request_is_overdue(request: InspectorRequest, *, now: datetime) -> bool:
    return is_overdue(
        request.due_at, finished=request.status != InspectorRequest.Status.OPEN, now=now
    )


@dataclass
class FeedbackDay:
    day: date
    notes: list[KeepInTouchNote]
    strengths: list[FeedbackPoint]
    concerns: list[FeedbackPoint]


def on_site_days(inspection: Inspection) -> list[date]:
    """The days inspectors are on site, weekends left out; empty until the dates are known."""
    start, end = inspection.on_site_from, inspection.on_site_to or inspection.on_site_from
    if start is None or end < start:
        return []
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    return [day for day in days if day.weekday() < 5]


def feedback_by_day(inspection: Inspection) -> list[FeedbackDay]:
    """The picture day by day: each on-site day (and any other day with something recorded),
    with its keep-in-touch notes, strengths and concerns."""
    notes = list(inspection.keep_in_touch_notes.select_related("recorded_by"))
    points = list(
        inspection.feedback_points.select_related("judgement_area", "recorded_by").order_by(
            "day", "pk"
        )
    )
    days = sorted(set(on_site_days(inspection)) | {n.day for n in notes} | {p.day for p in points})
    return [
        FeedbackDay(
            day=day,
            notes=[n for n in notes if n.day == day],
            strengths=[p for p in points if p.day == day and p.kind == FeedbackPoint.Kind.STRENGTH],
            concerns=[p for p in points if p.day == day and p.kind == FeedbackPoint.Kind.CONCERN],
        )
        for day in days
    ]


@dataclass
class AreaPicture:
    name: str
    strengths: int
    concerns: int
    proposed_grade: str = ""


def proposed_grades(inspection: Inspection) -> dict[int, str]:
    """The grade for each judgement area in the newest self-evaluation for this inspection."""
    from judgements.models import AreaAssessment, SelfEvaluation

    newest = SelfEvaluation.objects.filter(inspection=inspection).order_by("-pk").first()
    if newest is None:
        return {}
    return {
        assessment.area_id: assessment.proposed_grade.label
        for assessment in AreaAssessment.objects.filter(
            self_evaluation=newest, proposed_grade__isnull=False
        ).select_related("proposed_grade")
    }


def picture_by_area(inspection: Inspection) -> list[AreaPicture]:
    """Strengths and concerns so far, counted by judgement area in the framework's order,
    beside the grade the council's newest self-evaluation proposes for the area."""
    points = list(inspection.feedback_points.select_related("judgement_area"))
    grades = proposed_grades(inspection)
    rows = []
    for area in inspection.framework.judgement_areas.order_by("order"):
        mine = [p for p in points if p.judgement_area_id == area.pk]
        if mine or area.pk in grades:
            rows.append(
                AreaPicture(
                    name=area.name,
                    strengths=sum(p.kind == FeedbackPoint.Kind.STRENGTH for p in mine),
                    concerns=sum(p.kind == FeedbackPoint.Kind.CONCERN for p in mine),
                    proposed_grade=grades.get(area.pk, ""),
                )
            )
    untagged = [p for p in points if p.judgement_area_id is None]
    if untagged:
        rows.append(
            AreaPicture(
                name="No judgement area given",
                strengths=sum(p.kind == FeedbackPoint.Kind.STRENGTH for p in untagged),
                concerns=sum(p.kind == FeedbackPoint.Kind.CONCERN for p in untagged),
            )
        )
    return rows


def tag_labels(point: FeedbackPoint) -> list[str]:
    return [element.short_name for element in national_framework.elements_for(point.national_tags)]


# --- What each person has to do, for the dashboard and reminders to plug in ------------------


def my_checklist_items(user: AbstractBaseUser) -> QuerySet[ChecklistItem]:
    """Checklist items the person owns that are still to do, in inspections not closed,
    soonest due first."""
    return (
        ChecklistItem.objects.filter(
            owner=user,
            status=ChecklistItem.Status.TO_DO,
            inspection__council=current_council(),
        )
        .exclude(inspection__status=Inspection.Status.CLOSED)
        .select_related("inspection", "inspection__framework")
        .order_by("due_at", "pk")
    )


def my_open_requests(user: AbstractBaseUser) -> QuerySet[InspectorRequest]:
    """Inspectors' requests the person owns that are still open, soonest due first."""
    return (
        InspectorRequest.objects.filter(
            owner=user,
            status=InspectorRequest.Status.OPEN,
            inspection__council=current_council(),
        )
        .exclude(inspection__status=Inspection.Status.CLOSED)
        .select_related("inspection", "inspection__framework")
        .order_by("due_at", "pk")
    )
