"""Check the rule engine against Ofsted's published judgements (SIF 2014–2018, ILACS 2018–2025).

Reads the tidy CSVs in the project's shared ``ofsted_outcomes`` folder, runs each inspection's
judgements through ``frameworks.rules.evaluate`` and reports whether the published overall
effectiveness is within the engine's cap, and how often each tendency's expected grade held.
"""

import csv
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .rules import TENDENCY_WITH_OVERRIDE_REASON, FrameworkSpec, evaluate


@dataclass(frozen=True)
class OutcomeFile:
    """How one published table maps onto a framework's judgement codes."""

    framework: str
    filename: str
    name_column: str
    date_column: str
    overall: tuple[str, str]  # (column, judgement code)
    columns: tuple[tuple[str, str], ...]  # (column, judgement code) for the other judgements
    key_codes: frozenset[str]  # judgements every checked inspection must have
    dated_columns: tuple[tuple[str, str, date], ...] = ()  # (column, code before, switch date)


SIF_FILE = OutcomeFile(
    framework="SIF",
    filename="sif_judgements_2014_2018.csv",
    name_column="local_authority",
    date_column="publication_date",
    overall=("overall_effectiveness", "OE"),
    columns=(
        ("children_who_need_help_and_protection", "K1"),
        ("children_looked_after_and_achieving_permanence", "K2"),
        ("adoption_performance", "K2.1"),
        ("experiences_and_progress_of_care_leavers", "K2.2"),
        ("leadership_management_and_governance", "K3"),
        ("lscb_review", "LSCB"),
    ),
    key_codes=frozenset({"K1", "K2", "K3"}),
)

# Before 1 January 2023 the "children in care" column holds the combined judgement on
# children in care and care leavers (J3a); from then on, children in care only (J3).
ILACS_FILE = OutcomeFile(
    framework="ILACS",
    filename="ilacs_inspection_history_2018_2025.csv",
    name_column="Local authority name",
    date_column="Inspection date",
    overall=("Overall effectiveness", "OE"),
    columns=(
        ("The impact of leaders on social work practice with children and families", "J1"),
        ("The experiences and progress of children who need help and protection", "J2"),
        ("The experiences and progress of children in care", "J3"),
        ("The experiences and progress of care leavers", "J4"),
    ),
    key_codes=frozenset({"J1", "J2"}),
    dated_columns=(("The experiences and progress of children in care", "J3a", date(2023, 1, 1)),),
)

OUTCOME_FILES = (SIF_FILE, ILACS_FILE)


@dataclass
class TendencyTally:
    rule_code: str
    expected_label: str
    fired: int = 0
    as_expected: int = 0
    departures: list[str] = field(default_factory=list)


@dataclass
class FrameworkCheck:
    framework: str
    read: int = 0
    checked: int = 0
    within_cap: int = 0
    outside: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rule_counts: Counter = field(default_factory=Counter)
    tendencies: dict[str, TendencyTally] = field(default_factory=dict)


def grade_code(spec: FrameworkSpec, area_code: str, label: str) -> str | None:
    """The grade code for a published label, in full or short ('Requires improvement')."""
    label = label.strip().lower()
    if not label:
        return None
    for grade in spec.area(area_code).scale.grades:
        if grade.label.lower() == label or grade.label.lower().startswith(label):
            return grade.code
    raise ValueError(f"Unknown grade {label!r} for {area_code}")


def check_rows(spec: FrameworkSpec, layout: OutcomeFile, rows: list[dict]) -> FrameworkCheck:
    result = FrameworkCheck(framework=layout.framework)
    for row in rows:
        result.read += 1
        on = date.fromisoformat(row[layout.date_column][:10])
        label = f"{row[layout.name_column]} {on:%Y-%m-%d}"
        proposed = {}
        for column, code in layout.columns:
            for dated_column, before_code, switch in layout.dated_columns:
                if column == dated_column and on < switch:
                    code = before_code
            grade = grade_code(spec, code, row.get(column, ""))
            if grade:
                proposed[code] = grade
        overall_column, overall_code = layout.overall
        overall = grade_code(spec, overall_code, row.get(overall_column, ""))
        if overall is None or not layout.key_codes <= proposed.keys():
            result.skipped.append(label)
            continue
        evaluation = evaluate(spec, proposed, on=on)
        outcome = evaluation.outcomes[overall_code]
        published = spec.area(overall_code).scale.grade(overall)
        result.checked += 1
        if outcome.cap is None or published.rank >= outcome.cap.rank:
            result.within_cap += 1
        else:
            result.outside.append(f"{label}: published {published.label}, cap {outcome.cap.label}")
        for rule_code in {fired.rule_code for fired in evaluation.fired}:
            result.rule_counts[rule_code] += 1
        for rule in spec.rules:
            if rule.kind != TENDENCY_WITH_OVERRIDE_REASON:
                continue
            if not any(f.rule_code == rule.code and f.cap for f in evaluation.fired):
                continue
            expected = spec.area(rule.target).scale.grade(rule.expected)
            tally = result.tendencies.setdefault(
                rule.code, TendencyTally(rule_code=rule.code, expected_label=expected.label)
            )
            tally.fired += 1
            if published.rank >= expected.rank:
                tally.as_expected += 1
            else:
                tally.departures.append(f"{label}: {published.label}")
    return result


def read_rows(folder: Path, layout: OutcomeFile) -> list[dict]:
    with (folder / layout.filename).open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def report_lines(check: FrameworkCheck) -> list[str]:
    lines = [
        f"{check.framework}: {check.read} inspections read, {check.checked} with every key "
        f"judgement and an overall judgement",
        f"  Overall effectiveness within the engine's cap: {check.within_cap} of {check.checked}",
    ]
    for label in check.skipped:
        lines.append(f"  Skipped (a key or overall judgement is missing): {label}")
    for label in check.outside:
        lines.append(f"  Outside cap: {label}")
    for rule_code, count in sorted(check.rule_counts.items()):
        lines.append(f"  Rule {rule_code} fired in {count} inspections")
    for tally in check.tendencies.values():
        lines.append(
            f"  Tendency {tally.rule_code}: overall effectiveness was the expected "
            f"{tally.expected_label.lower()} in {tally.as_expected} of {tally.fired}; "
            f"above it (within the cap, so a recorded reason) in {len(tally.departures)}"
        )
        for departure in tally.departures:
            lines.append(f"    {departure}")
    return lines


def summary_line(check: FrameworkCheck) -> str:
    return f"{check.framework}: {check.checked} checked, {len(check.outside)} outside cap"
