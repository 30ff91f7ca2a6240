import django_filters
from auditlog.models import LogEntry
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from .audit import Access, audited_content_types


class GovukDateInput(forms.DateInput):
    input_type = "date"


# Changes by what django-auditlog calls them, then each kind of look at the data.
ACTION_CHOICES = [
    (str(value), str(label).capitalize())
    for value, label in LogEntry.Action.choices
    if value != LogEntry.Action.ACCESS
] + list(Access.choices)


class ActivityFilter(django_filters.FilterSet):
    """Filters for the activity page: person, date range, kind of object and action."""

    actor = django_filters.ModelChoiceFilter(
        label="Person",
        queryset=get_user_model().objects.order_by("username"),
        empty_label="Anyone",
    )
    date_from = django_filters.DateFilter(
        field_name="timestamp",
        lookup_expr="date__gte",
        label="From (date)",
        widget=GovukDateInput,
    )
    date_to = django_filters.DateFilter(
        field_name="timestamp",
        lookup_expr="date__lte",
        label="To (date)",
        widget=GovukDateInput,
    )
    content_type = django_filters.ModelChoiceFilter(
        label="Kind of object",
        queryset=None,
        empty_label="Any kind",
    )
    action = django_filters.ChoiceFilter(
        label="Action", choices=ACTION_CHOICES, empty_label="Any action", method="filter_action"
    )

    class Meta:
        model = LogEntry
        fields = ["actor", "date_from", "date_to", "content_type", "action"]

    def filter_action(self, queryset, name: str, value: str):
        if value in Access.values:
            return queryset.filter(additional_data__access=value)
        # A change shown as a kind of access ("Lockout lifted") is found under that kind.
        return queryset.filter(action=int(value)).filter(
            Q(additional_data__isnull=True) | ~Q(additional_data__has_key="access")
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["content_type"].queryset = audited_content_types()
        self.form.fields["content_type"].label_from_instance = lambda ct: ct.name.capitalize()
