"""GOV.UK forms for the frameworks pages."""

from django import forms

from inspection_readiness.forms import GovukFormMixin

from .models import Framework


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
    """Start a mock inspection now under a chosen framework."""

    submit_label = "Start a rehearsal"

    framework = FrameworkChoiceField(
        label="Framework to rehearse",
        help_text="The rehearsal starts now, as if the lead inspector had just called.",
        error_messages={"required": "Select a framework to rehearse"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_action = "frameworks:start_rehearsal"
