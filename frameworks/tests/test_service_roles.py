"""Each frameworks service that changes state checks the person's role itself, not only its view:
managers and data admins succeed; preparation staff and people with no role are refused with
nothing changed."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from frameworks import services
from frameworks.models import Framework, Inspection
from inspection_readiness.councils import current_council
from inspection_readiness.roles import Role

pytestmark = pytest.mark.django_db

TABLE = [
    pytest.param(Role.PREPARATION_STAFF, False, id="preparation_staff"),
    pytest.param(Role.MANAGER, True, id="manager"),
    pytest.param(Role.DATA_ADMIN, True, id="data_admin"),
    pytest.param(None, False, id="no role"),
]


@pytest.fixture
def rehearsal():
    return Inspection.objects.create(
        council=current_council(),
        framework=Framework.objects.get(short_name="SIF"),
        notified_at=timezone.now(),
        is_rehearsal=True,
    )


@pytest.mark.parametrize("role, allowed", TABLE)
def test_only_managers_and_data_admins_start_a_rehearsal(user_for_role, role, allowed):
    person = user_for_role(role)
    framework = Framework.objects.get(short_name="SIF")
    if allowed:
        inspection = services.start_rehearsal(framework=framework, started_by=person)
        assert inspection.is_rehearsal and inspection.created_by == person
    else:
        with pytest.raises(PermissionDenied, match="Only managers and data admins can start"):
            services.start_rehearsal(framework=framework, started_by=person)
        assert not Inspection.objects.exists()


@pytest.mark.parametrize("role, allowed", TABLE)
def test_only_managers_and_data_admins_record_visit_details(
    rehearsal, user_for_role, role, allowed
):
    person = user_for_role(role)
    days = dict(on_site_from=date(2026, 12, 7), on_site_to=date(2026, 12, 9))
    if allowed:
        services.record_visit_details(actor=person, inspection=rehearsal, **days)
        assert Inspection.objects.get(pk=rehearsal.pk).on_site_to == date(2026, 12, 9)
    else:
        with pytest.raises(PermissionDenied):
            services.record_visit_details(actor=person, inspection=rehearsal, **days)
        assert Inspection.objects.get(pk=rehearsal.pk).on_site_from is None


@pytest.mark.parametrize("role, allowed", TABLE)
def test_only_managers_and_data_admins_delete_a_rehearsal(rehearsal, user_for_role, role, allowed):
    person = user_for_role(role)
    if allowed:
        services.delete_inspection(actor=person, inspection=rehearsal)
        assert not Inspection.objects.filter(pk=rehearsal.pk).exists()
    else:
        with pytest.raises(PermissionDenied):
            services.delete_inspection(actor=person, inspection=rehearsal)
        assert Inspection.objects.filter(pk=rehearsal.pk).exists()
