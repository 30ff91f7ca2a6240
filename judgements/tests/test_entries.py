"""Frameworks record different things: CAA performance-band inputs and the rating; the
unannounced inspection's ungraded findings. Entered through the judgement area page."""

import pytest

from ..models import SelfEvaluation
from ..queries import check_for
from .conftest import area, start

pytestmark = pytest.mark.django_db


def _save(client, self_evaluation: SelfEvaluation, code: str, **data):
    assessment = area(self_evaluation, code)
    return client.post(
        assessment.get_absolute_url(), {"version": assessment.version, **data}, follow=True
    )


def test_caa_bands_come_from_counts_and_cap_the_rating(staff_user, client):
    caa = start("CAA", staff_user)
    client.force_login(staff_user)
    page = client.get(area(caa, "SCHOOLS").get_absolute_url()).content.decode()
    assert "Services inspected" in page and "Proposed grade" not in page

    _save(client, caa, "SCHOOLS", services_inspected="40", services_good_or_better="34")
    _save(client, caa, "FOSTERING", services_inspected="10", services_good_or_better="4")
    assert area(caa, "SCHOOLS").proposed_grade.label == "Dark green"  # 85%
    assert area(caa, "FOSTERING").proposed_grade.label == "Red"  # 40%

    _save(client, caa, "RATING", proposed_grade="performs-excellently", rationale="Strong.")
    rating = check_for(caa).limits["RATING"]
    assert rating.cap.label == "Performs well"
    assert (
        "Fostering services is in the red band, so the annual rating can be at most performs "
        "well." in rating.caps
    )
    assert rating.above_cap == (
        "The annual rating is proposed performs excellently, above its cap of performs well."
    )


@pytest.mark.parametrize(
    ("inspected", "good", "message"),
    [
        ("5", "", "Enter both counts, or leave both blank"),
        ("5", "6", "Services judged good or better must be no more than the services inspected"),
        ("0", "0", "Enter at least 1 service inspected, or leave both counts blank"),
        ("five", "4", "Enter the number of services inspected as a whole number"),
    ],
)
def test_impossible_band_counts_are_refused_with_a_message(
    staff_user, client, inspected, good, message
):
    caa = start("CAA", staff_user)
    client.force_login(staff_user)
    response = _save(
        client, caa, "ADOPTION", services_inspected=inspected, services_good_or_better=good
    )
    assert message in response.content.decode()
    assert area(caa, "ADOPTION").proposed_grade is None


def test_ungraded_inspection_records_findings_not_grades(staff_user, client):
    ucra = start("UCRA", staff_user)
    client.force_login(staff_user)
    page = client.get(area(ucra, "A3").get_absolute_url()).content.decode()
    assert "Areas for priority action" in page and "Proposed grade" not in page

    _save(
        client,
        ucra,
        "A3",
        strengths="Thresholds are published.",
        areas_for_priority_action="Thresholds are applied inconsistently by partners.",
    )
    a3 = area(ucra, "A3")
    assert a3.proposed_grade.label == "Areas for priority action"
    check = check_for(ucra)
    assert any(
        "Thresholds is proposed areas for priority action" in t for t in check.limits["A3"].effects
    )
    assert (
        "Record a strength, area for development or area for priority action for referrals and "
        "assessments" in [problem.message for problem in check.problems]
    )
