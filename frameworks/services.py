"""State changes for frameworks and inspections: starting and deleting rehearsals."""

from dataclasses import asdict, dataclass
from datetime import datetime

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, ProtectedError, RestrictedError
from django.utils import timezone

from inspection_readiness.audit import record_event
from inspection_readiness.councils import current_council
from inspection_readiness.roles import Role, roles_of

from .models import Framework, Inspection

REHEARSAL_NOTE = "Rehearsal started from the frameworks page. Not a real inspection."
# Who starts and deletes rehearsals.
REHEARSAL_ROLES = (Role.MANAGER, Role.DATA_ADMIN)


class InspectionNotDeleted(Exception):
    """The inspection cannot be deleted; the message says why."""


@transaction.atomic
def start_rehearsal(
    *, framework: Framework, started_by: AbstractBaseUser, now: datetime | None = None
) -> Inspection:
    """A mock inspection under ``framework``, notified now, on the same clock as a real one."""
    with set_actor(started_by):
        return Inspection.objects.create(
            council=current_council(),
            framework=framework,
            notified_at=now or timezone.now(),
            is_rehearsal=True,
            notes=REHEARSAL_NOTE,
            created_by=started_by,
        )


@dataclass(frozen=True)
class InspectionWork:
    """What hangs off an inspection, counted for the "Are you sure?" page and the audit row."""

    cohort_selections: int
    cohort_children: int
    case_audits: int
    self_evaluations: int  # kept when the inspection goes, no longer linked to it


def work_for(inspection: Inspection) -> InspectionWork:
    selections = inspection.cohort_selections.aggregate(
        selections=Count("pk", distinct=True), children=Count("members", distinct=True)
    )
    return InspectionWork(
        cohort_selections=selections["selections"],
        cohort_children=selections["children"],
        case_audits=inspection.case_audits.count(),
        self_evaluations=inspection.self_evaluations.count(),
    )


@transaction.atomic
def delete_inspection(*, actor: AbstractBaseUser, inspection: Inspection) -> InspectionWork:
    """Delete a rehearsal with its cohorts and case audits, in one transaction with its audit
    row. Real inspections are a record and are never deleted; nor is an inspection something
    else protects (the database refuses, and the person is told why)."""
    if not set(REHEARSAL_ROLES) & roles_of(actor):
        raise PermissionDenied("Only managers and data admins can delete a rehearsal.")
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if not inspection.is_rehearsal:
        raise InspectionNotDeleted(
            "Only rehearsals can be deleted. A real inspection is kept as a record."
        )
    removed = work_for(inspection)
    record_event(
        actor=actor,
        obj=inspection,
        action=LogEntry.Action.DELETE,
        description=(
            f"Deleted the rehearsal with {removed.cohort_children} children in "
            f"{removed.cohort_selections} cohort selections and {removed.case_audits} case "
            f"audits; {removed.self_evaluations} self-evaluations kept"
        ),
        details=asdict(removed),
    )
    try:
        with set_actor(actor):
            inspection.delete()
    except (ProtectedError, RestrictedError) as error:
        kinds = sorted({obj._meta.verbose_name_plural for obj in error.args[1]})
        raise InspectionNotDeleted(
            "This rehearsal cannot be deleted because other records depend on it ("
            + ", ".join(str(kind) for kind in kinds)
            + "). Remove those first."
        ) from None
    return removed
