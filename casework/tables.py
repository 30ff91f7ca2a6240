import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from inspection_readiness.children import AGE_BAND_LABELS

from .journeys import FLAG_LABELS
from .models import CaseAudit, Child
from .queries import threshold_label


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "–"


class ChildTable(tables.Table):
    child_id = tables.Column(verbose_name="Child Unique ID", linkify=True)
    age = tables.Column(verbose_name="Age", default="–")
    age_band = tables.Column(verbose_name="Age band", default="–")
    threshold = tables.Column(verbose_name="Threshold", default="–")
    allocated_team = tables.Column(verbose_name="Team", default="–")
    flags = tables.Column(verbose_name="Flags", orderable=False, empty_values=())

    class Meta:
        model = Child
        fields = ("child_id", "age", "age_band", "threshold", "allocated_team", "flags")
        order_by = ("child_id",)
        empty_text = "No children match these filters. Clear the filters to see them all."

    def render_age(self, value) -> str:
        return "Unborn" if value == -1 else str(value)

    def render_age_band(self, value) -> str:
        return AGE_BAND_LABELS.get(value, value)

    def render_threshold(self, value) -> str:
        return threshold_label(value)

    def render_flags(self, record: Child) -> str:
        if not record.flags:
            return "None"
        return format_html_join(
            " ",
            '<strong class="govuk-tag govuk-tag--orange">{}</strong>',
            ((FLAG_LABELS.get(flag["code"], flag["code"]),) for flag in record.flags),
        )


STATUS_COLOURS = {
    CaseAudit.Status.ASSIGNED: "grey",
    CaseAudit.Status.DRAFT: "blue",
    CaseAudit.Status.SUBMITTED: "yellow",
    CaseAudit.Status.MODERATED: "green",
}


class CaseAuditTable(tables.Table):
    child = tables.Column(
        verbose_name="Child",
        order_by=("child__child_id",),
        linkify=lambda record: record.get_absolute_url(),
    )
    inspection = tables.Column(verbose_name="Inspection", order_by=("inspection__notified_at",))
    auditor = tables.Column(verbose_name="Auditor", order_by=("auditor__first_name",))
    due_date = tables.DateColumn(verbose_name="Due", format="j M Y")
    status = tables.Column(verbose_name="Status")

    class Meta:
        model = CaseAudit
        fields = ("child", "inspection", "auditor", "due_date", "status")
        order_by = ("due_date",)
        empty_text = "No case audits match. A manager assigns audits from an inspection's cohorts."

    def render_child(self, record: CaseAudit) -> str:
        return f"Case audit of {record.child.child_id}"

    def render_inspection(self, record: CaseAudit) -> str:
        kind = "rehearsal" if record.inspection.is_rehearsal else "inspection"
        inspection = record.inspection
        return f"{inspection.framework.short_name} {kind}, {inspection.notified_at:%-d %b %Y}"

    def render_auditor(self, value) -> str:
        return _person(value)

    def render_status(self, record: CaseAudit) -> str:
        return format_html(
            '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
            STATUS_COLOURS[record.status],
            record.get_status_display(),
        )
