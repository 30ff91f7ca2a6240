"""What a self-evaluation's proposed grades mean under its framework's rules, and what blocks
submission.

The limiting rules themselves live once, in ``frameworks.rules``: this module turns the
council's entries into the engine's input, places each of the engine's plain-English results
next to the judgement it affects, and decides what must be put right before a self-evaluation
can go to a manager. Plain Python over plain values: no requests, forms or database.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from frameworks.rules import (
    BAND_THRESHOLDS,
    Evaluation,
    FrameworkSpec,
    GradeSpec,
    RuleSpec,
    band_for_counts,
    evaluate,
)


class Entry(StrEnum):
    """How the council records its view of a judgement area; decided by the framework data."""

    GRADED = "graded"  # a proposed grade with its rationale
    BAND = "band"  # counts of inspected services, from which a band rule derives the grade
    FINDINGS = "findings"  # ungraded outcomes: strengths, development, priority action
    NARRATIVE = "narrative"  # no scale: strengths and areas for development only


# The ungraded outcome scale (UCRA's "strengths / areas for development / areas for priority
# action", frameworks/fixtures/scales.yaml) by grade code, against the field that records it.
FINDING_FIELDS = {
    "strengths": "strengths",
    "areas-for-development": "areas_for_development",
    "areas-for-priority-action": "areas_for_priority_action",
}


def assessment_date(*, basis: date, active_from: date | None, active_to: date | None) -> date:
    """The date whose judgements and rules a self-evaluation uses: its inspection's notification
    (or today, for a rehearsal), kept within the years the framework was in use."""
    if active_to is not None and basis > active_to:
        return active_to
    if active_from is not None and basis < active_from:
        return active_from
    return basis


def is_active_on(on: date, *, active_from: date | None, active_to: date | None) -> bool:
    return (active_from is None or active_from <= on) and (active_to is None or on <= active_to)


def band_rules(spec: FrameworkSpec) -> dict[str, RuleSpec]:
    """The band rule that derives each judgement's grade from counts, by judgement code."""
    return {
        code: rule for rule in spec.rules if rule.kind == BAND_THRESHOLDS for code in rule.subjects
    }


def entry_for(
    *, code: str, has_scale: bool, scale_is_graded: bool, band_codes: Iterable[str]
) -> Entry:
    if code in set(band_codes):
        return Entry.BAND
    if not has_scale:
        return Entry.NARRATIVE
    return Entry.GRADED if scale_is_graded else Entry.FINDINGS


class BandInputError(ValueError):
    """Counts of inspected services that cannot give a band."""


def derived_band(
    rule: RuleSpec, *, inspected: int | None, good_or_better: int | None
) -> str | None:
    """The band (grade code) for counts of inspected services, or None until both are given."""
    if inspected is None or good_or_better is None:
        return None
    if inspected == 0:
        raise BandInputError("Enter at least 1 service inspected, or leave both counts blank")
    if good_or_better > inspected:
        raise BandInputError(
            "Services judged good or better must be no more than the services inspected"
        )
    return band_for_counts(rule, good_or_better=good_or_better, inspected=inspected)


def derived_finding(scale_grades: Sequence[GradeSpec], texts: Mapping[str, str]) -> str | None:
    """The most serious outcome the council has written something under, or None.

    ``texts`` maps each finding field (``FINDING_FIELDS``) to what was written. An area with an
    area for priority action counts as one, whatever its strengths, because that is what the
    framework's rules look at.
    """
    written = [
        grade
        for grade in scale_grades
        if FINDING_FIELDS.get(grade.code) and texts.get(FINDING_FIELDS[grade.code], "").strip()
    ]
    if not written:
        return None
    return max(written, key=lambda grade: grade.rank).code


@dataclass(frozen=True)
class AreaInput:
    """One judgement area as the council has filled it in."""

    code: str
    short_name: str
    entry: Entry
    proposed: str | None = None  # grade code, derived for bands and findings
    rationale: str = ""
    is_optional: bool = False
    has_band_counts: bool = False


@dataclass
class AreaLimits:
    """What the rules say next to one judgement: its cap, and each explanation in plain English."""

    code: str
    cap: GradeSpec | None = None
    expected: GradeSpec | None = None
    caps: list[str] = field(default_factory=list)  # why this judgement is capped
    warnings: list[str] = field(default_factory=list)
    effects: list[str] = field(default_factory=list)  # what this judgement does to others
    above_cap: str | None = None


