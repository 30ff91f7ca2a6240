"""Proposed grades in, caps and plain-English messages out, next to the judgement they affect;
and the submit guard. Table-driven over the real framework data (SIF, ILACS, the 2009 SLAC)."""

from datetime import date

import pytest

from frameworks.queries import framework_spec
from frameworks.rules import GradeSpec

from ..rules import (
    AreaInput,
    BandInputError,
    Entry,
    assessment_date,
    band_rules,
    check_self_evaluation,
    derived_band,
    derived_finding,
)

pytestmark = pytest.mark.django_db

SIF_DAY = date(2015, 6, 1)
ILACS_DAY = date(2024, 1, 15)
ILACS_BEFORE_SPLIT = date(2020, 6, 1)
SLAC_DAY = date(2010, 6, 1)

GOOD_SIF = {"OE": "good", "K1": "good", "K2": "good", "K2.1": "good", "K2.2": "good", "K3": "good"}
GOOD_ILACS = {"OE": "good", "J1": "good", "J2": "good", "J3": "good", "J4": "good"}
GOOD_SLAC = {
    code: "good"
    for code in (
        "SG-OE",
        "SG-CAP",
        "SG-SAFE",
        "SG-FEEL-SAFE",
        "SG-HEALTH",
        "SG-PROVISION",
        "SG-LEADERSHIP",
        "LAC-OE",
        "LAC-CAP",
        "LAC-OUTCOMES",
        "LAC-PROVISION",
        "LAC-LEADERSHIP",
    )
}


def inputs(
    framework: str, on: date, proposed: dict[str, str | None], rationale="Evidence."
) -> list:
    """Every judgement in force on ``on``, graded as ``proposed`` (missing ones left blank)."""
    spec = framework_spec(framework)
    return [
        AreaInput(
            code=area.code,
            short_name=area.short_name,
            entry=Entry.GRADED,
            proposed=proposed.get(area.code),
            rationale=rationale,
            is_optional=area.code == "LSCB",
        )
        for area in spec.areas
        if area.is_active_on(on)
    ]


def check(framework: str, on: date, proposed: dict, **kwargs):
    return check_self_evaluation(
        framework_spec(framework), inputs(framework, on, proposed, **kwargs), on=on
    )


CAP_CASES = [
    # (framework, date, proposed, judgement, cap, message next to that judgement)
    (
        "SIF",
        SIF_DAY,
        GOOD_SIF,
        "OE",
        "good",
        "Leadership, management and governance is proposed good, so overall effectiveness can "
        "be at most good.",
    ),
    (
        "SIF",
        SIF_DAY,
        {**GOOD_SIF, "K1": "inadequate", "OE": "inadequate"},
        "OE",
        "inadequate",
        "Children who need help and protection is proposed inadequate, so overall effectiveness "
        "can be at most inadequate.",
    ),
    (
        "SIF",
        SIF_DAY,
        {**GOOD_SIF, "K2": "inadequate", "OE": "inadequate"},
        "OE",
        "inadequate",
        "Children looked after and achieving permanence is proposed inadequate, so overall "
        "effectiveness can be at most inadequate.",
    ),
    (
        "SIF",
        SIF_DAY,
        {**GOOD_SIF, "K3": "requires-improvement", "OE": "requires-improvement"},
        "OE",
        "requires-improvement",
        "Leadership, management and governance is proposed requires improvement to be good, so "
        "overall effectiveness can be at most requires improvement to be good.",
    ),
    (
        "SIF",
        SIF_DAY,
        {**GOOD_SIF, "K2.1": "inadequate"},
        "OE",
        "good",
        "Adoption performance is proposed inadequate but no key judgement is: this influences "
        "overall effectiveness but is unlikely to limit it alone.",
    ),
    ("ILACS", ILACS_DAY, GOOD_ILACS, "OE", None, None),
    (
        "ILACS",
        ILACS_DAY,
        {**GOOD_ILACS, "J2": "inadequate", "OE": "inadequate"},
        "OE",
        "inadequate",
        "Children who need help and protection is proposed inadequate, so overall effectiveness "
        "can be at most inadequate.",
    ),
    (
        "ILACS",
        ILACS_DAY,
        {**GOOD_ILACS, "J4": "inadequate", "OE": "inadequate"},
        "OE",
        "inadequate",
        "Care leavers is proposed inadequate, so overall effectiveness can be at most inadequate.",
    ),
    (
        "ILACS",
        ILACS_DAY,
        {**GOOD_ILACS, "J1": "inadequate", "OE": "requires-improvement"},
        "OE",
        "requires-improvement",
        "The impact of leaders is proposed inadequate, so overall effectiveness is expected to be "
        "inadequate and can be at most requires improvement to be good.",
    ),
    (
        "ILACS",
        ILACS_BEFORE_SPLIT,
        {"OE": "inadequate", "J1": "good", "J2": "good", "J3a": "inadequate"},
        "OE",
        "inadequate",
        "Children in care and care leavers is proposed inadequate, so overall effectiveness can "
        "be at most inadequate.",
    ),
    ("SLAC", SLAC_DAY, {**GOOD_SLAC, "SG-SAFE": "inadequate"}, "SG-OE", None, None),
]


