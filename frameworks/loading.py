"""Load the framework fixtures (``frameworks/fixtures/*.yaml``) into the database.

Used by the data migrations (with historical models) and by ``manage.py load_frameworks``.
Every row is matched on its natural key with ``update_or_create``, so loading twice changes
nothing. Descriptors, rules, timeline steps and sampling rows that have left a fixture file are
removed; judgement areas, grades and visit kinds are never removed, because records elsewhere
point at them. An early migration (0003) loads with models that lack later fields and the visit
kinds: those are left out there (``_known``) and filled in when 0006 loads again.
"""

from dataclasses import dataclass
from datetime import time
from pathlib import Path

import yaml

FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures"
SCALES_FILE = FIXTURE_DIR / "scales.yaml"
FRAMEWORK_FILES = ("jar", "apa", "caa", "ucra", "slac", "sif", "ilacs", "ilacs2026")


@dataclass(frozen=True)
class LoadSummary:
    frameworks: int
    judgement_areas: int
    rules: int


def read_fixture(name: str) -> dict:
    return yaml.safe_load((FIXTURE_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def load_all(apps) -> LoadSummary:
    """Load the scales and every framework file. ``apps`` is a Django app registry."""
    scales = _load_scales(apps, yaml.safe_load(SCALES_FILE.read_text(encoding="utf-8")))
    areas = rules = 0
    for name in FRAMEWORK_FILES:
        counts = _load_framework(apps, read_fixture(name), scales)
        areas += counts[0]
        rules += counts[1]
    return LoadSummary(frameworks=len(FRAMEWORK_FILES), judgement_areas=areas, rules=rules)


def _load_scales(apps, data: dict) -> dict:
    GradeScale = apps.get_model("frameworks", "GradeScale")
    Grade = apps.get_model("frameworks", "Grade")
    scales = {}
    for entry in data["scales"]:
        scale, _ = GradeScale.objects.update_or_create(
            code=entry["code"],
            defaults={
                "name": entry["name"],
                "is_graded": entry.get("is_graded", True),
                "source": entry["source"],
            },
        )
        for rank, grade in enumerate(entry["grades"], start=1):
            Grade.objects.update_or_create(
                scale=scale,
                code=str(grade["code"]),
                defaults={
                    "label": grade["label"],
                    "rank": rank,
                    "numeric_value": grade.get("numeric_value"),
                    "description": grade.get("description", ""),
                    "source": grade["source"],
                },
            )
        scales[scale.code] = scale
    return scales


def _known(model, defaults: dict) -> dict:
    """Only the fields the (possibly historical) model has."""
    names = {field.name for field in model._meta.get_fields()}
    return {name: value for name, value in defaults.items() if name in names}


def _grade(apps, scale, code):
    if code is None:
        return None
    Grade = apps.get_model("frameworks", "Grade")
    return Grade.objects.get(scale=scale, code=str(code))


def _load_framework(apps, data: dict, scales: dict) -> tuple[int, int]:
    Framework = apps.get_model("frameworks", "Framework")
    JudgementArea = apps.get_model("frameworks", "JudgementArea")
    GradeDescriptor = apps.get_model("frameworks", "GradeDescriptor")
    LimitingRule = apps.get_model("frameworks", "LimitingRule")
    TimelineStep = apps.get_model("frameworks", "TimelineStep")
    SamplingRequirement = apps.get_model("frameworks", "SamplingRequirement")

    meta = data["framework"]
    framework, _ = Framework.objects.update_or_create(
        short_name=meta["short_name"],
        defaults=_known(
            Framework,
            {
                "name": meta["name"],
                "family": meta.get("family", ""),
                "pathway_indicator": meta.get("pathway_indicator") or {},
                "inspectorate": meta.get("inspectorate", "Ofsted"),
                "active_from": meta.get("active_from"),
                "active_to": meta.get("active_to"),
                "length": meta.get("length", ""),
                "is_graded": meta.get("is_graded", True),
                "scale": scales[meta["scale"]],
                "description": meta.get("description", "").strip(),
                "source": meta["source"],
                "fixture_version": data["version"],
            },
        ),
    )

    areas = {}
    for order, entry in enumerate(data["judgement_areas"], start=1):
        areas[entry["code"]], _ = JudgementArea.objects.update_or_create(
            framework=framework,
            code=entry["code"],
            defaults={
                "name": entry["name"],
                "short_name": entry["short_name"],
                "kind": entry["kind"],
                "order": order,
                "scale": scales[entry["scale"]] if entry.get("scale") else None,
                "is_optional": entry.get("optional", False),
                "active_from": entry.get("active_from"),
                "active_to": entry.get("active_to"),
                "description": entry.get("description", ""),
                "source": entry["source"],
                "parent": None,
            },
        )
    for entry in data["judgement_areas"]:
        if entry.get("parent"):
            area = areas[entry["code"]]
            area.parent = areas[entry["parent"]]
            area.save(update_fields=["parent"])

    kept = []
    for entry in data.get("descriptors") or []:
        area = areas[entry["area"]]
        descriptor, _ = GradeDescriptor.objects.update_or_create(
            area=area,
            grade=_grade(apps, area.scale, entry["grade"]),
            defaults={
                "characteristics": entry.get("characteristics") or [],
                "is_provisional": entry.get("provisional", False),
                "note": entry.get("note", ""),
                "source": entry["source"],
            },
        )
        kept.append(descriptor.pk)
    GradeDescriptor.objects.filter(area__framework=framework).exclude(pk__in=kept).delete()

    kept = []
    for order, entry in enumerate(data.get("rules") or [], start=1):
        target = areas[entry["target"]] if entry.get("target") else None
        subjects = [areas[code] for code in entry.get("subjects", [])]
        subject_scale = subjects[0].scale if subjects else None
        target_scale = target.scale if target else None
        rule, _ = LimitingRule.objects.update_or_create(
            framework=framework,
            code=entry["code"],
            defaults={
                "kind": entry["kind"],
                "order": order,
                "target": target,
                "threshold_grade": _grade(apps, subject_scale, entry.get("threshold")),
                "cap_grade": _grade(apps, target_scale, entry.get("cap")),
                "expected_grade": _grade(apps, target_scale, entry.get("expected")),
                "parameters": entry.get("parameters") or {},
                "statement": entry["statement"],
                "evidence": entry.get("evidence", ""),
                "is_provisional": entry.get("provisional", False),
                "active_from": entry.get("active_from"),
                "active_to": entry.get("active_to"),
                "source": entry["source"],
            },
        )
        rule.subjects.set(subjects)
        rule.others.set([areas[code] for code in entry.get("others", [])])
        kept.append(rule.pk)
    LimitingRule.objects.filter(framework=framework).exclude(pk__in=kept).delete()
    rule_count = len(kept)

    steps = _load_steps(apps, framework, None, data.get("timeline") or [], prefix="")
    try:
        VisitKind = apps.get_model("frameworks", "VisitKind")
    except LookupError:  # migration 0003, before visit kinds existed
        VisitKind, visit_kinds = None, []
    else:
        visit_kinds = _visit_kind_entries(data)
    for order, (entry, overrides) in enumerate(visit_kinds, start=1):
        entry = {**entry, **overrides}
        kind, _ = VisitKind.objects.update_or_create(
            framework=framework,
            code=entry["code"],
            defaults={
                "name": entry["name"],
                "plural_name": entry["plural_name"],
                "order": order,
                "summary": entry.get("summary", ""),
                "is_graded": entry.get("graded", False),
                "produces": entry.get("produces", ""),
                "on_site": entry.get("on_site", ""),
                "team": entry.get("team", ""),
                "notice": entry.get("notice", ""),
                "focus_areas": entry.get("focus_areas") or [],
                "asks_for": entry.get("asks_for") or [],
                "pathway_grades": entry.get("pathway_grades") or [],
                "pathway_note": entry.get("pathway_note", ""),
                "source": entry["source"],
            },
        )
        steps.update(
            _load_steps(apps, framework, kind, entry.get("timeline") or [], prefix=kind.code)
        )
    TimelineStep.objects.filter(framework=framework).exclude(
        pk__in=[step.pk for step in steps.values()]
    ).delete()

    kept = []
    for order, entry in enumerate(data.get("sampling") or [], start=1):
        requirement, _ = SamplingRequirement.objects.update_or_create(
            framework=framework,
            code=entry["code"],
            defaults={
                "cohort": entry["cohort"],
                "comparison": entry.get("comparison", "at_least"),
                "number": entry.get("number"),
                "order": order,
                "note": entry.get("note", ""),
                "is_provisional": entry.get("provisional", False),
                "source": entry["source"],
            },
        )
        kept.append(requirement.pk)
    SamplingRequirement.objects.filter(framework=framework).exclude(pk__in=kept).delete()

    return len(areas), rule_count


def _visit_kind_entries(data: dict) -> list[tuple[dict, dict]]:
    """The framework's visit kinds, from a shared file (both ILACS versions have the same
    kinds) with this framework's own differences laid over each."""
    if not data.get("visit_kinds_file"):
        return []
    shared = read_fixture(data["visit_kinds_file"])["visit_kinds"]
    overrides = data.get("visit_kind_overrides") or {}
    return [(entry, overrides.get(entry["code"], {})) for entry in shared]


def _load_steps(apps, framework, visit_kind, entries: list[dict], *, prefix: str) -> dict:
    """Timeline steps, keyed by their stored code. A visit kind's steps are stored as
    '<kind>-<code>' so that codes stay unique within the framework."""
    TimelineStep = apps.get_model("frameworks", "TimelineStep")

    def stored(code: str) -> str:
        return f"{prefix}-{code}" if prefix else code

    steps = {}
    for order, entry in enumerate(entries, start=1):
        code = stored(entry["code"])
        steps[code], _ = TimelineStep.objects.update_or_create(
            framework=framework,
            code=code,
            defaults=_known(
                TimelineStep,
                {
                    "visit_kind": visit_kind,
                    "name": entry["name"],
                    "order": order,
                    "after": steps[stored(entry["after"])] if entry.get("after") else None,
                    "offset": entry.get("offset"),
                    "unit": entry.get("unit", "hours"),
                    "time_of_day": time.fromisoformat(entry["time"]) if entry.get("time") else None,
                    "weekday": entry.get("weekday"),
                    "roll": entry.get("roll", ""),
                    "entered_as": entry.get("entered_as", ""),
                    "is_typical": entry.get("typical", False),
                    "user_note": entry.get("note", ""),
                    "is_deadline": entry.get("deadline", False),
                    "description": entry.get("description", ""),
                    "is_provisional": entry.get("provisional", False),
                    "source": entry["source"],
                },
            ),
        )
    return steps
