import django_filters
from django import forms
from django.db.models import Q

from .findings import SEVERITY_CHOICES
from .models import Finding
from .spec import SPEC_2023, load_spec

# Findings about the file as a whole belong to no list.
WHOLE_FILE = 0


class FindingFilter(django_filters.FilterSet):
    """Narrow an import's findings to one list, severity or rule, or search the text."""

    list_number = django_filters.ChoiceFilter(
        label="List",
        choices=(),  # the lists by their names, set from the spec below
        empty_label="All lists",
        method="in_list",
    )
    severity = django_filters.ChoiceFilter(
        label="Severity", choices=SEVERITY_CHOICES, empty_label="Errors and warnings"
    )
    rule = django_filters.ChoiceFilter(label="Rule", choices=(), empty_label="Any rule")
    search = django_filters.CharFilter(label="Search", method="search_text")
    # Set by a grouped finding's "rows" link, to show that group's findings one by one.
    column = django_filters.CharFilter(widget=forms.HiddenInput)
    value = django_filters.CharFilter(widget=forms.HiddenInput)

    class Meta:
        model = Finding
        fields = ("list_number", "severity", "rule", "search", "column", "value")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["list_number"].extra["choices"] = [
            (list_spec.number, list_spec.title) for list_spec in load_spec(SPEC_2023).lists
        ] + [(WHOLE_FILE, "The whole file")]
        rules = self.queryset.order_by("rule").values_list("rule", flat=True).distinct()
        self.filters["rule"].extra["choices"] = [(rule, rule) for rule in rules]

    def in_list(self, queryset, name, value):
        if int(value) == WHOLE_FILE:
            return queryset.filter(list_number__isnull=True)
        return queryset.filter(list_number=value)

    def search_text(self, queryset, name, value):
        return queryset.filter(
            Q(message__icontains=value) | Q(value__icontains=value) | Q(column__icontains=value)
        )
