"""What changed between an approved self-evaluation and the revision that started from it.

``snapshot`` reads a revision into plain values; ``compare`` is plain Python over two
snapshots. Evidence and actions are matched through ``copied_from``, so an item edited in the
new revision shows as changed rather than as removed and added.
"""

from dataclasses import dataclass, field

from .models import Action, AreaAssessment, DescriptorCheck, EvidenceItem, SelfEvaluation

TEXT_FIELDS = (
    ("rationale", "Rationale"),
    ("strengths", "Strengths"),
    ("areas_for_development", "Areas for development"),
    ("areas_for_priority_action", "Areas for priority action"),
)


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class AreaSnapshot:
    code: str
    name: str
    values: dict[str, str]  # label -> value, for the grade, counts and narrative
    checks: dict[int, tuple[str, str]]  # order -> (characteristic, "judgement: note")
    evidence: dict[int, str]  # origin id -> title and kind
    actions: dict[int, str]  # origin id -> description, owner, due date, status


@dataclass
class AreaDifference:
    code: str
    name: str
    changes: list[Change] = field(default_factory=list)
    evidence_added: list[str] = field(default_factory=list)
    evidence_removed: list[str] = field(default_factory=list)
    actions_added: list[str] = field(default_factory=list)
    actions_removed: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.changes
            or self.evidence_added
            or self.evidence_removed
            or self.actions_added
            or self.actions_removed
        )


def compare(
    before: dict[str, AreaSnapshot], after: dict[str, AreaSnapshot]
) -> list[AreaDifference]:
    """Per judgement area (in the new revision's order), what changed; unchanged areas left out."""
    results = []
    for code, new in after.items():
        old = before.get(code)
        difference = AreaDifference(code=code, name=new.name)
        if old is None:
            difference.changes.append(
                Change("Judgement area", "Not in the earlier revision", "Added")
            )
            results.append(difference)
            continue
        for label, value in new.values.items():
            if old.values.get(label, "") != value:
                difference.changes.append(Change(label, old.values.get(label, ""), value))
        for order, (characteristic, answer) in new.checks.items():
            previous = old.checks.get(order, (characteristic, ""))[1]
            if previous != answer:
                difference.changes.append(Change(characteristic, previous, answer))
        difference.evidence_added = [t for k, t in new.evidence.items() if k not in old.evidence]
        difference.evidence_removed = [t for k, t in old.evidence.items() if k not in new.evidence]
        for key, text in new.actions.items():
            if key not in old.actions:
                difference.actions_added.append(text)
            elif old.actions[key] != text:
                difference.changes.append(Change("Action", old.actions[key], text))
        difference.actions_removed = [t for k, t in old.actions.items() if k not in new.actions]
        for key, text in new.evidence.items():
            if key in old.evidence and old.evidence[key] != text:
                difference.changes.append(Change("Evidence", old.evidence[key], text))
        if not difference.is_empty:
            results.append(difference)
    for code, old in before.items():
        if code not in after:
            results.append(
                AreaDifference(
                    code=code,
                    name=old.name,
                    changes=[Change("Judgement area", "In the earlier revision", "Removed")],
                )
            )
    return results


def snapshot(self_evaluation: SelfEvaluation, *, is_newer: bool) -> dict[str, AreaSnapshot]:
    """The revision as plain values. In the newer revision, copied rows take their origin's id."""
    areas = (
        AreaAssessment.objects.filter(self_evaluation=self_evaluation)
        .select_related("area", "proposed_grade")
        .order_by("order")
    )
    checks: dict[int, dict[int, tuple[str, str]]] = {}
    for check in DescriptorCheck.objects.filter(area_assessment__self_evaluation=self_evaluation):
        answer = check.get_judgement_display() if check.judgement else "Not assessed"
        if check.note:
            answer = f"{answer}: {check.note}"
        checks.setdefault(check.area_assessment_id, {})[check.order] = (
            check.characteristic,
            answer,
        )
    evidence: dict[int, dict[int, str]] = {}
    for item in EvidenceItem.objects.filter(area_assessment__self_evaluation=self_evaluation):
        key = (item.copied_from_id or -item.pk) if is_newer else item.pk
        evidence.setdefault(item.area_assessment_id, {})[key] = (
            f"{item.title} ({item.get_kind_display().lower()})"
        )
    actions: dict[int, dict[int, str]] = {}
    for action in Action.objects.filter(area_assessment__self_evaluation=self_evaluation):
        key = (action.copied_from_id or -action.pk) if is_newer else action.pk
        actions.setdefault(action.area_assessment_id, {})[key] = (
            f"{action.description} (owner {action.owner}, due {action.due_on:%-d %B %Y}, "
            f"{action.get_status_display().lower()})"
        )
    result = {}
    for area in areas:
        values = {"Proposed grade": area.proposed_grade.label if area.proposed_grade else ""}
        if area.services_inspected is not None:
            values["Services inspected"] = str(area.services_inspected)
            values["Services judged good or better"] = str(area.services_good_or_better)
        values.update({label: getattr(area, name) for name, label in TEXT_FIELDS})
        result[area.area.code] = AreaSnapshot(
            code=area.area.code,
            name=area.area.short_name,
            values=values,
            checks=checks.get(area.pk, {}),
            evidence=evidence.get(area.pk, {}),
            actions=actions.get(area.pk, {}),
        )
    return result


def between(older: SelfEvaluation, newer: SelfEvaluation) -> list[AreaDifference]:
    return compare(snapshot(older, is_newer=False), snapshot(newer, is_newer=True))
