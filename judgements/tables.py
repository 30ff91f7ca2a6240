import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from .evidence import describe_size
from .models import Action, EvidenceItem, SelfEvaluation

STATUS_TAGS = {
    SelfEvaluation.Status.DRAFT: "grey",
    SelfEvaluation.Status.SUBMITTED: "blue",
    SelfEvaluation.Status.RETURNED: "red",
    SelfEvaluation.Status.APPROVED: "green",
}


def status_tag(self_evaluation: SelfEvaluation) -> str:
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        STATUS_TAGS[self_evaluation.status],
        self_evaluation.get_status_display(),
    )


class SelfEvaluationTable(tables.Table):
    title = tables.Column(verbose_name="Self-evaluation", linkify=True)
    framework = tables.Column(verbose_name="Framework", order_by=("framework__short_name",))
    inspection = tables.Column(
        verbose_name="For", empty_values=(), order_by=("inspection__notified_at",)
    )
    revision = tables.Column(verbose_name="Revision")
    status = tables.Column(verbose_name="Status")
    updated_at = tables.DateTimeColumn(verbose_name="Last changed", format="j M Y H:i")

    class Meta:
        model = SelfEvaluation
        fields = ("title", "framework", "inspection", "revision", "status", "updated_at")
        order_by = ("-updated_at",)
        empty_text = "No self-evaluation matches these filters. Clear the filters to see them all."

    def render_framework(self, value) -> str:
        return value.short_name

    def render_inspection(self, record: SelfEvaluation) -> str:
        inspection = record.inspection
        if inspection is None:
            return "Rehearsal between inspections"
        kind = "Rehearsal" if inspection.is_rehearsal else "Inspection"
        return f"{kind} notified {inspection.notified_at:%-d %b %Y}"

    def render_status(self, record: SelfEvaluation) -> str:
        return status_tag(record)


class EvidenceTable(tables.Table):
    title = tables.Column(verbose_name="Evidence")
    area = tables.Column(
        verbose_name="Judgement",
        accessor="area_assessment__area__short_name",
        order_by=("area_assessment__order",),
    )
    kind = tables.Column(verbose_name="Kind")
    details = tables.Column(verbose_name="Details", empty_values=(), orderable=False)
    added_by = tables.Column(
        verbose_name="Added by", order_by=("added_by__last_name",), default="Unknown"
    )
    added_at = tables.DateTimeColumn(verbose_name="Added", format="j M Y H:i")

    class Meta:
        model = EvidenceItem
        fields = ("title", "area", "kind", "details", "added_by", "added_at")
        order_by = ("area",)
        empty_text = (
            "No evidence matches. Add evidence from each judgement area's page, or clear the "
            "filters."
        )

    def render_title(self, record: EvidenceItem) -> str:
        return format_html(
            '<a class="govuk-link" href="{}#evidence">{}</a>',
            record.area_assessment.get_absolute_url(),
            record.title,
        )

    def render_kind(self, record: EvidenceItem) -> str:
        return record.get_kind_display()

    def render_details(self, record: EvidenceItem) -> str:
        if record.kind == EvidenceItem.Kind.FILE:
            return format_html(
                '<a class="govuk-link" href="{}">{}</a> ({}, {})',
                reverse(
                    "judgements:evidence_download",
                    args=[record.area_assessment.self_evaluation_id, record.pk],
                ),
                record.original_filename,
                record.file_type,
                describe_size(record.file_size or 0),
            )
        if record.kind == EvidenceItem.Kind.LINK:
            return f"{record.get_link_kind_display()}: {record.link_label}"
        return record.text[:140] + ("…" if len(record.text) > 140 else "")

    def render_added_by(self, value) -> str:
        return value.get_full_name() or value.get_username()


class ActionTable(tables.Table):
    description = tables.Column(verbose_name="Action")
    area = tables.Column(
        verbose_name="Judgement",
        accessor="area_assessment__area__short_name",
        order_by=("area_assessment__order",),
    )
    owner = tables.Column(verbose_name="Owner")
    due_on = tables.DateColumn(verbose_name="Due", format="j M Y")
    status = tables.Column(verbose_name="Status")

    class Meta:
        model = Action
        fields = ("description", "area", "owner", "due_on", "status")
        order_by = ("due_on",)
        empty_text = (
            "No actions match. Add actions from each judgement area's page, or clear the filters."
        )

    def render_description(self, record: Action) -> str:
        return format_html(
            '<a class="govuk-link" href="{}#actions">{}</a>',
            record.area_assessment.get_absolute_url(),
            record.description,
        )

    def render_status(self, record: Action) -> str:
        if record.status == Action.Status.DONE:
            return format_html('<strong class="govuk-tag govuk-tag--green">Done</strong>')
        if record.due_on < timezone.localdate():
            return format_html('<strong class="govuk-tag govuk-tag--red">Overdue</strong>')
        return format_html('<strong class="govuk-tag govuk-tag--blue">Open</strong>')
