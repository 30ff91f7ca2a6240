"""GOV.UK forms for the frameworks pages."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Size
from django import forms
from django.urls import reverse
from django.utils import timezone

from inspection_readiness.forms import GovukFormMixin

from .models import Framework, Inspection, VisitKind


class FrameworkChoiceField(forms.ModelChoiceField):
    """A framework chosen by its short name, listed as 'SIF: Inspection of services for …'."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Framework.objects.all(), to_field_name="short_name", empty_label=None, **kwargs
        )

    def label_from_instance(self, obj: Framework) -> str:
        return f"{obj.short_name}: {obj.name}"


class CompareFrameworksForm(GovukFormMixin, forms.Form):
    """Choose two frameworks to compare side by side (a GET form)."""

    submit_label = "Compare"

    left = FrameworkChoiceField(
        label="First framework",
        error_messages={"required": "Select the first framework"},
    )
    right = FrameworkChoiceField(
        label="Second framework",
        error_messages={"required": "Select the second framework"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("left") and cleaned.get("left") == cleaned.get("right"):
            self.add_error("right", "Select a different framework to compare with")
        return cleaned


class StartRehearsalForm(GovukFormMixin, forms.Form):
    """Start a mock inspection now: the framework in force today is chosen to begin with."""

    submit_label = "Start a rehearsal"

    framework = FrameworkChoiceField(
        label="Framework to rehearse",
        help_text="The rehearsal starts now, as if the lead inspector had just called.",
        error_messages={"required": "Select a framework to rehearse"},
    )
    visit_kind = forms.ChoiceField(
        label="Kind of visit",
        help_text="ILACS has several kinds of visit, each with its own timeline. Other "
        "frameworks have one kind: leave this as it is.",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        from .queries import framework_in_force

        super().__init__(*args, **kwargs)
        self.helper.form_action = "frameworks:start_rehearsal"
        in_force = framework_in_force(timezone.localdate())
        if in_force is not None:
            self.fields["framework"].initial = in_force.short_name
        kinds = {}
        for code, name in VisitKind.objects.order_by("order").values_list("code", "name"):
            kinds.setdefault(code, name)
        self.fields["visit_kind"].choices = [("", "The framework's first kind"), *kinds.items()]
        if kinds:
            self.fields["visit_kind"].initial = next(iter(kinds))

    def clean(self):
        cleaned = super().clean()
        framework, code = cleaned.get("framework"), cleaned.get("visit_kind")
        if framework and code and not framework.visit_kinds.filter(code=code).exists():
            if framework.visit_kinds.exists():
                self.add_error("visit_kind", f"Select a kind of visit that {framework} has")
            else:
                # Frameworks before ILACS had one kind of inspection: rehearse that.
                cleaned["visit_kind"] = ""
        return cleaned


class VisitDetailsForm(GovukFormMixin, forms.Form):
    """What the lead inspector told the council where Ofsted publishes no rule to work it out."""

    submit_label = "Save visit details"

    on_site_from = DateInputField(
        label="First day on site", help_text="For example, 26 5 2026", require_all_fields=False
    )
    on_site_to = DateInputField(
        label="Last day on site", help_text="For example, 29 5 2026", require_all_fields=False
    )
    annex_a_due = DateInputField(
        label="Annex A due", help_text="For example, 22 5 2026", require_all_fields=False
    )
    focus_area = forms.ChoiceField(
        label="Focus area", required=False, error_messages={"invalid_choice": "Select a focus area"}
    )
    theme = forms.CharField(label="Theme", max_length=300, required=False)
    partner_inspectorates = forms.CharField(
        label="Inspectorates taking part",
        help_text="As the lead inspector told you, for example the inspectorates named in the "
        "call.",
        max_length=500,
        required=False,
    )
    team = forms.CharField(label="Inspection team", max_length=300, required=False)
    lead_inspector = forms.CharField(label="Lead inspector", max_length=200, required=False)

    def __init__(self, *args, inspection: Inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.form_action = reverse("frameworks:visit_details", args=[inspection.pk])
        kind = inspection.visit_kind
        # A date field for each step of the visit's timeline that the council enters, named
        # as the step is ("First day of fieldwork", "Annual engagement meeting").
        entered = (
            {step.entered_as: step.name for step in kind.timeline.all() if step.entered_as}
            if kind
            else {}
        )
        for name in ("on_site_from", "on_site_to", "annex_a_due"):
            if name not in entered:
                del self.fields[name]
                continue
            field = self.fields[name]
            field.label = entered[name]
            field.required = False
            field.error_messages.update(
                {"incomplete": f"Enter the date for “{field.label}” in full"}
            )
        asks_for = set(kind.asks_for) if kind else set()
        if "focus_area" in asks_for:
            self.fields["focus_area"].choices = [
                ("", "Not known yet"),
                *((area, area) for area in kind.focus_areas),
            ]
        else:
            del self.fields["focus_area"]
        for name in ("theme", "partner_inspectorates"):
            if name not in asks_for:
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("on_site_from"), cleaned.get("on_site_to")
        if start and end and end < start:
            self.add_error(
                "on_site_to", "The last day on site must be the same as or after the first day"
            )
        return cleaned


class PathwayForm(GovukFormMixin, forms.Form):
    """The council's last grades, to propose what comes next (a GET form)."""

    submit_label = "Show what comes next"

    last_overall = forms.ChoiceField(
        label="Your last overall effectiveness grade",
        help_text="From your last ILACS inspection that started before 1 April 2026.",
        required=False,
    )

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        self.helper.label_size = Size.SMALL
        grades = [("", "Not known")]
        if framework.scale is not None:
            grades += [(grade.code, grade.label) for grade in framework.scale.grades.all()]
        self.fields["last_overall"].choices = grades
        indicator = framework.pathway_indicator or {}
        codes = [indicator["leaders"], *indicator["practice"]] if indicator else []
        names = dict(framework.judgement_areas.values_list("code", "name"))
        for code in codes:
            self.fields[f"judgement_{code}"] = forms.ChoiceField(
                label=f"Last grade: {names.get(code, code)}",
                choices=grades,
                required=False,
            )
        self.indicator_codes = codes

    def judgement_grades(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"judgement_{code}", "")
            for code in self.indicator_codes
            if self.cleaned_data.get(f"judgement_{code}")
        }