@dataclass(frozen=True)
class SelfEvaluationCheck:
    evaluation: Evaluation
    limits: dict[str, AreaLimits]
    problems: list["Problem"]
    has_rules: bool

    @property
    def can_submit(self) -> bool:
        return not self.problems

    def overall_caps(self, overall_codes: Iterable[str]) -> list[AreaLimits]:
        return [self.limits[code] for code in overall_codes if code in self.limits]


@dataclass(frozen=True)
class Problem:
    """Something to put right before submission, tied to the judgement area it is about."""

    code: str
    message: str


def check_self_evaluation(
    spec: FrameworkSpec, areas: Sequence[AreaInput], *, on: date | None = None
) -> SelfEvaluationCheck:
    """Run the framework's rules over the proposed grades and list what blocks submission."""
    proposed = {area.code: area.proposed for area in areas if area.proposed}
    evaluation = evaluate(spec, proposed, on=on)
    limits = _limits_by_area(spec, evaluation, [area.code for area in areas])
    return SelfEvaluationCheck(
        evaluation=evaluation,
        limits=limits,
        problems=submission_problems(areas, limits),
        has_rules=any(rule.is_active_on(on) for rule in spec.rules),
    )


# What each kind of entry needs before submission, unless the judgement is optional.
_MISSING = {
    Entry.GRADED: "Propose a grade for {name}",
    Entry.BAND: "Enter the services inspected and judged good or better for {name}",
    Entry.FINDINGS: (
        "Record a strength, area for development or area for priority action for {name}"
    ),
}


def submission_problems(
    areas: Sequence[AreaInput], limits: Mapping[str, AreaLimits]
) -> list[Problem]:
    """The submit guard: every judgement filled in, with a rationale, and none above its cap."""
    problems = []
    for area in areas:
        name = lower_first(area.short_name)
        if area.entry in _MISSING and not area.proposed:
            if not area.is_optional:
                problems.append(Problem(area.code, _MISSING[area.entry].format(name=name)))
            continue
        if area.entry == Entry.GRADED and not area.rationale.strip():
            problems.append(
                Problem(area.code, f"Give the rationale for the proposed grade of {name}")
            )
        above_cap = limits[area.code].above_cap if area.code in limits else None
        if above_cap:
            problems.append(Problem(area.code, f"{above_cap} Lower the proposed grade to submit"))
    return problems


def _limits_by_area(
    spec: FrameworkSpec, evaluation: Evaluation, codes: Sequence[str]
) -> dict[str, AreaLimits]:
    limits = {code: AreaLimits(code=code) for code in codes}
    rules = {rule.code: rule for rule in spec.rules}
    for fired in evaluation.fired:
        if fired.target in limits:
            target = limits[fired.target]
            (target.warnings if fired.is_warning else target.caps).append(fired.explanation)
        for subject in rules[fired.rule_code].subjects if fired.rule_code in rules else ():
            if subject in limits and subject != fired.target and _names(spec, subject, fired):
                if fired.explanation not in limits[subject].effects:
                    limits[subject].effects.append(fired.explanation)
    for code, outcome in evaluation.outcomes.items():
        if code not in limits:
            continue
        area_limits = limits[code]
        area_limits.cap = outcome.cap
        area_limits.expected = outcome.expected
        name = _sentence_start(outcome.name)
        proposed = lower_first(outcome.proposed.label) if outcome.proposed else None
        if not outcome.within_cap:
            area_limits.above_cap = (
                f"{name} is proposed {proposed}, above its cap of {lower_first(outcome.cap.label)}."
            )
        if outcome.expected and outcome.proposed and outcome.proposed.rank < outcome.expected.rank:
            area_limits.warnings.append(
                f"{name} is proposed {proposed}; {lower_first(outcome.expected.label)} is "
                "expected, so the rationale must give the reason."
            )
    return limits


def _names(spec: FrameworkSpec, code: str, fired) -> bool:
    """True if the explanation names this subject: a rule fires once per subject it is about."""
    return spec.area(code).short_name.lower() in fired.explanation.lower()


def lower_first(text: str) -> str:
    """'Care leavers' -> 'care leavers', but 'LSCB review' stays as it is."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]
