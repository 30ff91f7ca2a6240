"""GOV.UK forms for legal holds and starting disposal."""

from django import forms

from frameworks.models import Inspection
from inspection_readiness.forms import GovukFormMixin

REASON_MAX = 2000


def _reason_field(label: str, required_message: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX,
        help_text="Do not name children or families. The reason is kept in the activity log.",
        error_messages={
            "required": required_message,
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )


class PlaceHoldForm(GovukFormMixin, forms.Form):
    submit_label = "Place the legal hold"

    inspection = forms.ModelChoiceField(
        label="Which inspection must its records be kept for?",
        queryset=Inspection.objects.none(),
        empty_label="Choose an inspection",
        error_messages={
            "required": "Choose the inspection whose records must be kept",
            "invalid_choice": "Choose one of the inspections listed",
        },
    )
    reason = _reason_field(
        "Why must they be kept?", "Enter why the records must be kept, for example a claim"
    )

    def __init__(self, *args, inspections=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection"].queryset = (
            inspections if inspections is not None else Inspection.objects.none()
        )
        self.fields["inspection"].label_from_instance = str


class LiftHoldForm(GovukFormMixin, forms.Form):
    submit_label = "Lift the legal hold"
    submit_classes = "govuk-button--warning"

    reason = _reason_field("Why can the hold be lifted?", "Enter why the hold can be lifted")


class StartDisposalForm(GovukFormMixin, forms.Form):
    submit_label = "Dispose of these records"
    submit_classes = "govuk-button--warning"
