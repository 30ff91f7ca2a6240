"""State changes for frameworks and inspections: starting rehearsals, recording what the lead
inspector said, and deleting rehearsals."""

from dataclasses import asdict, dataclass
from datetime import date, datetime

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, ProtectedError, RestrictedError
from django.utils import timezone

from inspection_readiness.audit import record_event
from inspection_readiness.councils import current_council
from inspection_readiness.roles import Role, check_role

from .models import Framework, Inspection, VisitKind

REHEARSAL_NOTE = "Rehearsal started from the frameworks page. Not a real inspection."
# Who starts and deletes rehearsals.
REHEARSAL_ROLES = (Role.MANAGER, Role.DATA_ADMIN)


class InspectionNotDeleted(Exception):
    """The inspection cannot be deleted; the message says why."""


class VisitDetailsError(ValueError):
    """The visit details cannot be recorded; the message says what to put right."""


def _first_on_site_day(framework: Framework, visit_kind: VisitKind | None, now: datetime) -> date:
    """When inspectors would arrive after a call at ``now``, by the visit kind's timeline; the
    day of the call where the timeline does not say (focused visits, monitoring visits)."""
    from .queries import step_specs
    from .timeline import compute_timeline

    entries = compute_timeline(step_specs(framework, visit_kind), now, now=now)
    for entry in entries:
        if entry.step.entered_as == "on_site_from" and entry.due is not None:
            return timezone.localdate(entry.due)
    return timezone.localdate(now)


@transaction.atomic
def start_rehearsal(
    *,
    framework: Framework,
    started_by: AbstractBaseUser,
    visit_kind_code: str = "",
    now: datetime | None = None,
) -> Inspection:
    """A mock inspection, notified now, on the same clock as a real one.

    The version of the framework is the one in force on the rehearsal's first day on site
    (ILACS 2026 from 1 April 2026). A framework with kinds of visit rehearses the one asked
    for, or its first kind (the standard inspection) if none is."""
    from .queries import framework_for_first_on_site_day, visit_kind_for

    check_role(started_by, REHEARSAL_ROLES, to="start a rehearsal")
    now = now or timezone.now()
    kinds = list(framework.visit_kinds.all())
    if visit_kind_code and visit_kind_code not in {kind.code for kind in kinds}:
        raise VisitDetailsError(f"{framework.short_name} has no visit of that kind")
    code = visit_kind_code or (kinds[0].code if kinds else "")
    kind = visit_kind_for(framework, code) if code else None
    version = framework_for_first_on_site_day(framework, _first_on_site_day(framework, kind, now))
    if version != framework:
        framework, kind = version, (visit_kind_for(version, code) if code else None)
    with set_actor(started_by):
        return Inspection.objects.create(
            council=current_council(),
            framework=framework,
            visit_kind=kind,
            notified_at=now,
            is_rehearsal=True,
            notes=REHEARSAL_NOTE,
            created_by=started_by,
        )


@transaction.atomic
def record_visit_details(
    *,
    actor: AbstractBaseUser,
    inspection: Inspection,
    on_site_from: date | None,
    on_site_to: date | None,
    annex_a_due: date | None = None,
    focus_area: str = "",
    theme: str = "",
    partner_inspectorates: str = "",
    team: str = "",
    lead_inspector: str = "",
) -> Inspection:
    """Record what the lead inspector told the council where Ofsted publishes no rule: the days
    on site, the Annex A deadline, the focus area, a JTAI's theme and partners, the team."""
    check_role(actor, REHEARSAL_ROLES, to="record visit details")
    if on_site_from and on_site_to and on_site_to < on_site_from:
        raise VisitDetailsError("The last day on site must be the same as or after the first day")
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    kind = inspection.visit_kind
    if focus_area and (kind is None or focus_area not in kind.focus_areas):
        raise VisitDetailsError("Select one of the focus areas")
    values = {
        "on_site_from": on_site_from,
        "on_site_to": on_site_to,
        "annex_a_due": annex_a_due,
        "focus_area": focus_area,
        "theme": theme.strip(),
        "partner_inspectorates": partner_inspectorates.strip(),
        "team": team.strip(),
        "lead_inspector": lead_inspector.strip(),
    }
    changed = [name for name, value in values.items() if getattr(inspection, name) != value]
    for name in changed:
        setattr(inspection, name, values[name])
    if changed:
        # django-auditlog records each changed field with the person, as for every edit.
        with set_actor(actor):
            inspection.save(update_fields=changed)
    return inspection


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
    check_role(actor, REHEARSAL_ROLES, to="delete a rehearsal")
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
