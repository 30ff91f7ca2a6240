import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.html import format_html

from .models import AnnexAVersion, Finding


class FindingTable(tables.Table):
    list_number = tables.Column(verbose_name="List", default="File")
    row = tables.Column(verbose_name="Row", default="–")
    column = tables.Column(verbose_name="Column", default="–")
    value = tables.Column(verbose_name="Value", default="")
    rule = tables.Column(verbose_name="Rule")
    severity = tables.Column(verbose_name="Severity")
    message = tables.Column(verbose_name="What to do", orderable=False)

    class Meta:
        model = Finding
        fields = ("list_number", "row", "column", "value", "rule", "severity", "message")
        order_by = ("list_number", "row")
        empty_text = "No findings match these filters. Clear the filters to see them all."

    def __init__(self, *args, list_titles: dict[int, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.list_titles = list_titles or {}

    def render_list_number(self, value) -> str:
        return self.list_titles.get(value, f"List {value}")

    def render_column(self, record: Finding) -> str:
        if record.column_letter:
            return format_html(
                "{} <span class='govuk-hint'>({})</span>", record.column, record.column_letter
            )
        return record.column

    def render_severity(self, value, record: Finding) -> str:
        colour = "red" if record.severity == "error" else "yellow"
        return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, value)


class FindingGroupTable(tables.Table):
    """Repeated findings as one row each, with a link to their rows."""

    list_title = tables.Column(verbose_name="List", order_by=("list_number",))
    column = tables.Column(verbose_name="Column", default="–")
    rule = tables.Column(verbose_name="Rule")
    severity = tables.Column(verbose_name="Severity")
    message = tables.Column(verbose_name="What to do", orderable=False)
    count = tables.Column(
        verbose_name="Rows", attrs={"td": {"class": "govuk-table__cell--numeric"}}
    )

    class Meta:
        empty_text = "No findings match these filters. Clear the filters to see them all."

    def render_message(self, record) -> str:
        if record.mapped_to:
            return format_html(
                '{} <strong class="govuk-tag govuk-tag--green">Mapped</strong> to {} since this '
                "check: check the file again to apply it.",
                record.message,
                record.mapped_to,
            )
        return record.message

    def render_severity(self, value) -> str:
        colour = "red" if value == "error" else "yellow"
        label = "Error" if value == "error" else "Warning"
        return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, label)

    def render_count(self, record) -> str:
        if record.count == 1:
            text = "1 row"
        else:
            text = f"{record.count:,} rows"
        return format_html(
            '<a class="govuk-link" href="?{}#findings">{}<span class="govuk-visually-hidden">: '
            "{}, {}</span></a>",
            record.rows_query,
            text,
            record.list_title,
            record.column or "whole list",
        )


class VersionTable(tables.Table):
    number = tables.Column(verbose_name="Version", linkify=True)
    as_at = tables.DateColumn(verbose_name="As at", format="j M Y")
    source_name = tables.Column(verbose_name="File")
    row_count = tables.Column(verbose_name="Rows")
    readiness = tables.Column(
        verbose_name="Status", accessor="pk", order_by=("-error_count", "-warning_count")
    )
    created_at = tables.DateTimeColumn(verbose_name="Imported", format="j M Y H:i")
    created_by = tables.Column(verbose_name="By", order_by=("created_by__username",))
    submitted_at = tables.DateTimeColumn(
        verbose_name="Submitted to Ofsted", format="j M Y H:i", default="Not yet"
    )

    class Meta:
        model = AnnexAVersion
        fields = (
            "number",
            "as_at",
            "source_name",
            "row_count",
            "readiness",
            "created_at",
            "created_by",
            "submitted_at",
        )
        empty_text = "No versions yet."

    def render_number(self, value) -> str:
        return f"Version {value}"

    def render_row_count(self, value) -> str:
        return f"{value:,}"

    def render_readiness(self, record: AnnexAVersion) -> str:
        return render_to_string("annex_a/_version_status.html", {"version": record})

    def render_created_by(self, value) -> str:
        return value.get_full_name() or value.get_username()
