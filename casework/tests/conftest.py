"""Fixtures for casework: frameworks and audit templates loaded, an Annex A version made quickly
from the synthetic generator, children built from it, and an ILACS rehearsal."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from frameworks.models import Framework, Inspection
from inspection_readiness.councils import current_council

from .. import services
from .factories import make_version

AS_AT = date(2026, 11, 20)


@pytest.fixture
def version(data_admin_user):
    return make_version(rows=1500, as_at=AS_AT, seed=5, imported_by=data_admin_user)


@pytest.fixture
def children(version, data_admin_user):
    return services.refresh_children(version=version, built_by=data_admin_user)


@pytest.fixture
def rehearsal(manager_user):
    return Inspection.objects.create(
        council=current_council(),
        framework=Framework.objects.get(short_name="ILACS"),
        notified_at=datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/London")),
        is_rehearsal=True,
        created_by=manager_user,
    )


@pytest.fixture
def selection(children, rehearsal, manager_user):
    return services.select_cohorts(inspection=rehearsal, seed=7, selected_by=manager_user)


@pytest.fixture
def audit(selection, rehearsal, staff_user, manager_user):
    """The first child of the audit cohort, assigned to the staff member, due 7 December."""
    member = selection.members.filter(cohort="audit").select_related("child").first()
    [audit] = services.assign_audits(
        inspection=rehearsal,
        children=[member.child],
        auditor=staff_user,
        due_date=date(2026, 12, 7),
        assigned_by=manager_user,
    )
    return audit
