"""The other apps' fixtures, for work to be notified about: a case audit, self-evaluations, and
a real inspection recorded from the call."""

import pytest

from casework.tests.conftest import audit, children, rehearsal, selection, version  # noqa: F401
from frameworks.models import Framework
from inspections import services as inspection_services
from inspections.tests.conftest import CALL
from judgements.tests.conftest import complete_ilacs, ilacs, submitted_ilacs  # noqa: F401


@pytest.fixture
def inspection(manager_user):
    return inspection_services.record_notification(
        actor=manager_user,
        framework=Framework.objects.get(short_name="ILACS 2026"),
        visit_kind_code="short",
        notified_at=CALL,
        lead_inspector="Lee Inspector",
    )
