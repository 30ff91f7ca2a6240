"""Every rule of every framework, table-driven: grades in, cap and explanation out."""

from fractions import Fraction

import pytest

from frameworks.queries import framework_spec
from frameworks.rules import (
    AreaSpec,
    FrameworkSpec,
    GradeSpec,
    RuleDataError,
    RuleSpec,
    ScaleSpec,
    band_for_counts,
    band_for_percent,
    evaluate,
)

pytestmark = pytest.mark.django_db

GOOD_SIF = {"K1": "good", "K2": "good", "K2.1": "good", "K2.2": "good", "K3": "good"}
GOOD_ILACS = {"J1": "good", "J2": "good", "J3": "good", "J4": "good"}


@pytest.mark.parametrize(
    ("framework", "proposed", "target", "cap", "explanation"),
    [
        ("SIF", {**GOOD_SIF, "OE": "good"}, "OE", "good", None),
        (
            "SIF",
            {**GOOD_SIF, "K1": "inadequate"},
            "OE",
            "inadequate",
            "Children who need help and protection is proposed inadequate, so overall "
            "effectiveness can be at most inadequate.",
        ),
        (
            "SIF",
            {**GOOD_SIF, "K2": "inadequate"},
            "OE",
            "inadequate",
            "Children looked after and achieving permanence is proposed inadequate, so overall "
            "effectiveness can be at most inadequate.",
        ),
        (
            "SIF",
            {**GOOD_SIF, "K3": "requires-improvement"},
            "OE",
            "requires-improvement",
            "Leadership, management and governance is proposed requires improvement to be good, "
            "so overall effectiveness can be at most requires improvement to be good.",
        ),
        (
            "SIF",
            {**GOOD_SIF, "K3": "inadequate"},
            "OE",
            "inadequate",
            "Leadership, management and governance is proposed inadequate, so overall "
            "effectiveness can be at most inadequate.",
        ),
        ("SIF", {**GOOD_SIF, "K2.1": "inadequate"}, "OE", "good", None),
        ("ILACS", GOOD_ILACS, "OE", None, None),
        (
            "ILACS",
            {**GOOD_ILACS, "J2": "inadequate"},
            "OE",
            "inadequate",
            "Children who need help and protection is proposed inadequate, so overall "
            "effectiveness can be at most inadequate.",
        ),
        (
            "ILACS",
            {**GOOD_ILACS, "J4": "inadequate"},
            "OE",
            "inadequate",
            "Care leavers is proposed inadequate, so overall effectiveness can be at most "
            "inadequate.",
        ),
        (
            "ILACS",
            {"J1": "good", "J2": "good", "J3a": "inadequate"},
            "OE",
            "inadequate",
            "Children in care and care leavers is proposed inadequate, so overall effectiveness "
            "can be at most inadequate.",
        ),
        (
            "ILACS",
            {**GOOD_ILACS, "J1": "inadequate"},
            "OE",
            "requires-improvement",
            "The impact of leaders is proposed inadequate, so overall effectiveness is expected "
            "to be inadequate and can be at most requires improvement to be good.",
        ),
        ("UCRA", {"A1": "strengths", "A2": "areas-for-priority-action"}, None, None, None),
        ("SLAC", {"SG-OE": "good", "SG-SAFE": "inadequate"}, "SG-OE", None, None),
        ("JAR", {"OVERALL": "3", "O2": "1"}, "OVERALL", None, None),
        ("APA", {"OE": "3", "O2": "1"}, "OE", None, None),
        (
            "CAA",
            {"SCHOOLS": "dark-green", "FOSTERING": "red"},
            "RATING",
            "performs-well",
            "Fostering services is in the red band, so the annual rating can be at most "
            "performs well.",
        ),
        ("CAA", {"SCHOOLS": "dark-green", "ADOPTION": "light-green"}, "RATING", None, None),
    ],
    ids=[
        "sif-all-good-no-cap-beyond-leadership",
        "sif-inadequate-help-and-protection-limits-overall",
        "sif-inadequate-children-looked-after-limits-overall",
        "sif-leadership-requires-improvement-caps-overall",
        "sif-inadequate-leadership-limits-overall",
        "sif-inadequate-adoption-alone-does-not-cap",
        "ilacs-all-good-no-cap",
        "ilacs-inadequate-help-and-protection-limits-overall",
        "ilacs-inadequate-care-leavers-limits-overall",
        "ilacs-inadequate-combined-judgement-before-2023-limits-overall",
        "ilacs-inadequate-leaders-is-a-tendency-capped-at-ri",
        "ucra-ungraded-has-no-caps",
        "slac-has-no-rules-so-no-cap",
        "jar-aggregation-is-a-gap-so-no-cap",
        "apa-aggregation-is-a-gap-so-no-cap",
        "caa-red-band-stops-performs-excellently",
        "caa-top-two-bands-no-cap",
    ],
)
def test_caps_and_explanations(framework, proposed, target, cap, explanation):
    evaluation = evaluate(framework_spec(framework), proposed)
    if target is not None:
        found = evaluation.cap_for(target)
        assert (found.code if found else None) == cap
    else:
        assert all(outcome.cap is None for outcome in evaluation.outcomes.values())
    if explanation is None:
        assert not [e for e in evaluation.explanations if "can be at most inadequate" in e]
    else:
        assert explanation in evaluation.explanations


