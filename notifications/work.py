"""The work the emails are about, and what each email says about it.

Checklist items, inspectors' requests and case audits are assigned and reminded; case audits
and self-evaluations (the inspection one and the annual one) are sent for review and returned.
Nothing here names a child or repeats what an inspector asked: "a case audit", and a link.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from frameworks.models import Inspection
from inspection_readiness.roles import Role
from inspection_readiness.working_days import add_working_days

from .kinds import Kind
from .services import Message


def _when(due: date | datetime) -> str:
    if isinstance(due, datetime):
        return date_format(timezone.localtime(due), "j F Y \\a\\t H:i")
    return date_format(due, "j F Y")


@dataclass(frozen=True)
class Work:
    """One piece of work someone owns, with a due time."""

    key: str  # e.g. "checklist:12"
    owner: object
    due: date | datetime | None  # None: no due time set (it is assigned, never reminded)
    noun: str  # "An inspector's request", "A case audit": never a person's own words
    path: str
    detail: str = ""  # added to the email's sentence only, as " (Book rooms)"; never stored

    group: str = ""  # for assignments made several at a time
    group_subject: str = ""
    group_path: str = ""

    def assigned(self) -> Message:
        return Message(
            kind=Kind.ASSIGNED,
            subject=f"{self.noun} has been assigned to you",
            sentence=f"{self.noun}{self.detail} has been assigned to you."
            + (f" It is due by {_when(self.due)}." if self.due is not None else ""),
            path=self.path,
            group=self.group,
            group_subject=self.group_subject,
            group_path=self.group_path,
        )

    def reminder(self, kind: Kind) -> Message:
        if kind == Kind.OVERDUE:
            subject = f"Overdue: {self.noun.lower()[0]}{self.noun[1:]}"
            sentence = (
                f"{self.noun}{self.detail} assigned to you was due by {_when(self.due)} "
                "and is not done."
            )
        else:
            subject = f"Due soon: {self.noun.lower()[0]}{self.noun[1:]}"
            sentence = f"{self.noun}{self.detail} assigned to you is due by {_when(self.due)}."
        due_key = self.due.isoformat()
        return Message(
            kind=kind,
            subject=subject,
            sentence=sentence,
            path=self.path,
            reminder_key=f"{self.key}@{due_key}",
        )


def checklist_work(item) -> Work | None:
    if item.owner_id is None:
        return None
    return Work(
        key=f"checklist:{item.pk}",
        owner=item.owner,
        due=item.due_at,
        noun="A notification-day checklist item",
        detail=f" ({item.title})",
        path=reverse("inspections:checklist", args=[item.inspection_id]),
    )


def request_work(request) -> Work | None:
    if request.owner_id is None:
        return None
    return Work(
        key=f"request:{request.pk}",
        owner=request.owner,
        due=request.due_at,
        noun="An inspector's request",
        path=reverse("inspections:request_detail", args=[request.inspection_id, request.pk]),
    )


def audit_work(audit) -> Work:
    return Work(
        key=f"audit:{audit.pk}",
        owner=audit.auditor,
        due=audit.due_date,
        noun="A case audit",
        path=reverse("casework:audit", args=[audit.pk]),
        group="audits",
        group_subject="{count} case audits have been assigned to you",
        group_path=reverse("casework:audit_list"),
    )


def open_work(*, now: datetime) -> Iterator[Work]:
    """Everything not yet done, with an owner, due by the end of the next working day or
    already late, in inspections that are not closed."""
    from casework.models import CaseAudit
    from inspections.models import ChecklistItem, InspectorRequest

    horizon = add_working_days(timezone.localtime(now), 1)
    live = {"inspection__status__in": _live_statuses(), "owner__is_active": True}
    for item in ChecklistItem.objects.filter(
        status=ChecklistItem.Status.TO_DO, due_at__lte=horizon, **live
    ).select_related("owner"):
        yield checklist_work(item)
    for request in InspectorRequest.objects.filter(
        status=InspectorRequest.Status.OPEN, due_at__lte=horizon, **live
    ).select_related("owner"):
        yield request_work(request)
    for audit in CaseAudit.objects.filter(
        status__in=[CaseAudit.Status.ASSIGNED, CaseAudit.Status.DRAFT],
        due_date__lte=horizon.date(),
        inspection__status__in=_live_statuses(),
        auditor__is_active=True,
    ).select_related("auditor"):
        yield audit_work(audit)


def _live_statuses() -> list[str]:
    return [status for status in Inspection.Status.values if status != Inspection.Status.CLOSED]


def audit_awaiting_moderation(audit) -> tuple[list, Message]:
    """The named second auditor, or every manager if none is named."""
    if audit.moderator_id:
        people = [audit.moderator]
    else:
        people = list(_managers().exclude(pk=audit.auditor_id))
    return people, Message(
        kind=Kind.REVIEW_REQUESTED,
        subject="A case audit is waiting for moderation",
        sentence="A case audit has been submitted and is waiting for moderation.",
        path=reverse("casework:audit", args=[audit.pk]),
    )


def audit_sent_back(audit) -> tuple[list, Message]:
    return [audit.auditor], Message(
        kind=Kind.REVIEW_RETURNED,
        subject="A case audit has been sent back to you",
        sentence="A case audit of yours has been sent back with a comment on what to change.",
        path=reverse("casework:audit", args=[audit.pk]),
    )


def self_evaluation_submitted(evaluation, *, path: str, submitted_by_id) -> tuple[list, Message]:
    return list(_managers().exclude(pk=submitted_by_id)), Message(
        kind=Kind.REVIEW_REQUESTED,
        subject="A self-evaluation has been submitted for review",
        sentence=f"The self-evaluation \u201c{evaluation.title}\u201d has been submitted for "
        "review.",
        path=path,
    )


def self_evaluation_returned(evaluation, *, path: str, authors: list) -> tuple[list, Message]:
    return [person for person in authors if person is not None], Message(
        kind=Kind.REVIEW_RETURNED,
        subject="A self-evaluation of yours has been returned with comments",
        sentence=f"The self-evaluation \u201c{evaluation.title}\u201d has been returned with "
        "comments.",
        path=path,
    )


def _managers():
    return get_user_model().objects.filter(is_active=True, groups__name=Role.MANAGER.group_name)
