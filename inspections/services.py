"""State changes of the inspection week. Each checks the person's role itself (views check it
too), runs in one transaction and writes its audit entry."""

from datetime import date, datetime, timedelta

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from frameworks.models import Framework, Inspection, JudgementArea
from frameworks.queries import framework_for_first_on_site_day, visit_kind_for
from inspection_readiness.audit import record_event
from inspection_readiness.councils import current_council
from inspection_readiness.roles import ALL_ROLES, Role, check_role, user_has_role

from . import rules
from .checklists import DEFAULT_KIND, default_checklist
from .models import (
    ChecklistItem,
    ChecklistTemplateItem,
    FeedbackPoint,
    InspectorRequest,
    KeepInTouchNote,
    StepProgress,
)

# Who records and changes the notification, assigns work and edits the checklist template.
LEAD_ROLES = (Role.MANAGER, Role.DATA_ADMIN)

# The notification's fields as the call gives them, in the order the audit trail lists them.
NOTIFICATION_FIELDS = (
    "notified_at",
    "lead_inspector",
    "team",
    "focus_area",
    "theme",
    "partner_inspectorates",
    "annex_a_due",
    "on_site_from",
    "on_site_to",
)


class NotificationError(ValueError):
    """The notification cannot be recorded as given; the message says what to put right."""


class WorkRefused(ValueError):
    """The change cannot be made in the item's present state; the message says why."""


def _is_lead(person: AbstractBaseUser) -> bool:
    return user_has_role(person, LEAD_ROLES)


def _check_owner_or_lead(person: AbstractBaseUser, owner_id: int | None, *, to: str) -> None:
    """Preparation staff change only what they own; managers and data admins anything."""
    check_role(person, ALL_ROLES, to=to)
    if not _is_lead(person) and owner_id != person.pk:
        raise PermissionDenied(f"Only its owner, a manager or a data admin can {to}.")


def _check_notification(values: dict, kind) -> None:
    start, end = values["on_site_from"], values["on_site_to"]
    if start and end and end < start:
        raise NotificationError("The last day on site must be the same as or after the first day")
    if values["notified_at"] > timezone.now() + timedelta(minutes=5):
        raise NotificationError("The call must be now or in the past")
    if values["focus_area"] and (kind is None or values["focus_area"] not in kind.focus_areas):
        raise NotificationError("Select one of the focus areas")


