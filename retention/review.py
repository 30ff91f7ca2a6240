"""What falls due under the retention schedule, kind by kind, and what is kept and why.

``review_retention`` is read by the retention page, the dry run and the disposal itself, so
the page shows exactly what disposal would remove.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from auditlog.models import LogEntry
from django.db.models import Count, Max, Min
from django.utils import timezone

from annex_a.models import AnnexAImport, AnnexAVersion
from datapack.models import DataPack
from inspection_readiness.models import Job
from judgements.models import EvidenceItem

from . import links
from .rules import KeptBecause, reason_kept
from .schedule import RetentionPeriod, cutoff, retention_schedule

UNFINISHED_JOBS = (Job.Status.QUEUED, Job.Status.RUNNING)
UNFINISHED_IMPORTS = (AnnexAImport.Status.QUEUED, AnnexAImport.Status.CHECKING)


@dataclass
class KindReview:
    """One kind of record past its retention period: what is due, and what is kept and why."""

    period: RetentionPeriod
    due_ids: list[int] = field(default_factory=list)
    due_count: int = 0
    oldest_due: datetime | None = None
    kept: Counter = field(default_factory=Counter)

    @property
    def kept_reasons(self) -> list[tuple[str, int]]:
        return [(KeptBecause(reason).label, count) for reason, count in self.kept.items()]

    def add(self, *, pk: int, made_at: datetime, kept_because: KeptBecause | None) -> None:
        if kept_because is not None:
            self.kept[kept_because] += 1
            return
        self.due_ids.append(pk)
        self.due_count += 1
        if self.oldest_due is None or made_at < self.oldest_due:
            self.oldest_due = made_at


@dataclass(frozen=True)
class Protection:
    """What keeps records linked to inspections: legal holds, and submissions for inspections
    still open."""

    held: links.Linked
    submitted_open: links.Linked
    any_hold: bool

    @classmethod
    def now(cls) -> "Protection":
        held_ids = links.held_inspection_ids()
        open_linked = links.linked_to(links.open_inspection_ids())
        # Only a submitted version (with its upload, packs and jobs) is kept for being open.
        submitted_open = links.Linked(
            version_ids=open_linked.version_ids,
            import_ids=open_linked.import_ids,
            data_pack_ids=open_linked.data_pack_ids,
        )
        return cls(
            held=links.linked_to(held_ids), submitted_open=submitted_open, any_hold=bool(held_ids)
        )


def review_retention(
    *, today: date | None = None, kinds: set[str] | None = None
) -> list[KindReview]:
    """Every kind in the schedule (or those in ``kinds``), reviewed as of ``today``."""
    today = today or timezone.localdate()
    protection = Protection.now()
    reviews = []
    for period in retention_schedule():
        if kinds is not None and period.kind.code not in kinds:
            continue
        review = KindReview(period=period)
        before = cutoff(keep_days=period.keep_days, today=today)
        REVIEWERS[period.kind.code](review, before=before, protection=protection)
        reviews.append(review)
    return reviews


def _review_annex_a(review: KindReview, *, before: datetime, protection: Protection) -> None:
    newest = set(
        AnnexAVersion.objects.values("council_id")
        .annotate(newest=Max("number"))
        .values_list("council_id", "newest")
    )
    imports = AnnexAImport.objects.filter(uploaded_at__lt=before).select_related("version")
    for upload in imports.order_by("uploaded_at", "pk"):
        version = getattr(upload, "version", None)
        review.add(
            pk=upload.pk,
            made_at=upload.uploaded_at,
            kept_because=reason_kept(
                on_legal_hold=upload.pk in protection.held.import_ids,
                submitted_for_open_inspection=upload.pk in protection.submitted_open.import_ids,
                is_newest_version=version is not None
                and (version.council_id, version.number) in newest,
                job_not_finished=upload.status in UNFINISHED_IMPORTS,
            ),
        )


def _review_job_files(review: KindReview, *, before: datetime, protection: Protection) -> None:
    jobs = Job.objects.filter(created_at__lt=before).only(
        "pk", "status", "created_at", "finished_at", "subject_type_id", "subject_id"
    )
    for job in jobs.order_by("created_at", "pk"):
        finished_at = job.finished_at or job.created_at
        if job.status not in UNFINISHED_JOBS and finished_at >= before:
            continue  # finished inside its period
        review.add(
            pk=job.pk,
            made_at=finished_at,
            kept_because=reason_kept(
                on_legal_hold=protection.held.holds_job_subject(
                    job.subject_type_id, job.subject_id
                ),
                submitted_for_open_inspection=protection.submitted_open.holds_job_subject(
                    job.subject_type_id, job.subject_id
                ),
                job_not_finished=job.status in UNFINISHED_JOBS,
            ),
        )


def _review_evidence(review: KindReview, *, before: datetime, protection: Protection) -> None:
    items = EvidenceItem.objects.filter(kind=EvidenceItem.Kind.FILE, added_at__lt=before)
    for item in items.only("pk", "added_at").order_by("added_at", "pk"):
        review.add(
            pk=item.pk,
            made_at=item.added_at,
            kept_because=reason_kept(on_legal_hold=item.pk in protection.held.evidence_ids),
        )


def _review_data_packs(review: KindReview, *, before: datetime, protection: Protection) -> None:
    packs = DataPack.objects.filter(built_at__lt=before).only("pk", "built_at")
    for pack in packs.order_by("built_at", "pk"):
        review.add(
            pk=pack.pk,
            made_at=pack.built_at,
            kept_because=reason_kept(
                on_legal_hold=pack.pk in protection.held.data_pack_ids,
                submitted_for_open_inspection=pack.pk in protection.submitted_open.data_pack_ids,
            ),
        )


def _review_audit_trail(review: KindReview, *, before: datetime, protection: Protection) -> None:
    """Entries are counted, not listed (there may be millions). While any legal hold is in
    place the whole trail is kept: it records what happened across every inspection."""
    entries = LogEntry.objects.filter(timestamp__lt=before)
    summary = entries.aggregate(oldest=Min("timestamp"), count=Count("pk"))
    if not summary["count"]:
        return
    if protection.any_hold:
        review.kept[KeptBecause.LEGAL_HOLD] += summary["count"]
        return
    review.due_count = summary["count"]
    review.oldest_due = summary["oldest"]


REVIEWERS = {
    "annex_a": _review_annex_a,
    "job_files": _review_job_files,
    "evidence": _review_evidence,
    "data_packs": _review_data_packs,
    "audit_trail": _review_audit_trail,
}
