"""Reads for the frameworks pages, the dashboard and the rule engine."""

from datetime import date, datetime

from django.db.models import Count, Prefetch, QuerySet

from .models import (
    Framework,
    GradeDescriptor,
    Inspection,
    JudgementArea,
    LimitingRule,
    TimelineStep,
    VisitKind,
)
from .pathways import IndicatorResult, KindSpec, next_visit_kinds, pathway_indicator
from .rules import AreaSpec, FrameworkSpec, GradeSpec, RuleSpec, ScaleSpec
from .timeline import StepSpec, TimelineEntry, compute_timeline, describe_offset, next_step
from .versions import NoVersionInForce, VersionSpan, version_in_force


def upcoming_inspections() -> QuerySet[Inspection]:
    """Inspections and rehearsals that are not closed, newest notification first."""
    return (
        Inspection.objects.exclude(status=Inspection.Status.CLOSED)
        .select_related("framework", "council", "visit_kind")
        .order_by("-notified_at")
    )


def framework_for_first_on_site_day(framework: Framework, day: date) -> Framework:
    """The version of ``framework``'s family in force on ``day`` (an inspection's first day on
    site): ILACS for 31 March 2026, ILACS 2026 for 1 April 2026. A framework with no family, or
    a day no version covers, keeps the framework given."""
    if not framework.family:
        return framework
    versions = list(Framework.objects.filter(family=framework.family))
    spans = [VersionSpan(v.short_name, v.active_from, v.active_to) for v in versions]
    try:
        chosen = version_in_force(spans, day)
    except NoVersionInForce:
        return framework
    return next(version for version in versions if version.short_name == chosen)


def framework_in_force(on: date) -> Framework | None:
    """The framework a council meets on ``on``: of those in force that day, the newest (ILACS
    2026 today). None if no framework covers the day."""
    frameworks = list(Framework.objects.all())
    spans = [VersionSpan(f.short_name, f.active_from, f.active_to) for f in frameworks]
    try:
        chosen = version_in_force(spans, on)
    except NoVersionInForce:
        return None
    return next(framework for framework in frameworks if framework.short_name == chosen)


def visit_kind_for(framework: Framework, code: str) -> VisitKind | None:
    return VisitKind.objects.filter(framework=framework, code=code).first()


def frameworks_for_list() -> QuerySet[Framework]:
    """Every framework with the counts the list page shows, oldest first."""
    return Framework.objects.select_related("scale").annotate(
        judgement_count=Count("judgement_areas", distinct=True),
        rule_count=Count("rules", distinct=True),
    )


def framework_with_data(short_name: str) -> Framework:
    """One framework with everything its page shows, in a fixed number of queries."""
    return (
        Framework.objects.select_related("scale")
        .prefetch_related(
            "scale__grades",
            Prefetch(
                "judgement_areas",
                queryset=JudgementArea.objects.select_related("scale", "parent").prefetch_related(
                    "scale__grades",
                    Prefetch(
                        "descriptors",
                        queryset=GradeDescriptor.objects.select_related("grade"),
                    ),
                ),
            ),
            Prefetch(
                "rules",
                queryset=LimitingRule.objects.select_related(
                    "target", "threshold_grade", "cap_grade", "expected_grade"
                ).prefetch_related("subjects", "others"),
            ),
            Prefetch(
                "timeline",
                queryset=TimelineStep.objects.filter(visit_kind=None).select_related("after"),
            ),
            Prefetch(
                "visit_kinds",
                queryset=VisitKind.objects.prefetch_related(
                    Prefetch("timeline", queryset=TimelineStep.objects.select_related("after"))
                ),
            ),
            "sampling",
        )
        .get(short_name=short_name)
    )


