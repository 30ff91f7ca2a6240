"""The Director's summary of one inspection: deadlines and what is overdue, Annex A, headline
measures against England and neighbours, audits and their grades, proposed grades with their
caps, inspectors' themes so far, open requests and risks. One read, shown on screen and laid
out as a PDF (OFFICIAL-SENSITIVE) by a background job.

Every part reads a bounded number of queries whatever the size of Annex A: the Annex A status
is the version's stored counts, the measures are the data pack's stored results."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from frameworks.models import Inspection
from inspection_readiness.jobs import JobResult, ProgressReporter
from inspection_readiness.pdf import pdf_for_job
from inspection_readiness.roles import ALL_ROLES, Role

from . import queries
from .models import FeedbackPoint, InspectorRequest
from .todo import AnnexAStatus, annex_a_status

# Managers make the summary for the Director; everyone with a role may read it, as they may
# read the self-evaluation and the inspection's pages it draws on.
BUILD_ROLES = frozenset({Role.MANAGER})
VIEW_ROLES = frozenset(ALL_ROLES)

# How many of the inspectors' points the summary quotes; the rest are counted by area.
POINTS_QUOTED = 12


@dataclass(frozen=True)
class Risk:
    """Something overdue: a deadline, a checklist item or a request."""

    kind: str
    text: str
    due: datetime | None
    owner: str = ""


@dataclass(frozen=True)
class ProposedGrade:
    area: str
    grade: str
    cap: str
    cap_reasons: list[str]


@dataclass
class DirectorSummary:
    inspection: Inspection
    made_at: datetime
    deadlines: list[queries.StepRow]
    annex_a: AnnexAStatus
    headlines: list = field(default_factory=list)
    headline_source: str = ""
    audits: object | None = None
    self_evaluation: object | None = None
    proposed_grades: list[ProposedGrade] = field(default_factory=list)
    picture: list[queries.AreaPicture] = field(default_factory=list)
    concerns: list[FeedbackPoint] = field(default_factory=list)
    strengths: list[FeedbackPoint] = field(default_factory=list)
    open_requests: list[InspectorRequest] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)

    @property
    def council_name(self) -> str:
        return settings.COUNCIL_NAME

    @property
    def audits_done(self) -> int:
        """Audits submitted or moderated: those whose grades count."""
        from casework.models import CaseAudit

        done = {CaseAudit.Status.SUBMITTED.label, CaseAudit.Status.MODERATED.label}
        if self.audits is None:
            return 0
        return sum(count for label, count in self.audits.by_status if label in done)


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "No one"


def _headlines(annex_a: AnnexAStatus) -> tuple[list, str]:
    """The headline measures from the newest version's data pack (or the newest pack)."""
    from datapack.queries import headlines

    pack = annex_a.pack
    if pack is None or not pack.results:
        return [], ""
    return headlines(pack.results), f"Data pack built from Annex A version {pack.version.number}"


def _proposed_grades(inspection: Inspection):
    """The newest self-evaluation for the inspection, with each area's grade and cap."""
    from judgements.models import SelfEvaluation
    from judgements.queries import dashboard

    newest = (
        SelfEvaluation.objects.filter(inspection=inspection)
        .select_related("framework")
        .order_by("-pk")
        .first()
    )
    if newest is None:
        return None, []
    rows = []
    for row in dashboard(newest).rows:
        grade = row.assessment.proposed_grade
        rows.append(
            ProposedGrade(
                area=row.assessment.area.name,
                grade=grade.label if grade else "Not yet proposed",
                cap=row.limits.cap.label if row.limits.cap else "",
                cap_reasons=list(row.limits.caps),
            )
        )
    return newest, rows


