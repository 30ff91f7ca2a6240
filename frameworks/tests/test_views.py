import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from frameworks import services
from frameworks.models import Framework, Inspection
from inspection_readiness.councils import current_council
from inspection_readiness.roles import ALL_ROLES, Role

pytestmark = pytest.mark.django_db

ROLE_IDS = [role.value for role in ALL_ROLES]


def make_inspection(*, is_rehearsal=True, short_name="SIF"):
    return Inspection.objects.create(
        council=current_council(),
        framework=Framework.objects.get(short_name=short_name),
        notified_at=timezone.now(),
        is_rehearsal=is_rehearsal,
    )


def read_pages():
    inspection = make_inspection()
    return [
        reverse("frameworks:index"),
        reverse("frameworks:framework_detail", args=["SIF"]),
        reverse("frameworks:compare") + "?left=SIF&right=ILACS",
        reverse("frameworks:inspection_detail", args=[inspection.pk]),
    ]


@pytest.mark.parametrize("role", ALL_ROLES, ids=ROLE_IDS)
def test_every_role_can_read_every_frameworks_page(client_with_role, role):
    client = client_with_role(role)
    for url in read_pages():
        assert client.get(url).status_code == 200, url


def test_a_person_with_no_role_is_refused_every_frameworks_page(client_with_role):
    client = client_with_role(None)
    for url in read_pages():
        assert client.get(url).status_code == 403, url
    inspection = make_inspection()
    assert (
        client.post(reverse("frameworks:start_rehearsal"), {"framework": "SIF"}).status_code == 403
    )
    assert (
        client.get(reverse("frameworks:delete_inspection", args=[inspection.pk])).status_code == 403
    )


@pytest.mark.parametrize("short_name", ["JAR", "APA", "CAA", "UCRA", "SLAC", "SIF", "ILACS"])
def test_every_framework_page_shows_its_data(client_with_role, short_name):
    response = client_with_role(Role.PREPARATION_STAFF).get(
        reverse("frameworks:framework_detail", args=[short_name])
    )
    framework = Framework.objects.get(short_name=short_name)
    assert escape(framework.name) in response.content.decode()
    for heading in (
        "Judgements",
        "Grade scale",
        "Limiting and aggregation rules",
        "Timeline",
        "History",
    ):
        assert heading in response.content.decode()


def test_sif_page_shows_limiting_rule_and_sampling(client_with_role):
    response = client_with_role(Role.MANAGER).get(
        reverse("frameworks:framework_detail", args=["SIF"])
    )
    assert (
        "Inadequate in any key judgement limits overall effectiveness to inadequate."
        in response.content.decode()
    )
    assert "Cases the council audits (selected by Ofsted)" in response.content.decode()


def test_unknown_framework_is_not_found(client_with_role):
    response = client_with_role(Role.MANAGER).get(
        reverse("frameworks:framework_detail", args=["NOPE"])
    )
    assert response.status_code == 404


def test_framework_list_is_a_sortable_table_in_few_queries(
    client_with_role, django_assert_max_num_queries
):
    client = client_with_role(Role.MANAGER)
    client.get(reverse("frameworks:index"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("frameworks:index") + "?sort=-short_name")
    assert response.status_code == 200
    content = response.content.decode()
    assert content.index(">UCRA<") < content.index(">APA<")
    assert "aria-sort" in content


def test_compare_shows_two_frameworks_side_by_side(client_with_role):
    response = client_with_role(Role.MANAGER).get(
        reverse("frameworks:compare"), {"left": "SIF", "right": "ILACS"}
    )
    content = response.content.decode()
    assert "SIF and ILACS side by side" in content
    assert "Leadership, management and governance" in content
    assert "The impact of leaders on social work practice with children and families" in content


def test_compare_refuses_the_same_framework_twice(client_with_role):
    response = client_with_role(Role.MANAGER).get(
        reverse("frameworks:compare"), {"left": "SIF", "right": "SIF"}
    )
    assert "Select a different framework to compare with" in response.content.decode()


@pytest.mark.parametrize("role", [Role.MANAGER, Role.DATA_ADMIN], ids=["manager", "data_admin"])
def test_managers_and_data_admins_start_a_rehearsal_notified_now(client_with_role, role):
    client = client_with_role(role)
    response = client.post(
        reverse("frameworks:start_rehearsal"), {"framework": "ILACS", "visit_kind": "short"}
    )
    rehearsal = Inspection.objects.get(is_rehearsal=True)
    assert response.status_code == 302
    assert response.url == rehearsal.get_absolute_url()
    # Inspectors would arrive next Monday, after 1 April 2026: ILACS 2026 applies.
    assert rehearsal.framework.short_name == "ILACS 2026"
    assert rehearsal.visit_kind.code == "short"
    assert (timezone.now() - rehearsal.notified_at).total_seconds() < 60
    page = client.get(rehearsal.get_absolute_url()).content.decode()
    assert "This is a rehearsal, not a real inspection." in page
    assert "data-countdown-to=" in page
    assert "Short inspection" in page
    assert "Friday of the same week: inspectors leave at the end of week one." in page


def test_preparation_staff_cannot_start_or_delete_rehearsals(client_with_role):
    client = client_with_role(Role.PREPARATION_STAFF)
    assert (
        client.post(reverse("frameworks:start_rehearsal"), {"framework": "SIF"}).status_code == 403
    )
    rehearsal = make_inspection()
    assert (
        client.post(reverse("frameworks:delete_inspection", args=[rehearsal.pk])).status_code == 403
    )
    assert Inspection.objects.filter(pk=rehearsal.pk).exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.MANAGER, 302),
        (Role.DATA_ADMIN, 302),
        (Role.PREPARATION_STAFF, 403),
        (None, 403),
    ],
    ids=["manager", "data_admin", "preparation_staff", "no_role"],
)
def test_deleting_a_rehearsal_asks_first_then_deletes_with_an_audit_row(
    client, user_for_role, role, status
):
    person = user_for_role(role)
    client.force_login(person)
    rehearsal = make_inspection()
    url = reverse("frameworks:delete_inspection", args=[rehearsal.pk])
    page = client.get(url)
    assert page.status_code == (200 if status == 302 else 403)
    if status == 302:
        assert "Are you sure you want to delete this rehearsal?" in page.content.decode()
        assert "0 case audits" in page.content.decode()
        detail = client.get(rehearsal.get_absolute_url()).content.decode()
        assert "Delete this rehearsal" in detail
    assert Inspection.objects.filter(pk=rehearsal.pk).exists()
    response = client.post(url)
    assert response.status_code == status
    assert Inspection.objects.filter(pk=rehearsal.pk).exists() is (status != 302)
    deleted = LogEntry.objects.filter(
        content_type__model="inspection",
        object_pk=str(rehearsal.pk),
        additional_data__event__startswith="Deleted the rehearsal",
    )
    if status == 302:
        assert response.url == reverse("frameworks:index")
        entry = deleted.get()
        assert entry.actor == person
        assert entry.action == LogEntry.Action.DELETE
    else:
        assert not deleted.exists()


