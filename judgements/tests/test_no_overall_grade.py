"""ILACS 2026 has four graded judgements and no overall effectiveness: its caps, its submit guard
and its report, beside the earlier ILACS that still has overall effectiveness."""

from datetime import date

import pytest

from frameworks.queries import framework_spec
from frameworks.rules import RuleDataError, evaluate

from .. import services
from ..rules import AreaInput, Entry, check_self_evaluation
from .conftest import fill, start

pytestmark = pytest.mark.django_db

ILACS_DAY = date(2026, 3, 31)  # the last day of the earlier version
ILACS_2026_DAY = date(2026, 4, 1)
GOOD_ILACS = {"OE": "good", "J1": "good", "J2": "good", "J3": "good", "J4": "good"}
GOOD_ILACS_2026 = {"J1": "good", "J2": "good", "J3": "good", "J4": "good"}


def check(framework: str, on: date, proposed: dict, rationale: str = "Evidence."):
    spec = framework_spec(framework)
    areas = [
        AreaInput(
            code=area.code,
            short_name=area.short_name,
            entry=Entry.GRADED,
            proposed=proposed.get(area.code),
            rationale=rationale,
        )
        for area in spec.areas
        if area.is_active_on(on)
    ]
    return check_self_evaluation(spec, areas, on=on)


CAP_CASES = [
    # (framework, day, proposed, judgement, cap code or None)
    (
        "ILACS",
        ILACS_DAY,
        {**GOOD_ILACS, "J2": "inadequate", "OE": "inadequate"},
        "OE",
        "inadequate",
    ),
    ("ILACS", ILACS_DAY, {**GOOD_ILACS, "J1": "inadequate"}, "OE", "requires-improvement"),
    ("ILACS 2026", ILACS_2026_DAY, {**GOOD_ILACS_2026, "J2": "inadequate"}, "J2", None),
    ("ILACS 2026", ILACS_2026_DAY, {**GOOD_ILACS_2026, "J1": "inadequate"}, "J1", None),
    ("ILACS 2026", ILACS_2026_DAY, {code: "inadequate" for code in GOOD_ILACS_2026}, "J3", None),
]


@pytest.mark.parametrize(
    ("framework", "on", "proposed", "judgement", "cap"),
    CAP_CASES,
    ids=[
        "ilacs-help-and-protection-inadequate-caps-overall",
        "ilacs-leaders-inadequate-caps-overall-at-ri",
        "ilacs-2026-help-and-protection-inadequate-caps-nothing",
        "ilacs-2026-leaders-inadequate-caps-nothing",
        "ilacs-2026-all-inadequate-caps-nothing",
    ],
)
def test_caps_for_both_ilacs_versions(framework, on, proposed, judgement, cap):
    result = check(framework, on, proposed)
    found = result.limits[judgement].cap
    assert (found.code if found else None) == cap
    if framework == "ILACS 2026":
        assert "OE" not in result.limits
        assert result.evaluation.fired == []


GUARD_CASES = [
    ("ILACS", ILACS_DAY, GOOD_ILACS, []),
    (
        "ILACS",
        ILACS_DAY,
        GOOD_ILACS_2026,
        ["Propose a grade for overall effectiveness"],
    ),
    (
        "ILACS",
        ILACS_DAY,
        {**GOOD_ILACS, "J2": "inadequate"},
        [
            "Overall effectiveness is proposed good, above its cap of inadequate. "
            "Lower the proposed grade to submit"
        ],
    ),
    ("ILACS 2026", ILACS_2026_DAY, GOOD_ILACS_2026, []),
    ("ILACS 2026", ILACS_2026_DAY, {**GOOD_ILACS_2026, "J2": "inadequate"}, []),
    (
        "ILACS 2026",
        ILACS_2026_DAY,
        {**GOOD_ILACS_2026, "J4": None},
        ["Propose a grade for care leavers"],
    ),
]


@pytest.mark.parametrize(
    ("framework", "on", "proposed", "problems"),
    GUARD_CASES,
    ids=[
        "ilacs-five-judgements-submit",
        "ilacs-four-judgements-without-overall-are-refused",
        "ilacs-overall-above-its-cap-is-refused",
        "ilacs-2026-four-judgements-submit-with-no-overall-grade",
        "ilacs-2026-an-inadequate-judgement-limits-no-other",
        "ilacs-2026-a-missing-judgement-is-refused",
    ],
)
def test_submit_guard_for_both_ilacs_versions(framework, on, proposed, problems):
    result = check(framework, on, proposed)
    assert [problem.message for problem in result.problems] == problems
    assert result.can_submit is (not problems)


def test_an_overall_grade_cannot_be_proposed_under_ilacs_2026():
    with pytest.raises(RuleDataError, match="has no judgement 'OE'"):
        evaluate(framework_spec("ILACS 2026"), GOOD_ILACS, on=ILACS_2026_DAY)


def test_a_2026_self_evaluation_goes_from_draft_to_approved_with_four_judgements(
    staff_user, manager_user
):
    self_evaluation = start("ILACS 2026", staff_user)
    codes = sorted(self_evaluation.areas.values_list("area__code", flat=True))
    assert codes == ["J1", "J2", "J3", "J4"]
    for code, grade in GOOD_ILACS_2026.items():
        fill(self_evaluation, staff_user, code, grade)
    submitted = services.submit_self_evaluation(
        self_evaluation=self_evaluation, submitted_by=staff_user
    )
    approved = services.approve_self_evaluation(self_evaluation=submitted, approved_by=manager_user)
    assert approved.status == approved.Status.APPROVED


def test_the_2026_report_has_four_judgements_and_no_overall_grade(staff_user, manager_user):
    from .. import reports

    self_evaluation = start("ILACS 2026", staff_user)
    for code, grade in GOOD_ILACS_2026.items():
        fill(self_evaluation, staff_user, code, grade)
    approved = services.approve_self_evaluation(
        self_evaluation=services.submit_self_evaluation(
            self_evaluation=self_evaluation, submitted_by=staff_user
        ),
        approved_by=manager_user,
    )
    html = reports.report_html(approved)
    for name in (
        "The impact of leaders on social work practice with children and families",
        "The experiences and progress of children who need help and protection",
        "The experiences and progress of children in care",
        "The experiences and progress of care leavers",
    ):
        assert name in html
    assert "overall" not in html.lower()
    for note in ("provisional", "gap in the sources", "GAP"):
        assert note not in html


def test_the_2026_pages_say_plainly_what_ofsted_does_not_publish(client, staff_user):
    """ILACS 2026 has no limiting rules: its pages say so in plain words, never with our research
    notes ("a gap in the sources")."""
    from django.urls import reverse

    self_evaluation = start("ILACS 2026", staff_user)
    area = self_evaluation.areas.select_related("area").first().area
    client.force_login(staff_user)
    pages = [
        client.get(reverse("judgements:detail", args=[self_evaluation.pk])),
        client.get(reverse("judgements:area", args=[self_evaluation.pk, area.code])),
    ]
    for page in pages:
        assert page.status_code == 200
        text = page.content.decode()
        assert "Ofsted does not publish rules for how this framework" in text
        for note in ("provisional", "gap in the sources", "GAP"):
            assert note not in text
