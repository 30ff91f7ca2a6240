"""Sending the service's emails about work, and each person's choice of which to get.

Emails are plain text and never name a child: they say what kind of work it is and link to
the page where it is done. An email is sent once the change that caused it is committed, and
a failure to send is logged and recorded, never raised into the request that caused it.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string

from inspection_readiness.audit import record_event
from inspection_readiness.roles import ALL_ROLES, check_role

from .kinds import Kind
from .models import SentEmail, SwitchedOff

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    kind: Kind
    subject: str
    sentence: str  # what happened, in one plain sentence with no child's details
    path: str  # the page where the work is done
    reminder_key: str = ""  # for reminders: the item and due time, so each goes only once
    # Several of the same group made in one transaction (ten audits assigned at once) go as
    # one email: the subject with {count} filled in, and a link to the list of them.
    group: str = ""
    group_subject: str = ""
    group_path: str = ""

    def for_several(self, count: int) -> "Message":
        subject = self.group_subject.format(count=count)
        return Message(
            kind=self.kind, subject=subject, sentence=f"{subject}.", path=self.group_path
        )


def wants(person: AbstractBaseUser, kind: Kind) -> bool:
    return not SwitchedOff.objects.filter(person=person, kind=kind).exists()


def notify(recipient: AbstractBaseUser | None, message: Message) -> None:
    """Send ``message`` to ``recipient`` once the current transaction commits."""
    if recipient is None:
        return
    if not message.group:
        transaction.on_commit(lambda: _deliver_safely(recipient, message))
        return
    connection = transaction.get_connection()
    batches = connection.__dict__.setdefault("_notification_batches", {})
    key = (recipient.pk, message.group)
    batch = batches.get(key)
    # A batch whose send is no longer waiting (its transaction committed or rolled back) is over.
    if batch and any(entry[1] is batch["send"] for entry in connection.run_on_commit):
        batch["messages"].append(message)
        return

    def send() -> None:
        messages = batches.pop(key)["messages"]
        one = messages[0] if len(messages) == 1 else message.for_several(len(messages))
        _deliver_safely(recipient, one)

    batches[key] = {"send": send, "messages": [message]}
    transaction.on_commit(send)


def _deliver_safely(recipient: AbstractBaseUser, message: Message) -> None:
    try:
        deliver(recipient=recipient, message=message)
    except Exception:  # an email must never break the change that caused it
        logger.exception("Could not send the %s email to person %s", message.kind, recipient.pk)


def deliver(*, recipient: AbstractBaseUser, message: Message) -> SentEmail | None:
    """Send now, unless the person cannot or does not want to get it, or has had this reminder.
    Returns the record of what was sent, or None if nothing was."""
    if not recipient.is_active or not recipient.email or not wants(recipient, message.kind):
        return None
    try:
        with transaction.atomic():
            sent = SentEmail.objects.create(
                recipient=recipient,
                kind=message.kind,
                subject=message.subject,
                link=message.path,
                reminder_key=message.reminder_key,
            )
    except IntegrityError:  # this reminder has already gone to this person
        return None
    body = render_to_string(
        "notifications/email.txt",
        {
            "recipient": recipient,
            "sentence": message.sentence,
            "link": settings.SERVICE_URL.rstrip("/") + message.path,
            "settings_link": settings.SERVICE_URL.rstrip("/") + "/account/notifications/",
            "service_name": settings.SERVICE_NAME,
            "council_name": settings.COUNCIL_NAME,
        },
    )
    try:
        send_mail(message.subject, body, None, [recipient.email])
    except OSError:  # connection refused, timed out, or refused by the server
        logger.exception("Email was not working: the %s email was not sent", message.kind)
        return sent
    sent.delivered = True
    sent.save(update_fields=["delivered"])
    return sent


@transaction.atomic
def set_switch(*, person: AbstractBaseUser, kind: Kind, on: bool, actor: AbstractBaseUser) -> None:
    """Switch one kind of email on or off for ``person``: only they may."""
    check_role(actor, ALL_ROLES, to="change email notifications")
    if actor.pk != person.pk:
        raise PermissionDenied("Only the person themselves can change which emails they get.")
    if on:
        changed, _ = SwitchedOff.objects.filter(person=person, kind=kind).delete()
    else:
        _, changed = SwitchedOff.objects.get_or_create(person=person, kind=kind)
    if changed:
        record_event(
            actor=actor,
            obj=person,
            description=f"Switched {'on' if on else 'off'} emails: {kind.label.lower()}",
            details={"notification_kind": str(kind), "on": on},
        )


def switched_off(person: AbstractBaseUser) -> set[str]:
    return set(SwitchedOff.objects.filter(person=person).values_list("kind", flat=True))


def recent_emails(person: AbstractBaseUser, *, since: datetime) -> QuerySet[SentEmail]:
    return SentEmail.objects.filter(recipient=person, sent_at__gte=since)[:50]
