import django_tables2 as tables
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .audit import action_label
from .roles import role_of


def signs_in_with(user) -> str:
    """How a person signs in: with their council account (the directory), or a password."""
    return "Council account" if hasattr(user, "directory_account") else "Password"


class ActivityTable(tables.Table):
    timestamp = tables.DateTimeColumn(verbose_name="When", format="j M Y H:i")
    actor = tables.Column(verbose_name="Who", order_by=("actor__username",), default="System")
    content_type = tables.Column(verbose_name="Kind of object", order_by=("content_type__model",))
    object_repr = tables.Column(verbose_name="Object")
    action = tables.Column(verbose_name="Action")
    changes = tables.Column(verbose_name="What changed", empty_values=(), orderable=False)
    remote_addr = tables.Column(verbose_name="Address", default="")

    class Meta:
        model = LogEntry
        fields = (
            "timestamp",
            "actor",
            "content_type",
            "object_repr",
            "action",
            "changes",
            "remote_addr",
        )
        empty_text = "No activity matches these filters. Clear the filters to see everything."

    def render_actor(self, value) -> str:
        return value.get_username()

    def render_content_type(self, value) -> str:
        return value.name.capitalize()

    def render_action(self, record: LogEntry) -> str:
        return action_label(record)

    def render_changes(self, record: LogEntry) -> str:
        return render_to_string("includes/_changes.html", {"entry": record})


class UserTable(tables.Table):
    name = tables.Column(
        verbose_name="Name", accessor="last_name", order_by=("last_name", "first_name")
    )
    username = tables.Column(verbose_name="Username")
    role = tables.Column(verbose_name="Role", empty_values=(), orderable=False)
    signs_in_with = tables.Column(
        verbose_name="Signs in with",
        accessor="directory_account",
        empty_values=(),
        order_by=("directory_account__linked_at",),
    )
    is_active = tables.Column(verbose_name="Status")
    last_login = tables.DateTimeColumn(
        verbose_name="Last signed in", format="j M Y H:i", default="Never"
    )

    class Meta:
        model = get_user_model()
        fields = ("name", "username", "role", "signs_in_with", "is_active", "last_login")
        empty_text = "There are no users yet. Invite someone to get started."

    def render_name(self, record) -> str:
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            reverse("accounts:user_detail", args=[record.pk]),
            record.get_full_name() or record.get_username(),
        )

    def render_role(self, record) -> str:
        role = role_of(record)
        return role.label if role else "No role"

    def render_signs_in_with(self, record) -> str:
        return signs_in_with(record)

    def render_is_active(self, value: bool) -> str:
        if value:
            return mark_safe('<strong class="govuk-tag govuk-tag--green">Active</strong>')
        return mark_safe('<strong class="govuk-tag govuk-tag--grey">Deactivated</strong>')
