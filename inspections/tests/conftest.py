from datetime import date, datetime

import pytest

from frameworks.models import Framework
from frameworks.timeline import LONDON
from inspections import services

# A Wednesday call: the Monday after is 25 May 2026, the spring bank holiday.
CALL = datetime(2026, 5, 20, 10, 30, tzinfo=LONDON)


@pytest.fixture
def ilacs():
    return Framework.objects.get(short_name="ILACS 2026")


@pytest.fixture
def short_inspection(ilacs, manager_user):
    return services.record_notification(
        actor=manager_user,
        framework=ilacs,
        visit_kind_code="short",
        notified_at=CALL,
        lead_inspector="Lee Inspector",
        team="Tam, Tom and Tim",
        annex_a_due=date(2026, 5, 21),
    )
