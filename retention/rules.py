"""Whether a record is due for disposal, and what keeps it. Plain values in, plain values out.

A record is *due* once it is more than its retention period old, counted in whole days: a
record made exactly ``keep_days`` days ago is kept until the next day. A due record is still
*kept* while something needs it, in this order of precedence:

1. a legal hold on an inspection it is linked to (nothing linked to a held inspection goes);
2. it is an Annex A version marked as submitted for an inspection that is still open, or
   belongs to one (its upload, its data packs, its jobs);
3. it is the council's newest Annex A version (casework and the data pack are built from it);
4. it is a job that has not finished.
"""

from datetime import date

from django.db import models


class KeptBecause(models.TextChoices):
    LEGAL_HOLD = "legal_hold", "A legal hold is in place on an inspection it is linked to"
    SUBMITTED_FOR_OPEN_INSPECTION = (
        "submitted_for_open_inspection",
        "It was submitted to Ofsted for an inspection that is still open",
    )
    NEWEST_VERSION = (
        "newest_version",
        "It is the newest Annex A version, which casework and the data pack are built from",
    )
    JOB_NOT_FINISHED = "job_not_finished", "The job has not finished"


def is_past_retention(*, made_on: date, today: date, keep_days: int) -> bool:
    """True once more than ``keep_days`` whole days have passed since ``made_on``."""
    return (today - made_on).days > keep_days


def reason_kept(
    *,
    on_legal_hold: bool = False,
    submitted_for_open_inspection: bool = False,
    is_newest_version: bool = False,
    job_not_finished: bool = False,
) -> KeptBecause | None:
    """Why a record past its period is kept, or None when it may be disposed of."""
    if on_legal_hold:
        return KeptBecause.LEGAL_HOLD
    if submitted_for_open_inspection:
        return KeptBecause.SUBMITTED_FOR_OPEN_INSPECTION
    if is_newest_version:
        return KeptBecause.NEWEST_VERSION
    if job_not_finished:
        return KeptBecause.JOB_NOT_FINISHED
    return None
