"""The case-audit workflow: who may edit, submit and moderate an audit, and when it is due.

Assigned, in progress (drafts saved as the auditor types), awaiting moderation, moderated. Staff
edit only audits assigned to them; managers, or a second auditor named on the audit, moderate;
nobody moderates their own audit. Services call these checks inside their transaction, so the
rules hold whichever view or script asks.
"""

from collections.abc import Iterable
from datetime import date

from inspection_readiness.roles import Role
from inspection_readiness.working_days import add_working_days, next_working_day

from .models import CaseAudit

Status = CaseAudit.Status

EDITABLE = frozenset({Status.ASSIGNED, Status.DRAFT})
AUDITOR_ROLES = frozenset({Role.PREPARATION_STAFF, Role.MANAGER})
MODERATOR_ROLES = frozenset({Role.MANAGER})
CANCELLER_ROLES = frozenset({Role.MANAGER})

# The council audits the cases Ofsted picked in the inspection's second week (SIF: "Week Two:
# case file auditing", frameworks.md 7.5). An audit is due at the end of that week.
CASE_AUDIT_STEP = "case-audits"
WORKING_DAYS_TO_END_OF_WEEK_TWO = 10


class AuditError(Exception):
    """The step is not allowed now, or not for this person; the message says why."""


def audit_due_date(*, notified_on: date, case_audit_step_on: date | None = None) -> date:
    """The last working day of week two.

    With a timeline step for the audits (the SIF's), the end of the working week that step
    starts; otherwise the tenth working day after the notification.
    """
    if case_audit_step_on is not None:
        start = case_audit_step_on
        if start.weekday() >= 5:
            start = next_working_day(start)
        end = start
        while True:
            following = next_working_day(end)
            if following.isocalendar()[:2] != start.isocalendar()[:2]:
                return end
            end = following
    return add_working_days(notified_on, WORKING_DAYS_TO_END_OF_WEEK_TWO)


def due_inside_on_site_window(*, due: date, last_on_site_day: date | None) -> date:
    """``due``, or the last day inspectors are on site if that comes first."""
    if last_on_site_day is not None and due > last_on_site_day:
        return last_on_site_day
    return due


def check_due_while_inspectors_are_on_site(
    *, due_date: date, last_on_site_day: date | None, visit_name: str = ""
) -> None:
    """Refuse a due date after inspectors' last day on site: they leave before they can read
    the audit. Due on the last day itself is in time."""
    if last_on_site_day is None or due_date <= last_on_site_day:
        return
    who = f"The {visit_name}" if visit_name else "Inspectors"
    raise AuditError(
        f"{who} {'leaves' if visit_name else 'leave'} on {last_on_site_day:%A %-d %B}; an audit "
        f"due after that is too late for inspectors. Choose a date on or before "
        f"{last_on_site_day:%-d %B %Y}."
    )


def check_can_edit(*, status: str, is_auditor: bool) -> None:
    if not is_auditor:
        raise AuditError("Only the person this audit is assigned to can change it.")
    if status not in EDITABLE:
        raise AuditError(
            "This audit has been submitted, so it can no longer be changed."
            if status == Status.SUBMITTED
            else "This audit has been moderated and is kept as a record."
        )


def check_can_moderate(
    *, status: str, is_auditor: bool, is_named_moderator: bool, roles: Iterable[Role]
) -> None:
    if is_auditor:
        raise AuditError("You cannot moderate your own audit. Ask a manager or second auditor.")
    if not (is_named_moderator or MODERATOR_ROLES & set(roles)):
        raise AuditError("Only a manager, or the second auditor named on it, can moderate this.")
    if status != Status.SUBMITTED:
        raise AuditError(
            "This audit has already been moderated."
            if status == Status.MODERATED
            else "This audit has not been submitted yet, so it cannot be moderated."
        )


def check_can_send_back(
    *, status: str, is_auditor: bool, is_named_moderator: bool, roles: Iterable[Role]
) -> None:
    """Those who may moderate an audit may instead send it back to its auditor, with a comment,
    while it awaits moderation."""
    if is_auditor:
        raise AuditError("You cannot send back your own audit.")
    if not (is_named_moderator or MODERATOR_ROLES & set(roles)):
        raise AuditError("Only a manager, or the second auditor named on it, can send it back.")
    if status != Status.SUBMITTED:
        raise AuditError(
            "This audit has been moderated and is kept as a record, so it cannot be sent back."
            if status == Status.MODERATED
            else "This audit is with its auditor already: it has not been submitted."
        )


def check_can_cancel(*, status: str, roles: Iterable[Role]) -> None:
    """A manager may cancel an audit until it is submitted; after that it is a record."""
    if not CANCELLER_ROLES & set(roles):
        raise AuditError("Only a manager can cancel a case audit.")
    if status not in EDITABLE:
        raise AuditError(
            "This audit has been submitted, so it is kept as a record and cannot be cancelled."
            if status == Status.SUBMITTED
            else "This audit has been moderated, so it is kept as a record and cannot be cancelled."
        )


def missing_answers(answers: Iterable[tuple[str, object, str]]) -> list[str]:
    """The sections (by title) still without a grade or a narrative, for the submit check."""
    return [title for title, grade, narrative in answers if grade is None or not narrative.strip()]
