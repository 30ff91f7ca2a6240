"""Reads that casework's pages need, each scoped to the council and, for audits, to the person."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from frameworks.models import Framework, Grade, Inspection, TimelineStep
from frameworks.queries import inspection_timeline, step_specs
from frameworks.timeline import compute_timeline
from inspection_readiness.children import AGE_BAND_LABELS
from inspection_readiness.councils import current_council
from inspection_readiness.models import Council
from inspection_readiness.roles import Role, roles_of

from . import audits, sampling
from .agreement import Agreement, agreement
from .journeys import FLAG_LABELS, THRESHOLD_LABELS, Threshold
from .models import (
    CaseAudit,
    Child,
    ChildrenBuild,
    CohortMember,
    CohortSelection,
    InspectorChoice,
    SectionGrade,
)
from .practice import practice_settings_for
from .theme_tags import themes_by_framework

# Managers oversee every audit; data admins look after data, not practice, so they see only
# audits assigned to them, like staff.
AUDIT_OVERSEERS = frozenset({Role.MANAGER})
# Managers and data admins see every child; preparation staff see the children of their own work
# (see ``children_for_user``) unless the council sets STAFF_SEE_ALL_CHILDREN.
CHILD_OVERSEERS = frozenset({Role.MANAGER, Role.DATA_ADMIN})


def threshold_label(code: str) -> str:
    try:
        return THRESHOLD_LABELS[Threshold(code)]
    except ValueError:
        return "No key threshold"


# ---- children ------------------------------------------------------------------------------


def latest_build() -> ChildrenBuild | None:
    return (
        ChildrenBuild.objects.filter(council=current_council())
        .select_related("version", "built_by")
        .first()
    )


def current_child_count() -> int:
    """How many children the latest build lists: a figure about the build, not a list."""
    return Child.objects.filter(council=current_council(), is_current=True).count()


def sees_every_child(user: AbstractBaseUser) -> bool:
    roles = roles_of(user)
    if CHILD_OVERSEERS & roles:
        return True
    return Role.PREPARATION_STAFF in roles and settings.STAFF_SEE_ALL_CHILDREN


def children_for_user(user: AbstractBaseUser) -> QuerySet[Child]:
    """The one gate to children: every page that lists or opens a child asks here.

    Managers and data admins see every child. Preparation staff see the children of their own
    work: those in case audits assigned to them (to audit or, as second auditor, to moderate),
    and those in the cohorts of the inspections they audit for. Nothing ties a person to an
    inspection except a case audit, so "the inspections they audit for" are those with an audit
    assigned to them; their cohorts are the selection's children (swapped out included) and
    the children the inspectors chose. (Choosing cohorts again replaces the selection, and is
    refused once audits are assigned.)
    """
    children = Child.objects.filter(council=current_council())
    if sees_every_child(user):
        return children
    if not roles_of(user):
        return children.none()
    own_audits = CaseAudit.objects.filter(Q(auditor=user) | Q(moderator=user))
    selections = CohortSelection.objects.filter(inspection__in=own_audits.values("inspection"))
    return children.filter(
        Q(pk__in=own_audits.values("child"))
        | Q(pk__in=CohortMember.objects.filter(selection__in=selections).values("child"))
        | Q(
            pk__in=InspectorChoice.objects.filter(
                selection__in=selections, child__isnull=False
            ).values("child")
        )
    )


def visible_child_ids(user: AbstractBaseUser, child_ids: Iterable[str]) -> set[str]:
    """Which of ``child_ids`` (Child Unique IDs) the person may see, for pages that list the
    children of something else (a cohort, the inspectors' choices)."""
    wanted = set(child_ids)
    if not wanted or sees_every_child(user):
        return wanted
    return set(
        children_for_user(user).filter(child_id__in=wanted).values_list("child_id", flat=True)
    )


def get_child_for_user(user: AbstractBaseUser, child_id: str) -> Child:
    """The child, or 404 for a child who does not exist or whom the person may not see (the
    same answer, so that guessing IDs says nothing)."""
    try:
        return children_for_user(user).select_related("version").get(child_id=child_id)
    except Child.DoesNotExist:
        raise Http404(
            "No child with that Child Unique ID that you can see. Children are built from the "
            "latest Annex A version; preparation staff see the children in their own case "
            "audits and cohorts."
        ) from None


def child_flags(child: Child) -> list[dict]:
    return [
        {"code": flag["code"], "label": FLAG_LABELS.get(flag["code"], flag["code"]), **flag}
        for flag in child.flags
    ]


def candidates_for(council) -> list[sampling.Candidate]:
    """The council's current children, as the sampling module sees them."""
    return [
        sampling.Candidate(child_id, threshold, band, group, out_of_area_home)
        for child_id, threshold, band, group, out_of_area_home in Child.objects.filter(
            council=council, is_current=True
        )
        .exclude(threshold="")
        .values_list(
            "child_id", "threshold", "age_band", "placement_group", "in_childrens_home_out_of_area"
        )
        .iterator(chunk_size=10_000)
    ]


# ---- cohorts -------------------------------------------------------------------------------


def sampling_targets(
    framework: Framework, *, council: Council | None = None
) -> tuple[sampling.Targets, list[str]]:
    """The framework's sampling numbers; for each it does not give (ILACS gives none), the
    council's own cohort size, with a note that says so."""
    numbers = {
        requirement.code: requirement.number
        for requirement in framework.sampling.all()
        if requirement.number is not None
    }
    own = practice_settings_for(council or current_council()).cohort_sizes
    values, missing = {}, []
    for cohort, code in sampling.REQUIREMENT_CODES.items():
        if code in numbers:
            values[cohort] = numbers[code]
        else:
            values[cohort] = own.for_cohort(cohort)
            missing.append(cohort)
    targets = sampling.Targets(**values)
    total = numbers.get(sampling.TOTAL_CODE)
    if total is not None and not missing and targets.stratified_total > total:
        targets = sampling.audited_among_the_rest(targets, total=total)
        return targets, [
            f"The {framework.short_name}'s {targets.audit} audited cases are among the {total} "
            f"children inspectors track and sample: {targets.audit} audited, {targets.tracked} "
            f"tracked and {targets.sampled} more sampled, {total} children in all."
        ]
    if len(missing) == len(sampling.REQUIREMENT_CODES):
        notes = [
            f"{framework.inspectorate or 'The inspectorate'} does not publish how many children "
            f"it samples in {_a_or_an(framework.short_name)} {framework.short_name} inspection; "
            "set the numbers you want to rehearse with. These cohorts use your council's own "
            "numbers."
        ]
    else:
        notes = [
            f"{framework.short_name} gives no number for “{sampling.COHORT_LABELS[cohort]}”: "
            f"your council's own number, {values[cohort]}, is used."
            for cohort in missing
        ]
    return targets, notes


def _a_or_an(initialism: str) -> str:
    """'an ILACS', 'a JAR': by how the first letter is said."""
    return "an" if initialism[:1].upper() in "AEFHILMNORSX" else "a"


def current_selection(inspection: Inspection) -> CohortSelection | None:
    return (
        inspection.cohort_selections.select_related("version", "selected_by")
        .order_by("-selected_at")
        .first()
    )


def selection_members(
    selection: CohortSelection, *, include_swapped: bool = False
) -> list[CohortMember]:
    members = selection.members.select_related("child", "swapped_out_by", "replaces__child")
    if not include_swapped:
        members = members.filter(swapped_out_at__isnull=True)
    ordered = sorted(
        members,
        key=lambda m: (
            list(sampling.COHORT_LABELS).index(m.cohort),
            m.swapped_out_at is not None,
            m.child.child_id,
        ),
    )
    for member in ordered:
        member.threshold_label = threshold_label(member.threshold)
        member.age_band_label = AGE_BAND_LABELS.get(member.age_band, "Not known")
    return ordered


def cohort_coverage(selection: CohortSelection) -> list[sampling.CoverageRow]:
    picks = [
        sampling.Pick(m.child.child_id, m.cohort, m.threshold, m.age_band, m.reason)
        for m in selection.members.filter(swapped_out_at__isnull=True).select_related("child")
    ]
    return sampling.coverage(
        picks,
        candidates_for(selection.inspection.council),
        targets=sampling.Targets(**selection.targets),
    )


@dataclass(frozen=True)
class InspectorComparison:
    chosen: int
    in_rehearsal: list[str]
    not_in_rehearsal: list[str]
    unknown: list[str]
    rehearsal_not_chosen: int
    by_threshold: list[tuple[str, int, int]]  # label, rehearsal, inspectors

    @property
    def percent_matched(self) -> float | None:
        return 100 * len(self.in_rehearsal) / self.chosen if self.chosen else None


def compare_with_inspectors(selection: CohortSelection) -> InspectorComparison | None:
    choices = list(selection.inspector_choices.select_related("child"))
    if not choices:
        return None
    active = {
        m.child.child_id: m.threshold
        for m in selection.members.filter(swapped_out_at__isnull=True).select_related("child")
    }
    chosen_ids = {c.chosen_id for c in choices}
    rehearsal_by_threshold = Counter(active.values())
    inspectors_by_threshold = Counter(c.child.threshold for c in choices if c.child_id)
    return InspectorComparison(
        chosen=len(choices),
        in_rehearsal=sorted(chosen_ids & set(active)),
        not_in_rehearsal=sorted(
            c.chosen_id for c in choices if c.child_id and c.chosen_id not in active
        ),
        unknown=sorted(c.chosen_id for c in choices if not c.child_id),
        rehearsal_not_chosen=len(set(active) - chosen_ids),
        by_threshold=[
            (THRESHOLD_LABELS[t], rehearsal_by_threshold[t.value], inspectors_by_threshold[t.value])
            for t in reversed(Threshold)
        ],
    )


# The timeline step that gives inspectors' last day on site (the one the council may enter).
# An audit due after it is useless to inspectors: a short inspection leaves on Friday of week one.
LAST_DAY_ON_SITE = TimelineStep.Entry.ON_SITE_TO


def last_on_site_day(inspection: Inspection) -> date | None:
    """Inspectors' last day on site: the day the council entered, or the one its visit kind's
    timeline gives; None when neither says (a framework with one kind and no end step)."""
    if inspection.on_site_to:
        return inspection.on_site_to
    if inspection.visit_kind_id is None:
        return None
    return next(
        (
            entry.due.date()
            for entry in inspection_timeline(inspection, now=timezone.now())
            if entry.step.entered_as == LAST_DAY_ON_SITE and entry.due is not None
        ),
        None,
    )


def audit_due_date_for(inspection: Inspection) -> date:
    """When the inspection's case audits are due, from its framework's timeline, and never after
    inspectors leave."""
    entries = compute_timeline(
        step_specs(inspection.framework), inspection.notified_at, now=timezone.now()
    )
    step_day = next(
        (
            timezone.localtime(entry.due).date()
            for entry in entries
            if entry.step.code == audits.CASE_AUDIT_STEP and entry.due is not None
        ),
        None,
    )
    due = audits.audit_due_date(
        notified_on=timezone.localtime(inspection.notified_at).date(),
        case_audit_step_on=step_day,
    )
    return audits.due_inside_on_site_window(due=due, last_on_site_day=last_on_site_day(inspection))


# ---- audits --------------------------------------------------------------------------------


def audits_for_user(user: AbstractBaseUser) -> QuerySet[CaseAudit]:
    """Managers see every audit; everyone else sees those assigned to them to audit or to
    moderate."""
    found = CaseAudit.objects.filter(inspection__council=current_council()).select_related(
        "child", "auditor", "moderator", "inspection__framework"
    )
    if AUDIT_OVERSEERS & roles_of(user):
        return found
    return found.filter(Q(auditor=user) | Q(moderator=user))


def get_audit_for_user(user: AbstractBaseUser, pk: int) -> CaseAudit:
    """The one gate to a case audit: 404 if it does not exist, 403 if it is not the person's."""
    try:
        audit = (
            CaseAudit.objects.filter(inspection__council=current_council())
            .select_related(
                "child", "auditor", "moderator", "moderated_by", "template", "inspection__framework"
            )
            .prefetch_related(
                Prefetch(
                    "grades",
                    queryset=SectionGrade.objects.select_related(
                        "section", "grade", "moderated_grade"
                    ),
                )
            )
            .get(pk=pk)
        )
    except CaseAudit.DoesNotExist:
        raise Http404("No such case audit.") from None
    if AUDIT_OVERSEERS & roles_of(user) or user.pk in (audit.auditor_id, audit.moderator_id):
        return audit
    raise PermissionDenied("This case audit is not assigned to you.")


def grades_for(framework: Framework) -> list[Grade]:
    if framework.scale_id is None:
        return []
    return list(framework.scale.grades.order_by("rank"))


@dataclass(frozen=True)
class AuditSummary:
    total: int
    by_status: list[tuple[str, int]]
    overdue: int
    sections: list[tuple[str, list[int]]]  # section title, count per grade
    grades: list[Grade]
    agreement: Agreement
    agreement_by_section: list[tuple[str, Agreement]]
    themes: list[tuple[str, int]]
    inadequate: list[CaseAudit]
    themes_by_framework: list = field(default_factory=list)  # theme_tags.ThemeGroup
    untagged_themes: list[tuple[str, int]] = field(default_factory=list)


def audit_summary(inspection: Inspection) -> AuditSummary:
    found = list(
        CaseAudit.objects.filter(inspection=inspection)
        .select_related("child", "auditor")
        .prefetch_related(
            Prefetch(
                "grades",
                queryset=SectionGrade.objects.select_related("section", "grade", "moderated_grade"),
            )
        )
    )
    grades = grades_for(inspection.framework)
    worst = grades[-1] if grades else None
    status_counts = Counter(audit.status for audit in found)
    today = timezone.localdate()
    section_counts: dict[str, Counter] = defaultdict(Counter)
    section_order: dict[str, int] = {}
    pairs_by_section: dict[str, list[tuple[str, str]]] = defaultdict(list)
    themes: Counter[str] = Counter()
    inadequate = []
    for audit in found:
        is_inadequate = False
        for grade in audit.grades.all():
            title = grade.section.title
            section_order.setdefault(title, grade.section.order)
            final = grade.final_grade
            if audit.status in (CaseAudit.Status.SUBMITTED, CaseAudit.Status.MODERATED) and final:
                section_counts[title][final.pk] += 1
                themes.update(grade.themes)
                if worst is not None and final.pk == worst.pk:
                    is_inadequate = True
            if audit.status == CaseAudit.Status.MODERATED and grade.grade_id:
                pairs_by_section[title].append(
                    (grade.grade.code, grade.moderated_grade.code if grade.moderated_grade else "")
                )
        if is_inadequate:
            inadequate.append(audit)
    titles = sorted(section_order, key=section_order.get)
    by_framework, untagged = themes_by_framework(themes)
    return AuditSummary(
        total=len(found),
        by_status=[(label, status_counts[value]) for value, label in CaseAudit.Status.choices],
        overdue=sum(
            1
            for audit in found
            if audit.due_date < today
            and audit.status in (CaseAudit.Status.ASSIGNED, CaseAudit.Status.DRAFT)
        ),
        sections=[(title, [section_counts[title][g.pk] for g in grades]) for title in titles],
        grades=grades,
        agreement=agreement(pair for title in titles for pair in pairs_by_section[title]),
        agreement_by_section=[(title, agreement(pairs_by_section[title])) for title in titles],
        themes=themes.most_common(10),
        inadequate=inadequate,
        themes_by_framework=by_framework,
        untagged_themes=untagged,
    )
