"""What falls due and what is kept, kind by kind, at the boundaries: exactly at the period
against one day past it, a version submitted for an open inspection, and a legal hold."""

from datetime import date, timedelta

import pytest
import time_machine

from frameworks.models import Inspection
from inspection_readiness.models import Job
from retention.review import review_retention
from retention.rules import KeptBecause
from retention.services import place_legal_hold

from .factories import (
    make_data_pack,
    make_evidence,
    make_inspection,
    make_job,
    make_version,
    on,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY.isoformat() + " 10:00 +00:00", tick=False):
        yield


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def review_of(code: str):
    (review,) = review_retention(kinds={code})
    return review


def test_annex_a_exactly_at_the_period_is_kept_and_a_day_past_is_due(settings, data_admin_user):
    settings.RETENTION_ANNEX_A_DAYS = 730
    past = make_version(owner=data_admin_user, uploaded_on=days_ago(731))
    at = make_version(owner=data_admin_user, uploaded_on=days_ago(730))
    make_version(owner=data_admin_user, uploaded_on=days_ago(1))  # the newest
    review = review_of("annex_a")
    assert review.due_ids == [past.annex_a_import_id]
    assert at.annex_a_import_id not in review.due_ids
    assert review.oldest_due.date() == days_ago(731)
    assert not review.kept


@pytest.mark.parametrize(
    ("inspection_status", "held", "kept_because"),
    [
        (Inspection.Status.ON_SITE, False, KeptBecause.SUBMITTED_FOR_OPEN_INSPECTION),
        (Inspection.Status.REPORTING, False, KeptBecause.SUBMITTED_FOR_OPEN_INSPECTION),
        (Inspection.Status.CLOSED, False, None),
        (Inspection.Status.CLOSED, True, KeptBecause.LEGAL_HOLD),
        (Inspection.Status.ON_SITE, True, KeptBecause.LEGAL_HOLD),
    ],
)
def test_a_submitted_version_past_its_period(
    settings, data_admin_user, manager_user, inspection_status, held, kept_because
):
    settings.RETENTION_ANNEX_A_DAYS = 30
    inspection = make_inspection(status=inspection_status, notified_on=days_ago(40))
    submitted = make_version(
        owner=data_admin_user, uploaded_on=days_ago(39), submitted_on=days_ago(38)
    )
    make_version(owner=data_admin_user, uploaded_on=days_ago(2))  # the newest
    if held:
        place_legal_hold(inspection=inspection, reason="Court proceedings", placed_by=manager_user)
    review = review_of("annex_a")
    if kept_because is None:
        assert review.due_ids == [submitted.annex_a_import_id]
    else:
        assert review.due_ids == []
        assert review.kept == {kept_because: 1}


def test_a_submitted_version_is_linked_to_the_inspection_called_before_it(
    settings, data_admin_user
):
    """Not to an open inspection called after it was submitted."""
    settings.RETENTION_ANNEX_A_DAYS = 30
    submitted = make_version(
        owner=data_admin_user, uploaded_on=days_ago(60), submitted_on=days_ago(59)
    )
    make_inspection(status=Inspection.Status.CLOSED, notified_on=days_ago(61))
    make_inspection(status=Inspection.Status.ON_SITE, notified_on=days_ago(5))
    make_version(owner=data_admin_user, uploaded_on=days_ago(2))
    assert review_of("annex_a").due_ids == [submitted.annex_a_import_id]


def test_the_newest_version_is_kept_however_old(settings, data_admin_user):
    settings.RETENTION_ANNEX_A_DAYS = 30
    only = make_version(owner=data_admin_user, uploaded_on=days_ago(400))
    review = review_of("annex_a")
    assert review.due_ids == [] and review.kept == {KeptBecause.NEWEST_VERSION: 1}
    assert only.annex_a_import_id


def test_job_files_at_the_boundary_and_unfinished(settings, data_admin_user):
    settings.RETENTION_JOB_FILES_DAYS = 90
    past = make_job(owner=data_admin_user, finished_on=days_ago(91))
    make_job(owner=data_admin_user, finished_on=days_ago(90))
    make_job(owner=data_admin_user, finished_on=days_ago(200), status=Job.Status.RUNNING)
    review = review_of("job_files")
    assert review.due_ids == [past.pk]
    assert review.kept == {KeptBecause.JOB_NOT_FINISHED: 1}


def test_a_job_about_a_submitted_version_of_an_open_inspection_is_kept(settings, data_admin_user):
    settings.RETENTION_JOB_FILES_DAYS = 90
    make_inspection(status=Inspection.Status.ON_SITE, notified_on=days_ago(150))
    version = make_version(
        owner=data_admin_user, uploaded_on=days_ago(149), submitted_on=days_ago(148)
    )
    make_job(owner=data_admin_user, finished_on=days_ago(100), subject=version)
    review = review_of("job_files")
    assert review.due_ids == []
    assert review.kept == {KeptBecause.SUBMITTED_FOR_OPEN_INSPECTION: 1}


def test_data_packs_at_the_boundary_and_under_a_legal_hold(settings, data_admin_user, manager_user):
    settings.RETENTION_DATA_PACKS_DAYS = 365
    inspection = make_inspection(status=Inspection.Status.CLOSED, notified_on=days_ago(500))
    submitted = make_version(
        owner=data_admin_user, uploaded_on=days_ago(499), submitted_on=days_ago(498)
    )
    other = make_version(owner=data_admin_user, uploaded_on=days_ago(400))
    held_pack = make_data_pack(version=submitted, owner=data_admin_user, built_on=days_ago(498))
    past = make_data_pack(version=other, owner=data_admin_user, built_on=days_ago(366))
    make_data_pack(version=other, owner=data_admin_user, built_on=days_ago(365))
    place_legal_hold(inspection=inspection, reason="Complaint", placed_by=manager_user)
    review = review_of("data_packs")
    assert review.due_ids == [past.pk]
    assert review.kept == {KeptBecause.LEGAL_HOLD: 1}
    assert held_pack.pk not in review.due_ids


def test_evidence_at_the_boundary_and_under_a_legal_hold(settings, data_admin_user, manager_user):
    settings.RETENTION_EVIDENCE_DAYS = 1095
    inspection = make_inspection(status=Inspection.Status.CLOSED, notified_on=days_ago(1500))
    past = make_evidence(owner=data_admin_user, added_on=days_ago(1096))
    make_evidence(owner=data_admin_user, added_on=days_ago(1095))
    make_evidence(owner=data_admin_user, added_on=days_ago(1400), inspection=inspection)
    place_legal_hold(inspection=inspection, reason="Claim", placed_by=manager_user)
    review = review_of("evidence")
    assert review.due_ids == [past.pk]
    assert review.kept == {KeptBecause.LEGAL_HOLD: 1}


def test_the_audit_trail_is_counted_and_kept_whole_under_any_legal_hold(
    settings, data_admin_user, manager_user
):
    from auditlog.models import LogEntry

    settings.RETENTION_AUDIT_TRAIL_DAYS = 10
    inspection = make_inspection(status=Inspection.Status.CLOSED, notified_on=days_ago(3))
    entries = LogEntry.objects.filter(object_pk=str(inspection.pk))
    entries.update(timestamp=on(days_ago(11)))
    count = LogEntry.objects.filter(timestamp__lt=on(days_ago(10), 0)).count()
    assert count >= 1
    assert review_of("audit_trail").due_count == count
    place_legal_hold(inspection=inspection, reason="Claim", placed_by=manager_user)
    review = review_of("audit_trail")
    assert review.due_count == 0 and review.kept == {KeptBecause.LEGAL_HOLD: count}
