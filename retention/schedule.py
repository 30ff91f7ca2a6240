"""The council's retention schedule: how long each kind of record is kept, from settings.

Each period is set in days from the environment (``RETENTION_*_DAYS``, listed in the README);
the defaults are a starting point for the council's own schedule, not a legal answer.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone


@dataclass(frozen=True)
class RecordKind:
    code: str
    label: str
    setting: str
    what: str
    measured_from: str


RECORD_KINDS = (
    RecordKind(
        code="annex_a",
        label="Annex A uploads and versions",
        setting="RETENTION_ANNEX_A_DAYS",
        what="Uploaded Annex A files, their findings and the versions made from them, with "
        "their rows.",
        measured_from="the day the file was uploaded",
    ),
    RecordKind(
        code="job_files",
        label="Exports and job files",
        setting="RETENTION_JOB_FILES_DAYS",
        what="Finished background jobs and the files they made: Annex A workbooks, highlighted "
        "copies, cohorts, reports and activity exports.",
        measured_from="the day the job finished",
    ),
    RecordKind(
        code="evidence",
        label="Self-evaluation evidence files",
        setting="RETENTION_EVIDENCE_DAYS",
        what="Files uploaded as evidence for a self-evaluation.",
        measured_from="the day the file was added",
    ),
    RecordKind(
        code="data_packs",
        label="Day 1 data packs",
        setting="RETENTION_DATA_PACKS_DAYS",
        what="Built data packs and their spreadsheet and PDF files.",
        measured_from="the day the pack was built",
    ),
    RecordKind(
        code="audit_trail",
        label="Audit trail",
        setting="RETENTION_AUDIT_TRAIL_DAYS",
        what="The activity log: who changed, viewed, downloaded or removed what, and when.",
        measured_from="the day the activity happened",
    ),
)
KINDS_BY_CODE = {kind.code: kind for kind in RECORD_KINDS}


@dataclass(frozen=True)
class RetentionPeriod:
    kind: RecordKind
    keep_days: int

    @property
    def in_words(self) -> str:
        return period_in_words(self.keep_days)


def retention_schedule() -> list[RetentionPeriod]:
    """Every kind with its period. A period under one day is refused: it would dispose of
    today's work."""
    periods = []
    for kind in RECORD_KINDS:
        keep_days = int(getattr(settings, kind.setting))
        if keep_days < 1:
            raise ImproperlyConfigured(f"{kind.setting} must be at least 1 day.")
        periods.append(RetentionPeriod(kind=kind, keep_days=keep_days))
    return periods


def period_for(code: str) -> RetentionPeriod:
    return next(period for period in retention_schedule() if period.kind.code == code)


def period_in_words(days: int) -> str:
    """'2 years' for 730 days, '90 days' for 90: years where the days are whole years."""
    if days % 365 == 0:
        years = days // 365
        return f"{years} year" if years == 1 else f"{years} years"
    return "1 day" if days == 1 else f"{days:,} days"


def cutoff(*, keep_days: int, today: date | None = None) -> datetime:
    """The first moment still kept: midnight (local time) starting the day ``keep_days``
    before today. Anything made before it is past its retention period."""
    today = today or timezone.localdate()
    return timezone.make_aware(datetime.combine(today - timedelta(days=keep_days), time.min))
