"""Hooks into the other apps: an email when work is assigned, sent for review or returned.

Each watched model's row is read before it is saved (only when a watched field may change),
so the change itself, whichever service made it, decides what is sent. Emails go on commit.
"""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from casework.models import CaseAudit
from inspections.models import ChecklistItem, InspectorRequest
from judgements.models import AnnualSelfEvaluation, SelfEvaluation

from . import work
from .services import notify

WATCHED = {
    ChecklistItem: ("owner_id",),
    InspectorRequest: ("owner_id",),
    CaseAudit: ("auditor_id", "status"),
    SelfEvaluation: ("status",),
    AnnualSelfEvaluation: ("status",),
}


def _before(sender, instance, update_fields) -> dict | None:
    fields = WATCHED[sender]
    if instance.pk is None or instance._state.adding:
        return None
    if update_fields is not None and not {f.removesuffix("_id") for f in fields} & {
        f.removesuffix("_id") for f in update_fields
    }:
        return {field: getattr(instance, field) for field in fields}  # nothing watched changes
    return sender.objects.filter(pk=instance.pk).values(*fields).first()


@receiver(pre_save)
def remember_before(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    if sender in WATCHED and not raw:  # rows loaded from a fixture are nobody's new work
        instance._notifications_before = _before(sender, instance, update_fields)


def _changed(instance, field: str, created: bool) -> bool:
    if not hasattr(instance, "_notifications_before"):  # loaded from a fixture
        return False
    before = instance._notifications_before
    if created or before is None:
        return True
    return before.get(field) != getattr(instance, field)


@receiver(post_save, sender=ChecklistItem)
def checklist_item_assigned(sender, instance, created, **kwargs) -> None:
    if instance.owner_id and _changed(instance, "owner_id", created):
        notify(instance.owner, work.checklist_work(instance).assigned())


@receiver(post_save, sender=InspectorRequest)
def request_assigned(sender, instance, created, **kwargs) -> None:
    if instance.owner_id and _changed(instance, "owner_id", created):
        notify(instance.owner, work.request_work(instance).assigned())


@receiver(post_save, sender=CaseAudit)
def audit_changed(sender, instance, created, **kwargs) -> None:
    if _changed(instance, "auditor_id", created):
        notify(instance.auditor, work.audit_work(instance).assigned())
    if created or not _changed(instance, "status", created):
        return
    before = instance._notifications_before["status"]
    if instance.status == CaseAudit.Status.SUBMITTED:
        people, message = work.audit_awaiting_moderation(instance)
    elif before == CaseAudit.Status.SUBMITTED and instance.status == CaseAudit.Status.DRAFT:
        people, message = work.audit_sent_back(instance)
    else:
        return
    for person in people:
        notify(person, message)


@receiver(post_save, sender=SelfEvaluation)
@receiver(post_save, sender=AnnualSelfEvaluation)
def self_evaluation_reviewed(sender, instance, created, **kwargs) -> None:
    if created or not _changed(instance, "status", created):
        return
    path = instance.get_absolute_url()
    if instance.status == SelfEvaluation.Status.SUBMITTED:
        people, message = work.self_evaluation_submitted(
            instance, path=path, submitted_by_id=getattr(instance, "submitted_by_id", None)
        )
    elif instance.status == SelfEvaluation.Status.RETURNED:
        authors = [getattr(instance, "submitted_by", None) or instance.created_by]
        people, message = work.self_evaluation_returned(instance, path=path, authors=authors)
    else:
        return
    for person in people:
        notify(person, message)
