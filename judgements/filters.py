import django_filters
from django import forms

from frameworks.models import Framework

from .models import Action, AreaAssessment, EvidenceItem, SelfEvaluation


class SelfEvaluationFilter(django_filters.FilterSet):
    framework = django_filters.ModelChoiceFilter(
        label="Framework",
        queryset=Framework.objects.all(),
        to_field_name="short_name",
        empty_label="Any framework",
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=SelfEvaluation.Status.choices, empty_label="Any status"
    )

    class Meta:
        model = SelfEvaluation
        fields = ["framework", "status"]


class _AreaFilterMixin:
    """A filter by judgement area, limited to the self-evaluation's own areas."""

    def __init__(self, *args, self_evaluation: SelfEvaluation, **kwargs):
        super().__init__(*args, **kwargs)
        areas = AreaAssessment.objects.filter(self_evaluation=self_evaluation).select_related(
            "area"
        )
        self.filters["area"].queryset = areas
        self.form.fields["area"].label_from_instance = lambda assessment: assessment.area.short_name


class EvidenceFilter(_AreaFilterMixin, django_filters.FilterSet):
    area = django_filters.ModelChoiceFilter(
        label="Judgement",
        field_name="area_assessment",
        queryset=AreaAssessment.objects.none(),
        empty_label="Any judgement",
    )
    kind = django_filters.ChoiceFilter(
        label="Kind", choices=EvidenceItem.Kind.choices, empty_label="Any kind"
    )
    search = django_filters.CharFilter(
        label="Title contains", field_name="title", lookup_expr="icontains"
    )

    class Meta:
        model = EvidenceItem
        fields = ["area", "kind", "search"]


class ActionFilter(_AreaFilterMixin, django_filters.FilterSet):
    area = django_filters.ModelChoiceFilter(
        label="Judgement",
        field_name="area_assessment",
        queryset=AreaAssessment.objects.none(),
        empty_label="Any judgement",
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=Action.Status.choices, empty_label="Any status"
    )
    owner = django_filters.CharFilter(
        label="Owner contains", lookup_expr="icontains", widget=forms.TextInput
    )

    class Meta:
        model = Action
        fields = ["area", "status", "owner"]
