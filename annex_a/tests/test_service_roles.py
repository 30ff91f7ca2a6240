"""Each Annex A service that changes state checks the person's role itself, not only its view:
the roles the view allows succeed; everyone else is refused with nothing changed."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from annex_a import services, submission
from annex_a.models import AnnexAImport, AnnexAVersion, CodeSynonym
from annex_a.synthetic import generate_rows, store_version
from inspection_readiness.councils import current_council
from inspection_readiness.models import Job
from inspection_readiness.roles import Role

from .conftest import AS_AT

pytestmark = pytest.mark.django_db

EVERYONE = [Role.PREPARATION_STAFF, Role.MANAGER, Role.DATA_ADMIN, None]
DATA_ADMINS = {Role.DATA_ADMIN}
SENDERS = {Role.DATA_ADMIN, Role.MANAGER}


def _table(allowed: set) -> list:
    return [pytest.param(role, role in allowed, id=str(role)) for role in EVERYONE]


@pytest.fixture
def version(data_admin_user):
    _, tables = generate_rows(rows=50, as_at=AS_AT, seed=1)
    return store_version(tables, as_at=AS_AT, created_by=data_admin_user)


@pytest.fixture
def unreadable_import(data_admin_user):
    return AnnexAImport.objects.create(
        council=current_council(),
        source="annex_a/uploads/unreadable.xlsx",
        source_name="unreadable.xlsx",
        source_sha256="0" * 64,
        source_size=10,
        as_at=AS_AT,
        spec_version="2023",
        uploaded_by=data_admin_user,
        uploaded_at=timezone.now(),
        status=AnnexAImport.Status.UNREADABLE,
    )


@pytest.mark.parametrize("role, allowed", _table(DATA_ADMINS))
def test_only_a_data_admin_uploads_annex_a(user_for_role, role, allowed):
    upload = SimpleUploadedFile("annex-a.xlsx", b"not checked until the job runs")
    person = user_for_role(role)
    if allowed:
        annex_a_import, job = services.upload_annex_a(
            uploaded_by=person, uploaded_file=upload, as_at=AS_AT, spec_version="2023"
        )
        assert annex_a_import.uploaded_by == person and job.owner == person
    else:
        with pytest.raises(PermissionDenied, match="Only data admins can upload Annex A"):
            services.upload_annex_a(
                uploaded_by=person, uploaded_file=upload, as_at=AS_AT, spec_version="2023"
            )
        assert not AnnexAImport.objects.exists() and not Job.objects.exists()


@pytest.mark.parametrize("role, allowed", _table(DATA_ADMINS))
def test_only_a_data_admin_imports_a_file_from_disk(clean_workbook, user_for_role, role, allowed):
    person = user_for_role(role)
    if allowed:
        annex_a_import, version = services.import_annex_a_file(
            path=clean_workbook, as_at=AS_AT, spec_version="2023", imported_by=person
        )
        assert version.created_by == person
    else:
        with pytest.raises(PermissionDenied):
            services.import_annex_a_file(
                path=clean_workbook, as_at=AS_AT, spec_version="2023", imported_by=person
            )
        assert not AnnexAImport.objects.exists()


@pytest.mark.parametrize("role, allowed", _table(DATA_ADMINS))
def test_only_a_data_admin_checks_a_file_again(unreadable_import, user_for_role, role, allowed):
    person = user_for_role(role)
    if allowed:
        job = services.recheck_import(annex_a_import=unreadable_import, requested_by=person)
        assert job.owner == person
        unreadable_import.refresh_from_db()
        assert unreadable_import.status == AnnexAImport.Status.QUEUED
    else:
        with pytest.raises(PermissionDenied):
            services.recheck_import(annex_a_import=unreadable_import, requested_by=person)
        unreadable_import.refresh_from_db()
        assert unreadable_import.status == AnnexAImport.Status.UNREADABLE
        assert not Job.objects.exists()


@pytest.mark.parametrize("role, allowed", _table(DATA_ADMINS))
def test_only_a_data_admin_maps_a_spelling(user_for_role, role, allowed):
    person = user_for_role(role)
    add = dict(council=current_council(), code_set="gender", spelling="1 - Male", code="a) Male")
    if allowed:
        synonym = services.add_code_synonym(**add, created_by=person)
        assert synonym.created_by == person
    else:
        with pytest.raises(PermissionDenied):
            services.add_code_synonym(**add, created_by=person)
        assert not CodeSynonym.objects.exists()


@pytest.mark.parametrize("role, allowed", _table(DATA_ADMINS))
def test_only_a_data_admin_removes_a_mapped_spelling(data_admin_user, user_for_role, role, allowed):
    synonym = services.add_code_synonym(
        council=current_council(),
        code_set="gender",
        spelling="1 - Male",
        code="a) Male",
        created_by=data_admin_user,
    )
    person = user_for_role(role)
    if allowed:
        services.delete_code_synonym(synonym=synonym, deleted_by=person)
        assert not CodeSynonym.objects.exists()
    else:
        with pytest.raises(PermissionDenied):
            services.delete_code_synonym(synonym=synonym, deleted_by=person)
        assert CodeSynonym.objects.filter(pk=synonym.pk).exists()


@pytest.mark.parametrize("role, allowed", _table(SENDERS))
def test_only_managers_and_data_admins_mark_a_version_submitted(
    version, user_for_role, role, allowed, inspection
):
    person = user_for_role(role)
    if allowed:
        submission.mark_version_submitted(
            inspection=inspection, version=version, submitted_by=person
        )
        assert AnnexAVersion.objects.get(pk=version.pk).submitted_by == person
    else:
        with pytest.raises(PermissionDenied):
            submission.mark_version_submitted(
                inspection=inspection, version=version, submitted_by=person
            )
        assert AnnexAVersion.objects.get(pk=version.pk).submitted_at is None


# A data admin may export, but the export of a version with findings is a manager's choice.
@pytest.mark.parametrize("role, allowed", _table({Role.MANAGER}))
def test_only_a_manager_confirms_the_export_of_a_version_with_findings(
    version, user_for_role, role, allowed
):
    AnnexAVersion.objects.filter(pk=version.pk).update(error_count=2)
    person = user_for_role(role)
    if allowed:
        confirmation = services.confirm_export(
            version=version, confirmed_by=person, reason="Errors agreed with Ofsted"
        )
        assert confirmation["confirmed_by_id"] == person.pk and confirmation["errors"] == 2
    else:
        with pytest.raises(PermissionDenied):
            services.confirm_export(
                version=version, confirmed_by=person, reason="Errors agreed with Ofsted"
            )
