"""What each person has to do today, for the dashboard: one section per kind of work, each
item linking to the page where the work is done, overdue items said in words.

Each section is one query (the Annex A status two or three), so the dashboard's cost does not
grow with the number of items; a test holds it to a ceiling."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse
from django.utils import timezone

from casework.audits import MODERATOR_ROLES
from inspection_readiness.roles import roles_of
from judgements.workflow import EDIT_ROLES, REVIEW_ROLES

from .queries import my_checklist_items, my_open_requests
from .rules import is_overdue


@dataclass(frozen=True)
class ToDo:
    text: str
    url: str
    where: str = ""
    due: datetime | date | None = None
    is_overdue: bool = False

    @property
    def due_has_time(self) -> bool:
        return isinstance(self.due, datetime)


@dataclass
class Section:
    key: str
    heading: str
    empty: str
    items: list[ToDo] = field(default_factory=list)


@dataclass
class AnnexAStatus:
    """The newest Annex A version and whether the data pack was built from it."""

    version: object | None
    pack: object | None
    pack_version_number: int | None

    @property
    def pack_is_stale(self) -> bool:
        return (
            self.version is not None
            and self.pack is not None
            and self.pack_version_number != (self.version.number)
        )


def _inspection_words(inspection) -> str:
    kind = "rehearsal" if inspection.is_rehearsal else "inspection"
    return f"{inspection.framework.short_name} {kind}"


def _date_overdue(due: date | None, *, today: date) -> bool:
    return due is not None and due < today


def checklist_section(user: AbstractBaseUser, *, now: datetime) -> Section:
    section = Section(
        key="checklist",
        heading="Your checklist items",
        empty="You have no checklist items to do. Items a manager gives you appear here.",
    )
    for item in my_checklist_items(user):
        section.items.append(
            ToDo(
                text=item.title,
                url=reverse("inspections:checklist", args=[item.inspection_id]),
                where=_inspection_words(item.inspection),
                due=item.due_at,
                is_overdue=is_overdue(item.due_at, finished=False, now=now),
            )
        )
    return section


def requests_section(user: AbstractBaseUser, *, now: datetime) -> Section:
    section = Section(
        key="requests",
        heading="Inspectors' requests you own",
        empty="You own no open requests from inspectors. Requests given to you appear here.",
    )
    for request in my_open_requests(user):
        section.items.append(
            ToDo(
                text=request.asked,
                url=request.get_absolute_url(),
                where=_inspection_words(request.inspection),
                due=request.due_at,
                is_overdue=is_overdue(request.due_at, finished=False, now=now),
            )
        )
    return section


def _audits():
    from casework.models import CaseAudit
    from inspection_readiness.councils import current_council

    return CaseAudit.objects.filter(inspection__council=current_council()).select_related(
        "child", "inspection__framework"
    )


def _audit_state(audit) -> str:
    if audit.sent_back_at and audit.status == audit.Status.DRAFT:
        return "sent back to you with a comment"
    return audit.get_status_display().lower()


def audits_section(user: AbstractBaseUser, *, today: date) -> Section:
    from casework.models import CaseAudit

    section = Section(
        key="audits",
        heading="Your case audits",
        empty="You have no case audits to complete. Audits assigned to you appear here.",
    )
    mine = _audits().filter(
        auditor=user, status__in=[CaseAudit.Status.ASSIGNED, CaseAudit.Status.DRAFT]
    )
    for audit in mine.order_by("due_date", "pk"):
        section.items.append(
            ToDo(
                text=f"Audit the case of child {audit.child.child_id} ({_audit_state(audit)})",
                url=audit.get_absolute_url(),
                where=_inspection_words(audit.inspection),
                due=audit.due_date,
                is_overdue=_date_overdue(audit.due_date, today=today),
            )
        )
    return section


def moderation_section(user: AbstractBaseUser, *, today: date) -> Section:
    """Audits submitted that the person may moderate: those naming them as moderator, or all
    for managers; never their own."""
    from casework.models import CaseAudit

    section = Section(
        key="moderation",
        heading="Case audits awaiting your moderation",
        empty="No case audits are waiting for you to moderate.",
    )
    waiting = _audits().filter(status=CaseAudit.Status.SUBMITTED).exclude(auditor=user)
    if not MODERATOR_ROLES & roles_of(user):
        waiting = waiting.filter(moderator=user)
    for audit in waiting.order_by("due_date", "pk"):
        section.items.append(
            ToDo(
                text=f"Moderate the audit of child {audit.child.child_id}",
                url=reverse("casework:moderate", args=[audit.pk]),
                where=_inspection_words(audit.inspection),
                due=audit.due_date,
                is_overdue=_date_overdue(audit.due_date, today=today),
            )
        )
    return section


def self_evaluation_section(user: AbstractBaseUser) -> Section | None:
    """Managers: self-evaluations submitted for review. Editors: those returned with comments.
    None for someone who does neither."""
    from judgements.models import SelfEvaluation

    roles = roles_of(user)
    statuses = []
    if REVIEW_ROLES & roles:
        statuses.append(SelfEvaluation.Status.SUBMITTED)
    if EDIT_ROLES & roles:
        statuses.append(SelfEvaluation.Status.RETURNED)
    if not statuses:
        return None
    section = Section(
        key="self_evaluations",
        heading="Self-evaluations waiting for you",
        empty="No self-evaluation is waiting for a review or for changes asked by a reviewer.",
    )
    found = SelfEvaluation.objects.filter(status__in=statuses).order_by("-updated_at", "-pk")
    for self_evaluation in found:
        if self_evaluation.status == SelfEvaluation.Status.SUBMITTED:
            text = f"Review {self_evaluation.title} (revision {self_evaluation.revision})"
        else:
            text = (
                f"Make the changes asked for in {self_evaluation.title} "
                f"(revision {self_evaluation.revision})"
            )
        section.items.append(ToDo(text=text, url=self_evaluation.get_absolute_url()))
    return section


def annex_a_status() -> AnnexAStatus:
    from annex_a.queries import latest_version
    from datapack.queries import packs_for_council

    version = latest_version()
    pack = packs_for_council().order_by("-version__number", "-built_at", "-pk").first()
    return AnnexAStatus(
        version=version, pack=pack, pack_version_number=pack.version.number if pack else None
    )


@dataclass
class ToDoList:
    sections: list[Section]
    annex_a: AnnexAStatus

    @property
    def overdue_count(self) -> int:
        return sum(item.is_overdue for section in self.sections for item in section.items)


def to_do_for(user: AbstractBaseUser, *, now: datetime | None = None) -> ToDoList:
    """Everything waiting for the person, in the order the dashboard shows it."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    sections = [
        checklist_section(user, now=now),
        audits_section(user, today=today),
        moderation_section(user, today=today),
    ]
    self_evaluations = self_evaluation_section(user)
    if self_evaluations is not None:
        sections.append(self_evaluations)
    sections.append(requests_section(user, now=now))
    return ToDoList(sections=sections, annex_a=annex_a_status())
