"""Fixtures for the self-evaluation tests: frameworks loaded, and self-evaluations to work on."""

import pytest

from frameworks.models import Framework, Grade

from .. import services
from ..models import AreaAssessment, SelfEvaluation


def area(self_evaluation: SelfEvaluation, code: str) -> AreaAssessment:
    return AreaAssessment.objects.select_related(
        "area__scale", "self_evaluation__framework", "proposed_grade"
    ).get(self_evaluation=self_evaluation, area__code=code)


def fill(
    self_evaluation: SelfEvaluation,
    person,
    code: str,
    grade: str | None,
    rationale: str = "Because of the evidence.",
    **changes,
) -> AreaAssessment:
    """Save one judgement area through the service, as a person would."""
    assessment = area(self_evaluation, code)
    proposed = (
        Grade.objects.get(scale=assessment.area.scale, code=grade) if grade is not None else None
    )
    return services.save_area(
        assessment=assessment,
        expected_version=assessment.version,
        changes=services.AreaChanges(proposed_grade=proposed, rationale=rationale, **changes),
        saved_by=person,
    )


def start(framework: str, person, **kwargs) -> SelfEvaluation:
    return services.start_self_evaluation(
        framework=Framework.objects.get(short_name=framework), started_by=person, **kwargs
    )


GOOD_ILACS = {"OE": "good", "J1": "good", "J2": "good", "J3": "good", "J4": "good"}


@pytest.fixture
def ilacs(staff_user) -> SelfEvaluation:
    """An ILACS rehearsal self-evaluation with the judgements in force today, all empty."""
    return start("ILACS", staff_user)


@pytest.fixture
def complete_ilacs(ilacs, staff_user) -> SelfEvaluation:
    """Every ILACS judgement proposed good with a rationale: ready to submit."""
    for code, grade in GOOD_ILACS.items():
        fill(ilacs, staff_user, code, grade)
    return ilacs


@pytest.fixture
def submitted_ilacs(complete_ilacs, staff_user) -> SelfEvaluation:
    return services.submit_self_evaluation(self_evaluation=complete_ilacs, submitted_by=staff_user)


@pytest.fixture
def approved_ilacs(submitted_ilacs, manager_user) -> SelfEvaluation:
    return services.approve_self_evaluation(
        self_evaluation=submitted_ilacs, approved_by=manager_user
    )
