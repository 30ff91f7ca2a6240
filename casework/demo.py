"""Demo casework: children built from the latest demo Annex A version, cohorts for the demo ILACS
rehearsal, and a few case audits at different stages, so the demo shows a rehearsal in progress.

Called from ``inspection_readiness.demo.load_demo`` (inside its transaction, so the children are
built here and now rather than by the job the import's signal starts after commit). Safe to run
twice. Everything goes through the services, so the audit trail shows it as well.
"""

from django.contrib.auth import get_user_model

from annex_a.queries import latest_version
from frameworks.models import Inspection
from inspection_readiness.councils import current_council

from . import services
from .models import CaseAudit, ChildrenBuild
from .queries import audit_due_date_for, current_selection, grades_for

DEMO_SEED = 2026
DEMO_AUDITS = 4
DEMO_NARRATIVE = {
    "experience-progress": "The child is settled at school and attendance has risen to 94%.",
    "childs-voice": "Seen alone at every visit; their wishes are quoted in the plan.",
    "assessment": "The assessment describes the family well but does not analyse past concerns.",
    "planning": "The plan has actions without timescales, so progress is hard to measure.",
    "management-oversight": "Supervision is recorded monthly but does not challenge drift.",
    "multi-agency": "Health and school attend core groups; police checks were timely.",
    "recording": "Case notes are up to date and written to the child.",
}
DEMO_GRADES = {
    "experience-progress": "good",
    "childs-voice": "good",
    "assessment": "requires-improvement",
    "planning": "requires-improvement",
    "management-oversight": "requires-improvement",
    "multi-agency": "good",
    "recording": "good",
}


def load_demo_casework() -> None:
    version = latest_version()
    if version is None:
        return
    User = get_user_model()
    admin = User.objects.filter(username="admin").first()
    manager = User.objects.filter(username="manager").first()
    staff = User.objects.filter(username="staff").first()
    if not ChildrenBuild.objects.filter(version=version).exists():
        services.refresh_children(version=version, built_by=admin)
    inspection = Inspection.objects.filter(
        council=current_council(), notes__startswith="Demo", framework__short_name="ILACS"
    ).first()
    if inspection is None or manager is None or staff is None:
        return
    selection = current_selection(inspection)
    if selection is None:
        selection = services.select_cohorts(
            inspection=inspection, seed=DEMO_SEED, selected_by=manager
        )
    if CaseAudit.objects.filter(inspection=inspection).exists():
        return
    children = [
        member.child
        for member in selection.members.filter(cohort="audit", swapped_out_at__isnull=True)
        .select_related("child")
        .order_by("child__child_id")[:DEMO_AUDITS]
    ]
    created = services.assign_audits(
        inspection=inspection,
        children=children,
        auditor=staff,
        due_date=audit_due_date_for(inspection),
        assigned_by=manager,
    )
    grades = {grade.code: grade for grade in grades_for(inspection.framework)}
    for position, audit in enumerate(created[:3]):
        sections = list(audit.grades.select_related("section"))
        if position == 2:  # one in progress: the first two sections done
            sections = sections[:2]
        services.save_audit_draft(
            audit=audit,
            answers={
                row.section_id: services.SectionAnswer(
                    grade=grades.get(DEMO_GRADES.get(row.section.code, "good")),
                    narrative=DEMO_NARRATIVE.get(row.section.code, "Seen and recorded."),
                    themes=row.section.themes[:1],
                )
                for row in sections
            },
            summary="Practice is improving; planning and oversight need to be sharper.",
            saved_by=staff,
        )
        if position < 2:
            services.submit_audit(audit=audit, submitted_by=staff)
    first = created[0]
    services.moderate_audit(
        audit=first,
        decisions={
            row.section_id: services.ModerationDecision(agree=True)
            if row.section.code != "planning"
            else services.ModerationDecision(
                agree=False,
                grade=grades.get("inadequate"),
                reason="No plan review for five months while risks increased.",
            )
            for row in first.grades.select_related("section")
        },
        moderated_by=manager,
    )
