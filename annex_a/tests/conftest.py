from datetime import date

import pytest

from annex_a.synthetic import write_generated_workbook

AS_AT = date(2026, 11, 20)


@pytest.fixture
def clean_workbook(tmp_path):
    return write_generated_workbook(tmp_path / "clean.xlsx", rows=600, as_at=AS_AT, seed=3).path


@pytest.fixture
def messy_workbook(tmp_path):
    return write_generated_workbook(
        tmp_path / "messy.xlsx", rows=600, as_at=AS_AT, seed=3, messy=True
    ).path
