"""Reads for the self-evaluation pages, the dashboard and the PDF report."""

from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from frameworks import national_framework
from frameworks.combinations import never_seen_warnings
from frameworks.models import Grade, JudgementArea
from frameworks.queries import framework_spec
from frameworks.rules import FrameworkSpec
from inspection_readiness.jobs import latest_job, previous_good_result
from inspection_readiness.models import Job
from inspection_readiness.roles import ALL_ROLES, user_has_role

from .job_kinds import SELF_EVALUATION_REPORT
from .models import Action, AreaAssessment, DescriptorCheck, EvidenceItem, SelfEvaluation
from .rules import (
    AreaInput,
    AreaLimits,
    Entry,
    Problem,
    SelfEvaluationCheck,
    band_rules,
    check_self_evaluation,
    entry_for,
)
from .workflow import EDIT_ROLES, REVIEW_ROLES

Status = SelfEvaluation.Status


def self_evaluations_for_list() -> QuerySet[SelfEvaluation]:
    return SelfEvaluation.objects.select_related("framework", "inspection", "created_by")


def get_self_evaluation_for_user(
    user: AbstractBaseUser, pk: int, *, for_edit: bool = False, for_review: bool = False
) -> SelfEvaluation:
    """The one gate for a self-evaluation: 404 if there is none, 403 if the role does not fit.

    Everyone with a role may read a self-evaluation; preparation staff and managers may change
    one (``for_edit``); only managers review (``for_review``). Whether its status allows the
    change is the workflow's decision, made in the service.
    """
    if not user_has_role(user, ALL_ROLES):
        raise PermissionDenied("This page is for people with a role in the service.")
    if for_edit and not user_has_role(user, EDIT_ROLES):
        raise PermissionDenied("Only preparation staff and managers can change a self-evaluation.")
    if for_review and not user_has_role(user, REVIEW_ROLES):
        raise PermissionDenied("Only managers can review a self-evaluation.")
    try:
        return SelfEvaluation.objects.select_related(
            "framework", "inspection", "previous_revision", "created_by", "approved_by"
        ).get(pk=pk)
    except SelfEvaluation.DoesNotExist:
        raise Http404("No such self-evaluation.") from None


def get_area_for_user(
    user: AbstractBaseUser, pk: int, code: str, *, for_edit: bool = False
) -> AreaAssessment:
    """One judgement area of a self-evaluation, through the self-evaluation's gate."""
    self_evaluation = get_self_evaluation_for_user(user, pk, for_edit=for_edit)
    try:
        assessment = (
            AreaAssessment.objects.select_related("area__scale", "proposed_grade", "updated_by")
            .prefetch_related("area__scale__grades")
            .get(self_evaluation=self_evaluation, area__code=code)
        )
    except AreaAssessment.DoesNotExist:
        raise Http404("This self-evaluation has no such judgement area.") from None
    assessment.self_evaluation = self_evaluation
    return assessment


def areas_of(self_evaluation: SelfEvaluation) -> list[AreaAssessment]:
    """The self-evaluation's areas in tree order, with the counts the dashboard shows."""
    this_round = self_evaluation.review_comments.filter(review_round=self_evaluation.review_round)
    return list(
        AreaAssessment.objects.filter(self_evaluation=self_evaluation)
        .select_related("area__scale", "proposed_grade", "updated_by")
        .annotate(
            evidence_count=Count("evidence", distinct=True),
            open_action_count=Count(
                "actions", filter=Q(actions__status=Action.Status.OPEN), distinct=True
            ),
            checks_total=Count("descriptor_checks", distinct=True),
            checks_answered=Count(
                "descriptor_checks", filter=~Q(descriptor_checks__judgement=""), distinct=True
            ),
            has_comment_this_round=Exists(this_round.filter(area_assessment=OuterRef("pk"))),
        )
        .order_by("order")
    )


def area_input(assessment: AreaAssessment, band_codes) -> AreaInput:
    area = assessment.area
    return AreaInput(
        code=area.code,
        short_name=area.short_name,
        entry=entry_for_area(area, band_codes),
        proposed=assessment.proposed_grade.code if assessment.proposed_grade_id else None,
        rationale=assessment.rationale,
        is_optional=area.is_optional,
        has_band_counts=assessment.services_inspected is not None,
    )


def entry_for_area(area: JudgementArea, band_codes) -> Entry:
    return entry_for(
        code=area.code,
        has_scale=area.scale_id is not None,
        scale_is_graded=bool(area.scale_id and area.scale.is_graded),
        band_codes=band_codes,
    )


def check_for(
    self_evaluation: SelfEvaluation,
    areas: list[AreaAssessment] | None = None,
    spec: FrameworkSpec | None = None,
) -> SelfEvaluationCheck:
    """The framework's rules over the self-evaluation's proposed grades, as saved now."""
    spec = spec or framework_spec(self_evaluation.framework)
    if areas is None:
        areas = list(
            AreaAssessment.objects.filter(self_evaluation=self_evaluation)
            .select_related("area__scale", "proposed_grade")
            .order_by("order")
        )
    bands = band_rules(spec)
    return check_self_evaluation(
        spec, [area_input(area, bands) for area in areas], on=self_evaluation.assessed_on
    )


