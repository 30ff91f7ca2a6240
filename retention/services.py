"""The writes: disposing of records past their retention period, and legal holds.

Disposal deletes rows in a transaction and their files only once it has committed, so a row
never points at a missing file; a file whose deletion fails is logged and left behind, never
a row. What went is recorded as a ``Disposal`` and in the audit trail: counts and ids only.
"""

import logging
from collections.abc import Callable

from auditlog.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Max, Min
from django.utils import timezone

from annex_a.models import AnnexAImport, AnnexARow, AnnexAVersion
from datapack.models import DataPack
from frameworks.models import Inspection
from inspection_readiness.audit import record_event
from inspection_readiness.models import Job
from inspection_readiness.roles import Role, check_role
from judgements.models import EvidenceItem

from .models import Disposal, LegalHold
from .review import review_retention
from .schedule import RECORD_KINDS

logger = logging.getLogger(__name__)

DISPOSERS = (Role.DATA_ADMIN,)
HOLDERS = (Role.MANAGER, Role.DATA_ADMIN)

# Jobs and packs first, so that what an upload takes with it is counted under its own kind
# only when it was not already due; the audit trail last, after this run's own entries.
DISPOSAL_ORDER = ("job_files", "data_packs", "evidence", "annex_a", "audit_trail")


# What a disposal counts, by the key its ids are recorded under (audit entries by their count).
COUNTED = ("annex_a_imports", "annex_a_versions", "data_packs", "jobs", "evidence_items")


class _Removal:
    """What one run removes: ids by kind, and the files to delete once it has committed."""

    def __init__(self) -> None:
        self.ids: dict[str, list[int]] = {}
        self.files: list[str] = []
        self.audit_entries = 0

    def note(self, key: str, pks: list[int]) -> None:
        if pks:
            self.ids.setdefault(key, []).extend(pks)

    def note_files(self, *files: models.fields.files.FieldFile) -> None:
        self.files.extend(file.name for file in files if file and file.name)


