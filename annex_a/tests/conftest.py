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


@pytest.fixture
def inspection(manager_user):
    """An ILACS rehearsal notified on the as-at date, that a version may be submitted for."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from frameworks.models import Framework, Inspection
    from inspection_readiness.councils import current_council

    return Inspection.objects.create(
        council=current_council(),
        framework=Framework.objects.get(short_name="ILACS"),
        notified_at=datetime(
            AS_AT.year, AS_AT.month, AS_AT.day, 10, 0, tzinfo=ZoneInfo("Europe/London")
        ),
        is_rehearsal=True,
        created_by=manager_user,
    )
