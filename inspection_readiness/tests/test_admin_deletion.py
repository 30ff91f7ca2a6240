"""The Django admin never deletes the council's work: not by a delete page, not by the bulk
"Delete selected" action, not even for a superuser. Deleting goes through the services."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from frameworks.models import Framework, Inspection
from inspection_readiness.councils import current_council
from inspection_readiness.roles import Role

pytestmark = pytest.mark.django_db

# Models that hold a council's work, as opposed to reference data (frameworks, audit templates)
# that data admins maintain in the admin.
COUNCIL_WORK_APPS = {"annex_a", "judgements", "datapack"}
COUNCIL_WORK_MODELS = {
    "frameworks.inspection",
    "casework.child",
    "casework.childrenbuild",
    "casework.journeyevent",
    "casework.cohortselection",
    "casework.cohortmember",
    "casework.inspectorchoice",
    "casework.caseaudit",
    "casework.sectiongrade",
    "inspection_readiness.job",
    "auditlog.logentry",
}


def council_work() -> list[type]:
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in COUNCIL_WORK_APPS
        or model._meta.label_lower in COUNCIL_WORK_MODELS
    ]


@pytest.fixture
def superuser(django_user_model):
    return make_user(django_user_model, "root", Role.DATA_ADMIN, is_superuser=True)


@pytest.fixture
def inspection():
    return Inspection.objects.create(
        council=current_council(),
        framework=Framework.objects.get(short_name="ILACS"),
        notified_at=timezone.now(),
        is_rehearsal=True,
    )


def test_the_council_work_list_names_real_models():
    labels = {model._meta.label_lower for model in council_work()}
    assert COUNCIL_WORK_MODELS <= labels
    assert "annex_a.annexaversion" in labels and "judgements.evidenceitem" in labels


def test_no_admin_for_council_work_may_delete(superuser):
    """Any ModelAdmin registered now or later for a model holding council work refuses."""
    request = RequestFactory().get("/admin/")
    request.user = superuser
    registered = [model for model in council_work() if model in admin.site._registry]
    assert Inspection in registered
    for model in registered:
        model_admin = admin.site._registry[model]
        assert model_admin.has_delete_permission(request) is False, model
        assert model_admin.has_delete_permission(request, model()) is False, model
        assert "delete_selected" not in model_admin.get_actions(request), model


@pytest.mark.parametrize("who", ["data_admin", "superuser"])
def test_the_admin_delete_page_of_an_inspection_is_refused(
    client, data_admin_user, superuser, inspection, who
):
    client.force_login(data_admin_user if who == "data_admin" else superuser)
    change = client.get(reverse("admin:frameworks_inspection_change", args=[inspection.pk]))
    assert change.status_code == 200  # the admin still shows it
    delete_url = reverse("admin:frameworks_inspection_delete", args=[inspection.pk])
    assert delete_url not in change.content.decode()
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Inspection.objects.filter(pk=inspection.pk).exists()


def test_the_bulk_delete_action_is_not_offered_or_obeyed(client, superuser, inspection):
    client.force_login(superuser)
    url = reverse("admin:frameworks_inspection_changelist")
    assert "delete_selected" not in client.get(url).content.decode()
    client.post(
        url,
        {"action": "delete_selected", "_selected_action": [inspection.pk], "post": "yes"},
    )
    assert Inspection.objects.filter(pk=inspection.pk).exists()


def test_the_audit_trail_cannot_be_deleted_in_the_admin(client, superuser, inspection):
    from auditlog.models import LogEntry

    entry = LogEntry.objects.get_for_object(inspection).first()
    client.force_login(superuser)
    url = reverse("admin:auditlog_logentry_delete", args=[entry.pk])
    assert client.get(url).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()
