"""The audit trail: who changed what, and when.

Model changes are recorded by django-auditlog (registered in each app's ``AppConfig.ready``;
the acting person comes from ``AuditlogMiddleware`` in views and from ``set_actor`` in jobs).
Events that are not a field change, such as marking a version as submitted, go through
``record_event``; every look at children's data (a page viewed, a file downloaded or exported)
and every sign-in event goes through ``record_access``, recorded as an "access" entry that says
which kind it was. The address in each entry comes from ``client_address``, never straight
from a header a client can set.
"""

import csv
import io
from collections.abc import Iterable

from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet

from .client_address import client_address
from .spreadsheets import neutralise_formula


class Access(models.TextChoices):
    """What kind of look at the service's data an "access" entry records."""

    VIEWED = "viewed", "Viewed"
    DOWNLOADED = "downloaded", "Downloaded"
    EXPORTED = "exported", "Exported"
    SIGNED_IN = "signed_in", "Signed in"
    SIGNED_OUT = "signed_out", "Signed out"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
    LOCKED_OUT = "locked_out", "Locked out"
    LOCKOUT_LIFTED = "lockout_lifted", "Lockout lifted"


def record_event(
    *,
    actor: AbstractBaseUser | None,
    obj: models.Model,
    description: str,
    action: int = LogEntry.Action.UPDATE,
    details: dict | None = None,
) -> LogEntry:
    """Write one audit entry about ``obj`` that is not a plain field change."""
    return LogEntry.objects.log_create(
        obj,
        force_log=True,
        action=action,
        actor=actor,
        changes={},
        additional_data={"event": description, **(details or {})},
    )


def record_access(
    *,
    actor: AbstractBaseUser | None,
    obj: models.Model,
    access: Access,
    description: str,
    file_name: str = "",
    details: dict | None = None,
) -> LogEntry:
    """Write one audit entry saying who looked at ``obj`` (and which file), and how."""
    extra = {"access": access.value, **({"file": file_name} if file_name else {})}
    return record_event(
        actor=actor,
        obj=obj,
        description=description,
        action=LogEntry.Action.ACCESS,
        details={**extra, **(details or {})},
    )


def action_label(entry: LogEntry) -> str:
    """What an entry records, as the activity page and its CSV say it: "Downloaded", "Update"."""
    access = (entry.additional_data or {}).get("access")
    if access in Access.values:
        return Access(access).label
    return entry.get_action_display().capitalize()


class AuditTrailMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, with the address taken from ``client_address``.

    auditlog's own reads the first ``X-Forwarded-For`` entry, which any client can set.
    """

    @staticmethod
    def _get_remote_addr(request):
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_address(request)

    @staticmethod
    def _get_remote_port(request):
        return None  # only a proxy could vouch for a port; the address is what matters


def history_for(obj: models.Model) -> QuerySet[LogEntry]:
    """Every audit entry about ``obj``, newest first, for its History section."""
    return (
        LogEntry.objects.get_for_object(obj)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def audited_content_types() -> QuerySet[ContentType]:
    """The kinds of object the audit trail has entries for, to filter the activity page."""
    used = LogEntry.objects.values_list("content_type_id", flat=True).distinct()
    return ContentType.objects.filter(pk__in=used).order_by("app_label", "model")


def describe_changes(entry: LogEntry) -> list[str]:
    """Plain-English lines for one entry: 'Role: Preparation staff → Manager'.

    Only the model's own fields are described: django-auditlog also lists reverse relations
    and the primary key, which say nothing to a reader.
    """
    extra = entry.additional_data or {}
    lines = [extra["event"]] if extra.get("event") else []
    model = entry.content_type.model_class() if entry.content_type_id else None
    for field_name, change in (entry.changes_dict or {}).items():
        label = _field_label(model, field_name)
        if label is None:
            continue
        if isinstance(change, dict) and change.get("type") == "m2m":
            objects = ", ".join(str(o) for o in change.get("objects", []))
            verb = "added" if change.get("operation") == "add" else "removed"
            lines.append(f"{label} {verb}: {objects}")
        elif isinstance(change, list | tuple) and len(change) == 2:
            before, after = (_shown(value) for value in change)
            if before != after:
                lines.append(f"{label}: {before} → {after}")
    return lines


def _field_label(model: type[models.Model] | None, field_name: str) -> str | None:
    """The field's verbose name, or None for fields not worth showing."""
    if model is None:
        return field_name.replace("_", " ").capitalize()
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return field_name.replace("_", " ").capitalize()
    if not field.concrete or field.primary_key:
        return None
    return str(getattr(field, "verbose_name", field_name)).capitalize()


def _shown(value: object) -> str:
    return "(blank)" if value in (None, "", "None") else str(value)


ACTIVITY_COLUMNS = (
    "When",
    "Who",
    "Kind of object",
    "Object",
    "Action",
    "What changed",
    "Address",
)


def activity_csv(entries: Iterable[LogEntry]) -> bytes:
    """The activity log as CSV, every text cell neutralised against formula injection."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ACTIVITY_COLUMNS)
    for entry in entries:
        row = (
            entry.timestamp.isoformat(timespec="seconds"),
            entry.actor.get_username() if entry.actor else "system",
            entry.content_type.name if entry.content_type else "",
            entry.object_repr,
            action_label(entry),
            "; ".join(describe_changes(entry)),
            entry.remote_addr or "",
        )
        writer.writerow([neutralise_formula(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")