def dispose_expired(
    *,
    disposed_by: AbstractBaseUser | None,
    by_scheduler: bool = False,
    report: Callable[[int, str], None] | None = None,
) -> Disposal:
    """Remove every record past its retention period that nothing keeps, and record it.

    A person must be a data admin; the council's scheduler (``manage.py dispose_expired``)
    passes ``by_scheduler=True`` and no person.
    """
    if not by_scheduler:
        check_role(disposed_by, DISPOSERS, to="dispose of records past their retention period")
    report = report or (lambda percent, message: None)
    started_at = timezone.now()
    removal = _Removal()
    for step, code in enumerate(DISPOSAL_ORDER):
        label = next(kind.label for kind in RECORD_KINDS if kind.code == code)
        report(5 + step * 90 // len(DISPOSAL_ORDER), f"Removing {label.lower()}.")
        with transaction.atomic():
            # Reviewed again inside the transaction, so a hold placed since is respected.
            (review,) = review_retention(kinds={code})
            DISPOSERS_BY_KIND[code](review, removal)
            files = list(removal.files)
            removal.files.clear()
            transaction.on_commit(lambda files=files: _delete_files(files))
    counts = {key: len(removal.ids.get(key, [])) for key in COUNTED}
    counts["audit_entries"] = removal.audit_entries
    with transaction.atomic():
        disposal = Disposal.objects.create(
            disposed_by=disposed_by,
            started_at=started_at,
            finished_at=timezone.now(),
            counts=counts,
            removed_ids=removal.ids,
        )
        record_event(
            actor=disposed_by,
            obj=disposal,
            action=LogEntry.Action.DELETE,
            description=f"Disposed of {disposal.total:,} records past their retention period"
            + (" (run by the council's scheduler)" if by_scheduler else ""),
            details={"counts": counts, "removed_ids": removal.ids},
        )
    report(100, f"Removed {disposal.total:,} records past their retention period.")
    return disposal


def _delete_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.exception("Could not delete the disposed file %s", name)


def _remove_jobs(jobs: models.QuerySet, removal: _Removal) -> list[int]:
    jobs = list(jobs.only("pk", "result_file"))
    removal.note_files(*(job.result_file for job in jobs))
    pks = [job.pk for job in jobs]
    Job.objects.filter(pk__in=pks).delete()
    return pks


def _remove_packs(packs: models.QuerySet, removal: _Removal) -> list[int]:
    packs = list(packs.only("pk", "xlsx", "pdf"))
    for pack in packs:
        removal.note_files(pack.xlsx, pack.pdf)
    pks = [pack.pk for pack in packs]
    for pack in DataPack.objects.filter(pk__in=pks):
        pack.delete()  # one by one, so the audit trail records each
    return pks


def _dispose_job_files(review, removal: _Removal) -> None:
    pks = _remove_jobs(Job.objects.filter(pk__in=review.due_ids), removal)
    removal.note("jobs", pks)


def _dispose_data_packs(review, removal: _Removal) -> None:
    pks = _remove_packs(DataPack.objects.filter(pk__in=review.due_ids), removal)
    removal.note("data_packs", pks)


def _dispose_evidence(review, removal: _Removal) -> None:
    items = list(EvidenceItem.objects.filter(pk__in=review.due_ids))
    for item in items:
        removal.note_files(item.file)
        item.delete()
    removal.note("evidence_items", [item.pk for item in items])


def _dispose_annex_a(review, removal: _Removal) -> None:
    """Each upload with its version: the version's rows, data packs and the jobs about either
    go with it."""
    uploads = AnnexAImport.objects.filter(pk__in=review.due_ids).select_related("version")
    type_of_import = ContentType.objects.get_for_model(AnnexAImport)
    type_of_version = ContentType.objects.get_for_model(AnnexAVersion)
    removed_imports, removed_versions = [], []
    for upload in uploads:
        version = getattr(upload, "version", None)
        about = models.Q(subject_type=type_of_import, subject_id=upload.pk)
        if version is not None:
            about |= models.Q(subject_type=type_of_version, subject_id=version.pk)
            removal.note("data_packs", _remove_packs(version.data_packs.all(), removal))
            # Rows are not audited one by one: one query, not one per row.
            AnnexARow.objects.filter(version=version).delete()
            removed_versions.append(version.pk)
            version.delete()
        removal.note("jobs", _remove_jobs(Job.objects.filter(about), removal))
        removal.note_files(upload.source)
        removed_imports.append(upload.pk)
        upload.delete()
    removal.note("annex_a_imports", removed_imports)
    removal.note("annex_a_versions", removed_versions)


def _dispose_audit_trail(review, removal: _Removal) -> None:
    """By age, counted: the ids are recorded as the first and last removed."""
    if not review.due_count:
        return
    from .schedule import cutoff

    entries = LogEntry.objects.filter(timestamp__lt=cutoff(keep_days=review.period.keep_days))
    span = entries.aggregate(first=Min("pk"), last=Max("pk"))
    count, _ = entries.delete()
    if count:
        removal.audit_entries = count
        removal.ids["audit_entries_from_to"] = [span["first"], span["last"]]


DISPOSERS_BY_KIND = {
    "job_files": _dispose_job_files,
    "data_packs": _dispose_data_packs,
    "evidence": _dispose_evidence,
    "annex_a": _dispose_annex_a,
    "audit_trail": _dispose_audit_trail,
}


def place_legal_hold(
    *, inspection: Inspection, reason: str, placed_by: AbstractBaseUser
) -> LegalHold:
    """Stop disposal of everything linked to ``inspection`` until the hold is lifted."""
    check_role(placed_by, HOLDERS, to="place a legal hold")
    reason = reason.strip()
    if not reason:
        raise ValidationError("Enter why the records must be kept")
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if LegalHold.objects.filter(inspection=inspection, lifted_at__isnull=True).exists():
            raise ValidationError("A legal hold is already in place on this inspection")
        hold = LegalHold.objects.create(
            inspection=inspection, reason=reason, placed_by=placed_by, placed_at=timezone.now()
        )
        record_event(
            actor=placed_by,
            obj=inspection,
            description="Placed a legal hold: nothing linked to this inspection will be "
            "disposed of until it is lifted",
            details={"legal_hold_id": hold.pk},
        )
    return hold


def lift_legal_hold(*, hold: LegalHold, reason: str, lifted_by: AbstractBaseUser) -> LegalHold:
    """End a hold: its inspection's records fall under the retention schedule again."""
    check_role(lifted_by, HOLDERS, to="lift a legal hold")
    reason = reason.strip()
    if not reason:
        raise ValidationError("Enter why the hold can be lifted")
    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if not hold.is_in_place:
            raise ValidationError("This legal hold has already been lifted")
        hold.lifted_at = timezone.now()
        hold.lifted_by = lifted_by
        hold.lift_reason = reason
        hold.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        record_event(
            actor=lifted_by,
            obj=hold.inspection,
            description="Lifted the legal hold: this inspection's records follow the retention "
            "schedule again",
            details={"legal_hold_id": hold.pk},
        )
    return hold