def test_deleting_a_rehearsal_needs_sign_in(client):
    rehearsal = make_inspection()
    response = client.post(reverse("frameworks:delete_inspection", args=[rehearsal.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert Inspection.objects.filter(pk=rehearsal.pk).exists()


def test_staff_see_no_delete_link(client_with_role):
    rehearsal = make_inspection()
    page = client_with_role(Role.PREPARATION_STAFF).get(rehearsal.get_absolute_url())
    assert "Delete this rehearsal" not in page.content.decode()


def test_the_service_rechecks_the_role_and_refuses_real_inspections(staff_user, manager_user):
    rehearsal = make_inspection()
    with pytest.raises(PermissionDenied):
        services.delete_inspection(actor=staff_user, inspection=rehearsal)
    real = make_inspection(is_rehearsal=False)
    with pytest.raises(services.InspectionNotDeleted, match="Only rehearsals can be deleted"):
        services.delete_inspection(actor=manager_user, inspection=real)
    assert Inspection.objects.filter(pk__in=[rehearsal.pk, real.pk]).count() == 2
    assert not LogEntry.objects.filter(additional_data__event__startswith="Deleted").exists()


def test_a_protected_rehearsal_is_kept_with_a_plain_message(client_with_role, monkeypatch):
    rehearsal = make_inspection()

    def refuse(self, *args, **kwargs):
        raise ProtectedError("protected", {Framework.objects.first()})

    monkeypatch.setattr(Inspection, "delete", refuse)
    response = client_with_role(Role.MANAGER).post(
        reverse("frameworks:delete_inspection", args=[rehearsal.pk])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This rehearsal cannot be deleted because other records depend on it" in page
    assert "Error: Delete rehearsal" in page
    assert Inspection.objects.filter(pk=rehearsal.pk).exists()
    # The audit row went with the refused transaction.
    assert not LogEntry.objects.filter(additional_data__event__startswith="Deleted").exists()


def test_a_real_inspection_cannot_be_deleted_as_a_rehearsal(client_with_role):
    client = client_with_role(Role.DATA_ADMIN)
    inspection = make_inspection(is_rehearsal=False)
    response = client.post(reverse("frameworks:delete_inspection", args=[inspection.pk]))
    assert response.status_code == 404
    assert Inspection.objects.filter(pk=inspection.pk).exists()


def test_overdue_step_is_shown_in_words(client_with_role):
    inspection = make_inspection()
    inspection.notified_at = timezone.now() - timezone.timedelta(hours=40)
    inspection.save()
    page = client_with_role(Role.MANAGER).get(inspection.get_absolute_url()).content.decode()
    assert "Overdue" in page
    assert "overdue by" in page
    assert "app-status--overdue" in page


def test_an_inspection_page_leads_to_the_work_for_it(client_with_role):
    inspection = make_inspection(short_name="ILACS")
    client = client_with_role(Role.PREPARATION_STAFF)
    page = client.get(inspection.get_absolute_url()).content.decode()
    links = [
        reverse("casework:cohorts", args=[inspection.pk]),
        reverse("casework:summary", args=[inspection.pk]),
        escape(f"{reverse('judgements:start')}?inspection={inspection.pk}"),
        reverse("datapack:index"),
    ]
    for link in links:
        assert f'href="{link}"' in page
    start = client.get(f"{reverse('judgements:start')}?inspection={inspection.pk}")
    assert start.status_code == 200  # the start form opens with this inspection chosen


@pytest.mark.django_db
def test_data_admin_can_edit_framework_data_in_the_admin(client, data_admin_user, manager_user):
    from frameworks.models import Framework

    sif = Framework.objects.get(short_name="SIF")
    client.force_login(data_admin_user)
    assert client.get(f"/admin/frameworks/framework/{sif.pk}/change/").status_code == 200
    client.force_login(manager_user)
    refused = client.get(f"/admin/frameworks/framework/{sif.pk}/change/", follow=True)
    assert refused.status_code == 403
