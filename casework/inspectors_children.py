"""The children inspectors choose, as the preparation group's working items for the inspection.

Inspectors name the cases they will look at; for each one the group reads the file, tells the
allocated worker, books a meeting with them and assigns a case audit. A case is ready when all
four are done. The rules are plain functions; the writes below each run in one transaction with
their audit entry, and check the person's role again whoever calls them.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from annex_a.cells import ID_MAX_LENGTH
from frameworks.models import Inspection
from inspection_readiness.audit import record_event
from inspection_readiness.roles import Role, check_role

from .models import CaseAudit, Child, InspectorChoice, InspectorsChild, SectionGrade
from .queries import current_selection, visible_child_ids
from .services import CaseworkError, parse_child_ids

# Who adds the children and assigns their audits (as with the cohorts), and who works the ticks.
ADDERS = (Role.MANAGER,)
WORKERS = (Role.MANAGER, Role.PREPARATION_STAFF)


class Step(enum.StrEnum):
    """The ticks a person records on a child's row (the audit is assigned, not ticked)."""

    FILE_READ = "file_read"
    WORKER_TOLD = "worker_told"
    MEETING_BOOKED = "meeting_booked"

    @property
    def label(self) -> str:
        return STEP_LABELS[self]


STEP_LABELS = {
    Step.FILE_READ: "File read",
    Step.WORKER_TOLD: "Worker told",
    Step.MEETING_BOOKED: "Meeting booked",
}
STEPS_TO_READY = len(Step) + 1  # the three ticks and an assigned audit


