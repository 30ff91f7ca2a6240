"""Sending a submitted audit back to its auditor with a comment, instead of moderating it.

The auditor reads the comment on the audit, changes it and submits it again; the comment and
who sent it back stay in the audit's history.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from inspection_readiness.audit import record_event
from inspection_readiness.roles import Role, check_role, roles_of

from . import audits
from .models import CaseAudit

# Managers, and preparation staff named as an audit's second auditor (the rule checks which).
SENDERS = (Role.MANAGER, Role.PREPARATION_STAFF)


def send_back_audit(*, audit: CaseAudit, comment: str, sent_by: AbstractBaseUser) -> CaseAudit:
    """Return the audit to its auditor, in progress again, with what to change."""
    check_role(sent_by, SENDERS, to="send an audit back")
    comment = comment.strip()
    if not comment:
        raise audits.AuditError("Say what the auditor should change.")
    with transaction.atomic():
        audit = CaseAudit.objects.select_for_update().select_related("child").get(pk=audit.pk)
        audits.check_can_send_back(
            status=audit.status,
            is_auditor=audit.auditor_id == sent_by.pk,
            is_named_moderator=audit.moderator_id == sent_by.pk,
            roles=roles_of(sent_by),
        )
        audit.status = CaseAudit.Status.DRAFT
        audit.sent_back_comment = comment
        audit.sent_back_by = sent_by
        audit.sent_back_at = timezone.now()
        audit.save(update_fields=["status", "sent_back_comment", "sent_back_by", "sent_back_at"])
        record_event(
            actor=sent_by,
            obj=audit,
            description=f"Sent back to its auditor: {comment}",
        )
    return audit