def _display(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d %B %Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d %B %Y")
    return str(value)


@transaction.atomic
def record_notification(
    *,
    actor: AbstractBaseUser,
    framework: Framework,
    visit_kind_code: str,
    notified_at: datetime,
    lead_inspector: str = "",
    team: str = "",
    focus_area: str = "",
    theme: str = "",
    partner_inspectorates: str = "",
    annex_a_due: date | None = None,
    on_site_from: date | None = None,
    on_site_to: date | None = None,
) -> Inspection:
    """Record a real inspection from the lead inspector's call, and start its notification-day
    checklist from the council's template for that kind of visit.

    The framework is the version in force on the first day on site (ILACS 2026 from 1 April
    2026), as for rehearsals."""
    check_role(actor, LEAD_ROLES, to="record an inspection")
    kind = visit_kind_for(framework, visit_kind_code) if visit_kind_code else None
    if visit_kind_code and kind is None:
        raise NotificationError(f"{framework.short_name} has no visit of that kind")
    version = framework_for_first_on_site_day(
        framework, on_site_from or timezone.localdate(notified_at)
    )
    if version != framework:
        framework, kind = version, (visit_kind_for(version, visit_kind_code) if kind else None)
    values = {
        "notified_at": notified_at,
        "lead_inspector": lead_inspector.strip(),
        "team": team.strip(),
        "focus_area": focus_area,
        "theme": theme.strip(),
        "partner_inspectorates": partner_inspectorates.strip(),
        "annex_a_due": annex_a_due,
        "on_site_from": on_site_from,
        "on_site_to": on_site_to,
    }
    _check_notification(values, kind)
    with set_actor(actor):
        inspection = Inspection.objects.create(
            council=current_council(),
            framework=framework,
            visit_kind=kind,
            is_rehearsal=False,
            created_by=actor,
            **values,
        )
    record_event(
        actor=actor,
        obj=inspection,
        action=LogEntry.Action.CREATE,
        description="Notification recorded from the lead inspector's call",
    )
    _instantiate_checklist(inspection)
    return inspection


@transaction.atomic
def change_notification(*, actor: AbstractBaseUser, inspection: Inspection, reason: str, **values):
    """Change what was recorded from the call, with the reason, which the audit trail keeps
    beside each field's value before and after. Items still to do move with a changed call."""
    check_role(actor, LEAD_ROLES, to="change the notification")
    unknown = set(values) - set(NOTIFICATION_FIELDS)
    if unknown:
        raise TypeError(f"Not notification fields: {sorted(unknown)}")
    reason = reason.strip()
    if not reason:
        raise NotificationError("Enter the reason for the change")
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    for name in ("lead_inspector", "team", "theme", "partner_inspectorates"):
        if name in values:
            values[name] = values[name].strip()
    merged = {name: values.get(name, getattr(inspection, name)) for name in NOTIFICATION_FIELDS}
    _check_notification(merged, inspection.visit_kind)
    changed = [name for name in NOTIFICATION_FIELDS if getattr(inspection, name) != merged[name]]
    if not changed:
        return inspection
    changes = {
        name: {"before": _display(getattr(inspection, name)), "after": _display(merged[name])}
        for name in changed
    }
    moved_by = merged["notified_at"] - inspection.notified_at
    for name in changed:
        setattr(inspection, name, merged[name])
    with set_actor(actor):
        inspection.save(update_fields=changed)
    if moved_by:
        for item in inspection.checklist_items.filter(status=ChecklistItem.Status.TO_DO):
            if item.due_at is not None:
                item.due_at += moved_by
                item.save(update_fields=["due_at"])
    labels = {name: Inspection._meta.get_field(name).verbose_name for name in changed}
    summary = "; ".join(
        f"{labels[name].capitalize()}: {change['before'] or 'not given'} → "
        f"{change['after'] or 'not given'}"
        for name, change in changes.items()
    )
    record_event(
        actor=actor,
        obj=inspection,
        description=f"Notification changed because: {reason}. {summary}",
        details={"reason": reason, "changes": changes},
    )
    return inspection


# --- Timeline steps ---------------------------------------------------------------------------


def _progress(inspection: Inspection, step_code: str) -> StepProgress:
    progress, _ = StepProgress.objects.select_for_update().get_or_create(
        inspection=inspection, step_code=step_code
    )
    return progress


@transaction.atomic
def assign_step(
    *,
    actor: AbstractBaseUser,
    inspection: Inspection,
    step_code: str,
    owner: AbstractBaseUser | None,
) -> StepProgress:
    check_role(actor, LEAD_ROLES, to="assign a timeline step")
    progress = _progress(inspection, step_code)
    progress.owner = owner
    with set_actor(actor):
        progress.save(update_fields=["owner"])
    return progress


@transaction.atomic
def mark_step(
    *, actor: AbstractBaseUser, inspection: Inspection, step_code: str, done: bool
) -> StepProgress:
    """Mark a timeline step done (or not done after all): its owner, a manager or data admin."""
    progress = _progress(inspection, step_code)
    _check_owner_or_lead(actor, progress.owner_id, to="mark this step done")
    if done and progress.done_at:
        raise WorkRefused("This step is already marked done")
    progress.done_at, progress.done_by = (timezone.now(), actor) if done else (None, None)
    with set_actor(actor):
        progress.save(update_fields=["done_at", "done_by"])
    return progress


# --- The notification-day checklist -----------------------------------------------------------


def template_items(visit_kind_code: str) -> list[ChecklistTemplateItem]:
    """The council's checklist template for a kind of visit, seeded from the default the first
    time it is asked for (so a council that never edits it gets the default)."""
    council = current_council()
    items = list(
        ChecklistTemplateItem.objects.filter(council=council, visit_kind_code=visit_kind_code)
    )
    if items:
        return items
    return ChecklistTemplateItem.objects.bulk_create(
        ChecklistTemplateItem(
            council=council,
            visit_kind_code=visit_kind_code,
            title=default.title,
            hours_after_call=default.hours_after_call,
            order=index,
        )
        for index, default in enumerate(default_checklist(visit_kind_code), start=1)
    )


def _instantiate_checklist(inspection: Inspection) -> list[ChecklistItem]:
    code = inspection.visit_kind.code if inspection.visit_kind_id else DEFAULT_KIND
    return ChecklistItem.objects.bulk_create(
        ChecklistItem(
            inspection=inspection,
            title=template.title,
            order=index,
            due_at=inspection.notified_at + timedelta(hours=template.hours_after_call),
        )
        for index, template in enumerate(template_items(code), start=1)
    )


@transaction.atomic
def start_checklist(*, actor: AbstractBaseUser, inspection: Inspection) -> list[ChecklistItem]:
    """Start the checklist of an inspection recorded without one (a rehearsal)."""
    check_role(actor, LEAD_ROLES, to="start the checklist")
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.checklist_items.exists():
        raise WorkRefused("This inspection already has its checklist")
    items = _instantiate_checklist(inspection)
    record_event(
        actor=actor, obj=inspection, description=f"Checklist started with {len(items)} items"
    )
    return items


@transaction.atomic
def assign_checklist_item(
    *,
    actor: AbstractBaseUser,
    item: ChecklistItem,
    owner: AbstractBaseUser | None,
    due_at: datetime | None,
) -> ChecklistItem:
    check_role(actor, LEAD_ROLES, to="assign a checklist item")
    item = ChecklistItem.objects.select_for_update().get(pk=item.pk)
    item.owner, item.due_at = owner, due_at
    with set_actor(actor):
        item.save(update_fields=["owner", "due_at"])
    return item


@transaction.atomic
def mark_checklist_item(*, actor: AbstractBaseUser, item: ChecklistItem, done: bool):
    """Mark an item done, or back to do: its owner, a manager or a data admin."""
    item = ChecklistItem.objects.select_for_update().get(pk=item.pk)
    _check_owner_or_lead(actor, item.owner_id, to="mark this item done")
    wanted = ChecklistItem.Status.DONE if done else ChecklistItem.Status.TO_DO
    if item.status == wanted:
        raise WorkRefused(f"This item is already marked {wanted.label.lower()}")
    item.status = wanted
    item.done_at, item.done_by = (timezone.now(), actor) if done else (None, None)
    with set_actor(actor):
        item.save(update_fields=["status", "done_at", "done_by"])
    return item


@transaction.atomic
def add_template_item(
    *, actor: AbstractBaseUser, visit_kind_code: str, title: str, hours_after_call: int
) -> ChecklistTemplateItem:
    check_role(actor, LEAD_ROLES, to="change the checklist template")
    existing = template_items(visit_kind_code)
    order = max((item.order for item in existing), default=0) + 1
    with set_actor(actor):
        return ChecklistTemplateItem.objects.create(
            council=current_council(),
            visit_kind_code=visit_kind_code,
            title=title.strip(),
            hours_after_call=hours_after_call,
            order=order,
        )


@transaction.atomic
def change_template_item(
    *, actor: AbstractBaseUser, item: ChecklistTemplateItem, title: str, hours_after_call: int
) -> ChecklistTemplateItem:
    check_role(actor, LEAD_ROLES, to="change the checklist template")
    item.title, item.hours_after_call = title.strip(), hours_after_call
    with set_actor(actor):
        item.save(update_fields=["title", "hours_after_call"])
    return item


@transaction.atomic
def remove_template_item(*, actor: AbstractBaseUser, item: ChecklistTemplateItem) -> None:
    """Remove an item from the template. Checklists already started keep their copy."""
    check_role(actor, LEAD_ROLES, to="change the checklist template")
    with set_actor(actor):
        item.delete()


# --- Inspectors' requests ---------------------------------------------------------------------


@transaction.atomic
def log_request(
    *,
    actor: AbstractBaseUser,
    inspection: Inspection,
    inspector: str,
    asked: str,
    owner: AbstractBaseUser,
    due_at: datetime,
) -> InspectorRequest:
    check_role(actor, LEAD_ROLES, to="log an inspector's request")
    with set_actor(actor):
        return InspectorRequest.objects.create(
            inspection=inspection,
            inspector=inspector.strip(),
            asked=asked.strip(),
            owner=owner,
            due_at=due_at,
            logged_by=actor,
        )


@transaction.atomic
def reassign_request(
    *,
    actor: AbstractBaseUser,
    request: InspectorRequest,
    owner: AbstractBaseUser,
    due_at: datetime,
) -> InspectorRequest:
    check_role(actor, LEAD_ROLES, to="reassign an inspector's request")
    request = InspectorRequest.objects.select_for_update().get(pk=request.pk)
    request.owner, request.due_at = owner, due_at
    with set_actor(actor):
        request.save(update_fields=["owner", "due_at"])
    return request


@transaction.atomic
def answer_request(
    *,
    actor: AbstractBaseUser,
    request: InspectorRequest,
    answer: str = "",
    upload: UploadedFile | None = None,
    file_type: str = "",
    links: list[dict] | None = None,
) -> InspectorRequest:
    """Answer a request with a note, a file (already checked by ``judgements.evidence``) or
    links to records, or several of these. Its owner, a manager or a data admin answers."""
    request = InspectorRequest.objects.select_for_update().get(pk=request.pk)
    _check_owner_or_lead(actor, request.owner_id, to="answer this request")
    answer = answer.strip()
    if not (answer or upload or links):
        raise WorkRefused("Give an answer: a note, a file or a link to a record")
    try:
        rules.check_request_transition(request.status, rules.ANSWERED)
    except rules.RequestStatusError as refused:
        raise WorkRefused(str(refused)) from None
    request.status = InspectorRequest.Status.ANSWERED
    request.answer = answer
    request.answered_at = timezone.now()
    fields = ["status", "answer", "answered_at"]
    if upload is not None:
        request.file.save(upload.name, upload, save=False)
        request.original_filename = upload.name[:255]
        request.file_type = file_type
        request.file_size = upload.size
        fields += ["file", "original_filename", "file_type", "file_size"]
    if links:
        request.links = [*request.links, *links]
        fields.append("links")
    with set_actor(actor):
        request.save(update_fields=fields)
    return request


@transaction.atomic
def set_request_status(
    *, actor: AbstractBaseUser, request: InspectorRequest, status: str
) -> InspectorRequest:
    """Close an answered request, or send one back to open: managers and data admins."""
    check_role(actor, LEAD_ROLES, to="close or reopen an inspector's request")
    request = InspectorRequest.objects.select_for_update().get(pk=request.pk)
    try:
        rules.check_request_transition(request.status, status)
    except rules.RequestStatusError as refused:
        raise WorkRefused(str(refused)) from None
    request.status = status
    with set_actor(actor):
        request.save(update_fields=["status"])
    return request


# --- Each day's feedback ----------------------------------------------------------------------


@transaction.atomic
def record_keep_in_touch(
    *, actor: AbstractBaseUser, inspection: Inspection, day: date, notes: str
) -> KeepInTouchNote:
    check_role(actor, LEAD_ROLES, to="record keep-in-touch notes")
    with set_actor(actor):
        return KeepInTouchNote.objects.create(
            inspection=inspection, day=day, notes=notes.strip(), recorded_by=actor
        )


@transaction.atomic
def record_feedback_point(
    *,
    actor: AbstractBaseUser,
    inspection: Inspection,
    day: date,
    kind: str,
    text: str,
    judgement_area: JudgementArea | None,
    national_tags: list[str],
) -> FeedbackPoint:
    """A strength or concern inspectors raised, tagged with a judgement area of the
    inspection's own framework and national framework codes."""
    from frameworks import national_framework

    check_role(actor, LEAD_ROLES, to="record inspectors' feedback")
    if judgement_area is not None and judgement_area.framework_id != inspection.framework_id:
        raise WorkRefused("Choose a judgement area of this inspection's framework")
    with set_actor(actor):
        return FeedbackPoint.objects.create(
            inspection=inspection,
            day=day,
            kind=kind,
            text=text.strip(),
            judgement_area=judgement_area,
            national_tags=national_framework.known_codes(national_tags),
            recorded_by=actor,
        )


@transaction.atomic
def set_inspection_status(*, actor: AbstractBaseUser, inspection: Inspection, status: str):
    """Move the inspection on: notified, on site, reporting, closed. A closed inspection's
    open work leaves people's lists."""
    check_role(actor, LEAD_ROLES, to="change an inspection's stage")
    if status not in Inspection.Status.values:
        raise WorkRefused("Select a stage from the list")
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.status != status:
        inspection.status = status
        with set_actor(actor):
            inspection.save(update_fields=["status"])
    return inspection
