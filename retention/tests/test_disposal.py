"""Disposal removes what is due with its files, keeps what is kept with its files, and records
what went (counts and ids, never contents) as a Disposal and in the audit trail."""

from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine
from auditlog.models import LogEntry
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from annex_a.models import AnnexAImport, AnnexARow, AnnexAVersion
from datapack.models import DataPack
from frameworks.models import Inspection
from inspection_readiness.jobs import start_job
from inspection_readiness.models import Job
from inspection_readiness.roles import ALL_ROLES, Role
from judgements.models import EvidenceItem
from retention.job_kinds import DISPOSAL_JOB
from retention.models import Disposal
from retention.services import dispose_expired, place_legal_hold

from .factories import (
    make_data_pack,
    make_evidence,
    make_inspection,
    make_job,
    make_version,
    on,
)

pytestmark = pytest.mark.django_db(transaction=False)

TODAY = date(2026, 11, 30)


@pytest.fixture(autouse=True)
def today(settings):
    settings.RETENTION_ANNEX_A_DAYS = 30
    settings.RETENTION_JOB_FILES_DAYS = 30
    settings.RETENTION_EVIDENCE_DAYS = 30
    settings.RETENTION_DATA_PACKS_DAYS = 30
    settings.RETENTION_AUDIT_TRAIL_DAYS = 3000
    with time_machine.travel(TODAY.isoformat() + " 10:00 +00:00", tick=False):
        yield


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def stored(file) -> Path:
    return Path(django_settings.MEDIA_ROOT) / file.name


@pytest.fixture
def scenario(data_admin_user, manager_user):
    """One record of each kind due, and one of each kept."""
    open_inspection = make_inspection(status=Inspection.Status.ON_SITE, notified_on=days_ago(90))
    held_inspection = make_inspection(status=Inspection.Status.CLOSED, notified_on=days_ago(200))
    place_legal_hold(inspection=held_inspection, reason="Claim", placed_by=manager_user)
    old = make_version(owner=data_admin_user, uploaded_on=days_ago(300))
    held_version = make_version(
        owner=data_admin_user, uploaded_on=days_ago(199), submitted_on=days_ago(198)
    )
    submitted = make_version(
        owner=data_admin_user, uploaded_on=days_ago(89), submitted_on=days_ago(88)
    )
    newest = make_version(owner=data_admin_user, uploaded_on=days_ago(60))
    return {
        "old": old,
        "old_pack": make_data_pack(version=old, owner=data_admin_user, built_on=days_ago(10)),
        "old_job": make_job(owner=data_admin_user, finished_on=days_ago(10), subject=old),
        "held_version": held_version,
        "submitted": submitted,
        "newest": newest,
        "newest_pack": make_data_pack(version=newest, owner=data_admin_user, built_on=days_ago(31)),
        "fresh_pack": make_data_pack(version=newest, owner=data_admin_user, built_on=days_ago(30)),
        "due_job": make_job(owner=data_admin_user, finished_on=days_ago(31)),
        "fresh_job": make_job(owner=data_admin_user, finished_on=days_ago(30)),
        "due_evidence": make_evidence(owner=data_admin_user, added_on=days_ago(31)),
        "held_evidence": make_evidence(
            owner=data_admin_user, added_on=days_ago(150), inspection=held_inspection
        ),
        "open_inspection": open_inspection,
    }


def test_disposal_removes_due_rows_with_their_files_and_keeps_the_rest(
    scenario, data_admin_user, django_capture_on_commit_callbacks
):
    old = scenario["old"]
    gone_files = [
        stored(old.annex_a_import.source),
        stored(scenario["old_pack"].xlsx),
        stored(scenario["old_pack"].pdf),
        stored(scenario["old_job"].result_file),
        stored(scenario["newest_pack"].pdf),
        stored(scenario["due_job"].result_file),
        stored(scenario["due_evidence"].file),
    ]
    kept_files = [
        stored(scenario["held_version"].annex_a_import.source),
        stored(scenario["submitted"].annex_a_import.source),
        stored(scenario["newest"].annex_a_import.source),
        stored(scenario["fresh_pack"].pdf),
        stored(scenario["fresh_job"].result_file),
        stored(scenario["held_evidence"].file),
    ]
    assert all(path.exists() for path in gone_files + kept_files)

    with django_capture_on_commit_callbacks(execute=True):
        disposal = dispose_expired(disposed_by=data_admin_user)

    assert not AnnexAVersion.objects.filter(pk=old.pk).exists()
    assert not AnnexAImport.objects.filter(pk=old.annex_a_import_id).exists()
    assert not AnnexARow.objects.filter(version_id=old.pk).exists()
    assert set(AnnexAVersion.objects.values_list("pk", flat=True)) == {
        scenario["held_version"].pk,
        scenario["submitted"].pk,
        scenario["newest"].pk,
    }
    assert set(DataPack.objects.values_list("pk", flat=True)) == {scenario["fresh_pack"].pk}
    assert set(Job.objects.values_list("pk", flat=True)) == {scenario["fresh_job"].pk}
    assert set(EvidenceItem.objects.values_list("pk", flat=True)) == {scenario["held_evidence"].pk}
    assert not any(path.exists() for path in gone_files)
    assert all(path.exists() for path in kept_files)

    assert disposal.counts == {
        "annex_a_imports": 1,
        "annex_a_versions": 1,
        "data_packs": 2,
        "jobs": 2,
        "evidence_items": 1,
        "audit_entries": 0,
    }
    assert disposal.removed_ids["annex_a_versions"] == [old.pk]
    assert sorted(disposal.removed_ids["data_packs"]) == sorted(
        [scenario["newest_pack"].pk, scenario["old_pack"].pk]
    )
    assert sorted(disposal.removed_ids["jobs"]) == sorted(
        [scenario["due_job"].pk, scenario["old_job"].pk]
    )
    entry = LogEntry.objects.get_for_object(disposal).get()
    assert entry.actor == data_admin_user
    assert entry.additional_data["counts"] == disposal.counts
    assert entry.additional_data["removed_ids"] == disposal.removed_ids
    # Ids and counts only: no file names, no child ids.
    assert "CHILD-1" not in str(entry.additional_data)
    assert "annex-a" not in str(entry.additional_data)


