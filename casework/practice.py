"""The council's practice settings: its own standards where no law or framework sets one (how
often children on a child protection plan are visited; cohort sizes where a framework publishes
none). Read with ``practice_settings_for``; changed only through ``update_practice_settings``,
with its audit entry."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from inspection_readiness.audit import record_event
from inspection_readiness.models import Council
from inspection_readiness.roles import Role, check_role

from .models import PracticeSettings


def practice_settings_for(council: Council) -> PracticeSettings:
    """The council's practice settings, or the defaults (unsaved) until someone sets them."""
    return PracticeSettings.objects.filter(council=council).first() or PracticeSettings(
        council=council
    )


PRACTICE_SETTERS = (Role.MANAGER, Role.DATA_ADMIN)
PRACTICE_FIELDS = {
    "cp_visit_working_days": "Visits to children on a child protection plan (working days)",
    "audited": "Cases the council audits",
    "tracked": "Cases inspectors track",
    "sampled": "Cases inspectors sample",
    "out_of_area_visits": "Children's home visits out of the area",
}


def update_practice_settings(
    *,
    council: Council,
    changed_by: AbstractBaseUser,
    cp_visit_working_days: int,
    audited: int,
    tracked: int,
    sampled: int,
    out_of_area_visits: int,
) -> PracticeSettings:
    """Save the council's own visiting standard and cohort sizes, with one audit entry saying
    what changed from what."""
    check_role(changed_by, PRACTICE_SETTERS, to="change the council's practice settings")
    asked = {
        "cp_visit_working_days": cp_visit_working_days,
        "audited": audited,
        "tracked": tracked,
        "sampled": sampled,
        "out_of_area_visits": out_of_area_visits,
    }
    with transaction.atomic():
        practice, _ = PracticeSettings.objects.select_for_update().get_or_create(council=council)
        changes = {
            field: [getattr(practice, field), value]
            for field, value in asked.items()
            if getattr(practice, field) != value
        }
        if not changes:
            return practice
        for field, value in asked.items():
            setattr(practice, field, value)
        practice.updated_by = changed_by
        practice.updated_at = timezone.now()
        practice.save(update_fields=[*changes, "updated_by", "updated_at"])
        record_event(
            actor=changed_by,
            obj=practice,
            description="Changed the council's practice settings: "
            + "; ".join(
                f"{PRACTICE_FIELDS[field]} from {old} to {new}"
                for field, (old, new) in changes.items()
            ),
            details={"changes": changes},
        )
    return practice
