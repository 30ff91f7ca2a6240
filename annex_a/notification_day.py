"""Notification-day guard rails: an as-at date that looks wrong is questioned before import.

Ofsted asks for Annex A as the lists stood when the lead inspector called, so a date well
before that call, after it, or older than the council's newest version is most often a typing
slip (a year out, day and month swapped) or last month's extract picked by mistake. None of
these is refused: each is questioned with the reason, and the data admin chooses knowingly;
the choice is recorded in the audit trail of the upload.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from frameworks.models import Inspection
from inspection_readiness.audit import record_event
from inspection_readiness.models import Council
from inspection_readiness.roles import Role, check_role

from .models import AnnexAImport, AnnexAVersion

# An extract run up to a week before the call (a council refreshing its lists weekly, a
# rehearsal planned ahead) is usual; more than that is questioned.
DAYS_BEFORE_NOTIFICATION_WITHOUT_QUESTION = 7
# An inspection notified this long ago, and not closed, is still the one being prepared for:
# its notification week, the weeks on site and the reporting time.
INSPECTION_CURRENT_FOR_DAYS = 42


def _day(value: date) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


def current_inspection(council: Council, *, today: date | None = None) -> Inspection | None:
    """The inspection (or rehearsal) the council is preparing for now: the latest one notified
    in the last ``INSPECTION_CURRENT_FOR_DAYS`` days that is not closed."""
    today = today or timezone.localdate()
    since = today - timedelta(days=INSPECTION_CURRENT_FOR_DAYS)
    candidates = (
        Inspection.objects.filter(council=council)
        .exclude(status=Inspection.Status.CLOSED)
        .select_related("framework")
        .order_by("-notified_at", "-pk")
    )
    for inspection in candidates:
        notified = timezone.localdate(inspection.notified_at)
        if since <= notified <= today:
            return inspection
        if notified < since:
            break
    return None


def as_at_questions(*, council: Council, as_at: date, today: date | None = None) -> list[str]:
    """Why ``as_at`` may be wrong, in plain sentences; empty when nothing looks wrong."""
    questions = []
    inspection = current_inspection(council, today=today)
    if inspection is not None:
        what = "rehearsal" if inspection.is_rehearsal else "inspection"
        notified = timezone.localdate(inspection.notified_at)
        before = (notified - as_at).days
        if before > DAYS_BEFORE_NOTIFICATION_WITHOUT_QUESTION:
            questions.append(
                f"The as-at date is {_days(before)} before the {what} was notified on "
                f"{_day(notified)}. Ofsted asks for the lists as they stood on the day of the call."
            )
        elif before < 0:
            questions.append(
                f"The as-at date is {_days(-before)} after the {what} was notified on "
                f"{_day(notified)}. Ofsted asks for the lists as they stood on the day of the call."
            )
    latest = AnnexAVersion.objects.filter(council=council).order_by("-number").first()
    if latest is not None and as_at < latest.as_at:
        questions.append(
            f"The as-at date is older than version {latest.number}'s ({_day(latest.as_at)}), "
            "so the new version would hold older lists than the one before it."
        )
    return questions


def record_as_at_choice(
    *, annex_a_import: AnnexAImport, chosen_by: AbstractBaseUser, questions: list[str]
) -> None:
    """Record that the data admin kept a questioned as-at date knowingly."""
    check_role(chosen_by, [Role.DATA_ADMIN], to="upload Annex A")
    record_event(
        actor=chosen_by,
        obj=annex_a_import,
        description=f"Chose the as-at date {annex_a_import.as_at:%d/%m/%Y} after being asked "
        "to check it",
        details={"questions": questions},
    )
