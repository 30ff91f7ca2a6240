"""State changes for frameworks and inspections: starting and deleting rehearsals."""

from datetime import datetime

from auditlog.context import set_actor
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from inspection_readiness.councils import current_council

from .models import Framework, Inspection

REHEARSAL_NOTE = "Rehearsal started from the frameworks page. Not a real inspection."


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


@transaction.atomic
def delete_rehearsal(*, inspection: Inspection, deleted_by: AbstractBaseUser) -> None:
    """Delete a rehearsal. Real inspections are never deleted this way."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if not inspection.is_rehearsal:
        raise PermissionDenied("Only rehearsals can be deleted.")
    with set_actor(deleted_by):
        inspection.delete()
