"""GOV.UK forms for the data pack: the population, Ofsted's outcomes file, the neighbours."""

from __future__ import annotations

from pathlib import PurePosixPath

from django import forms

from inspection_readiness.forms import GovukFormMixin

from .outcomes import MAX_BYTES

MAX_NEIGHBOURS = 15


class PopulationForm(GovukFormMixin, forms.Form):
    submit_label = "Save the population"

    children = forms.IntegerField(
        label="Children aged 0 to 17",
        help_text="The number of children living in the council's area, for rates per 10,000.",
        min_value=1,
        max_value=5_000_000,
        error_messages={
            "required": "Enter the number of children aged 0 to 17",
            "invalid": "Enter the number of children as a whole number, like 52400",
            "min_value": "The number of children must be 1 or more",
            "max_value": "The number of children must be 5,000,000 or fewer",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    source = forms.CharField(
        label="Source",
        help_text="For example: ONS mid-year population estimates (MYE2).",
        max_length=300,
        error_messages={"required": "Enter where the figure comes from"},
    )
    year = forms.IntegerField(
        label="Year of the estimate",
        min_value=1990,
        max_value=2100,
        error_messages={
            "required": "Enter the year the estimate is for",
            "invalid": "Enter the year as four digits, like 2024",
            "min_value": "The year must be 1990 or later",
            "max_value": "The year must be 2100 or earlier",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )


class OutcomesUploadForm(GovukFormMixin, forms.Form):
    submit_label = "Upload the outcomes"

    source = forms.FileField(
        label="Ofsted's outcomes file",
        help_text="The CSV of each local authority's latest ILACS judgements, as Ofsted "
        f"publishes it. At most {MAX_BYTES // 1024} KB.",
        error_messages={"required": "Select the outcomes file to upload"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv"}),
    )

    def clean_source(self):
        source = self.cleaned_data["source"]
        if PurePosixPath(source.name.lower()).suffix != ".csv":
            raise forms.ValidationError("The selected file must be a CSV file")
        if source.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {MAX_BYTES // 1024} KB"
            )
        if source.size == 0:
            raise forms.ValidationError("The selected file is empty")
        return source


class ComparisonGroupForm(GovukFormMixin, forms.Form):
    submit_label = "Save the comparison group"

    own_area_code = forms.ChoiceField(
        label="Which local authority is this council?",
        error_messages={"required": "Select this council", "invalid_choice": "Select this council"},
    )
    neighbour_area_codes = forms.MultipleChoiceField(
        label="Statistical neighbours",
        help_text=f"Select up to {MAX_NEIGHBOURS}, for example from the DfE's children's "
        "services statistical neighbour benchmarking tool.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select statistical neighbours from the list"},
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["own_area_code"].choices = [("", "Select a local authority"), *choices]
        self.fields["neighbour_area_codes"].choices = choices

    def clean_neighbour_area_codes(self):
        codes = self.cleaned_data["neighbour_area_codes"]
        if len(codes) > MAX_NEIGHBOURS:
            raise forms.ValidationError(f"Select {MAX_NEIGHBOURS} statistical neighbours or fewer")
        return codes


class OwnAuthorityForm(GovukFormMixin, forms.Form):
    submit_label = "Save the council"

    authority = forms.CharField(
        label="Which council is this?",
        help_text="Its name as the DfE publishes it, like Leeds, or its code, like E08000035 "
        "or 383. Its region and ten statistical neighbours come from the DfE's figures.",
        max_length=200,
        error_messages={"required": "Enter the council's name or code"},
        widget=forms.TextInput(attrs={"spellcheck": "false", "list": "authorities"}),
    )