def judgement_tree(framework: Framework) -> list[tuple[JudgementArea, int]]:
    """The framework's judgement areas in tree order, each with its depth (0 for roots)."""
    areas = list(framework.judgement_areas.all())
    children: dict[int | None, list[JudgementArea]] = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area)
    ordered: list[tuple[JudgementArea, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for area in sorted(children.get(parent_id, []), key=lambda a: (a.order, a.code)):
            ordered.append((area, depth))
            walk(area.pk, depth + 1)

    walk(None, 0)
    return ordered


def _scale_spec(scale) -> ScaleSpec:
    return ScaleSpec(
        code=scale.code,
        name=scale.name,
        grades=tuple(
            GradeSpec(code=grade.code, label=grade.label, rank=grade.rank)
            for grade in sorted(scale.grades.all(), key=lambda g: g.rank)
        ),
    )


def framework_spec(framework: Framework | str) -> FrameworkSpec:
    """The rule engine's view of a framework, built from the database."""
    short_name = framework if isinstance(framework, str) else framework.short_name
    framework = framework_with_data(short_name)
    scales: dict[int, ScaleSpec] = {}
    areas = []
    for area in framework.judgement_areas.all():
        scale = None
        if area.scale is not None:
            scale = scales.setdefault(area.scale_id, _scale_spec(area.scale))
        areas.append(
            AreaSpec(
                code=area.code,
                name=area.name,
                short_name=area.short_name,
                kind=area.kind,
                scale=scale,
                active_from=area.active_from,
                active_to=area.active_to,
            )
        )
    rules = [
        RuleSpec(
            code=rule.code,
            kind=rule.kind,
            statement=rule.statement,
            source=rule.source,
            target=rule.target.code if rule.target else None,
            subjects=tuple(area.code for area in sorted(rule.subjects.all(), key=_by_order)),
            others=tuple(area.code for area in sorted(rule.others.all(), key=_by_order)),
            threshold=rule.threshold_grade.code if rule.threshold_grade else None,
            cap=rule.cap_grade.code if rule.cap_grade else None,
            expected=rule.expected_grade.code if rule.expected_grade else None,
            parameters=rule.parameters,
            is_provisional=rule.is_provisional,
            active_from=rule.active_from,
            active_to=rule.active_to,
        )
        for rule in framework.rules.all()
    ]
    return FrameworkSpec(short_name=framework.short_name, areas=tuple(areas), rules=tuple(rules))


def _by_order(area: JudgementArea) -> tuple[int, str]:
    return (area.order, area.code)


def step_specs(framework: Framework, visit_kind: VisitKind | None = None) -> list[StepSpec]:
    """The steps of a visit kind's timeline, or of the framework's own (for frameworks
    without visit kinds, and inspections recorded before visit kinds existed)."""
    steps = TimelineStep.objects.filter(framework=framework, visit_kind=visit_kind)
    return [_step_spec(step) for step in steps.select_related("after").order_by("order")]


def _step_spec(step: TimelineStep) -> StepSpec:
    return StepSpec(
        code=step.code,
        name=step.name,
        after=step.after.code if step.after_id else None,
        offset=step.offset,
        unit=step.unit,
        time_of_day=step.time_of_day,
        is_deadline=step.is_deadline,
        is_provisional=step.is_provisional,
        weekday=step.weekday,
        roll=step.roll,
        entered_as=step.entered_as,
        is_typical=step.is_typical,
        note=step.user_note,
    )


def entered_dates(inspection: Inspection) -> dict[str, date | None]:
    """The dates the council entered for the inspection, by ``TimelineStep.Entry``."""
    return {entry.value: getattr(inspection, entry.value) for entry in TimelineStep.Entry}


def inspection_timeline(inspection: Inspection, *, now: datetime) -> list[TimelineEntry]:
    """The inspection's steps with due times, computed from its visit kind's timeline (or its
    framework's), with the dates the council entered."""
    return compute_timeline(
        step_specs(inspection.framework, inspection.visit_kind),
        inspection.notified_at,
        now=now,
        entered=entered_dates(inspection),
    )


def timeline_rows(
    framework: Framework, visit_kind: VisitKind | None = None
) -> list[tuple[TimelineStep, str]]:
    """The framework's (or visit kind's) steps, each with a plain-English offset."""
    steps = list(visit_kind.timeline.all() if visit_kind else framework.timeline.all())
    return [
        (
            step,
            describe_offset(_step_spec(step), after_name=step.after.name if step.after else None),
        )
        for step in sorted(steps, key=lambda step: step.order)
    ]


def comparison_rows(left: Framework, right: Framework) -> list[tuple[str, list[str], list[str]]]:
    """Side-by-side rows for two frameworks: a label and each framework's lines."""

    def lines(framework: Framework) -> dict[str, list[str]]:
        framework = framework_with_data(framework.short_name)
        active_to = f"{framework.active_to:%B %Y}" if framework.active_to else "today"
        active_from = f"{framework.active_from:%B %Y}" if framework.active_from else "unknown"
        return {
            "Name": [framework.name],
            "Inspectorate": [framework.inspectorate],
            "In use": [f"{active_from} to {active_to}"],
            "Length": [framework.length or "Not recorded"],
            "Graded": ["Yes" if framework.is_graded else "No"],
            "Grade scale": [grade.label for grade in framework.scale.grades.all()]
            if framework.scale
            else ["None"],
            "Judgements": [
                f"{'— ' * depth}{area.name}" for area, depth in judgement_tree(framework)
            ],
            "Limiting rules": [f"{rule.code}: {rule.statement}" for rule in framework.rules.all()]
            or ["None recorded"],
            "Kinds of visit": [kind.name for kind in framework.visit_kinds.all()] or ["One kind"],
            "Timeline": [f"{step.name}: {when}" for step, when in timeline_rows(framework)],
            "Case sampling": [
                f"{req.cohort}: "
                + (
                    f"{req.get_comparison_display().lower()} {req.number}"
                    if req.number is not None
                    else "no number"
                )
                for req in framework.sampling.all()
            ]
            or ["None recorded"],
        }

    left_lines, right_lines = lines(left), lines(right)
    return [(label, left_lines[label], right_lines[label]) for label in left_lines]


def next_deadlines(inspections, *, now: datetime) -> list[tuple[Inspection, TimelineEntry | None]]:
    """Each open inspection with its next step still to come, for the dashboard countdown.

    Steps are read once per framework and visit kind, not once per inspection.
    """
    specs_by_kind: dict[tuple[int, int | None], list[StepSpec]] = {}
    rows = []
    for inspection in inspections:
        key = (inspection.framework_id, inspection.visit_kind_id)
        if key not in specs_by_kind:
            specs_by_kind[key] = step_specs(inspection.framework, inspection.visit_kind)
        entries = compute_timeline(
            specs_by_kind[key], inspection.notified_at, now=now, entered=entered_dates(inspection)
        )
        rows.append((inspection, next_step(entries)))
    return rows


def proposed_next_visits(framework: Framework, last_grade: str) -> list[VisitKind]:
    """The kinds of visit that usually follow a council's last overall grade."""
    kinds = list(framework.visit_kinds.all())
    specs = [KindSpec(k.code, k.name, tuple(k.pathway_grades), k.pathway_note) for k in kinds]
    chosen = {spec.code for spec in next_visit_kinds(specs, last_grade)}
    return [kind for kind in kinds if kind.code in chosen]


def indicator_for(framework: Framework, grades: dict[str, str]) -> IndicatorResult | None:
    """The framework's pathway indicator over the council's last judgements, if it has one."""
    if not framework.pathway_indicator or framework.scale is None:
        return None
    rank_of = {grade.code: grade.rank for grade in framework.scale.grades.all()}
    return pathway_indicator(framework.pathway_indicator, grades, rank_of=rank_of)