@pytest.mark.parametrize(
    ("framework", "proposed", "warning"),
    [
        (
            "SIF",
            {**GOOD_SIF, "K2.1": "inadequate"},
            "Adoption performance is proposed inadequate but no key judgement is: this "
            "influences overall effectiveness but is unlikely to limit it alone.",
        ),
        (
            "SIF",
            {**GOOD_SIF, "OE": "good", "K1": "inadequate"},
            "Overall effectiveness is proposed good, above its cap of inadequate.",
        ),
        (
            "ILACS",
            {**GOOD_ILACS, "J1": "inadequate", "OE": "requires-improvement"},
            "Overall effectiveness is proposed requires improvement to be good although the "
            "impact of leaders is inadequate: record the reason.",
        ),
        (
            "UCRA",
            {"A10": "areas-for-priority-action"},
            "Risk of harm is proposed areas for priority action. Any area for priority action "
            "is looked at specifically in the next inspection and weighs heavily on the annual "
            "rating.",
        ),
        (
            "CAA",
            {"SLAC": "inadequate"},
            "The safeguarding and looked after children inspection is proposed inadequate.",
        ),
        (
            "CAA",
            {"UCRA": "areas-for-priority-action"},
            "The unannounced inspection is proposed areas for priority action.",
        ),
        (
            "CAA",
            {"SCHOOLS": "dark-green", "EARLY-YEARS": "amber"},
            "The annual rating can be performs excellently only if a very large majority of "
            "inspected services are in the top bands; 1 of 2 are (not early years settings).",
        ),
        (
            "CAA",
            {"SCHOOLS": "dark-green", "RATING": "performs-excellently"},
            "The annual rating is proposed performs excellently: also check that outcomes are "
            "above the national average",
        ),
    ],
    ids=[
        "sif-inadequate-graded-sub-judgement-alone-warns",
        "sif-overall-above-cap-warns",
        "ilacs-overall-above-expected-needs-a-reason",
        "ucra-priority-action-is-followed-up",
        "caa-inadequate-slac-limits-rating-warning",
        "caa-ucra-priority-action-weighs-heavily",
        "caa-amber-group-needs-very-large-majority",
        "caa-performs-excellently-needs-outcomes-above-average",
    ],
)
def test_warnings(framework, proposed, warning):
    warnings = evaluate(framework_spec(framework), proposed).warnings
    assert any(text.startswith(warning) for text in warnings), warnings


def test_inadequate_graded_sub_judgement_with_inadequate_key_judgement_does_not_warn():
    evaluation = evaluate(
        framework_spec("SIF"), {**GOOD_SIF, "K2": "inadequate", "K2.1": "inadequate"}
    )
    assert not [w for w in evaluation.warnings if "unlikely to limit it alone" in w]


def test_ilacs_judgements_follow_the_2023_care_leavers_split():
    from datetime import date

    spec = framework_spec("ILACS")
    before = evaluate(spec, {}, on=date(2022, 6, 1)).outcomes
    after = evaluate(spec, {}, on=date(2023, 6, 1)).outcomes
    assert "J3a" in before and "J4" not in before
    assert {"J3", "J4"} <= after.keys() and "J3a" not in after


@pytest.mark.parametrize(
    ("good_or_better", "inspected", "band"),
    [
        (49, 100, "red"),
        (50, 100, "amber"),
        (64, 100, "amber"),
        (65, 100, "light-green"),
        (79, 100, "light-green"),
        (80, 100, "dark-green"),
        (100, 100, "dark-green"),
        (0, 3, "red"),
        (4, 5, "dark-green"),
    ],
    ids=["49%", "50%", "64%", "65%", "79%", "80%", "100%", "none-good", "4-of-5-is-80%"],
)
def test_caa_band_from_counts(good_or_better, inspected, band):
    rule = framework_spec("CAA").rule("CAA-PERFORMANCE-BANDS")
    assert band_for_counts(rule, good_or_better=good_or_better, inspected=inspected) == band


def test_caa_band_just_under_a_boundary_is_the_lower_band():
    rule = framework_spec("CAA").rule("CAA-PERFORMANCE-BANDS")
    assert band_for_percent(rule, Fraction(7999, 100)) == "light-green"


def test_band_needs_inspected_services():
    rule = framework_spec("CAA").rule("CAA-PERFORMANCE-BANDS")
    with pytest.raises(ValueError, match="at least one inspected service"):
        band_for_counts(rule, good_or_better=0, inspected=0)


# Pure tests over hand-built specs: the engine needs no database.

SCALE = ScaleSpec(
    code="s",
    name="Scale",
    grades=(GradeSpec("top", "Top", 1), GradeSpec("mid", "Mid", 2), GradeSpec("low", "Low", 3)),
)
PURE = FrameworkSpec(
    short_name="TEST",
    areas=(
        AreaSpec("T", "Target", "The target", "overall", SCALE),
        AreaSpec("S", "Subject", "The subject", "key", SCALE),
    ),
    rules=(
        RuleSpec(
            code="R",
            kind="cap_if_any_at_or_below",
            statement="",
            source="test",
            target="T",
            subjects=("S",),
            threshold="mid",
            cap="mid",
        ),
    ),
)


@pytest.mark.django_db(False)
@pytest.mark.parametrize(
    ("subject", "cap"),
    [("top", None), ("mid", "mid"), ("low", "mid")],
    ids=["above-threshold", "at-threshold", "below-threshold"],
)
def test_cap_if_any_at_or_below_counts_the_threshold_itself(subject, cap):
    found = evaluate(PURE, {"S": subject}).cap_for("T")
    assert (found.code if found else None) == cap


@pytest.mark.django_db(False)
def test_unknown_rule_kind_is_a_data_error():
    spec = FrameworkSpec(
        short_name="TEST",
        areas=PURE.areas,
        rules=(RuleSpec(code="X", kind="made_up", statement="", source="test"),),
    )
    with pytest.raises(RuleDataError, match="unknown kind"):
        evaluate(spec, {})


@pytest.mark.django_db(False)
def test_unknown_grade_is_a_data_error():
    with pytest.raises(RuleDataError, match="not a grade"):
        evaluate(PURE, {"S": "brilliant"})
