"""A demo self-evaluation for the demo ILACS rehearsal, ready for a manager to take through review.

Called from ``inspection_readiness.demo.load_demo``; safe to run twice. Everything is entered
through the services, as a person would, so the audit trail shows it too.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from frameworks.models import Grade, Inspection
from inspection_readiness.councils import current_council

from . import services
from .models import AreaAssessment, DescriptorCheck, EvidenceItem, SelfEvaluation

DEMO_TITLE = "Demo ILACS self-evaluation"
DEMO_AUTHOR = "staff"  # the demo preparation staff account in inspection_readiness.demo

# Per judgement area code: grade, rationale, strengths, areas for development, evidence, action.
DEMO_AREAS = {
    "OE": {
        "grade": "requires-improvement",
        "rationale": "Help and protection requires improvement, so overall effectiveness cannot "
        "yet be good. Leaders know where practice is weaker and have a credible plan.",
        "strengths": "Stable, experienced senior leadership; children in care and care leavers "
        "are well supported.",
        "areas_for_development": "Consistency of assessments and management oversight at the "
        "front door.",
        "evidence": [("Quarterly performance report to the corporate parenting board", "text")],
    },
    "J1": {
        "grade": "good",
        "rationale": "Leaders have an accurate picture of practice from audit and data, and have "
        "acted on it: caseloads are down and the workforce is stable.",
        "strengths": "Monthly practice-week audits moderated by senior managers; agency social "
        "workers down from 21% to 9% in a year.",
        "areas_for_development": "Audit findings are not yet consistently followed up in "
        "supervision.",
        "evidence": [
            ("Workforce dashboard, March", "text"),
            ("Annex A return used for the annual engagement meeting", "link"),
        ],
        "action": (
            "Add an audit follow-up field to the supervision template",
            "Principal social worker",
        ),
    },
    "J2": {
        "grade": "requires-improvement",
        "rationale": "Risk is recognised at the front door, but assessment quality and timeliness "
        "vary between teams and management oversight is not always recorded.",
        "strengths": "Strategy discussions are timely and well attended by police and health.",
        "areas_for_development": "Use of history in assessments; recording of management "
        "decisions; timeliness of child-in-need reviews.",
        "evidence": [
            ("Front door audit, January: 40 contacts", "text"),
            ("Cohort: children subject to a child protection plan for 2 years or more", "link"),
        ],
        "action": ("Run a themed audit of child-in-need reviews", "Head of Service, assessment"),
    },
    "J3": {
        "grade": "good",
        "rationale": "Children come into care in a planned way and most live in stable homes; "
        "permanence is decided early.",
        "strengths": "Placement stability better than statistical neighbours for three years.",
        "areas_for_development": "Sufficiency of local homes for older children.",
        "evidence": [("Sufficiency strategy progress report", "text")],
    },
    "J4": {
        "grade": "good",
        "rationale": "Personal advisers know their young people well and pathway plans are "
        "current; more care leavers are in education, employment or training.",
        "strengths": "Staying close offer; 64% of care leavers aged 19 to 21 in education, "
        "employment or training.",
        "areas_for_development": "Access to mental health support after 18.",
        "evidence": [("Care leavers' forum feedback, autumn", "text")],
        "checks": ["meets", "partly_meets", "meets", "partly_meets", "meets"],
    },
}


def load_demo_self_evaluation() -> SelfEvaluation | None:
    """The demo self-evaluation for the demo rehearsal, made once; None if there is no demo."""
    existing = SelfEvaluation.objects.filter(title=DEMO_TITLE).first()
    if existing is not None:
        return existing
    inspection = (
        Inspection.objects.filter(
            council=current_council(), framework__short_name="ILACS", notes__startswith="Demo"
        )
        .select_related("framework")
        .first()
    )
    author = get_user_model().objects.filter(username=DEMO_AUTHOR).first()
    if inspection is None or author is None:
        return None
    self_evaluation = services.start_self_evaluation(
        framework=inspection.framework, inspection=inspection, title=DEMO_TITLE, started_by=author
    )
    due = timezone.localdate() + timedelta(weeks=6)
    for assessment in AreaAssessment.objects.filter(self_evaluation=self_evaluation).select_related(
        "area__scale", "self_evaluation__framework"
    ):
        entry = DEMO_AREAS.get(assessment.area.code)
        if entry is None:
            continue
        checks = list(DescriptorCheck.objects.filter(area_assessment=assessment).order_by("order"))
        answers = dict(zip([c.pk for c in checks], entry.get("checks", []), strict=False))
        services.save_area(
            assessment=assessment,
            expected_version=assessment.version,
            changes=services.AreaChanges(
                proposed_grade=Grade.objects.get(scale=assessment.area.scale, code=entry["grade"]),
                rationale=entry["rationale"],
                strengths=entry["strengths"],
                areas_for_development=entry["areas_for_development"],
                checks={pk: (answer, "") for pk, answer in answers.items()},
            ),
            saved_by=author,
        )
        for title, kind in entry["evidence"]:
            if kind == EvidenceItem.Kind.LINK:
                link_kind = (
                    EvidenceItem.LinkKind.COHORT
                    if title.startswith("Cohort")
                    else EvidenceItem.LinkKind.ANNEX_A_VERSION
                )
                services.add_evidence(
                    assessment=assessment,
                    kind=kind,
                    title=title,
                    link_kind=link_kind,
                    link_label=title.removeprefix("Cohort: ").capitalize(),
                    added_by=author,
                )
            else:
                services.add_evidence(
                    assessment=assessment,
                    kind=kind,
                    title=title,
                    text=f"Summary of the {title[0].lower()}{title[1:]} (demo text).",
                    added_by=author,
                )
        if "action" in entry:
            description, owner = entry["action"]
            services.add_action(
                assessment=assessment,
                fields=services.ActionFields(description=description, owner=owner, due_on=due),
                added_by=author,
            )
    return self_evaluation
