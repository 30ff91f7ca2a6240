"""What comes next: the kinds of visit a council's last grade leads to, and the post-2026 ILACS
pathway indicator (leaders good or better and at least two of the three practice judgements good
or better: a focused visit is likely before a short inspection), shown as indicative."""

import pytest
from django.urls import reverse

from frameworks.models import Framework
from frameworks.pathways import pathway_indicator
from frameworks.queries import indicator_for, proposed_next_visits
from inspection_readiness.roles import Role

RANKS = {"outstanding": 1, "good": 2, "requires-improvement": 3, "inadequate": 4}
INDICATOR = {
    "leaders": "J1",
    "practice": ["J2", "J3", "J4"],
    "at_least": 2,
    "grade": "good",
    "statement": "The rule.",
    "met": "Likely next: a focused visit, then a short inspection.",
    "not_met": "Not met.",
    "confidence": "Indicative only.",
}
GOOD, RI, INADEQUATE, OUTSTANDING = "good", "requires-improvement", "inadequate", "outstanding"


@pytest.mark.parametrize(
    ("grades", "met", "practice_ok"),
    [
        ({"J1": GOOD, "J2": GOOD, "J3": GOOD, "J4": GOOD}, True, 3),
        ({"J1": OUTSTANDING, "J2": GOOD, "J3": OUTSTANDING, "J4": RI}, True, 2),
        ({"J1": GOOD, "J2": GOOD, "J3": RI, "J4": INADEQUATE}, False, 1),
        ({"J1": RI, "J2": GOOD, "J3": GOOD, "J4": GOOD}, False, 3),
        ({"J1": INADEQUATE, "J2": OUTSTANDING, "J3": OUTSTANDING, "J4": OUTSTANDING}, False, 3),
    ],
    ids=[
        "all-good",
        "leaders-outstanding-two-of-three-exactly",
        "only-one-of-three",
        "leaders-requires-improvement",
        "leaders-inadequate",
    ],
)
def test_pathway_indicator(grades, met, practice_ok):
    result = pathway_indicator(INDICATOR, grades, rank_of=RANKS)
    assert result.is_met is met
    assert result.practice_ok == practice_ok
    assert result.verdict == (INDICATOR["met"] if met else INDICATOR["not_met"])
    assert result.confidence == "Indicative only."


def test_the_indicator_waits_for_every_judgement():
    assert pathway_indicator(INDICATOR, {"J1": GOOD, "J2": GOOD}, rank_of=RANKS) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("last_grade", "kinds"),
    [
        (OUTSTANDING, ["short", "focused", "jtai", "engagement"]),
        (GOOD, ["short", "focused", "jtai", "engagement"]),
        (RI, ["standard", "focused", "jtai", "engagement"]),
        (INADEQUATE, ["standard", "monitoring", "engagement"]),
    ],
)
def test_the_last_grade_proposes_what_comes_next(last_grade, kinds):
    framework = Framework.objects.get(short_name="ILACS")
    assert [kind.code for kind in proposed_next_visits(framework, last_grade)] == kinds


@pytest.mark.django_db
def test_only_ilacs_2026_has_the_indicator():
    grades = {"J1": GOOD, "J2": GOOD, "J3": RI, "J4": GOOD}
    assert indicator_for(Framework.objects.get(short_name="ILACS 2026"), grades).is_met
    assert indicator_for(Framework.objects.get(short_name="ILACS"), grades) is None


@pytest.mark.django_db
def test_the_framework_page_shows_the_indicator_as_indicative(client_with_role):
    url = reverse("frameworks:framework_detail", args=["ILACS 2026"])
    page = client_with_role(Role.PREPARATION_STAFF).get(
        url,
        {
            "last_overall": GOOD,
            "judgement_J1": GOOD,
            "judgement_J2": GOOD,
            "judgement_J3": RI,
            "judgement_J4": GOOD,
        },
    )
    content = page.content.decode()
    assert "Likely next: a focused visit, then a short inspection." in content
    assert "Indicative only" in content
    assert "2 of the 3 practice judgements are good or better" in content
    assert 'href="#visit-short"' in content
