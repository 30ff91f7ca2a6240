"""Never-seen combinations against Ofsted's published ILACS inspections.

Every expected count is counted here, independently, from the shared CSV files (the 271
inspections of 2018 to 2025 and the third party's rows for inspections from April 2026), never
copied from the module's output.
"""

import csv
from datetime import date
from pathlib import Path

import pytest
import yaml

from frameworks import combinations
from frameworks.combinations import graded, never_seen_warnings

OUTCOMES = Path(__file__).resolve().parents[3] / "shared" / "data" / "ofsted_outcomes"
FIXTURES = Path(combinations.__file__).resolve().parent / "fixtures"

HISTORY_COLUMNS = {
    "OE": "Overall effectiveness",
    "J1": "The impact of leaders on social work practice with children and families",
    "J2": "The experiences and progress of children who need help and protection",
    "J3": "The experiences and progress of children in care",
    "J4": "The experiences and progress of care leavers",
}
THIRD_PARTY_COLUMNS = {
    "J1": "impact_of_leaders_grade",
    "J2": "help_and_protection_grade",
    "J3": "in_care_grade",
    "J4": "care_leavers_grade",
}
CODES = {
    "outstanding": "outstanding",
    "good": "good",
    "requires improvement to be good": "requires-improvement",
    "requires improvement": "requires-improvement",
    "inadequate": "inadequate",
}
RANK = {"outstanding": 0, "good": 1, "requires-improvement": 2, "inadequate": 3}


def _csv(name: str) -> list[dict[str, str]]:
    # Fail, never skip: a CI run without the shared data must not pass by testing less.
    assert OUTCOMES.is_dir(), f"Ofsted's published outcomes are not at {OUTCOMES}."
    with (OUTCOMES / name).open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _published() -> list[dict[str, str]]:
    """Each published inspection as {judgement code: grade code}, read straight from the CSVs."""
    inspections = []
    for row in _csv("ilacs_inspection_history_2018_2025.csv"):
        before_2023 = row["Inspection date"] < "2023-01-01"
        grades = {}
        for code, column in HISTORY_COLUMNS.items():
            if row[column]:
                grades["J3a" if code == "J3" and before_2023 else code] = CODES[row[column].lower()]
        inspections.append(grades)
    for row in _csv("third_party_jt39_ofsted_csc_ilacs_history.csv"):
        if row["overall_effectiveness_grade"] == "not_reported_post_reform":
            inspections.append(
                {code: CODES[row[column]] for code, column in THIRD_PARTY_COLUMNS.items()}
            )
    return inspections


def _count(first: str, first_grade: str, second: str, second_grade: str) -> tuple[int, int]:
    """(inspections that graded both, of those how many had both grades)."""
    both = [grades for grades in _published() if first in grades and second in grades]
    together = [g for g in both if (g[first], g[second]) == (first_grade, second_grade)]
    return len(both), len(together)


def _never_in_direction(first: str, first_grade: str, second: str, below: bool) -> bool:
    return not any(
        grades[first] == first_grade
        and (RANK[grades[second]] > RANK[first_grade] if below else RANK[grades[second]] < RANK[
            first_grade])
        for grades in _published()
        if first in grades and second in grades
    )  # fmt: skip


