"""GOV.UK forms for the annual self-evaluation and the annual engagement meeting."""

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from inspection_readiness.forms import GovukFormMixin, PlainDateInputField

from . import links
from .annual import questions
from .forms import tags_field
from .models import AnnualSelfEvaluation

ANSWER_AREA = forms.Textarea(attrs={"rows": 10})


def _date_field(label: str, *, required: bool = True) -> PlainDateInputField:
    field = PlainDateInputField(
        label=label, help_text="For example, 31 3 2026", require_all_fields=False, required=required
    )
    named = label.removesuffix(" (optional)")
    named = named[0].lower() + named[1:]
    field.error_messages.update(
        {
            "required": f"Enter {named}",
            "incomplete": f"Enter {named} in full",
            "invalid": f"Enter {named} as a real date",
        }
    )
    return field


class StartAnnualForm(GovukFormMixin, forms.Form):
    submit_label = "Start the annual self-evaluation"

    covers_to = _date_field("The date it describes practice up to")
    title = forms.CharField(
        label="Title (optional)",
        max_length=200,
        required=False,
        help_text="Left blank, it is called 'Annual self-evaluation' with the month and year.",
    )


class AnswersForm(GovukFormMixin, forms.Form):
    """Ofsted's three questions. The hidden ``version`` stops two people overwriting each other."""

    submit_label = "Save the answers"

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, annual: AnnualSelfEvaluation, **kwargs):
        initial = {"version": annual.version}
        for found in questions():
            initial[found.code] = getattr(annual, found.field)
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for number, found in enumerate(questions(), start=1):
            self.fields[found.code] = forms.CharField(
                label=f"{number}. {found.question}",
                help_text=found.hint,
                widget=ANSWER_AREA,
                required=False,
            )
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout("version", *(found.code for found in questions()))

    @property
    def answers(self) -> dict[str, str]:
        return {found.code: self.cleaned_data.get(found.code, "") for found in questions()}


class AnnualEvidenceForm(GovukFormMixin, forms.Form):
    submit_label = "Link the record"

    question = forms.ChoiceField(
        label="Which answer does it support?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the answer it supports"},
    )
    record = forms.ChoiceField(
        label="Record in this service",
        error_messages={
            "required": "Select a record",
            "invalid_choice": "Select a record from the list",
        },
    )
    note = forms.CharField(
        label="What it shows (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.chosen: links.Chosen | None = None
        self.fields["question"].choices = [
            (found.code, f"{number}. {found.question}")
            for number, found in enumerate(questions(), start=1)
        ]
        self.fields["record"].choices = [("", "Choose a record"), *links.record_choices()]
        self.helper.layout = Layout(
            Field.radios("question", legend_size=Size.SMALL), "record", "note"
        )

    def clean_record(self) -> str:
        value = self.cleaned_data["record"]
        self.chosen = links.resolve(value)
        if self.chosen is None:
            raise forms.ValidationError("Select a record from the list")
        return value


class AnnualReturnForm(GovukFormMixin, forms.Form):
    submit_label = "Return with comments"

    comment = forms.CharField(
        label="What needs to change?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "Write a comment to say what needs to change"},
    )


class MeetingForm(GovukFormMixin, forms.Form):
    submit_label = "Save the meeting"

    held_on = _date_field("The date of the meeting")
    annual = forms.ModelChoiceField(
        label="Annual self-evaluation it reviewed (optional)",
        queryset=AnnualSelfEvaluation.objects.all(),
        required=False,
        empty_label="None",
    )
    attendees = forms.CharField(
        label="Who attended (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For example, Ofsted's regional representative and the Director of Children's "
        "Services.",
    )
    notes = forms.CharField(
        label="Notes (optional)", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    next_steps = forms.CharField(
        label="Agreed next steps (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Including what Ofsted said about its next activity and when.",
    )
    letter_received_on = _date_field("The date Ofsted's letter arrived (optional)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tags"] = tags_field("Which parts of the national framework did it discuss?")
        self.helper.layout = Layout(
            "held_on",
            "annual",
            "attendees",
            "notes",
            "next_steps",
            Field.checkboxes("tags", small=True),
            "letter_received_on",
        )