def director_summary(inspection: Inspection, *, now: datetime | None = None) -> DirectorSummary:
    from casework.queries import audit_summary

    now = now or timezone.now()
    deadlines = queries.timeline_rows(inspection, now=now)
    annex_a = annex_a_status()
    lines, source = _headlines(annex_a)
    self_evaluation, grades = _proposed_grades(inspection)
    open_requests = list(
        inspection.inspector_requests.filter(status=InspectorRequest.Status.OPEN)
        .select_related("owner")
        .order_by("due_at", "pk")
    )
    points = list(
        inspection.feedback_points.select_related("judgement_area").order_by("-day", "-pk")
    )
    risks = [
        Risk(kind="Deadline", text=row.entry.step.name, due=row.entry.due, owner=_person(row.owner))
        for row in deadlines
        if row.entry.is_overdue and not row.is_done
    ]
    risks += [
        Risk(
            kind="Checklist",
            text=row.item.title,
            due=row.item.due_at,
            owner=_person(row.item.owner),
        )
        for row in queries.checklist(inspection, now=now)
        if row.is_overdue
    ]
    risks += [
        Risk(
            kind="Inspectors' request", text=item.asked, due=item.due_at, owner=_person(item.owner)
        )
        for item in open_requests
        if queries.request_is_overdue(item, now=now)
    ]
    return DirectorSummary(
        inspection=inspection,
        made_at=timezone.localtime(now),
        deadlines=deadlines,
        annex_a=annex_a,
        headlines=lines,
        headline_source=source,
        audits=audit_summary(inspection),
        self_evaluation=self_evaluation,
        proposed_grades=grades,
        picture=queries.picture_by_area(inspection),
        concerns=[p for p in points if p.kind == FeedbackPoint.Kind.CONCERN][:POINTS_QUOTED],
        strengths=[p for p in points if p.kind == FeedbackPoint.Kind.STRENGTH][:POINTS_QUOTED],
        open_requests=open_requests,
        risks=sorted(risks, key=lambda risk: (risk.due is None, risk.due or now)),
    )


# ---- The PDF -----------------------------------------------------------------------------


def summary_html(summary: DirectorSummary) -> str:
    return render_to_string(
        "inspections/report/director_summary.html",
        {"summary": summary, "service_name": settings.SERVICE_NAME},
    )


def summary_filename(summary: DirectorSummary) -> str:
    return (
        f"directors-summary-{summary.inspection.framework.short_name.lower().replace(' ', '-')}-"
        f"{summary.made_at:%Y-%m-%d-%H%M}.pdf"
    )


def build_summary_pdf(inspection: Inspection, report: ProgressReporter) -> JobResult:
    report(10, "Reading the inspection, its deadlines and the work done.")
    summary = director_summary(inspection)
    report(40, "Writing the PDF.")
    pdf = pdf_for_job(summary_html(summary))
    report(95, "Saving the PDF.")
    return JobResult(name=summary_filename(summary), content=pdf)


# ---- Building it in the background --------------------------------------------------------


def request_summary(*, actor, inspection: Inspection):
    """Queue a fresh PDF of the summary; the last one stays available until this one is made."""
    from inspection_readiness.audit import record_event
    from inspection_readiness.jobs import start_job
    from inspection_readiness.roles import check_role

    from .job_kinds import DIRECTORS_SUMMARY

    check_role(actor, BUILD_ROLES, to="build the Director's summary")
    job = start_job(kind=DIRECTORS_SUMMARY, owner=actor, subject=inspection)
    record_event(
        actor=actor,
        obj=inspection,
        description="Director's summary PDF requested",
        details={"job_id": job.pk},
    )
    return job


def summary_jobs(inspection: Inspection):
    """The latest PDF job and, unless it succeeded, the last good one."""
    from inspection_readiness.jobs import latest_job, previous_good_result
    from inspection_readiness.models import Job

    from .job_kinds import DIRECTORS_SUMMARY

    latest = latest_job(DIRECTORS_SUMMARY, inspection)
    if latest is None or latest.status == Job.Status.SUCCEEDED:
        return latest, latest
    return latest, previous_good_result(latest)
