"""GOV.UK forms for mapping council spellings: every spelling of an upload in one form, and a
file of the council's mappings."""

from __future__ import annotations

from django import forms

from inspection_readiness.forms import GovukFormMixin

from .queries import SpellingGroup
from .spellings import SpellingMapping, code_set_names

LEAVE_UNMAPPED = ""
# A mappings file has a few hundred rows; anything bigger is not one.
MAPPINGS_FILE_MAX_BYTES = 1024 * 1024


class SpellingsForm(forms.Form):
    """One select per unrecognised spelling, set to the code proposed (or mapped already). The
    template lays the selects out in a table, so there is no crispy layout."""

    def __init__(self, *args, groups: list[SpellingGroup], **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        names = code_set_names()
        for group in groups:
            self.fields[group.field_name] = forms.ChoiceField(
                label=f"Ofsted code for “{group.spelling}” in {names.get(group.code_set, '')}",
                choices=[(LEAVE_UNMAPPED, "Leave unmapped")] + [(c, c) for c in group.codes],
                required=False,
                initial=group.mapped_to or (group.proposal.code if group.proposal else ""),
            )

    def rows(self) -> list[tuple[SpellingGroup, forms.BoundField]]:
        return [(group, self[group.field_name]) for group in self.groups]

    def mappings(self) -> list[SpellingMapping]:
        """The spellings given a code (the others are left unmapped)."""
        return [
            SpellingMapping(group.code_set, group.spelling, self.cleaned_data[group.field_name])
            for group in self.groups
            if self.cleaned_data.get(group.field_name)
        ]


class MappingsFileForm(GovukFormMixin, forms.Form):
    submit_label = "Check the file"

    source = forms.FileField(
        label="Mappings file (CSV)",
        help_text="A CSV file with the headings “Kind of code”, “Your spelling” and “Ofsted "
        "code”, such as one exported from this page.",
        error_messages={"required": "Select the CSV file of mappings"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_source(self) -> str:
        source = self.cleaned_data["source"]
        if not source.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV file")
        if source.size > MAPPINGS_FILE_MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 1 MB")
        raw = source.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError("The selected file must be a CSV file saved as UTF-8")
