import django_filters
from django.db.models import Q

from inspection_readiness.children import AGE_BANDS

from .journeys import FLAG_LABELS, THRESHOLD_LABELS, THRESHOLD_ORDER
from .models import CaseAudit, Child


class ChildFilter(django_filters.FilterSet):
    """Find children by ID, threshold, age band, flag, or whether Annex A still lists them."""

    search = django_filters.CharFilter(label="Child Unique ID or team", method="search_text")
    threshold = django_filters.ChoiceFilter(
        label="Threshold",
        choices=[(t.value, THRESHOLD_LABELS[t]) for t in THRESHOLD_ORDER],
        empty_label="Any threshold",
    )
    age_band = django_filters.ChoiceFilter(
        label="Age band",
        choices=[(band.code, band.label) for band in AGE_BANDS],
        empty_label="Any age",
    )
    flag = django_filters.ChoiceFilter(
        label="Flag",
        choices=[(flag.value, label) for flag, label in FLAG_LABELS.items()],
        empty_label="Any or no flag",
        method="with_flag",
    )
    is_current = django_filters.ChoiceFilter(
        label="Annex A",
        choices=[("yes", "In the latest version"), ("no", "No longer in Annex A")],
        empty_label="Any child",
        method="in_latest_version",
    )

    class Meta:
        model = Child
        fields = ("search", "threshold", "age_band", "flag")

    def search_text(self, queryset, name, value):
        return queryset.filter(Q(child_id__icontains=value) | Q(allocated_team__icontains=value))

    def in_latest_version(self, queryset, name, value):
        return queryset.filter(is_current=value == "yes")

    def with_flag(self, queryset, name, value):
        # The quoted code matches the flag itself, never words in a reason (works on SQLite too).
        return queryset.filter(flags__icontains=f'"{value}"')


class CaseAuditFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=CaseAudit.Status.choices, empty_label="Any status"
    )
    search = django_filters.CharFilter(
        label="Child Unique ID", field_name="child__child_id", lookup_expr="icontains"
    )

    class Meta:
        model = CaseAudit
        fields = ("status", "search")