@dataclass
class AreaRow:
    """One line of the preparation group's dashboard."""

    assessment: AreaAssessment
    entry: Entry
    limits: AreaLimits
    problems: list[Problem]
    review_status: str
    review_tag: str

    @property
    def coverage(self) -> str:
        total = self.assessment.checks_total
        if not total:
            return "No descriptors recorded"
        return f"{self.assessment.checks_answered} of {total}"


@dataclass
class Dashboard:
    self_evaluation: SelfEvaluation
    rows: list[AreaRow]
    check: SelfEvaluationCheck
    overall: list[AreaRow] = field(default_factory=list)

    @property
    def evidence_total(self) -> int:
        return sum(row.assessment.evidence_count for row in self.rows)

    @property
    def open_actions_total(self) -> int:
        return sum(row.assessment.open_action_count for row in self.rows)


def dashboard(self_evaluation: SelfEvaluation) -> Dashboard:
    """Per judgement area: proposed grade, evidence, descriptor coverage, review status, open
    actions and the rules' caps; and the caps on the overall judgements."""
    spec = framework_spec(self_evaluation.framework)
    areas = areas_of(self_evaluation)
    check = check_for(self_evaluation, areas, spec)
    bands = band_rules(spec)
    rows = []
    for assessment in areas:
        problems = [p for p in check.problems if p.code == assessment.area.code]
        label, tag = review_status(self_evaluation, assessment, problems)
        rows.append(
            AreaRow(
                assessment=assessment,
                entry=entry_for_area(assessment.area, bands),
                limits=check.limits[assessment.area.code],
                problems=problems,
                review_status=label,
                review_tag=tag,
            )
        )
    overall = [row for row in rows if row.assessment.area.kind == JudgementArea.Kind.OVERALL]
    return Dashboard(self_evaluation=self_evaluation, rows=rows, check=check, overall=overall)


def review_status(
    self_evaluation: SelfEvaluation, assessment: AreaAssessment, problems: list[Problem]
) -> tuple[str, str]:
    """A judgement area's place in the review, in words and a GOV.UK tag colour."""
    if self_evaluation.status == Status.APPROVED:
        return "Approved", "green"
    if self_evaluation.status == Status.SUBMITTED:
        return "Awaiting review", "blue"
    if self_evaluation.status == Status.RETURNED and assessment.has_comment_this_round:
        changed = (
            assessment.updated_at is not None
            and self_evaluation.returned_at is not None
            and assessment.updated_at > self_evaluation.returned_at
        )
        return ("Changed after comments", "purple") if changed else ("Comments to address", "red")
    started = (
        assessment.updated_at is not None
        or assessment.evidence_count
        or assessment.checks_answered
        or assessment.open_action_count
    )
    if not started:
        return "Not started", "grey"
    if problems:
        return "In progress", "light-blue"
    return "Ready for review", "turquoise"


def area_detail(assessment: AreaAssessment) -> dict:
    """What the area page shows besides the form: the rules' results, comments, evidence, and
    how the area is entered (its entry kind and, for a band, the band rule)."""
    self_evaluation = assessment.self_evaluation
    spec = framework_spec(self_evaluation.framework)
    bands = band_rules(spec)
    check = check_for(self_evaluation, spec=spec)
    code = assessment.area.code
    return {
        "entry": entry_for_area(assessment.area, bands),
        "band_rule": bands.get(code),
        "limits": check.limits[code],
        "has_rules": check.has_rules,
        "problems": [p for p in check.problems if p.code == code],
        "checks": list(assessment.descriptor_checks.all()),
        "evidence": list(
            assessment.evidence.select_related("added_by", "linked_type").order_by("added_at")
        ),
        "actions": list(assessment.actions.order_by("status", "due_on", "pk")),
        "comments": list(
            assessment.review_comments.select_related("author").order_by("-review_round", "pk")
        ),
        "this_round": self_evaluation.review_round,
        "grades_above_cap": _grades_above_cap(assessment, check.limits[code]),
    }


def _grades_above_cap(assessment: AreaAssessment, limits: AreaLimits) -> set[str]:
    if limits.cap is None or assessment.area.scale_id is None:
        return set()
    return {
        grade.code for grade in assessment.area.scale.grades.all() if grade.rank < limits.cap.rank
    }


def grades_for(assessment: AreaAssessment) -> list[Grade]:
    if assessment.area.scale_id is None:
        return []
    return sorted(assessment.area.scale.grades.all(), key=lambda grade: grade.rank)


def evidence_of(self_evaluation: SelfEvaluation) -> QuerySet[EvidenceItem]:
    return EvidenceItem.objects.filter(
        area_assessment__self_evaluation=self_evaluation
    ).select_related("area_assessment__area", "added_by", "linked_type")