def test_no_row_is_left_pointing_at_a_missing_file(
    scenario, data_admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dispose_expired(disposed_by=data_admin_user)
    media = Path(django_settings.MEDIA_ROOT)
    names = [upload.source.name for upload in AnnexAImport.objects.all()]
    names += [job.result_file.name for job in Job.objects.exclude(result_file="")]
    names += [pack.xlsx.name for pack in DataPack.objects.all()]
    names += [pack.pdf.name for pack in DataPack.objects.all()]
    names += [item.file.name for item in EvidenceItem.objects.exclude(file="")]
    assert names and all((media / name).exists() for name in names)


def test_the_audit_trail_past_its_period_goes_with_its_ids_recorded(
    data_admin_user, settings, django_capture_on_commit_callbacks
):
    settings.RETENTION_AUDIT_TRAIL_DAYS = 10
    inspection = make_inspection(status=Inspection.Status.CLOSED, notified_on=days_ago(3))
    old = list(LogEntry.objects.filter(object_pk=str(inspection.pk)))
    LogEntry.objects.filter(pk__in=[e.pk for e in old]).update(timestamp=on(days_ago(11)))
    with django_capture_on_commit_callbacks(execute=True):
        disposal = dispose_expired(disposed_by=data_admin_user)
    assert disposal.counts["audit_entries"] == len(old)
    assert not LogEntry.objects.filter(pk__in=[e.pk for e in old]).exists()
    first, last = disposal.removed_ids["audit_entries_from_to"]
    assert first == min(e.pk for e in old) and last == max(e.pk for e in old)
    assert LogEntry.objects.get_for_object(disposal).exists()


@pytest.mark.parametrize("role", [*ALL_ROLES, None])
def test_only_a_data_admin_disposes(user_for_role, role, scenario):
    person = user_for_role(role)
    if role == Role.DATA_ADMIN:
        assert dispose_expired(disposed_by=person).total > 0
    else:
        with pytest.raises(PermissionDenied):
            dispose_expired(disposed_by=person)
        assert not Disposal.objects.exists()
        assert AnnexAVersion.objects.filter(pk=scenario["old"].pk).exists()


@pytest.mark.parametrize("role", [*ALL_ROLES, None])
def test_only_a_data_admin_starts_the_disposal_job(user_for_role, role):
    person = user_for_role(role)
    if role == Role.DATA_ADMIN:
        assert start_job(kind=DISPOSAL_JOB, owner=person).status == Job.Status.QUEUED
    else:
        with pytest.raises(PermissionDenied):
            start_job(kind=DISPOSAL_JOB, owner=person)


def test_the_disposal_job_reports_progress_and_records_the_disposal(
    scenario, data_admin_user, django_capture_on_commit_callbacks
):
    from inspection_readiness.tasks import run_job

    with django_capture_on_commit_callbacks(execute=False):
        job = start_job(kind=DISPOSAL_JOB, owner=data_admin_user)
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.progress == 100
    disposal = Disposal.objects.get()
    assert disposal.disposed_by == data_admin_user and disposal.total == 7


def test_the_command_for_schedulers_and_its_dry_run(
    scenario, capsys, django_capture_on_commit_callbacks
):
    call_command("dispose_expired", "--dry-run")
    out = capsys.readouterr().out
    assert "Annex A uploads and versions: 1 due" in out
    assert "Dry run: nothing was removed." in out
    assert AnnexAVersion.objects.filter(pk=scenario["old"].pk).exists()
    assert not Disposal.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("dispose_expired")
    disposal = Disposal.objects.get()
    assert disposal.disposed_by is None and disposal.total == 7
    entry = LogEntry.objects.get_for_object(disposal).get()
    assert "scheduler" in entry.additional_data["event"]
    assert not AnnexAVersion.objects.filter(pk=scenario["old"].pk).exists()