class Status(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_HAND = "in_hand"
    READY = "ready"


STATUS_LABELS = {
    Status.NOT_STARTED: "Not started",
    Status.IN_HAND: "In hand",
    Status.READY: "Ready",
}


def status_for(*, steps_done: int, audit_assigned: bool) -> Status:
    """Ready when the file is read, the worker told, the meeting booked and an audit assigned."""
    done = steps_done + (1 if audit_assigned else 0)
    if done >= STEPS_TO_READY:
        return Status.READY
    return Status.IN_HAND if done else Status.NOT_STARTED


def unknown_ids_sentence(unknown: list[str]) -> str:
    """Names the IDs that are not children, so nobody takes a count for a list of cases."""
    if not unknown:
        return ""
    if len(unknown) == 1:
        return f"1 ID is not a child in the latest Annex A: {unknown[0]}."
    return f"{len(unknown)} IDs are not children in the latest Annex A: {', '.join(unknown)}."


def grades_text(grades: Iterable[str]) -> str:
    """'Good in 3 sections, Requires improvement in 1', worst last as the grades come."""
    counts = Counter(grades)
    return ", ".join(
        f"{label} in {count} section{'s' if count != 1 else ''}" for label, count in counts.items()
    )


# ---- writes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Added:
    added: list[InspectorsChild]
    already_listed: int
    unknown: list[str]


def add_inspectors_children(
    *, inspection: Inspection, pasted: str, added_by: AbstractBaseUser
) -> Added:
    """Add the children whose IDs were pasted (any separators) to the inspection's working list.

    Children already listed keep their ticks. IDs that are not children in the latest Annex A
    are named back and not added. Where cohorts were chosen, the IDs are also recorded as the
    inspectors' choices so the cohorts page compares them with the rehearsal.
    """
    check_role(added_by, ADDERS, to="add the children inspectors chose")
    chosen = parse_child_ids(pasted)
    if not chosen:
        raise CaseworkError("Enter the Child Unique IDs the inspectors chose.")
    if any(len(child_id) > ID_MAX_LENGTH for child_id in chosen):
        raise CaseworkError(f"A Child Unique ID has at most {ID_MAX_LENGTH} characters.")
    known = {
        child.child_id: child
        for child in Child.objects.filter(
            council=inspection.council, is_current=True, child_id__in=chosen
        )
    }
    unknown = [child_id for child_id in chosen if child_id not in known]
    now = timezone.now()
    with transaction.atomic():
        listed = set(
            InspectorsChild.objects.filter(
                inspection=inspection, child__child_id__in=known
            ).values_list("child__child_id", flat=True)
        )
        added = InspectorsChild.objects.bulk_create(
            InspectorsChild(inspection=inspection, child=child, added_by=added_by, added_at=now)
            for child_id, child in known.items()
            if child_id not in listed
        )
        selection = current_selection(inspection)
        if selection is not None:
            InspectorChoice.objects.bulk_create(
                (
                    InspectorChoice(
                        selection=selection,
                        chosen_id=child_id,
                        child=known.get(child_id),
                        recorded_by=added_by,
                        recorded_at=now,
                    )
                    for child_id in chosen
                ),
                ignore_conflicts=True,
            )
        record_event(
            actor=added_by,
            obj=inspection,
            description=f"Added {len(added)} children the inspectors chose",
            details={
                "child_ids": [item.child.child_id for item in added][:200],
                "unknown": unknown,
            },
        )
    return Added(added=added, already_listed=len(listed), unknown=unknown)


def mark_step(
    *, item: InspectorsChild, step: Step, done: bool, marked_by: AbstractBaseUser
) -> InspectorsChild:
    """Tick a step done (recording who and when) or untick it."""
    check_role(marked_by, WORKERS, to="work on the children inspectors chose")
    if not visible_child_ids(marked_by, [item.child.child_id]):
        raise CaseworkError("You can only work on children whose cases you can see.")
    with transaction.atomic():
        item = InspectorsChild.objects.select_for_update().select_related("child").get(pk=item.pk)
        by_field, at_field = f"{step}_by", f"{step}_at"
        if (getattr(item, at_field) is not None) == done:
            return item  # already so: sent twice, or by two people at once
        setattr(item, by_field, marked_by if done else None)
        setattr(item, at_field, timezone.now() if done else None)
        item.save(update_fields=[by_field, at_field])
        record_event(
            actor=marked_by,
            obj=item,
            description=(
                f"{step.label} for child {item.child.child_id}"
                if done
                else f"{step.label} undone for child {item.child.child_id}"
            ),
        )
    return item


# ---- reads -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepDone:
    by: str
    at: datetime


@dataclass(frozen=True)
class WorkingItem:
    item: InspectorsChild
    child: Child
    steps: dict[Step, StepDone | None]
    audit: CaseAudit | None
    grades: str
    status: Status

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def steps_done(self) -> int:
        return sum(1 for done in self.steps.values() if done) + (1 if self.audit else 0)


def _name(person) -> str:
    return (person.get_full_name() or person.get_username()) if person else "someone"


def working_items(inspection: Inspection, user: AbstractBaseUser) -> tuple[list[WorkingItem], int]:
    """The inspection's working items the person may see, and how many others are hidden."""
    items = list(
        InspectorsChild.objects.filter(inspection=inspection).select_related(
            "child", "file_read_by", "worker_told_by", "meeting_booked_by"
        )
    )
    visible = visible_child_ids(user, (item.child.child_id for item in items))
    shown = [item for item in items if item.child.child_id in visible]
    audits = {
        audit.child_id: audit
        for audit in CaseAudit.objects.filter(
            inspection=inspection, child__in=[item.child_id for item in shown]
        )
        .select_related("auditor")
        .prefetch_related(
            Prefetch(
                "grades",
                queryset=SectionGrade.objects.select_related("grade", "moderated_grade").order_by(
                    "section__order"
                ),
            )
        )
    }
    rows = []
    for item in shown:
        steps = {
            step: StepDone(by=_name(getattr(item, f"{step}_by")), at=getattr(item, f"{step}_at"))
            if getattr(item, f"{step}_at")
            else None
            for step in Step
        }
        audit = audits.get(item.child_id)
        done = audit is not None and audit.status == CaseAudit.Status.MODERATED
        rows.append(
            WorkingItem(
                item=item,
                child=item.child,
                steps=steps,
                audit=audit,
                grades=grades_text(
                    grade.final_grade.label for grade in audit.grades.all() if grade.final_grade
                )
                if done
                else "",
                status=status_for(
                    steps_done=sum(1 for value in steps.values() if value),
                    audit_assigned=audit is not None,
                ),
            )
        )
    return rows, len(items) - len(shown)