def actions_of(self_evaluation: SelfEvaluation) -> QuerySet[Action]:
    return Action.objects.filter(area_assessment__self_evaluation=self_evaluation).select_related(
        "area_assessment__area"
    )


def review_comments_of(self_evaluation: SelfEvaluation):
    return self_evaluation.review_comments.select_related(
        "author", "area_assessment__area"
    ).order_by("-review_round", "area_assessment__order", "pk")


def history_of(self_evaluation: SelfEvaluation) -> QuerySet[LogEntry]:
    """Every audit entry about the self-evaluation and its rows, deleted rows included."""
    return (
        LogEntry.objects.filter(additional_data__self_evaluation_id=self_evaluation.pk)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def report_jobs(
    self_evaluation, kind: str = SELF_EVALUATION_REPORT
) -> tuple[Job | None, Job | None]:
    """The latest PDF report job and, unless that one succeeded, the last good report (of a
    self-evaluation, or of an annual self-evaluation with its own ``kind``)."""
    latest = latest_job(kind, self_evaluation)
    if latest is None:
        return None, None
    if latest.status == Job.Status.SUCCEEDED:
        return latest, latest
    return latest, previous_good_result(latest)


def report_for_download(self_evaluation, kind: str = SELF_EVALUATION_REPORT) -> Job:
    latest, good = report_jobs(self_evaluation, kind)
    if good is None:
        raise Http404("No PDF has been built for this yet.")
    return good


def report_data(self_evaluation: SelfEvaluation) -> dict:
    """Everything the PDF report prints, read in a fixed number of queries."""
    spec = framework_spec(self_evaluation.framework)
    areas = list(
        AreaAssessment.objects.filter(self_evaluation=self_evaluation)
        .select_related("area__scale", "proposed_grade")
        .prefetch_related(
            Prefetch("descriptor_checks", queryset=DescriptorCheck.objects.order_by("order")),
            Prefetch(
                "evidence",
                queryset=EvidenceItem.objects.select_related("added_by").order_by("added_at", "pk"),
            ),
            Prefetch("actions", queryset=Action.objects.order_by("due_on", "pk")),
        )
        .order_by("order")
    )
    check = check_for(self_evaluation, areas, spec)
    numbered = []
    for assessment in areas:
        for item in assessment.evidence.all():
            numbered.append(item)
            item.reference = f"E{len(numbered)}"
    actions = [action for area in areas for action in area.actions.all()]
    return {
        "self_evaluation": self_evaluation,
        "areas": [(area, check.limits[area.area.code]) for area in areas],
        "check": check,
        "evidence": numbered,
        "themes": by_national_framework(areas, actions),
        "combination_warnings": never_seen_warnings(
            self_evaluation.framework.short_name,
            {a.area.code: a.proposed_grade.code for a in areas if a.proposed_grade},
        ),
        "plan_gaps": plan_gaps(actions),
        "national_framework_source": national_framework.source(),
    }


@dataclass
class FrameworkTheme:
    """What the self-evaluation says under one outcome, enabler or principle of the national
    framework: the areas whose strengths or areas for development carry its tag, and the
    actions tagged with it."""

    element: national_framework.Element
    strengths: list[AreaAssessment] = field(default_factory=list)
    development: list[AreaAssessment] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


def by_national_framework(areas: list[AreaAssessment], actions: list[Action]) -> list:
    """One theme per element that anything is tagged with, in the framework's order. Tags on
    empty text say nothing, so they are left out."""
    themes = {element.code: FrameworkTheme(element) for element in national_framework.elements()}
    for area in areas:
        if area.strengths.strip():
            for code in national_framework.known_codes(area.strengths_tags):
                themes[code].strengths.append(area)
        if area.areas_for_development.strip():
            for code in national_framework.known_codes(area.development_tags):
                themes[code].development.append(area)
    for action in actions:
        for code in national_framework.known_codes(action.tags):
            themes[code].actions.append(action)
    return [
        theme for theme in themes.values() if theme.strengths or theme.development or theme.actions
    ]


def plan_gaps(actions: list[Action]) -> list[national_framework.Element]:
    """Outcomes and enablers of the national framework that no action addresses yet."""
    return national_framework.uncovered(actions, lambda action: action.tags)


def themes_of(self_evaluation: SelfEvaluation) -> list[FrameworkTheme]:
    areas = list(
        AreaAssessment.objects.filter(self_evaluation=self_evaluation)
        .select_related("area")
        .order_by("order")
    )
    return by_national_framework(areas, list(actions_of(self_evaluation)))


def combination_warnings(board: "Dashboard") -> list[str]:
    """Proposed grades that no published inspection under this framework has had together."""
    grades = {
        row.assessment.area.code: row.assessment.proposed_grade.code
        for row in board.rows
        if row.assessment.proposed_grade
    }
    return never_seen_warnings(board.self_evaluation.framework.short_name, grades)
