"""Each data pack service that changes state checks the person's role itself, not only its view:
data admins succeed; everyone else is refused with nothing changed. The build the service
starts itself after an import is not a person's request, so it is never refused."""

import pytest
from django.core.exceptions import PermissionDenied

from annex_a.signals import version_imported
from inspection_readiness import celery_app
from inspection_readiness.models import Job
from inspection_readiness.roles import Role

from .. import services
from ..models import ComparisonGroup, OutcomesUpload, Population
from .conftest import make_version

pytestmark = pytest.mark.django_db

TABLE = [
    pytest.param(Role.PREPARATION_STAFF, False, id="preparation_staff"),
    pytest.param(Role.MANAGER, False, id="manager"),
    pytest.param(Role.DATA_ADMIN, True, id="data_admin"),
    pytest.param(None, False, id="no role"),
]


@pytest.fixture
def queue_nothing(monkeypatch):
    from inspection_readiness import tasks

    sent = []
    monkeypatch.setattr(tasks.run_job, "delay", sent.append)
    return sent


@pytest.mark.parametrize("role, allowed", TABLE)
def test_only_a_data_admin_asks_for_a_pack(version, queue_nothing, user_for_role, role, allowed):
    person = user_for_role(role)
    if allowed:
        job = services.request_pack_build(version=version, requested_by=person)
        assert job.owner == person and job.kind == services.BUILD_JOB
    else:
        with pytest.raises(PermissionDenied, match="Only data admins can build a data pack"):
            services.request_pack_build(version=version, requested_by=person)
        assert not Job.objects.filter(kind=services.BUILD_JOB).exists()


@pytest.mark.parametrize("role, allowed", TABLE)
def test_only_a_data_admin_enters_the_population(user_for_role, role, allowed):
    person = user_for_role(role)
    figures = dict(children=10_000, source="ONS MYE2", year=2024)
    if allowed:
        assert services.record_population(**figures, entered_by=person).entered_by == person
    else:
        with pytest.raises(PermissionDenied):
            services.record_population(**figures, entered_by=person)
        assert not Population.objects.exists()


@pytest.mark.parametrize("role, allowed", TABLE)
def test_only_a_data_admin_uploads_ofsteds_outcomes(outcomes_csv, user_for_role, role, allowed):
    person = user_for_role(role)
    upload = dict(content=outcomes_csv, file_name="latest.csv")
    if allowed:
        assert services.import_outcomes(**upload, uploaded_by=person).uploaded_by == person
    else:
        with pytest.raises(PermissionDenied):
            services.import_outcomes(**upload, uploaded_by=person)
        assert not OutcomesUpload.objects.filter(is_shipped=False).exists()


@pytest.mark.parametrize("role, allowed", TABLE)
def test_only_a_data_admin_chooses_the_neighbours(user_for_role, role, allowed):
    person = user_for_role(role)
    choice = dict(own_area_code="E06000026", neighbour_area_codes=["E06000027", "E10000008"])
    if allowed:
        assert services.choose_comparison_group(**choice, chosen_by=person).updated_by == person
    else:
        with pytest.raises(PermissionDenied):
            services.choose_comparison_group(**choice, chosen_by=person)
        assert not ComparisonGroup.objects.exists()


@pytest.mark.parametrize("role, allowed", TABLE)
def test_only_a_data_admin_chooses_the_council(user_for_role, role, allowed):
    person = user_for_role(role)
    if allowed:
        group = services.choose_own_authority(authority="Plymouth", chosen_by=person)
        assert group.own_area_code == "E06000026" and group.updated_by == person
    else:
        with pytest.raises(PermissionDenied):
            services.choose_own_authority(authority="Plymouth", chosen_by=person)
        assert not ComparisonGroup.objects.exists()


@pytest.mark.parametrize("role", [Role.PREPARATION_STAFF, Role.MANAGER, None], ids=str)
def test_the_build_after_an_import_starts_whoever_imported(
    queue_nothing, user_for_role, role, django_capture_on_commit_callbacks
):
    # Say an importer's role was changed after the import: the service's own build still runs.
    version = make_version(user_for_role(role))
    celery_app.conf.update(task_always_eager=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            version_imported.send(sender=type(version), version=version)
    finally:
        celery_app.conf.update(task_always_eager=True)
    job = Job.objects.get(kind=services.BUILD_JOB)
    assert job.pk in queue_nothing and job.owner == version.created_by
