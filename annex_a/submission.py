"""Marking a version as submitted to Ofsted, for an inspection (or a rehearsal of one).

A data admin or a manager records it for a version with no findings; a version with errors or
warnings needs a manager, with the reason it was sent as it is. The inspection's page then
shows the version sent.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from frameworks.models import Inspection
from inspection_readiness.audit import record_event
from inspection_readiness.models import Council
from inspection_readiness.roles import Role, check_role, user_has_role

from .models import AnnexAVersion

SENDERS = (Role.DATA_ADMIN, Role.MANAGER)


def inspections_to_send_for(council: Council) -> QuerySet[Inspection]:
    """The council's inspections and rehearsals a version may be sent for: those not closed,
    newest first."""
    return (
        Inspection.objects.filter(council=council)
        .exclude(status=Inspection.Status.CLOSED)
        .select_related("framework", "visit_kind")
        .order_by("-notified_at", "-pk")
    )


def may_mark_submitted(user: AbstractBaseUser, version: AnnexAVersion) -> bool:
    return user_has_role(user, SENDERS if version.is_ready else [Role.MANAGER])


def mark_version_submitted(
    *,
    version: AnnexAVersion,
    submitted_by: AbstractBaseUser,
    inspection: Inspection,
    reason: str = "",
) -> AnnexAVersion:
    """Record that this version went to Ofsted for ``inspection``. A version with errors or
    warnings needs a manager to confirm it, with a reason."""
    check_role(submitted_by, SENDERS, to="mark an Annex A version as submitted")
    reason = reason.strip()
    with transaction.atomic():
        version = AnnexAVersion.objects.select_for_update().get(pk=version.pk)
        if version.is_submitted:
            raise ValidationError("This version has already been marked as submitted.")
        if not inspections_to_send_for(version.council).filter(pk=inspection.pk).exists():
            raise ValidationError("Choose one of the council's inspections that is not closed.")
        if not version.is_ready:
            if not user_has_role(submitted_by, [Role.MANAGER]):
                raise PermissionDenied(
                    "This version has errors or warnings, so a manager must confirm it was "
                    "submitted."
                )
            if not reason:
                raise ValidationError(
                    "Give the reason the version was submitted with its errors or warnings."
                )
        version.submitted_at = timezone.now()
        version.submitted_by = submitted_by
        version.submitted_for = inspection
        version.submission_reason = reason
        version.save(
            update_fields=["submitted_at", "submitted_by", "submitted_for", "submission_reason"]
        )
        details = {"inspection_id": inspection.pk, "readiness": version.readiness}
        if reason:
            details["reason"] = reason
        record_event(
            actor=submitted_by,
            obj=version,
            description=f"Marked version {version.number} as submitted to Ofsted for the "
            f"{'rehearsal' if inspection.is_rehearsal else 'inspection'} notified on "
            f"{timezone.localtime(inspection.notified_at):%d/%m/%Y}",
            details=details,
        )
        record_event(
            actor=submitted_by,
            obj=inspection,
            description=f"Annex A version {version.number} (as at {version.as_at:%d/%m/%Y}) "
            "marked as submitted to Ofsted",
            details={"version_id": version.pk},
        )
    return version


def version_sent_for(inspection: Inspection) -> AnnexAVersion | None:
    """The latest version marked as submitted for ``inspection``."""
    return (
        AnnexAVersion.objects.filter(submitted_for=inspection)
        .select_related("submitted_by")
        .order_by("-submitted_at", "-number")
        .first()
    )