# (framework, proposed grades, the pair looked at, how often it was published: "never" or "once",
#  and the warning's words after the count, or None for no warning)
CASES = [
    ("ILACS", {"OE": "outstanding", "J1": "good"}, ("OE", "J1"), "never",
     "overall outstanding never came with leaders below outstanding."),
    ("ILACS", {"OE": "good", "J2": "outstanding"}, ("OE", "J2"), "once", None),
    ("ILACS", {"OE": "inadequate", "J2": "good"}, ("OE", "J2"), "once", None),
    ("ILACS", {"OE": "inadequate", "J1": "outstanding"}, ("OE", "J1"), "never",
     "overall inadequate never came with leaders outstanding."),
    ("ILACS", {"OE": "outstanding", "J3": "inadequate"}, ("OE", "J3"), "never",
     "overall outstanding never came with children in care inadequate."),
    ("ILACS", {"J1": "requires-improvement", "J3": "inadequate"}, ("J1", "J3"), "once", None),
    ("ILACS", {"J1": "good", "J3": "inadequate"}, ("J1", "J3"), "never",
     "leaders good never came with children in care inadequate."),
    ("ILACS 2026", {"J1": "inadequate", "J3": "good"}, ("J1", "J3"), "once", None),
    ("ILACS 2026", {"J1": "outstanding", "J2": "inadequate"}, ("J1", "J2"), "never",
     "leaders outstanding never came with help and protection inadequate."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("framework", "proposed", "pair", "seen", "words"),
    CASES,
    ids=[
        "overall outstanding, leaders good: never (and never below)",
        "overall good, help and protection outstanding: once",
        "overall inadequate, help and protection good: once",
        "overall inadequate, leaders outstanding: never",
        "overall outstanding, children in care inadequate: never",
        "leaders requires improvement, children in care inadequate: once",
        "leaders good, children in care inadequate: never",
        "2026 leaders inadequate, children in care good: once (Trafford, 2026)",
        "2026 leaders outstanding, help and protection inadequate: never",
    ],
)
def test_a_combination_seen_once_passes_and_one_never_seen_is_warned_with_the_count(
    framework, proposed, pair, seen, words
):
    first, second = pair
    inspections, together = _count(first, proposed[first], second, proposed[second])
    assert together == {"never": 0, "once": 1}[seen]
    (count,) = combinations.combination_counts(framework, proposed)
    assert (count.inspections, count.together) == (inspections, together)
    expected = [f"In {inspections} published inspections, {words}"] if words else []
    assert never_seen_warnings(framework, proposed) == expected


def test_the_headline_example_counts_all_271_inspections():
    assert _never_in_direction("OE", "outstanding", "J1", below=True)
    assert never_seen_warnings("ILACS", {"OE": "outstanding", "J1": "good"}) == [
        "In 271 published inspections, overall outstanding never came with leaders below "
        "outstanding."
    ]


def test_a_2026_leaders_pair_counts_the_inspections_from_april_2026_too():
    inspections, _ = _count("J1", "good", "J2", "good")
    assert inspections == 271 + sum(
        row["overall_effectiveness_grade"] == "not_reported_post_reform"
        for row in _csv("third_party_jt39_ofsted_csc_ilacs_history.csv")
    )
    (count,) = combinations.combination_counts("ILACS 2026", {"J1": "good", "J2": "good"})
    assert count.inspections == inspections


def test_ilacs_2026_checks_only_leaders_against_practice():
    pairs = {(a.code, b.code) for a, b in combinations.PAIRS["ILACS 2026"]}
    assert pairs == {("J1", "J2"), ("J1", "J3"), ("J1", "J4")}
    proposed = {"J1": "outstanding", "J2": "inadequate", "J3": "inadequate", "J4": "inadequate"}
    assert all("leaders outstanding" in warning for warning in never_seen_warnings(
        "ILACS 2026", proposed))  # fmt: skip


def test_every_proposed_pair_is_checked_and_each_unseen_one_warned():
    proposed = {"OE": "outstanding", "J1": "good", "J2": "good", "J3": "inadequate", "J4": "good"}
    counts = combinations.combination_counts("ILACS", proposed)
    assert {(c.first.code, c.second.code) for c in counts} == {
        ("OE", "J1"), ("OE", "J2"), ("OE", "J3"), ("OE", "J4"),
        ("J1", "J2"), ("J1", "J3"), ("J1", "J4"),
    }  # fmt: skip
    unseen = [
        (first, second)
        for first, second in (("OE", "J1"), ("OE", "J2"), ("OE", "J3"), ("OE", "J4"),
                              ("J1", "J2"), ("J1", "J3"), ("J1", "J4"))
        if _count(first, proposed[first], second, proposed[second])[1] == 0
    ]  # fmt: skip
    assert len(never_seen_warnings("ILACS", proposed)) == len(unseen) >= 2


@pytest.mark.parametrize(
    ("framework", "proposed"),
    [
        ("ILACS", {"OE": "outstanding"}),
        ("ILACS", {"OE": "outstanding", "J1": ""}),
        ("ILACS", {"OE": "outstanding", "J1": "not-a-grade"}),
        ("SIF", {"OE": "outstanding", "K3": "inadequate"}),
        ("ILACS 2026", {"OE": "outstanding", "J1": "good"}),
    ],
    ids=["one grade", "blank grade", "unknown grade", "framework not checked", "no overall 2026"],
)
def test_nothing_is_warned_without_a_checked_pair_of_known_grades(framework, proposed):
    assert combinations.combination_counts(framework, proposed) == []
    assert never_seen_warnings(framework, proposed) == []


@pytest.mark.parametrize(
    ("inspected", "children_in_care_code"),
    [(date(2022, 12, 31), "J3a"), (date(2023, 1, 1), "J3")],
    ids=["31 December 2022: combined", "1 January 2023: separate"],
)
def test_the_children_in_care_column_is_the_combined_judgement_before_2023(
    inspected, children_in_care_code
):
    row = {
        "Inspection date": inspected.isoformat(),
        "Overall effectiveness": "Good",
        "The experiences and progress of children in care": "Requires improvement to be good",
        "The experiences and progress of care leavers": "",
    }
    assert graded(row) == {"OE": "good", children_in_care_code: "requires-improvement"}


def test_an_inspection_from_april_2026_has_no_overall_grade():
    row = {
        "Inspection date": "2026-06-08",
        "Overall effectiveness": "",
        "The impact of leaders on social work practice with children and families": "Good",
    }
    assert graded(row) == {"J1": "good"}


def test_the_codes_are_the_frameworks():
    scales = yaml.safe_load((FIXTURES / "scales.yaml").read_text())
    (scale,) = [s for s in scales["scales"] if s["code"] == "ofsted-2013"]
    assert [(g["code"], g["label"]) for g in scale["grades"]] == [
        (code, label) for code, label, _ in combinations.GRADES
    ]
    for framework, name in (("ILACS", "ilacs.yaml"), ("ILACS 2026", "ilacs2026.yaml")):
        areas = {
            a["code"] for a in yaml.safe_load((FIXTURES / name).read_text())["judgement_areas"]
        }
        checked = {j.code for pair in combinations.PAIRS[framework] for j in pair}
        assert checked <= areas, framework


def test_the_warnings_partial_shows_each_warning_as_govuk_warning_text():
    from django.template.loader import render_to_string

    html = render_to_string(
        "frameworks/_combination_warnings.html", {"warnings": ["In 3 inspections, <b>x</b>."]}
    )
    assert "govuk-warning-text" in html and "In 3 inspections, &lt;b&gt;x&lt;/b&gt;." in html
    assert render_to_string("frameworks/_combination_warnings.html", {"warnings": []}).strip() == ""