@pytest.mark.parametrize(
    ("framework", "on", "proposed", "judgement", "cap", "message"),
    CAP_CASES,
    ids=[
        "sif-all-good-capped-at-leadership-grade",
        "sif-inadequate-help-and-protection-limits-overall",
        "sif-inadequate-looked-after-limits-overall",
        "sif-leadership-requires-improvement-caps-overall",
        "sif-inadequate-adoption-alone-only-warns",
        "ilacs-all-good-no-cap",
        "ilacs-inadequate-help-and-protection-limits-overall",
        "ilacs-inadequate-care-leavers-limits-overall",
        "ilacs-inadequate-leaders-is-a-tendency-capped-at-ri",
        "ilacs-before-2023-combined-judgement-limits-overall",
        "slac-2009-has-no-recorded-rules-so-no-cap",
    ],
)
def test_cap_and_message_sit_next_to_the_judgement_they_affect(
    framework, on, proposed, judgement, cap, message
):
    result = check(framework, on, proposed)
    limits = result.limits[judgement]
    assert (limits.cap.code if limits.cap else None) == cap
    beside = limits.caps + limits.warnings
    if message is None:
        assert beside == []
    else:
        assert message in beside
    if cap is not None:
        assert limits.above_cap is None  # every case proposes the overall grade within its cap


def test_a_capping_judgement_shows_what_it_does_to_the_overall_judgement():
    result = check("ILACS", ILACS_DAY, {**GOOD_ILACS, "J2": "inadequate", "OE": "inadequate"})
    assert result.limits["J2"].effects == [
        "Children who need help and protection is proposed inadequate, so overall effectiveness "
        "can be at most inadequate."
    ]
    assert result.limits["J3"].effects == []


def test_the_2009_framework_says_its_rules_are_a_gap():
    result = check("SLAC", SLAC_DAY, {**GOOD_SLAC, "SG-SAFE": "inadequate"})
    assert result.has_rules is False
    assert result.can_submit


def test_leaders_tendency_asks_for_the_reason():
    result = check(
        "ILACS", ILACS_DAY, {**GOOD_ILACS, "J1": "inadequate", "OE": "requires-improvement"}
    )
    assert (
        "Overall effectiveness is proposed requires improvement to be good; inadequate is "
        "expected, so the rationale must give the reason." in result.limits["OE"].warnings
    )


GUARD_CASES = [
    # (framework, date, proposed, rationale, problems expected, in this order)
    ("SIF", SIF_DAY, GOOD_SIF, "Evidence.", []),
    (
        "SIF",
        SIF_DAY,
        {**GOOD_SIF, "K1": "inadequate", "OE": "good"},
        "Evidence.",
        [
            "Overall effectiveness is proposed good, above its cap of inadequate. Lower the "
            "proposed grade to submit"
        ],
    ),
    (
        "SIF",
        SIF_DAY,
        {**GOOD_SIF, "K3": "requires-improvement", "OE": "good"},
        "Evidence.",
        [
            "Overall effectiveness is proposed good, above its cap of requires improvement to be "
            "good. Lower the proposed grade to submit"
        ],
    ),
    ("SIF", SIF_DAY, {**GOOD_SIF, "OE": "inadequate"}, "Evidence.", []),
    (
        "ILACS",
        ILACS_DAY,
        {**GOOD_ILACS, "J1": "inadequate", "OE": "good"},
        "Evidence.",
        [
            "Overall effectiveness is proposed good, above its cap of requires improvement to be "
            "good. Lower the proposed grade to submit"
        ],
    ),
    (
        "ILACS",
        ILACS_DAY,
        {**GOOD_ILACS, "J2": None},
        "Evidence.",
        ["Propose a grade for children who need help and protection"],
    ),
    (
        "ILACS",
        ILACS_DAY,
        GOOD_ILACS,
        "",
        [
            "Give the rationale for the proposed grade of overall effectiveness",
            "Give the rationale for the proposed grade of the impact of leaders",
            "Give the rationale for the proposed grade of children who need help and protection",
            "Give the rationale for the proposed grade of children in care",
            "Give the rationale for the proposed grade of care leavers",
        ],
    ),
    (
        "SLAC",
        SLAC_DAY,
        {**GOOD_SLAC, "SG-OE": None},
        "Evidence.",
        ["Propose a grade for safeguarding overall effectiveness"],
    ),
]


