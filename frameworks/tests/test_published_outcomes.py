"""The reality check: Ofsted's published SIF and ILACS judgements against the engine."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db

OUTCOMES = settings.BASE_DIR.parent / "shared" / "data" / "ofsted_outcomes"


@pytest.fixture(scope="module")
def output(django_db_setup, django_db_blocker):
    # Fail, never skip: a CI run without the shared data must not pass by testing less.
    assert OUTCOMES.is_dir(), f"Ofsted's published outcomes are not at {OUTCOMES}."
    with django_db_blocker.unblock():
        out = StringIO()
        call_command("check_published_outcomes", str(OUTCOMES), stdout=out)
        return out.getvalue()


def test_last_lines_give_the_figures_for_sif_then_ilacs(output):
    assert output.strip().splitlines()[-2:] == [
        "SIF: 172 checked, 0 outside cap",
        "ILACS: 271 checked, 0 outside cap",
    ]


def test_sif_inadequate_key_judgement_limit_holds_in_all_40(output):
    assert "SIF: 173 inspections read" in output
    assert "Rule SIF-KEY-INADEQUATE-LIMITS-OE fired in 40 inspections" in output


def test_ilacs_leadership_is_a_tendency_25_of_29(output):
    assert (
        "Tendency ILACS-LEADERS-INADEQUATE-TENDENCY: overall effectiveness was the expected "
        "inadequate in 25 of 29; above it (within the cap, so a recorded reason) in 4"
    ) in output
    for council in ("Bournemouth", "Herefordshire", "Doncaster", "Slough"):
        assert f"    {council} " in output


def test_ilacs_childrens_experience_limit_fires_in_34_inspections(output):
    # 27 help and protection, 19 children in care, 7 care leavers, overlapping: 34 inspections.
    assert "Rule ILACS-CHILDREN-INADEQUATE-LIMITS-OE fired in 34 inspections" in output
