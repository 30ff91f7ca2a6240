from datetime import date
from pathlib import Path

import pytest

from annex_a.models import AnnexAVersion
from annex_a.synthetic import store_version

from .scenario import AS_AT, SCENARIO

OUTCOMES = Path(__file__).resolve().parents[3] / "shared" / "data" / "ofsted_outcomes"
OUTCOMES_CSV = OUTCOMES / "la_latest_judgements_as_at_31_march_2025.csv"


def make_version(owner, tables=SCENARIO, *, as_at: date = AS_AT) -> AnnexAVersion:
    """An Annex A version holding ``tables`` (list number -> row dicts), as an import stores it."""
    return store_version(tables, as_at=as_at, created_by=owner)


@pytest.fixture
def version(data_admin_user):
    return make_version(data_admin_user)


@pytest.fixture
def outcomes_csv() -> bytes:
    # Fail, never skip: a CI run without the shared data must not pass by testing less.
    assert OUTCOMES_CSV.exists(), f"Ofsted's published outcomes are not at {OUTCOMES_CSV}."
    return OUTCOMES_CSV.read_bytes()
