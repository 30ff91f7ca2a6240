"""The limiting-rule engine: one evaluator over rule data, for every framework.

Rules live in the fixtures (``frameworks/fixtures/*.yaml``) as ``LimitingRule`` rows. Each has a
*kind* from a small closed set; this module interprets each kind generically. Nothing here names
a framework or a judgement: adding a framework is a data change.

The engine works on plain frozen dataclasses (``FrameworkSpec``) so it can be tested without
the database; ``frameworks.queries.framework_spec`` builds one from the models.

Kinds:

``cap_if_any_at_or_below``
    If any subject is graded at or below ``threshold``, the target is at most ``cap``.
``cap_at_subject_grade``
    The target is at most the (rank of the) grade of each subject.
``tendency_with_override_reason``
    If any subject is at or below ``threshold``, the target is at most ``cap`` and is expected to
    be ``expected``; a grade above ``expected`` needs a recorded reason (a warning).
``warning_if_alone``
    If a subject is at or below ``threshold`` while none of ``others`` is, warn: the subject
    influences the target but does not limit it alone. With no ``others``, it simply warns.
``top_grade_only_if``
    The target's top grade needs every graded subject in ``required_grades`` and none in
    ``forbidden_grades``. A forbidden grade caps the target at ``cap``; a subject outside the
    required grades gives a warning (the framework's "very large majority" is not a number).
``band_thresholds``
    Derives a band from a percentage (``band_for_percent``). It limits nothing by itself.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

CAP_IF_ANY_AT_OR_BELOW = "cap_if_any_at_or_below"
CAP_AT_SUBJECT_GRADE = "cap_at_subject_grade"
TENDENCY_WITH_OVERRIDE_REASON = "tendency_with_override_reason"
WARNING_IF_ALONE = "warning_if_alone"
TOP_GRADE_ONLY_IF = "top_grade_only_if"
BAND_THRESHOLDS = "band_thresholds"

KINDS = frozenset(
    {
        CAP_IF_ANY_AT_OR_BELOW,
        CAP_AT_SUBJECT_GRADE,
        TENDENCY_WITH_OVERRIDE_REASON,
        WARNING_IF_ALONE,
        TOP_GRADE_ONLY_IF,
        BAND_THRESHOLDS,
    }
)


class RuleDataError(ValueError):
    """The rule data is inconsistent (an unknown kind, grade or judgement)."""


@dataclass(frozen=True)
class GradeSpec:
    code: str
    label: str
    rank: int  # 1 is the best grade on its scale


@dataclass(frozen=True)
class ScaleSpec:
    code: str
    name: str
    grades: tuple[GradeSpec, ...]

    def grade(self, code: str) -> GradeSpec:
        for grade in self.grades:
            if grade.code == code:
                return grade
        raise RuleDataError(f"{code!r} is not a grade on the scale {self.code!r}")

    @property
    def best(self) -> GradeSpec:
        return min(self.grades, key=lambda grade: grade.rank)


@dataclass(frozen=True)
class AreaSpec:
    code: str
    name: str
    short_name: str
    kind: str
    scale: ScaleSpec | None = None
    active_from: date | None = None
    active_to: date | None = None

    def is_active_on(self, on: date | None) -> bool:
        return _active(self.active_from, self.active_to, on)


@dataclass(frozen=True)
class RuleSpec:
    code: str
    kind: str
    statement: str
    source: str
    target: str | None = None
    subjects: tuple[str, ...] = ()
    others: tuple[str, ...] = ()
    threshold: str | None = None
    cap: str | None = None
    expected: str | None = None
    parameters: Mapping = field(default_factory=dict)
    is_provisional: bool = False
    active_from: date | None = None
    active_to: date | None = None

    def is_active_on(self, on: date | None) -> bool:
        return _active(self.active_from, self.active_to, on)


@dataclass(frozen=True)
class FrameworkSpec:
    short_name: str
    areas: tuple[AreaSpec, ...]
    rules: tuple[RuleSpec, ...]

    def area(self, code: str) -> AreaSpec:
        for area in self.areas:
            if area.code == code:
                return area
        raise RuleDataError(f"{self.short_name} has no judgement {code!r}")

    def rule(self, code: str) -> RuleSpec:
        for rule in self.rules:
            if rule.code == code:
                return rule
        raise RuleDataError(f"{self.short_name} has no rule {code!r}")


@dataclass(frozen=True)
class FiredRule:
    rule_code: str
    kind: str
    target: str | None
    explanation: str
    source: str
    cap: str | None = None  # grade code on the target's scale, if the rule caps
    is_warning: bool = False
    is_provisional: bool = False


@dataclass
class JudgementOutcome:
    code: str
    name: str
    proposed: GradeSpec | None = None
    cap: GradeSpec | None = None
    expected: GradeSpec | None = None
    fired: list[FiredRule] = field(default_factory=list)

    @property
    def within_cap(self) -> bool:
        """True unless the proposed grade is better than the cap."""
        if self.proposed is None or self.cap is None:
            return True
        return self.proposed.rank >= self.cap.rank


@dataclass
class Evaluation:
    framework: str
    outcomes: dict[str, JudgementOutcome]
    fired: list[FiredRule]

    @property
    def explanations(self) -> list[str]:
        return [rule.explanation for rule in self.fired if not rule.is_warning]

    @property
    def warnings(self) -> list[str]:
        found = [rule.explanation for rule in self.fired if rule.is_warning]
        for outcome in self.outcomes.values():
            if not outcome.within_cap:
                found.append(
                    f"{_sentence_start(outcome.name)} is proposed "
                    f"{_lower(outcome.proposed.label)}, above its cap of "
                    f"{_lower(outcome.cap.label)}."
                )
        return found

    def cap_for(self, code: str) -> GradeSpec | None:
        outcome = self.outcomes.get(code)
        return outcome.cap if outcome else None


def evaluate(
    spec: FrameworkSpec, proposed: Mapping[str, str], *, on: date | None = None
) -> Evaluation:
    """Run every active rule of ``spec`` over ``proposed`` (judgement code -> grade code).

    ``on`` picks the judgements and rules in force on that date (for example ILACS before and
    after the 2023 care-leavers split); without it every judgement and rule counts.
    """
    grades = _proposed_grades(spec, proposed)
    outcomes = {
        area.code: JudgementOutcome(
            code=area.code, name=area.short_name, proposed=grades.get(area.code)
        )
        for area in spec.areas
        if area.is_active_on(on) or area.code in grades
    }
    fired: list[FiredRule] = []
    for rule in spec.rules:
        if not rule.is_active_on(on):
            continue
        interpret = _INTERPRETERS.get(rule.kind)
        if interpret is None:
            raise RuleDataError(f"Rule {rule.code} has an unknown kind {rule.kind!r}")
        for result in interpret(spec, rule, grades):
            fired.append(result)
            if result.target is None:
                continue
            target = spec.area(result.target)
            outcome = outcomes.setdefault(
                target.code, JudgementOutcome(code=target.code, name=target.short_name)
            )
            outcome.fired.append(result)
            if result.cap is not None:
                cap = target.scale.grade(result.cap)
                if outcome.cap is None or cap.rank > outcome.cap.rank:
                    outcome.cap = cap
            if rule.kind == TENDENCY_WITH_OVERRIDE_REASON and rule.expected:
                outcome.expected = target.scale.grade(rule.expected)
    return Evaluation(framework=spec.short_name, outcomes=outcomes, fired=fired)


def band_for_percent(rule: RuleSpec, percent: Decimal | Fraction | float) -> str:
    """The band (grade code) for a share of services judged good or better, in percent."""
    if rule.kind != BAND_THRESHOLDS:
        raise RuleDataError(f"Rule {rule.code} is not a band rule")
    bands = sorted(rule.parameters["bands"], key=lambda band: band["min_percent"], reverse=True)
    for band in bands:
        if percent >= band["min_percent"]:
            return band["grade"]
    return bands[-1]["grade"]


def band_for_counts(rule: RuleSpec, *, good_or_better: int, inspected: int) -> str:
    """The band for a group of services from counts of inspected services by outcome."""
    if inspected <= 0:
        raise ValueError("A band needs at least one inspected service")
    if not 0 <= good_or_better <= inspected:
        raise ValueError("Services judged good or better must be between 0 and those inspected")
    return band_for_percent(rule, Fraction(good_or_better * 100, inspected))


# Interpreters: one per kind, each returns the FiredRule results for one rule.


def _cap_if_any_at_or_below(spec, rule, grades):
    target = spec.area(rule.target)
    cap = target.scale.grade(rule.cap)
    results = []
    for code in _at_or_below(spec, rule, grades):
        subject = spec.area(code)
        results.append(
            _fired(
                rule,
                f"{_sentence_start(subject.short_name)} is proposed {_lower(grades[code].label)}, "
                f"so {_lower(target.short_name)} can be at most {_lower(cap.label)}.",
                cap=cap.code,
            )
        )
    return results


def _cap_at_subject_grade(spec, rule, grades):
    target = spec.area(rule.target)
    results = []
    for code in rule.subjects:
        if code not in grades:
            continue
        subject = spec.area(code)
        cap = target.scale.grade(grades[code].code)
        results.append(
            _fired(
                rule,
                f"{_sentence_start(subject.short_name)} is proposed {_lower(cap.label)}, so "
                f"{_lower(target.short_name)} can be at most {_lower(cap.label)}.",
                cap=cap.code,
            )
        )
    return results


def _tendency_with_override_reason(spec, rule, grades):
    target = spec.area(rule.target)
    cap = target.scale.grade(rule.cap)
    expected = target.scale.grade(rule.expected)
    results = []
    for code in _at_or_below(spec, rule, grades):
        subject = spec.area(code)
        results.append(
            _fired(
                rule,
                f"{_sentence_start(subject.short_name)} is proposed {_lower(grades[code].label)}, "
                f"so {_lower(target.short_name)} is expected to be {_lower(expected.label)} and "
                f"can be at most {_lower(cap.label)}.",
                cap=cap.code,
            )
        )
        proposed = grades.get(rule.target)
        if proposed is not None and proposed.rank < expected.rank:
            results.append(
                _fired(
                    rule,
                    f"{_sentence_start(target.short_name)} is proposed {_lower(proposed.label)} "
                    f"although {_lower(subject.short_name)} is {_lower(grades[code].label)}: "
                    "record the reason.",
                    is_warning=True,
                )
            )
    return results


def _warning_if_alone(spec, rule, grades):
    low = _at_or_below(spec, rule, grades)
    if not low:
        return []
    threshold_label = _lower(_threshold_grade(spec, rule, rule.subjects[0]).label)
    others_low = [
        code
        for code in rule.others
        if code in grades and grades[code].rank >= spec.area(code).scale.grade(rule.threshold).rank
    ]
    if rule.others and others_low:
        return []
    names = _join([spec.area(code).short_name for code in low])
    verb = "is" if len(low) == 1 else "are"
    if rule.others:
        text = (
            f"{_sentence_start(names)} {verb} proposed {threshold_label} but no key judgement "
            f"is: this influences {_target_phrase(spec, rule)} but is unlikely to limit it alone."
        )
    else:
        text = f"{_sentence_start(names)} {verb} proposed {threshold_label}. {rule.statement}"
    return [_fired(rule, text, is_warning=True)]


def _top_grade_only_if(spec, rule, grades):
    target = spec.area(rule.target)
    top = target.scale.best
    required = set(rule.parameters.get("required_grades", []))
    forbidden = set(rule.parameters.get("forbidden_grades", []))
    graded = [code for code in rule.subjects if code in grades]
    results = []
    in_forbidden = [code for code in graded if grades[code].code in forbidden]
    outside_required = [code for code in graded if grades[code].code not in required | forbidden]
    if in_forbidden:
        cap = target.scale.grade(rule.cap)
        names = _join([spec.area(code).short_name for code in in_forbidden])
        bands = _join(sorted({_lower(grades[code].label) for code in in_forbidden}))
        results.append(
            _fired(
                rule,
                f"{_sentence_start(names)} {'is' if len(in_forbidden) == 1 else 'are'} in the "
                f"{bands} band, so {_lower(target.short_name)} can be at most {_lower(cap.label)}.",
                cap=cap.code,
            )
        )
    if outside_required:
        names = _join([spec.area(code).short_name for code in outside_required])
        results.append(
            _fired(
                rule,
                f"{_sentence_start(target.short_name)} can be {_lower(top.label)} only if a very "
                f"large majority of inspected services are in the top bands; "
                f"{len(graded) - len(outside_required) - len(in_forbidden)} of {len(graded)} are "
                f"(not {_lower(names)}).",
                is_warning=True,
            )
        )
    proposed = grades.get(rule.target)
    if proposed is not None and proposed.code == top.code:
        for condition in rule.parameters.get("also_required", []):
            results.append(
                _fired(
                    rule,
                    f"{_sentence_start(target.short_name)} is proposed {_lower(top.label)}: "
                    f"also check that {_lower(condition)}",
                    is_warning=True,
                )
            )
    return results


def _band_thresholds(spec, rule, grades):
    return []


_INTERPRETERS = {
    CAP_IF_ANY_AT_OR_BELOW: _cap_if_any_at_or_below,
    CAP_AT_SUBJECT_GRADE: _cap_at_subject_grade,
    TENDENCY_WITH_OVERRIDE_REASON: _tendency_with_override_reason,
    WARNING_IF_ALONE: _warning_if_alone,
    TOP_GRADE_ONLY_IF: _top_grade_only_if,
    BAND_THRESHOLDS: _band_thresholds,
}
assert set(_INTERPRETERS) == KINDS


def _proposed_grades(spec: FrameworkSpec, proposed: Mapping[str, str]) -> dict[str, GradeSpec]:
    grades = {}
    for code, grade_code in proposed.items():
        if not grade_code:
            continue
        area = spec.area(code)
        if area.scale is None:
            raise RuleDataError(f"{area.short_name} is not graded")
        grades[code] = area.scale.grade(grade_code)
    return grades


def _threshold_grade(spec, rule, code) -> GradeSpec:
    return spec.area(code).scale.grade(rule.threshold)


def _at_or_below(spec, rule, grades) -> list[str]:
    return [
        code
        for code in rule.subjects
        if code in grades and grades[code].rank >= _threshold_grade(spec, rule, code).rank
    ]


def _fired(rule: RuleSpec, explanation: str, *, cap=None, is_warning=False) -> FiredRule:
    return FiredRule(
        rule_code=rule.code,
        kind=rule.kind,
        target=rule.target,
        explanation=explanation,
        source=rule.source,
        cap=cap,
        is_warning=is_warning,
        is_provisional=rule.is_provisional,
    )


def _target_phrase(spec, rule) -> str:
    return _lower(spec.area(rule.target).short_name) if rule.target else "the outcome"


def _active(start: date | None, end: date | None, on: date | None) -> bool:
    if on is None:
        return True
    return (start is None or start <= on) and (end is None or on <= end)


def _lower(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym ('LSCB')."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