@pytest.mark.parametrize(
    ("framework", "on", "proposed", "rationale", "problems"),
    GUARD_CASES,
    ids=[
        "sif-all-good-may-be-submitted",
        "sif-overall-above-inadequate-cap-is-refused",
        "sif-overall-above-leadership-cap-is-refused",
        "sif-overall-below-its-cap-may-be-submitted",
        "ilacs-overall-above-tendency-cap-is-refused",
        "ilacs-missing-grade-is-refused",
        "ilacs-missing-rationale-is-refused",
        "slac-missing-overall-grade-is-refused",
    ],
)
def test_submit_guard(framework, on, proposed, rationale, problems):
    result = check(framework, on, proposed, rationale=rationale)
    assert [problem.message for problem in result.problems] == problems
    assert result.can_submit is (not problems)


def test_the_optional_lscb_review_need_not_be_graded():
    result = check("SIF", SIF_DAY, GOOD_SIF)
    assert "LSCB" not in GOOD_SIF
    assert result.can_submit


@pytest.mark.parametrize(
    ("inspected", "good_or_better", "band"),
    [
        (100, 80, "dark-green"),
        (100, 79, "light-green"),
        (100, 65, "light-green"),
        (100, 64, "amber"),
        (100, 50, "amber"),
        (100, 49, "red"),
        (3, 3, "dark-green"),
        (None, 4, None),
    ],
    ids=["80", "79", "65", "64", "50", "49", "all", "incomplete"],
)
def test_caa_band_is_derived_from_counts(inspected, good_or_better, band):
    rule = band_rules(framework_spec("CAA"))["FOSTERING"]
    assert derived_band(rule, inspected=inspected, good_or_better=good_or_better) == band


@pytest.mark.parametrize(
    ("inspected", "good_or_better", "message"),
    [
        (0, 0, "Enter at least 1 service inspected, or leave both counts blank"),
        (4, 5, "Services judged good or better must be no more than the services inspected"),
    ],
)
def test_impossible_counts_are_refused(inspected, good_or_better, message):
    rule = band_rules(framework_spec("CAA"))["SCHOOLS"]
    with pytest.raises(BandInputError, match=message):
        derived_band(rule, inspected=inspected, good_or_better=good_or_better)


UCRA_OUTCOMES = [
    GradeSpec("strengths", "Strengths", 1),
    GradeSpec("areas-for-development", "Areas for development", 2),
    GradeSpec("areas-for-priority-action", "Areas for priority action", 3),
]


@pytest.mark.parametrize(
    ("texts", "finding"),
    [
        ({}, None),
        ({"strengths": "Timely strategy discussions."}, "strengths"),
        ({"strengths": "Good.", "areas_for_development": "Recording."}, "areas-for-development"),
        (
            {"strengths": "Good.", "areas_for_priority_action": "  Thresholds unclear."},
            "areas-for-priority-action",
        ),
        ({"areas_for_priority_action": "   "}, None),
    ],
    ids=["nothing", "strengths", "development", "priority-action-outweighs", "blank-ignored"],
)
def test_ungraded_finding_is_the_most_serious_one_written(texts, finding):
    assert derived_finding(UCRA_OUTCOMES, texts) == finding


def test_ucra_priority_action_warns_next_to_the_area():
    spec = framework_spec("UCRA")
    areas = [
        AreaInput(
            code=area.code,
            short_name=area.short_name,
            entry=Entry.FINDINGS,
            proposed="areas-for-priority-action" if area.code == "A3" else "strengths",
        )
        for area in spec.areas
    ]
    result = check_self_evaluation(spec, areas, on=date(2011, 1, 1))
    assert result.can_submit
    assert any(
        text.startswith("Thresholds is proposed areas for priority action")
        for text in result.limits["A3"].effects
    )


@pytest.mark.parametrize(
    ("basis", "active_from", "active_to", "expected"),
    [
        (date(2026, 3, 1), date(2018, 1, 1), None, date(2026, 3, 1)),
        (date(2026, 3, 1), date(2013, 11, 19), date(2018, 8, 24), date(2018, 8, 24)),
        (date(2005, 1, 1), date(2009, 4, 1), date(2012, 8, 24), date(2009, 4, 1)),
    ],
    ids=["in-use-today", "rehearsing-a-past-framework", "before-it-began"],
)
def test_assessment_date_stays_within_the_frameworks_years(basis, active_from, active_to, expected):
    assert assessment_date(basis=basis, active_from=active_from, active_to=active_to) == expected
